import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { KubeApiError } from '../kube/kubeApiError';
import { KubeObject } from '../kube/resources';
import { CachedKind, ClusterCache } from './clusterCache';
import { driverDeploymentName } from './compute/computeRenderer';
import { ComputeSpec } from '../../shared/clusters/computeSpec';
import { deriveDriverState, DriverStatus, ExecutorCounts, executorCounts, executorText, newestPod } from './compute/computeState';
import { BUILTIN_NODE_TYPES, NODE_TYPES_CONFIGMAP, nodeTypeCatalog, NodeType } from '../../shared/clusters/nodeTypes';
import {
  ClusterKind,
  definitionKindOf,
  generationOf,
  isOperationLive,
  LABELS,
  lastHeartbeat,
  Operation,
  OPERATION_STALE_MS,
  parseDefinition,
} from './definition';
import { FieldError } from '../../shared/clusters/validation';
import { SessionSpec } from '../../shared/clusters/sessionSpec';
import { deriveSessionStatus } from './session/sessionState';
import { DriverState, SessionStatus } from '../../shared/clusters/stateTable';
import * as l10n from '@vscode/l10n';

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
  /** The action in flight, while its holder keeps renewing its marker. */
  readonly operation?: Operation;
  /** A marker whose holder stopped renewing it: the action died; the next action takes over. */
  readonly interrupted?: Operation;
  readonly createdBy?: string;
  /** When the definition was created (ISO time). */
  readonly createdAt?: string;
  readonly description: string;
  readonly problems: readonly FieldError[];
  readonly definitionResourceVersion: string;
}

export interface ComputeCluster extends ClusterBase {
  readonly kind: 'compute';
  readonly state: DriverState;
  /** Why it is FAILED (or still STARTING), in one sentence. */
  readonly reason?: string;
  /** What Kubernetes said about it, verbatim (pod names, uids and all): shown on expand. */
  readonly reasonRaw?: string;
  /** The executor column as shown; empty while the driver is not running. */
  readonly executors: string;
  /** The same as numbers; undefined for single-node clusters and while the driver is not running. */
  readonly executorCounts?: ExecutorCounts;
  readonly singleNode: boolean;
  readonly driverNodeType?: NodeType | { readonly name: string };
  readonly executorNodeType?: NodeType | { readonly name: string };
  readonly executorCount: number;
  readonly volume?: string;
  /** "30 min", "Disabled". */
  readonly autoScaling: string;
  /** The idle timeout in minutes; undefined when auto-scaling is disabled. */
  readonly autoScalingMinutes?: number;
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
  /** Session jobs on the cluster; undefined while they cannot be listed. */
  readonly sessionJobs?: number;
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
  /** An in-flight marker not renewed for this long belongs to an action that died. */
  readonly staleOperationMs?: number;
  /** The namespaces the user chose to watch; the cache may hold more when it watches cluster-wide. */
  readonly namespaces?: readonly string[];
  readonly now?: () => number;
}

/** The kinds each cluster kind is derived from: nothing is derived before they have been listed. */
const SOURCES: Record<ClusterKind, readonly CachedKind[]> = {
  compute: ['configMaps', 'deployments', 'pods'],
  session: ['configMaps', 'flinkDeployments', 'flinkSessionJobs'],
};

/** Failures that will not go away by retrying: the kind is settled as unreadable, with the reason shown. */
const isTerminal = (e: KubeApiError | undefined): e is KubeApiError => !!e && (e.code === 403 || e.code === 404);

function unreadable(kind: CachedKind, namespace: string, e: KubeApiError | undefined): string {
  const what = kind.replace(/([A-Z])/g, ' $1').toLowerCase();
  if (!e) return l10n.t('{0} in {1} have not been listed yet.', what, namespace);
  if (e.code === 403) return l10n.t('You may not list {0} in {1}, so this state cannot be read.', what, namespace);
  if (kind === 'flinkDeployments' || kind === 'flinkSessionJobs')
    return l10n.t('The Flink Kubernetes Operator is not installed (its CRDs are missing), so this state cannot be read.');
  return l10n.t('{0} in {1} cannot be listed: {2}', what, namespace, e.message);
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
  private readonly _onDidBecomeReady = this._register(new Emitter<ClusterKind>());
  /** A kind's sources have all been listed (or refused for good): its clusters can be shown. */
  readonly onDidBecomeReady: Event<ClusterKind> = this._onDidBecomeReady.event;
  private readonly clusters = new Map<string, Cluster>();
  private readonly fingerprints = new Map<string, string>();
  private readonly startTimeoutMs: number;
  private readonly staleOperationMs: number;
  private readonly now: () => number;
  private readonly scope?: ReadonlySet<string>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Kinds whose sources are settled, and a fingerprint of how (listed, or refused with which code). */
  private readonly ready = new Set<ClusterKind>();
  private readonly sourceStates = new Map<ClusterKind, string>();

  constructor(
    readonly cache: ClusterCache,
    opts: ClusterModelOptions = {},
  ) {
    super();
    this.startTimeoutMs = opts.startTimeoutMs ?? 10 * 60_000;
    this.staleOperationMs = opts.staleOperationMs ?? OPERATION_STALE_MS;
    this.now = opts.now ?? Date.now;
    this.scope = opts.namespaces ? new Set(opts.namespaces) : undefined;
    this._register(
      cache.onDidChange(({ kind, changes }) => {
        if (kind === 'resourceQuotas') {
          for (const ns of new Set(changes.map((c) => c.object.metadata.namespace ?? ''))) this._onDidChangeResourceGroup.fire(ns);
          return;
        }
        const keys = new Set<string>();
        for (const c of changes) for (const k of this.affected(kind, c.object)) keys.add(k);
        this.recompute([...keys].filter((k) => this.ready.has(k.slice(0, k.indexOf('/')) as ClusterKind)));
      }),
    );
    this._register(cache.onDidChangeHealth(() => this.refreshAll()));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.refreshAll();
  }

  /** The namespaces whose informers serve this model (the cache's, or the chosen ones when it watches all). */
  private namespaces(): readonly string[] {
    if (this.scope) return [...this.scope];
    return 'namespaces' in this.cache.scope ? this.cache.scope.namespaces : [];
  }

  private inScope(namespace: string): boolean {
    return !this.scope || this.scope.has(namespace);
  }

  /** How each source of a kind stands: listed, refused for good (403, 404), or not known yet. */
  private sourceState(kind: ClusterKind): { settled: boolean; fingerprint: string } {
    let settled = true;
    const parts: string[] = [];
    for (const ns of this.namespaces().length ? this.namespaces() : ['']) {
      for (const source of SOURCES[kind]) {
        const st = this.cache.status(source, ns);
        const terminal = isTerminal(st.error) ? st.error.code : 0;
        if (!st.listed && !terminal) settled = false;
        parts.push(`${source}:${st.listed ? 'listed' : terminal || 'pending'}`);
      }
    }
    return { settled, fingerprint: parts.join(',') };
  }

  /** Whether a kind's clusters can be shown: every source listed, or refused with a reason to show. */
  isReady(kind: ClusterKind): boolean {
    return this.ready.has(kind);
  }

  whenReady(kind: ClusterKind): Promise<void> {
    if (this.ready.has(kind)) return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onDidBecomeReady((k) => {
        if (k !== kind) return;
        sub.dispose();
        resolve();
      });
    });
  }

  /**
   * Derives again every kind whose sources are settled. Called when an informer's state changes:
   * a kind is derived once all its sources have listed, and again whenever one of them becomes
   * readable or unreadable, so a cluster never shows a state made up from a list that is missing.
   */
  refreshAll(): void {
    for (const kind of ['compute', 'session'] as const) {
      const { settled, fingerprint } = this.sourceState(kind);
      if (!settled) continue;
      const wasReady = this.ready.has(kind);
      if (wasReady && this.sourceStates.get(kind) === fingerprint) continue;
      this.ready.add(kind);
      this.sourceStates.set(kind, fingerprint);
      const keys = new Set<string>([...this.clusters.keys()].filter((k) => k.startsWith(`${kind}/`)));
      for (const cm of this.cache.items('configMaps')) {
        if (definitionKindOf(cm) === kind) keys.add(clusterKey(kind, cm.metadata.namespace ?? '', cm.metadata.labels![LABELS.cluster]));
      }
      this.recompute(keys);
      if (!wasReady) this._onDidBecomeReady.fire(kind);
    }
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
      const next = !this.inScope(namespace)
        ? undefined
        : kind === 'compute'
          ? this.deriveCompute(namespace, name)
          : this.deriveSession(namespace, name);
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

  /** The first source of a kind that cannot be read in a namespace, as the reason to show. */
  private unreadableSource(kind: ClusterKind, namespace: string): string | undefined {
    for (const source of SOURCES[kind]) {
      const st = this.cache.status(source, namespace);
      if (!st.listed) return unreadable(source, namespace, st.error);
    }
    return undefined;
  }

  /** The in-flight marker as live or interrupted; a live one is re-derived the moment it would go stale. */
  private operationOf(key: string, op: Operation | undefined): { operation?: Operation; interrupted?: Operation } {
    if (!op) {
      this.clearTimer(`${key}#op`);
      return {};
    }
    const now = this.now();
    if (!isOperationLive(op, now, this.staleOperationMs)) {
      this.clearTimer(`${key}#op`);
      return { interrupted: op };
    }
    this.rederiveAt(`${key}#op`, key, lastHeartbeat(op) + this.staleOperationMs - now);
    return { operation: op };
  }

  private deriveCompute(namespace: string, name: string): ComputeCluster | undefined {
    const cm = this.cache.get('configMaps', namespace, `compute.${name}`);
    if (!cm) return undefined;
    const key = clusterKey('compute', namespace, name);
    const nodeTypes = this.nodeTypes(namespace);
    const def = parseDefinition(cm, nodeTypes);
    if (!def) return undefined;
    const spec = def.spec as ComputeSpec | undefined;
    const deployment = this.cache.get('deployments', namespace, driverDeploymentName(name));
    const pods = this.cache.itemsOfCluster('pods', namespace, name);
    const drivers = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver');
    const executors = pods.filter((p) => p.metadata.labels?.['spark-role'] === 'executor');
    const cannotRead = this.unreadableSource('compute', namespace);
    const derived: DriverStatus = cannotRead
      ? { state: 'UNKNOWN', reason: { summary: cannotRead } }
      : deriveDriverState(deployment, drivers, this.now(), this.startTimeoutMs);
    this.armStartTimeout(key, drivers);
    const singleNode = spec?.deploymentType === 'single-node';
    // Executors belong to a running driver: once it stops or fails, the column says nothing.
    const driverRunning = derived.state === 'ACTIVE' || derived.state === 'STARTING';
    const counts = !singleNode && driverRunning ? executorCounts(executors, spec?.executorCount ?? 0) : undefined;
    const find = (n: string | undefined) => (n ? (nodeTypes.find((t) => t.name === n) ?? { name: n }) : undefined);
    return {
      kind: 'compute',
      ...baseFields(def, name, namespace, deployment ? generationOf(deployment, 0) || undefined : undefined),
      ...this.operationOf(key, def.operation),
      description: spec?.description ?? '',
      problems: def.problems,
      definitionResourceVersion: cm.metadata.resourceVersion,
      createdAt: cm.metadata.creationTimestamp,
      state: derived.state,
      reason: derived.reason?.summary,
      ...(derived.reason?.raw ? { reasonRaw: derived.reason.raw } : {}),
      executors: singleNode ? l10n.t('Single node') : counts ? executorText(counts) : '',
      ...(counts ? { executorCounts: counts } : {}),
      singleNode,
      driverNodeType: find(spec?.driverNodeType),
      executorNodeType: singleNode ? undefined : find(spec?.executorNodeType),
      executorCount: spec?.executorCount ?? 0,
      volume: spec?.volume?.size,
      autoScaling: spec?.autoScaling
        ? spec.autoScaling.enabled
          ? l10n.t('{0} min', spec.autoScaling.idleTimeoutMinutes)
          : l10n.t('Disabled')
        : '',
      ...(spec?.autoScaling?.enabled ? { autoScalingMinutes: spec.autoScaling.idleTimeoutMinutes } : {}),
      billed: derived.state === 'ACTIVE',
      driverPod: newestPod(drivers)?.metadata.name,
      spec,
    };
  }

  private clearTimer(timerKey: string): void {
    const t = this.timers.get(timerKey);
    if (t) clearTimeout(t);
    this.timers.delete(timerKey);
  }

  /** Derives a cluster again after `dueMs`, for changes that no watch event announces (time passing). */
  private rederiveAt(timerKey: string, key: string, dueMs: number): void {
    if (this.timers.has(timerKey)) return;
    const t = setTimeout(
      () => {
        this.timers.delete(timerKey);
        this.recompute([key]);
      },
      Math.max(0, dueMs) + 10,
    );
    t.unref?.();
    this.timers.set(timerKey, t);
  }

  /** An unschedulable driver turns FAILED when the start timeout passes, with no event to tell us: re-derive then. */
  private armStartTimeout(key: string, drivers: KubeObject[]): void {
    const pending = drivers.find((p) =>
      (p.status?.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'),
    );
    if (!pending) return this.clearTimer(`${key}#start`);
    const due = Date.parse(pending.metadata.creationTimestamp ?? '') + this.startTimeoutMs - this.now();
    if (due > 0) this.rederiveAt(`${key}#start`, key, due);
  }

  private deriveSession(namespace: string, name: string): SessionCluster | undefined {
    const cm = this.cache.get('configMaps', namespace, `session.${name}`);
    if (!cm) return undefined;
    const key = clusterKey('session', namespace, name);
    const def = parseDefinition(cm, BUILTIN_NODE_TYPES);
    if (!def) return undefined;
    const spec = def.spec as SessionSpec | undefined;
    const fd = this.cache.get('flinkDeployments', namespace, name);
    const op = this.operationOf(key, def.operation);
    const fdStatus = this.cache.status('flinkDeployments', namespace);
    const derived = !fdStatus.listed
      ? { status: 'Unknown' as const, reason: unreadable('flinkDeployments', namespace, fdStatus.error) }
      : deriveSessionStatus(fd, op.operation, def.failure);
    const jobsKnown = this.cache.status('flinkSessionJobs', namespace).listed;
    const jobs = this.cache.sessionJobsOf(namespace, name).filter((j) => !j.metadata.deletionTimestamp);
    // A definition edited by hand may be invalid: it is still shown, with what can be read of it.
    const jm = spec?.jobManager;
    const tm = spec?.taskManager;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const text = (v: unknown) => (typeof v === 'string' ? v : '0');
    const cpu = num(jm?.cpu) + num(tm?.cpu) * num(tm?.replicas);
    const memory = spec ? formatMiB(mib(text(jm?.memory)) + mib(text(tm?.memory)) * num(tm?.replicas)) : '';
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
      spec,
    };
  }
}

/** What every cluster has, whatever its kind (the operation is added as live or interrupted). */
function baseFields(
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

function byName(a: Cluster, b: Cluster): number {
  return a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace);
}
