/** Ordering and counting of a cluster's Kubernetes events for the Events tab (pure). */
import * as l10n from '@vscode/l10n';
import type { EventRow } from '../../shared/protocol/clusterPage';

export interface EventCounts {
  readonly warnings: number;
  readonly total: number;
}

const time = (e: EventRow): number => {
  const t = Date.parse(e.lastTime ?? e.firstTime ?? '');
  return Number.isNaN(t) ? -Infinity : t;
};

/** Newest first by last occurrence; events without a time last; ties keep their order. */
export function newestFirst(events: readonly EventRow[]): EventRow[] {
  return events
    .map((e, i) => ({ e, i, t: time(e) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map((x) => x.e);
}

export const isWarning = (e: EventRow): boolean => e.type === 'Warning';

/** Occurrences, not rows: an event seen 12 times counts 12, as `kubectl get events` would suggest. */
export function countEvents(events: readonly EventRow[]): EventCounts {
  let warnings = 0;
  let total = 0;
  for (const e of events) {
    const n = Math.max(1, e.count);
    total += n;
    if (isWarning(e)) warnings += n;
  }
  return { warnings, total };
}

/** The tab badge: `2 / 15`. */
export function badgeText(c: EventCounts): string {
  return `${c.warnings} / ${c.total}`;
}

/** A short relative age for the table ("3m", "2h"), from structured timestamps. */
export function age(iso: string | undefined, now: number): string {
  const t = Date.parse(iso ?? '');
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  // kubectl's short ages; the comment tells translators what the letter abbreviates.
  if (s < 60) return l10n.t({ message: '{0}s', args: [s], comment: ['An age in seconds, as kubectl shows it'] });
  if (s < 3600) return l10n.t({ message: '{0}m', args: [Math.floor(s / 60)], comment: ['An age in minutes, as kubectl shows it'] });
  if (s < 86_400) return l10n.t({ message: '{0}h', args: [Math.floor(s / 3600)], comment: ['An age in hours, as kubectl shows it'] });
  return l10n.t({ message: '{0}d', args: [Math.floor(s / 86_400)], comment: ['An age in days, as kubectl shows it'] });
}
