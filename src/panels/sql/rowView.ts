/**
 * A view's rows in the order and with the filters the page asks: an index over what the store
 * keeps, computed again when the rows change. While rows stream in, a sorted or filtered index is
 * computed again at most once in a while (a sort over a million rows takes a moment); a filter
 * alone over appended rows extends the index instead of redoing it.
 */
import { cellText, compareKeys, sortKey, type SortKey } from '../../../shared/sql/cellText';
import type { RowQuery } from '../../../shared/protocol/sqlResultsPage';
import type { ResultRows, StoredRow } from './resultRows';

interface Cached {
  readonly signature: string;
  version: number;
  /** Store positions in view order. */
  positions: number[];
  /** Store rows scanned so far (the incremental filter). */
  scanned: number;
  computedAt: number;
  costMs: number;
}

const matches = (cells: readonly unknown[], filters: readonly { column: number; needle: string }[]): boolean =>
  filters.every((f) =>
    cellText((cells[f.column] ?? null) as never)
      .toLowerCase()
      .includes(f.needle),
  );

export class RowView {
  private cached?: Cached;

  constructor(
    private readonly store: ResultRows,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The view's length and the row at each position, as of the last computation. */
  resolve(query: RowQuery): { total: number; at: (position: number) => StoredRow | undefined } {
    const filters = query.filters.filter((f) => f.text.length > 0).map((f) => ({ column: f.column, needle: f.text.toLowerCase() }));
    if (!query.sort && !filters.length) {
      const total = this.store.count(query.view);
      return { total, at: (p) => (p < total ? this.store.at(query.view, p) : undefined) };
    }
    const positions = this.positions(query, filters);
    return { total: positions.length, at: (p) => (p < positions.length ? this.store.at(query.view, positions[p]) : undefined) };
  }

  private positions(query: RowQuery, filters: readonly { column: number; needle: string }[]): number[] {
    const signature = JSON.stringify([query.view, query.sort ?? null, filters]);
    const version = this.store.version;
    const c = this.cached;
    if (c && c.signature === signature) {
      if (c.version === version) return c.positions;
      // A filter without a sort over appended rows: scan only the new ones.
      const appendOnly = query.view === 'rows' && !this.store.changelog;
      if (appendOnly && !query.sort) {
        const total = this.store.count('rows');
        for (let p = c.scanned; p < total; p++) if (matches(this.store.at('rows', p)!.cells, filters)) c.positions.push(p);
        c.scanned = total;
        c.version = version;
        return c.positions;
      }
      // Sorted while streaming: keep the last order a while, in proportion to what it cost.
      if (this.now() - c.computedAt < Math.max(250, c.costMs * 4)) return c.positions.filter((p) => p < this.store.count(query.view));
    }
    const started = this.now();
    const total = this.store.count(query.view);
    let positions: number[] = [];
    for (let p = 0; p < total; p++) {
      const row = this.store.at(query.view, p);
      if (row && (!filters.length || matches(row.cells, filters))) positions.push(p);
    }
    if (query.sort) {
      const { column, descending } = query.sort;
      const keyed: { p: number; k: SortKey }[] = positions.map((p) => ({
        p,
        k: sortKey(this.store.at(query.view, p)?.cells[column] ?? null),
      }));
      const dir = descending ? -1 : 1;
      // NULL last either way; ties keep the arrival order.
      keyed.sort((a, b) => (a.k === null || b.k === null ? compareKeys(a.k, b.k) : dir * compareKeys(a.k, b.k)) || a.p - b.p);
      positions = keyed.map((x) => x.p);
    }
    this.cached = { signature, version, positions, scanned: total, computedAt: this.now(), costMs: this.now() - started };
    return positions;
  }

  /** The next position from `from` (exclusive) with a cell containing `text`, wrapping around; and how many rows have one. */
  find(query: RowQuery, text: string, from: number, backwards: boolean): { position?: number; matches: number } {
    const needle = text.toLowerCase();
    const { total, at } = this.resolve(query);
    const hits: number[] = [];
    for (let p = 0; p < total; p++) {
      const row = at(p);
      if (row?.cells.some((c) => cellText(c).toLowerCase().includes(needle))) hits.push(p);
    }
    if (!hits.length) return { matches: 0 };
    const next = backwards ? ([...hits].reverse().find((p) => p < from) ?? hits[hits.length - 1]) : (hits.find((p) => p > from) ?? hits[0]);
    return { position: next, matches: hits.length };
  }
}
