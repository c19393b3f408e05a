/** How the panels write structured values (pure): CPU, memory, times. */

export function cpuText(millicores: number): string {
  return millicores % 1000 === 0 ? `${millicores / 1000} CPU` : `${+(millicores / 1000).toFixed(2)} CPU`;
}

export function memoryText(mib: number): string {
  return mib >= 1024 ? `${+(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}

export function nodeTypeText(t: { name: string; cpuMillicores?: number; memoryMiB?: number } | undefined): string {
  if (!t) return '';
  if (t.cpuMillicores === undefined || t.memoryMiB === undefined) return t.name;
  return `${t.name} (${cpuText(t.cpuMillicores)}, ${memoryText(t.memoryMiB)})`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time, `2026-11-22 08:00:00`; '' for an unreadable time. */
export function timeText(iso: string | undefined): string {
  const t = Date.parse(iso ?? '');
  if (Number.isNaN(t)) return '';
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function executorsText(c: { running: number; pending: number; max: number } | undefined): string {
  if (!c) return 'No running executors';
  if (c.running && c.pending) return `Running ${c.running}/${c.max} + Scaling ${c.pending}/${c.max}`;
  if (c.running) return `Running ${c.running}/${c.max}`;
  if (c.pending) return `Scaling ${c.pending}/${c.max}`;
  return 'No running executors';
}
