/**
 * A cell as text and cells in order, the same for the host (which filters and sorts what it keeps)
 * and the page (which shows it): what the user reads in the grid is what a filter matches.
 */
import type { SqlCell } from './sqlResult';

/** The word a NULL shows as (not translated: it is SQL's own word, and what a filter types to find it). */
// l10n-ignore: SQL's own word
export const NULL_TEXT = 'NULL';

/** The text of a cell: NULL, the value as the engine printed it, nested values as compact JSON. */
export function cellText(cell: SqlCell): string {
  if (cell === null) return NULL_TEXT;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** True for a nested value (array, map, struct), which the grid shows folded. */
export const isNested = (cell: SqlCell): cell is readonly SqlCell[] | { readonly [field: string]: SqlCell } =>
  cell !== null && typeof cell === 'object';

/** A short summary of a nested value: `[3 items]`, `{2 fields}`. */
export function nestedSummary(cell: readonly SqlCell[] | { readonly [field: string]: SqlCell }): string {
  return Array.isArray(cell) ? `[${cell.length}]` : `{${Object.keys(cell).length}}`;
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A key to sort a cell by: numbers (and numbers the engine gave as text: decimals, big integers)
 * by value, other text by code units, NULL apart (the caller puts it last). Kinds never mix in one
 * column in practice; when they do, booleans come before numbers before text before nested values.
 */
export type SortKey = { readonly rank: number; readonly n: number; readonly s: string } | null;

export function sortKey(cell: SqlCell): SortKey {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return { rank: 0, n: cell ? 1 : 0, s: '' };
  if (typeof cell === 'number') return { rank: 1, n: cell, s: '' };
  if (typeof cell === 'string') {
    if (cell.length < 400 && NUMERIC.test(cell.trim())) return { rank: 1, n: Number(cell), s: cell };
    return { rank: 2, n: 0, s: cell };
  }
  return { rank: 3, n: 0, s: JSON.stringify(cell) };
}

/** Ascending order of two keys, NULL last. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.n !== b.n) return a.n < b.n ? -1 : 1;
  return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
}
