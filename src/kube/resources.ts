/** The Kubernetes resources the extension reads and writes, and their REST paths. */
export interface ResourceDescriptor {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const RESOURCES = {
  configMaps: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  pods: { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  services: { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  events: { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  resourceQuotas: { group: '', version: 'v1', plural: 'resourcequotas', kind: 'ResourceQuota', namespaced: true },
  serviceAccounts: { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  namespaces: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true },
  roleBindings: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  flinkDeployments: {
    group: 'flink.apache.org',
    version: 'v1beta1',
    plural: 'flinkdeployments',
    kind: 'FlinkDeployment',
    namespaced: true,
  },
  flinkSessionJobs: {
    group: 'flink.apache.org',
    version: 'v1beta1',
    plural: 'flinksessionjobs',
    kind: 'FlinkSessionJob',
    namespaced: true,
  },
} as const satisfies Record<string, ResourceDescriptor>;

export function apiVersion(r: ResourceDescriptor): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Collection path (namespace undefined: across all namespaces, or a cluster-scoped resource). */
export function collectionPath(r: ResourceDescriptor, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

export function objectPath(r: ResourceDescriptor, namespace: string | undefined, name: string, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** The parts of an object every resource has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    finalizers?: string[];
    /** Server-side apply's bookkeeping; the cluster cache leaves it out. */
    managedFields?: unknown[];
  };
  [key: string]: any;
}

export const objectKey = (o: { metadata: { namespace?: string; name: string } }): string =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
