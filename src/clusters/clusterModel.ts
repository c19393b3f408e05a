import { createHash } from 'node:crypto';
import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { KubeObject } from '../kube/resources';
import { ClusterCache } from './clusterCache';
import { isTerminal, DerivationContext, SOURCES, unreadable } from './clusterSources';
import { Cluster, ClusterChange, clusterKey, ComputeCluster, keyOfCluster, ResourceGroup, SessionCluster } from './clusterTypes';
import { deriveComputeCluster } from './compute/computeCluster';
import { BUILTIN_NODE_TYPES, NODE_TYPES_CONFIGMAP, nodeTypeCatalog, NodeType } from '../../shared/clusters/nodeTypes';
import { ClusterKind, definitionKindOf, isOperationLive, LABELS, lastHeartbeat, Operation, OPERATION_STALE_MS } from './definition';
import { deriveSessionCluster } from './session/sessionCluster';

export type { Cluster, ClusterChange, ComputeCluster, ResourceGroup, SessionCluster } from './clusterTypes';
export { clusterKey, keyOfCluster } from './clusterTypes';

export interface ClusterModelOptions {
  /** FAILED when the driver stays unschedulable this long. */
  readonly startTimeoutMs?: number;
  /** An in-flight marker not renewed for this long belongs to an action that died. */
  readonly staleOperationMs?: number;
  /** The namespaces the user chose to watch; the cache may hold more when it watches cluster-wide. */
  readonly namespaces?: readonly string[];
  readonly now?: () => number;
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
  /** A digest of each cluster as last derived, to tell a real change from a re-derivation that changed nothing. */
  private readonly fingerprints = new Map<string, string>();
  private readonly startTimeoutMs: number;
  private readonly staleOperationMs: number;
  private readonly now: () => number;
  private readonly scope?: ReadonlySet<string>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Kinds whose sources are settled, and a fingerprint of how (listed, or refused with which code). */
  private readonly ready = new Set<ClusterKind>();
  private readonly sourceStates = new Map<ClusterKind, string>();
  /** What the compute and session derivations read of this model. */
  private readonly derivation: DerivationContext;

  constructor(
    readonly cache: ClusterCache,
    opts: ClusterModelOptions = {},
  ) {
    super();
    this.startTimeoutMs = opts.startTimeoutMs ?? 10 * 60_000;
    this.staleOperationMs = opts.staleOperationMs ?? OPERATION_STALE_MS;
    this.now = opts.now ?? Date.now;
    this.scope = opts.namespaces ? new Set(opts.namespaces) : undefined;
    this.derivation = {
      cache,
      startTimeoutMs: this.startTimeoutMs,
      now: () => this.now(),
      nodeTypes: (namespace) => this.nodeTypes(namespace),
      unreadableSource: (kind, namespace) => this.unreadableSource(kind, namespace),
      operationOf: (key, op) => this.operationOf(key, op),
      armStartTimeout: (key, drivers) => this.armStartTimeout(key, drivers),
    };
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
          ? deriveComputeCluster(this.derivation, namespace, name)
          : deriveSessionCluster(this.derivation, namespace, name);
      const fp = next ? fingerprint(next) : '';
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
}

/** A digest of everything a derived cluster says: its JSON text would hold a second copy of each cluster. */
function fingerprint(c: Cluster): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('base64');
}

function byName(a: Cluster, b: Cluster): number {
  return a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace);
}
