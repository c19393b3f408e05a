import * as assert from 'node:assert/strict';
import { readActivity } from '../../../src/clusters/activity';
import { ComputeCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { ComputeSpec, defaultComputeSpec } from '../../../src/clusters/compute/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../src/clusters/compute/nodeTypes';
import { ClusterOperationError } from '../../../src/clusters/operations';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext } from '../support/lifecycleFixture';

describe('ComputeLifecycle (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let ctx: ReturnType<typeof operationContext>;
  let life: ComputeLifecycle;
  const NS = 'life';
  const spec = (name: string, patch: Partial<ComputeSpec> = {}): ComputeSpec => ({
    ...defaultComputeSpec(name, NS, BUILTIN_NODE_TYPES),
    executorCount: 2,
    ...patch,
  });
  const cluster = (name: string) => ctx.model.get('compute', NS, name) as ComputeCluster | undefined;
  const store = () => fx.emulator.api.store;
  const rejectsWith = async (p: Promise<unknown>, code: string, message?: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ClusterOperationError, String(e));
      assert.equal(e.code, code, e.message);
      if (message) assert.match(e.message, message);
      return true;
    });
  /** The same model, except that it shows a cluster as the caller says (to get past the first gate). */
  const modelShowing = (c: object) => Object.assign(Object.create(ctx.model), { get: () => c });
  const activity = (name: string) =>
    readActivity(store().get('/configmaps', NS, `compute.${name}.activity`)).map((r) => `${r.action}:${r.outcome}`);

  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    ctx = operationContext(fx, [NS]);
    life = new ComputeLifecycle(ctx, { stopTimeoutMs: 10_000 });
    await ctx.cache.whenSynced();
  });
  after(async () => {
    ctx?.dispose();
    await fx?.emulator.stop();
  });

  it('refuses an invalid configuration with field errors, and a taken name', async () => {
    await assert.rejects(
      life.create(spec('Bad_Name')),
      (e: any) => e.code === 'invalid' && e.fieldErrors.some((f: any) => f.field === 'name'),
    );
    await assert.rejects(
      life.create(spec('ok', { executorCount: 0 })),
      (e: any) => e.code === 'invalid' && e.fieldErrors[0].field === 'executorCount',
    );
    await life.create(spec('taken'));
    await rejectsWith(life.create(spec('taken')), 'invalid', /already exists/);
  });

  it('creates and starts: the workload is applied, the service account made, activity recorded', async () => {
    const id = await life.create(spec('etl'), { start: true });
    await until(() => cluster('etl')?.state === 'ACTIVE', 10_000, 'ACTIVE');
    assert.equal(cluster('etl')!.id, id);
    assert.ok(store().get('/serviceaccounts', NS, 'data-clusters-spark'));
    const d = store().get('apps/deployments', NS, 'etl-driver');
    assert.equal(d.metadata.annotations['dataclusters.io/generation'], '1');
    assert.equal(d.metadata.ownerReferences[0].uid, id);
    assert.ok(d.metadata.managedFields.some((m: any) => m.manager === 'data-clusters' && m.operation === 'Apply'));
    assert.deepEqual(activity('etl'), ['create:succeeded', 'start:succeeded']);
    const row = readActivity(store().get('/configmaps', NS, 'compute.etl.activity'))[1];
    assert.equal(row.user, 'admin');
    assert.ok(row.logLines!.some((l) => /Applied Deployment etl-driver/.test(l)));
    assert.equal(store().get('/configmaps', NS, 'compute.etl').metadata.annotations['dataclusters.io/operation'], undefined);
  });

  it('gates actions by state: no Start or Configure while ACTIVE', async () => {
    await rejectsWith(life.start(NS, 'etl'), 'not-allowed', /it is ACTIVE/);
    await rejectsWith(life.configure(NS, 'etl', spec('etl'), cluster('etl')!.definitionResourceVersion), 'not-allowed');
  });

  it('terminates: the driver scales to 0 and the executors go', async () => {
    fx.emulator.spark.load(NS, 'etl', 2, 60);
    await until(() => cluster('etl')?.executors === 'Running 2/2', 10_000, 'executors');
    await life.terminate(NS, 'etl');
    await until(() => cluster('etl')?.state === 'STOPPED' && cluster('etl')?.executors === 'No running executors', 10_000, 'STOPPED');
    assert.equal(store().get('apps/deployments', NS, 'etl-driver').spec.replicas, 0);
  });

  it('configures while STOPPED: generation bumps, restart becomes required, a stale edit is refused', async () => {
    const rv = cluster('etl')!.definitionResourceVersion;
    await life.configure(NS, 'etl', spec('etl', { executorCount: 3 }), rv);
    await until(() => cluster('etl')?.generation === 2, 5000, 'generation 2');
    assert.equal(cluster('etl')!.restartRequired, true);
    assert.equal(cluster('etl')!.executorCount, 3);
    await rejectsWith(
      life.configure(NS, 'etl', spec('etl', { executorCount: 9 }), rv),
      'conflict',
      /changed by someone else since you opened it; nothing was saved/,
    );
    assert.equal(JSON.parse(store().get('/configmaps', NS, 'compute.etl').data['spec.json']).executorCount, 3);
    await rejectsWith(
      life.configure(NS, 'etl', { ...spec('etl'), bundle: 'spark-4.0' }, cluster('etl')!.definitionResourceVersion),
      'invalid',
      /bundle cannot change/,
    );
  });

  it('starts with the new generation, and restarts onto a new driver pod', async () => {
    await life.start(NS, 'etl');
    await until(() => cluster('etl')?.state === 'ACTIVE' && !cluster('etl')?.restartRequired, 10_000, 'ACTIVE gen 2');
    const before = cluster('etl')!.driverPod;
    await life.restart(NS, 'etl');
    await until(() => cluster('etl')?.state === 'ACTIVE' && cluster('etl')?.driverPod !== before, 10_000, 'new driver');
    assert.deepEqual(activity('etl').slice(-1), ['restart:succeeded']);
  });

  it('leaves the cluster STOPPED with a clear error when the start phase of a restart fails', async () => {
    const cm = store().get('/configmaps', NS, 'compute.etl');
    // Someone breaks the stored configuration behind our back.
    fx.emulator.applyInternal({
      ...cm,
      data: { 'spec.json': JSON.stringify({ ...JSON.parse(cm.data['spec.json']), driverNodeType: 'gone-type' }) },
    });
    await rejectsWith(
      life.restart(NS, 'etl'),
      'failed',
      /stopped the cluster but could not start it again; it stays STOPPED.*driverNodeType/,
    );
    await until(() => cluster('etl')?.state === 'STOPPED', 10_000, 'STOPPED');
    assert.deepEqual(activity('etl').slice(-1), ['restart:failed']);
    fx.emulator.applyInternal({ ...store().get('/configmaps', NS, 'compute.etl'), data: cm.data });
  });

  it('refuses while another action is in flight, but replaces a stale marker', async () => {
    const cm = store().get('/configmaps', NS, 'compute.etl');
    const mark = (startedAt: string) =>
      fx.emulator.applyInternal({
        ...store().get('/configmaps', NS, 'compute.etl'),
        metadata: {
          ...cm.metadata,
          resourceVersion: undefined,
          annotations: {
            ...cm.metadata.annotations,
            'dataclusters.io/operation': JSON.stringify({ action: 'restart', user: 'someone', startedAt }),
          },
        },
      });
    mark(new Date().toISOString());
    await until(() => cluster('etl')?.operation, 5000, 'operation visible');
    await rejectsWith(life.start(NS, 'etl'), 'not-allowed', /restart is in progress/);
    await assert.rejects(
      new ComputeLifecycle({ ...ctx, model: modelShowing({ ...cluster('etl'), operation: undefined }) }).start(NS, 'etl'),
      (e: any) => e.code === 'busy' && /restart started by someone/.test(e.message),
    );
    mark(new Date(Date.now() - 3600_000).toISOString());
    await until(() => cluster('etl')?.operation?.startedAt && Date.parse(cluster('etl')!.operation!.startedAt) < Date.now() - 1000, 5000);
    await new ComputeLifecycle({ ...ctx, model: modelShowing({ ...cluster('etl'), operation: undefined }) }).start(NS, 'etl');
    await until(() => cluster('etl')?.state === 'ACTIVE' && !cluster('etl')?.operation, 10_000, 'ACTIVE after stale marker');
  });

  it('can be cancelled, clearing its marker', async () => {
    await life.terminate(NS, 'etl');
    await until(() => cluster('etl')?.state === 'STOPPED' && !cluster('etl')?.operation, 10_000);
    const abort = new AbortController();
    fx.emulator.server.faults.latencyMs = 150;
    const started = life.start(NS, 'etl', abort.signal);
    setTimeout(() => abort.abort(), 400);
    await rejectsWith(started, 'cancelled');
    fx.emulator.server.faults.latencyMs = 0;
    await until(
      () => !store().get('/configmaps', NS, 'compute.etl').metadata.annotations['dataclusters.io/operation'],
      5000,
      'marker cleared',
    );
    assert.deepEqual(activity('etl').slice(-1), ['start:cancelled']);
  });

  it('reports a cluster deleted by someone else', async () => {
    await life.create(spec('doomed'));
    await until(() => cluster('doomed'), 5000);
    fx.emulator.api.delete(fx.emulator.api.mustType('', 'configmaps'), NS, 'compute.doomed');
    await rejectsWith(
      new ComputeLifecycle({ ...ctx, model: modelShowing({ name: 'doomed', state: 'STOPPED' }) }).start(NS, 'doomed'),
      'gone',
      /someone else deleted it/,
    );
  });

  it('names what is missing when the driver service account cannot be created', async () => {
    const ns = fx.namespace('life-dev');
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-edit', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    const dev = operationContext(fx, [ns], 'developer');
    try {
      await dev.cache.whenSynced();
      const devLife = new ComputeLifecycle(dev);
      await devLife.create({ ...spec('devcl'), namespace: ns });
      await until(() => dev.model.get('compute', ns, 'devcl'), 5000);
      await rejectsWith(
        devLife.start(ns, 'devcl'),
        'forbidden',
        /data-clusters-spark .* missing in life-dev, and you may not create it \(create roles, create rolebindings\)/,
      );
    } finally {
      dev.dispose();
    }
  });

  it('deletes every object of the cluster', async () => {
    await until(() => cluster('etl')?.state === 'STOPPED' && !cluster('etl')?.operation, 10_000);
    await life.start(NS, 'etl');
    await until(() => cluster('etl')?.state === 'ACTIVE' && !cluster('etl')?.operation, 10_000);
    await life.delete(NS, 'etl');
    const left = () =>
      ['/configmaps', 'apps/deployments', '/services', '/pods', 'apps/replicasets'].flatMap((k) =>
        store()
          .list(k, NS)
          .filter(
            (o) =>
              o.metadata.labels?.['dataclusters.io/cluster'] === 'etl' ||
              o.metadata.name.startsWith('etl-') ||
              o.metadata.name.startsWith('compute.etl'),
          ),
      );
    await until(
      () => left().length === 0,
      10_000,
      `nothing left (${left()
        .map((o) => o.metadata.name)
        .join(', ')})`,
    );
    await until(() => !cluster('etl'), 5000);
  });
});

describe('ComputeLifecycle under API trouble', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let ctx: ReturnType<typeof operationContext>;
  let life: ComputeLifecycle;
  const NS = 'trouble';
  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    ctx = operationContext(fx, [NS]);
    life = new ComputeLifecycle(ctx, { stopTimeoutMs: 3000 });
    await ctx.cache.whenSynced();
    await life.create({ ...defaultComputeSpec('etl', NS, BUILTIN_NODE_TYPES), executorCount: 2 });
    await until(() => ctx.model.get('compute', NS, 'etl'), 5000);
  });
  after(async () => {
    ctx?.dispose();
    await fx?.emulator.stop();
  });

  it('rides out 429 with Retry-After and a 503 on reads', async () => {
    fx.emulator.server.faults.failNext = { count: 1, code: 429, retryAfterSeconds: 1 };
    const started = Date.now();
    await life.start(NS, 'etl');
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    await until(() => (ctx.model.get('compute', NS, 'etl') as ComputeCluster)?.state === 'ACTIVE', 10_000);
    fx.emulator.server.faults.failNext = { count: 1, code: 503 };
    await life.terminate(NS, 'etl');
    await until(
      () => (ctx.model.get('compute', NS, 'etl') as ComputeCluster)?.state === 'STOPPED' && !ctx.model.get('compute', NS, 'etl')?.operation,
      10_000,
    );
  });

  it('reports a persistent 500 as a failed action that changed nothing', async () => {
    fx.emulator.server.faults.failNext = { count: 20, code: 500 };
    await assert.rejects(life.start(NS, 'etl'), (e: any) => e.code === 'failed' && /Kubernetes API server failed \(500\)/.test(e.message));
    fx.emulator.server.faults.failNext = undefined;
    await until(
      () => !fx.emulator.api.store.get('/configmaps', NS, 'compute.etl').metadata.annotations['dataclusters.io/operation'],
      5000,
      'marker cleared',
    );
  });

  it('fails clearly when the cluster is deleted while a restart waits', async () => {
    await until(() => !ctx.model.get('compute', NS, 'etl')?.operation, 5000);
    await life.start(NS, 'etl');
    await until(
      () => (ctx.model.get('compute', NS, 'etl') as ComputeCluster)?.state === 'ACTIVE' && !ctx.model.get('compute', NS, 'etl')?.operation,
      10_000,
    );
    // The driver never stops in time (a finalizer holds it), and someone deletes the cluster meanwhile.
    const pod = fx.emulator.api.store.list('/pods', NS).find((p) => p.metadata.labels?.['spark-role'] === 'driver');
    fx.emulator.applyInternal({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
    const restart = life.restart(NS, 'etl');
    setTimeout(() => fx.emulator.api.delete(fx.emulator.api.mustType('', 'configmaps'), NS, 'compute.etl'), 300);
    await assert.rejects(restart, (e: any) => e.code === 'gone' && /deleted by someone else while it restarted/.test(e.message));
    assert.equal(fx.emulator.api.store.get('/configmaps', NS, 'compute.etl'), undefined);
  });

  it('reports an expired token as a credentials problem', async () => {
    const devLike = operationContext(fx, [NS], 'viewer');
    try {
      fx.emulator.tokens.expire(fx.emulator.token('viewer'));
      await assert.rejects(new ComputeLifecycle(devLike).create({ ...defaultComputeSpec('x', NS, BUILTIN_NODE_TYPES) }), (e: any) =>
        /401|credentials/.test(e.message),
      );
    } finally {
      devLike.dispose();
    }
  });
});
