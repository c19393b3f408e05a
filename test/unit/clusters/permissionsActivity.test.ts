import * as assert from 'node:assert/strict';
import {
  ACTIVITY_KEY,
  ActivityRow,
  appendActivity,
  WrittenActivityRow,
  COMPUTE_ACTIVITY_ROWS,
  readActivity,
} from '../../../src/clusters/activity';
import { ComputeCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { availableActions, PermissionModel } from '../../../src/clusters/permissions';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext, TestContext } from '../support/lifecycleFixture';
import { injectFault } from '../support/requestFaults';

describe('PermissionModel and activity (what the README promises)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  const windows: TestContext[] = [];
  const NS = 'claims';
  const row = (i: number, time = new Date().toISOString()): WrittenActivityRow => ({
    action: 'start',
    user: 'admin',
    time,
    details: `row ${i}`,
    outcome: 'succeeded',
  });
  const rowsOf = (kind: string, name: string) => readActivity(fx.emulator.api.store.get('/configmaps', NS, `${kind}.${name}.activity`));
  const seedActivity = (kind: string, name: string, rows: ActivityRow[]) =>
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${kind}.${name}.activity`, namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'data-clusters' } },
      data: { [ACTIVITY_KEY]: JSON.stringify(rows) },
    });

  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-edit', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'viewer-view', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'viewer@example.com' }],
    });
    admin = operationContext(fx, [NS]);
    await admin.model.whenReady('compute');
  });
  after(async () => {
    for (const w of windows) w.dispose();
    admin?.dispose();
    await fx?.emulator.stop();
  });

  it('denies the viewer Terminate with the missing right, and allows a developer with edit', async () => {
    await new ComputeLifecycle(admin).create({ ...defaultComputeSpec('perm', NS, BUILTIN_NODE_TYPES), executorCount: 1 }, { start: true });
    const c = await until(
      () =>
        (admin.model.get('compute', NS, 'perm') as ComputeCluster | undefined)?.state === 'ACTIVE'
          ? admin.model.get('compute', NS, 'perm')
          : undefined,
      10_000,
      'ACTIVE',
    );
    const viewer = operationContext(fx, [NS], 'viewer');
    const dev = operationContext(fx, [NS], 'developer');
    windows.push(viewer, dev);
    const viewerRights = new PermissionModel(viewer.access);
    const devRights = new PermissionModel(dev.access);
    await Promise.all([viewerRights.refresh([NS]), devRights.refresh([NS])]);
    // The viewer lacks the marker's right too, but the workload's says what Terminate needs.
    assert.equal(viewerRights.denied(c, 'terminate'), `You may not patch deployments in ${NS}.`);
    assert.equal(viewerRights.denied(c, 'delete'), `You may not delete deployments in ${NS}.`);
    const offered = availableActions(c, viewerRights);
    // Looking is allowed; opening the Spark UI needs a port-forward, which a viewer may not open.
    assert.deepEqual(offered.actions, ['openDetails', 'showDriverLogs', 'downloadDriverLogs', 'insertSnippet', 'openSparkMetricsUi']);
    assert.deepEqual(
      offered.denied.map((d) => d.action),
      ['terminate', 'restart', 'delete', 'openSparkUi'],
    );
    assert.equal(viewerRights.denied(c, 'openSparkUi'), `You may not create pods/portforward in ${NS}.`);
    assert.equal(devRights.denied(c, 'terminate'), undefined);
    assert.deepEqual(availableActions(c, devRights).actions, [
      'terminate',
      'restart',
      'delete',
      'openDetails',
      'showDriverLogs',
      'downloadDriverLogs',
      'insertSnippet',
      'openSparkMetricsUi',
      'openSparkUi',
    ]);
  });

  it('names the workload right a user lacks: "You may not patch deployments in <ns>."', async () => {
    const c = { kind: 'compute', namespace: NS, name: 'x', state: 'ACTIVE' } as unknown as ComputeCluster;
    // A user who may patch definitions but not deployments.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'definitions-only', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list', 'watch', 'patch', 'update', 'deletecollection'] },
      ],
    });
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'viewer-definitions', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'definitions-only' },
      subjects: [{ kind: 'User', name: 'viewer@example.com' }],
    });
    const viewer = operationContext(fx, [NS], 'viewer');
    windows.push(viewer);
    const rights = new PermissionModel(viewer.access);
    await rights.refresh([NS]);
    assert.equal(rights.denied(c, 'terminate'), `You may not patch deployments in ${NS}.`);
    assert.equal(rights.denied(c, 'openDetails'), undefined, 'looking needs no rights');
  });

  it('keeps the last 1,000 activity rows of a compute cluster', async () => {
    seedActivity(
      'compute',
      'many',
      Array.from({ length: COMPUTE_ACTIVITY_ROWS }, (_, i) => row(i)),
    );
    await appendActivity(admin.writer, 'compute', NS, 'many', undefined, row(COMPUTE_ACTIVITY_ROWS));
    const rows = rowsOf('compute', 'many');
    assert.equal(rows.length, 1000);
    assert.equal(rows[0].details, 'row 1');
    assert.equal(rows.at(-1)!.details, 'row 1000');
  });

  it('keeps one week of activity for a session cluster', async () => {
    const day = 24 * 3600_000;
    const now = Date.now();
    seedActivity('session', 'week', [row(1, new Date(now - 8 * day).toISOString()), row(2, new Date(now - 6 * day).toISOString())]);
    await appendActivity(admin.writer, 'session', NS, 'week', undefined, row(3, new Date(now).toISOString()), now);
    assert.deepEqual(
      rowsOf('session', 'week').map((r) => r.details),
      ['row 2', 'row 3'],
    );
  });

  it('lands two concurrent appends, retrying the one that gets 409', async () => {
    seedActivity('compute', 'busy', [row(0)]);
    // Both appends read the same version before either writes, so one write must get a 409.
    const reads = injectFault(fx.emulator.server, {
      method: 'GET',
      path: /\/configmaps\/compute\.busy\.activity$/,
      skip: Infinity,
      fail: 500,
    });
    const bothRead = until(() => reads.seen.length >= 2, 5000, 'both reads');
    const writes = injectFault(fx.emulator.server, {
      method: 'PUT',
      path: /\/configmaps\/compute\.busy\.activity$/,
      times: 2,
      fail: 'hold',
      release: bothRead,
    });
    try {
      await Promise.all([
        appendActivity(admin.writer, 'compute', NS, 'busy', undefined, row(1)),
        appendActivity(admin.writer, 'compute', NS, 'busy', undefined, row(2)),
      ]);
    } finally {
      reads.remove();
      writes.remove();
    }
    assert.deepEqual(
      rowsOf('compute', 'busy')
        .map((r) => r.details)
        .sort(),
      ['row 0', 'row 1', 'row 2'],
    );
    assert.equal(writes.seen.length, 3, 'two writes, one of them retried after its 409');
  });
});
