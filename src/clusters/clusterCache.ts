import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Logger, silentLogger } from '../common/logger';
import { Informer, InformerOptions, InformerState, ListPage, ObjectChange, requestListPage } from '../kube/informer';
import { KubeApiError } from '../kube/kubeApiError';
import { KubeTransport } from '../kube/kubeTransport';
import { KubeObject, objectKey, RESOURCES, ResourceDescriptor } from '../kube/resources';
import { LABELS, MANAGED_BY } from './definition';

/** What the cache keeps, each with the selector that keeps it small. */
export const CACHED = {
  configMaps: { resource: RESOURCES.configMaps, labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` },
  deployments: { resource: RESOURCES.deployments, labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` },
  pods: { resource: RESOURCES.pods, labelSelector: LABELS.cluster },
  flinkDeployments: { resource: RESOURCES.flinkDeployments, labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` },
  // Users create session jobs themselves, unlabelled: the cache counts them per deploymentName.
  flinkSessionJobs: { resource: RESOURCES.flinkSessionJobs, labelSelector: undefined },
  resourceQuotas: { resource: RESOURCES.resourceQuotas, labelSelector: undefined },
} as const satisfies Record<string, { resource: ResourceDescriptor; labelSelector: string | undefined }>;

export type CachedKind = keyof typeof CACHED;

export interface CacheChange {
  readonly kind: CachedKind;
  readonly changes: readonly ObjectChange<KubeObject>[];
}

/** All namespaces with one watch per kind (when the user may list cluster-wide), or one per namespace. */
export type CacheScope = { readonly allNamespaces: true } | { readonly namespaces: readonly string[] };

export interface CacheHealth {
  readonly kind: CachedKind;
  readonly namespace?: string;
  readonly state: InformerState;
}

/** The first page of each kind's cluster-wide list, requested before the scope is known. */
export type FirstPages = Partial<Record<CachedKind, Promise<ListPage<KubeObject> | undefined>>>;

/**
 * Requests the first page of every kind's cluster-wide list, as a cluster-wide cache would, while
 * the access reviews decide whether it will be one (`abort` when it will not). The answers that
 * fail (a user who may not list everything) resolve to undefined.
 */
export function requestClusterWidePages(transport: KubeTransport, signal: AbortSignal): FirstPages {
  const pages: FirstPages = {};
  for (const kind of Object.keys(CACHED) as CachedKind[]) {
    const { resource, labelSelector } = CACHED[kind];
    pages[kind] = requestListPage(transport, resource, { labelSelector }, signal).catch(() => undefined);
  }
  return pages;
}

/**
 * The local copy of every object the extension derives clusters from: one list+watch per kind and
 * namespace (or cluster-wide). The tree, panels and commands read it; nothing polls.
 */
export class ClusterCache extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<CacheChange>());
  readonly onDidChange: Event<CacheChange> = this._onDidChange.event;
  private readonly _onDidChangeHealth = this._register(new Emitter<CacheHealth>());
  readonly onDidChangeHealth: Event<CacheHealth> = this._onDidChangeHealth.event;
  private readonly informers = new Map<CachedKind, Informer[]>();
  /** kind -> "namespace/cluster" -> objectKey -> object: what belongs to one cluster, without scanning everything. */
  private readonly byCluster = new Map<CachedKind, Map<string, Map<string, KubeObject>>>();

  constructor(
    transport: KubeTransport,
    readonly scope: CacheScope,
    logger: Logger = silentLogger,
    informerOptions: Omit<InformerOptions, 'namespace' | 'labelSelector' | 'logger' | 'firstPage'> = {},
    /** Pages already requested for a cluster-wide scope (`requestClusterWidePages`). */
    firstPages: FirstPages = {},
  ) {
    super();
    const allNamespaces = 'allNamespaces' in scope;
    const namespaces: (string | undefined)[] = allNamespaces ? [undefined] : [...scope.namespaces];
    for (const kind of Object.keys(CACHED) as CachedKind[]) {
      const { resource, labelSelector } = CACHED[kind];
      const list = namespaces.map((namespace) => {
        const firstPage = allNamespaces ? firstPages[kind] : undefined;
        const inf = this._register(
          new Informer(transport, resource, {
            ...informerOptions,
            namespace,
            labelSelector,
            logger,
            firstPage,
            // Nothing derived from the cache reads server-side apply's bookkeeping: a third of what the cache would hold.
            dropManagedFields: true,
          }),
        );
        this._register(
          inf.onDidChangeObjects((changes) => {
            this.index(kind, changes);
            this._onDidChange.fire({ kind, changes });
          }),
        );
        this._register(inf.onDidChangeState((state) => this._onDidChangeHealth.fire({ kind, namespace, state })));
        return inf;
      });
      this.informers.set(kind, list);
    }
  }

  start(): this {
    for (const list of this.informers.values()) for (const i of list) i.start();
    return this;
  }

  /** Resolves when every informer has listed once (those failing keep retrying in the background). */
  whenSynced(kinds: readonly CachedKind[] = Object.keys(CACHED) as CachedKind[]): Promise<void> {
    return Promise.all(kinds.flatMap((k) => this.informers.get(k)!.map((i) => i.whenSynced()))).then(() => undefined);
  }

  items(kind: CachedKind, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const inf of this.informers.get(kind)!)
      for (const o of inf.items()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    return out;
  }

  get(kind: CachedKind, namespace: string, name: string): KubeObject | undefined {
    for (const inf of this.informers.get(kind)!) {
      const o = inf.get(namespace, name);
      if (o) return o;
    }
    return undefined;
  }

  /**
   * What is known of one kind in one namespace: whether it has been listed, and the error its
   * informer is failing with now (a 403 for a kind the user may not list, a 404 for missing CRDs).
   */
  status(kind: CachedKind, namespace: string): { readonly listed: boolean; readonly error?: KubeApiError } {
    const inf = this.informers.get(kind)!.find((i) => i.namespace === undefined || i.namespace === namespace);
    if (!inf) return { listed: false };
    const state = inf.state;
    return { listed: inf.listed, ...(state.phase === 'retrying' ? { error: state.error } : {}) };
  }

  health(): CacheHealth[] {
    const out: CacheHealth[] = [];
    for (const [kind, list] of this.informers) for (const inf of list) out.push({ kind, namespace: inf.namespace, state: inf.state });
    return out;
  }

  /** Objects labelled as belonging to a cluster (or, for session jobs, naming it as their deployment). */
  itemsOfCluster(kind: CachedKind, namespace: string, cluster: string): KubeObject[] {
    return [...(this.byCluster.get(kind)?.get(`${namespace}/${cluster}`)?.values() ?? [])];
  }

  sessionJobsOf(namespace: string, deployment: string): KubeObject[] {
    return this.itemsOfCluster('flinkSessionJobs', namespace, deployment);
  }

  private clusterOf(kind: CachedKind, o: KubeObject): string | undefined {
    return kind === 'flinkSessionJobs' ? o.spec?.deploymentName : o.metadata.labels?.[LABELS.cluster];
  }

  private index(kind: CachedKind, changes: readonly ObjectChange<KubeObject>[]): void {
    let byKind = this.byCluster.get(kind);
    if (!byKind) this.byCluster.set(kind, (byKind = new Map()));
    for (const c of changes) {
      const key = objectKey(c.object);
      if (c.previous) {
        const before = this.clusterOf(kind, c.previous);
        if (before !== undefined) byKind.get(`${c.previous.metadata.namespace ?? ''}/${before}`)?.delete(key);
      }
      const cluster = this.clusterOf(kind, c.object);
      if (cluster === undefined) continue;
      const bucket = `${c.object.metadata.namespace ?? ''}/${cluster}`;
      if (c.type === 'deleted') {
        byKind.get(bucket)?.delete(key);
        continue;
      }
      let m = byKind.get(bucket);
      if (!m) byKind.set(bucket, (m = new Map()));
      m.set(key, c.object);
    }
  }

  /** Forces every informer to list again (the Refresh command). */
  resync(): void {
    for (const list of this.informers.values()) for (const i of list) i.resync();
  }
}
