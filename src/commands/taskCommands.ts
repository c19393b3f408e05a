import * as vscode from 'vscode';
import { TASK_STATES, TaskAction, TaskViewAction } from '../../shared/clusters/taskStates';
import type { ClusterConnection } from '../clusters/connection';
import type { FlinkTask, TaskRunParams, TaskService } from '../clusters/session/tasks/taskTypes';
import { Disposable, type IDisposable } from '../common/disposable';
import type { Event } from '../common/event';
import { Logger } from '../common/logger';
import type { WorkspaceTaskRunStore } from '../workbench/taskRunStore';
import { Confirmations } from './confirmations';
import { ActionableError, registerCommandWithLogging, requireConnection, UserCancelledError } from './index';
import { prompts } from './prompts';
import { askJarUri, chooseSource, TaskRunner } from './tasks/runTaskCommand';
import { TaskNotifier } from './tasks/taskNotifier';
import { JarInspectorPort, RunRefusal, sessionRefOf, taskKeyOf, TaskServiceSource, TaskViewsPort } from './tasks/taskPorts';
import { taskPickerTexts, taskTexts } from './tasks/taskTexts';
import type { WizardUi } from './tasks/wizardUi';

export interface TaskCommandDeps {
  readonly connection: () => ClusterConnection | undefined;
  readonly onDidChangeConnection: Event<unknown>;
  readonly tasks: TaskServiceSource;
  readonly store: WorkspaceTaskRunStore;
  readonly views: TaskViewsPort;
  readonly runRefusal: RunRefusal;
  readonly jars?: JarInspectorPort;
  readonly confirm: () => Confirmations;
  readonly wizardUi: () => WizardUi;
  /** Whether a background failure of a task this workspace started is notified. */
  readonly notifyFailures: () => boolean;
}

const LIVE = (t: FlinkTask): boolean => TASK_STATES[t.state].live;

/** The commands of tasks on session clusters: run, run again, stop, cancel, suspend, resume, delete, and the views of one. */
export class TaskCommands extends Disposable {
  private readonly runner: TaskRunner;
  private readonly notifier: TaskNotifier;

  constructor(
    private readonly deps: TaskCommandDeps,
    logger: Logger,
    showLog: () => void,
  ) {
    super();
    this.notifier = this._register(
      new TaskNotifier(
        deps.tasks,
        (t) => this.runNameOf(t) !== undefined,
        { running: (t) => this.tellRunning(t), failed: (t) => this.tellFailed(t) },
        deps.notifyFailures,
      ),
    );
    this._register(deps.onDidChangeConnection(() => setTimeout(() => this.notifier.ensure(), 0)));
    this.runner = new TaskRunner({
      store: deps.store,
      ui: deps.wizardUi,
      runRefusal: deps.runRefusal,
      jars: deps.jars,
      views: deps.views,
      afterRun: (t) => this.notifier.afterRun(t),
    });
    const register = (id: string, fn: (...args: any[]) => unknown): void =>
      void this._register(registerCommandWithLogging(id, fn, logger, showLog));
    register('dataClusters.runTask', (arg) => this.runTask(arg));
    register('dataClusters.runTaskFromUri', (arg) => this.runTaskFromUri(arg));
    register('dataClusters.runTaskAgain', (arg, opts?: { clean?: boolean }) => this.runTaskAgain(arg, !!opts?.clean));
    register('dataClusters.runTaskAgainClean', (arg) => this.runTaskAgain(arg, true));
    register('dataClusters.stopTask', (arg) => this.stop(arg));
    register('dataClusters.cancelTask', (arg) => this.cancel(arg));
    register('dataClusters.suspendTask', (arg) => this.change(arg, 'suspend', (s, t) => s.suspend(t)));
    register('dataClusters.resumeTask', (arg) => this.change(arg, 'resume', (s, t) => s.resume(t)));
    register('dataClusters.deleteTask', (arg) =>
      this.change(
        arg,
        'delete',
        (s, t) => s.delete(t),
        (t) => this.deps.confirm().deleteTask(t.name),
      ),
    );
    register('dataClusters.openTask', async (arg) => this.deps.views.openTask(await this.resolve(arg, 'openTask')));
    register('dataClusters.showTaskLogs', async (arg) => this.deps.views.showTaskLogs(await this.resolve(arg, 'showTaskLogs')));
    register('dataClusters.showTaskOutput', async (arg) => this.deps.views.showTaskOutput(await this.resolve(arg, 'showTaskOutput')));
  }

  /** The task service of the current connection, or an error offering Refresh. */
  private service(): TaskService {
    requireConnection(this.deps.connection());
    this.notifier.ensure();
    const service = this.deps.tasks.current();
    if (!service) throw new ActionableError(vscode.l10n.t('The tasks of this connection cannot be read yet.'));
    return service;
  }

  /** The remembered run a task came from, when this workspace started it. */
  private runNameOf(task: FlinkTask): string | undefined {
    const name = task.runName ?? (task.jobId ? this.deps.store.runOfJob(task.jobId) : undefined);
    return name && this.deps.store.get(name) ? name : undefined;
  }

  private async runTask(arg: unknown): Promise<FlinkTask> {
    const model = requireConnection(this.deps.connection()).model!;
    this.notifier.ensure();
    const source = await chooseSource(arg, this.deps.wizardUi());
    return this.runner.runNew(this.deps.tasks.current(), model, source, sessionRefOf(arg));
  }

  private async runTaskFromUri(arg: unknown): Promise<FlinkTask> {
    const model = requireConnection(this.deps.connection()).model!;
    this.notifier.ensure();
    const jarURI = typeof arg === 'string' && arg ? arg : await askJarUri(this.deps.wizardUi());
    return this.runner.runNew(this.deps.tasks.current(), model, { kind: 'uri', jarURI }, sessionRefOf(arg));
  }

  private async runTaskAgain(arg: unknown, clean: boolean): Promise<FlinkTask> {
    const service = this.service();
    let params: TaskRunParams | undefined;
    let old: FlinkTask | undefined;
    const given = arg as Partial<TaskRunParams> | undefined;
    if (typeof arg === 'string' && !arg.includes('/')) params = this.deps.store.get(arg);
    else if (given && typeof given === 'object' && given.source && typeof given.name === 'string') params = this.deps.store.get(given.name);
    else if (taskKeyOf(arg)) {
      old = await this.resolve(arg, 'runAgain');
      const name = this.runNameOf(old);
      params = name ? this.deps.store.get(name) : undefined;
    } else params = await this.pickRun(service, clean);
    if (!params) throw new ActionableError(taskTexts.notRerunnable());
    old ??= this.taskOfRun(service, params);
    const refusal = old && service.refusal(old, 'runAgain');
    if (refusal) throw new ActionableError(refusal);
    return this.runner.runAgain(service, params, old, clean);
  }

  /** The task a remembered run started last, if the cluster still shows it. */
  private taskOfRun(service: TaskService, params: TaskRunParams): FlinkTask | undefined {
    const lastJob = this.deps.store.lastJob(params.name);
    return (service.tasksOf(params) ?? []).find((t) => (lastJob && t.jobId === lastJob) || t.runName === params.name);
  }

  private async pickRun(service: TaskService, clean: boolean): Promise<TaskRunParams> {
    const runs = this.deps.store.list();
    if (!runs.length) {
      void prompts().info(taskTexts.noRuns());
      throw new UserCancelledError();
    }
    const picked = await prompts().pick(
      runs.map((r) => {
        const task = this.taskOfRun(service, r);
        return {
          label: r.name,
          description: task ? `${TASK_STATES[task.state].label} · ${r.cluster} · ${r.namespace}` : `${r.cluster} · ${r.namespace}`,
          detail: r.source.kind === 'jar' ? vscode.workspace.asRelativePath(r.source.path) : r.source.jarURI,
          run: r,
        };
      }),
      { title: clean ? taskTexts.pickRunCleanTitle() : taskTexts.pickRunTitle(), matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) throw new UserCancelledError();
    return picked.run;
  }

  /** The task a command acts on (given, or picked among those that allow the action), refused with the reason when it may not. */
  private async resolve(arg: unknown, action: TaskAction | TaskViewAction): Promise<FlinkTask> {
    const service = this.service();
    const key = taskKeyOf(arg);
    const task = key ? service.task(key) : await this.pickTask(service, action);
    if (!task) throw new ActionableError(taskTexts.gone(key ?? ''));
    if (action !== 'openTask' && action !== 'showTaskLogs' && action !== 'showTaskOutput') {
      const refusal = service.refusal(task, action);
      if (refusal) throw new ActionableError(refusal);
    }
    return task;
  }

  private async pickTask(service: TaskService, action: TaskAction | TaskViewAction): Promise<FlinkTask> {
    const model = requireConnection(this.deps.connection()).model!;
    const view = action === 'openTask' || action === 'showTaskLogs' || action === 'showTaskOutput';
    const tasks = model
      .sessionClusters()
      .flatMap((c) => service.tasksOf({ namespace: c.namespace, cluster: c.name }) ?? [])
      .filter((t) => view || !service.refusal(t, action as TaskAction))
      .sort((a, b) => Number(LIVE(b)) - Number(LIVE(a)));
    const texts = taskPickerTexts(action);
    if (!tasks.length) {
      void prompts().info(texts.none);
      throw new UserCancelledError();
    }
    const picked = await prompts().pick(
      tasks.map((t) => ({
        label: `$(${TASK_STATES[t.state].icon}) ${t.name}`,
        description: `${TASK_STATES[t.state].label} · ${t.cluster} · ${t.namespace}`,
        task: t,
      })),
      { title: texts.title, matchOnDescription: true },
    );
    if (!picked) throw new UserCancelledError();
    return picked.task;
  }

  /** Stop with a savepoint; when that fails, the error offers Cancel instead. */
  private async stop(arg: unknown): Promise<string | undefined> {
    const service = this.service();
    const task = await this.resolve(arg, 'stop');
    let location: string | undefined;
    try {
      location = await this.withProgress(taskTexts.stopping(task.name), true, (signal) => service.stop(task, 'savepoint', signal));
    } catch (e) {
      if (e instanceof UserCancelledError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new ActionableError(taskTexts.stopFailed(task.name, message), [
        { title: taskTexts.cancelInstead(), run: () => vscode.commands.executeCommand('dataClusters.cancelTask', task.key) },
      ]);
    }
    const run = this.runNameOf(task);
    if (run && location) await this.deps.store.setLastSavepoint(run, location);
    const again = vscode.l10n.t('Run Again');
    void prompts()
      .info(location ? taskTexts.stoppedAt(task.name, location) : taskTexts.stopped(task.name), ...(run ? [again] : []))
      .then((choice) => choice === again && vscode.commands.executeCommand('dataClusters.runTaskAgain', task.key));
    return location;
  }

  private async cancel(arg: unknown): Promise<void> {
    const service = this.service();
    const task = await this.resolve(arg, 'cancel');
    await this.withProgress(taskTexts.cancelling(task.name), false, (signal) => service.stop(task, 'cancel', signal));
    void prompts().info(taskTexts.cancelled(task.name));
  }

  private async change(
    arg: unknown,
    action: 'suspend' | 'resume' | 'delete',
    act: (s: TaskService, t: FlinkTask) => Promise<void>,
    confirm?: (t: FlinkTask) => Thenable<boolean>,
  ): Promise<void> {
    const service = this.service();
    const task = await this.resolve(arg, action);
    if (confirm && !(await confirm(task))) throw new UserCancelledError();
    const texts = taskTexts.change(action, task.name);
    await this.withProgress(texts.progress, false, () => act(service, task));
    void prompts().info(texts.done);
  }

  private async withProgress<T>(title: string, cancellable: boolean, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (_p, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await work(abort.signal);
        } finally {
          sub.dispose();
        }
      });
    } catch (e) {
      if (abort.signal.aborted) throw new UserCancelledError();
      throw e;
    }
  }

  /**
   * A progress notification, so it closes when the notifier says (the job failed or ended, or it
   * was shown long enough): an information message would stay beside the failure, saying the task
   * runs. Open Task and Show Output are links in its message.
   */
  private tellRunning(task: FlinkTask): IDisposable {
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    prompts().notice(
      taskTexts.running(task.name, task.cluster),
      [
        { label: vscode.l10n.t('Open Task'), command: 'dataClusters.openTask', args: [task.key] },
        { label: vscode.l10n.t('Show Output'), command: 'dataClusters.showTaskOutput', args: [task.key] },
      ],
      closed,
    );
    return { dispose: close };
  }

  private tellFailed(task: FlinkTask): void {
    const exceptions = vscode.l10n.t('Show Exceptions');
    void prompts()
      .error(taskTexts.failed(task.name, task.failure), exceptions)
      .then((choice) => choice === exceptions && this.deps.views.openTask(this.fresh(task), { tab: 'exceptions' }));
  }

  private fresh(task: FlinkTask): FlinkTask {
    return this.deps.tasks.current()?.task(task.key) ?? task;
  }
}
