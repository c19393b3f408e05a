import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { KubeObject } from '../kube/resources';
import { ClusterCache } from './clusterCache';
import { driverDeploymentName } from './compute/computeRenderer';
import { ComputeSpec } from './compute/computeSpec';
import { deriveDriverState, executorState } from './compute/computeState';
import { BUILTIN_NODE_TYPES, NODE_TYPES_CONFIGMAP, nodeTypeCatalog, NodeType } from './compute/nodeTypes';
import { ANNOTATIONS, ClusterKind, definitionKindOf, LABELS, Operation, parseDefinition } from './definition';
import { FieldError } from './validation';
import { SessionSpec } from './session/sessionSpec';
import { deriveSessionStatus } from './session/sessionState';
import { DriverState, SessionStatus } from './stateTable';

interface ClusterBase {
  readonly kind: ClusterKind;
  /** The definition's uid. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly generation: number;
  /** The live workload's generation, when it exists. */
  readonly workloadGeneration?: number;
  /** The definition changed since the workload was rendered: a restart applies it. */
  readonly restartRequired: boolean;
  readonly operation?: Operation;
  readonly createdBy?: string;
  readonly description: string;
  readonly problems: readonly FieldError[];
  readonly definitionResourceVersion: string;
}

export interface ComputeCluster extends ClusterBase {
  readonly kind: 'compute';
  readonly state: DriverState;
  readonly reason?: string;
  readonly executors: string;
  readonly singleNode: boolean;
  readonly driverNodeType?: NodeType | { readonly name: string };
  readonly executorNodeType?: NodeType | { readonly name: string };
  readonly executorCount: number;
  readonly volume?: string;
  /** "30 min", "Disabled". */
  readonly autoScaling: string;
  readonly billed: boolean;
  readonly driverPod?: string;
  readonly spec?: ComputeSpec;
}

export interface SessionCluster extends ClusterBase {
  readonly kind: 'session';
  readonly status: SessionStatus;
  readonly reason?: string;
  readonly owner?: string;
  /** Total CPU cores and memory of JobManager and TaskManagers, as the spec asks. */
  readonly cpu: number;
  readonly memory: string;
  readonly lastUpdate?: string;
  readonly sessionJobs: number;
  readonly spec?: SessionSpec;
}

export type Cluster = ComputeCluster | SessionCluster;

export interface ResourceGroup {
  readonly namespace: string;
  readonly quotas: readonly { name: string; hard: Record<string, string>; used: Record<string, string> }[];
}

export const clusterKey = (kind: ClusterKind, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
export const keyOfCluster = (c: Cluster): string => clusterKey(c.kind, c.namespace, c.name);

export interface ClusterChange {
  readonly key: string;
  readonly kind: ClusterKind;
  readonly namespace: string;
  readonly name: string;
  /** The cluster now; undefined when it is gone. */
  readonly cluster: Cluster | undefined;
}

export interface ClusterModelOptions {
  /** FAILED when the driver stays unschedulable this long. */
  readonly startTimeoutMs?: number;
  readonly now?: () => number;
}

function mib(q: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const u = m[2].toLowerCase();
  return u.startsWith('g')
    ? n * 1024
    : u.startsWith('t')
      ? n * 1024 * 1024
      : u.startsWith('k')
        ? n / 1024
        : u === '' || u === 'b'
          ? n / 2 ** 20
          : n;
}

function formatMiB(n: number): string {
  return n >= 1024 ? `${+(n / 1024).toFixed(1)} GiB` : `${Math.round(n)} MiB`;
}

/**
 * Compute and session clusters as the tree and panels show them, derived from the cache, with one
 * change event per cluster whose derived view actually changed.
 */
export class ClusterModel extends Disposable {
  private readonly _onDidChangeCluster = this._register(new Emitter<ClusterChange[]>());
  readonly onDidChangeCluster: Event<ClusterChange[]> = this._onDidChangeCluster.event;
  private readonly _onDidChangeResourceGroup = this._register(new Emitter<string>());
  readonly onDidChangeResourceGroup: Event<string> = this._onDidChangeResourceGroup.event;
  private readonly clusters = new Map<string, Cluster>();
  private readonly fingerprints = new Map<string, string>();
  private readonly startTimeoutMs: number;
  private readonly now: () => number;
  private timeoutTimers = new Map<string, NodeJS.Timeout>();
  /** Until the first full derivation, changes arriving page by page are not worth deriving one by one. */
  private derived = false;

  constructor(
    readonly cache: ClusterCache,
    opts: ClusterModelOptions = {},
  ) {
    super();
    this.startTimeoutMs = opts.startTimeoutMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
    this._register(
      cache.onDidChange(({ kind, changes }) => {
        if (!this.derived) return;
        if (kind === 'resourceQuotas') {
          for (const ns of new Set(changes.map((c) => c.object.metadata.namespace ?? ''))) this._onDidChangeResourceGroup.fire(ns);
          return;
        }
        const keys = new Set<string>();
        for (const c of changes) for (const k of this.affected(kind, c.object)) keys.add(k);
        this.recompute(keys);
      }),
    );
    this._register({ dispose: () => this.timeoutTimers.forEach((t) => clearTimeout(t)) });
  }

  /** Derives everything once from the current cache content (after the first sync). */
  refreshAll(): void {
    this.derived = true;
    const keys = new Set<string>([...this.clusters.keys()]);
    for (const cm of this.cache.items('configMaps')) {
      const kind = definitionKindOf(cm);
      if (kind) keys.add(clusterKey(kind, cm.metadata.namespace ?? '', cm.metadata.labels![LABELS.cluster]));
    }
    this.recompute(keys);
  }

  computeClusters(namespace?: string): ComputeCluster[] {
    return [...this.clusters.values()]
      .filter((c): c is ComputeCluster => c.kind === 'compute' && (namespace === undefined || c.namespace === namespace))
      .sort(byName);
  }

  sessionClusters(namespace?: string): SessionCluster[] {
    return [...this.clusters.values()]
      .filter((c): c is SessionCluster => c.kind === 'session' && (namespace === undefined || c.namespace === namespace))
      .sort(byName);
  }

  get(kind: ClusterKind, namespace: string, name: string): Cluster | undefined {
    return this.clusters.get(clusterKey(kind, namespace, name));
  }

  byId(id: string): Cluster | undefined {
    for (const c of this.clusters.values()) if (c.id === id) return c;
    return undefined;
  }

  resourceGroup(namespace: string): ResourceGroup {
    return {
      namespace,
      quotas: this.cache
        .items('resourceQuotas', namespace)
        .map((q) => ({ name: q.metadata.name, hard: { ...(q.status?.hard ?? q.spec?.hard ?? {}) }, used: { ...(q.status?.used ?? {}) } })),
    };
  }

  nodeTypes(namespace: string): readonly NodeType[] {
    const cm = this.cache.get('configMaps', namespace, NODE_TYPES_CONFIGMAP);
    return cm ? nodeTypeCatalog(cm).types : BUILTIN_NODE_TYPES;
  }

  /** Which clusters a changed object concerns. */
  private affected(kind: string, o: KubeObject): string[] {
    const ns = o.metadata.namespace ?? '';
    const labels = o.metadata.labels ?? {};
    if (kind === 'flinkSessionJobs') return o.spec?.deploymentName ? [clusterKey('session', ns, o.spec.deploymentName)] : [];
    if (kind === 'configMaps' && o.metadata.name === NODE_TYPES_CONFIGMAP)
      return [...this.clusters.values()].filter((c) => c.namespace === ns).map(keyOfCluster);
    const cluster = labels[LABELS.cluster];
    if (!cluster) return [];
    const k = labels[LABELS.kind] === 'session' || kind === 'flinkDeployments' ? 'session' : 'compute';
    return [clusterKey(k, ns, cluster)];
  }

  private recompute(keys: Iterable<string>): void {
    const changed: ClusterChange[] = [];
    for (const key of keys) {
      const [kind, namespace, name] = key.split('/') as [ClusterKind, string, string];
      const next = kind === 'compute' ? this.deriveCompute(namespace, name) : this.deriveSession(namespace, name);
      const fp = next ? JSON.stringify(next) : '';
      if ((this.fingerprints.get(key) ?? '') === fp) continue;
      if (next) {
        this.clusters.set(key, next);
        this.fingerprints.set(key, fp);
      } else {
        this.clusters.delete(key);
        this.fingerprints.delete(key);
      }
      changed.push({ key, kind, namespace, name, cluster: next });
    }
    if (changed.length) this._onDidChangeCluster.fire(changed);
  }

  private deriveCompute(namespace: string, name: string): ComputeCluster | undefined {
    const cm = this.cache.get('configMaps', namespace, `compute.${name}`);
    if (!cm) return undefined;
    const nodeTypes = this.nodeTypes(namespace);
    const def = parseDefinition(cm, nodeTypes);
    if (!def) return undefined;
    const spec = def.spec as ComputeSpec | undefined;
    const deployment = this.cache.get('deployments', namespace, driverDeploymentName(name));
    const pods = this.cache.itemsOfCluster('pods', namespace, name);
    const drivers = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver');
    const executors = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'executor');
    const derived = deriveDriverState(deployment, drivers, this.now(), this.startTimeoutMs);
    this.armStartTimeout(clusterKey('compute', namespace, name), drivers);
    const workloadGeneration = deployment ? Number(deployment.metadata.annotations?.[ANNOTATIONS.generation] ?? 0) || undefined : undefined;
    const singleNode = spec?.deploymentType === 'single-node';
    const find = (n: string | undefined) => (n ? (nodeTypes.find((t) => t.name === n) ?? { name: n }) : undefined);
    return {
      kind: 'compute',
      ...baseFields(def, name, namespace, workloadGeneration),
      description: spec?.description ?? '',
      problems: def.problems,
      definitionResourceVersion: cm.metadata.resourceVersion,
      state: derived.state,
      reason: derived.reason,
      executors: executorState(executors, spec?.executorCount ?? 0, singleNode),
      singleNode,
      driverNodeType: find(spec?.driverNodeType),
      executorNodeType: singleNode ? undefined : find(spec?.executorNodeType),
      executorCount: spec?.executorCount ?? 0,
      volume: spec?.volume?.size,
      autoScaling: spec ? (spec.autoScaling.enabled ? `${spec.autoScaling.idleTimeoutMinutes} min` : 'Disabled') : '',
      billed: derived.state === 'ACTIVE',
      driverPod: drivers
        .filter((p) => !p.metadata.deletionTimestamp)
        .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0]?.metadata.name,
      spec,
    };
  }

  /** An unschedulable driver turns FAILED when the start timeout passes, with no event to tell us: re-derive then. */
  private armStartTimeout(key: string, drivers: KubeObject[]): void {
    const pending = drivers.find((p) =>
      (p.status?.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'),
    );
    const existing = this.timeoutTimers.get(key);
    if (!pending) {
      if (existing) clearTimeout(existing);
      this.timeoutTimers.delete(key);
      return;
    }
    if (existing) return;
    const due = Date.parse(pending.metadata.creationTimestamp ?? '') + this.startTimeoutMs - this.now();
    if (!(due > 0)) return;
    const t = setTimeout(() => {
      this.timeoutTimers.delete(key);
      this.recompute([key]);
    }, due + 10);
    t.unref?.();
    this.timeoutTimers.set(key, t);
  }

  private deriveSession(namespace: string, name: string): SessionCluster | undefined {
    const cm = this.cache.get('configMaps', namespace, `session.${name}`);
    if (!cm) return undefined;
    const def = parseDefinition(cm, BUILTIN_NODE_TYPES);
    if (!def) return undefined;
    const spec = def.spec as SessionSpec | undefined;
    const fd = this.cache.get('flinkDeployments', namespace, name);
    const derived = deriveSessionStatus(fd, def.operation, def.failure);
    const jobs = this.cache.sessionJobsOf(namespace, name).filter((j) => !j.metadata.deletionTimestamp);
    const workloadGeneration = fd ? Number(fd.metadata.annotations?.[ANNOTATIONS.generation] ?? 0) || undefined : undefined;
    const tm = spec?.taskManager;
    const cpu = spec ? spec.jobManager.cpu + (tm?.cpu ?? 0) * (tm?.replicas ?? 0) : 0;
    const memory = spec ? formatMiB(mib(spec.jobManager.memory) + mib(tm?.memory ?? '0') * (tm?.replicas ?? 0)) : '';
    const times = [
      cm.metadata.creationTimestamp,
      fd?.metadata.creationTimestamp,
      ...(fd?.status?.conditions ?? []).map((c: any) => c.lastTransitionTime),
    ].filter(Boolean) as string[];
    const reconciled = fd?.status?.reconciliationStatus?.reconciliationTimestamp;
    if (typeof reconciled === 'number') times.push(new Date(reconciled).toISOString());
    if (def.operation?.startedAt) times.push(def.operation.startedAt);
    return {
      kind: 'session',
      ...baseFields(def, name, namespace, workloadGeneration),
      owner: def.owner ?? def.createdBy,
      description: spec?.description ?? '',
      problems: def.problems,
      definitionResourceVersion: cm.metadata.resourceVersion,
      status: derived.status,
      reason: derived.reason,
      cpu,
      memory,
      lastUpdate: times.sort().at(-1),
      sessionJobs: jobs.length,
      spec,
    };
  }
}

/** What every cluster has, whatever its kind. */
function baseFields(
  def: { id: string; generation: number; operation?: Operation; createdBy?: string },
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
    operation: def.operation,
    createdBy: def.createdBy,
  };
}

function byName(a: Cluster, b: Cluster): number {
  return a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace);
}
