import * as assert from 'node:assert/strict';
import { ObjectStore } from '../api/store';

/** The store keeps a bounded window of changes, as etcd compaction and the watch cache do. */
describe('Emulator store history', function () {
  const cm = (name: string, rv: number) => ({ metadata: { name, namespace: 'ns', resourceVersion: String(rv) } });

  it('answers watches and exact lists from inside the window, and expires what fell out of it', () => {
    const store = new ObjectStore(3);
    const rvs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const rv = store.nextResourceVersion();
      rvs.push(rv);
      store.put('/configmaps', cm(`c${i}`, rv));
    }
    // Five changes, three retained: resuming after the second change still works, after the first does not.
    assert.deepEqual(
      (store.changesSince(rvs[1]) as any[]).map((c) => c.obj.metadata.name),
      ['c2', 'c3', 'c4'],
    );
    assert.equal(store.changesSince(rvs[0]), 'expired');
    assert.deepEqual(
      (store.listAt('/configmaps', 'ns', rvs[2]) as any[]).map((o) => o.metadata.name),
      ['c0', 'c1', 'c2'],
    );
    assert.equal(store.listAt('/configmaps', 'ns', rvs[0]), 'expired');
  });

  it('expires a watch per type once its changes left the watch cache: past its size and older than the fresh window', () => {
    let now = 0;
    const store = new ObjectStore(10_000, { size: 2, freshMs: 1000, now: () => now });
    const put = (typeKey: string, name: string) => {
      const rv = store.nextResourceVersion();
      store.put(typeKey, cm(name, rv));
      return rv;
    };
    const first = put('/configmaps', 'a');
    put('/configmaps', 'b');
    const c = put('/configmaps', 'c');
    // Fresh changes stay, however many there are.
    assert.notEqual(store.changesSince(first - 1, '/configmaps'), 'expired');
    now = 2000;
    const secret = put('/secrets', 's');
    // Another type's changes evict nothing of this one.
    assert.notEqual(store.changesSince(first - 1, '/configmaps'), 'expired');
    put('/configmaps', 'd');
    // Old and beyond the size: a, b leave; c and d stay.
    assert.equal(store.changesSince(first, '/configmaps'), 'expired');
    assert.equal(store.watchWindowStart('/configmaps'), c - 1);
    assert.deepEqual(
      (store.changesSince(store.watchWindowStart('/configmaps'), '/configmaps') as any[])
        .filter((c) => c.typeKey === '/configmaps')
        .map((c) => c.obj.metadata.name),
      ['c', 'd'],
    );
    assert.notEqual(store.changesSince(secret - 1, '/secrets'), 'expired');
  });
});
