/**
 * Reading Kubernetes quantities (ResourceQuota hard/used, node sizes) as numbers, for the forms'
 * "needs / left" lines. Only what quotas use: decimal and binary suffixes, millis, exponents.
 */
const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value in base units (cores, bytes), or NaN when it is not one. */
export function parseQuantity(q: string | undefined): number {
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n * 10 ** Number(m[2]);
  return n * SUFFIX[m[3] ?? ''];
}

export const cpuMillicores = (q: string | undefined): number => Math.round(parseQuantity(q) * 1000);
export const memoryMiB = (q: string | undefined): number => parseQuantity(q) / 2 ** 20;

/** Flink memory sizes ("2048m", "2g", "1.5 gb"): MiB, or NaN. */
export function flinkMemoryMiB(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|t|tb)?$/i.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const u = (m[2] ?? 'b').toLowerCase()[0];
  return u === 't' ? n * 1024 * 1024 : u === 'g' ? n * 1024 : u === 'm' ? n : u === 'k' ? n / 1024 : n / 2 ** 20;
}

export function formatCpu(millicores: number): string {
  if (!Number.isFinite(millicores)) return '?';
  return millicores % 1000 === 0 ? `${millicores / 1000} CPU` : `${+(millicores / 1000).toFixed(2)} CPU`;
}

export function formatMemory(mib: number): string {
  if (!Number.isFinite(mib)) return '?';
  return mib >= 1024 ? `${+(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}

/**
 * A Kubernetes quantity written like the clusters' own sizes: memory `64Gi` as `64 GiB`, CPU `1500m`
 * as `1.5 CPU`. A value that is not a quantity is shown as it is.
 */
export function formatQuantity(q: string, what: 'cpu' | 'memory'): string {
  const n = parseQuantity(q);
  if (!Number.isFinite(n) || n < 0) return q;
  return what === 'cpu' ? formatCpu(Math.round(n * 1000)) : formatMemory(n / 2 ** 20);
}

/**
 * The ResourceQuota keys that limit our pods' CPU and memory, in the one order every view reads them:
 * requests first, then the plain key (which Kubernetes counts as requests), then limits (our pods set
 * requests equal to limits).
 */
export const QUOTA_KEYS: Readonly<Record<'cpu' | 'memory', readonly string[]>> = {
  cpu: ['requests.cpu', 'cpu', 'limits.cpu'],
  memory: ['requests.memory', 'memory', 'limits.memory'],
};

export interface QuotaQuantities {
  readonly name: string;
  readonly hard: Readonly<Record<string, string>>;
  readonly used: Readonly<Record<string, string>>;
}

/** Used and total of one resource, as the quota writes them (`6Gi` of `64Gi`). */
export interface QuotaUse {
  readonly used: string;
  readonly total: string;
}

/**
 * A namespace's quota of CPU and memory as used / total: for each, the first key of QUOTA_KEYS that
 * some quota sets (quotas in their order), with what that quota counts as used ('0' when nothing yet).
 */
export function quotaUsage(quotas: readonly QuotaQuantities[]): { cpu?: QuotaUse; memory?: QuotaUse } {
  const pick = (what: 'cpu' | 'memory'): QuotaUse | undefined => {
    for (const key of QUOTA_KEYS[what])
      for (const q of quotas) if (q.hard[key] !== undefined) return { used: q.used[key] ?? '0', total: q.hard[key] };
    return undefined;
  };
  const cpu = pick('cpu');
  const memory = pick('memory');
  return { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
}

export interface QuotaRoom {
  /** CPU millicores and memory MiB still allowed; undefined when no quota limits them. */
  readonly cpuMillicores?: number;
  readonly memoryMiB?: number;
  /** The quota that allows the least, for messages ("compute-quota"). */
  readonly cpuQuota?: string;
  readonly memoryQuota?: string;
  readonly cpuHard?: number;
  readonly memoryHard?: number;
}

/**
 * What a namespace's ResourceQuotas still allow: for CPU and memory, the smallest hard − used over
 * every quota and every key that limits pods asking for them (cpu, requests.*, limits.*; our pods
 * set requests equal to limits).
 */
export function quotaRoom(quotas: readonly QuotaQuantities[]): QuotaRoom {
  let cpu: { left: number; hard: number; quota: string } | undefined;
  let mem: { left: number; hard: number; quota: string } | undefined;
  for (const q of quotas) {
    for (const key of QUOTA_KEYS.cpu) {
      if (q.hard[key] === undefined) continue;
      const hard = cpuMillicores(q.hard[key]);
      const left = hard - (cpuMillicores(q.used[key] ?? '0') || 0);
      if (Number.isFinite(left) && (!cpu || left < cpu.left)) cpu = { left: Math.max(0, left), hard, quota: q.name };
    }
    for (const key of QUOTA_KEYS.memory) {
      if (q.hard[key] === undefined) continue;
      const hard = memoryMiB(q.hard[key]);
      const left = hard - (memoryMiB(q.used[key] ?? '0') || 0);
      if (Number.isFinite(left) && (!mem || left < mem.left)) mem = { left: Math.max(0, left), hard, quota: q.name };
    }
  }
  return {
    ...(cpu ? { cpuMillicores: cpu.left, cpuQuota: cpu.quota, cpuHard: cpu.hard } : {}),
    ...(mem ? { memoryMiB: mem.left, memoryQuota: mem.quota, memoryHard: mem.hard } : {}),
  };
}
