import * as l10n from '@vscode/l10n';

/**
 * One session cluster per namespace (the tenant), enforced by the API server: a ResourceQuota with
 * this key counts FlinkDeployments (deploy/quota/session-cluster-quota.yaml). The extension reads it
 * to say how many a namespace may have and to refuse a create before its form opens; without such
 * a quota the namespace sets no limit.
 */
export const SESSION_QUOTA_KEY = 'count/flinkdeployments.flink.apache.org';

export interface SessionQuota {
  /** The ResourceQuota's name. */
  readonly name: string;
  /** How many FlinkDeployments the namespace may hold. */
  readonly hard: number;
  /** How many it holds, as the quota controller counted them (absent until it has). */
  readonly used?: number;
}

/** How many session clusters a namespace has, may have, and whether one more would exceed it. */
export interface SessionRoom {
  readonly namespace: string;
  /** The session clusters in the namespace (definitions, whatever their status). */
  readonly existing: readonly string[];
  /** The strictest quota on FlinkDeployments; undefined when the namespace has none. */
  readonly quota?: SessionQuota;
  /** Creating one more session cluster would exceed the quota. */
  readonly full: boolean;
}

const count = (v: string | undefined): number | undefined => {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
};

/** The strictest of the namespace's quotas that counts FlinkDeployments. */
export function sessionQuota(
  quotas: readonly { name: string; hard: Record<string, string>; used: Record<string, string> }[],
): SessionQuota | undefined {
  let best: SessionQuota | undefined;
  for (const q of quotas) {
    const hard = count(q.hard[SESSION_QUOTA_KEY]);
    if (hard === undefined) continue;
    const used = count(q.used[SESSION_QUOTA_KEY]);
    if (!best || hard < best.hard) best = { name: q.name, hard, ...(used !== undefined ? { used } : {}) };
  }
  return best;
}

export function sessionRoom(
  namespace: string,
  existing: readonly string[],
  quotas: readonly { name: string; hard: Record<string, string>; used: Record<string, string> }[],
): SessionRoom {
  const quota = sessionQuota(quotas);
  const full = !!quota && Math.max(existing.length, quota.used ?? 0) >= quota.hard;
  return { namespace, existing, ...(quota ? { quota } : {}), full };
}

/** The room in a namespace as the cache has it: its session clusters and its ResourceQuotas. */
export function sessionRoomIn(
  model: {
    sessionClusters(namespace: string): readonly { name: string }[];
    resourceGroup(namespace: string): { quotas: readonly { name: string; hard: Record<string, string>; used: Record<string, string> }[] };
  },
  namespace: string,
): SessionRoom {
  return sessionRoom(
    namespace,
    model.sessionClusters(namespace).map((c) => c.name),
    model.resourceGroup(namespace).quotas,
  );
}

/** "1 of 1 session clusters": what the view shows beside the create button; undefined without a quota. */
export function sessionRoomText(room: SessionRoom): string | undefined {
  if (!room.quota) return undefined;
  return l10n.t('{0} of {1} session clusters', room.existing.length, room.quota.hard);
}

/** Why a namespace (the tenant) takes no more session clusters; the create command says it before the form opens. */
export function sessionLimitMessage(room: SessionRoom): string {
  const q = room.quota!;
  const { namespace, existing } = room;
  if (existing.length === 1 && existing.length >= q.hard)
    return l10n.t(
      '{0} already has its session cluster {1}; a namespace (tenant) may have {2} (ResourceQuota {3}, {4}).',
      namespace,
      existing[0],
      q.hard,
      q.name,
      SESSION_QUOTA_KEY,
    );
  if (existing.length >= q.hard)
    return l10n.t(
      '{0} already has {1} session clusters ({2}); a namespace (tenant) may have {3} (ResourceQuota {4}, {5}).',
      namespace,
      existing.length,
      existing.join(', '),
      q.hard,
      q.name,
      SESSION_QUOTA_KEY,
    );
  return l10n.t(
    '{0} has no room for another session cluster: ResourceQuota {1} allows {2} FlinkDeployments ({3}) and {4} exist.',
    namespace,
    q.name,
    q.hard,
    SESSION_QUOTA_KEY,
    q.used ?? q.hard,
  );
}

/** The parts of the API server's "exceeded quota" refusal of a FlinkDeployment, if that is what `message` is. */
export function parseQuotaRefusal(message: string): SessionQuota | undefined {
  const key = SESSION_QUOTA_KEY.replace(/[./]/g, (c) => `\\${c}`);
  const m = new RegExp(`exceeded quota: ([^,]+), requested: ${key}=\\d+, used: ${key}=(\\d+), limited: ${key}=(\\d+)`).exec(message);
  return m ? { name: m[1], used: Number(m[2]), hard: Number(m[3]) } : undefined;
}

/**
 * The server's refusal of a FlinkDeployment over the tenant's quota, said as the create command
 * says it: which session clusters the namespace already runs, and what the quota allows.
 */
export function quotaRefusalMessage(namespace: string, running: readonly string[], refusal: SessionQuota): string {
  const room: SessionRoom = { namespace, existing: running, quota: refusal, full: true };
  return l10n.t('The API server refused the FlinkDeployment: {0}', sessionLimitMessage(room));
}
