/**
 * The results page's arithmetic, apart from the DOM so it is tested in Node: which window of rows to
 * ask the host for (the page holds only that window), how wide each column starts, the elapsed
 * time and the row count as the header says them.
 */
import * as l10n from '@vscode/l10n';
import { MAX_WINDOW, type ResultView, type RowQuery, type RunSummary, type WindowRow } from '../../../shared/protocol/sqlResultsPage';
import { cellText } from '../../../shared/sql/cellText';

/** What the page shows of a run: its rows or (a changelog) the current table or the raw changes. */
export function viewsOf(run: Pick<RunSummary, 'changelog'>): readonly ResultView[] {
  return run.changelog ? ['table', 'changes'] : ['rows'];
}

/**
 * The rows the page holds: one block the host sent, for one run, query and version of the rows.
 * A block is asked with a margin around what shows, so a small scroll needs no round trip.
 */
export class WindowCache {
  runId = 0;
  signature = '';
  version = -1;
  start = 0;
  rows: WindowRow[] = [];
  /** Rows of the view under the query, as the host last said. */
  total = 0;
  private inFlight?: string;

  /** Forgets the rows (another run, another query). */
  reset(runId: number, query: RowQuery, total: number): void {
    this.runId = runId;
    this.signature = JSON.stringify(query);
    this.version = -1;
    this.start = 0;
    this.rows = [];
    this.total = total;
    this.inFlight = undefined;
  }

  matches(runId: number, query: RowQuery): boolean {
    return this.runId === runId && this.signature === JSON.stringify(query);
  }

  row(position: number): WindowRow | undefined {
    return this.rows[position - this.start];
  }

  /**
   * The block to ask for to show `start`..`end`, or undefined when what is held covers it (and is
   * current) or the same ask is on its way. `version` is the run's latest: newer rows ask again.
   */
  plan(start: number, end: number, version: number): { start: number; count: number } | undefined {
    const covered =
      this.version === version && start >= this.start && Math.min(end, this.total) <= this.start + this.rows.length && this.version >= 0;
    if (covered) return undefined;
    const shown = Math.max(0, end - start);
    const margin = Math.min(Math.floor((MAX_WINDOW - shown) / 2), Math.max(50, shown * 2));
    const from = Math.max(0, start - margin);
    const count = Math.min(MAX_WINDOW, shown + 2 * margin);
    const key = `${from}:${count}:${version}`;
    if (this.inFlight === key) return undefined;
    this.inFlight = key;
    return { start: from, count };
  }

  /** Takes in the host's answer (an answer for another run or query is dropped). */
  accept(a: { runId: number; version: number; total: number; start: number; rows: WindowRow[] }, query: RowQuery): boolean {
    if (!this.matches(a.runId, query)) return false;
    this.inFlight = undefined;
    this.version = a.version;
    this.total = a.total;
    this.start = a.start;
    this.rows = a.rows;
    return true;
  }

  /** The ask failed: the next plan may ask the same again. */
  failed(): void {
    this.inFlight = undefined;
  }
}

const NUMERIC_TYPE = /^(tinyint|smallint|int|integer|bigint|long|short|byte|float|double|real|decimal|numeric|dec)\b/i;
/** Numbers read best right-aligned. */
export const isNumericType = (type: string): boolean => NUMERIC_TYPE.test(type.trim());

/** A column's first width in characters: its name and type, and the widest value seen in the first window, within bounds. */
export function columnWidthCh(name: string, type: string, sample: readonly unknown[]): number {
  let widest = Math.max(name.length + 2, Math.min(type.length, 24));
  for (const v of sample.slice(0, 200)) widest = Math.max(widest, Math.min(60, cellText(v as never).length));
  return Math.max(6, Math.min(48, widest + 2));
}

/** `850 ms`, `12.4 s`, `3 min 05 s`. */
export function elapsedText(ms: number): string {
  if (ms < 1000) return l10n.t('{0} ms', Math.round(ms));
  if (ms < 60_000) return l10n.t('{0} s', (ms / 1000).toFixed(1));
  const s = Math.floor(ms / 1000);
  return l10n.t('{0} min {1} s', Math.floor(s / 60), String(s % 60).padStart(2, '0'));
}

const n = (x: number): string => x.toLocaleString();

/** The row count as the header says it for the view shown. */
export function countText(run: RunSummary, view: ResultView, shown: number | undefined): string {
  const filtered = shown !== undefined && shown !== (view === 'table' ? run.tableRows : view === 'changes' ? run.kept : run.kept);
  if (view === 'table') return filtered ? l10n.t('{0} of {1} rows', n(shown), n(run.tableRows)) : l10n.t('{0} rows', n(run.tableRows));
  if (view === 'changes') {
    const base = l10n.t('{0} changes', n(run.received));
    const evicted = run.evicted ? l10n.t('{0} oldest evicted', n(run.evicted)) : '';
    return [filtered ? l10n.t('{0} shown', n(shown)) : '', base, evicted].filter(Boolean).join(' · ');
  }
  return filtered ? l10n.t('{0} of {1} rows', n(shown), n(run.kept)) : l10n.t('{0} rows', n(run.kept));
}

/** The phase in words. */
export function phaseText(run: RunSummary): string {
  switch (run.phase) {
    case 'connecting':
      return l10n.t('Connecting');
    case 'submitted':
      return l10n.t('Submitted');
    case 'running':
      return l10n.t('Running');
    case 'fetching':
      return run.changelog ? l10n.t('Live') : l10n.t('Fetching');
    case 'paused':
      return run.limitReached ? l10n.t('Paused at the row limit') : l10n.t('Paused');
    case 'done':
      return l10n.t('Done');
    case 'failed':
      return l10n.t('Failed');
    case 'cancelled':
      return l10n.t('Cancelled');
  }
}

/** The next sort of a column when its header is clicked: ascending, descending, none. */
export function nextSort(current: RowQuery['sort'], column: number): RowQuery['sort'] {
  if (!current || current.column !== column) return { column, descending: false };
  return current.descending ? undefined : { column, descending: true };
}

/** A statement on one line, cut, for the history list. */
export function statementLine(statement: string, max = 120): string {
  const line = statement.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
