/** The emulator's etcd: objects by type, a monotonic resourceVersion, and a bounded window of changes for watches. */

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  readonly rv: number;
  readonly type: ChangeType;
  readonly typeKey: string;
  readonly obj: any;
  /** The object before a MODIFIED change, for selector transitions. */
  readonly prev?: any;
}

export const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class ObjectStore {
  private rv = 1;
  private readonly data = new Map<string, Map<string, any>>();
  private readonly history: Change[] = [];
  /** The lowest resourceVersion a watch may resume from; older ones get 410 Expired. */
  private oldestRetained = 1;
  private readonly listeners = new Set<(c: Change) => void>();
  /** owner uid -> dependents' (typeKey, key). */
  private readonly dependents = new Map<string, Map<string, { typeKey: string; key: string }>>();
  /** Per type, the watch cache's window: the (rv, time) of each change it still holds, oldest first. */
  private readonly watchWindows = new Map<string, { rv: number; at: number }[]>();
  /** Per type, once its watch cache has dropped changes: one before the oldest change it holds. */
  private readonly watchEvicted = new Map<string, number>();

  /**
   * `historyLimit` bounds the retained changes (all types together), as etcd's periodic compaction
   * does for exact lists and continue tokens. Watches are served as kube-apiserver's watch cache
   * serves them, per type: it holds at least `watchCache.size` changes and every change younger
   * than `watchCache.freshMs` (1.26: 100 and 75 s, growing while changes are fresh); a watch from
   * before what it holds gets 410 Expired.
   */
  constructor(
    private readonly historyLimit = 10_000,
    private readonly watchCache: { size: number; freshMs: number; now: () => number } = { size: 100, freshMs: 75_000, now: Date.now },
  ) {}

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestResourceVersion(): number {
    return this.oldestRetained;
  }

  nextResourceVersion(): number {
    return ++this.rv;
  }

  bucket(typeKey: string): Map<string, any> {
    let b = this.data.get(typeKey);
    if (!b) {
      b = new Map();
      this.data.set(typeKey, b);
    }
    return b;
  }

  get(typeKey: string, namespace: string | undefined, name: string): any {
    return this.data.get(typeKey)?.get(objectKey(namespace, name));
  }

  /** Objects of a type, sorted by namespace/name as the real server lists them. */
  list(typeKey: string, namespace?: string): any[] {
    const b = this.data.get(typeKey);
    if (!b) return [];
    const out: any[] = [];
    for (const [key, obj] of b) if (namespace === undefined || key.startsWith(`${namespace}/`)) out.push(obj);
    return out.sort((a, c) =>
      objectKey(a.metadata.namespace, a.metadata.name) < objectKey(c.metadata.namespace, c.metadata.name) ? -1 : 1,
    );
  }

  count(): number {
    let n = 0;
    for (const b of this.data.values()) n += b.size;
    return n;
  }

  /** Stores `obj` (its metadata.resourceVersion already set by the caller from nextResourceVersion). */
  put(typeKey: string, obj: any): Change {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const b = this.bucket(typeKey);
    const prev = b.get(key);
    b.set(key, obj);
    this.index(typeKey, key, prev, obj);
    return this.record({ rv: Number(obj.metadata.resourceVersion), type: prev ? 'MODIFIED' : 'ADDED', typeKey, obj, prev });
  }

  remove(typeKey: string, obj: any): Change | undefined {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const b = this.data.get(typeKey);
    const prev = b?.get(key);
    if (!prev) return undefined;
    b!.delete(key);
    this.index(typeKey, key, prev, undefined);
    const rv = this.nextResourceVersion();
    const final = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
    return this.record({ rv, type: 'DELETED', typeKey, obj: final, prev });
  }

  dependentsOf(ownerUid: string): { typeKey: string; key: string }[] {
    return [...(this.dependents.get(ownerUid)?.values() ?? [])];
  }

  getByKey(typeKey: string, key: string): any {
    return this.data.get(typeKey)?.get(key);
  }

  onChange(listener: (c: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The resourceVersion a watch of a type can resume from at the earliest, minus one (what
   * kube-apiserver names in "too old resource version: RV (OLDEST)").
   */
  watchWindowStart(typeKey?: string): number {
    const evicted = typeKey === undefined ? 0 : (this.watchEvicted.get(typeKey) ?? 0);
    return Math.max(this.oldestRetained - 1, evicted);
  }

  /** Changes after `rv` (of all types, or of `typeKey`'s window), or 'expired' when the window no longer reaches back that far. */
  changesSince(rv: number, typeKey?: string): Change[] | 'expired' {
    if (rv < this.watchWindowStart(typeKey)) return 'expired';
    // History is sorted by rv: binary search for the first change after rv.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /**
   * The objects of a type as they were at `rv` (an exact read, as etcd serves it), rebuilt by undoing
   * the retained changes after `rv`; 'expired' once compaction has dropped what that needs.
   */
  listAt(typeKey: string, namespace: string | undefined, rv: number): any[] | 'expired' {
    if (rv < this.oldestRetained - 1) return 'expired';
    const objects = new Map<string, any>();
    for (const o of this.list(typeKey, namespace)) objects.set(objectKey(o.metadata.namespace, o.metadata.name), o);
    for (let i = this.history.length - 1; i >= 0 && this.history[i].rv > rv; i--) {
      const c = this.history[i];
      if (c.typeKey !== typeKey) continue;
      const o = c.type === 'ADDED' ? c.obj : c.prev;
      if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
      const key = objectKey(o.metadata.namespace, o.metadata.name);
      if (c.type === 'ADDED') objects.delete(key);
      else objects.set(key, c.prev);
    }
    return [...objects.values()].sort((a, c) =>
      objectKey(a.metadata.namespace, a.metadata.name) < objectKey(c.metadata.namespace, c.metadata.name) ? -1 : 1,
    );
  }

  /** Forgets all history: every watch resuming from an older resourceVersion gets 410. */
  compact(): void {
    this.history.length = 0;
    this.oldestRetained = this.rv + 1;
    this.watchWindows.clear();
    this.watchEvicted.clear();
  }

  private record(change: Change): Change {
    this.history.push(change);
    this.slideWatchWindow(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldestRetained = dropped[dropped.length - 1].rv + 1;
    }
    for (const l of [...this.listeners]) l(change);
    return change;
  }

  /** Drops the oldest changes of the type beyond the cache's size once they are no longer fresh. */
  private slideWatchWindow(change: Change): void {
    const now = this.watchCache.now();
    let w = this.watchWindows.get(change.typeKey);
    if (!w) this.watchWindows.set(change.typeKey, (w = []));
    w.push({ rv: change.rv, at: now });
    let drop = 0;
    while (w.length - drop > this.watchCache.size && now - w[drop].at > this.watchCache.freshMs) drop++;
    if (drop) {
      w.splice(0, drop);
      // As the watch cache says: one before the oldest change it holds.
      this.watchEvicted.set(change.typeKey, w[0].rv - 1);
    }
  }

  private index(typeKey: string, key: string, prev: any, next: any): void {
    const id = `${typeKey}|${key}`;
    for (const ref of prev?.metadata?.ownerReferences ?? []) this.dependents.get(ref.uid)?.delete(id);
    for (const ref of next?.metadata?.ownerReferences ?? []) {
      let m = this.dependents.get(ref.uid);
      if (!m) this.dependents.set(ref.uid, (m = new Map()));
      m.set(id, { typeKey, key });
    }
  }
}
