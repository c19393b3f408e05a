import { KubeApiError } from '../kube/kubeApiError';
import { KubeObject } from '../kube/resources';
import { CachedKind, ClusterCache } from './clusterCache';
import { ClusterKind, Operation } from './definition';
import { NodeType } from '../../shared/clusters/nodeTypes';
import * as l10n from '@vscode/l10n';

/** The kinds each cluster kind is derived from: nothing is derived before they have been listed. */
export const SOURCES: Record<ClusterKind, readonly CachedKind[]> = {
  compute: ['configMaps', 'deployments', 'pods'],
  session: ['configMaps', 'flinkDeployments', 'flinkSessionJobs'],
};

/** Failures that will not go away by retrying: the kind is settled as unreadable, with the reason shown. */
export const isTerminal = (e: KubeApiError | undefined): e is KubeApiError => !!e && (e.code === 403 || e.code === 404);

/** Why a kind's state cannot be read in a namespace, in words for the user. */
export function unreadable(kind: CachedKind, namespace: string, e: KubeApiError | undefined): string {
  const what = kind.replace(/([A-Z])/g, ' $1').toLowerCase();
  if (!e) return l10n.t('{0} in {1} have not been listed yet.', what, namespace);
  if (e.code === 403) return l10n.t('You may not list {0} in {1}, so this state cannot be read.', what, namespace);
  if (kind === 'flinkDeployments' || kind === 'flinkSessionJobs')
    return l10n.t('The Flink Kubernetes Operator is not installed (its CRDs are missing), so this state cannot be read.');
  return l10n.t('{0} in {1} cannot be listed: {2}', what, namespace, e.message);
}

/** What deriving one cluster reads from the model: its cache, clock and timers. */
export interface DerivationContext {
  readonly cache: ClusterCache;
  /** FAILED when the driver stays unschedulable this long. */
  readonly startTimeoutMs: number;
  now(): number;
  nodeTypes(namespace: string): readonly NodeType[];
  /** The first source of a kind that cannot be read in a namespace, as the reason to show. */
  unreadableSource(kind: ClusterKind, namespace: string): string | undefined;
  /** The in-flight marker as live or interrupted; a live one is re-derived the moment it would go stale. */
  operationOf(key: string, op: Operation | undefined): { operation?: Operation; interrupted?: Operation };
  /** Re-derives the cluster when an unschedulable driver's start timeout passes. */
  armStartTimeout(key: string, drivers: KubeObject[]): void;
}

/** What every cluster has, whatever its kind (the operation is added as live or interrupted). */
export function baseFields(
  def: { id: string; generation: number; createdBy?: string },
  name: string,
  namespace: string,
  workloadGeneration: number | undefined,
) {
  return {
    id: def.id,
    name,
    namespace,
    generation: def.generation,
    workloadGeneration,
    restartRequired: workloadGeneration !== undefined && def.generation > workloadGeneration,
    createdBy: def.createdBy,
  };
}
