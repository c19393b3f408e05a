import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterModel, SessionCluster } from '../../clusters/clusterModel';
import type { PermissionView } from '../../clusters/permissions';
import type { FlinkTask, SessionRef, TaskRunParams, TaskService, TaskSource } from '../../clusters/session/tasks/taskTypes';
import type { WorkspaceTaskRunStore } from '../../workbench/taskRunStore';
import { ActionableError, UserCancelledError } from '../index';
import { prompts } from '../prompts';
import { jarUriProblem } from './runInputs';
import { ClusterChoice, RunDraft, runTaskWizard } from './runTaskWizard';
import type { JarInspectorPort, RunRefusal, TaskViewsPort } from './taskPorts';
import type { WizardUi } from './wizardUi';

export interface RunDeps {
  readonly store: WorkspaceTaskRunStore;
  readonly ui: () => WizardUi;
  readonly runRefusal: RunRefusal;
  readonly jars?: JarInspectorPort;
  readonly views: TaskViewsPort;
  readonly afterRun: (task: FlinkTask) => void;
}

const sourceId = (s: TaskSource): string => (s.kind === 'jar' ? `jar:${s.path}` : `uri:${s.jarURI}`);

/** The jar the command was given (Explorer: its URI), or the one the user picks among the workspace's jars. */
export async function chooseSource(arg: unknown, ui: WizardUi): Promise<TaskSource> {
  const uri = arg instanceof vscode.Uri ? arg : undefined;
  if (uri && /\.jar$/i.test(uri.path))
    return uri.scheme === 'file' ? { kind: 'jar', path: uri.fsPath } : { kind: 'uri', jarURI: uri.toString() };
  const jars = await vscode.workspace.findFiles('**/*.jar', '{**/node_modules/**,**/.git/**}', 200);
  const browse = vscode.l10n.t('Browse…');
  const byUri = vscode.l10n.t('A jar URI (https:, s3:, …)…');
  type JarItem = vscode.QuickPickItem & { readonly uri?: vscode.Uri; readonly special?: 'browse' | 'uri' };
  const items: JarItem[] = [
    ...jars
      .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
      .map((j) => ({ label: `$(file-binary) ${path.basename(j.fsPath)}`, description: vscode.workspace.asRelativePath(j), uri: j })),
    { label: `$(folder-opened) ${browse}`, special: 'browse' as const },
    { label: `$(link) ${byUri}`, special: 'uri' as const },
  ];
  const picked = await prompts().pick(items, { title: vscode.l10n.t('Choose the jar to run'), matchOnDescription: true });
  if (!picked) throw new UserCancelledError();
  if (picked.uri) return { kind: 'jar', path: picked.uri.fsPath };
  if (picked.special === 'uri') return { kind: 'uri', jarURI: await askJarUri(ui) };
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Java archives')]: ['jar'] },
    title: vscode.l10n.t('Choose the jar to run'),
  });
  if (!chosen?.[0]) throw new UserCancelledError();
  return { kind: 'jar', path: chosen[0].fsPath };
}

/** A jar URI the operator fetches for a FlinkSessionJob. */
export async function askJarUri(ui: WizardUi, value = ''): Promise<string> {
  const answer = await ui.input({
    title: vscode.l10n.t('Run a jar from a URI'),
    step: 1,
    totalSteps: 1,
    prompt: vscode.l10n.t('The jar the Flink operator fetches (by default over https only, never from a private or loopback host).'),
    placeholder: 'https://repo.example.com/jobs/my-job-1.0.jar',
    value,
    validate: (text) => (text ? jarUriProblem(text) : vscode.l10n.t('Enter the URI of a jar.')),
  });
  if (!answer || answer === 'back') throw new UserCancelledError();
  return answer.value.trim();
}

/** The session clusters in the wizard's first step, each with why it cannot be run on. */
export function clusterChoices(model: ClusterModel, runRefusal: RunRefusal): ClusterChoice[] {
  return model
    .sessionClusters()
    .map((c) => ({ namespace: c.namespace, cluster: c.name, status: c.status, refusal: runRefusal(c) }))
    .sort((a, b) => Number(!!a.refusal) - Number(!!b.refusal) || a.cluster.localeCompare(b.cluster));
}

/**
 * Run Task: the wizard (kept as a draft per jar when cancelled), then the run with progress,
 * remembered in the workspace so Run Again is one action.
 */
export class TaskRunner {
  private readonly drafts = new Map<string, RunDraft>();

  constructor(private readonly deps: RunDeps) {}

  /** `service` undefined: the wizard still says why no cluster can be run on, else the run is refused. */
  async runNew(service: TaskService | undefined, model: ClusterModel, source: TaskSource, preselected?: SessionRef): Promise<FlinkTask> {
    const id = sourceId(source);
    const clusters = clusterChoices(model, this.deps.runRefusal);
    if (!service && clusters.some((c) => !c.refusal))
      throw new ActionableError(vscode.l10n.t('The tasks of this connection cannot be read yet.'));
    const result = await runTaskWizard(this.deps.ui(), {
      source,
      clusters,
      preselected,
      slots: (ref) => service!.slots(ref),
      jar: source.kind === 'jar' && this.deps.jars ? () => this.deps.jars!.inspectJar(source.path) : undefined,
      runs: this.deps.store.list(),
      lastSavepoint: (name, ref) => this.lastSavepoint(service!, name, ref),
      draft: this.drafts.get(id),
    });
    if ('cancelled' in result) {
      this.drafts.set(id, result.cancelled);
      throw new UserCancelledError();
    }
    this.drafts.delete(id);
    await this.deps.store.set(result.params);
    return this.run(service!, result.params, false);
  }

  /** Runs a remembered run again: from the old run's savepoint unless `clean`. */
  async runAgain(service: TaskService, params: TaskRunParams, old: FlinkTask | undefined, clean: boolean): Promise<FlinkTask> {
    const live = old && ['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING'].includes(old.state);
    // A live run is stopped with a savepoint by the service; an ended one restarts from the last savepoint known.
    const savepointPath = clean
      ? undefined
      : live
        ? params.savepointPath
        : (this.lastSavepoint(service, params.name, params) ?? params.savepointPath);
    return this.run(service, { ...params, savepointPath }, clean);
  }

  /** The last savepoint of a run: the one its stop answered, else its FlinkSessionJob's. */
  lastSavepoint(service: TaskService, name: string, ref: SessionRef): string | undefined {
    const stored = this.deps.store.lastSavepoint(name);
    if (stored) return stored;
    return (service.tasksOf(ref) ?? []).find((t) => t.runName === name || t.name === name)?.sessionJob?.lastSavepoint;
  }

  private async run(service: TaskService, params: TaskRunParams, clean: boolean): Promise<FlinkTask> {
    const abort = new AbortController();
    let task: FlinkTask;
    try {
      task = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Run {0} on {1}', params.name, params.cluster),
          cancellable: true,
        },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          try {
            return await service.run(params, {
              clean,
              signal: abort.signal,
              progress: (message, fraction) => {
                const percent = fraction === undefined ? undefined : Math.max(0, Math.min(100, Math.round(fraction * 100)));
                progress.report({ message, increment: percent === undefined ? undefined : Math.max(0, percent - reported) });
                if (percent !== undefined) reported = Math.max(reported, percent);
              },
            });
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (e) {
      if (abort.signal.aborted) throw new UserCancelledError();
      throw e;
    }
    if (task.jobId) await this.deps.store.setLastJob(params.name, task.jobId);
    this.deps.afterRun(task);
    return task;
  }
}

/** Why the user may not run tasks on a session cluster: not Running, an action in flight, or their rights ('runTask'). */
export function sessionRunRefusal(c: SessionCluster, permissions: PermissionView | undefined): string | undefined {
  if (c.status !== 'Running') return vscode.l10n.t('{0} is {1}: tasks run only on a Running session cluster.', c.name, c.status);
  if (c.operation) return vscode.l10n.t('An action on {0} is still in progress.', c.name);
  return permissions?.denied(c, 'runTask');
}
