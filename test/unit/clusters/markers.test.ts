import * as assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { readActivity } from '../../../src/clusters/activity';
import { ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { renderDriverRbac } from '../../../src/clusters/compute/computeRenderer';
import { ComputeSpec, defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { Operation } from '../../../src/clusters/definition';
import { availableActions } from '../../../src/clusters/permissions';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { defaultSessionSpec } from '../../../shared/clusters/sessionSpec';
import { computeActions, sessionActions } from '../../../shared/clusters/stateTable';
import { startSeededEmulator } from '../../emulator/demo';
import { DEMO_DISABLING, DEMO_NAMESPACES } from '../../emulator/seeds/demo';
import { rejectsWith } from '../support/assertions';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { ContextOptions, operationContext, TestContext } from '../support/lifecycleFixture';
import { clearFaults, injectFault, InstalledFault } from '../support/requestFaults';

/** Small marker timings keep these tests fast: stale after 1.5 s without a renewal, renewed every 0.3 s. */
const TIMING: ContextOptions = { staleOperationMs: 1500, heartbeatMs: 300, clearMarkerForMs: 3000 };
const CLEARING = /"dataclusters\.io\/operation":null/;

describe('Operation markers (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let ctx: TestContext;
  let compute: ComputeLifecycle;
  let session: SessionLifecycle;
  const windows: TestContext[] = [];
  const faults: InstalledFault[] = [];
  const NS = 'marks';
  const store = () => fx.emulator.api.store;
  const cspec = (name: string, ns = NS): ComputeSpec => ({ ...defaultComputeSpec(name, ns, BUILTIN_NODE_TYPES), executorCount: 1 });
  const computeOf = (name: string, c: TestContext = ctx) => c.model.get('compute', NS, name) as ComputeCluster | undefined;
  const sessionOf = (ns: string, name: string, c: TestContext = ctx) => c.model.get('session', ns, name) as SessionCluster | undefined;
  const definition = (kind: string, ns: string, name: string) => store().get('/configmaps', ns, `${kind}.${name}`);
  const markerIn = (kind: string, ns: string, name: string): Operation | undefined => {
    const raw = definition(kind, ns, name)?.metadata.annotations?.['dataclusters.io/operation'];
    return raw ? JSON.parse(raw) : undefined;
  };
  /** Someone else's marker, written straight into the store (as a window that then died would leave it). */
  const plantMarker = (kind: string, ns: string, name: string, op: Operation) => {
    const cm = definition(kind, ns, name);
    fx.emulator.applyInternal({
      ...cm,
      metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, 'dataclusters.io/operation': JSON.stringify(op) } },
    });
  };
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const activityOf = (kind: string, ns: string, name: string) => readActivity(store().get('/configmaps', ns, `${kind}.${name}.activity`));
  const stoppedCompute = async (name: string) => {
    await compute.create(cspec(name));
    await until(() => computeOf(name)?.state === 'STOPPED' && !computeOf(name)?.operation, 5000, `${name} STOPPED`);
  };
  const runningSession = async (ns: string, name: string) => {
    await session.create(defaultSessionSpec(name), ns);
    await until(() => sessionOf(ns, name)?.status === 'Running' && !sessionOf(ns, name)?.operation, 15_000, `${name} Running`);
  };
  const window = async (user: 'admin' | 'developer', namespaces: string[] | 'all') => {
    const w = operationContext(fx, namespaces, user, TIMING);
    windows.push(w);
    await Promise.all([w.model.whenReady('compute'), w.model.whenReady('session')]);
    return w;
  };

  before(async () => {
    fx = await startEmulator();
    fx.namespace(NS);
    // The driver's service account exists, so any user's start only applies the workload.
    for (const o of renderDriverRbac(NS)) fx.emulator.applyInternal(o);
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-edit', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    ctx = operationContext(fx, 'all', 'admin', TIMING);
    compute = new ComputeLifecycle(ctx, { stopTimeoutMs: 10_000 });
    session = new SessionLifecycle(ctx, { disableTimeoutMs: 5000 });
    await Promise.all([ctx.model.whenReady('compute'), ctx.model.whenReady('session')]);
  });
  afterEach(() => {
    clearFaults(fx.emulator.server, faults);
    for (const w of windows.splice(0)) w.dispose();
  });
  after(async () => {
    ctx?.dispose();
    await fx?.emulator.stop();
  });

  describe('compute', () => {
    it('a live marker blocks every change: the model shows the operation, the action is refused as busy', async () => {
      await stoppedCompute('held');
      plantMarker('compute', NS, 'held', { action: 'restart', user: 'someone', startedAt: ago(0), heartbeatAt: ago(0), holder: 'h-1' });
      const c = await until(() => computeOf('held')?.operation, 5000, 'operation shown');
      assert.equal(c.action, 'restart');
      assert.equal(computeOf('held')!.interrupted, undefined);
      // Only the looking actions: nothing that changes the cluster.
      assert.deepEqual(availableActions(computeOf('held')!).actions, computeActions('STOPPED', true));
      assert.ok(!availableActions(computeOf('held')!).actions.some((a) => ['start', 'configure', 'delete'].includes(a)));
      await rejectsWith(compute.start(NS, 'held'), 'not-allowed', /Cannot start compute cluster held: restart by someone is in progress\./);
      // A window whose model has not seen the marker yet is stopped by the marker itself.
      const lagging = Object.assign(Object.create(ctx.model), { get: () => ({ ...computeOf('held')!, operation: undefined }) });
      await rejectsWith(
        new ComputeLifecycle({ ...ctx, model: lagging }).start(NS, 'held'),
        'busy',
        /^Compute cluster held is busy: restart by someone \(started .*\) is still in progress\.$/,
      );
      assert.equal(markerIn('compute', NS, 'held')!.holder, 'h-1', 'the live marker was not touched');
    });

    it('a marker without a recent heartbeat shows as interrupted, its actions come back, and the next action takes over', async () => {
      await stoppedCompute('dead');
      plantMarker('compute', NS, 'dead', {
        action: 'restart',
        user: 'someone',
        startedAt: ago(60_000),
        heartbeatAt: ago(50_000),
        holder: 'h-dead',
      });
      const interrupted = await until(() => computeOf('dead')?.interrupted, 5000, 'interrupted');
      assert.equal(interrupted.user, 'someone');
      assert.equal(computeOf('dead')!.operation, undefined);
      assert.deepEqual(
        computeActions('STOPPED', !!computeOf('dead')!.operation).filter((a) => ['start', 'configure', 'delete'].includes(a)),
        ['start', 'configure', 'delete'],
      );
      assert.ok(availableActions(computeOf('dead')!).actions.includes('start'));
      await compute.start(NS, 'dead');
      await until(
        () => computeOf('dead')?.state === 'ACTIVE' && !computeOf('dead')?.operation && !computeOf('dead')?.interrupted,
        10_000,
        'ACTIVE',
      );
      assert.equal(markerIn('compute', NS, 'dead'), undefined);
      const row = activityOf('compute', NS, 'dead').at(-1)!;
      assert.equal(row.outcome, 'succeeded');
      assert.ok(
        row.logLines!.some((l) => /Took over from an interrupted restart by someone/.test(l)),
        row.logLines!.join('\n'),
      );
    });

    it('a live marker turns interrupted by itself once its heartbeat is older than the stale window', async () => {
      await stoppedCompute('fading');
      plantMarker('compute', NS, 'fading', { action: 'start', user: 'someone', startedAt: ago(0), heartbeatAt: ago(0), holder: 'h-2' });
      await until(() => computeOf('fading')?.operation, 5000, 'live');
      // No watch event comes: the model re-derives when the marker would go stale.
      await until(() => computeOf('fading')?.interrupted, 5000, 'interrupted without any event');
      assert.equal(computeOf('fading')!.operation, undefined);
    });

    it('a long action keeps its marker live by heartbeats', async () => {
      await compute.create(cspec('long'), { start: true });
      await until(() => computeOf('long')?.state === 'ACTIVE' && !computeOf('long')?.operation, 10_000, 'ACTIVE');
      // The restart waits for a driver pod that a finalizer holds.
      const pod = store()
        .list('/pods', NS)
        .find((p) => p.metadata.labels?.['dataclusters.io/cluster'] === 'long' && p.metadata.labels?.['spark-role'] === 'driver');
      fx.emulator.applyInternal({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
      const restart = compute.restart(NS, 'long');
      try {
        const first = await until(() => markerIn('compute', NS, 'long'), 5000, 'marker');
        const beats = new Set<string>();
        await fx.emulator.waitFor(
          () => {
            const m = markerIn('compute', NS, 'long');
            if (m?.heartbeatAt) beats.add(m.heartbeatAt);
            return Date.now() - Date.parse(first.startedAt) > 2 * TIMING.staleOperationMs! && beats.size >= 3;
          },
          10_000,
          'the heartbeat to move on past twice the stale window',
        );
        const m = markerIn('compute', NS, 'long')!;
        assert.equal(m.holder, first.holder);
        assert.ok(Date.parse(m.heartbeatAt!) > Date.parse(first.heartbeatAt!));
        // Every window still sees it as running, and nobody can take it over.
        assert.equal(computeOf('long')!.operation?.holder, first.holder);
        assert.equal(computeOf('long')!.interrupted, undefined);
        await rejectsWith(compute.terminate(NS, 'long'), 'not-allowed', /restart by admin is in progress/);
      } finally {
        const p = store().get('/pods', NS, pod.metadata.name);
        if (p) fx.emulator.applyInternal({ ...p, metadata: { ...p.metadata, finalizers: [] } });
      }
      await restart;
      assert.equal(markerIn('compute', NS, 'long'), undefined);
    });

    it('two windows of the same user start the same cluster at once: one wins, the other is told it already runs', async () => {
      await stoppedCompute('race');
      const a = await window('admin', [NS]);
      const b = await window('admin', [NS]);
      await until(() => computeOf('race', a) && computeOf('race', b), 5000, 'both windows see it');
      // The winner's work waits until the loser has its answer, so the race cannot end before it starts.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      faults.push(
        injectFault(fx.emulator.server, { method: 'PATCH', path: /\/deployments\/race-driver$/, fail: 'hold', release: released }),
      );
      const results = [new ComputeLifecycle(a).start(NS, 'race'), new ComputeLifecycle(b).start(NS, 'race')];
      const first = await Promise.race(
        results.map((p, i) =>
          p.then(
            () => i,
            () => i,
          ),
        ),
      );
      release();
      const settledAll = await Promise.allSettled(results);
      assert.equal(settledAll.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(settledAll.map((r) => r.status)));
      const loser = settledAll[first];
      assert.equal(loser.status, 'rejected');
      await rejectsWith(
        Promise.reject((loser as PromiseRejectedResult).reason),
        'busy',
        /^Compute cluster race is busy: you already have start running on it \(started .*\), perhaps in another window\. Wait for it to finish\.$/,
      );
      await until(() => computeOf('race')?.state === 'ACTIVE' && !computeOf('race')?.operation, 10_000, 'ACTIVE');
      assert.deepEqual(
        activityOf('compute', NS, 'race').map((r) => `${r.action}:${r.outcome}`),
        ['create:succeeded', 'start:succeeded'],
      );
    });

    it('two users start the same cluster at once: the loser is told who won', async () => {
      await stoppedCompute('duel');
      const a = await window('admin', [NS]);
      const b = await window('developer', [NS]);
      await until(() => computeOf('duel', a) && computeOf('duel', b), 5000, 'both windows see it');
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      faults.push(
        injectFault(fx.emulator.server, { method: 'PATCH', path: /\/deployments\/duel-driver$/, fail: 'hold', release: released }),
      );
      const results = [new ComputeLifecycle(a).start(NS, 'duel'), new ComputeLifecycle(b).start(NS, 'duel')];
      const first = await Promise.race(
        results.map((p, i) =>
          p.then(
            () => i,
            () => i,
          ),
        ),
      );
      release();
      const settledAll = await Promise.allSettled(results);
      assert.equal(settledAll.filter((r) => r.status === 'fulfilled').length, 1);
      const winner = first === 0 ? 'dev@example.com' : 'admin';
      const reason = (settledAll[first] as PromiseRejectedResult).reason;
      assert.equal(reason.code, 'busy', reason.message);
      assert.match(
        reason.message,
        new RegExp(`^Compute cluster duel is busy: start by ${winner.replace('.', '\\.')} \\(started .*\\) is still in progress\\.$`),
      );
    });
  });

  describe('session', () => {
    it('a live marker blocks; once stale it shows interrupted, Disable is offered and takes over', async () => {
      const ns = fx.namespace('marks-s1');
      await runningSession(ns, 'flow');
      plantMarker('session', ns, 'flow', { action: 'edit', user: 'someone', startedAt: ago(0), heartbeatAt: ago(0), holder: 'h-3' });
      await until(() => sessionOf(ns, 'flow')?.operation, 5000, 'operation shown');
      assert.deepEqual(availableActions(sessionOf(ns, 'flow')!).actions, sessionActions('Running', true));
      assert.ok(!availableActions(sessionOf(ns, 'flow')!).actions.includes('disable'));
      const lagging = Object.assign(Object.create(ctx.model), { get: () => ({ ...sessionOf(ns, 'flow')!, operation: undefined }) });
      await rejectsWith(
        new SessionLifecycle({ ...ctx, model: lagging }).disable(ns, 'flow'),
        'busy',
        /^Session cluster flow is busy: edit by someone \(started .*\) is still in progress\.$/,
      );
      // Its holder stops renewing it.
      await until(() => sessionOf(ns, 'flow')?.interrupted, 5000, 'interrupted');
      assert.equal(sessionOf(ns, 'flow')!.status, 'Running');
      assert.ok(sessionActions('Running', !!sessionOf(ns, 'flow')!.operation).includes('disable'));
      assert.ok(availableActions(sessionOf(ns, 'flow')!).actions.includes('disable'));
      await session.disable(ns, 'flow');
      await until(() => sessionOf(ns, 'flow')?.status === 'Disabled' && !sessionOf(ns, 'flow')?.interrupted, 10_000, 'Disabled');
      assert.equal(markerIn('session', ns, 'flow'), undefined);
      assert.ok(
        activityOf('session', ns, 'flow')
          .at(-1)!
          .logLines!.some((l) => /Took over from an interrupted edit by someone/.test(l)),
      );
    });

    it('two windows start the same session cluster at once: one wins', async () => {
      const ns = fx.namespace('marks-s2');
      await session.create(defaultSessionSpec('pair'), ns, { start: false });
      await until(() => sessionOf(ns, 'pair')?.status === 'Disabled', 5000);
      const a = await window('admin', [ns]);
      const b = await window('admin', [ns]);
      await until(() => sessionOf(ns, 'pair', a) && sessionOf(ns, 'pair', b), 5000, 'both windows see it');
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      faults.push(injectFault(fx.emulator.server, { method: 'PATCH', path: /\/flinkdeployments\/pair$/, fail: 'hold', release: released }));
      const results = [new SessionLifecycle(a).start(ns, 'pair'), new SessionLifecycle(b).start(ns, 'pair')];
      const first = await Promise.race(
        results.map((p, i) =>
          p.then(
            () => i,
            () => i,
          ),
        ),
      );
      release();
      const settledAll = await Promise.allSettled(results);
      assert.equal(settledAll.filter((r) => r.status === 'fulfilled').length, 1);
      const reason = (settledAll[first] as PromiseRejectedResult).reason;
      assert.equal(reason.code, 'busy', reason.message);
      assert.match(reason.message, /^Session cluster pair is busy: you already have start running on it/);
      await until(() => sessionOf(ns, 'pair')?.status === 'Running' && !sessionOf(ns, 'pair')?.operation, 15_000, 'Running');
    });
  });

  describe('clearing the marker under faults', () => {
    it('clears it by retrying when the clearing write gets 503 or a dropped connection', async () => {
      await stoppedCompute('flaky');
      const clearing = injectFault(fx.emulator.server, {
        method: 'PATCH',
        path: /\/configmaps\/compute\.flaky$/,
        body: CLEARING,
        times: 2,
        fail: 503,
      });
      faults.push(clearing);
      await compute.start(NS, 'flaky');
      assert.equal(clearing.failed, 2, 'the clearing write failed twice');
      assert.equal(markerIn('compute', NS, 'flaky'), undefined, 'and was retried until it went through');
      await until(() => computeOf('flaky')?.state === 'ACTIVE' && !computeOf('flaky')?.operation, 10_000, 'ACTIVE');
      clearFaults(fx.emulator.server, faults);

      const dropped = injectFault(fx.emulator.server, {
        method: 'PATCH',
        path: /\/configmaps\/compute\.flaky$/,
        body: CLEARING,
        times: 1,
        fail: 'drop',
      });
      faults.push(dropped);
      await compute.terminate(NS, 'flaky');
      assert.equal(dropped.failed, 1);
      assert.equal(markerIn('compute', NS, 'flaky'), undefined);
    });

    it('a marker that can never be cleared stops being renewed, turns stale, and the next action takes over', async () => {
      await stoppedCompute('stuck');
      const clearing = injectFault(fx.emulator.server, {
        method: 'PATCH',
        path: /\/configmaps\/compute\.stuck$/,
        body: CLEARING,
        fail: 503,
      });
      faults.push(clearing);
      const impatient = new ComputeLifecycle({ ...ctx, clearMarkerForMs: 500 });
      await impatient.start(NS, 'stuck');
      assert.ok(clearing.failed >= 2, `tried ${clearing.failed} times`);
      const left = markerIn('compute', NS, 'stuck')!;
      assert.equal(left.action, 'start');
      // Not renewed any more: it goes stale, and the cluster is offered again.
      await until(() => computeOf('stuck')?.interrupted, 5000, 'interrupted');
      assert.equal(markerIn('compute', NS, 'stuck')!.heartbeatAt, left.heartbeatAt, 'no renewal after the action ended');
      assert.ok(availableActions(computeOf('stuck')!).actions.includes('terminate'));
      clearFaults(fx.emulator.server, faults);
      await compute.terminate(NS, 'stuck');
      assert.equal(markerIn('compute', NS, 'stuck'), undefined);
      assert.ok(
        activityOf('compute', NS, 'stuck')
          .at(-1)!
          .logLines!.some((l) => /Took over from an interrupted start by admin/.test(l)),
      );
    });
  });
});

describe('The demo seed: alerts, Disabling with a week-old marker', function () {
  this.timeout(30_000);
  it('shows as interrupted, offers Disable, and Disable finishes it', async () => {
    const emulator = await startSeededEmulator('demo', {
      speed: 20,
      bookmarkIntervalMs: 500,
      timings: { schedule: 100, pull: 400, start: 100, ready: 300, crash: 500, backoff: 1000, kill: 200 },
    });
    const fx: EmulatorFixture = {
      emulator,
      kubeconfigFile: '',
      kc: (user = 'admin') => {
        const kc = new KubeConfig();
        kc.loadFromString(emulator.kubeconfig(user));
        return kc;
      },
      namespace: (n) => n,
    };
    const ctx = operationContext(fx, [...DEMO_NAMESPACES]);
    try {
      const { namespace: ns, name } = DEMO_DISABLING;
      await ctx.model.whenReady('session');
      const alerts = () => ctx.model.get('session', ns, name) as SessionCluster;
      assert.equal(alerts().status, 'Disabling');
      assert.equal(alerts().operation, undefined);
      assert.equal(alerts().interrupted?.action, 'disable');
      assert.equal(alerts().interrupted?.user, 'admin');
      assert.deepEqual(availableActions(alerts()).actions, ['disable', 'openDetails', 'showLogs']);
      await new SessionLifecycle(ctx, { disableTimeoutMs: 10_000 }).disable(ns, name);
      await until(() => alerts().status === 'Disabled' && !alerts().interrupted && !alerts().operation, 10_000, 'Disabled');
      assert.equal(emulator.api.store.get('flink.apache.org/flinkdeployments', ns, name), undefined);
      assert.deepEqual(
        emulator.api.store.list('flink.apache.org/flinksessionjobs', ns).filter((j) => j.spec.deploymentName === name),
        [],
      );
      assert.equal(
        emulator.api.store.get('/configmaps', ns, `session.${name}`).metadata.annotations['dataclusters.io/operation'],
        undefined,
      );
    } finally {
      ctx.dispose();
      await emulator.stop();
    }
  });
});
