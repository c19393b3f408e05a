/** Pages of a list, newest first (pure): the Activity tabs show 20 rows per page. */
export const PAGE_SIZE = 20;

export interface Page<T> {
  readonly rows: readonly T[];
  /** 0-based, clamped to what exists. */
  readonly page: number;
  readonly pages: number;
  /** 1-based positions of the first and last row shown, for "21–40 of 57". */
  readonly from: number;
  readonly to: number;
  readonly total: number;
}

export function pageOf<T>(items: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)), pages - 1);
  const rows = items.slice(p * size, p * size + size);
  return { rows, page: p, pages, from: total ? p * size + 1 : 0, to: p * size + rows.length, total };
}

/** Newest first by ISO time; rows without a readable time last, keeping their order. */
export function newestFirstByTime<T extends { readonly time: string }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i, t: Date.parse(r.time) }))
    .sort((a, b) => (Number.isNaN(b.t) ? -Infinity : b.t) - (Number.isNaN(a.t) ? -Infinity : a.t) || a.i - b.i)
    .map((x) => x.r);
}

/** Session clusters keep the past week of start/stop logs (DESIGN.md). */
export function withinDays<T extends { readonly time: string }>(rows: readonly T[], now: number, days: number): T[] {
  const from = now - days * 86_400_000;
  return rows.filter((r) => Date.parse(r.time) >= from);
}
