/**
 * What the cluster panels post, built from the model's structured fields and the watch cache (pure,
 * no vscode). Strings from the cluster are passed as they are: the page renders them as text. Only
 * lengths are bounded here, so a hand-edited object cannot make a message the page refuses.
 */
import type { ClusterPage } from '../../shared/protocol/clusterPage';
import * as l10n from '@vscode/l10n';
import type { ActivityRow } from '../clusters/activity';
import type { ClusterModel, ComputeCluster, SessionCluster } from '../clusters/clusterModel';
import { newestPod } from '../clusters/compute/computeState';
import type { LogInstance } from '../clusters/driverLogs';
import type { Operation } from '../clusters/definition';
import type { KubeObject } from '../kube/resources';
import type { ActivityRowData, ComputeView, LogInstanceData, SessionJobRow, SessionView } from '../../shared/protocol/clusterPage';
import type { NotificationBody } from '../../shared/protocol/envelope';
import { quotaUsage } from '../../shared/text/quantity';
import { volumeText } from '../../shared/text/clusterText';

const cut = (s: unknown, max: number): string => (typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s)).slice(0, max);
const opt = (s: unknown, max: number): string | undefined => (typeof s === 'string' && s ? s.slice(0, max) : undefined);
const count = (n: unknown): number | undefined => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined);

function operation(op: Operation | undefined) {
  return op ? { action: cut(op.action, 64), user: cut(op.user, 300), startedAt: cut(op.startedAt, 64) } : undefined;
}

function nodeType(t: { name: string; cpuMillicores?: number; memoryMiB?: number } | undefined) {
  if (!t) return undefined;
  return {
    name: cut(t.name, 200),
    ...(typeof t.cpuMillicores === 'number' && t.cpuMillicores >= 0 ? { cpuMillicores: t.cpuMillicores } : {}),
    ...(typeof t.memoryMiB === 'number' && t.memoryMiB >= 0 ? { memoryMiB: t.memoryMiB } : {}),
  };
}

/** Drops undefined fields: the protocol's objects refuse keys they do not know, and JSON drops them anyway. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function computeView(c: ComputeCluster, model?: ClusterModel): ComputeView {
  const pods = model ? model.cache.itemsOfCluster('pods', c.namespace, c.name) : [];
  const driver = newestPod(pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver')) as KubeObject | undefined;
  const tags = Object.entries(c.spec?.tags ?? {})
    .slice(0, 200)
    .map(([key, value]) => ({ key: cut(key, 300), value: cut(value, 1000) }));
  return compact<ComputeView>({
    id: cut(c.id, 100),
    name: cut(c.name, 100),
    namespace: cut(c.namespace, 100),
    state: c.state,
    reason: opt(c.reason, 4000),
    reasonRaw: opt(c.reasonRaw, 4000),
    singleNode: c.singleNode,
    driverNodeType: nodeType(c.driverNodeType),
    executorNodeType: c.singleNode ? undefined : nodeType(c.executorNodeType),
    executorCounts: c.executorCounts ? { ...c.executorCounts } : undefined,
    executorCount: count(c.executorCount) ?? 0,
    // Written here as every size is (`50 GiB`): the page shows it as it comes.
    volume: opt(volumeText(c.volume), 100),
    autoScalingMinutes: count(c.autoScalingMinutes),
    createdAt: opt(c.createdAt, 64),
    createdBy: opt(c.createdBy, 300),
    tags,
    description: cut(c.description, 4000),
    restartRequired: c.restartRequired,
    operation: operation(c.operation),
    interrupted: operation(c.interrupted),
    arrowFlight: c.spec?.arrowFlight === true,
    driverSince: opt(driver?.metadata.creationTimestamp, 64),
    problems: c.problems.slice(0, 50).map((p) => cut(`${p.field ? `${p.field}: ` : ''}${p.message}`, 1000)),
  });
}

export function sessionView(c: SessionCluster): SessionView {
  const tm = c.spec?.taskManager;
  return compact<SessionView>({
    id: cut(c.id, 100),
    name: cut(c.name, 100),
    namespace: cut(c.namespace, 100),
    status: c.status,
    reason: opt(c.reason, 4000),
    owner: opt(c.owner, 300),
    cpu: Number.isFinite(c.cpu) && c.cpu >= 0 ? c.cpu : 0,
    memory: cut(c.memory, 64),
    taskManagers: count(tm?.replicas),
    slots: count(tm?.slots),
    image: opt(c.spec?.image, 500),
    flinkVersion: opt(c.spec?.flinkVersion, 64),
    lastUpdate: opt(c.lastUpdate, 64),
    createdAt: opt(c.createdAt, 64),
    description: cut(c.description, 4000),
    restartRequired: c.restartRequired,
    operation: operation(c.operation),
    interrupted: operation(c.interrupted),
    sessionJobs: count(c.sessionJobs),
  });
}

/** The FlinkSessionJobs on a session cluster: name, the job's state as the operator reports it, and when it started. */
export function sessionJobs(model: ClusterModel, namespace: string, name: string): SessionJobRow[] {
  return model.cache
    .sessionJobsOf(namespace, name)
    .filter((j) => !j.metadata.deletionTimestamp)
    .map((j) => {
      const status = j.status ?? {};
      const start = Number(status.jobStatus?.startTime);
      const started = Number.isFinite(start) && start > 0 ? new Date(start).toISOString() : j.metadata.creationTimestamp;
      return compact<SessionJobRow>({
        name: cut(j.metadata.name, 300),
        state: cut(status.jobStatus?.state ?? status.lifecycleState ?? 'PENDING', 64),
        started: opt(started, 64),
      });
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 1000);
}

/** The namespace's quota as used / total CPU and memory, read as the tree reads it (quantity.ts QUOTA_KEYS). */
export function resourceUsage(model: ClusterModel, namespace: string): NotificationBody<ClusterPage, 'session.update'>['resources'] {
  const { cpu, memory } = quotaUsage(model.resourceGroup(namespace).quotas);
  const bounded = (u: { used: string; total: string } | undefined) => u && { used: cut(u.used, 64), total: cut(u.total, 64) };
  return compact({ cpu: bounded(cpu), memory: bounded(memory) });
}

/** Activity rows as the page may receive them (the ConfigMap is editable by hand: every field is checked). */
export function activityRows(rows: readonly ActivityRow[]): ActivityRowData[] {
  const outcomes = ['succeeded', 'failed', 'cancelled'] as const;
  return rows.slice(-2000).map((r) =>
    compact<ActivityRowData>({
      action: cut(r.action, 64),
      user: cut(r.user, 300),
      time: cut(r.time, 64),
      details: cut(r.details, 8192),
      outcome: outcomes.find((o) => o === r.outcome),
      logLines: Array.isArray(r.logLines) ? r.logLines.slice(-200).map((l) => cut(l, 4096)) : undefined,
    }),
  );
}

/** Instance ids of the Logs tab: the driver as followed across restarts, one pod, or a pod's previous container. */
export type InstanceChoice = { readonly kind: 'driver' } | { readonly kind: 'pod'; readonly pod: string; readonly previous: boolean };

export const DRIVER_INSTANCE = 'driver';

export function parseInstance(id: string): InstanceChoice | undefined {
  if (id === DRIVER_INSTANCE) return { kind: 'driver' };
  const m = /^(pod|previous):([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(id);
  return m ? { kind: 'pod', pod: m[2], previous: m[1] === 'previous' } : undefined;
}

/**
 * What the Instance dropdown offers: the driver (followed across restarts), each pod, and the
 * previous container of each pod that restarted (what `kubectl logs --previous` shows).
 */
export function logInstanceChoices(instances: readonly LogInstance[], restarts: (pod: string) => number): LogInstanceData[] {
  const out: LogInstanceData[] = [{ id: DRIVER_INSTANCE, label: l10n.t('Driver (follows restarts)'), role: 'driver', previous: false }];
  for (const i of instances) {
    out.push({
      id: `pod:${i.pod}`,
      label: i.role === 'driver' ? l10n.t('Driver {0} ({1})', i.pod, i.phase) : l10n.t('Executor {0} ({1})', i.pod, i.phase),
      role: i.role,
      previous: false,
    });
    if (restarts(i.pod) > 0)
      out.push({ id: `previous:${i.pod}`, label: l10n.t('{0}: previous container', i.pod), role: i.role, previous: true });
  }
  return out.slice(0, 500);
}
