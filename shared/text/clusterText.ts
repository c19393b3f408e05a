/**
 * How a cluster is written, once, for the tree, the panels, the pickers and the forms (pure).
 * One style: sizes as `1.5 CPU` and `50 GiB` (quantity.ts), CPU before memory, parts joined by ` · `
 * (`exec-medium · 2 CPU · 8 GiB`), state labels from the state table, actions by their labels.
 * Unit symbols (CPU, GiB, MiB) and the separator are not translated; every word is.
 */
import * as l10n from '@vscode/l10n';
import { COMPUTE_STATES, DriverState, SESSION_STATES, SessionStatus } from '../clusters/stateTable';
import { formatCpu, formatMemory, formatQuantity, QuotaRoom, QuotaUse } from './quantity';

// Sizes are written by quantity.ts: the same functions under the names the views use.
export { formatCpu as cpuText, formatMemory as memoryText, formatQuantity as quantityText };

/** Between the parts of one line: a node type's name and sizes, a quota's CPU and memory. */
const SEP = ' · ';

/** Cores as a number (a session cluster's total): `1.5 CPU`. */
export const coresText = (cores: number): string => formatCpu(Math.round(cores * 1000));

/** A volume's size, a Kubernetes quantity: `50Gi` as `50 GiB`; '' for none. */
export const volumeText = (size: string | undefined): string => (size ? formatQuantity(size, 'memory') : '');

/** CPU then memory, each already written: `2 CPU · 8 GiB`. */
export const resourcesText = (cpu: string, memory: string): string => [cpu, memory].filter(Boolean).join(SEP);

/**
 * A node type: `exec-medium · 2 CPU · 8 GiB`; a name the catalog does not know, `big-box (unknown type)`;
 * '' for none.
 */
export function nodeTypeText(
  t: { readonly name: string; readonly cpuMillicores?: number; readonly memoryMiB?: number } | undefined,
): string {
  if (!t?.name) return '';
  if (t.cpuMillicores === undefined || t.memoryMiB === undefined) return l10n.t('{0} (unknown type)', t.name);
  return [t.name, resourcesText(formatCpu(t.cpuMillicores), formatMemory(t.memoryMiB))].join(SEP);
}

// ---- executors ----

export interface ExecutorCountsLike {
  readonly running: number;
  readonly pending: number;
  readonly max: number;
}

/**
 * The executor column: `No running executors`, `Running N/M`, `Scaling P/M` or
 * `Running N/M + Scaling P/M` (N running, P pending, M the executor count).
 */
export function executorsText(c: ExecutorCountsLike | undefined): string {
  if (!c) return l10n.t('No running executors');
  if (c.running && c.pending)
    return l10n.t('Running {running}/{max} + Scaling {pending}/{max}', { running: c.running, pending: c.pending, max: c.max });
  if (c.running) return l10n.t('Running {running}/{max}', { running: c.running, max: c.max });
  if (c.pending) return l10n.t('Scaling {pending}/{max}', { pending: c.pending, max: c.max });
  return l10n.t('No running executors');
}

/** What a single-node cluster has instead of executors. */
export const singleNodeText = (): string => l10n.t('Single node');

/** "(driver + 1 executor)", "(driver + 4 executors)": singular and plural are separate messages, so each language words both. */
export function executorsAtScale(count: string): string {
  const n = count.trim();
  if (n !== '' && Number(n) === 1) return l10n.t('(driver + 1 executor)');
  return l10n.t('(driver + {0} executors)', n || '?');
}

/** The auto-scaling idle timeout: `30 min`, or `Disabled` when there is none. */
export const autoScalingText = (minutes: number | string | undefined): string =>
  minutes === undefined ? l10n.t('Disabled') : l10n.t('{0} min', minutes);

// ---- quotas ----

/** Used / total of one resource of a quota, both written as sizes: `6 GiB / 64 GiB`, `0.5 CPU / 2 CPU`. */
export function quotaText(u: QuotaUse, what: 'cpu' | 'memory'): string {
  return l10n.t('{used} / {total}', { used: formatQuantity(u.used, what), total: formatQuantity(u.total, what) });
}

/** A namespace's quota on one line, CPU then memory: `3 CPU / 16 CPU · 6 GiB / 64 GiB`; '' when no quota limits either. */
export function quotaSummaryText(usage: { readonly cpu?: QuotaUse; readonly memory?: QuotaUse }): string {
  return resourcesText(usage.cpu ? quotaText(usage.cpu, 'cpu') : '', usage.memory ? quotaText(usage.memory, 'memory') : '');
}

/** One key of a ResourceQuota (`requests.memory: 6 GiB / 64 GiB`); a key that is no CPU or byte size keeps its numbers as written. */
export function quotaEntryText(key: string, used: string | undefined, total: string): string {
  const what = /(^|\.)cpu$/.test(key) ? 'cpu' : /(^|\.)(memory|storage|ephemeral-storage)$/.test(key) ? 'memory' : undefined;
  const u = { used: used ?? '0', total };
  return l10n.t('{key}: {usage}', {
    key,
    usage: what ? quotaText(u, what) : l10n.t('{used} / {total}', { used: u.used, total: u.total }),
  });
}

/** What the quota still allows, each resource written as a size or as unlimited. */
export function quotaLeftText(room: QuotaRoom): { cpu: string; memory: string } {
  return {
    cpu: room.cpuMillicores !== undefined ? formatCpu(room.cpuMillicores) : l10n.t('unlimited CPU'),
    memory: room.memoryMiB !== undefined ? formatMemory(room.memoryMiB) : l10n.t('unlimited memory'),
  };
}

/** A size the named quota allows: `0.5 CPU (quota tight-quota)`. */
export const quotaAllowsText = (size: string, quota: string | undefined): string => l10n.t('{0} (quota {1})', size, quota ?? '?');

// ---- states and actions ----

/** The state table's label for a state (STARTING, ACTIVE…; Running, Disabled…). */
export function stateLabel(kind: 'compute', state: DriverState): string;
export function stateLabel(kind: 'session', state: SessionStatus): string;
export function stateLabel(kind: 'compute' | 'session', state: string): string {
  const table: Readonly<Record<string, { readonly label: string } | undefined>> = kind === 'compute' ? COMPUTE_STATES : SESSION_STATES;
  return table[state]?.label ?? state;
}

/** The kind of a cluster, as a word: `Compute`, `Session`. */
export const kindLabel = (kind: 'compute' | 'session'): string => (kind === 'compute' ? l10n.t('Compute') : l10n.t('Session'));

/** An action (an operation's or an activity row's) as a person reads it; an action this version does not know is shown as stored. */
export function actionText(action: string): string {
  switch (action) {
    case 'create':
      return l10n.t('Create');
    case 'start':
      return l10n.t('Start');
    case 'terminate':
      return l10n.t('Terminate');
    case 'restart':
      return l10n.t('Restart');
    case 'configure':
      return l10n.t('Configure');
    case 'edit':
      return l10n.t('Edit');
    case 'disable':
      return l10n.t('Disable');
    case 'delete':
      return l10n.t('Delete');
    default:
      return action;
  }
}

export interface OperationLike {
  readonly action: string;
  readonly user: string;
  readonly startedAt?: string;
}

/** "Restart by alice since 2026-11-22T08:30:00Z": the action in flight. */
export const operationText = (op: OperationLike): string =>
  l10n.t('{0} by {1} since {2}', actionText(op.action), op.user, op.startedAt ?? '?');

/** "interrupted: Restart by alice at 2026-11-22T08:30:00Z": an action that died, which the next action takes over. */
export const interruptedText = (op: OperationLike): string =>
  op.startedAt
    ? l10n.t('interrupted: {0} by {1} at {2}', actionText(op.action), op.user, op.startedAt)
    : l10n.t('interrupted: {0} by {1} at an unknown time', actionText(op.action), op.user);

export type ClusterStateLike = (
  { readonly kind: 'compute'; readonly state: DriverState } | { readonly kind: 'session'; readonly status: SessionStatus }
) & { readonly operation?: OperationLike; readonly interrupted?: OperationLike };

/**
 * A cluster's state as the tree and the pickers show it: the state's label, then the action in
 * flight (`ACTIVE (Restart…)`) or the one that was interrupted. Disabling already says what runs.
 */
export function clusterStateText(c: ClusterStateLike): string {
  const label = c.kind === 'compute' ? stateLabel('compute', c.state) : stateLabel('session', c.status);
  const showOperation = c.kind === 'compute' || c.status !== 'Disabling';
  if (c.operation && showOperation) return l10n.t('{0} ({1}…)', label, actionText(c.operation.action));
  if (c.interrupted) return `${label} (${interruptedText(c.interrupted)})`;
  return label;
}
