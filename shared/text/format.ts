/**
 * How the panels write structured values (pure). Cluster text (sizes, node types, executors,
 * quotas, actions) is written once in clusterText.ts: the panels use it under the names they know.
 */
export {
  actionText,
  cpuText,
  executorsAtScale,
  executorsText,
  memoryText,
  nodeTypeText,
  quantityText,
  quotaText,
  volumeText,
} from './clusterText';

/** A Flink version as people write it: the operator's identifier `v1_20` reads `1.20`; anything else as it is. */
export function flinkVersionText(v: string): string {
  return v.replace(/^v(\d+)_(\d+)$/, '$1.$2');
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
