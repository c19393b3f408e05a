import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Informer, InformerState, ObjectChange, requestListPage } from '../../../src/kube/informer';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { KubeObject, RESOURCES } from '../../../src/kube/resources';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { injectFault, InstalledFault } from '../support/requestFaults';

describe('Informer (against the emulator)', function () {
  this.timeout(20_000);
  let fx: EmulatorFixture;
  const informers: Informer[] = [];
  const cm = (ns: string, name: string, labels: Record<string, string> = { watched: 'yes' }, data: Record<string, string> = { v: '1' }) =>
    fx.emulator.applyInternal({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data });
  const cmType = () => fx.emulator.api.mustType('', 'configmaps');

  function informer(
    ns: string,
    opts: { labelSelector?: string; user?: 'admin' | 'developer' } = {},
  ): { inf: Informer; changes: ObjectChange<KubeObject>[]; states: InformerState[]; transport: KubeTransport } {
    const transport = new KubeTransport(fx.kc(opts.user));
    const inf = new Informer(transport, RESOURCES.configMaps, {
      namespace: ns,
      labelSelector: opts.labelSelector ?? 'watched=yes',
      initialBackoffMs: 50,
      maxBackoffMs: 400,
      random: () => 0.5,
    });
    const changes: ObjectChange<KubeObject>[] = [];
    const states: InformerState[] = [];
    inf.onDidChangeObjects((c) => changes.push(...c));
    inf.onDidChangeState((s) => states.push(s));
    informers.push(inf);
    return { inf: inf.start(), changes, states, transport };
  }

  before(async () => {
    fx = await startEmulator();
  });
  const faults: InstalledFault[] = [];
  afterEach(() => {
    for (const f of faults.splice(0)) f.remove();
    for (const i of informers.splice(0)) i.dispose();
    fx.emulator.server.faults.failNext = undefined;
  });
  after(() => fx.emulator.stop());

  it('leaves out managedFields when asked, from lists and watch events alike', async () => {
    const ns = fx.namespace('bookkeeping');
    cm(ns, 'listed');
    const transport = new KubeTransport(fx.kc());
    const opts = { namespace: ns, labelSelector: 'watched=yes' };
    const full = new Informer(transport, RESOURCES.configMaps, opts);
    const lean = new Informer(transport, RESOURCES.configMaps, { ...opts, dropManagedFields: true });
    informers.push(full, lean);
    await Promise.all([full.start().whenSynced(), lean.start().whenSynced()]);
    cm(ns, 'watched');
    await until(() => full.get(ns, 'watched') && lean.get(ns, 'watched'), 5000, 'the watched object');
    for (const name of ['listed', 'watched']) {
      assert.ok(full.get(ns, name)!.metadata.managedFields, `${name}: kept by default`);
      const kept = lean.get(ns, name)!;
      assert.equal(kept.metadata.managedFields, undefined, `${name}: left out`);
      assert.equal(kept.kind, 'ConfigMap');
      assert.deepEqual(kept.metadata.labels, { watched: 'yes' });
      assert.equal(kept.metadata.resourceVersion, full.get(ns, name)!.metadata.resourceVersion);
    }
  });

  it('uses a first page requested ahead instead of listing, and lists itself when that page failed', async () => {
    const ns = fx.namespace('ahead');
    cm(ns, 'one');
    const lists = injectFault(fx.emulator.server, { method: 'GET', path: /\/namespaces\/ahead\/configmaps$/, skip: Infinity, fail: 500 });
    faults.push(lists);
    const listed = () => lists.seen.filter((r) => r.query.get('watch') !== 'true').length;
    const transport = new KubeTransport(fx.kc());
    const opts = { namespace: ns, labelSelector: 'watched=yes' };
    const firstPage = requestListPage(transport, RESOURCES.configMaps, opts, new AbortController().signal);
    await firstPage;
    assert.equal(listed(), 1);
    const ahead = new Informer(transport, RESOURCES.configMaps, { ...opts, firstPage });
    informers.push(ahead);
    await ahead.start().whenSynced();
    assert.deepEqual(
      ahead.items().map((o) => [o.kind, o.metadata.name]),
      [['ConfigMap', 'one']],
    );
    assert.equal(listed(), 1, 'no list of its own');
    const failed = new Informer(transport, RESOURCES.configMaps, { ...opts, firstPage: Promise.reject(new Error('refused')) });
    informers.push(failed);
    await failed.start().whenSynced();
    assert.deepEqual(
      failed.items().map((o) => o.metadata.name),
      ['one'],
    );
    assert.equal(listed(), 2, 'listed itself');
  });

  it('lists, then reports additions, modifications and deletions as they happen', async () => {
    const ns = fx.namespace('inf-basic');
    cm(ns, 'a');
    cm(ns, 'ignored', { other: 'x' });
    const { inf, changes } = informer(ns);
    await inf.whenSynced();
    assert.deepEqual(
      inf.items().map((o) => o.metadata.name),
      ['a'],
    );
    assert.equal(inf.items()[0].kind, 'ConfigMap');
    assert.deepEqual(
      changes.map((c) => `${c.type} ${c.object.metadata.name}`),
      ['added a'],
    );
    cm(ns, 'b');
    await until(() => inf.get(ns, 'b'));
    cm(ns, 'b', undefined, { v: '2' });
    await until(() => inf.get(ns, 'b')?.data.v === '2');
    fx.emulator.api.delete(cmType(), ns, 'b');
    await until(() => !inf.get(ns, 'b'));
    assert.deepEqual(
      changes.slice(1).map((c) => `${c.type} ${c.object.metadata.name}`),
      ['added b', 'modified b', 'deleted b'],
    );
    assert.equal(changes[2].previous?.data.v, '1');
  });

  it('relists after 410 Expired and reports only what really changed, once', async () => {
    const ns = fx.namespace('inf-gone');
    for (const n of ['keep', 'change', 'remove']) cm(ns, n);
    const { inf, changes } = informer(ns);
    await inf.whenSynced();
    changes.length = 0;
    // While the watch is down: a change, a deletion, an addition; then history is compacted.
    fx.emulator.server.dropWatches();
    cm(ns, 'change', undefined, { v: '2' });
    fx.emulator.api.delete(cmType(), ns, 'remove');
    cm(ns, 'added');
    fx.emulator.api.store.compact();
    await until(() => changes.length >= 3, 5000, 'relist changes');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(changes.map((c) => `${c.type} ${c.object.metadata.name}`).sort(), [
      'added added',
      'deleted remove',
      'modified change',
    ]);
    assert.deepEqual(
      inf
        .items()
        .map((o) => o.metadata.name)
        .sort(),
      ['added', 'change', 'keep'],
    );
  });

  it('survives an API server restart mid-watch without losing or duplicating objects', async () => {
    const ns = fx.namespace('inf-restart');
    for (let i = 0; i < 20; i++) cm(ns, `c${i}`);
    const { inf, changes } = informer(ns);
    await inf.whenSynced();
    changes.length = 0;
    const restarting = fx.emulator.restart(400);
    for (let i = 20; i < 25; i++) cm(ns, `c${i}`);
    fx.emulator.api.delete(cmType(), ns, 'c0');
    await restarting;
    await until(() => inf.size === 24 && !inf.get(ns, 'c0'), 8000, 'catch-up after restart');
    const names = changes.map((c) => `${c.type} ${c.object.metadata.name}`);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names.join(', ')}`);
    assert.deepEqual(names.sort(), ['added c20', 'added c21', 'added c22', 'added c23', 'added c24', 'deleted c0']);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const ns = fx.namespace('inf-429');
    fx.emulator.server.faults.failNext = { count: 1, code: 429, retryAfterSeconds: 1 };
    const { inf, states } = informer(ns);
    const started = Date.now();
    await inf.whenSynced();
    const retrying = states.find((s) => s.phase === 'retrying');
    assert.ok(retrying && retrying.phase === 'retrying');
    assert.equal(retrying.retryInMs, 1000);
    assert.equal(retrying.error.code, 429);
    assert.ok(Date.now() - started >= 950);
  });

  it('backs off exponentially on 5xx and recovers', async () => {
    const ns = fx.namespace('inf-500');
    fx.emulator.server.faults.failNext = { count: 3, code: 500 };
    const { inf, states } = informer(ns);
    await inf.whenSynced();
    const delays = states.filter((s) => s.phase === 'retrying').map((s) => (s.phase === 'retrying' ? s.retryInMs : 0));
    // random() = 0.5 makes the jitter factor exactly 1: 50, 100, 200 ms.
    assert.deepEqual(delays, [50, 100, 200]);
    assert.equal(inf.state.phase, 'synced');
  });

  it('reports 403 with the server message and keeps retrying', async () => {
    const ns = fx.namespace('inf-403');
    const { inf, states } = informer(ns, { user: 'developer' });
    const s = await until(() => states.find((x) => x.phase === 'retrying'));
    assert.ok(s.phase === 'retrying');
    assert.equal(s.error.code, 403);
    assert.match(s.error.message, /cannot list resource "configmaps" in API group "" in the namespace "inf-403"/);
    assert.equal(inf.size, 0);
  });

  it('reports an expired token as 401 with advice', async () => {
    const ns = fx.namespace('inf-401');
    const { inf, states } = informer(ns, { user: 'developer' });
    void inf;
    fx.emulator.tokens.expire(fx.emulator.token('developer'));
    const s = await until(() => states.find((x) => x.phase === 'retrying' && x.error.code === 401));
    assert.ok(s.phase === 'retrying');
    assert.match(s.error.message, /rejected your credentials \(401 Unauthorized\)/);
  });

  it('sends no request while idle: one list, one watch, bookmarks on the open stream', async () => {
    const ns = fx.namespace('inf-idle');
    cm(ns, 'x');
    const { inf, transport } = informer(ns);
    await inf.whenSynced();
    await new Promise((r) => setTimeout(r, 100));
    const before = transport.requestCount;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(before, 2);
    assert.equal(transport.requestCount, before);
    assert.ok(Number(inf.lastResourceVersion) >= Number(inf.get(ns, 'x')!.metadata.resourceVersion));
  });

  it('closes its watch when disposed', async () => {
    const ns = fx.namespace('inf-dispose');
    const { inf, states } = informer(ns);
    await inf.whenSynced();
    await until(() => fx.emulator.server.openWatches > 0);
    const open = fx.emulator.server.openWatches;
    inf.dispose();
    await until(() => fx.emulator.server.openWatches < open);
    await until(() => inf.state.phase === 'stopped');
    assert.equal(
      states.some((s) => s.phase === 'stopped'),
      false,
      'a disposed informer fires nothing',
    );
  });

  it('is synced again when its watch resumes after an API server restart, without a 410 or a relist', async () => {
    const ns = fx.namespace('inf-resume');
    cm(ns, 'before');
    const { inf, states } = informer(ns);
    await inf.whenSynced();
    const lists = injectFault(fx.emulator.server, {
      method: 'GET',
      path: /\/namespaces\/inf-resume\/configmaps$/,
      skip: Infinity,
      fail: 500,
    });
    faults.push(lists);
    states.length = 0;
    await fx.emulator.restart(300);
    cm(ns, 'after');
    await until(() => inf.get(ns, 'after'), 8000, 'the change made after the restart');
    await until(() => inf.state.phase === 'synced', 5000, 'synced');
    assert.ok(
      states.some((s) => s.phase === 'retrying'),
      states.map((s) => s.phase).join(),
    );
    assert.equal(states.at(-1)!.phase, 'synced');
    // It resumed the watch from its resourceVersion: no list was needed.
    assert.equal(lists.seen.filter((r) => r.query.get('watch') !== 'true').length, 0);
  });

  it('is synced again after a dropped watch whose first reconnects fail', async () => {
    const ns = fx.namespace('inf-drop');
    const { inf, states } = informer(ns);
    await inf.whenSynced();
    faults.push(injectFault(fx.emulator.server, { method: 'GET', path: /\/namespaces\/inf-drop\/configmaps$/, times: 2, fail: 503 }));
    states.length = 0;
    fx.emulator.server.dropWatches();
    await until(() => states.some((s) => s.phase === 'retrying'), 5000, 'retrying');
    await until(() => inf.state.phase === 'synced', 5000, 'synced');
    cm(ns, 'later');
    await until(() => inf.get(ns, 'later'), 5000, 'live again');
  });

  it('leaves no abort listener behind for each retry', async () => {
    const ns = fx.namespace('inf-sleep');
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      faults.push(injectFault(fx.emulator.server, { method: 'GET', path: /\/namespaces\/inf-sleep\/configmaps$/, times: 11, fail: 503 }));
      const { inf, states } = informer(ns);
      await inf.whenSynced();
      assert.equal(states.filter((s) => s.phase === 'retrying').length, 11);
      const stop = (inf as unknown as { stop: AbortController }).stop.signal;
      // The open watch and its request listen for the informer to stop; the eleven sleeps do not.
      assert.ok(getEventListeners(stop, 'abort').length <= 2, `${getEventListeners(stop, 'abort').length} abort listeners`);
      assert.deepEqual(
        warnings.filter((w) => w.name === 'MaxListenersExceededWarning'),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
