import { TASK_STATES } from '../../../shared/clusters/taskStates';
import { Disposable, IDisposable } from '../../common/disposable';
import type { FlinkTask, SessionRef, TaskService } from '../../clusters/session/tasks/taskTypes';
import type { TaskServiceSource } from './taskPorts';

/** How the notifications are shown (VS Code notifications in the extension, a recorder in tests). */
export interface TaskNotices {
  /** Says the task runs; the notice stays until the handle is disposed. */
  running(task: FlinkTask): IDisposable;
  failed(task: FlinkTask): void;
}

/** The key a job is notified under: one notification per job, however often its state is seen again. */
const jobKey = (t: FlinkTask): string => t.jobId ?? `${t.key}@${t.startTime ?? ''}`;

/**
 * Tells the user once when a task this workspace started turns FAILED (with the one-sentence
 * reason), and once when a task just run is RUNNING. States are followed through the task service's
 * change events; a task first seen already FAILED (it failed before this window looked) is not news.
 * While a task just run is live, its cluster is watched so its failure is seen without a view open.
 * The running notice closes when that job leaves RUNNING (it failed, ended or restarts), leaves the
 * list, or after `noticeMs`; its cluster stays watched until then, so the failure closes it.
 */
export class TaskNotifier extends Disposable {
  private service?: TaskService;
  private subscription?: IDisposable;
  private readonly lastState = new Map<string, string>();
  private readonly notified = new Set<string>();
  /** Tasks just run, by task key: notified when they run or fail, their cluster watched until then. */
  private readonly pending = new Map<string, { readonly watch: IDisposable; readonly timer: ReturnType<typeof setTimeout> }>();
  /** Open running notices, by task key: the job they speak of, closed when it leaves RUNNING. */
  private readonly openNotices = new Map<
    string,
    { readonly job: string; readonly notice: IDisposable; readonly watch?: IDisposable; readonly timer: ReturnType<typeof setTimeout> }
  >();

  constructor(
    private readonly source: TaskServiceSource,
    private readonly isOurs: (task: FlinkTask) => boolean,
    private readonly notices: TaskNotices,
    private readonly enabled: () => boolean = () => true,
    /** How long a task just run is followed before its cluster stops being watched for it. */
    private readonly followMs = 10 * 60_000,
    /** How long a running notice shows at most. */
    private readonly noticeMs = 30_000,
  ) {
    super();
    this._register({ dispose: () => this.reset() });
  }

  /** Follows the current connection's task service (called when the connection changes, and before each command). */
  ensure(): void {
    const service = this.source.current();
    if (service === this.service) return;
    this.reset();
    this.service = service;
    if (!service) return;
    this.subscription = service.onDidChange((ref) => this.changed(service, ref));
  }

  /** A task was just run: say when it is RUNNING or FAILED (now or later), watching its cluster meanwhile. */
  afterRun(task: FlinkTask): void {
    this.ensure();
    if (this.settle(task)) return;
    const service = this.service;
    if (!service || this.pending.has(task.key)) return;
    const watch = service.watch(task);
    const timer = setTimeout(() => this.unfollow(task.key), this.followMs);
    this.pending.set(task.key, { watch, timer });
  }

  /** Marks a job's failure as told (the run command said it already). */
  told(task: FlinkTask): void {
    this.notified.add(`failed:${jobKey(task)}`);
  }

  private changed(service: TaskService, ref: SessionRef): void {
    if (service !== this.service) return;
    const tasks = service.tasksOf(ref);
    // A running notice of a job that is no longer RUNNING closes first, before its failure is told.
    for (const [key, n] of this.openNotices) {
      const now = tasks?.find((t) => t.key === key);
      const listed = tasks !== undefined && key.startsWith(`${ref.namespace}/${ref.cluster}/`);
      if (listed && (!now || now.state !== 'RUNNING' || jobKey(now) !== n.job)) this.closeNotice(key);
    }
    for (const task of tasks ?? []) {
      const before = this.lastState.get(task.key);
      this.lastState.set(task.key, task.state);
      if (this.pending.has(task.key)) {
        this.settle(task);
        continue;
      }
      if (task.state === 'FAILED' && before !== undefined && before !== 'FAILED' && this.isOurs(task)) this.fail(task);
    }
  }

  /** Notifies a task just run if it is RUNNING or has ended; true when it needs following no longer. */
  private settle(task: FlinkTask): boolean {
    this.lastState.set(task.key, task.state);
    if (task.state === 'FAILED') this.fail(task, true);
    else if (task.state === 'RUNNING') {
      const key = `running:${jobKey(task)}`;
      if (!this.notified.has(key)) {
        this.notified.add(key);
        this.showRunning(task);
      }
    } else if (!TASK_STATES[task.state].terminal) return false;
    this.unfollow(task.key);
    return true;
  }

  /** `force`: the user just ran it, so they hear of its failure even with background notifications off. */
  private fail(task: FlinkTask, force = false): void {
    const key = `failed:${jobKey(task)}`;
    if (this.notified.has(key) || !(force || this.enabled())) return;
    this.notified.add(key);
    this.notices.failed(task);
  }

  private showRunning(task: FlinkTask): void {
    this.closeNotice(task.key);
    const notice = this.notices.running(task);
    const watch = this.service?.watch(task);
    const timer = setTimeout(() => this.closeNotice(task.key), this.noticeMs);
    this.openNotices.set(task.key, { job: jobKey(task), notice, watch, timer });
  }

  private closeNotice(taskKey: string): void {
    const n = this.openNotices.get(taskKey);
    if (!n) return;
    this.openNotices.delete(taskKey);
    clearTimeout(n.timer);
    n.watch?.dispose();
    n.notice.dispose();
  }

  private unfollow(taskKey: string): void {
    const p = this.pending.get(taskKey);
    if (!p) return;
    this.pending.delete(taskKey);
    clearTimeout(p.timer);
    p.watch.dispose();
  }

  private reset(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    for (const key of [...this.pending.keys()]) this.unfollow(key);
    for (const key of [...this.openNotices.keys()]) this.closeNotice(key);
    this.lastState.clear();
    this.service = undefined;
  }
}
