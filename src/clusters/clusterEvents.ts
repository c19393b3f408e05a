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

const timeOf = (t: string | undefined): number => {
  const n = Date.parse(t ?? '');
  return Number.isNaN(n) ? -Infinity : n;
};

/**
 * Which of two events was written later, by resourceVersion: opaque to clients in general, but the
 * API server's are etcd revisions, integers that grow with every write, so compared as such when
 * both are. 0 when they cannot be compared.
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return 0;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

/**
 * Newest first by the last time each event happened, with how many are warnings and how many events
 * happened in all (counts included). Timestamps have whole seconds, so a pod's Pulled, Created and
 * Started often share one: among equal times the later write comes first (resourceVersion, then
 * creation time), which keeps their causal order, reversed as the rest of the list.
 */
export function summarizeEvents(events: readonly KubeObject[]): EventSummary {
  const rows = events
    .map((e) => {
      const row: ClusterEvent = {
        type: String(e.type ?? 'Normal'),
        reason: String(e.reason ?? ''),
        message: String(e.message ?? ''),
        object: `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${String(e.involvedObject?.name ?? '')}`,
        count: Number(e.count ?? 1) || 1,
        firstTime: e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp,
        lastTime: e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp,
      };
      return {
        row,
        last: timeOf(row.lastTime),
        version: e.metadata.resourceVersion,
        created: timeOf(e.eventTime ?? e.metadata.creationTimestamp),
      };
    })
    .sort((a, b) => b.last - a.last || compareResourceVersions(b.version, a.version) || b.created - a.created)
    .map((x) => x.row);
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
