import { ApiCore } from './apiCore';
import { ResourceType } from './resourceTypes';

/** Legacy discovery documents: /api, /apis, and resource lists per group version. */
export function coreVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  };
}

function groupsOf(api: ApiCore): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const t of api.allTypes()) {
    if (!t.group) continue;
    if (!groups.has(t.group)) groups.set(t.group, new Set());
    groups.get(t.group)!.add(t.version);
  }
  return groups;
}

export function groupList(api: ApiCore) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupsOf(api)].map(([name, versions]) => group(name, versions)),
  };
}

function group(name: string, versions: Set<string>) {
  const vs = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function groupDoc(api: ApiCore, name: string) {
  const versions = groupsOf(api).get(name);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...group(name, versions) } : undefined;
}

/** How kube-apiserver 1.26 lists a subresource: the kind it takes or answers, and its verbs. */
function subresourceOf(t: ResourceType, sub: string): { group?: string; version?: string; kind: string; verbs: string[] } {
  switch (sub) {
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'portforward':
      return { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'finalize':
      return { kind: t.kind, verbs: ['update'] };
    default:
      return { kind: t.kind, verbs: ['get', 'patch', 'update'] };
  }
}

export function resourceList(api: ApiCore, groupName: string, version: string) {
  const types = api.allTypes().filter((t) => t.group === groupName && t.version === version);
  if (types.length === 0) return undefined;
  const resources: any[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural,
      // 1.26 names the singular of custom resources only.
      singularName: t.strategicMerge ? '' : t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories?.length ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources)
      resources.push({ name: `${t.plural}/${sub}`, singularName: '', namespaced: t.namespaced, ...subresourceOf(t, sub) });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupName ? `${groupName}/${version}` : version, resources };
}

/**
 * Just enough OpenAPI v3 for kubectl: per group version, the paths of each resource with their
 * x-kubernetes-group-version-kind and the fieldValidation parameter, which tells kubectl to let the
 * server validate instead of downloading schemas.
 */
export function openApiV3Root(api: ApiCore) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const gvs = new Set(api.allTypes().map((t) => (t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`)));
  for (const gv of gvs) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${api.allTypes().length}` };
  return { paths };
}

export function openApiV3Doc(api: ApiCore, gvPath: string) {
  const m = /^(api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(gvPath);
  if (!m) return undefined;
  const group = m[2] ? '' : m[3];
  const version = m[2] ?? m[4];
  const types = api.allTypes().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, any> = {};
  const schemas: Record<string, any> = {};
  const param = [
    { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'dryRun', in: 'query', schema: { type: 'string' } },
    { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
  ];
  for (const t of types) {
    const gvk = { group, version, kind: t.kind };
    const base = `/${gvPath}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
    const op = (verb: string) => ({
      operationId: `${verb}${t.kind}`,
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
      parameters: param,
      responses: { '200': { description: 'OK' } },
    });
    paths[base] = { get: op('list'), post: op('post'), delete: op('deletecollection') };
    paths[`${base}/{name}`] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    const schemaName = `${group || 'core'}.${version}.${t.kind}`;
    schemas[schemaName] = {
      ...(t.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
      'x-kubernetes-group-version-kind': [gvk],
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

/* ---------- server-side printing (meta.k8s.io/v1 Table) ---------- */

function age(creation: string | undefined, now: number): string {
  if (!creation) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(creation)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function jsonPathValue(obj: any, jsonPath: string): unknown {
  let cur = obj;
  for (const part of jsonPath.replace(/^\./, '').split('.')) {
    if (cur == null) return undefined;
    const m = /^([^[]+)\[(\d+)\]$/.exec(part);
    cur = m ? cur[m[1]]?.[Number(m[2])] : cur[part];
  }
  return cur;
}

interface Column {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority: number;
  cell: (o: any) => unknown;
}

function columnsFor(t: ResourceType, now: number): Column[] {
  const name: Column = {
    name: 'Name',
    type: 'string',
    format: 'name',
    priority: 0,
    description: 'Name must be unique within a namespace.',
    cell: (o) => o.metadata.name,
  };
  const ageCol: Column = { name: 'Age', type: 'string', priority: 0, cell: (o) => age(o.metadata.creationTimestamp, now) };
  // kubectl get -o wide on workloads: the pod template's containers and images, and the selector.
  const containers = (o: any): any[] => o.spec?.template?.spec?.containers ?? [];
  const templateColumns: Column[] = [
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => c.image)
          .join(','),
    },
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => labelString(o.spec?.selector?.matchLabels) },
  ];
  if (t.group === '' && t.plural === 'pods') {
    return [
      name,
      {
        name: 'Ready',
        type: 'string',
        priority: 0,
        cell: (o) => `${(o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${o.spec?.containers?.length ?? 0}`,
      },
      { name: 'Status', type: 'string', priority: 0, cell: podStatus },
      {
        name: 'Restarts',
        type: 'string',
        priority: 0,
        cell: (o) => String((o.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0)),
      },
      ageCol,
      { name: 'IP', type: 'string', priority: 1, cell: (o) => o.status?.podIP ?? '<none>' },
      { name: 'Node', type: 'string', priority: 1, cell: (o) => o.spec?.nodeName ?? '<none>' },
      { name: 'Nominated Node', type: 'string', priority: 1, cell: (o) => o.status?.nominatedNodeName ?? '<none>' },
      {
        name: 'Readiness Gates',
        type: 'string',
        priority: 1,
        cell: (o) => (o.spec?.readinessGates?.length ? `0/${o.spec.readinessGates.length}` : '<none>'),
      },
    ];
  }
  if (t.group === 'apps' && t.plural === 'deployments') {
    return [
      name,
      { name: 'Ready', type: 'string', priority: 0, cell: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}` },
      { name: 'Up-to-date', type: 'string', priority: 0, cell: (o) => o.status?.updatedReplicas ?? 0 },
      { name: 'Available', type: 'string', priority: 0, cell: (o) => o.status?.availableReplicas ?? 0 },
      ageCol,
      ...templateColumns,
    ];
  }
  if (t.group === 'apps' && t.plural === 'replicasets') {
    return [
      name,
      { name: 'Desired', type: 'integer', priority: 0, cell: (o) => o.spec?.replicas ?? 0 },
      { name: 'Current', type: 'integer', priority: 0, cell: (o) => o.status?.replicas ?? 0 },
      { name: 'Ready', type: 'integer', priority: 0, cell: (o) => o.status?.readyReplicas ?? 0 },
      ageCol,
      ...templateColumns,
    ];
  }
  if (t.group === '' && t.plural === 'configmaps')
    return [
      name,
      {
        name: 'Data',
        type: 'string',
        priority: 0,
        cell: (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
      },
      ageCol,
    ];
  if (t.group === '' && t.plural === 'services') {
    return [
      name,
      { name: 'Type', type: 'string', priority: 0, cell: (o) => o.spec?.type },
      { name: 'Cluster-IP', type: 'string', priority: 0, cell: (o) => o.spec?.clusterIP },
      { name: 'External-IP', type: 'string', priority: 0, cell: () => '<none>' },
      {
        name: 'Port(s)',
        type: 'string',
        priority: 0,
        cell: (o) => (o.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
      },
      ageCol,
      { name: 'Selector', type: 'string', priority: 1, cell: (o) => labelString(o.spec?.selector) || '<none>' },
    ];
  }
  if (t.group === '' && t.plural === 'events') {
    return [
      {
        name: 'Last Seen',
        type: 'string',
        priority: 0,
        cell: (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now),
      },
      { name: 'Type', type: 'string', priority: 0, cell: (o) => o.type },
      { name: 'Reason', type: 'string', priority: 0, cell: (o) => o.reason },
      {
        name: 'Object',
        type: 'string',
        priority: 0,
        cell: (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name}`,
      },
      { name: 'Subobject', type: 'string', priority: 1, cell: (o) => o.involvedObject?.fieldPath ?? '' },
      {
        name: 'Source',
        type: 'string',
        priority: 1,
        cell: (o) => [o.source?.component ?? o.reportingComponent, o.source?.host].filter(Boolean).join(', '),
      },
      { name: 'Message', type: 'string', priority: 0, cell: (o) => o.message },
      {
        name: 'First Seen',
        type: 'string',
        priority: 1,
        cell: (o) => age(o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now),
      },
      { name: 'Count', type: 'string', priority: 1, cell: (o) => o.count ?? 1 },
      { name: 'Name', type: 'string', priority: 1, cell: (o) => o.metadata.name },
    ];
  }
  if (t.group === '' && t.plural === 'namespaces')
    return [name, { name: 'Status', type: 'string', priority: 0, cell: (o) => o.status?.phase }, ageCol];
  if (t.printerColumns?.length) {
    return [
      name,
      ...t.printerColumns.map((c) => ({
        name: c.name,
        type: c.type,
        description: c.description,
        priority: c.priority ?? 0,
        cell: (o: any) => (c.type === 'date' ? age(jsonPathValue(o, c.jsonPath) as string, now) : (jsonPathValue(o, c.jsonPath) ?? null)),
      })),
      // A CRD that defines its printer columns gets exactly those (Age only if it lists it).
    ];
  }
  return [name, ageCol];
}

export function podStatus(o: any): string {
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  for (const c of o.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'ContainerCreating') return c.state.waiting.reason;
    if (c.state?.terminated?.reason && o.status?.phase !== 'Running') return c.state.terminated.reason;
  }
  for (const c of o.status?.containerStatuses ?? []) if (c.state?.waiting?.reason) return c.state.waiting.reason;
  return o.status?.reason ?? o.status?.phase ?? 'Unknown';
}

export function toTable(
  api: ApiCore,
  t: ResourceType,
  objects: any[],
  listMeta: Record<string, unknown>,
  includeObject: string | undefined,
) {
  // A view prints as its stored type does (the printers work on the internal object); objects are stored ones.
  const cols = columnsFor((t.view && api.type(t.view.stores.group, t.view.stores.plural)) || t, api.clock.now());
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority,
    })),
    rows: objects.map((o) => ({
      cells: cols.map((c) => c.cell(o)),
      object:
        includeObject === 'None'
          ? undefined
          : includeObject === 'Object'
            ? t.view
              ? t.view.toView(o)
              : o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

function labelString(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
