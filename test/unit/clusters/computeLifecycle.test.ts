import * as assert from 'node:assert/strict';
import { readActivity } from '../../../src/clusters/activity';
import { ComputeCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { ComputeSpec, defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { StartAfterCreateError } from '../../../src/clusters/operations';
import { rejectsWith } from '../support/assertions';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext, TestContext } from '../support/lifecycleFixture';
import { clearFaults, injectFault, InstalledFault } from '../support/requestFaults';

/**
 * Every test makes the clusters it acts on (its own names), so any one runs alone with --grep, and
 * waits for events (the store, the model), never for a guessed delay.
 */
describe('ComputeLifecycle (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let ctx: TestContext;
  let life: ComputeLifecycle;
  const faults: InstalledFault[] = [];
  const NS = 'life';
  const spec = (name: string, patch: Partial<ComputeSpec> = {}): ComputeSpec => ({
    ...defaultComputeSpec(name, NS, BUILTIN_NODE_TYPES),
    executorCount: 2,
    ...patch,
  });
  const cluster = (name: string) => ctx.model.get('compute', NS, name) as ComputeCluster | undefined;
  const store = () => fx.emulator.api.store;
  const marker = (name: string) => store().get('/configmaps', NS, `compute.${name}`)?.metadata.annotations?.['dataclusters.io/operation'];
  const activity = (name: string) =>
    readActivity(store().get('/configmaps', NS, `compute.${name}.activity`)).map((r) => `${r.action}:${r.outcome}`);
  const settled = (name: string, state: string) => () => cluster(name)?.state === state && !cluster(name)?.operation;
  /** A STOPPED cluster of the test's own. */
  const stopped = async (name: string, patch: Partial<ComputeSpec> = {}) => {
    await life.create(spec(name, patch));
    await until(settled(name, 'STOPPED'), 5000, `${name} STOPPED`);
  };
  /** An ACTIVE cluster of the test's own. */
  const active = async (name: string, patch: Partial<ComputeSpec> = {}) => {
    await life.create(spec(name, patch), { start: true });
    await until(settled(name, 'ACTIVE'), 10_000, `${name} ACTIVE`);
  };
  const driverPod = (name: string) =>
    store()
      .list('/pods', NS)
      .find((p) => p.metadata.labels?.['dataclusters.io/cluster'] === name && p.metadata.labels?.['spark-role'] === 'driver');
  const holdPod = (pod: any) => fx.emulator.applyInternal({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
  const releasePod = (name: string, ns = NS) => {
    const pod = store().get('/pods', ns, name);
    if (pod) fx.emulator.applyInternal({ ...pod, metadata: { ...pod.metadata, finalizers: [] } });
  };

  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    ctx = operationContext(fx, [NS]);
    life = new ComputeLifecycle(ctx, { stopTimeoutMs: 10_000 });
    await ctx.model.whenReady('compute');
  });
  afterEach(() => clearFaults(fx.emulator.server, faults));
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
    await rejectsWith(life.create(spec('taken')), 'invalid', /A compute cluster named taken already exists in life/);
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
    assert.equal(marker('etl'), undefined);
  });

  it("starts with the platform's render options as they are at Start: spot placement and the Flight SQL server", async () => {
    let image = '';
    const platform = new ComputeLifecycle(ctx, {
      stopTimeoutMs: 10_000,
      render: () => ({
        spot: { nodeSelector: { 'cloud.google.com/gke-spot': 'true' }, tolerations: [] },
        ...(image ? { arrowFlightServerImage: image } : {}),
      }),
    });
    await platform.create(spec('placed', { spotInstances: true, arrowFlight: true }));
    await until(settled('placed', 'STOPPED'), 5000, 'placed STOPPED');
    image = 'registry.example.com/flight-sql-spark:1.0';
    await platform.start(NS, 'placed');
    const conf = store().get('/configmaps', NS, 'placed-spark-defaults').data['spark-defaults.conf'];
    assert.match(conf, /^spark\.kubernetes\.executor\.node\.selector\.cloud\.google\.com\/gke-spot true$/m);
    const containers = store().get('apps/deployments', NS, 'placed-driver').spec.template.spec.containers;
    assert.deepEqual(
      containers.map((c: any) => [c.name, c.image]),
      [
        ['spark-driver', spec('placed').image],
        ['arrow-flight-sql', image],
      ],
    );
    assert.ok(
      store()
        .get('/services', NS, 'placed-driver')
        .spec.ports.some((p: any) => p.name === 'arrow-flight'),
    );
  });

  it('gates actions by state: no Start or Configure while ACTIVE', async () => {
    await active('gated');
    await rejectsWith(life.start(NS, 'gated'), 'not-allowed', /Cannot start compute cluster gated: it is ACTIVE\./);
    await rejectsWith(
      life.configure(NS, 'gated', spec('gated'), cluster('gated')!.definitionResourceVersion),
      'not-allowed',
      /Cannot configure compute cluster gated: it is ACTIVE\./,
    );
  });

  it('terminates: the driver scales to 0 and the executors go', async () => {
    await active('term');
    fx.emulator.spark.load(NS, 'term', 2, 60);
    await until(() => cluster('term')?.executors === 'Running 2/2', 10_000, 'executors');
    assert.deepEqual(cluster('term')!.executorCounts, { running: 2, pending: 0, max: 2 });
    await life.terminate(NS, 'term');
    await until(settled('term', 'STOPPED'), 10_000, 'STOPPED');
    // A stopped driver has no executor column.
    assert.equal(cluster('term')!.executors, '');
    assert.equal(cluster('term')!.executorCounts, undefined);
    assert.equal(store().get('apps/deployments', NS, 'term-driver').spec.replicas, 0);
    await until(
      () =>
        !store()
          .list('/pods', NS)
          .some((p) => p.metadata.labels?.['dataclusters.io/cluster'] === 'term'),
      10_000,
      'no pods',
    );
  });

  it('configures while STOPPED: generation bumps, restart becomes required, a stale edit is refused', async () => {
    await active('conf');
    await life.terminate(NS, 'conf');
    await until(settled('conf', 'STOPPED'), 10_000, 'STOPPED');
    const rv = cluster('conf')!.definitionResourceVersion;
    await life.configure(NS, 'conf', spec('conf', { executorCount: 3 }), rv);
    await until(() => cluster('conf')?.generation === 2, 5000, 'generation 2');
    assert.equal(cluster('conf')!.restartRequired, true);
    assert.equal(cluster('conf')!.executorCount, 3);
    await rejectsWith(
      life.configure(NS, 'conf', spec('conf', { executorCount: 9 }), rv),
      'conflict',
      /changed by someone else since you opened it; nothing was saved/,
    );
    assert.equal(JSON.parse(store().get('/configmaps', NS, 'compute.conf').data['spec.json']).executorCount, 3);
    await rejectsWith(
      life.configure(NS, 'conf', { ...spec('conf'), bundle: 'spark-4.0' }, cluster('conf')!.definitionResourceVersion),
      'invalid',
      /bundle cannot change/,
    );
  });

  it('starts with the new generation, and restarts onto a new driver pod', async () => {
    await stopped('regen');
    await life.configure(NS, 'regen', spec('regen', { executorCount: 3 }), cluster('regen')!.definitionResourceVersion);
    await until(() => cluster('regen')?.generation === 2 && !cluster('regen')?.operation, 5000, 'generation 2');
    await life.start(NS, 'regen');
    await until(() => settled('regen', 'ACTIVE')() && !cluster('regen')?.restartRequired, 10_000, 'ACTIVE gen 2');
    assert.equal(store().get('apps/deployments', NS, 'regen-driver').metadata.annotations['dataclusters.io/generation'], '2');
    const before = cluster('regen')!.driverPod;
    await life.restart(NS, 'regen');
    await until(() => cluster('regen')?.state === 'ACTIVE' && cluster('regen')?.driverPod !== before, 10_000, 'new driver');
    assert.deepEqual(activity('regen').slice(-1), ['restart:succeeded']);
  });

  it('leaves the cluster STOPPED with a clear error when the start phase of a restart fails before the Deployment', async () => {
    await active('broken');
    const cm = store().get('/configmaps', NS, 'compute.broken');
    // Someone breaks the stored configuration behind our back.
    fx.emulator.applyInternal({
      ...cm,
      data: { 'spec.json': JSON.stringify({ ...JSON.parse(cm.data['spec.json']), driverNodeType: 'gone-type' }) },
    });
    await rejectsWith(
      life.restart(NS, 'broken'),
      'invalid',
      /Restart of broken stopped the cluster but could not start it again; it stays STOPPED.*driverNodeType/,
    );
    await until(settled('broken', 'STOPPED'), 10_000, 'STOPPED');
    assert.deepEqual(activity('broken').slice(-1), ['restart:failed']);
  });

  it('says the driver was started again when a restart fails after applying the Deployment', async () => {
    await active('half');
    // The Service (applied after the Deployment) cannot be written.
    faults.push(injectFault(fx.emulator.server, { method: 'PATCH', path: /\/services\/half-driver$/, fail: 500 }));
    await rejectsWith(
      life.restart(NS, 'half'),
      'failed',
      /Restart of half: the driver was started again, but not everything could be applied: .*500/,
    );
    assert.doesNotMatch(activity('half').join(), /stays STOPPED/);
    // The driver really runs again: the message is true.
    await until(() => cluster('half')?.state === 'ACTIVE', 10_000, 'ACTIVE after a half-failed restart');
    assert.equal(store().get('apps/deployments', NS, 'half-driver').spec.replicas, 1);
  });

  it('says that a cluster was created when only its start failed', async () => {
    const ns = fx.namespace('life-create');
    // The developer may edit here but not create the driver's Role and RoleBinding.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-edit', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    const dev = operationContext(fx, [ns], 'developer');
    try {
      await dev.model.whenReady('compute');
      const created = new ComputeLifecycle(dev).create({ ...spec('halfmade'), namespace: ns }, { start: true });
      await rejectsWith(
        created,
        'forbidden',
        /^Created compute cluster halfmade in life-create, but could not start it: .*data-clusters-spark .* missing in life-create/,
      );
      // The form reads this type, not the (translated) message, to know the cluster exists.
      await assert.rejects(created, StartAfterCreateError);
      await until(() => (dev.model.get('compute', ns, 'halfmade') as ComputeCluster | undefined)?.state === 'STOPPED', 5000, 'STOPPED');
    } finally {
      dev.dispose();
    }
  });

  it('can be cancelled while it waits, clearing its marker and recording the cancellation', async () => {
    await active('cancel');
    const pod = driverPod('cancel');
    holdPod(pod);
    try {
      const abort = new AbortController();
      const restart = life.restart(NS, 'cancel', abort.signal);
      // The restart scaled the driver to 0 and now waits for the held pod: cancel it then.
      await fx.emulator.waitFor(() => store().get('apps/deployments', NS, 'cancel-driver')?.spec.replicas === 0, 10_000, 'scale-down');
      await until(() => marker('cancel'), 5000, 'marker');
      abort.abort();
      await rejectsWith(restart, 'cancelled');
      assert.equal(marker('cancel'), undefined);
      assert.deepEqual(activity('cancel').slice(-1), ['restart:cancelled']);
    } finally {
      releasePod(pod.metadata.name);
    }
  });

  it('reports a cluster deleted by someone else', async () => {
    await stopped('doomed');
    const seen = { ...cluster('doomed')! };
    fx.emulator.api.delete(fx.emulator.api.mustType('', 'configmaps'), NS, 'compute.doomed');
    // A model that has not heard of the deletion yet still shows the cluster.
    const lagging = Object.assign(Object.create(ctx.model), { get: () => seen });
    await rejectsWith(new ComputeLifecycle({ ...ctx, model: lagging }).start(NS, 'doomed'), 'gone', /someone else deleted it/);
    await until(() => !cluster('doomed'), 5000, 'gone from the model');
    await rejectsWith(life.start(NS, 'doomed'), 'gone', /The compute cluster doomed no longer exists in life/);
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
      await dev.model.whenReady('compute');
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
    await active('gone');
    await life.delete(NS, 'gone');
    const left = () =>
      ['/configmaps', 'apps/deployments', '/services', '/pods', 'apps/replicasets'].flatMap((k) =>
        store()
          .list(k, NS)
          .filter(
            (o) =>
              o.metadata.labels?.['dataclusters.io/cluster'] === 'gone' ||
              o.metadata.name.startsWith('gone-') ||
              o.metadata.name.startsWith('compute.gone'),
          ),
      );
    await until(() => left().length === 0, 10_000, 'nothing left');
    await until(() => !cluster('gone'), 5000);
  });

  it('re-creating a cluster with the name of one just deleted waits for the old Deployment and ends ACTIVE', async () => {
    await active('again');
    // The old driver pod is slow to go, so the foreground-deleted Deployment stays terminating.
    const pod = driverPod('again');
    holdPod(pod);
    const oldUid = store().get('apps/deployments', NS, 'again-driver').metadata.uid;
    try {
      await life.delete(NS, 'again');
      await until(() => !cluster('again'), 5000, 'deleted');
      assert.ok(store().get('apps/deployments', NS, 'again-driver')?.metadata.deletionTimestamp, 'the old Deployment is terminating');
      // Release the old pod once the new start has seen the terminating Deployment.
      const seen = injectFault(fx.emulator.server, { method: 'GET', path: /\/deployments\/again-driver$/, skip: Infinity, fail: 500 });
      faults.push(seen);
      void until(() => seen.seen.length > 0, 20_000, 'the start reading the old Deployment').then(
        () => releasePod(pod.metadata.name),
        () => undefined,
      );
      await life.create(spec('again'), { start: true });
      await until(settled('again', 'ACTIVE'), 10_000, 'ACTIVE after re-create');
      assert.notEqual(store().get('apps/deployments', NS, 'again-driver').metadata.uid, oldUid);
      const row = readActivity(store().get('/configmaps', NS, 'compute.again.activity')).at(-1)!;
      assert.equal(row.outcome, 'succeeded');
      assert.ok(
        row.logLines!.some((l) => /Waiting for the previous Deployment again-driver to finish deleting/.test(l)),
        row.logLines!.join('\n'),
      );
    } finally {
      releasePod(pod.metadata.name);
    }
  });
});

describe('ComputeLifecycle under API trouble', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let ctx: TestContext;
  let life: ComputeLifecycle;
  const faults: InstalledFault[] = [];
  const NS = 'trouble';
  const cluster = (name: string) => ctx.model.get('compute', NS, name) as ComputeCluster | undefined;
  const settled = (name: string, state: string) => () => cluster(name)?.state === state && !cluster(name)?.operation;
  const create = async (name: string) => {
    await life.create({ ...defaultComputeSpec(name, NS, BUILTIN_NODE_TYPES), executorCount: 2 });
    await until(settled(name, 'STOPPED'), 5000, `${name} STOPPED`);
  };
  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    ctx = operationContext(fx, [NS]);
    life = new ComputeLifecycle(ctx, { stopTimeoutMs: 10_000 });
    await ctx.model.whenReady('compute');
  });
  afterEach(() => clearFaults(fx.emulator.server, faults));
  after(async () => {
    ctx?.dispose();
    await fx?.emulator.stop();
  });

  it('rides out 429 with Retry-After on a write and a 503 on a read', async () => {
    await create('ride');
    const marking = injectFault(fx.emulator.server, { method: 'PATCH', path: /\/configmaps\/compute\.ride$/, times: 1, fail: 429 });
    const reading = injectFault(fx.emulator.server, { method: 'GET', path: /\/configmaps\/compute\.ride$/, times: 1, fail: 503 });
    faults.push(marking, reading);
    await life.start(NS, 'ride');
    assert.equal(marking.failed, 1);
    assert.equal(reading.failed, 1);
    await until(settled('ride', 'ACTIVE'), 10_000);
    fx.emulator.server.faults.failNext = { count: 1, code: 429, retryAfterSeconds: 1 };
    const started = Date.now();
    await life.terminate(NS, 'ride');
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    await until(settled('ride', 'STOPPED'), 10_000);
  });

  it('reports a persistent 500 as a failed action that changed nothing', async () => {
    await create('five');
    faults.push(injectFault(fx.emulator.server, { path: /\/configmaps\/compute\.five$/, fail: 500 }));
    await assert.rejects(life.start(NS, 'five'), (e: any) => e.code === 'failed' && /Kubernetes API server failed \(500\)/.test(e.message));
    clearFaults(fx.emulator.server, faults);
    assert.equal(fx.emulator.api.store.get('/configmaps', NS, 'compute.five').metadata.annotations['dataclusters.io/operation'], undefined);
    assert.equal(fx.emulator.api.store.get('apps/deployments', NS, 'five-driver'), undefined);
  });

  it('fails clearly when the cluster is deleted while a restart waits', async () => {
    await create('del');
    await life.start(NS, 'del');
    await until(settled('del', 'ACTIVE'), 10_000);
    // The driver never stops in time (a finalizer holds it), and someone deletes the cluster meanwhile.
    const pod = fx.emulator.api.store
      .list('/pods', NS)
      .find((p) => p.metadata.labels?.['dataclusters.io/cluster'] === 'del' && p.metadata.labels?.['spark-role'] === 'driver');
    fx.emulator.applyInternal({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
    try {
      const restart = life.restart(NS, 'del');
      await fx.emulator.waitFor(
        () => fx.emulator.api.store.get('apps/deployments', NS, 'del-driver')?.spec.replicas === 0,
        10_000,
        'scale-down',
      );
      fx.emulator.api.delete(fx.emulator.api.mustType('', 'configmaps'), NS, 'compute.del');
      await rejectsWith(restart, 'gone', /Compute cluster del was deleted by someone else while it restarted/);
      assert.equal(fx.emulator.api.store.get('/configmaps', NS, 'compute.del'), undefined);
    } finally {
      const p = fx.emulator.api.store.get('/pods', NS, pod.metadata.name);
      if (p) fx.emulator.applyInternal({ ...p, metadata: { ...p.metadata, finalizers: [] } });
    }
  });

  it('reports an expired token as a credentials problem', async () => {
    const viewer = operationContext(fx, [NS], 'viewer');
    try {
      fx.emulator.tokens.expire(fx.emulator.token('viewer'));
      await assert.rejects(new ComputeLifecycle(viewer).create({ ...defaultComputeSpec('x', NS, BUILTIN_NODE_TYPES) }), (e: any) =>
        /401|credentials/.test(e.message),
      );
    } finally {
      viewer.dispose();
    }
  });
});
