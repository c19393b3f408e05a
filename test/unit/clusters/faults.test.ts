import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Cluster, ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { ComputeLifecycle } from '../../../src/clusters/compute/computeLifecycle';
import { renderDriverRbac } from '../../../src/clusters/compute/computeRenderer';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { ClusterConnection } from '../../../src/clusters/connection';
import { ClusterOperationError } from '../../../src/clusters/operations';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { defaultSessionSpec } from '../../../shared/clusters/sessionSpec';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { ContextOptions, operationContext, TestContext } from '../support/lifecycleFixture';

/** Seeded, so a failing run can be repeated: CHAOS_SEED=… CHAOS_MS=… */
const SEED = Number(process.env.CHAOS_SEED ?? 8);
const DURATION_MS = Number(process.env.CHAOS_MS ?? 40_000);
const KUBECTL = '/usr/bin/kubectl';
const NS = 'chaos';
const COMPUTE = ['c0', 'c1', 'c2', 'c3'];
const SESSION = ['s0', 's1'];
const TIMING: ContextOptions = {
  staleOperationMs: 3000,
  heartbeatMs: 500,
  clearMarkerForMs: 15_000,
  initialBackoffMs: 50,
  maxBackoffMs: 500,
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a cluster looks like to a user, for comparing one window's model with a fresh one. */
function view(c: Cluster): string {
  return c.kind === 'compute'
    ? `${c.name} ${c.state} gen ${c.generation}/${c.workloadGeneration ?? '-'} op ${c.operation?.action ?? '-'} int ${c.interrupted?.action ?? '-'}`
    : `${c.name} ${c.status} gen ${c.generation}/${c.workloadGeneration ?? '-'} jobs ${c.sessionJobs} op ${c.operation?.action ?? '-'} int ${c.interrupted?.action ?? '-'}`;
}

describe('Under faults: random actions from two windows, outside changes, a flaky API server', function () {
  this.timeout(DURATION_MS + 120_000);
  let fx: EmulatorFixture;
  const contexts: TestContext[] = [];
  let conn: ClusterConnection | undefined;

  after(async () => {
    conn?.dispose();
    for (const c of contexts) c.dispose();
    await fx?.emulator.stop();
  });

  it('loses, duplicates and locks nothing, and everything works again once the faults stop', async () => {
    const random = mulberry32(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    fx = await startEmulator({ seed: SEED });
    fx.namespace(NS);
    for (const o of renderDriverRbac(NS)) fx.emulator.applyInternal(o);
    const window = (user: 'admin' | 'developer' = 'admin') => {
      const c = operationContext(fx, [NS], user, TIMING);
      contexts.push(c);
      return c;
    };
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-edit', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    const a = window('admin');
    const b = window('developer');
    conn = new ClusterConnection(fx.kc(), { namespaces: [NS] });
    await Promise.all([a, b].flatMap((c) => [c.model.whenReady('compute'), c.model.whenReady('session')]));
    const lifecycles = [a, b].map((ctx) => ({
      ctx,
      compute: new ComputeLifecycle(ctx, { stopTimeoutMs: 8000 }),
      session: new SessionLifecycle(ctx, { disableTimeoutMs: 8000 }),
    }));
    for (const name of COMPUTE)
      await lifecycles[0].compute.create({ ...defaultComputeSpec(name, NS, BUILTIN_NODE_TYPES), executorCount: 1 }, { start: true });
    for (const name of SESSION) await lifecycles[0].session.create(defaultSessionSpec(name), NS);

    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const raw: string[] = [];
    const deadline = Date.now() + DURATION_MS;
    const jitter = () => new Promise((r) => setTimeout(r, 20 + random() * 200));

    const actor = async (i: number) => {
      const l = lifecycles[i];
      while (Date.now() < deadline) {
        const session = random() < 0.35;
        const name = session ? pick(SESSION) : pick(COMPUTE);
        const action = session ? pick(['start', 'disable'] as const) : pick(['start', 'terminate', 'restart'] as const);
        const kind = `${session ? 'session' : 'compute'}.${action}`;
        try {
          await (session ? (l.session as any)[action](NS, name) : (l.compute as any)[action](NS, name));
          count(`${kind}:ok`);
        } catch (e) {
          if (e instanceof ClusterOperationError) count(`${kind}:${e.code}`);
          else raw.push(`${kind} ${name}: ${String(e)}`);
        }
        await jitter();
      }
    };
    const kubectl = (...args: string[]) =>
      new Promise<void>((resolve) =>
        execFile(KUBECTL, ['--kubeconfig', fx.kubeconfigFile, '-n', NS, '--request-timeout=5s', ...args], { timeout: 10_000 }, (err) => {
          count(`kubectl:${err ? 'failed' : 'ok'}`);
          resolve();
        }),
      );
    const outsider = async () => {
      let n = 0;
      while (Date.now() < deadline) {
        const name = pick(COMPUTE);
        const r = random();
        if (r < 0.33) await kubectl('scale', `deployment/${name}-driver`, `--replicas=${random() < 0.5 ? 0 : 1}`);
        else if (r < 0.66) await kubectl('annotate', `configmap/compute.${name}`, `example.com/touched=${n++}`, '--overwrite');
        else await kubectl('delete', 'pod', '-l', `dataclusters.io/cluster=${name},spark-role=driver`, '--wait=false');
        await jitter();
      }
    };
    const faults = async () => {
      const server = fx.emulator.server;
      while (Date.now() < deadline) {
        const r = random();
        if (r < 0.15) {
          count('fault:restart');
          await fx.emulator.restart(100 + Math.floor(random() * 400));
        } else if (r < 0.3) {
          count('fault:drop-watches');
          server.dropWatches();
        } else if (r < 0.45) {
          count('fault:410');
          server.faults.goneOnNextWatch = true;
          server.dropWatches();
        } else if (r < 0.65) {
          count('fault:429');
          server.faults.failNext = { count: 1 + Math.floor(random() * 3), code: 429, retryAfterSeconds: 0 };
        } else if (r < 0.85) {
          count('fault:503');
          server.faults.failNext = { count: 1 + Math.floor(random() * 3), code: 503 };
        } else {
          count('fault:latency');
          server.faults.latencyMs = Math.floor(random() * 150);
        }
        await new Promise((res) => setTimeout(res, 300 + random() * 1200));
      }
      server.faults.latencyMs = 0;
      server.faults.failNext = undefined;
      server.faults.goneOnNextWatch = false;
    };
    await Promise.all([actor(0), actor(1), outsider(), faults()]);
    const summary = [...outcomes].sort().map(([k, v]) => `${k}=${v}`);
    console.log(`      faults run (seed ${SEED}, ${Math.round(DURATION_MS / 1000)} s): ${summary.join(' ')}`);

    // Progress, not only safety: every kind of action got through at least once under the faults.
    const tally = (kind: string, outcome?: string) =>
      [...outcomes]
        .filter(([k]) => k.startsWith(`${kind}:`) && (outcome === undefined || k === `${kind}:${outcome}`))
        .reduce((n, [, v]) => n + v, 0);
    const kinds = ['compute.start', 'compute.terminate', 'compute.restart', 'session.start', 'session.disable'];
    for (const kind of kinds) assert.ok(tally(kind, 'ok') > 0, `${kind} never succeeded: ${summary.join(' ')}`);
    // And most of the actions the state table let run finished. Refusals are the design's answers,
    // not failures: `not-allowed` (a random action on a state that has no such action) and `busy`
    // (the other window's action holds the cluster). The rest should go through: each fault lasts
    // at most three failed requests or a half-second restart, with 0.3 to 1.5 s between faults, and
    // the client retries 429 and 503 and re-lists after a dropped watch or a 410, well inside the
    // actions' 8 s stop timeouts; what legitimately fails is an action whose cluster the outsider
    // changed underfoot or that a restart cut off mid-write. Alone, seed 8 finishes 74 of 78 and 77
    // of 82; on a machine busy with other test runs the actions' timeouts bite and it fell to 46 of
    // 79. So the bar is "most": more than half. A regression that fails actions wholesale (even with
    // a clear error) falls far below it, and every kind must still succeed at least once (above).
    const ran = kinds.reduce((n, k) => n + tally(k) - tally(k, 'not-allowed') - tally(k, 'busy'), 0);
    const succeeded = kinds.reduce((n, k) => n + tally(k, 'ok'), 0);
    assert.ok(ran > 0 && succeeded / ran > 0.5, `${succeeded} of ${ran} allowed actions succeeded: ${summary.join(' ')}`);

    // The faults have stopped. Every watch is live again, and the connection says so.
    for (const c of [a, b]) await until(() => c.cache.health().every((h) => h.state.phase === 'synced'), 20_000, 'every informer synced');
    await until(() => conn!.health.kind === 'ready', 20_000, 'connection ready');
    assert.deepEqual(raw, [], 'every failure was explained as a ClusterOperationError');

    // No marker is left in the store: every action cleared its own (retrying through the faults).
    const store = fx.emulator.api.store;
    const definitions = () => store.list('/configmaps', NS).filter((cm) => /^(compute|session)\.[^.]+$/.test(cm.metadata.name));
    const marked = definitions().filter((cm) => cm.metadata.annotations?.['dataclusters.io/operation']);
    assert.deepEqual(
      marked.map((cm) => `${cm.metadata.name}: ${cm.metadata.annotations['dataclusters.io/operation']}`),
      [],
    );

    // Nothing lost or duplicated, and the long-lived window agrees with a fresh one.
    assert.deepEqual(
      definitions()
        .map((cm) => cm.metadata.name)
        .sort(),
      [...COMPUTE.map((n) => `compute.${n}`), ...SESSION.map((n) => `session.${n}`)],
    );
    const fresh = window('admin');
    await Promise.all([fresh.model.whenReady('compute'), fresh.model.whenReady('session')]);
    const all = (c: TestContext) => [...c.model.computeClusters(), ...c.model.sessionClusters()].map(view).join('\n');
    await until(() => all(a) === all(fresh), 20_000, `the window's model to equal a fresh list:\n${all(a)}\n---\n${all(fresh)}`);
    assert.deepEqual(
      a.model.computeClusters().map((c) => c.name),
      COMPUTE,
    );
    assert.deepEqual(
      a.model.sessionClusters().map((c) => c.name),
      SESSION,
    );

    // Every cluster still accepts a start or a terminate (disable for session clusters).
    const l = lifecycles[0];
    for (const name of COMPUTE) {
      const c = a.model.get('compute', NS, name) as ComputeCluster;
      if (c.state === 'STOPPED') await l.compute.start(NS, name);
      else await l.compute.terminate(NS, name);
    }
    for (const name of SESSION) {
      const c = a.model.get('session', NS, name) as SessionCluster;
      if (c.status === 'Disabled') await l.session.start(NS, name);
      else await l.session.disable(NS, name);
    }
    assert.deepEqual(
      definitions().filter((cm) => cm.metadata.annotations?.['dataclusters.io/operation']),
      [],
    );
  });
});
