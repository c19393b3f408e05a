import * as assert from 'node:assert/strict';
import { conformanceTarget, describeOnEmulator } from '../conformance/target';
import { DEMO_ENTRY_CLASS, DEMO_JAR_URL } from '../flink/artifacts';
import { restCall } from '../flink/rest';

const t = () => conformanceTarget();
const ns = () => t().namespace;
const emu = () => t().emulator!;
const CLUSTER = 'sj-flink';
const SAVEPOINTS = 's3://flink-data/savepoints';
const base = () => `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinksessionjobs`;
const sj = (name: string) => emu().api.store.get('flink.apache.org/flinksessionjobs', ns(), name);
const jm = () => emu().jobManagers.of(ns(), CLUSTER);
const error = (name: string) => JSON.parse(sj(name).status.error);

function sessionJob(name: string, job: any, extra: any = {}): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: { name },
    spec: { deploymentName: CLUSTER, job: { jarURI: DEMO_JAR_URL, entryClass: DEMO_ENTRY_CLASS, ...job }, ...extra },
  };
}

async function create(body: any): Promise<void> {
  const r = await t().request('POST', base(), { body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

async function patch(name: string, body: any): Promise<void> {
  const r = await t().request('PATCH', `${base()}/${name}`, { body, contentType: 'application/merge-patch+json' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Waits on the store's change events until the session job's status satisfies `pred`. */
const until = (name: string, what: string, pred: (s: any, o: any) => unknown, timeoutMs = 15_000) =>
  emu().waitFor(
    () => {
      const o = sj(name);
      return o?.status && pred(o.status, o) ? o : undefined;
    },
    timeoutMs,
    `${name}: ${what}`,
  );

/** Every lifecycleState and jobStatus.state the session job's status passes through, in order. */
function trail(name: string): { lifecycle: string[]; job: string[]; stop(): void } {
  const out = { lifecycle: [] as string[], job: [] as string[], stop: () => {} };
  out.stop = emu().api.store.onChange((c) => {
    if (c.typeKey !== 'flink.apache.org/flinksessionjobs' || c.obj.metadata.name !== name) return;
    const l = c.obj.status?.lifecycleState;
    const j = c.obj.status?.jobStatus?.state;
    if (l && out.lifecycle[out.lifecycle.length - 1] !== l) out.lifecycle.push(l);
    if (j && out.job[out.job.length - 1] !== j) out.job.push(j);
  });
  return out;
}

const stable = (s: any) => s.lifecycleState === 'STABLE' && s.jobStatus?.state === 'RUNNING';

describeOnEmulator('Emulator operator: FlinkSessionJobs run on the session cluster', 'the Flink operator and a JobManager', function () {
  this.timeout(60_000);

  before(async () => {
    const r = await t().request('POST', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments`, {
      body: {
        apiVersion: 'flink.apache.org/v1beta1',
        kind: 'FlinkDeployment',
        metadata: { name: CLUSTER },
        spec: {
          image: 'flink:1.20',
          flinkVersion: 'v1_20',
          serviceAccount: 'flink',
          flinkConfiguration: {
            'taskmanager.numberOfTaskSlots': '4',
            'parallelism.default': '2',
            'state.savepoints.dir': SAVEPOINTS,
            'state.checkpoints.dir': 's3://flink-data/checkpoints',
            'restart-strategy.type': 'fixed-delay',
            'restart-strategy.fixed-delay.attempts': '1',
            'restart-strategy.fixed-delay.delay': '1 s',
          },
          jobManager: { resource: { cpu: 1, memory: '1024m' } },
          taskManager: { replicas: 2, resource: { cpu: 1, memory: '1024m' } },
        },
      },
    });
    assert.equal(r.status, 201);
    await emu().waitFor(
      () => emu().api.store.get('flink.apache.org/flinkdeployments', ns(), CLUSTER)?.status?.jobManagerDeploymentStatus === 'READY',
      30_000,
      'the session cluster READY',
    );
  });

  it('fetches the jar, runs it on the JobManager and writes the status the operator writes', async () => {
    const seen = trail('sj-run');
    await create(sessionJob('sj-run', { args: ['--rate', '3', '--job-name', 'orders'], parallelism: 3, upgradeMode: 'savepoint' }));
    const o = await until('sj-run', 'STABLE and RUNNING', stable);
    seen.stop();
    // CREATED, then UPGRADING while the first deployment is attempted, DEPLOYED once submitted, STABLE once running.
    assert.deepEqual(seen.lifecycle, ['CREATED', 'UPGRADING', 'DEPLOYED', 'STABLE']);
    assert.deepEqual(o.metadata.finalizers, ['flinksessionjobs.flink.apache.org/finalizer']);
    const js = o.status.jobStatus;
    assert.match(js.jobId, /^[0-9a-f]{32}$/);
    assert.equal(js.jobName, 'orders');
    assert.match(js.startTime, /^\d+$/);
    assert.match(js.updateTime, /^\d+$/);
    const running = jm().jobs.get(js.jobId)!;
    assert.equal(running.state, 'RUNNING');
    assert.equal(running.program.entryClass, DEMO_ENTRY_CLASS);
    assert.deepEqual(running.program.args, ['--rate', '3', '--job-name', 'orders']);
    assert.equal(running.parallelism, 3);
    assert.equal(jm().jars.size, 0, 'the operator deletes the jar it uploaded once the job runs');
    const rs = o.status.reconciliationStatus;
    assert.equal(rs.state, 'DEPLOYED');
    const last = JSON.parse(rs.lastReconciledSpec);
    assert.equal(last.spec.job.jarURI, DEMO_JAR_URL);
    assert.equal(last.spec.job.state, 'running');
    assert.equal(last.resource_metadata.metadata.generation, o.metadata.generation);
    assert.equal(rs.lastStableSpec, rs.lastReconciledSpec);
    assert.equal(typeof rs.reconciliationTimestamp, 'number');
    assert.equal(o.status.observedGeneration, o.metadata.generation);
    assert.equal(o.status.error, undefined);
  });

  it("runs with the cluster's parallelism.default when the job names none", async () => {
    await create(sessionJob('sj-default', { upgradeMode: 'stateless' }));
    const o = await until('sj-default', 'RUNNING', stable);
    assert.equal(jm().jobs.get(o.status.jobStatus.jobId)!.parallelism, 2);
  });

  it('suspends with a savepoint and resumes from it', async () => {
    const first = (await until('sj-run', 'RUNNING', stable)).status.jobStatus.jobId;
    await patch('sj-run', { spec: { job: { state: 'suspended' } } });
    const suspended = await until('sj-run', 'SUSPENDED', (s) => s.lifecycleState === 'SUSPENDED');
    const js = suspended.status.jobStatus;
    assert.equal(js.state, 'FINISHED');
    assert.equal(jm().jobs.get(first)!.state, 'FINISHED');
    const sp = js.savepointInfo.lastSavepoint;
    assert.ok(sp.location.startsWith(`${SAVEPOINTS}/savepoint-`), sp.location);
    assert.equal(sp.triggerType, 'UPGRADE');
    assert.equal(sp.formatType, 'CANONICAL');
    assert.equal(typeof sp.timeStamp, 'number');
    assert.deepEqual(js.savepointInfo.savepointHistory, [sp]);
    assert.equal(js.upgradeSavepointPath, sp.location);
    assert.equal(JSON.parse(suspended.status.reconciliationStatus.lastReconciledSpec).spec.job.state, 'suspended');

    await patch('sj-run', { spec: { job: { state: 'running' } } });
    const resumed = await until('sj-run', 'RUNNING again', (s) => stable(s) && s.jobStatus.jobId !== first);
    const again = jm().jobs.get(resumed.status.jobStatus.jobId)!;
    assert.equal(again.restored?.path, sp.location, 'the resumed job restores the savepoint');
  });

  it('suspends a stateless job by cancelling it and resumes it clean', async () => {
    const first = (await until('sj-default', 'RUNNING', stable)).status.jobStatus.jobId;
    await patch('sj-default', { spec: { job: { state: 'suspended' } } });
    const suspended = await until('sj-default', 'SUSPENDED', (s) => s.lifecycleState === 'SUSPENDED');
    assert.equal(suspended.status.jobStatus.state, 'CANCELED');
    assert.equal(jm().jobs.get(first)!.state, 'CANCELED');
    assert.equal(suspended.status.jobStatus.savepointInfo.lastSavepoint, undefined);
    await patch('sj-default', { spec: { job: { state: 'running' } } });
    const resumed = await until('sj-default', 'RUNNING again', (s) => stable(s) && s.jobStatus.jobId !== first);
    assert.equal(jm().jobs.get(resumed.status.jobStatus.jobId)!.restored, undefined);
  });

  it('upgrades on a restartNonce: UPGRADING, stop with a savepoint, the new job from it', async () => {
    const before = await until('sj-run', 'RUNNING', stable);
    const seen = trail('sj-run');
    await patch('sj-run', { spec: { restartNonce: 1 } });
    const after = await until(
      'sj-run',
      'upgraded',
      (s, o) => stable(s) && s.observedGeneration === o.metadata.generation && s.jobStatus.jobId !== before.status.jobStatus.jobId,
    );
    seen.stop();
    assert.ok(seen.lifecycle.includes('UPGRADING'), seen.lifecycle.join(' '));
    const info = after.status.jobStatus.savepointInfo;
    assert.equal(info.savepointHistory.length, 2);
    assert.equal(jm().jobs.get(before.status.jobStatus.jobId)!.state, 'FINISHED');
    assert.equal(jm().jobs.get(after.status.jobStatus.jobId)!.restored?.path, info.lastSavepoint.location);
    assert.equal(JSON.parse(after.status.reconciliationStatus.lastReconciledSpec).spec.restartNonce, 1);
  });

  it('refuses jar URIs the operator does not fetch by default, as a validation error', async () => {
    await create(sessionJob('sj-http', { jarURI: 'http://artifacts.example.com/flink/orders-job-1.0.jar' }));
    await until('sj-http', 'FAILED', (s) => s.lifecycleState === 'FAILED' && s.error);
    assert.deepEqual(error('sj-http'), {
      type: 'org.apache.flink.kubernetes.operator.exception.ValidationException',
      message:
        "jarURI scheme 'http' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist.",
      additionalMetadata: {},
      throwableList: [],
    });
    await create(sessionJob('sj-private', { jarURI: 'https://10.1.2.3/orders.jar' }));
    await until('sj-private', 'FAILED', (s) => s.lifecycleState === 'FAILED' && s.error);
    assert.equal(error('sj-private').message, "jarURI host '10.1.2.3' resolves to a restricted address");
    assert.equal(sj('sj-private').status.jobStatus.jobId, undefined, 'nothing was submitted');
  });

  it('fails a jar URI the repository does not have with the fetch error', async () => {
    const url = 'https://artifacts.example.com/flink/missing-1.0.jar';
    await create(sessionJob('sj-missing', { jarURI: url }));
    await until('sj-missing', 'an error', (s) => s.error);
    const e = error('sj-missing');
    assert.equal(e.type, 'org.apache.flink.kubernetes.operator.exception.ReconciliationException');
    assert.equal(e.message, `java.io.FileNotFoundException: ${url}`);
    assert.deepEqual(e.throwableList, [{ type: 'java.io.FileNotFoundException', message: url, additionalMetadata: {} }]);
    assert.equal(sj('sj-missing').status.jobStatus.state, 'RECONCILING');
  });

  it('fails an entry class the jar does not hold with the JobManager’s ClassNotFoundException', async () => {
    await create(sessionJob('sj-class', { entryClass: 'com.example.orders.NoSuchJob' }));
    const o = await until('sj-class', 'an error', (s) => s.error);
    const e = error('sj-class');
    assert.equal(e.type, 'org.apache.flink.kubernetes.operator.exception.ReconciliationException');
    assert.match(
      e.message,
      /^org\.apache\.flink\.util\.FlinkRuntimeException: java\.util\.concurrent\.ExecutionException: org\.apache\.flink\.runtime\.rest\.util\.RestClientException: \[Internal server error\., <Exception on server side:/,
    );
    assert.match(e.message, /The program's entry point class 'com\.example\.orders\.NoSuchJob' was not found in the jar file\./);
    assert.match(e.message, /Caused by: java\.lang\.ClassNotFoundException: com\.example\.orders\.NoSuchJob/);
    assert.deepEqual(
      e.throwableList.map((x: any) => x.type),
      ['org.apache.flink.util.FlinkRuntimeException', 'java.util.concurrent.ExecutionException'],
    );
    assert.equal(jm().jobs.has(o.status.jobStatus.jobId), false);
    // A corrected spec deploys.
    await patch('sj-class', { spec: { job: { entryClass: DEMO_ENTRY_CLASS } } });
    const fixed = await until('sj-class', 'RUNNING', stable);
    assert.equal(fixed.status.error, undefined);
  });

  it('keeps jobStatus.state in step with the job: RESTARTING, then FAILED', async () => {
    const seen = trail('sj-fail');
    await create(sessionJob('sj-fail', { args: ['--rate', '5', '--fail-after', '3'], parallelism: 1 }));
    const o = await until('sj-fail', 'FAILED', (s) => s.jobStatus?.state === 'FAILED' && s.lifecycleState === 'FAILED', 30_000);
    seen.stop();
    assert.ok(seen.job.includes('RUNNING') && seen.job.includes('RESTARTING'), seen.job.join(' '));
    assert.equal(jm().jobs.get(o.status.jobStatus.jobId)!.state, 'FAILED');
    assert.match(JSON.parse(o.status.error).throwableList[0].message, /Order \d+ has no customer/);
  });

  it('starts a job the REST API cancelled again, as the operator does', async () => {
    const before = await until('sj-default', 'RUNNING', stable);
    const old = before.status.jobStatus.jobId;
    const [code] = restCall(jm(), 'PATCH', `/jobs/${old}?mode=cancel`, Buffer.alloc(0));
    assert.equal(code, 202);
    const again = await until('sj-default', 'running again', (s) => stable(s) && s.jobStatus.jobId !== old);
    assert.equal(jm().jobs.get(old)!.state, 'CANCELED');
    assert.equal(jm().jobs.get(again.status.jobStatus.jobId)!.state, 'RUNNING');
  });

  it('cancels the job on deletion, then removes its finalizer', async () => {
    const o = await until('sj-run', 'RUNNING', stable);
    const jid = o.status.jobStatus.jobId;
    const seen = trail('sj-run');
    const r = await t().request('DELETE', `${base()}/sj-run`);
    assert.equal(r.status, 200);
    await emu().waitFor(() => !sj('sj-run'), 15_000, 'sj-run gone');
    seen.stop();
    assert.ok(seen.lifecycle.includes('DELETING'), seen.lifecycle.join(' '));
    assert.equal(jm().jobs.get(jid)!.state, 'CANCELED');
  });
});
