/**
 * Rows as text for the clipboard and for files: tab-separated with the column names first (what a
 * spreadsheet pastes), CSV (RFC 4180) and JSON (an array of objects, one per row). Written in
 * chunks so a large export never builds one giant string. Also the cut a cell takes on its way to
 * the page (long text and big nested values are shortened; the detail pane asks for the whole).
 */
import { CELL_LIMITS } from '../../../shared/protocol/sqlResultsPage';
import type { ChangeKind, SqlCell, SqlColumn } from '../../../shared/sql/sqlResult';

export interface ExportRow {
  readonly cells: readonly SqlCell[];
  readonly kind?: ChangeKind;
}

/** A cell in a text file: NULL as an empty field, nested values as JSON. */
const plain = (c: SqlCell): string => (c === null ? '' : typeof c === 'object' ? JSON.stringify(c) : String(c));

/** The column names of an export; a changelog's raw changes get the kind first, as `op`. */
export function exportColumns(columns: readonly SqlColumn[], withKind: boolean): string[] {
  const names = columns.map((c) => c.name);
  return withKind ? ['op', ...names] : names;
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** A tab-separated field: quoted like CSV when it holds a tab, a quote or a line break (spreadsheets read that). */
const tsvField = (s: string): string => (/[\t"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function* delimited(
  field: (s: string) => string,
  sep: string,
  columns: readonly string[],
  rows: Iterable<ExportRow>,
  withKind: boolean,
  headers: boolean,
): Generator<string> {
  if (headers) yield columns.map(field).join(sep) + '\r\n';
  let chunk = '';
  for (const r of rows) {
    const cells = r.cells.map((c) => field(plain(c)));
    chunk += (withKind ? [r.kind ?? '+I', ...cells] : cells).join(sep) + '\r\n';
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function csvChunks(columns: readonly string[], rows: Iterable<ExportRow>, withKind: boolean): Generator<string> {
  return delimited(csvField, ',', columns, rows, withKind, true);
}

export function tsvText(columns: readonly string[], rows: Iterable<ExportRow>, withKind: boolean, headers: boolean): string {
  const text = [...delimited(tsvField, '\t', columns, rows, withKind, headers)].join('');
  // One cell alone is pasted as it is, without a line break after it.
  return text.endsWith('\r\n') ? text.slice(0, -2) : text;
}

/** Object keys for the columns: a name repeated (`id`, `id`) gets a suffix (`id`, `id_2`). */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}_${k}`;
  });
}

export function* jsonChunks(columns: readonly string[], rows: Iterable<ExportRow>, withKind: boolean): Generator<string> {
  const keys = uniqueNames(columns);
  let first = true;
  let chunk = '[';
  for (const r of rows) {
    const o: Record<string, SqlCell> = {};
    const values = withKind ? [r.kind ?? '+I', ...r.cells] : r.cells;
    keys.forEach((k, i) => (o[k] = values[i] ?? null));
    chunk += (first ? '\n  ' : ',\n  ') + JSON.stringify(o);
    first = false;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + (first ? ']\n' : '\n]\n');
}

/** The cell as the page gets it: long strings and big nested values cut (`cut` says so). */
export function cutCell(cell: SqlCell): { value: SqlCell; cut: boolean } {
  let cut = false;
  const walk = (c: SqlCell, depth: number): SqlCell => {
    if (typeof c === 'string') {
      if (c.length <= CELL_LIMITS.string) return c;
      cut = true;
      return `${c.slice(0, CELL_LIMITS.string)}…`;
    }
    if (typeof c === 'number' && !Number.isFinite(c)) return String(c); // NaN, Infinity: JSON has no words for them
    if (c === null || typeof c !== 'object') return c;
    if (depth >= CELL_LIMITS.depth - 1) {
      cut = true;
      return '…';
    }
    if (Array.isArray(c)) {
      const items = (c as readonly SqlCell[]).slice(0, CELL_LIMITS.items).map((x) => walk(x, depth + 1));
      if (c.length > CELL_LIMITS.items) {
        cut = true;
        items.push('…');
      }
      return items;
    }
    const out: Record<string, SqlCell> = {};
    const keys = Object.keys(c);
    for (const k of keys.slice(0, CELL_LIMITS.items)) out[k.slice(0, 1000)] = walk((c as Record<string, SqlCell>)[k], depth + 1);
    if (keys.length > CELL_LIMITS.items) {
      cut = true;
      out['…'] = '…';
    }
    return out;
  };
  const value = walk(cell, 0);
  return { value, cut };
}

/** A cell for the window: the cut value alone (cheap for the common, flat case). */
export const windowCell = (cell: SqlCell): SqlCell =>
  cell === null ||
  (typeof cell === 'number' && Number.isFinite(cell)) ||
  typeof cell === 'boolean' ||
  (typeof cell === 'string' && cell.length <= CELL_LIMITS.string)
    ? cell
    : cutCell(cell).value;
