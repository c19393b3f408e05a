import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Informer } from '../kube/informer';
import { KubeTransport } from '../kube/kubeTransport';
import { KubeObject, RESOURCES } from '../kube/resources';
import { AccessReviewer } from '../kube/access';
import { CacheScope } from './clusterCache';
import { ClusterKind } from './definition';
import { driverDeploymentName } from './compute/computeRenderer';

export interface ClusterEvent {
  readonly type: 'Normal' | 'Warning' | string;
  readonly reason: string;
  readonly message: string;
  readonly object: string;
  readonly count: number;
  readonly firstTime?: string;
  readonly lastTime?: string;
}

export interface EventSummary {
  readonly events: readonly ClusterEvent[];
  readonly warnings: number;
  readonly total: number;
}

/**
 * Whether an event concerns a cluster: its workload (driver Deployment and its ReplicaSets and pods,
 * or the FlinkDeployment and the operator's Deployments and pods), by name or cluster label.
 */
export function concernsCluster(e: KubeObject, kind: ClusterKind, name: string, podNames: ReadonlySet<string>): boolean {
  const o = e.involvedObject ?? {};
  const n = String(o.name ?? '');
  if (podNames.has(n)) return true;
  if (kind === 'compute')
    return n === driverDeploymentName(name) || n.startsWith(`${driverDeploymentName(name)}-`) || n.startsWith(`${name}-exec-`);
  return n === name || n === `${name}-taskmanager` || n.startsWith(`${name}-`);
}

/** Newest first, with how many are warnings and how many events happened in all (counts included). */
export function summarizeEvents(events: readonly KubeObject[]): EventSummary {
  const rows = events
    .map((e): ClusterEvent => ({
      type: String(e.type ?? 'Normal'),
      reason: String(e.reason ?? ''),
      message: String(e.message ?? ''),
      object: `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${String(e.involvedObject?.name ?? '')}`,
      count: Number(e.count ?? 1) || 1,
      firstTime: e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp,
      lastTime: e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp,
    }))
    .sort((a, b) => String(b.lastTime ?? '').localeCompare(String(a.lastTime ?? '')));
  return {
    events: rows,
    warnings: rows.filter((r) => r.type === 'Warning').reduce((n, r) => n + r.count, 0),
    total: rows.reduce((n, r) => n + r.count, 0),
  };
}

/**
 * The Kubernetes events of one cluster, watched only while someone looks (a panel's Events tab):
 * one watch on the namespace's events, filtered to the cluster's objects.
 */
export class ClusterEventsWatcher extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<EventSummary>());
  readonly onDidChange: Event<EventSummary> = this._onDidChange.event;
  private readonly informer: Informer;

  constructor(
    transport: KubeTransport,
    readonly namespace: string,
    readonly kind: ClusterKind,
    readonly name: string,
    private readonly podsOfCluster: () => readonly KubeObject[],
  ) {
    super();
    this.informer = this._register(new Informer(transport, RESOURCES.events, { namespace }));
    this._register(this.informer.onDidChangeObjects(() => this._onDidChange.fire(this.summary())));
  }

  start(): this {
    this.informer.start();
    return this;
  }

  whenSynced(): Promise<void> {
    return this.informer.whenSynced();
  }

  summary(): EventSummary {
    const pods = new Set(this.podsOfCluster().map((p) => p.metadata.name));
    return summarizeEvents(this.informer.items().filter((e) => concernsCluster(e, this.kind, this.name, pods)));
  }
}

/** One watch per kind across the cluster when the user may list cluster-wide; else one per namespace. */
export async function chooseScope(access: AccessReviewer, namespaces: readonly string[]): Promise<CacheScope> {
  // Watching everything only pays when the user wants several namespaces; with one, asking would
  // only delay the first list (five access reviews, a third of activation against a fast server).
  if (namespaces.length <= 1) return { namespaces };
  const wide = await Promise.all([
    access.can({ verb: 'list', resource: 'configmaps' }),
    access.can({ verb: 'watch', resource: 'configmaps' }),
    access.can({ verb: 'list', resource: 'pods' }),
    access.can({ verb: 'list', group: 'apps', resource: 'deployments' }),
    access.can({ verb: 'list', group: 'flink.apache.org', resource: 'flinkdeployments' }),
  ]).catch(() => [false]);
  return wide.every(Boolean) ? { allNamespaces: true } : { namespaces };
}
