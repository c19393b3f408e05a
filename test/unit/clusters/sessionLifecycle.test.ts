import * as assert from 'node:assert/strict';
import { readActivity } from '../../../src/clusters/activity';
import { SessionCluster } from '../../../src/clusters/clusterModel';
import { PermissionModel } from '../../../src/clusters/permissions';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { SESSION_QUOTA_KEY } from '../../../src/clusters/session/sessionQuota';
import { defaultSessionSpec, SessionSpec } from '../../../shared/clusters/sessionSpec';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext, TestContext } from '../support/lifecycleFixture';
import { clearFaults, injectFault, InstalledFault } from '../support/requestFaults';
import { rejectsWith } from '../support/assertions';

/**
 * Every test works in a namespace of its own (a tenant's ResourceQuota counts session clusters per
 * namespace), so any one runs alone with --grep; the admin's window watches all namespaces.
 */
describe('SessionLifecycle (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  let life: SessionLifecycle;
  const others: TestContext[] = [];
  const faults: InstalledFault[] = [];
  const spec = (name: string, patch: Partial<SessionSpec> = {}): SessionSpec => ({ ...defaultSessionSpec(name), ...patch });
  const cluster = (ns: string, name: string) => admin.model.get('session', ns, name) as SessionCluster | undefined;
  const store = () => fx.emulator.api.store;
  const settled = (ns: string, name: string, status: string) => () => cluster(ns, name)?.status === status && !cluster(ns, name)?.operation;
  const activity = (ns: string, name: string) =>
    readActivity(store().get('/configmaps', ns, `session.${name}.activity`)).map((r) => `${r.action}:${r.outcome}`);
  const sessionJob = (ns: string, name: string, deployment: string, finalizers?: string[]) =>
    fx.emulator.applyInternal({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkSessionJob',
      metadata: { name, namespace: ns, ...(finalizers ? { finalizers } : {}) },
      spec: {
        deploymentName: deployment,
        job: { jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar', parallelism: 1, upgradeMode: 'stateless' },
      },
    });
  const bind = (ns: string, user: string, role: string, kind: 'ClusterRole' | 'Role' = 'ClusterRole') =>
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${user.replace(/[^a-z0-9]/g, '-')}-${role}`, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
      subjects: [{ kind: 'User', name: user }],
    });
  /** A window of another user on one namespace. */
  const windowOf = async (user: 'developer' | 'viewer', ns: string) => {
    const w = operationContext(fx, [ns], user);
    others.push(w);
    await w.model.whenReady('session');
    return w;
  };
  const running = async (ns: string, name: string, patch: Partial<SessionSpec> = {}) => {
    await life.create(spec(name, patch), ns);
    await until(settled(ns, name, 'Running'), 15_000, `${name} Running`);
  };
  const disabled = async (ns: string, name: string) => {
    await life.create(spec(name), ns, { start: false });
    await until(settled(ns, name, 'Disabled'), 5000, `${name} Disabled`);
  };

  before(async () => {
    fx = await startEmulator();
    admin = operationContext(fx, 'all');
    life = new SessionLifecycle(admin, { disableTimeoutMs: 3000 });
    await admin.model.whenReady('session');
  });
  afterEach(() => {
    clearFaults(fx.emulator.server, faults);
    for (const w of others.splice(0)) w.dispose();
  });
  after(async () => {
    admin?.dispose();
    await fx?.emulator.stop();
  });

  it('lets only users who may create FlinkDeployments create a session cluster', async () => {
    const ns = fx.namespace('s-create');
    bind(ns, 'dev@example.com', 'view');
    const dev = await windowOf('developer', ns);
    await rejectsWith(
      new SessionLifecycle(dev).create(spec('devs'), ns),
      'forbidden',
      /You may not create session clusters in s-create: that needs the right to create FlinkDeployments there/,
    );
    assert.equal(store().get('/configmaps', ns, 'session.devs'), undefined);
    // A namespace editor (the built-in edit role) is no administrator of session clusters either.
    const edited = fx.namespace('s-create-edit');
    bind(edited, 'dev@example.com', 'edit');
    const editor = await windowOf('developer', edited);
    await rejectsWith(
      new SessionLifecycle(editor).create(spec('devs'), edited),
      'forbidden',
      /You may not create session clusters in s-create-edit/,
    );
    assert.equal(store().get('/configmaps', edited, 'session.devs'), undefined);
  });

  it('creates and starts a session cluster owned by its creator, which the operator runs', async () => {
    const ns = fx.namespace('s-run');
    await running(ns, 'orders', { taskManager: { cpu: 1, memory: '1024m', replicas: 2, slots: 2 } });
    assert.equal(cluster(ns, 'orders')!.owner, 'admin');
    assert.equal(store().get('/configmaps', ns, 'session.orders').metadata.annotations['dataclusters.io/owner'], 'admin');
    assert.equal(store().get('flink.apache.org/flinkdeployments', ns, 'orders').spec.taskManager.replicas, 2);
    assert.deepEqual(activity(ns, 'orders'), ['create:succeeded', 'start:succeeded']);
  });

  /** The tenant's quota on FlinkDeployments (deploy/quota), once the model has its used count. */
  const quota = async (ns: string, hard: number) => {
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tenant', namespace: ns },
      spec: { hard: { [SESSION_QUOTA_KEY]: String(hard) } },
    });
    await until(
      () => {
        const q = admin.model.resourceGroup(ns).quotas.find((x) => x.name === 'tenant');
        return q?.hard[SESSION_QUOTA_KEY] === String(hard) && q.used[SESSION_QUOTA_KEY] !== undefined;
      },
      5000,
      'the quota in the model',
    );
  };

  it('allows as many session clusters per namespace as its ResourceQuota does, and says which quota and cluster', async () => {
    const ns = fx.namespace('s-limit');
    await quota(ns, 1);
    await disabled(ns, 'first');
    await rejectsWith(
      life.create(spec('second'), ns),
      'not-allowed',
      /^s-limit already has its session cluster first; a namespace \(tenant\) may have 1 \(ResourceQuota tenant, count\/flinkdeployments.flink.apache.org\)\.$/,
    );
    assert.equal(store().get('/configmaps', ns, 'session.second'), undefined);
    await quota(ns, 2);
    await life.create(spec('second'), ns, { start: false });
    await until(() => cluster(ns, 'second')?.status === 'Disabled', 5000);
    await rejectsWith(
      life.create(spec('third'), ns),
      'not-allowed',
      /already has 2 session clusters \(first, second\); a namespace \(tenant\) may have 2/,
    );
  });

  it('sets no limit in a namespace without such a quota', async () => {
    const ns = fx.namespace('s-nolimit');
    await disabled(ns, 'one');
    await disabled(ns, 'two');
  });

  it('gives the limit message even when access reviews fail', async () => {
    const ns = fx.namespace('s-limit503');
    await quota(ns, 1);
    await disabled(ns, 'only');
    faults.push(injectFault(fx.emulator.server, { method: 'POST', path: /selfsubjectaccessreviews$/, fail: 503 }));
    await rejectsWith(
      life.create(spec('more'), ns),
      'not-allowed',
      /already has its session cluster only; a namespace \(tenant\) may have 1/,
    );
  });

  it("explains the server's refusal over the quota the same way, naming the cluster that holds it", async () => {
    const ns = fx.namespace('s-quota403');
    await disabled(ns, 'a');
    await disabled(ns, 'b');
    await quota(ns, 1);
    await life.start(ns, 'a');
    await until(
      () => store().get('flink.apache.org/flinkdeployments', ns, 'a') && cluster(ns, 'a')?.status !== 'Disabled',
      10_000,
      'a started',
    );
    await rejectsWith(
      life.start(ns, 'b'),
      'not-allowed',
      /^The API server refused the FlinkDeployment: s-quota403 already has its session cluster a; a namespace \(tenant\) may have 1 \(ResourceQuota tenant/,
    );
    assert.equal(store().get('flink.apache.org/flinkdeployments', ns, 'b'), undefined);
  });

  it('lets only the owner or an administrator manage it (developer, viewer, owner, admin)', async () => {
    const ns = fx.namespace('s-owner');
    // The developer may change definitions and FlinkDeployments here, but not create FlinkDeployments: no administrator.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'flink-user', namespace: ns },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps', 'pods', 'events'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['flink.apache.org'],
          resources: ['flinkdeployments', 'flinksessionjobs'],
          verbs: ['get', 'list', 'watch', 'patch', 'delete'],
        },
      ],
    });
    bind(ns, 'dev@example.com', 'flink-user', 'Role');
    bind(ns, 'viewer@example.com', 'view');
    await running(ns, 'theirs');
    await running(ns, 'mine');
    // The second cluster belongs to the developer.
    const cm = store().get('/configmaps', ns, 'session.mine');
    fx.emulator.applyInternal({
      ...cm,
      metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, 'dataclusters.io/owner': 'dev@example.com' } },
    });
    const dev = await windowOf('developer', ns);
    const viewer = await windowOf('viewer', ns);
    await until(() => (dev.model.get('session', ns, 'mine') as SessionCluster | undefined)?.owner === 'dev@example.com', 5000, 'owner');
    await until(() => viewer.model.get('session', ns, 'theirs'), 5000, 'the viewer sees it');

    const devLife = new SessionLifecycle(dev, { disableTimeoutMs: 5000 });
    const viewerLife = new SessionLifecycle(viewer);
    await rejectsWith(
      devLife.disable(ns, 'theirs'),
      'forbidden',
      /^Only the owner \(admin\) or an administrator of s-owner may disable session cluster theirs\.$/,
    );
    await rejectsWith(
      viewerLife.disable(ns, 'mine'),
      'forbidden',
      /Only the owner \(dev@example.com\) or an administrator of s-owner may disable/,
    );
    // The menus say the same before anyone asks.
    const devRights = new PermissionModel(dev.access);
    await devRights.refresh([ns]);
    assert.match(devRights.denied(dev.model.get('session', ns, 'theirs')!, 'disable')!, /Only the owner \(admin\)/);
    assert.equal(devRights.denied(dev.model.get('session', ns, 'mine')!, 'disable'), undefined);
    // The owner may, and the administrator may manage anyone's.
    await devLife.disable(ns, 'mine');
    await until(
      () =>
        dev.model.get('session', ns, 'mine')?.kind === 'session' &&
        (dev.model.get('session', ns, 'mine') as SessionCluster).status === 'Disabled',
      10_000,
      'mine Disabled',
    );
    await life.disable(ns, 'theirs');
    await until(settled(ns, 'theirs', 'Disabled'), 10_000, 'theirs Disabled');
    assert.equal(readActivity(store().get('/configmaps', ns, 'session.mine.activity')).at(-1)!.user, 'dev@example.com');
  });

  it('edits and deletes only when Disabled', async () => {
    const ns = fx.namespace('s-gate');
    await running(ns, 'live');
    await rejectsWith(
      life.edit(ns, 'live', spec('live'), cluster(ns, 'live')!.definitionResourceVersion),
      'not-allowed',
      /Cannot edit session cluster live: it is Running\./,
    );
    await rejectsWith(life.delete(ns, 'live'), 'not-allowed', /Cannot delete session cluster live: it is Running\./);
    await rejectsWith(life.start(ns, 'live'), 'not-allowed', /Cannot start session cluster live: it is Running\./);
  });

  it('disables: cancels the session jobs it counted, then removes the FlinkDeployment', async () => {
    const ns = fx.namespace('s-disable');
    await running(ns, 'orders');
    await disabled(ns, 'other');
    sessionJob(ns, 'orders-a', 'orders');
    sessionJob(ns, 'orders-b', 'orders');
    sessionJob(ns, 'keep', 'other');
    await until(() => life.runningSessionJobs(ns, 'orders') === 2, 5000, 'two jobs');
    // With the task list known, its running tasks count instead (the JobManager's jobs too).
    assert.equal(
      life.runningSessionJobs(ns, 'orders', [{ state: 'RUNNING' }, { state: 'CREATED' }, { state: 'FINISHED' }, { state: 'RUNNING' }]),
      3,
    );
    assert.equal(life.runningSessionJobs(ns, 'orders', []), 0);
    await until(() => cluster(ns, 'orders')?.sessionJobs === 2, 5000, 'two jobs in the model');
    const seen = new Set<string>();
    const sub = admin.model.onDidChangeCluster((cs) =>
      cs.forEach((c) => c.name === 'orders' && c.cluster && seen.add((c.cluster as SessionCluster).status)),
    );
    await life.disable(ns, 'orders');
    sub.dispose();
    await until(settled(ns, 'orders', 'Disabled'), 10_000, 'Disabled');
    assert.ok(seen.has('Disabling'), [...seen].join(','));
    assert.equal(store().get('flink.apache.org/flinksessionjobs', ns, 'orders-a'), undefined);
    assert.ok(store().get('flink.apache.org/flinksessionjobs', ns, 'keep'), 'jobs of other clusters stay');
    assert.equal(store().get('flink.apache.org/flinkdeployments', ns, 'orders'), undefined);
    assert.match(
      readActivity(store().get('/configmaps', ns, 'session.orders.activity'))
        .at(-1)!
        .logLines!.join('\n'),
      /Cancelling 2 session jobs: orders-a, orders-b/,
    );
  });

  it('edits while Disabled (generation bumps), refuses a stale edit, and starts with the new spec', async () => {
    const ns = fx.namespace('s-edit');
    await disabled(ns, 'orders');
    const rv = cluster(ns, 'orders')!.definitionResourceVersion;
    await life.edit(ns, 'orders', spec('orders', { image: 'flink:1.20.1' }), rv);
    await until(() => cluster(ns, 'orders')?.generation === 2 && !cluster(ns, 'orders')?.operation, 5000);
    await rejectsWith(
      life.edit(ns, 'orders', spec('orders', { image: 'flink:9' }), rv),
      'conflict',
      /changed by someone else since you opened it/,
    );
    await life.start(ns, 'orders');
    await until(settled(ns, 'orders', 'Running'), 15_000, 'Running');
    const fd = store().get('flink.apache.org/flinkdeployments', ns, 'orders');
    assert.equal(fd.spec.image, 'flink:1.20.1');
    assert.equal(fd.metadata.annotations['dataclusters.io/generation'], '2');
  });

  it('turns a disable that cannot finish into Failed with the reason, and a later disable recovers', async () => {
    const ns = fx.namespace('s-stuck');
    await running(ns, 'orders');
    // A session job whose finalizer nobody removes: it never goes away.
    sessionJob(ns, 'stuck', 'orders', ['example.com/never']);
    await until(() => life.runningSessionJobs(ns, 'orders') === 1, 5000);
    await rejectsWith(life.disable(ns, 'orders'), 'timeout', /Timed out .* waiting for the session jobs to be cancelled/);
    await until(settled(ns, 'orders', 'Failed'), 5000, 'Failed');
    assert.match(cluster(ns, 'orders')!.reason!, /session jobs to be cancelled/);
    const job = store().get('flink.apache.org/flinksessionjobs', ns, 'stuck');
    fx.emulator.applyInternal({ ...job, metadata: { ...job.metadata, finalizers: [] } });
    await life.disable(ns, 'orders');
    await until(settled(ns, 'orders', 'Disabled'), 10_000, 'Disabled after recovery');
    assert.equal(cluster(ns, 'orders')!.reason, undefined);
    assert.deepEqual(activity(ns, 'orders').slice(-2), ['disable:failed', 'disable:succeeded']);
  });

  it('deletes a Disabled cluster and its activity', async () => {
    const ns = fx.namespace('s-delete');
    await disabled(ns, 'orders');
    await life.delete(ns, 'orders');
    await until(() => !cluster(ns, 'orders'), 5000);
    assert.equal(store().get('/configmaps', ns, 'session.orders'), undefined);
    assert.equal(store().get('/configmaps', ns, 'session.orders.activity'), undefined);
  });
});
