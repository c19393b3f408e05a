import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Logger } from '../common/logger';
import { readActivity } from '../clusters/activity';
import { ClusterConnection } from '../clusters/connection';
import { activityName, ClusterKind } from '../clusters/definition';
import { logInstances } from '../clusters/driverLogs';
import { clusterKey } from '../clusters/clusterRef';
import { ClusterOperationError } from '../clusters/operations';
import type { TaskService } from '../clusters/session/tasks/taskTypes';
import { RESOURCES } from '../kube/resources';
import { DriverLogChannels } from '../logs/driverLogChannels';
import { ClusterTreeDataProvider } from '../views/clusterTreeDataProvider';
import { ClusterRef, PickAction, pickCluster, refFromArg } from './clusterPicker';
import { Confirmations } from './confirmations';
import { ActionableError, registerCommandWithLogging, requireConnection, UserCancelledError } from './index';
import { prompts } from './prompts';

/** The cluster actions of the tree's context menus and the command palette. */
export class ClusterCommands extends Disposable {
  private readonly activityChannels = new Map<string, vscode.OutputChannel>();

  constructor(
    private readonly connection: () => ClusterConnection | undefined,
    private readonly trees: Record<ClusterKind, ClusterTreeDataProvider>,
    private readonly logs: DriverLogChannels,
    private readonly confirm: () => Confirmations,
    logger: Logger,
    showLog: () => void,
    private readonly panels?: { open(ref: ClusterRef, askedAt?: number): unknown },
    /** The current connection's task service: Disable counts the running tasks it knows. */
    private readonly tasks?: () => TaskService | undefined,
  ) {
    super();
    const register = (id: string, fn: (...args: any[]) => unknown): void =>
      void this._register(registerCommandWithLogging(id, fn, logger, showLog));
    register('dataClusters.openDetails', (arg) => this.openDetails(arg));
    register('dataClusters.compute.start', (arg) =>
      this.act('compute', 'start', arg, (c, r, s) => c.compute.start(r.namespace, r.name, s), { cancellable: true }),
    );
    register('dataClusters.compute.terminate', (arg) =>
      this.act('compute', 'terminate', arg, (c, r, s) => c.compute.terminate(r.namespace, r.name, s), {
        confirm: (r) => this.confirm().terminate(r.name),
      }),
    );
    register('dataClusters.compute.restart', (arg) =>
      this.act('compute', 'restart', arg, (c, r, s) => c.compute.restart(r.namespace, r.name, s), {
        confirm: (r) => this.confirm().restart(r.name),
        cancellable: true,
      }),
    );
    register('dataClusters.compute.delete', (arg) =>
      this.act('compute', 'delete', arg, (c, r, s) => c.compute.delete(r.namespace, r.name, s), {
        confirm: (r) => this.confirm().deleteCompute(r.name),
      }),
    );
    register('dataClusters.compute.showDriverLogs', (arg) => this.showDriverLogs(arg));
    register('dataClusters.compute.downloadDriverLogs', (arg) => this.downloadDriverLogs(arg));
    register('dataClusters.compute.stopDriverLogs', (arg) => this.stopDriverLogs(arg));
    register('dataClusters.session.start', (arg) =>
      this.act('session', 'start', arg, (c, r, s) => c.session.start(r.namespace, r.name, s), { cancellable: true }),
    );
    register('dataClusters.session.disable', (arg) =>
      this.act('session', 'disable', arg, (c, r, s) => c.session.disable(r.namespace, r.name, s), {
        confirm: (r) =>
          this.confirm().disable(
            r.name,
            this.need().session.runningSessionJobs(
              r.namespace,
              r.name,
              this.tasks?.()?.tasksOf({ namespace: r.namespace, cluster: r.name }),
            ),
          ),
      }),
    );
    register('dataClusters.session.delete', (arg) =>
      this.act('session', 'delete', arg, (c, r, s) => c.session.delete(r.namespace, r.name, s), {
        confirm: (r) => this.confirm().deleteSession(r.name),
      }),
    );
    register('dataClusters.session.showLogs', (arg) => this.showActivityLog('session', arg));
    register('dataClusters.session.enableSql', (arg) =>
      this.act('session', 'enableSql', arg, (c, r, s) => c.session.enableSql(r.namespace, r.name, s), { cancellable: true }),
    );
    register('dataClusters.session.disableSql', (arg) =>
      this.act('session', 'disableSql', arg, (c, r, s) => c.session.disableSql(r.namespace, r.name, s)),
    );
  }

  private need(): ClusterConnection {
    return requireConnection(this.connection());
  }

  private async resolve(kind: ClusterKind | undefined, action: PickAction, arg: unknown): Promise<ClusterRef> {
    const ref = refFromArg(arg) ?? refFromArg((arg as { node?: unknown })?.node);
    const conn = this.need();
    return ref ?? pickCluster(conn.model!, kind, action, conn.permissions);
  }

  private async act(
    kind: ClusterKind,
    action: LifecycleAction,
    arg: unknown,
    run: (c: ClusterConnection, ref: ClusterRef, signal: AbortSignal) => Promise<string>,
    opts: { confirm?: (ref: ClusterRef) => Thenable<boolean>; cancellable?: boolean } = {},
  ): Promise<void> {
    const conn = this.need();
    const ref = await this.resolve(kind, action, arg);
    if (opts.confirm && !(await opts.confirm(ref))) throw new UserCancelledError();
    const texts = lifecycleTexts(kind, action, ref.name);
    const title = texts.progress;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: !!opts.cancellable },
        async (_p, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          try {
            await run(conn, ref, abort.signal);
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (e) {
      if (e instanceof ClusterOperationError && e.code === 'cancelled') throw new UserCancelledError();
      const message = e instanceof Error ? e.message : String(e);
      const actions = [{ title: vscode.l10n.t('Retry'), run: () => vscode.commands.executeCommand(`dataClusters.${kind}.${action}`, ref) }];
      if (kind === 'compute' && action !== 'delete')
        actions.unshift({
          title: vscode.l10n.t('Show Driver Logs'),
          run: () => vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref),
        });
      if (kind === 'session')
        actions.unshift({
          title: vscode.l10n.t('Show Logs'),
          run: () => vscode.commands.executeCommand('dataClusters.session.showLogs', ref),
        });
      throw new ActionableError(message, actions);
    }
    void prompts().info(texts.done);
  }

  /** Opens the cluster's detail panel (one per cluster: a second open reveals it). */
  private async openDetails(arg: unknown): Promise<void> {
    const askedAt = Date.now();
    const conn = this.need();
    const ref = await this.resolve(undefined, 'openDetails', arg);
    if (!conn.model!.get(ref.kind, ref.namespace, ref.name))
      throw new ActionableError(vscode.l10n.t('{0} no longer exists in {1}.', ref.name, ref.namespace));
    // From the palette too, the tree shows which cluster the panel belongs to.
    void this.trees[ref.kind].view
      .reveal({ type: 'cluster', kind: ref.kind, namespace: ref.namespace, name: ref.name }, { select: true, focus: false })
      .then(undefined, () => undefined);
    this.panels?.open(ref, askedAt);
  }

  private async showDriverLogs(arg: unknown): Promise<void> {
    const conn = this.need();
    const ref = await this.resolve('compute', 'showDriverLogs', arg);
    const instances = logInstances(conn.model!, ref.namespace, ref.name);
    let pod: string | undefined;
    if (instances.some((i) => i.role === 'executor')) {
      const picked = await prompts().pick(
        [
          {
            label: `$(server-process) ${vscode.l10n.t('Driver')}`,
            description: vscode.l10n.t('follows the driver across restarts'),
            pod: undefined as string | undefined,
          },
          ...instances
            .filter((i) => i.role === 'executor')
            .map((i) => ({ label: `$(server) ${i.pod}`, description: vscode.l10n.t('executor · {0}', i.phase), pod: i.pod })),
        ],
        { title: vscode.l10n.t('Logs of {0}: choose an instance', ref.name) },
      );
      if (!picked) throw new UserCancelledError();
      pod = picked.pod;
    }
    this.logs.show(conn, ref.namespace, ref.name, pod);
  }

  /** Stops following (the stream closes) and removes the channel; Show Driver Logs starts again. */
  private async stopDriverLogs(arg: unknown): Promise<void> {
    const ref = refFromArg(arg);
    if (!ref) {
      const open = this.logs.open();
      if (!open.length) throw new UserCancelledError();
      const picked =
        open.length === 1
          ? open[0]
          : await vscode.window
              .showQuickPick(
                open.map((o) => ({ label: o.title, o })),
                { title: vscode.l10n.t('Stop following which log?') },
              )
              .then((x) => x?.o);
      if (!picked) throw new UserCancelledError();
      this.logs.close(picked.namespace, picked.cluster, picked.pod);
      return;
    }
    for (const o of this.logs.open().filter((x) => x.namespace === ref.namespace && x.cluster === ref.name))
      this.logs.close(o.namespace, o.cluster, o.pod);
  }

  private async downloadDriverLogs(arg: unknown): Promise<void> {
    const conn = this.need();
    const ref = await this.resolve('compute', 'downloadDriverLogs', arg);
    const channel = this.logs.get(ref.namespace, ref.name) ?? this.logs.show(conn, ref.namespace, ref.name);
    const target = await prompts().save({
      title: vscode.l10n.t('Save the driver log of {0}', ref.name),
      defaultUri: vscode.Uri.file(`spark-driver-logs.txt`),
      filters: { [vscode.l10n.t('Text')]: ['txt', 'log'] },
    });
    if (!target) throw new UserCancelledError();
    await fs.writeFile(target.fsPath, channel.lines().join('\n') + '\n', 'utf8');
    void prompts().info(vscode.l10n.t('Saved {0} lines to {1}.', channel.lines().length, target.fsPath));
  }

  /** Session clusters: the start/stop activity with its log lines, in one output channel per cluster. */
  private async showActivityLog(kind: ClusterKind, arg: unknown): Promise<void> {
    const conn = this.need();
    const ref = await this.resolve(kind, 'showLogs', arg);
    const cm = await conn.writer.tryGet(RESOURCES.configMaps, ref.namespace, activityName(kind, ref.name));
    const rows = readActivity(cm);
    const key = clusterKey(kind, ref.namespace, ref.name);
    let channel = this.activityChannels.get(key);
    if (!channel) {
      channel = this._register(vscode.window.createOutputChannel(vscode.l10n.t('Session cluster: {0}', ref.name)));
      this.activityChannels.set(key, channel);
    }
    channel.clear();
    for (const r of rows) {
      channel.appendLine(
        vscode.l10n.t({
          message: '{0}  {1} {2}  by {3}: {4}',
          args: [r.time, r.action.padEnd(9), r.outcome ?? '', r.user, r.details],
          comment: ['One activity row: time, action, outcome, the user who acted, details'],
        }),
      );
      for (const l of r.logLines ?? []) channel.appendLine(`    ${l}`);
    }
    if (!rows.length) channel.appendLine(vscode.l10n.t('No activity recorded yet.'));
    channel.show(true);
  }

  /** The titles of the start/stop log channels (for tests: one per cluster, however often shown). */
  activityChannelTitles(): string[] {
    return [...this.activityChannels.values()].map((c) => c.name);
  }
}

type LifecycleAction = 'start' | 'terminate' | 'restart' | 'delete' | 'disable' | 'enableSql' | 'disableSql';

/** The progress title and the outcome of a lifecycle action: whole sentences, one per kind and action. */
function lifecycleTexts(kind: ClusterKind, action: LifecycleAction, name: string): { progress: string; done: string } {
  switch (`${kind}/${action}`) {
    case 'compute/start':
      return { progress: vscode.l10n.t('Start compute cluster {0}', name), done: vscode.l10n.t('Compute cluster {0} started.', name) };
    case 'compute/terminate':
      return {
        progress: vscode.l10n.t('Terminate compute cluster {0}', name),
        done: vscode.l10n.t('Compute cluster {0} terminated.', name),
      };
    case 'compute/restart':
      return { progress: vscode.l10n.t('Restart compute cluster {0}', name), done: vscode.l10n.t('Compute cluster {0} restarted.', name) };
    case 'compute/delete':
      return { progress: vscode.l10n.t('Delete compute cluster {0}', name), done: vscode.l10n.t('Compute cluster {0} deleted.', name) };
    case 'session/start':
      return { progress: vscode.l10n.t('Start session cluster {0}', name), done: vscode.l10n.t('Session cluster {0} started.', name) };
    case 'session/disable':
      return { progress: vscode.l10n.t('Disable session cluster {0}', name), done: vscode.l10n.t('Session cluster {0} disabled.', name) };
    case 'session/delete':
      return { progress: vscode.l10n.t('Delete session cluster {0}', name), done: vscode.l10n.t('Session cluster {0} deleted.', name) };
    case 'session/enableSql':
      return {
        progress: vscode.l10n.t('Enable SQL on session cluster {0}', name),
        done: vscode.l10n.t('SQL enabled on session cluster {0}: its SQL Gateway is starting.', name),
      };
    case 'session/disableSql':
      return {
        progress: vscode.l10n.t('Disable SQL on session cluster {0}', name),
        done: vscode.l10n.t('SQL disabled on session cluster {0}.', name),
      };
    default:
      // l10n-ignore: programmer error, every registered lifecycle command has its texts above
      throw new Error(`no texts for ${kind} ${action}`);
  }
}
