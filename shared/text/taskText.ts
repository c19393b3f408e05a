/**
 * How tasks (Flink jobs on a session cluster) are written in the tree, the Tasks tab and the
 * tooltips: one place, so they read the same everywhere (pure).
 */
import * as l10n from '@vscode/l10n';

/** `45 s`, `12 min 3 s`, `2 h 5 min`, `3 d 4 h`; '' for an unknown or negative duration. */
export function durationText(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return l10n.t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? l10n.t('{0} min {1} s', m, s % 60) : l10n.t('{0} min', m);
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? l10n.t('{0} h {1} min', h, m % 60) : l10n.t('{0} h', h);
  const d = Math.floor(h / 24);
  return h % 24 ? l10n.t('{0} d {1} h', d, h % 24) : l10n.t('{0} d', d);
}

/** `parallelism 4`; '' when unknown. */
export function parallelismText(p: number | undefined): string {
  return p === undefined ? '' : l10n.t('parallelism {0}', p);
}

/** Who runs a task: the operator for a FlinkSessionJob, or the JobManager for a jar run from the editor. */
export function taskOriginText(managed: boolean): string {
  return managed ? l10n.t('Managed by the operator (FlinkSessionJob)') : l10n.t('Run from the editor');
}

/**
 * How long a task has run: the JobManager's duration, else from its start to its end (or `now`
 * while it runs).
 */
export function taskDurationMs(t: { durationMs?: number; startTime?: number; endTime?: number }, now: number): number | undefined {
  if (t.durationMs !== undefined && t.durationMs >= 0) return t.durationMs;
  if (t.startTime === undefined) return undefined;
  const end = t.endTime !== undefined && t.endTime > 0 ? t.endTime : now;
  return Math.max(0, end - t.startTime);
}
