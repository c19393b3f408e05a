import * as assert from 'node:assert/strict';
import { readActivity } from '../../../src/clusters/activity';
import { SessionCluster } from '../../../src/clusters/clusterModel';
import { ClusterOperationError } from '../../../src/clusters/operations';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { defaultSessionSpec, SessionSpec } from '../../../src/clusters/session/sessionSpec';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext } from '../support/lifecycleFixture';

describe('SessionLifecycle (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let admin: ReturnType<typeof operationContext>;
  let dev: ReturnType<typeof operationContext>;
  let limit = 1;
  const NS = 'tenant';
  const spec = (name: string, patch: Partial<SessionSpec> = {}): SessionSpec => ({ ...defaultSessionSpec(name), ...patch });
  const cluster = (name: string) => admin.model.get('session', NS, name) as SessionCluster | undefined;
  const store = () => fx.emulator.api.store;
  const rejectsWith = (p: Promise<unknown>, code: string, message?: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ClusterOperationError, String(e));
      assert.equal(e.code, code, e.message);
      if (message) assert.match(e.message, message);
      return true;
    });
  const sessionJob = (name: string, deployment: string, finalizers?: string[]) =>
    fx.emulator.applyInternal({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkSessionJob',
      metadata: { name, namespace: NS, ...(finalizers ? { finalizers } : {}) },
      spec: {
        deploymentName: deployment,
        job: { jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar', parallelism: 1, upgradeMode: 'stateless' },
      },
    });
  let life: SessionLifecycle;

  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    // The developer may look and run jobs in the tenant namespace but not create session clusters.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-view', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    admin = operationContext(fx, [NS]);
    dev = operationContext(fx, [NS], 'developer');
    life = new SessionLifecycle(admin, { perNamespace: () => limit, disableTimeoutMs: 3000 });
    await Promise.all([admin.cache.whenSynced(), dev.cache.whenSynced()]);
  });
  after(async () => {
    admin?.dispose();
    dev?.dispose();
    await fx?.emulator.stop();
  });

  it('lets only users who may create FlinkDeployments create a session cluster', async () => {
    await rejectsWith(new SessionLifecycle(dev).create(spec('devs'), NS), 'forbidden', /needs the right to create FlinkDeployments/);
  });

  it('creates and starts a session cluster owned by its creator, which the operator runs', async () => {
    await life.create(spec('orders', { taskManager: { cpu: 1, memory: '1024m', replicas: 2, slots: 2 } }), NS);
    await until(() => cluster('orders')?.status === 'Running', 15_000, 'Running');
    assert.equal(cluster('orders')!.owner, 'admin');
    assert.equal(store().get('flink.apache.org/flinkdeployments', NS, 'orders').spec.taskManager.replicas, 2);
  });

  it('allows one session cluster per namespace unless the setting raises it', async () => {
    await rejectsWith(
      life.create(spec('second'), NS),
      'not-allowed',
      /already has a session cluster \(orders\); the limit is 1 per namespace/,
    );
    limit = 2;
    await life.create(spec('second'), NS, { start: false });
    await until(() => cluster('second')?.status === 'Disabled', 5000);
    limit = 1;
  });

  it('lets only the owner or an administrator manage it', async () => {
    await until(() => dev.model.get('session', NS, 'orders'), 5000);
    await rejectsWith(
      new SessionLifecycle(dev).disable(NS, 'orders'),
      'forbidden',
      /Only the owner \(admin\) or an administrator of tenant may disable/,
    );
  });

  it('edits and deletes only when Disabled', async () => {
    await rejectsWith(
      life.edit(NS, 'orders', spec('orders'), cluster('orders')!.definitionResourceVersion),
      'not-allowed',
      /it is Running/,
    );
    await rejectsWith(life.delete(NS, 'orders'), 'not-allowed', /it is Running/);
  });

  it('disables: cancels the session jobs it counted, then removes the FlinkDeployment', async () => {
    sessionJob('orders-a', 'orders');
    sessionJob('orders-b', 'orders');
    sessionJob('other', 'second');
    await until(() => life.runningSessionJobs(NS, 'orders') === 2, 5000, 'two jobs');
    const seen = new Set<string>();
    const sub = admin.model.onDidChangeCluster((cs) =>
      cs.forEach((c) => c.name === 'orders' && c.cluster && seen.add((c.cluster as SessionCluster).status)),
    );
    await life.disable(NS, 'orders');
    sub.dispose();
    await until(() => cluster('orders')?.status === 'Disabled', 10_000, 'Disabled');
    assert.ok(seen.has('Disabling'), [...seen].join(','));
    assert.equal(store().get('flink.apache.org/flinksessionjobs', NS, 'orders-a'), undefined);
    assert.ok(store().get('flink.apache.org/flinksessionjobs', NS, 'other'), 'jobs of other clusters stay');
    assert.equal(store().get('flink.apache.org/flinkdeployments', NS, 'orders'), undefined);
  });

  it('edits while Disabled (generation bumps), refuses a stale edit, and starts with the new spec', async () => {
    const rv = cluster('orders')!.definitionResourceVersion;
    await life.edit(NS, 'orders', spec('orders', { image: 'flink:1.20.1' }), rv);
    await until(() => cluster('orders')?.generation === 2, 5000);
    await rejectsWith(life.edit(NS, 'orders', spec('orders', { image: 'flink:9' }), rv), 'conflict');
    await life.start(NS, 'orders');
    await until(() => cluster('orders')?.status === 'Running', 15_000, 'Running again');
    assert.equal(store().get('flink.apache.org/flinkdeployments', NS, 'orders').spec.image, 'flink:1.20.1');
  });

  it('turns a disable that cannot finish into Failed with the reason, and a later disable recovers', async () => {
    // A session job whose finalizer nobody removes: it never goes away.
    sessionJob('stuck', 'orders', ['example.com/never']);
    await until(() => life.runningSessionJobs(NS, 'orders') === 1, 5000);
    await rejectsWith(life.disable(NS, 'orders'), 'timeout', /Timed out .* waiting for the session jobs to be cancelled/);
    await until(() => cluster('orders')?.status === 'Failed', 5000, 'Failed');
    assert.match(cluster('orders')!.reason!, /session jobs to be cancelled/);
    const job = store().get('flink.apache.org/flinksessionjobs', NS, 'stuck');
    fx.emulator.applyInternal({
      ...job,
      metadata: { ...job.metadata, finalizers: job.metadata.finalizers.filter((f: string) => f !== 'example.com/never') },
    });
    await life.disable(NS, 'orders');
    await until(() => cluster('orders')?.status === 'Disabled', 10_000, 'Disabled after recovery');
    const rows = readActivity(store().get('/configmaps', NS, 'session.orders.activity')).map((r) => `${r.action}:${r.outcome}`);
    assert.deepEqual(rows.slice(-2), ['disable:failed', 'disable:succeeded']);
  });

  it('deletes a Disabled cluster and its activity', async () => {
    await life.delete(NS, 'orders');
    await until(() => !cluster('orders'), 5000);
    assert.equal(store().get('/configmaps', NS, 'session.orders'), undefined);
    assert.equal(store().get('/configmaps', NS, 'session.orders.activity'), undefined);
  });
});
