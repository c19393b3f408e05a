import { coreToEventsV1, eventsV1ToCore } from './eventsView';
import { hpaV1ToV2, hpaV2ToV1 } from './hpaView';

/** One kind of object the emulated API server serves, built in or defined by a CRD. */
export interface ResourceType {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs: readonly string[];
  /** Subresources served: status, scale, log, portforward. */
  readonly subresources: readonly string[];
  /** Whether metadata.generation counts spec changes. */
  readonly generation: boolean;
  /** Create-only review objects that are answered, never stored. */
  readonly virtual?: boolean;
  /** The CRD's structural schema, for validation. */
  readonly schema?: unknown;
  readonly printerColumns?: readonly { name: string; type: string; jsonPath: string; description?: string; priority?: number }[];
  /** Which patch media types this type accepts (strategic merge is for built-in types only). */
  readonly strategicMerge: boolean;
  /** A custom resource's scale subresource: JSON paths such as ".spec.replicas". */
  readonly scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /**
   * Another version (or group) of a stored type, as events.k8s.io/v1 Events are of core/v1 Events:
   * objects live in the storage of `stores`, and are converted on every read and write.
   */
  readonly view?: { stores: { group: string; plural: string }; toView(stored: any): any; fromView(obj: any): any };
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
/** The same verbs in the order apiextensions-apiserver lists them for custom resources. */
export const CUSTOM_RESOURCE_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'] as const;

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function typeKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

/** The key of the store a type's objects live in (a view's is its stored type's). */
export function storeKeyOf(t: ResourceType): string {
  return t.view ? typeKey(t.view.stores.group, t.view.stores.plural) : typeKey(t.group, t.plural);
}

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<Omit<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'>> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: ALL_VERBS,
    subresources: [],
    generation: false,
    strategicMerge: true,
    ...extra,
  };
}

export const BUILTIN_TYPES: readonly ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  builtin('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  builtin('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'portforward', 'binding', 'eviction'],
  }),
  builtin('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets', true),
  builtin('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  builtin('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: ['status'] }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  }),
  builtin('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  }),
  // The older version of the same objects, listed after the preferred one as the real server lists them.
  builtin('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    view: { stores: { group: 'autoscaling', plural: 'horizontalpodautoscalers' }, toView: hpaV2ToV1, fromView: hpaV1ToV2 },
  }),
  builtin('events.k8s.io', 'v1', 'Event', 'events', true, {
    shortNames: ['ev'],
    view: { stores: { group: '', plural: 'events' }, toView: coreToEventsV1, fromView: eventsV1ToCore },
  }),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
    generation: true,
  }),
  builtin('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: ['create'], virtual: true }),
  builtin('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, { verbs: ['create'], virtual: true }),
  builtin('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, {
    verbs: ['create'],
    virtual: true,
  }),
  builtin('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, { verbs: ['create'], virtual: true }),
  // Served although GA only in 1.28: the product asks it who the user is (see README).
  builtin('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: ['create'], virtual: true }),
  builtin('authentication.k8s.io', 'v1', 'TokenReview', 'tokenreviews', false, { verbs: ['create'], virtual: true }),
];

/** The resource types a CustomResourceDefinition defines, one per served version. */
export function typesFromCrd(crd: any): ResourceType[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  return (spec.versions ?? [])
    .filter((v: any) => v.served !== false)
    .map((v: any): ResourceType => ({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: CUSTOM_RESOURCE_VERBS,
      subresources: [...(v.subresources?.status ? ['status'] : []), ...(v.subresources?.scale ? ['scale'] : [])],
      generation: true,
      schema: v.schema?.openAPIV3Schema,
      printerColumns: v.additionalPrinterColumns ?? [],
      strategicMerge: false,
      ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
    }));
}
