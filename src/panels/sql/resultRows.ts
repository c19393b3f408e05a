/**
 * The rows of one run, kept by the host (the page holds only the window it shows). A query's rows
 * are appended; a Flink changelog is kept twice, bounded both times: the raw changes in a ring
 * capped at the limit (the oldest evicted), and the current table with the changes applied, keyed
 * by the result's upsert key (or by the whole row when it has none, as Flink's SQL client does).
 *
 * An update (`-U` then `+U`) keeps the row where it was, so a grouped count updates in place.
 */
import type { ChangeKind, SqlCell } from '../../../shared/sql/sqlResult';
import type { ResultView } from '../../../shared/protocol/sqlResultsPage';

export type Row = readonly SqlCell[];

export interface StoredRow {
  /** Stable within its view while the row is kept: the row's index, the change's number, the table slot. */
  readonly id: number;
  readonly cells: Row;
  readonly kind?: ChangeKind;
}

export class ResultRows {
  private readonly rows: Row[] = [];
  // The raw changelog: a ring of `cap` changes; change number n lives at n % cap.
  private readonly ring: { cells: Row; kind: ChangeKind }[] = [];
  private changes = 0;
  // The current table: slots (a removed row leaves a hole until compaction), an index key → slots.
  private slots: (Row | undefined)[] = [];
  private index = new Map<string, number[]>();
  /** Holes an `-U` left, filled by the next `+U` so an update keeps its place. */
  private reuse: number[] = [];
  private live = 0;
  private head = 0;
  private liveList?: { version: number; list: Int32Array };
  private _version = 0;
  private _released = false;

  constructor(
    readonly changelog: boolean,
    private readonly cap: number,
    private readonly upsertKey?: readonly number[],
  ) {}

  /** Bumped at every change of what any view shows. */
  get version(): number {
    return this._version;
  }

  /** Rows (or changes) received, including evicted ones. */
  get received(): number {
    return this.changelog ? this.changes : this.rows.length;
  }

  /** What the store holds now. */
  get kept(): number {
    return this.changelog ? Math.min(this.changes, this.cap) : this.rows.length;
  }

  get tableRows(): number {
    return this.live;
  }

  get evicted(): number {
    return this.changelog ? Math.max(0, this.changes - this.cap) : 0;
  }

  get released(): boolean {
    return this._released;
  }

  /** Lets the rows go (an old run of the history); counts stay. */
  release(): void {
    this._released = true;
    this.rows.length = 0;
    this.ring.length = 0;
    this.slots = [];
    this.index = new Map();
    this.reuse = [];
    this.liveList = undefined;
    this._version++;
  }

  append(rows: readonly Row[], kinds?: readonly ChangeKind[]): void {
    if (this._released || !rows.length) return;
    this._version++;
    if (!this.changelog) {
      for (const r of rows) this.rows.push(r);
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      const kind = kinds?.[i] ?? '+I';
      const cells = rows[i];
      this.ring[this.changes % this.cap] = { cells, kind };
      this.changes++;
      this.apply(cells, kind);
    }
  }

  private keyOf(cells: Row): string {
    return JSON.stringify(this.upsertKey?.length ? this.upsertKey.map((c) => cells[c] ?? null) : cells);
  }

  private apply(cells: Row, kind: ChangeKind): void {
    const key = this.keyOf(cells);
    if (kind === '+I' || kind === '+U') {
      const existing = this.upsertKey?.length ? this.index.get(key) : undefined;
      if (existing?.length) {
        this.slots[existing[existing.length - 1]] = cells;
        return;
      }
      let slot: number;
      if (kind === '+U' && this.reuse.length) slot = this.reuse.shift()!;
      else {
        slot = this.slots.length;
        this.slots.push(undefined);
      }
      this.slots[slot] = cells;
      this.live++;
      let list = this.index.get(key);
      if (!list) this.index.set(key, (list = []));
      list.push(slot);
      if (this.live > this.cap) this.dropOldest();
      return;
    }
    const list = this.index.get(key);
    const slot = list?.pop();
    if (slot === undefined) return; // a retraction of a row evicted or never seen
    if (!list!.length) this.index.delete(key);
    this.slots[slot] = undefined;
    this.live--;
    if (kind === '-U') this.reuse.push(slot);
    if (this.slots.length - this.live > Math.max(1024, this.live)) this.compact();
  }

  private dropOldest(): void {
    while (this.head < this.slots.length && this.slots[this.head] === undefined) this.head++;
    const cells = this.slots[this.head];
    if (!cells) return;
    const key = this.keyOf(cells);
    const list = this.index.get(key);
    const at = list?.indexOf(this.head) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    if (list && !list.length) this.index.delete(key);
    this.slots[this.head] = undefined;
    this.live--;
  }

  /** Drops the holes: slots are numbered again (ids of the table view change; the page asks again). */
  private compact(): void {
    const slots: Row[] = [];
    const index = new Map<string, number[]>();
    for (const cells of this.slots) {
      if (!cells) continue;
      const key = this.keyOf(cells);
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(slots.length);
      slots.push(cells);
    }
    this.slots = slots;
    this.index = index;
    this.reuse = [];
    this.head = 0;
  }

  /** How many rows a view has. */
  count(view: ResultView): number {
    if (view === 'table') return this.live;
    if (view === 'changes') return this.kept;
    return this.changelog ? this.live : this.rows.length;
  }

  /** The row at `position` (0 = first) of a view; positions of `changes` start at the oldest kept change. */
  at(view: ResultView, position: number): StoredRow | undefined {
    if (view === 'changes' || (view === 'rows' && !this.changelog)) {
      if (view === 'rows') {
        const cells = this.rows[position];
        return cells ? { id: position, cells } : undefined;
      }
      if (position < 0 || position >= this.kept) return undefined;
      const id = this.changes - this.kept + position;
      const c = this.ring[id % this.cap];
      return { id, cells: c.cells, kind: c.kind };
    }
    const slot = this.liveSlots()[position];
    const cells = slot === undefined ? undefined : this.slots[slot];
    return cells ? { id: slot, cells } : undefined;
  }

  /** A row by its id in a view, or undefined once it is gone. */
  byId(view: ResultView, id: number): StoredRow | undefined {
    if (view === 'changes') return this.at(view, id - (this.changes - this.kept));
    if (view === 'rows' && !this.changelog) return this.at(view, id);
    const cells = this.slots[id];
    return cells ? { id, cells } : undefined;
  }

  private liveSlots(): Int32Array {
    if (this.liveList?.version === this._version) return this.liveList.list;
    const list = new Int32Array(this.live);
    let n = 0;
    for (let i = this.head; i < this.slots.length && n < list.length; i++) if (this.slots[i] !== undefined) list[n++] = i;
    this.liveList = { version: this._version, list };
    return list;
  }
}
