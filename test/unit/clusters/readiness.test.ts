import * as assert from 'node:assert/strict';
import { ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { ClusterConnection } from '../../../src/clusters/connection';
import { availableActions, PermissionModel } from '../../../src/clusters/permissions';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { defaultSessionSpec } from '../../../shared/clusters/sessionSpec';
import { rejectsWith } from '../support/assertions';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext, TestContext } from '../support/lifecycleFixture';
import { clearFaults, injectFault, InstalledFault } from '../support/requestFaults';

/** Nothing is derived from a kind that has not been listed, or that the user may not list. */
describe('ClusterModel readiness (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  const windows: TestContext[] = [];
  const faults: InstalledFault[] = [];

  /** A namespace with an ACTIVE compute cluster and a Running session cluster, made by the admin. */
  const populated = async (ns: string) => {
    fx.namespace(ns);
    await new ComputeLifecycle(admin).create({ ...defaultComputeSpec('etl', ns, BUILTIN_NODE_TYPES), executorCount: 1 }, { start: true });
    await new SessionLifecycle(admin).create(defaultSessionSpec('flow'), ns);
    await until(() => (admin.model.get('compute', ns, 'etl') as ComputeCluster | undefined)?.state === 'ACTIVE', 10_000, 'etl ACTIVE');
    await until(() => (admin.model.get('session', ns, 'flow') as SessionCluster | undefined)?.status === 'Running', 15_000, 'flow Running');
  };
  const window = (namespaces: string[] | 'all', user: 'admin' | 'developer' = 'admin', model = {}) => {
    const w = operationContext(fx, namespaces, user, { model, initialBackoffMs: 50, maxBackoffMs: 200 });
    windows.push(w);
    return w;
  };

  before(async () => {
    fx = await startEmulator();
    admin = operationContext(fx, 'all');
    await admin.model.whenReady('session');
  });
  afterEach(() => {
    clearFaults(fx.emulator.server, faults);
    for (const w of windows.splice(0)) w.dispose();
  });
  after(async () => {
    admin?.dispose();
    await fx?.emulator.stop();
  });

  it('derives no session cluster before the FlinkDeployments are listed, while compute clusters already show', async () => {
    const ns = 'ready-slow';
    await populated(ns);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // The FlinkDeployment list is slow (custom resources are served slowly on a real API server).
    const held = injectFault(fx.emulator.server, {
      method: 'GET',
      path: /\/namespaces\/ready-slow\/flinkdeployments$/,
      fail: 'hold',
      release: released,
    });
    faults.push(held);
    const w = window([ns]);
    const becameReady: string[] = [];
    w.model.onDidBecomeReady((k) => becameReady.push(k));
    await w.model.whenReady('compute');
    await until(() => held.seen.length > 0, 5000, 'the FlinkDeployment list asked');
    assert.equal((w.model.get('compute', ns, 'etl') as ComputeCluster).state, 'ACTIVE');
    assert.equal(w.model.isReady('session'), false);
    assert.equal(w.model.get('session', ns, 'flow'), undefined, 'not "Disabled" before anything is known');
    assert.deepEqual(w.model.sessionClusters(), []);
    assert.deepEqual(becameReady, ['compute']);
    release();
    await w.model.whenReady('session');
    assert.equal((w.model.get('session', ns, 'flow') as SessionCluster).status, 'Running');
    assert.deepEqual(becameReady, ['compute', 'session']);
  });

  it('shows a session cluster as Unknown, offers nothing that changes it and refuses delete, when FlinkDeployments may not be listed', async () => {
    const ns = 'ready-forbidden';
    await populated(ns);
    // The developer may read definitions, workloads and session jobs here, but not FlinkDeployments.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'no-flink-deployments', namespace: ns },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps', 'pods', 'resourcequotas'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['flink.apache.org'], resources: ['flinksessionjobs'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-no-flink-deployments', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'no-flink-deployments' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    const dev = window([ns], 'developer');
    await dev.model.whenReady('session');
    const flow = dev.model.get('session', ns, 'flow') as SessionCluster;
    assert.equal(flow.status, 'Unknown');
    assert.equal(flow.reason, 'You may not list flink deployments in ready-forbidden, so this state cannot be read.');
    // What can be read still shows.
    assert.equal((dev.model.get('compute', ns, 'etl') as ComputeCluster).state, 'ACTIVE');

    const rights = new PermissionModel(dev.access);
    await rights.refresh([ns]);
    const offered = availableActions(flow, rights);
    assert.deepEqual(offered.actions, ['openDetails', 'showLogs']);
    assert.ok(!offered.actions.includes('delete') && !offered.actions.includes('start'));
    await rejectsWith(
      new SessionLifecycle(dev).delete(ns, 'flow'),
      'not-allowed',
      /^Cannot delete session cluster flow: it is Unknown: You may not list flink deployments in ready-forbidden/,
    );
    await rejectsWith(new SessionLifecycle(dev).start(ns, 'flow'), 'not-allowed', /it is Unknown/);
    assert.ok(fx.emulator.api.store.get('/configmaps', ns, 'session.flow'), 'the definition that owns the live FlinkDeployment stays');

    // Connection health names the forbidden watch.
    const conn = new ClusterConnection(fx.kc('developer'), { namespaces: [ns] });
    try {
      const h = await until(() => (conn.health.kind === 'ready' && conn.health.forbidden ? conn.health : undefined), 10_000, 'forbidden');
      assert.match(h.forbidden!, /^You may not list .*flinkdeployments in ready-forbidden/);
      assert.doesNotMatch(h.forbidden!, /configmaps/);
    } finally {
      conn.dispose();
    }
  });

  it('holds only the chosen namespaces when the cache watches cluster-wide', async () => {
    await populated('ready-a');
    await populated('ready-b');
    const w = window('all', 'admin', { namespaces: ['ready-a'] });
    await w.model.whenReady('compute');
    await w.model.whenReady('session');
    assert.ok(w.model.get('compute', 'ready-a', 'etl'));
    assert.equal(w.model.get('compute', 'ready-b', 'etl'), undefined);
    assert.deepEqual(
      [...w.model.computeClusters(), ...w.model.sessionClusters()].map((c) => c.namespace),
      ['ready-a', 'ready-a'],
    );
  });
});
