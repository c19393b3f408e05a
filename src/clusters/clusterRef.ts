/** Which cluster: its kind, namespace and name, and the one key string they make (`compute/analytics/sales-etl`). */
import type { ClusterKind } from './definition';

export interface ClusterRef {
  readonly kind: ClusterKind;
  readonly namespace: string;
  readonly name: string;
}

/** The key of a cluster: the model's index, the panels' registry and the page's saved state all use it. */
export const clusterKey = (kind: ClusterKind, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
export const keyOfRef = (ref: ClusterRef): string => clusterKey(ref.kind, ref.namespace, ref.name);

/** Keys as clusterKey makes them, with Kubernetes names (DNS labels). */
export const CLUSTER_KEY_PATTERN = /^(compute|session)\/[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function refOfKey(key: string): ClusterRef | undefined {
  if (!CLUSTER_KEY_PATTERN.test(key)) return undefined;
  const [kind, namespace, name] = key.split('/') as [ClusterKind, string, string];
  return { kind, namespace, name };
}
