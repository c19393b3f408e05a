import * as assert from 'node:assert/strict';
import { SessionLifecycle } from '../../../../src/clusters/session/sessionLifecycle';
import { sessionJobError } from '../../../../src/clusters/session/tasks/taskErrors';
import type { FlinkTask, TaskRunParams } from '../../../../src/clusters/session/tasks/taskTypes';
import { KubeApiError } from '../../../../src/kube/kubeApiError';
import { defaultSessionSpec } from '../../../../shared/clusters/sessionSpec';
import { EmulatorFixture, startEmulator, until } from '../../support/emulatorFixture';
import { operationContext, TestContext } from '../../support/lifecycleFixture';
import { bind, runningSession, taskWindow, TaskWindow, whenTasks } from './taskFixture';

describe('FlinkTaskService: FlinkSessionJobs (against the emulator)', function () {
  this.timeout(40_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  const ns = 'uri-runs';
  const windows: TaskWindow[] = [];
  const open = async (user: 'admin' | 'developer' | 'viewer' = 'admin', deps: Parameters<typeof taskWindow>[3] = {}) => {
    const w = await taskWindow(fx, [ns], user, deps);
    windows.push(w);
    return w;
  };
  const ref = { namespace: ns, cluster: 'orders' };
  const stored = (name: string) => fx.emulator.api.store.get('flink.apache.org/flinksessionjobs', ns, name);
  const params = (patch: Partial<TaskRunParams> = {}): TaskRunParams => ({
    ...ref,
    name: 'fraud',
    source: { kind: 'uri', jarURI: 'https://artifacts.example.com/fraud-1.2.jar' },
    entryClass: 'com.example.fraud.FraudDetectionJob',
    args: ['--window', '5m'],
    parallelism: 2,
    ...patch,
  });
  const taskNamed = (w: TaskWindow, name: string, ok: (t: FlinkTask) => boolean = () => true) =>
    whenTasks(
      w.service,
      () => {
        const t = w.service.task(`${ns}/orders/${name}`);
        return t && ok(t) ? t : undefined;
      },
      `task ${name}`,
    );

  before(async () => {
    fx = await startEmulator();
    fx.namespace(ns);
    bind(fx, ns, 'dev@example.com', 'edit');
    bind(fx, ns, 'viewer@example.com', 'view');
    admin = operationContext(fx, 'all');
    await admin.model.whenReady('session');
    await runningSession(admin, ns, 'orders');
    await new SessionLifecycle(admin).create(defaultSessionSpec('idle'), ns, { start: false });
  });
  afterEach(() => windows.splice(0).forEach((w) => w.dispose()));
  after(async () => {
    admin?.dispose();
    await fx?.emulator.stop();
  });

  it('runs a jar URI as a FlinkSessionJob on the cluster, labelled and owned by its definition', async () => {
    const w = await open('developer');
    const task = await w.service.run(params({ name: 'fraud-a' }));
    assert.equal(task.managed, true);
    assert.equal(task.key, `${ns}/orders/fraud-a`);
    assert.equal(task.runName, 'fraud-a');
    const cr = stored('fraud-a');
    const definition = fx.emulator.api.store.get('/configmaps', ns, 'session.orders');
    assert.deepEqual(cr.metadata.labels, {
      'app.kubernetes.io/managed-by': 'data-clusters',
      'dataclusters.io/kind': 'session',
      'dataclusters.io/cluster': 'orders',
    });
    assert.deepEqual(cr.metadata.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'session.orders',
        uid: definition.metadata.uid,
        controller: true,
        blockOwnerDeletion: false,
      },
    ]);
    assert.equal(cr.spec.deploymentName, 'orders');
    const { jarURI, entryClass, args, parallelism, upgradeMode, state } = cr.spec.job;
    assert.deepEqual(
      { jarURI, entryClass, args, parallelism, upgradeMode, state },
      {
        jarURI: 'https://artifacts.example.com/fraud-1.2.jar',
        entryClass: 'com.example.fraud.FraudDetectionJob',
        args: ['--window', '5m'],
        parallelism: 2,
        upgradeMode: 'savepoint',
        state: 'running',
      },
    );
    assert.ok(cr.metadata.managedFields.some((f: any) => f.manager === 'data-clusters'));
    assert.deepEqual(w.store.get('fraud-a'), params({ name: 'fraud-a' }));
    // The cache sees it: the task list shows it as a managed task.
    assert.equal((await taskNamed(w, 'fraud-a')).sessionJob?.jarURI, 'https://artifacts.example.com/fraud-1.2.jar');
  });

  it('runs an existing FlinkSessionJob again by patching its spec and bumping the restart nonce; clean starts stateless', async () => {
    const w = await open('developer');
    await w.service.run(params({ name: 'fraud-b', savepointPath: 's3://sp/savepoint-1' }));
    assert.equal(stored('fraud-b').spec.job.initialSavepointPath, 's3://sp/savepoint-1');
    await w.service.run(params({ name: 'fraud-b', savepointPath: 's3://sp/savepoint-1', parallelism: 4 }));
    assert.equal(stored('fraud-b').spec.restartNonce, 1);
    assert.equal(stored('fraud-b').spec.job.parallelism, 4);
    await w.service.run(params({ name: 'fraud-b', savepointPath: 's3://sp/savepoint-1' }), { clean: true });
    const cr = stored('fraud-b');
    assert.equal(cr.spec.restartNonce, 2);
    assert.equal(cr.spec.job.upgradeMode, 'stateless');
    assert.equal(cr.spec.job.initialSavepointPath, undefined);
  });

  it('suspends and resumes through spec.job.state, and deletes the FlinkSessionJob', async () => {
    const w = await open('developer');
    await w.service.run(params({ name: 'fraud-c' }));
    const running = await taskNamed(w, 'fraud-c', (t) => w.service.refusal(t, 'suspend') === undefined);
    assert.match(w.service.refusal(running, 'resume')!, /Only a suspended task can be resumed/);
    await w.service.suspend(running);
    assert.equal(stored('fraud-c').spec.job.state, 'suspended');
    const suspended = await taskNamed(w, 'fraud-c', (t) => t.state === 'SUSPENDED');
    assert.equal(w.service.refusal(suspended, 'resume'), undefined);
    await w.service.resume(suspended);
    assert.equal(stored('fraud-c').spec.job.state, 'running');
    const resumed = await taskNamed(w, 'fraud-c', (t) => t.state !== 'SUSPENDED');
    await w.service.delete(resumed);
    await until(() => !stored('fraud-c'), 5000, 'the FlinkSessionJob gone');
    await whenTasks(w.service, () => !w.service.task(resumed.key), 'the task gone');
  });

  it('merges the FlinkSessionJob with its job by id and lists the jobs no CR names', async () => {
    const w = await open();
    await w.service.run(params({ name: 'fraud-d' }));
    const jid = w.rest.addJob('RUNNING', { name: 'fraud-d job' });
    const other = w.rest.addJob('FINISHED', { name: 'adhoc' });
    fx.emulator.applyInternal({ ...stored('fraud-d'), status: { lifecycleState: 'STABLE', jobStatus: { jobId: jid, state: 'CREATED' } } });
    const sub = w.service.watch(ref);
    try {
      const merged = await taskNamed(w, 'fraud-d', (t) => t.jobId === jid && w.service.tasksOf(ref)!.some((o) => o.jobId === other));
      assert.equal(merged.state, 'RUNNING', 'the JobManager state wins over the operator copy');
      assert.equal(merged.jobName, 'fraud-d job');
      const tasks = w.service.tasksOf(ref)!;
      assert.equal(tasks.filter((t) => t.jobId === jid).length, 1, 'the job shows once, as its FlinkSessionJob');
      const adhoc = tasks.find((t) => t.jobId === other)!;
      assert.equal(adhoc.managed, false);
      assert.match(w.service.refusal(adhoc, 'delete')!, /Only a FlinkSessionJob can be deleted/);
      assert.match(w.service.refusal(merged, 'stop')!, /suspend it or delete its FlinkSessionJob/);
      await assert.rejects(w.service.stop(merged, 'cancel'), /suspend it or delete its FlinkSessionJob/);
    } finally {
      sub.dispose();
    }
  });

  it('refuses by rights: a viewer may not run, suspend, delete or stop, and is told which right is missing', async () => {
    const dev = await open('developer');
    await dev.service.run(params({ name: 'fraud-e' }));
    const w = await open('viewer');
    await w.store.set(params({ name: 'fraud-e' }));
    const task = await taskNamed(w, 'fraud-e', (t) => t.state !== 'DELETING');
    assert.equal(w.service.refusal(task, 'delete'), `You may not delete flinksessionjobs in ${ns}.`);
    assert.equal(w.service.refusal(task, 'suspend'), `You may not patch flinksessionjobs in ${ns}.`);
    assert.equal(w.service.refusal(task, 'runAgain'), `You may not patch flinksessionjobs in ${ns}.`);
    await assert.rejects(w.service.delete(task), new RegExp(`You may not delete flinksessionjobs in ${ns}`));
    await assert.rejects(w.service.run(params({ name: 'fraud-v' })), new RegExp(`You may not create flinksessionjobs in ${ns}`));
    await assert.rejects(
      w.service.run(params({ name: 'jar-v', source: { kind: 'jar', path: '/w/job.jar' } })),
      new RegExp(`You may not create pods/portforward in ${ns}`),
    );
    const unmanaged = { ...task, key: `${ns}/orders/abc`, managed: false, sessionJob: undefined, state: 'RUNNING' as const };
    assert.equal(w.service.refusal(unmanaged, 'stop'), `You may not create pods/portforward in ${ns}.`);
    assert.equal(dev.service.refusal(task, 'delete'), undefined);
    // Without the answers (not asked yet), the server decides and the error names the right.
    const blind = await open('viewer', { permissions: undefined });
    await assert.rejects(
      blind.service.run(params({ name: 'fraud-w' })),
      /You may not create flinksessionjobs in uri-runs, so FlinkSessionJob fraud-w was not changed/,
    );
    assert.ok(blind.store.get('fraud-w'), 'the run stays remembered');
  });

  it('runs only on a Running cluster, and not over a FlinkSessionJob of another cluster', async () => {
    const w = await open();
    await assert.rejects(
      w.service.run(params({ name: 'on-idle', cluster: 'idle' })),
      /Session cluster idle is Disabled: tasks run only on a Running cluster/,
    );
    assert.equal(w.store.get('on-idle')?.cluster, 'idle', 'remembered, to run once the cluster is started');
    await assert.rejects(w.service.rest({ namespace: ns, cluster: 'idle' }), /Disabled/);
    fx.emulator.applyInternal({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkSessionJob',
      metadata: { name: 'taken', namespace: ns },
      spec: { deploymentName: 'elsewhere', job: { jarURI: 'local:///opt/flink/job.jar', upgradeMode: 'stateless' } },
    });
    await assert.rejects(w.service.run(params({ name: 'taken' })), /FlinkSessionJob taken in uri-runs runs on session cluster elsewhere/);
  });

  it('says a conflict and a vanished object in words', () => {
    const r = { namespace: ns, cluster: 'orders' };
    const conflict = sessionJobError(new KubeApiError('x', 409, 'Conflict'), 'patch', 'fraud', r);
    assert.match(conflict.message, /FlinkSessionJob fraud changed meanwhile .*nothing was written/);
    assert.match(sessionJobError(new KubeApiError('x', 404, 'NotFound'), 'patch', 'fraud', r).message, /no longer exists/);
  });
});
