/**
 * Billed driver time from a compute cluster's activity (pure). A cluster is billed while its driver
 * is ACTIVE (DESIGN.md); the activity rows say when that began and ended:
 * - a start or restart that did not fail opens a period (a restart of a running cluster keeps it open:
 *   the driver is down for seconds, and the products we replace bill it the same way);
 * - a terminate or delete that did not fail closes it, and so does a failed restart (the cluster stays STOPPED);
 * - a period still open counts until now only while the driver is ACTIVE now: one that ended by a
 *   failure left no row, and guessing its end would bill time the user did not get.
 * Rows are the times an action finished; a start finishes once the driver is ready.
 */
import * as l10n from '@vscode/l10n';

export interface ActivityLike {
  readonly action: string;
  readonly time: string;
  readonly outcome?: 'succeeded' | 'failed' | 'cancelled';
}

export interface Period {
  readonly start: number;
  readonly end: number;
}

const DAY_MS = 86_400_000;

const ok = (r: ActivityLike) => r.outcome === undefined || r.outcome === 'succeeded';

export function activePeriods(rows: readonly ActivityLike[], now: number, activeNow: boolean): Period[] {
  const sorted = rows
    .map((r) => ({ r, t: Date.parse(r.time) }))
    .filter((x) => Number.isFinite(x.t))
    .sort((a, b) => a.t - b.t);
  const periods: Period[] = [];
  let openedAt: number | undefined;
  for (const { r, t } of sorted) {
    const opens = (r.action === 'start' || r.action === 'restart') && ok(r);
    const closes = ((r.action === 'terminate' || r.action === 'delete') && ok(r)) || (r.action === 'restart' && r.outcome === 'failed');
    if (opens && openedAt === undefined) openedAt = t;
    else if (closes && openedAt !== undefined) {
      periods.push({ start: openedAt, end: t });
      openedAt = undefined;
    }
  }
  if (openedAt !== undefined && activeNow && now > openedAt) periods.push({ start: openedAt, end: now });
  return periods;
}

/** Milliseconds of `periods` inside the last `days` days before `now`. */
export function billedWithin(periods: readonly Period[], now: number, days: number): number {
  const from = now - days * DAY_MS;
  let total = 0;
  for (const p of periods) total += Math.max(0, Math.min(p.end, now) - Math.max(p.start, from));
  return total;
}

export interface BilledTime {
  readonly last7DaysMs: number;
  readonly last30DaysMs: number;
}

export function billedTime(rows: readonly ActivityLike[], now: number, activeNow: boolean): BilledTime {
  const periods = activePeriods(rows, now, activeNow);
  return { last7DaysMs: billedWithin(periods, now, 7), last30DaysMs: billedWithin(periods, now, 30) };
}

/** "0 min", "45 min", "3 h 05 min", "26 h 00 min": hours are what a bill counts, so no days. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return l10n.t('{0} min', minutes);
  return l10n.t('{0} h {1} min', Math.floor(minutes / 60), String(minutes % 60).padStart(2, '0'));
}
