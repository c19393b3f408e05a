import * as vscode from 'vscode';

/** The questions commands ask before acting. An interface, so integration tests can answer them. */
export interface Confirmations {
  terminate(name: string): Thenable<boolean>;
  restart(name: string): Thenable<boolean>;
  /** Resolves true only when the user typed the exact name. */
  deleteCompute(name: string): Thenable<boolean>;
  deleteSession(name: string): Thenable<boolean>;
  /** `runningTasks`: the tasks (Flink jobs) Disable terminates. */
  disable(name: string, runningTasks: number): Thenable<boolean>;
  /** Deleting a task's FlinkSessionJob: the operator cancels its job. */
  deleteTask(name: string): Thenable<boolean>;
}

export const modalConfirmations: Confirmations = {
  terminate: (name) =>
    modal(
      vscode.l10n.t('Terminate compute cluster {0}?', name),
      vscode.l10n.t('The driver stops and its executors are removed. Running queries fail. Start it again at any time.'),
      vscode.l10n.t('Yes, terminate it'),
    ),
  restart: (name) =>
    modal(
      vscode.l10n.t('Restart compute cluster {0}?', name),
      vscode.l10n.t('The cluster is terminated, then started again with its current configuration. Running queries fail.'),
      vscode.l10n.t('Yes, restart it'),
    ),
  deleteCompute: (name) =>
    typedName(
      vscode.l10n.t('Delete compute cluster {0}', name),
      name,
      vscode.l10n.t(
        'This cannot be undone: the cluster and everything it runs are removed, and if it is running its active connections are dropped and running queries fail. Data in object storage is not affected. Type {0} to confirm.',
        name,
      ),
    ),
  deleteSession: (name) =>
    typedName(
      vscode.l10n.t('Delete session cluster {0}', name),
      name,
      vscode.l10n.t(
        "This cannot be undone: the cluster's definition and activity are removed. Only a Disabled cluster is deleted, so no tasks run on it any more. Type {0} to confirm.",
        name,
      ),
    ),
  disable: (name, jobs) =>
    modal(
      vscode.l10n.t('Disable session cluster {0}?', name),
      disableDetail(jobs),
      jobs <= 0
        ? vscode.l10n.t('Yes, disable it')
        : jobs === 1
          ? vscode.l10n.t('Yes, disable it and terminate 1 task')
          : vscode.l10n.t('Yes, disable it and terminate {0} tasks', jobs),
    ),
  deleteTask: (name) =>
    modal(
      vscode.l10n.t('Delete the FlinkSessionJob {0}?', name),
      vscode.l10n.t(
        'The operator cancels its job without a savepoint and the FlinkSessionJob is removed. Savepoints already taken are kept.',
      ),
      vscode.l10n.t('Yes, delete it'),
      vscode.l10n.t('Keep It'),
    ),
};

/**
 * A modal warning with one confirming button: true only when that button was chosen. With `safe`,
 * the safe choice comes first and is the dialog's default, so Enter never takes the destructive one.
 */
async function modal(question: string, detail: string, yes: string, safe?: string): Promise<boolean> {
  const items = safe ? [safe, yes] : [yes];
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, ...items)) === yes;
}

/** Before a form with unsaved edits closes: keeping them is the default; only the explicit choice discards. */
export function confirmDiscardEdits(title: string): Promise<boolean> {
  return modal(
    vscode.l10n.t('Discard your unsaved edits in {0}?', title),
    vscode.l10n.t('The form closes and what you typed is lost.'),
    vscode.l10n.t('Discard'),
    vscode.l10n.t('Keep Editing'),
  );
}

/** What disabling ends: whole sentences per count, so translations can inflect them. */
function disableDetail(jobs: number): string {
  if (jobs <= 0) return vscode.l10n.t('No tasks are running. Disabling removes the FlinkDeployment; Start brings it back.');
  return jobs === 1
    ? vscode.l10n.t(
        '1 running task will be terminated, and its FlinkSessionJob deleted if it has one. The Flink operator cannot suspend a session cluster, so disabling removes it; Start brings it back.',
      )
    : vscode.l10n.t(
        '{0} running tasks will be terminated, and their FlinkSessionJobs deleted. The Flink operator cannot suspend a session cluster, so disabling removes it; Start brings it back.',
        jobs,
      );
}

/** An input box whose confirmation stays refused until the exact name is typed. */
async function typedName(title: string, name: string, prompt: string): Promise<boolean> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v === name
        ? undefined
        : { message: vscode.l10n.t('Type {0} exactly to confirm.', name), severity: vscode.InputBoxValidationSeverity.Error },
  });
  return typed === name;
}
