/** How the panels write structured values (pure): CPU, memory, times. Unit symbols (CPU, GiB, MiB) are not translated. */
import * as l10n from '@vscode/l10n';
import { formatCpu, formatMemory, formatQuantity } from './quantity';

// The panels write sizes as the rest of the product does: the same functions under the names the pages use.
export { formatCpu as cpuText, formatMemory as memoryText, formatQuantity as quantityText };

/** A Flink version as people write it: the operator's identifier `v1_20` reads `1.20`; anything else as it is. */
export function flinkVersionText(v: string): string {
  return v.replace(/^v(\d+)_(\d+)$/, '$1.$2');
}

export function nodeTypeText(t: { name: string; cpuMillicores?: number; memoryMiB?: number } | undefined): string {
  if (!t) return '';
  if (t.cpuMillicores === undefined || t.memoryMiB === undefined) return t.name;
  return `${t.name} (${formatCpu(t.cpuMillicores)}, ${formatMemory(t.memoryMiB)})`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time, `2026-11-22 08:00:00`; '' for an unreadable time. */
export function timeText(iso: string | undefined): string {
  const t = Date.parse(iso ?? '');
  if (Number.isNaN(t)) return '';
  const d = new Date(t);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function executorsText(c: { running: number; pending: number; max: number } | undefined): string {
  if (!c) return l10n.t('No running executors');
  if (c.running && c.pending)
    return l10n.t('Running {running}/{max} + Scaling {pending}/{max}', { running: c.running, pending: c.pending, max: c.max });
  if (c.running) return l10n.t('Running {running}/{max}', { running: c.running, max: c.max });
  if (c.pending) return l10n.t('Scaling {pending}/{max}', { pending: c.pending, max: c.max });
  return l10n.t('No running executors');
}

/** An activity row's action as a person reads it; an action this version does not know is shown as stored. */
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

/** "(driver + 1 executor)", "(driver + 4 executors)": singular and plural are separate messages, so each language words both. */
export function executorsAtScale(count: string): string {
  const n = count.trim();
  if (n !== '' && Number(n) === 1) return l10n.t('(driver + 1 executor)');
  return l10n.t('(driver + {0} executors)', n || '?');
}
