/**
 * The task page's decisions, pure (no DOM, no lit), so they are tested in Node: the header's
 * buttons, the state's tone, how numbers, sizes and durations read, and the graph's columns.
 */
import * as l10n from '@vscode/l10n';
import { TASK_STATES, type TaskState } from '../../../shared/clusters/taskStates';
import type { CheckpointRow, GraphData, GraphVertex, TaskActionsData, TaskPanelAction } from '../../../shared/protocol/taskPage';

export type Tone = 'success' | 'warning' | 'error' | 'default';

/** The badge tone of a state, from the state table's colour. */
export function stateTone(state: TaskState): Tone {
  const c = TASK_STATES[state].color;
  if (c === 'testing.iconPassed') return 'success';
  if (c === 'testing.iconFailed') return 'error';
  if (c?.startsWith('charts.')) return 'warning';
  return 'default';
}

export interface TaskButton {
  readonly action: TaskPanelAction;
  readonly label: string;
  readonly enabled: boolean;
  /** Tooltip; for a disabled button, why. */
  readonly title?: string;
  readonly busy: boolean;
  readonly secondary: boolean;
}

const labels = (): Readonly<Record<TaskPanelAction, string>> => ({
  stop: l10n.t('Stop with Savepoint…'),
  cancel: l10n.t('Cancel…'),
  suspend: l10n.t('Suspend'),
  resume: l10n.t('Resume'),
  runAgain: l10n.t('Run Again'),
  delete: l10n.t('Delete…'),
  showTaskLogs: l10n.t('Logs'),
  showTaskOutput: l10n.t('Output'),
});

/** The header's buttons in the extension's order: the first offered changing action is primary. */
export function taskButtons(a: TaskActionsData): TaskButton[] {
  const l = labels();
  let primary = false;
  return a.list.map(({ action, refusal }) => {
    const enabled = refusal === undefined;
    const view = action === 'showTaskLogs' || action === 'showTaskOutput';
    const secondary = view || !enabled || primary || action === 'delete' || action === 'cancel';
    if (!secondary) primary = true;
    return { action, label: l[action], enabled, ...(refusal ? { title: refusal } : {}), busy: a.running.includes(action), secondary };
  });
}

// ---- numbers ----

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytesText(n: number | undefined): string {
  if (n === undefined) return '—';
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

/** 1234567 → 1.2M: counters in a small box. */
export function countText(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1000) return String(n);
  const [d, s] = n < 1e6 ? [1e3, 'k'] : n < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  const v = n / d;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${s}`;
}

export const percentText = (p: number | undefined): string => (p === undefined ? '—' : `${Math.round(p)} %`);

/** The two largest units: 3723000 → 1h 2m, 65000 → 1m 5s; under a second in ms. */
export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  // l10n-ignore: a unit symbol (ms), written the same in every language, like the d/h/m/s below
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  const parts: string[] = [];
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m && !d) parts.push(`${m}m`);
  if (!d && !h) parts.push(`${s % 60}s`);
  return parts.join(' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as local time, `2026-11-22 08:00:00`. */
export function epochText(ms: number | undefined): string {
  if (ms === undefined || ms <= 0) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// ---- graph ----

export interface GraphColumn {
  readonly depth: number;
  readonly vertices: readonly (GraphVertex & { readonly inputs: readonly { readonly name: string; readonly ship?: string }[] })[];
}

/** The vertices in columns, left to right by depth; each knows its inputs' names (shown when the graph is not a plain chain). */
export function graphColumns(g: GraphData): GraphColumn[] {
  const byId = new Map(g.vertices.map((v) => [v.id, v]));
  const cols = new Map<number, GraphColumn['vertices'][number][]>();
  for (const v of g.vertices) {
    const inputs = g.edges
      .filter((e) => e.to === v.id)
      .map((e) => ({ name: byId.get(e.from)?.name ?? e.from, ...(e.ship ? { ship: e.ship } : {}) }));
    const list = cols.get(v.depth) ?? [];
    list.push({ ...v, inputs });
    cols.set(v.depth, list);
  }
  return [...cols.entries()].sort(([a], [b]) => a - b).map(([depth, vertices]) => ({ depth, vertices }));
}

/** A chain: one vertex per column, each fed by the one before. Its inputs need no words then. */
export const isChain = (cols: readonly GraphColumn[]): boolean =>
  cols.every((c, i) => c.vertices.length === 1 && c.vertices[0].inputs.length === (i === 0 ? 0 : 1));

/** How loaded a vertex looks: backpressured first (it waits on the next one), then busy. */
export function loadTone(v: Pick<GraphVertex, 'busyPercent' | 'backpressurePercent'>): Tone {
  if ((v.backpressurePercent ?? 0) >= 50) return 'error';
  if ((v.busyPercent ?? 0) >= 80 || (v.backpressurePercent ?? 0) >= 10) return 'warning';
  return 'default';
}

// ---- checkpoints ----

export const isFailedCheckpoint = (c: Pick<CheckpointRow, 'status'>): boolean => c.status === 'FAILED';

export const checkpointKind = (c: Pick<CheckpointRow, 'savepoint'>): string => (c.savepoint ? l10n.t('Savepoint') : l10n.t('Checkpoint'));
