import { ComputeSpec } from '../../../shared/clusters/computeSpec';
import { clusterKey, ComputeCluster } from '../clusterTypes';
import { baseFields, DerivationContext } from '../clusterSources';
import { generationOf, parseDefinition } from '../definition';
import { driverDeploymentName } from './computeRenderer';
import { deriveDriverState, executorCounts, newestPod } from './computeState';
import { autoScalingText, executorsText, singleNodeText } from '../../../shared/text/clusterText';

/** A compute cluster as the tree and panels show it: its definition, driver Deployment and pods. */
export function deriveComputeCluster(ctx: DerivationContext, namespace: string, name: string): ComputeCluster | undefined {
  const cm = ctx.cache.get('configMaps', namespace, `compute.${name}`);
  if (!cm) return undefined;
  const key = clusterKey('compute', namespace, name);
  const nodeTypes = ctx.nodeTypes(namespace);
  const def = parseDefinition(cm, nodeTypes);
  if (!def) return undefined;
  const spec = def.spec as ComputeSpec | undefined;
  const deployment = ctx.cache.get('deployments', namespace, driverDeploymentName(name));
  const pods = ctx.cache.itemsOfCluster('pods', namespace, name);
  const drivers = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver');
  const executors = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'executor');
  const cannotRead = ctx.unreadableSource('compute', namespace);
  const derived = cannotRead
    ? { state: 'UNKNOWN' as const, reason: { summary: cannotRead } as { summary: string; raw?: string } }
    : deriveDriverState(deployment, drivers, ctx.now(), ctx.startTimeoutMs);
  ctx.armStartTimeout(key, drivers);
  const singleNode = spec?.deploymentType === 'single-node';
  // Executors belong to a running driver: once it stops or fails, the column says nothing.
  const driverRunning = derived.state === 'ACTIVE' || derived.state === 'STARTING';
  const counts = !singleNode && driverRunning ? executorCounts(executors, spec?.executorCount ?? 0) : undefined;
  const find = (n: string | undefined) => (n ? (nodeTypes.find((t) => t.name === n) ?? { name: n }) : undefined);
  return {
    kind: 'compute',
    ...baseFields(def, name, namespace, deployment ? generationOf(deployment, 0) || undefined : undefined),
    ...ctx.operationOf(key, def.operation),
    description: spec?.description ?? '',
    problems: def.problems,
    definitionResourceVersion: cm.metadata.resourceVersion,
    createdAt: cm.metadata.creationTimestamp,
    state: derived.state,
    reason: derived.reason?.summary,
    ...(derived.reason?.raw ? { reasonRaw: derived.reason.raw } : {}),
    executors: singleNode ? singleNodeText() : counts ? executorsText(counts) : '',
    ...(counts ? { executorCounts: counts } : {}),
    singleNode,
    driverNodeType: find(spec?.driverNodeType),
    executorNodeType: singleNode ? undefined : find(spec?.executorNodeType),
    executorCount: spec?.executorCount ?? 0,
    volume: spec?.volume?.size,
    autoScaling: spec?.autoScaling ? autoScalingText(spec.autoScaling.enabled ? spec.autoScaling.idleTimeoutMinutes : undefined) : '',
    ...(spec?.autoScaling?.enabled ? { autoScalingMinutes: spec.autoScaling.idleTimeoutMinutes } : {}),
    billed: derived.state === 'ACTIVE',
    driverPod: newestPod(drivers)?.metadata.name,
    spec,
  };
}
