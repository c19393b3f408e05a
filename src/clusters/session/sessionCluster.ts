import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { SessionSpec } from '../../../shared/clusters/sessionSpec';
import { flinkMemoryMiB } from '../../../shared/text/quantity';
import { memoryText } from '../../../shared/text/clusterText';
import { clusterKey, SessionCluster } from '../clusterTypes';
import { baseFields, DerivationContext, unreadable } from '../clusterSources';
import { generationOf, parseDefinition } from '../definition';
import { deriveSessionStatus } from './sessionState';
import { sqlGatewayName } from './sqlGatewayRenderer';

/** A session cluster as the tree and panels show it: its definition, FlinkDeployment and session jobs. */
export function deriveSessionCluster(ctx: DerivationContext, namespace: string, name: string): SessionCluster | undefined {
  const cm = ctx.cache.get('configMaps', namespace, `session.${name}`);
  if (!cm) return undefined;
  const key = clusterKey('session', namespace, name);
  const def = parseDefinition(cm, BUILTIN_NODE_TYPES);
  if (!def) return undefined;
  const spec = def.spec as SessionSpec | undefined;
  const fd = ctx.cache.get('flinkDeployments', namespace, name);
  const op = ctx.operationOf(key, def.operation);
  const fdStatus = ctx.cache.status('flinkDeployments', namespace);
  const derived = !fdStatus.listed
    ? { status: 'Unknown' as const, reason: unreadable('flinkDeployments', namespace, fdStatus.error) }
    : deriveSessionStatus(fd, op.operation, def.failure);
  const jobsKnown = ctx.cache.status('flinkSessionJobs', namespace).listed;
  const jobs = ctx.cache.sessionJobsOf(namespace, name).filter((j) => !j.metadata.deletionTimestamp);
  // A definition edited by hand may be invalid: it is still shown, with what can be read of it
  // (a value that cannot be read counts as nothing).
  const jm = spec?.jobManager;
  const tm = spec?.taskManager;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const mib = (v: unknown) => (typeof v === 'string' ? num(flinkMemoryMiB(v)) : 0);
  const cpu = num(jm?.cpu) + num(tm?.cpu) * num(tm?.replicas);
  const memory = spec ? memoryText(mib(jm?.memory) + mib(tm?.memory) * num(tm?.replicas)) : '';
  const times = [
    cm.metadata.creationTimestamp,
    fd?.metadata.creationTimestamp,
    ...(fd?.status?.conditions ?? []).map((c: any) => c.lastTransitionTime),
  ].filter(Boolean) as string[];
  const reconciled = fd?.status?.reconciliationStatus?.reconciliationTimestamp;
  if (typeof reconciled === 'number') times.push(new Date(reconciled).toISOString());
  if (def.operation?.startedAt) times.push(def.operation.startedAt);
  const gateway = ctx.cache.get('deployments', namespace, sqlGatewayName(name));
  const sql =
    gateway && !gateway.metadata.deletionTimestamp
      ? { enabled: true as const, ready: (gateway.status?.readyReplicas ?? 0) > 0 }
      : undefined;
  return {
    kind: 'session',
    ...baseFields(def, name, namespace, fd ? generationOf(fd, 0) || undefined : undefined),
    ...op,
    owner: def.owner ?? def.createdBy,
    description: spec?.description ?? '',
    problems: def.problems,
    definitionResourceVersion: cm.metadata.resourceVersion,
    createdAt: cm.metadata.creationTimestamp,
    status: derived.status,
    reason: derived.reason,
    cpu,
    memory,
    lastUpdate: times.sort().at(-1),
    ...(jobsKnown ? { sessionJobs: jobs.length } : {}),
    ...(sql ? { sql } : {}),
    spec,
  };
}
