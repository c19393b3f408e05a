import * as assert from 'node:assert/strict';
import type { JobOverview } from '../../../../src/clusters/session/tasks/flinkRest';
import { rootCause } from '../../../../src/clusters/session/tasks/taskPoller';
import { mergeTasks, operatorErrorMessage, refOfKey, sessionJobState } from '../../../../src/clusters/session/tasks/taskModel';
import { KubeObject } from '../../../../src/kube/resources';

const ref = { namespace: 'streaming', cluster: 'orders' };
let uid = 0;
const cr = (name: string, patch: { spec?: any; status?: any; metadata?: Partial<KubeObject['metadata']> } = {}): KubeObject => ({
  apiVersion: 'flink.apache.org/v1beta1',
  kind: 'FlinkSessionJob',
  metadata: {
    name,
    namespace: 'streaming',
    uid: `uid-${++uid}`,
    resourceVersion: '1',
    creationTimestamp: '2026-12-01T10:00:00Z',
    ...patch.metadata,
  },
  spec: {
    deploymentName: 'orders',
    job: {
      jarURI: 'https://repo.example.com/job.jar',
      args: ['--a'],
      parallelism: 2,
      upgradeMode: 'savepoint',
      state: 'running',
      ...patch.spec?.job,
    },
  },
  status: patch.status,
});
const job = (jid: string, state: string, start: number, patch: Partial<JobOverview> = {}): JobOverview => ({
  jid,
  name: `job ${jid}`,
  state,
  'start-time': start,
  'end-time': -1,
  duration: 1000,
  'last-modification': start,
  tasks: { running: 2, total: 2 },
  ...patch,
});

describe('mergeTasks', () => {
  it('merges a FlinkSessionJob with its job by id, keeps the jobs no CR names as unmanaged, newest first', () => {
    const tasks = mergeTasks({
      ref,
      sessionJobs: [cr('fraud', { status: { lifecycleState: 'STABLE', jobStatus: { jobId: 'a1', state: 'RUNNING', jobName: 'Fraud' } } })],
      jobs: [job('a1', 'RESTARTING', 2000), job('b2', 'FINISHED', 3000, { 'end-time': 4000 }), job('c3', 'RUNNING', 1000)],
      runOfJob: new Map([['c3', 'my-run']]),
      failures: new Map([['a1', 'java.lang.IllegalStateException: boom']]),
    });
    assert.deepEqual(
      tasks.map((t) => [t.key, t.state, t.managed, t.runName]),
      [
        ['streaming/orders/b2', 'FINISHED', false, undefined],
        ['streaming/orders/fraud', 'RESTARTING', true, undefined],
        ['streaming/orders/c3', 'RUNNING', false, 'my-run'],
      ],
    );
    const fraud = tasks[1];
    assert.equal(fraud.jobId, 'a1');
    assert.equal(fraud.name, 'fraud');
    assert.equal(fraud.failure, 'java.lang.IllegalStateException: boom');
    assert.equal(fraud.sessionJob?.jarURI, 'https://repo.example.com/job.jar');
    assert.deepEqual(fraud.subtasks, { running: 2, total: 2 });
    assert.equal(tasks[0].endTime, 4000);
    assert.deepEqual(refOfKey(fraud.key), ref);
  });

  it('shows a CR without a job from the operator status, and the operator error as its failure', () => {
    const err = JSON.stringify({
      type: 'org.apache.flink.kubernetes.operator.exception.ReconciliationException',
      message: 'Could not fetch https://x/job.jar\nmore',
    });
    const tasks = mergeTasks({
      ref,
      sessionJobs: [
        cr('new-one', { metadata: { creationTimestamp: '2026-12-02T10:00:00Z' } as any }),
        cr('broken', { status: { error: err } }),
        cr('legacy', { status: { error: 'plain text error\nstack' } }),
        cr('upgrading', { status: { lifecycleState: 'UPGRADING', jobStatus: { jobId: 'gone', state: 'RUNNING' } } }),
        cr('op-running', {
          status: { lifecycleState: 'STABLE', jobStatus: { jobId: 'x9', state: 'RUNNING', startTime: '1700000000000' } },
        }),
      ],
    });
    const by = new Map(tasks.map((t) => [t.name, t]));
    assert.equal(by.get('new-one')!.state, 'RECONCILING');
    assert.equal(by.get('broken')!.state, 'FAILED');
    assert.equal(by.get('broken')!.failure, 'Could not fetch https://x/job.jar');
    assert.equal(by.get('legacy')!.failure, 'plain text error');
    assert.equal(by.get('upgrading')!.state, 'UPGRADING');
    assert.equal(by.get('op-running')!.state, 'RUNNING');
    assert.equal(by.get('op-running')!.startTime, 1700000000000);
    // Newest first: by start time, else by creation (op-running started in 2023).
    assert.equal(tasks[0].name, 'new-one');
    assert.equal(tasks.at(-1)!.name, 'op-running');
  });

  it('reads suspended and deleting CRs whatever the JobManager says', () => {
    const suspended = cr('s', {
      spec: { job: { state: 'suspended' } },
      status: { lifecycleState: 'SUSPENDED', jobStatus: { jobId: 'j1', state: 'FINISHED' } },
    });
    assert.equal(sessionJobState(suspended, job('j1', 'FINISHED', 1)), 'SUSPENDED');
    // Asked to suspend while the job still runs: the live state shows until it stops.
    const suspending = cr('s2', {
      spec: { job: { state: 'suspended' } },
      status: { lifecycleState: 'STABLE', jobStatus: { jobId: 'j2', state: 'RUNNING' } },
    });
    assert.equal(sessionJobState(suspending, job('j2', 'RUNNING', 1)), 'RUNNING');
    assert.equal(sessionJobState(suspending, undefined), 'SUSPENDED');
    const deleting = cr('d', {
      metadata: { deletionTimestamp: '2026-12-01T11:00:00Z' } as any,
      status: { jobStatus: { jobId: 'j3', state: 'RUNNING' } },
    });
    assert.equal(sessionJobState(deleting, job('j3', 'RUNNING', 1)), 'DELETING');
    assert.equal(sessionJobState(cr('u', { status: { jobStatus: { jobId: 'j4' } } }), job('j4', 'SOMETHING_NEW', 1)), 'UNKNOWN');
  });

  it('names remembered URI runs, and knows nothing of REST while the job list is unknown', () => {
    const tasks = mergeTasks({ ref, sessionJobs: [cr('fraud')], runNames: new Set(['fraud']) });
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].runName, 'fraud');
    assert.equal(tasks[0].failure, undefined);
  });
});

describe('failure sentences', () => {
  it('parses the operator error JSON and falls back to its text', () => {
    assert.equal(operatorErrorMessage('{"type":"x","message":"Job jar not found"}'), 'Job jar not found');
    assert.equal(operatorErrorMessage('{"type":"x"}'), '{"type":"x"}');
    assert.equal(operatorErrorMessage('  \n'), undefined);
    assert.equal(operatorErrorMessage(undefined), undefined);
  });

  it('takes the root exception first line, else the newest history entry', () => {
    const ex = (root: string | null, entries: { exceptionName: string; stacktrace: string }[] = []) => ({
      'root-exception': root,
      exceptionHistory: { entries: entries.map((e) => ({ ...e, timestamp: 1 })), truncated: false },
    });
    assert.equal(
      rootCause(ex('\njava.lang.RuntimeException: bad record\n\tat com.example.Job.map(Job.java:12)')),
      'java.lang.RuntimeException: bad record',
    );
    assert.equal(
      rootCause(ex(null, [{ exceptionName: 'java.io.IOException', stacktrace: 'java.io.IOException: disk\n\tat x' }])),
      'java.io.IOException: disk',
    );
    assert.equal(rootCause(ex(null, [{ exceptionName: 'java.io.IOException', stacktrace: '' }])), 'java.io.IOException');
    assert.equal(rootCause(ex(null)), undefined);
  });
});
