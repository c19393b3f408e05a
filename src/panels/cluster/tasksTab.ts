/**
 * Tasks: the Flink jobs on the session cluster, the JobManager's and the operator's merged by the
 * TaskService. Live only while someone looks: the service watches the cluster while the tab shows
 * in a visible panel and the cluster is Running; hidden, the watch is dropped. The FlinkSessionJobs
 * ride on the session update as before (the tab shows them while the task list is not known).
 */
import * as l10n from '@vscode/l10n';
import type { ClusterPage, TaskRowData } from '../../../shared/protocol/clusterPage';
import type { FlinkTask, SessionRef, TaskService } from '../../clusters/session/tasks/taskTypes';
import { IDisposable, toDisposable } from '../../common/disposable';
import { errorMessage } from '../../common/logger';
import { taskDurationMs } from '../../../shared/text/taskText';
import { RequestError, type WebviewPanelHost } from '../webviewPanelHost';
import type { ClusterTabHost, Connected, TabContext } from './tab';

export const OPEN_TASK_COMMAND = 'dataClusters.openTask';
export const RUN_TASK_COMMAND = 'dataClusters.runTask';

export class TasksTab implements ClusterTabHost {
  private service?: TaskService;
  /** Listens to the service while the tab shows. */
  private sub?: IDisposable;
  /** The service's watch of the cluster, while the tab shows and the cluster runs. */
  private watch?: IDisposable;

  readonly handlers = {
    'tasks.open': ({ key }: { key: string }) => this.open(key),
    'tasks.run': () => this.run(),
  };

  constructor(private readonly ctx: TabContext) {}

  private get ref(): SessionRef {
    return { namespace: this.ctx.ref.namespace, cluster: this.ctx.ref.name };
  }

  bind(conn: Connected): IDisposable[] {
    const subs = [
      conn.model.cache.onDidChange(({ kind }) => kind === 'flinkSessionJobs' && this.ctx.postCluster()),
      toDisposable(() => this.setService(undefined)),
    ];
    const host = this.ctx.host as WebviewPanelHost<ClusterPage> | undefined;
    if (host) subs.push(host.onDidChangeVisibility(() => this.sync()));
    this.sync();
    return subs;
  }

  show(): void {
    this.sync();
    this.post();
  }

  hide(): void {
    this.sync();
  }

  clusterChanged(): void {
    this.sync();
  }

  post(): void {
    const tasks = this.currentService()?.tasksOf(this.ref);
    const now = Date.now();
    this.ctx.notify('tasks.update', { tasks: (tasks ?? []).slice(0, 1000).map((t) => taskRowData(t, now)), known: !!tasks });
  }

  /** Whether the service watches the cluster for this tab now (tests read it). */
  get watching(): boolean {
    return !!this.watch;
  }

  dispose(): void {
    this.setService(undefined);
  }

  private currentService(): TaskService | undefined {
    return this.ctx.connection() ? this.ctx.tasks() : undefined;
  }

  private shown(): boolean {
    const host = this.ctx.host as WebviewPanelHost<ClusterPage> | undefined;
    return this.ctx.shownTab() === 'tasks' && !!host?.visible && !this.ctx.deleted();
  }

  /** Follows what the tab needs now: the service while shown, its watch while shown and Running. */
  private sync(): void {
    const service = this.currentService();
    if (service !== this.service) this.setService(service);
    const shown = !!service && this.shown();
    if (shown && !this.sub)
      this.sub = service!.onDidChange((r) => r.namespace === this.ref.namespace && r.cluster === this.ref.cluster && this.post());
    else if (!shown && this.sub) {
      this.sub.dispose();
      this.sub = undefined;
    }
    const c = this.ctx.cluster();
    const running = c?.kind === 'session' && c.status === 'Running';
    if (shown && running && !this.watch) this.watch = service!.watch(this.ref);
    else if (!(shown && running) && this.watch) {
      this.watch.dispose();
      this.watch = undefined;
    }
  }

  private setService(service: TaskService | undefined): void {
    this.watch?.dispose();
    this.sub?.dispose();
    this.watch = this.sub = undefined;
    this.service = service;
  }

  private async command(command: string, arg: unknown): Promise<void> {
    if (!(await this.ctx.ui.commands()).includes(command))
      throw new RequestError(l10n.t('{0} is not available in this version of Data Clusters.', command), 'unavailable');
    // Not awaited: the command reports its own outcome (a wizard may stay open for long).
    void Promise.resolve(this.ctx.ui.executeCommand(command, arg)).then(undefined, (e) =>
      this.ctx.logger.error(`panel ${this.ctx.key}: ${command} failed: ${errorMessage(e)}`),
    );
  }

  private async open(key: string): Promise<Record<string, never>> {
    const task = this.currentService()?.task(key);
    if (!task || task.namespace !== this.ref.namespace || task.cluster !== this.ref.cluster)
      throw new RequestError(l10n.t('This task is no longer known.'), 'not-found');
    await this.command(OPEN_TASK_COMMAND, task);
    return {};
  }

  private async run(): Promise<Record<string, never>> {
    if (this.ctx.deleted()) throw new RequestError(l10n.t('{0} has been deleted.', this.ctx.ref.name), 'not-found');
    await this.command(RUN_TASK_COMMAND, { kind: 'session', namespace: this.ref.namespace, name: this.ref.cluster });
    return {};
  }
}

/** What the table shows of a task, cut to the protocol's limits. */
export function taskRowData(t: FlinkTask, now: number): TaskRowData {
  const duration = taskDurationMs(t, now);
  return {
    key: t.key.slice(0, 600),
    name: t.name.slice(0, 300),
    state: t.state,
    ...(t.startTime !== undefined && Number.isFinite(t.startTime) ? { startTime: new Date(t.startTime).toISOString() } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
    ...(t.parallelism !== undefined && Number.isInteger(t.parallelism) && t.parallelism >= 0 ? { parallelism: t.parallelism } : {}),
    managed: t.managed,
    ...(t.failure ? { failure: t.failure.slice(0, 2000) } : {}),
  };
}

export const tasksTab = (ctx: TabContext): ClusterTabHost => new TasksTab(ctx);
