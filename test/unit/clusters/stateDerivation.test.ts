import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { deriveDriverState, executorState } from '../../../src/clusters/compute/computeState';
import { deriveSessionStatus } from '../../../src/clusters/session/sessionState';
import { COMPUTE_STATES, computeActions, SESSION_STATES, sessionActions } from '../../../shared/clusters/stateTable';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const START_TIMEOUT = 10 * 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const deployment = (replicas: number, progressing?: { status: string; reason: string; message?: string }) => ({
  metadata: { name: 'x-driver' },
  spec: { replicas },
  status: progressing ? { conditions: [{ type: 'Progressing', ...progressing }] } : {},
});
const pod = (
  o: {
    ready?: boolean;
    waiting?: string;
    message?: string;
    phase?: string;
    unschedulable?: string;
    createdAgo?: number;
    deleting?: boolean;
  } = {},
) => ({
  metadata: { name: 'x-driver-abc', creationTimestamp: ago(o.createdAgo ?? 1000), ...(o.deleting ? { deletionTimestamp: ago(0) } : {}) },
  status: {
    phase: o.phase ?? (o.unschedulable ? 'Pending' : 'Running'),
    conditions: [
      ...(o.unschedulable
        ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: o.unschedulable }]
        : [{ type: 'PodScheduled', status: 'True' }]),
      { type: 'Ready', status: o.ready ? 'True' : 'False' },
    ],
    containerStatuses: o.waiting
      ? [{ name: 'spark-driver', state: { waiting: { reason: o.waiting, message: o.message } } }]
      : [{ name: 'spark-driver', state: { running: {} } }],
  },
});

describe('deriveDriverState: a failure in one sentence, the raw text kept', () => {
  const failing = (container: Record<string, unknown>, d = deployment(1)) =>
    deriveDriverState(
      d,
      [
        {
          metadata: { name: 'etl-driver-7c9f', creationTimestamp: ago(60_000) },
          status: {
            phase: 'Running',
            conditions: [{ type: 'PodScheduled', status: 'True' }],
            containerStatuses: [{ name: 'spark-driver', image: 'apache/spark:3.5.3', ...container }],
          },
        },
      ],
      NOW,
      START_TIMEOUT,
    );
  const RAW_CRASH =
    'back-off 40s restarting failed container=spark-driver pod=etl-driver-7c9f_analytics(7a400e20-5b1c-4c4e-9f0e-3d2a1b0c9e8f)';

  it('CrashLoopBackOff: keeps crashing, how often, and the last exit; the kubelet text with the pod uid is the raw', () => {
    const s = failing({
      state: { waiting: { reason: 'CrashLoopBackOff', message: RAW_CRASH } },
      restartCount: 5,
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    assert.equal(s.state, 'FAILED');
    assert.equal(s.reason?.summary, 'The driver keeps crashing: next try in 40s, restarted 5 times; last exit: code 1 (Error).');
    assert.equal(s.reason?.raw, `CrashLoopBackOff: ${RAW_CRASH}`);
    assert.doesNotMatch(s.reason!.summary, /7a400e20/);
    const oom = failing({
      state: { waiting: { reason: 'CrashLoopBackOff', message: RAW_CRASH } },
      restartCount: 1,
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
    });
    assert.equal(oom.reason?.summary, 'The driver keeps crashing: it runs out of memory, restarted once; last exit: code 137 (OOMKilled).');
  });

  it('ImagePullBackOff and ErrImagePull name the image, and whether it is missing or refused', () => {
    const missing = failing({
      image: 'apache/spark:9.9',
      state: {
        waiting: {
          reason: 'ErrImagePull',
          message: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/apache/spark:9.9": not found',
        },
      },
    });
    assert.equal(missing.reason?.summary, "The driver's image apache/spark:9.9 does not exist in its registry.");
    assert.match(missing.reason!.raw!, /^ErrImagePull: rpc error: code = NotFound/);
    const backoff = failing({
      image: 'registry.example.com/spark:3.5',
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/spark:3.5"' } },
    });
    assert.equal(
      backoff.reason?.summary,
      "The driver's image registry.example.com/spark:3.5 cannot be pulled: check its name and that the registry can be reached.",
    );
    const denied = failing({ state: { waiting: { reason: 'ErrImagePull', message: 'pull access denied for private/spark' } } });
    assert.match(denied.reason!.summary, /^The driver's image apache\/spark:3.5.3 cannot be pulled: the registry refused access\.$/);
  });

  it('unschedulable past the start timeout says what no node has, with the scheduler text as the raw', () => {
    const message = '0/3 nodes are available: 2 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available.';
    const s = deriveDriverState(deployment(1), [pod({ unschedulable: message, createdAgo: START_TIMEOUT + 1 })], NOW, START_TIMEOUT);
    assert.equal(s.state, 'FAILED');
    assert.equal(s.reason?.summary, 'The driver could not be scheduled: no node has enough cpu, memory free.');
    assert.equal(s.reason?.raw, `Unschedulable: ${message}`);
  });

  it('CreateContainerConfigError says what is missing from the configuration', () => {
    const s = failing({ state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "spark-s3" not found' } } });
    assert.equal(s.reason?.summary, 'The driver\'s container cannot be set up: secret "spark-s3" not found.');
    assert.equal(s.reason?.raw, 'CreateContainerConfigError: secret "spark-s3" not found');
  });

  it('ProgressDeadlineExceeded keeps the Deployment controller text as the raw', () => {
    const s = failing(
      { state: { running: {} } },
      deployment(1, {
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "etl-driver-7c9f" has timed out progressing.',
      }),
    );
    assert.equal(s.reason?.summary, "The driver did not become ready within its Deployment's progress deadline.");
    assert.equal(s.reason?.raw, 'ProgressDeadlineExceeded: ReplicaSet "etl-driver-7c9f" has timed out progressing.');
  });
});

describe('deriveDriverState: every row of the compute table', () => {
  const rows: [string, unknown, unknown[], string, RegExp?][] = [
    ['no Deployment is STOPPED', undefined, [], 'STOPPED'],
    ['replicas 0 is STOPPED', deployment(0), [pod({ ready: true })], 'STOPPED'],
    ['a Deployment being deleted is STOPPED', { ...deployment(1), metadata: { name: 'x', deletionTimestamp: ago(0) } }, [], 'STOPPED'],
    ['replicas 1 without a pod yet is STARTING', deployment(1), [], 'STARTING', /Waiting for the driver pod/],
    ['a running but not Ready pod is STARTING', deployment(1), [pod()], 'STARTING'],
    ['ContainerCreating is STARTING', deployment(1), [pod({ waiting: 'ContainerCreating' })], 'STARTING', /ContainerCreating/],
    ['a Ready driver pod is ACTIVE', deployment(1), [pod({ ready: true })], 'ACTIVE'],
    [
      'CrashLoopBackOff is FAILED with the reason',
      deployment(1),
      [pod({ waiting: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' })],
      'FAILED',
      /^The driver keeps crashing: next try in 40s; last exit: unknown\.$/,
    ],
    [
      'ImagePullBackOff is FAILED',
      deployment(1),
      [pod({ waiting: 'ImagePullBackOff', message: 'Back-off pulling image "spark:nope"' })],
      'FAILED',
      /^The driver's image spark:nope cannot be pulled/,
    ],
    ['ErrImagePull is FAILED', deployment(1), [pod({ waiting: 'ErrImagePull' })], 'FAILED', /^The driver's image \? cannot be pulled/],
    [
      'CreateContainerConfigError is FAILED',
      deployment(1),
      [pod({ waiting: 'CreateContainerConfigError', message: 'secret "x" not found' })],
      'FAILED',
      /^The driver's container cannot be set up: secret "x" not found\.$/,
    ],
    ['a Failed pod is FAILED', deployment(1), [pod({ phase: 'Failed' })], 'FAILED', /driver pod failed/],
    [
      'unschedulable within the start timeout is STARTING',
      deployment(1),
      [pod({ unschedulable: 'exceeded quota: q', createdAgo: START_TIMEOUT - 1000 })],
      'STARTING',
      /^Waiting for room to schedule the driver: ResourceQuota q has no room left\.$/,
    ],
    [
      'unschedulable past the start timeout is FAILED',
      deployment(1),
      [pod({ unschedulable: '0/3 nodes are available: 3 Insufficient cpu.', createdAgo: START_TIMEOUT + 1000 })],
      'FAILED',
      /^The driver could not be scheduled: no node has enough cpu free\.$/,
    ],
    [
      'ProgressDeadlineExceeded is FAILED',
      deployment(1, { status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }),
      [pod()],
      'FAILED',
      /^The driver did not become ready within its Deployment's progress deadline\.$/,
    ],
    [
      'a Ready pod wins over a stale ProgressDeadlineExceeded',
      deployment(1, { status: 'False', reason: 'ProgressDeadlineExceeded' }),
      [pod({ ready: true })],
      'ACTIVE',
    ],
    [
      'a terminating old pod is ignored for the new one',
      deployment(1),
      [pod({ ready: true, deleting: true, createdAgo: 5000 }), pod({ waiting: 'ContainerCreating', createdAgo: 10 })],
      'STARTING',
    ],
  ];
  for (const [title, d, pods, state, reason] of rows) {
    it(title, () => {
      const s = deriveDriverState(d, pods, NOW, START_TIMEOUT);
      assert.equal(s.state, state);
      if (reason) assert.match(s.reason?.summary ?? '', reason);
    });
  }

  it('keeps a state in the table for every derived state, with its billing', () => {
    assert.equal(COMPUTE_STATES.ACTIVE.billed, true);
    for (const s of ['STARTING', 'STOPPED', 'FAILED'] as const) assert.equal(COMPUTE_STATES[s].billed, false);
  });

  it('allows the actions of the table, only the looking ones while an operation is in flight, none that change an UNKNOWN one', () => {
    const VIEW = ['downloadDriverLogs', 'insertSnippet', 'openDetails', 'openSparkMetricsUi', 'showDriverLogs'];
    const changing = (a: readonly string[]) => a.filter((x) => !VIEW.includes(x) && x !== 'openSparkUi').sort();
    assert.deepEqual(changing(computeActions('STOPPED', false)), ['configure', 'delete', 'start']);
    assert.deepEqual(changing(computeActions('ACTIVE', false)), ['delete', 'restart', 'terminate']);
    assert.deepEqual(changing(computeActions('STARTING', false)), ['delete', 'restart', 'terminate']);
    assert.deepEqual(changing(computeActions('FAILED', false)), ['configure', 'delete', 'restart', 'terminate']);
    assert.deepEqual(changing(computeActions('UNKNOWN', false)), []);
    assert.deepEqual([...computeActions('STOPPED', true)].sort(), VIEW);
    // Open Details and the logs are offered in every state, whatever runs.
    for (const s of ['STARTING', 'ACTIVE', 'STOPPED', 'FAILED', 'UNKNOWN'] as const)
      for (const inFlight of [false, true]) for (const v of VIEW) assert.ok(computeActions(s, inFlight).includes(v as never), `${s} ${v}`);
  });

  it('offers Open Spark UI only while ACTIVE (the driver serves it) and Open Flink UI only while Running, whatever runs', () => {
    for (const s of ['STARTING', 'ACTIVE', 'STOPPED', 'FAILED', 'UNKNOWN'] as const)
      for (const inFlight of [false, true])
        assert.equal(computeActions(s, inFlight).includes('openSparkUi'), s === 'ACTIVE', `${s} ${inFlight}`);
    for (const s of ['Starting', 'Running', 'Disabling', 'Disabled', 'Failed', 'Unknown'] as const)
      for (const inFlight of [false, true]) {
        assert.equal(sessionActions(s, inFlight).includes('openFlinkUi'), s === 'Running', `${s} ${inFlight}`);
        assert.ok(sessionActions(s, inFlight).includes('showLogs'));
      }
  });
});

describe('executorState', () => {
  const ex = (phase: string, deleting = false) => ({
    metadata: { name: 'e', ...(deleting ? { deletionTimestamp: ago(0) } : {}) },
    status: { phase },
  });
  const rows: [string, unknown[], number, boolean, string][] = [
    ['none', [], 4, false, 'No running executors'],
    ['running only', [ex('Running'), ex('Running')], 4, false, 'Running 2/4'],
    ['pending only', [ex('Pending')], 4, false, 'Scaling 1/4'],
    ['both', [ex('Running'), ex('Running'), ex('Pending')], 4, false, 'Running 2/4 + Scaling 1/4'],
    [
      'terminating and finished executors do not count',
      [ex('Running', true), ex('Succeeded'), ex('Failed')],
      4,
      false,
      'No running executors',
    ],
    ['single node', [], 0, true, 'Single node'],
  ];
  for (const [title, pods, m, single, expected] of rows) it(title, () => assert.equal(executorState(pods, m, single), expected));
});

describe('deriveSessionStatus: every row of the session table', () => {
  const fd = (status: Record<string, unknown>, deleting = false) => ({
    metadata: { name: 's', ...(deleting ? { deletionTimestamp: ago(0) } : {}) },
    status,
  });
  const rows: [string, unknown, { action?: string } | undefined, { action?: string; reason?: string } | undefined, string, RegExp?][] = [
    ['no FlinkDeployment is Disabled', undefined, undefined, undefined, 'Disabled'],
    ['DEPLOYING is Starting', fd({ jobManagerDeploymentStatus: 'DEPLOYING' }), undefined, undefined, 'Starting', /JobManager deploying/],
    ['DEPLOYED_NOT_READY is Starting', fd({ jobManagerDeploymentStatus: 'DEPLOYED_NOT_READY' }), undefined, undefined, 'Starting'],
    ['no status yet is Starting', fd({}), undefined, undefined, 'Starting'],
    ['READY is Running', fd({ jobManagerDeploymentStatus: 'READY', lifecycleState: 'STABLE' }), undefined, undefined, 'Running'],
    [
      'ERROR is Failed with the operator message',
      fd({ jobManagerDeploymentStatus: 'ERROR', error: JSON.stringify({ message: 'ImagePullBackOff: not found' }) }),
      undefined,
      undefined,
      'Failed',
      /^ImagePullBackOff: not found$/,
    ],
    ['lifecycle FAILED is Failed', fd({ lifecycleState: 'FAILED' }), undefined, undefined, 'Failed'],
    [
      'status.error alone is Failed',
      fd({ jobManagerDeploymentStatus: 'DEPLOYING', error: 'plain text error' }),
      undefined,
      undefined,
      'Failed',
      /plain text error/,
    ],
    ['a disable in flight is Disabling', fd({ jobManagerDeploymentStatus: 'READY' }), { action: 'disable' }, undefined, 'Disabling'],
    ['a FlinkDeployment being deleted is Disabling', fd({ jobManagerDeploymentStatus: 'READY' }, true), undefined, undefined, 'Disabling'],
    [
      'a disable that could not finish is Failed with its reason',
      fd({ jobManagerDeploymentStatus: 'READY' }),
      undefined,
      { action: 'disable', reason: 'session job orders could not be cancelled' },
      'Failed',
      /could not be cancelled/,
    ],
    ['a start in flight without FlinkDeployment is Starting', undefined, { action: 'start' }, undefined, 'Starting'],
  ];
  for (const [title, f, op, failure, status, reason] of rows) {
    it(title, () => {
      const s = deriveSessionStatus(f, op, failure);
      assert.equal(s.status, status);
      if (reason) assert.match(s.reason ?? '', reason);
    });
  }

  it('allows the actions of the table', () => {
    const changing = (a: readonly string[]) => a.filter((x) => x !== 'openDetails' && x !== 'showLogs' && x !== 'openFlinkUi').sort();
    assert.deepEqual(changing(sessionActions('Disabled', false)), ['delete', 'edit', 'start']);
    assert.deepEqual(changing(sessionActions('Running', false)), ['disable']);
    // An interrupted disable leaves the FlinkDeployment being deleted: Disable again finishes it.
    assert.deepEqual(changing(sessionActions('Disabling', false)), ['disable']);
    assert.deepEqual(changing(sessionActions('Disabling', true)), []);
    assert.deepEqual(changing(sessionActions('Unknown', false)), []);
    for (const s of ['Starting', 'Running', 'Disabling', 'Disabled', 'Failed', 'Unknown'] as const)
      assert.ok(sessionActions(s, true).includes('showLogs') && sessionActions(s, false).includes('openDetails'), s);
    assert.equal(SESSION_STATES.Running.billed, true);
  });
});

describe('state derivation never throws', () => {
  // Arbitrary JSON shaped loosely like Kubernetes objects, plus anything at all.
  const condition = fc.record(
    {
      type: fc.constantFrom('Ready', 'PodScheduled', 'Progressing', 'Available', 'x'),
      status: fc.constantFrom('True', 'False', 'Unknown', 1, null),
      reason: fc.option(fc.string()),
      message: fc.option(fc.string()),
    },
    { requiredKeys: [] },
  );
  const containerStatus = fc.record(
    {
      state: fc.oneof(
        fc.record({
          waiting: fc.record(
            {
              reason: fc.oneof(fc.constantFrom('CrashLoopBackOff', 'ImagePullBackOff', 'ContainerCreating'), fc.string()),
              message: fc.option(fc.string()),
            },
            { requiredKeys: [] },
          ),
        }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );
  const meta = fc.record(
    {
      name: fc.string(),
      creationTimestamp: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
        fc.constant(undefined),
      ),
      deletionTimestamp: fc.option(fc.string()),
    },
    { requiredKeys: [] },
  );
  const podArb = fc.oneof(
    fc.record(
      {
        metadata: meta,
        status: fc.record(
          {
            phase: fc.oneof(fc.constantFrom('Pending', 'Running', 'Failed', 'Succeeded'), fc.anything()),
            conditions: fc.oneof(fc.array(condition), fc.anything()),
            containerStatuses: fc.oneof(fc.array(containerStatus), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );
  const deploymentArb = fc.oneof(
    fc.record(
      {
        metadata: meta,
        spec: fc.record({ replicas: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.anything()) }, { requiredKeys: [] }),
        status: fc.record({ conditions: fc.oneof(fc.array(condition), fc.anything()) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );
  const fdArb = fc.oneof(
    fc.record(
      {
        metadata: meta,
        status: fc.record(
          {
            jobManagerDeploymentStatus: fc.oneof(
              fc.constantFrom('READY', 'ERROR', 'DEPLOYING', 'DEPLOYED_NOT_READY', 'MISSING'),
              fc.anything(),
            ),
            lifecycleState: fc.oneof(fc.constantFrom('STABLE', 'FAILED', 'DELETING'), fc.anything()),
            error: fc.oneof(fc.string(), fc.json(), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );
  const validDriver = new Set(Object.keys(COMPUTE_STATES));
  const validSession = new Set(Object.keys(SESSION_STATES));

  it('for any Deployment and driver pods', () => {
    fc.assert(
      fc.property(
        deploymentArb,
        fc.oneof(fc.array(podArb, { maxLength: 4 }), fc.anything()),
        fc.integer({ min: 0, max: 2 ** 42 }),
        (d, pods, now) => {
          const s = deriveDriverState(d, pods as unknown[], now, START_TIMEOUT);
          return validDriver.has(s.state);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('for any executor pods and counts', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(podArb, { maxLength: 6 }), fc.anything()),
        fc.oneof(fc.integer(), fc.double()),
        fc.boolean(),
        (pods, m, single) => typeof executorState(pods as unknown[], m, single) === 'string',
      ),
      { numRuns: 2000 },
    );
  });

  it('for any FlinkDeployment, operation and failure', () => {
    fc.assert(
      fc.property(fdArb, fc.anything(), fc.anything(), (f, op, failure) =>
        validSession.has(deriveSessionStatus(f, op as any, failure as any).status),
      ),
      { numRuns: 2000 },
    );
  });
});
