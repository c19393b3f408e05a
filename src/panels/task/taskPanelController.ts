/**
 * One task's panel ("Task: {name}"): the task as the task service knows it in the header, with the
 * actions it offers (run through the product's commands, so their confirmations are the tree's),
 * and one tab per part of the JobManager's view of the job (taskTabs.ts reads and refreshes them).
 * Stack frames open their workspace file. After the page is rebuilt (VS Code destroys a hidden
 * one) everything it showed is posted again.
 *
 * No vscode import: the workbench comes in through `TaskPanelUi` and `SourceLocator`, the tasks
 * through `TaskService`, so tests drive it with fakes.
 */
import * as l10n from '@vscode/l10n';
import { TASK_STATES, type TaskAction, taskActionRefusal, TASK_ACTIONS } from '../../../shared/clusters/taskStates';
import { envelope, Handlers, HostMessage, NotificationBody, NotificationName } from '../../../shared/protocol/envelope';
import { TASK_PAGE, TAB_NOTIFICATIONS, type TaskPage, type TaskPanelAction, type TaskTab } from '../../../shared/protocol/taskPage';
import type { FlinkTask, SessionRef, TaskService } from '../../clusters/session/tasks/taskTypes';
import { Disposable, IDisposable, toDisposable } from '../../common/disposable';
import { Emitter, Event } from '../../common/event';
import { errorMessage, Logger } from '../../common/logger';
import type { RegisteredPanel } from '../panelRegistry';
import { PanelLike, RequestError, WebviewLike, WebviewPanelHost } from '../webviewPanelHost';
import { locate, type SourceLocation, type SourceLocator } from './stackFrames';
import { type Schedule, type TaskPanelUi, realSchedule } from './taskPanelUi';
import { TaskTabs } from './taskTabs';
import { actionsData, taskView } from './taskViews';

export const TASK_VIEW_TYPE = 'dataClusters.task';
const NAME = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** Task keys (`streaming/orders/enrich`, or a job id last): what a restored panel may carry. */
export const TASK_KEY_PATTERN = new RegExp(`^${NAME}/${NAME}/[a-zA-Z0-9]([-a-zA-Z0-9._]*[a-zA-Z0-9])?$`);

/** The session cluster and the name a task key holds, or undefined for anything else. */
export function refOfTaskKey(key: string): (SessionRef & { readonly name: string }) | undefined {
  if (key.length > 300 || !TASK_KEY_PATTERN.test(key)) return undefined;
  const [namespace, cluster, name] = key.split('/');
  return { namespace, cluster, name };
}

export const taskPanelTitle = (name: string): string => l10n.t('Task: {0}', name);

/** The command of each header action (the commands module registers them; each takes a FlinkTask or its key). */
export const TASK_ACTION_COMMANDS: Readonly<Record<TaskPanelAction, string>> = {
  stop: 'dataClusters.stopTask',
  cancel: 'dataClusters.cancelTask',
  suspend: 'dataClusters.suspendTask',
  resume: 'dataClusters.resumeTask',
  runAgain: 'dataClusters.runTaskAgain',
  delete: 'dataClusters.deleteTask',
  showTaskLogs: 'dataClusters.showTaskLogs',
  showTaskOutput: 'dataClusters.showTaskOutput',
};

const isChanging = (a: TaskPanelAction): a is TaskAction => (TASK_ACTIONS as readonly string[]).includes(a);

export interface TaskPanelDeps {
  /** The task service of the current connection, or undefined while there is none. */
  readonly service: () => TaskService | undefined;
  /** Fires when `service()` may answer another service (a new connection). */
  readonly onDidChangeService?: Event<unknown>;
  readonly logger: Logger;
  readonly ui: TaskPanelUi;
  readonly locator: SourceLocator;
  /** The page's HTML for a webview, with the messages embedded for its first paint. */
  readonly html: (title: string, initial: () => readonly unknown[]) => (webview: WebviewLike) => string;
  /** How often the shown tab of a live task is read again (2 s). */
  readonly refreshMs?: number;
  readonly schedule?: Schedule;
}

export interface TaskPanelInfo {
  readonly key: string;
  readonly title: string;
  readonly ready: boolean;
  readonly tab: TaskTab;
  readonly gone: boolean;
  readonly polling: boolean;
  readonly loading: boolean;
  readonly reads: number;
  readonly watching: boolean;
  readonly dropped: number;
  readonly cspViolations: number;
}

export class TaskPanelController extends Disposable implements RegisteredPanel {
  readonly key: string;
  readonly ref: SessionRef;
  readonly host: WebviewPanelHost<TaskPage>;
  private readonly _onDidDispose = this._register(new Emitter<void>());
  readonly onDidDispose: Event<void> = this._onDidDispose.event;
  private readonly tabs: TaskTabs;
  private readonly frames = new Map<string, Promise<SourceLocation | undefined>>();
  private readonly running = new Set<TaskPanelAction>();
  private task?: FlinkTask;
  private gone = false;
  private restarts?: number;
  private name: string;
  private bound?: { service: TaskService; subs: IDisposable[] };
  private watch?: IDisposable;
  private bindTimer?: IDisposable;
  private cspViolations = 0;
  private readonly schedule: Schedule;

  constructor(
    panel: PanelLike,
    key: string,
    private readonly deps: TaskPanelDeps,
  ) {
    super();
    const ref = refOfTaskKey(key);
    // l10n-ignore: programmer error, keys come from the task service or the pattern-checked saved state
    if (!ref) throw new Error(`invalid task key ${key}`);
    this.key = key;
    this.ref = { namespace: ref.namespace, cluster: ref.cluster };
    this.schedule = deps.schedule ?? realSchedule;
    const service = deps.service();
    this.task = service?.task(key);
    this.name = this.task?.name ?? ref.name;
    this.tabs = new TaskTabs({
      rest: () => this.needService().rest(this.ref),
      locator: deps.locator,
      frames: this.frames,
      post: (tab, body) => this.notify(TAB_NOTIFICATIONS[tab], body as NotificationBody<TaskPage, (typeof TAB_NOTIFICATIONS)[typeof tab]>),
      postStatus: (s) => this.notify('refresh.status', s),
      restarts: (n) => {
        if (n === this.restarts) return;
        this.restarts = n;
        this.postTask();
      },
      schedule: this.schedule,
      refreshMs: deps.refreshMs ?? 2000,
      logger: deps.logger,
      key,
      now: () => Date.now(),
    });
    this._register(toDisposable(() => this.tabs.dispose()));
    this.host = this._register(
      new WebviewPanelHost(panel, {
        protocol: TASK_PAGE,
        key,
        title: taskPanelTitle(this.name),
        html: deps.html(taskPanelTitle(this.name), () => this.initialMessages()),
        logger: deps.logger,
        handlers: this.handlers(),
      }),
    );
    this._register(this.host.onDidDispose(() => this.dispose()));
    this._register(this.host.onDidBecomeReady(() => this.sendAll()));
    this._register(this.host.onDidChangeVisibility((v) => this.visibilityChanged(v)));
    if (deps.onDidChangeService) this._register(deps.onDidChangeService(() => this.bind()));
    this._register(toDisposable(() => this.unbind()));
    this.bind();
    this.tabs.setJob(this.task?.jobId, this.task?.state, this.isLive(), this.task?.state === 'FAILED');
  }

  get title(): string {
    return taskPanelTitle(this.name);
  }

  reveal(): void {
    this.host.reveal();
  }

  info(): TaskPanelInfo {
    return {
      key: this.key,
      title: this.title,
      ready: this.host.isReady,
      tab: this.tabs.shown,
      gone: this.gone,
      polling: this.tabs.polling,
      loading: this.tabs.loading,
      reads: this.tabs.reads,
      watching: this.watch !== undefined,
      dropped: this.host.dropped,
      cspViolations: this.cspViolations,
    };
  }

  /** Settles when no read is under way (tests). */
  whenIdle(): Promise<void> {
    return this.tabs.whenIdle();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.bindTimer?.dispose();
    this._onDidDispose.fire();
    super.dispose();
  }

  private requestedTab?: TaskTab;

  private handlers(): Handlers<TaskPage> {
    return {
      'panel.painted': () => ({}),
      'panel.cspViolation': ({ directive, blocked }) => {
        this.cspViolations++;
        this.deps.logger.error(`task panel ${this.key}: Content Security Policy violation: ${directive} blocked ${blocked}`);
        return {};
      },
      'action.run': ({ action }) => this.runAction(action),
      'panel.showTab': ({ tab }) => {
        if (tab === this.requestedTab) this.requestedTab = undefined;
        this.tabs.show(tab);
        return {};
      },
      'panel.refresh': async () => {
        this.refreshTask();
        await this.tabs.refresh();
        return {};
      },
      'frame.open': (args) => this.openFrame(args.className, args.file, args.line),
    };
  }

  // ---- the task service ----

  private needService(): TaskService {
    const s = this.bound?.service ?? this.deps.service();
    if (!s) throw new RequestError(l10n.t('Not connected to a Kubernetes cluster yet.'), 'unavailable');
    return s;
  }

  /** Follows the current connection's task service; waits for one after a reload. */
  private bind(): void {
    if (this.isDisposed) return;
    const service = this.deps.service();
    if (this.bound?.service === service && service) return;
    this.unbind();
    this.bindTimer?.dispose();
    this.bindTimer = undefined;
    if (!service) {
      this.bindTimer = this.schedule(() => this.bind(), 1000);
      return;
    }
    const subs: IDisposable[] = [
      service.onDidChange((ref) => {
        if (ref.namespace === this.ref.namespace && ref.cluster === this.ref.cluster) this.refreshTask();
      }),
    ];
    this.bound = { service, subs };
    if (this.host.visible) this.watch = service.watch(this.ref);
    this.refreshTask();
  }

  private unbind(): void {
    for (const s of this.bound?.subs ?? []) s.dispose();
    this.watch?.dispose();
    this.watch = undefined;
    this.bound = undefined;
  }

  private visibilityChanged(visible: boolean): void {
    if (visible && this.bound && !this.watch) this.watch = this.bound.service.watch(this.ref);
    if (!visible) {
      this.watch?.dispose();
      this.watch = undefined;
    }
    // Shown again: the page is rebuilt and says ready; reading waits for it (sendAll).
    if (!visible) this.tabs.setVisible(false);
  }

  private isLive(): boolean {
    return !!this.task && !this.gone && TASK_STATES[this.task.state].live;
  }

  /** Reads the task again from the service: the header, the title, and whether the tabs keep refreshing. */
  private refreshTask(): void {
    const service = this.bound?.service;
    if (!service || this.isDisposed) return;
    const now = service.task(this.key);
    // Gone once the cluster's list is known without it; the last data stays on screen.
    this.gone = !now && service.tasksOf(this.ref) !== undefined;
    if (now) {
      if (now.jobId !== this.task?.jobId) this.restarts = undefined;
      this.task = now;
      if (now.name !== this.name) {
        this.name = now.name;
        this.host.title = this.title;
        this.notify('panel.init', { key: this.key, title: this.title });
      }
    }
    this.postTask();
    this.tabs.setJob(this.task?.jobId, this.task?.state, this.isLive(), this.task?.state === 'FAILED');
  }

  private notify<N extends NotificationName<TaskPage>>(name: N, body: NotificationBody<TaskPage, N>): void {
    if (this.capture) this.capture.push(envelope.notification(TASK_PAGE, name, body));
    else this.host?.notify(name, body);
  }

  private capture?: HostMessage<TaskPage>[];

  /** The header's data embedded in the page's HTML, so it paints the task before any round trip. */
  private initialMessages(): HostMessage<TaskPage>[] {
    if (!this.task) return [];
    this.capture = [];
    try {
      this.notify('panel.init', { key: this.key, title: this.title });
      this.postTask();
      return this.capture;
    } catch (err) {
      this.deps.logger.warn(`task panel ${this.key}: no data in the page's HTML: ${errorMessage(err)}`);
      return [];
    } finally {
      this.capture = undefined;
    }
  }

  /** Shows a tab, now or as soon as the page is ready (asked until the page says it shows it). */
  showTab(tab: TaskTab): void {
    this.requestedTab = tab;
    this.notify('panel.selectTab', { tab });
  }

  /** Everything the page shows, after each ready (a page VS Code destroyed while hidden starts empty). */
  private sendAll(): void {
    if (this.host.isDisposed) return;
    this.notify('panel.init', { key: this.key, title: this.title });
    this.postTask();
    if (this.requestedTab) this.notify('panel.selectTab', { tab: this.requestedTab });
    this.tabs.postAll();
    this.tabs.setVisible(true);
  }

  private postTask(): void {
    const t = this.task;
    // Before the panel is bound (its HTML is made first), the service it will bind to answers already.
    const service = this.bound?.service ?? this.deps.service();
    const refusal = (a: TaskAction) =>
      t ? (service ? service.refusal(t, a) : taskActionRefusal({ ...t, rerunnable: false }, a)) : undefined;
    const goneReason = this.gone ? l10n.t('This task no longer exists on the session cluster.') : '';
    this.notify('task.update', {
      ...(t ? { task: taskView(t, this.restarts) } : {}),
      gone: this.gone,
      actions: actionsData(t, refusal, this.running, goneReason),
    });
  }

  // ---- requests ----

  private async runAction(action: TaskPanelAction): Promise<{ started: boolean }> {
    const command = TASK_ACTION_COMMANDS[action];
    const service = this.needService();
    const t = service.task(this.key);
    if (!t) throw new RequestError(l10n.t('The task {0} no longer exists.', this.name), 'not-found');
    if (isChanging(action)) {
      const why = service.refusal(t, action);
      if (why) throw new RequestError(why, 'conflict');
    }
    if (this.running.has(action)) throw new RequestError(l10n.t('{0} is still running.', action), 'conflict');
    if (!(await this.deps.ui.commands()).includes(command))
      throw new RequestError(l10n.t('{0} is not available in this version of Data Clusters.', action), 'unavailable');
    this.running.add(action);
    this.postTask();
    const done = () => {
      this.running.delete(action);
      if (!this.isDisposed) this.refreshTask();
    };
    // Not awaited: the command asks its confirmation and reports its own outcome; the button shows
    // the action as running until it returns.
    void Promise.resolve(this.deps.ui.executeCommand(command, t)).then(done, (e) => {
      this.deps.logger.error(`task panel ${this.key}: ${command} failed: ${errorMessage(e)}`);
      done();
    });
    return { started: true };
  }

  private async openFrame(className: string, file: string, line: number | undefined): Promise<{ opened: boolean }> {
    const found = await locate(className, file, this.deps.locator, this.frames);
    if (!found) throw new RequestError(l10n.t('{0} is not in this workspace.', file), 'not-found');
    await this.deps.ui.openSource({ uri: found.uri, line: line ?? found.line });
    return { opened: true };
  }
}
