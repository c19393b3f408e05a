/**
 * Which session clusters' tasks the Session clusters view watches: a cluster's while its row is
 * expanded (the TaskService polls the JobManager only while someone looks), none once collapsed.
 * No vscode import: the tree calls it from its expand and collapse events.
 */
import { Disposable, IDisposable, toDisposable } from '../common/disposable';
import type { SessionCluster } from '../clusters/clusterModel';
import type { FlinkTask, SessionRef, TaskService } from '../clusters/session/tasks/taskTypes';

const refKey = (r: SessionRef) => `${r.namespace}/${r.cluster}`;

export class ClusterTasks extends Disposable {
  private svc?: TaskService;
  private sub?: IDisposable;
  private readonly watches = new Map<string, { ref: SessionRef; watch: IDisposable }>();

  /** `changed` hears of every cluster whose tasks changed. */
  constructor(private readonly changed: (ref: SessionRef) => void) {
    super();
    this._register(toDisposable(() => this.drop()));
  }

  service(): TaskService | undefined {
    return this.svc;
  }

  /** The clusters watched now (tests read it). */
  watched(): string[] {
    return [...this.watches.keys()];
  }

  /** A new connection's service: the expanded clusters are watched through it instead. */
  setService(service: TaskService | undefined): void {
    if (service === this.svc) return;
    const refs = [...this.watches.values()].map((w) => w.ref);
    this.drop();
    this.svc = service;
    if (!service) return;
    this.sub = service.onDidChange((ref) => this.changed(ref));
    for (const ref of refs) this.watch(ref);
  }

  /** The cluster's row is expanded (or its children asked for): watch it; answers its tasks as known. */
  expanded(c: { readonly namespace: string; readonly name: string }): readonly FlinkTask[] | undefined {
    if (!this.svc || this.isDisposed) return undefined;
    const ref = { namespace: c.namespace, cluster: c.name };
    this.watch(ref);
    return this.svc.tasksOf(ref);
  }

  /** Collapsed or gone: stop watching. */
  collapsed(c: { readonly namespace: string; readonly name: string }): void {
    const key = refKey({ namespace: c.namespace, cluster: c.name });
    this.watches.get(key)?.watch.dispose();
    this.watches.delete(key);
  }

  /** Whether the row offers to expand: it has tasks, or runs and so can run one. */
  mayHaveTasks(c: SessionCluster): boolean {
    if (!this.svc) return false;
    const known = this.svc.tasksOf({ namespace: c.namespace, cluster: c.name });
    return (known?.length ?? 0) > 0 || (c.sessionJobs ?? 0) > 0 || c.status === 'Running';
  }

  private watch(ref: SessionRef): void {
    const key = refKey(ref);
    if (!this.svc || this.watches.has(key)) return;
    this.watches.set(key, { ref, watch: this.svc.watch(ref) });
  }

  private drop(): void {
    this.sub?.dispose();
    this.sub = undefined;
    for (const w of this.watches.values()) w.watch.dispose();
    this.watches.clear();
  }
}
