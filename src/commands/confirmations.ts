import * as vscode from 'vscode';

/** The questions commands ask before acting. An interface, so integration tests can answer them. */
export interface Confirmations {
  terminate(name: string): Thenable<boolean>;
  restart(name: string): Thenable<boolean>;
  /** Resolves true only when the user typed the exact name. */
  deleteCompute(name: string): Thenable<boolean>;
  deleteSession(name: string): Thenable<boolean>;
  disable(name: string, runningJobs: number): Thenable<boolean>;
}

export const modalConfirmations: Confirmations = {
  terminate: async (name) =>
    (await vscode.window.showWarningMessage(
      `Terminate compute cluster ${name}?`,
      { modal: true, detail: 'The driver stops and its executors are removed. Running queries fail. Start it again at any time.' },
      'Yes, terminate it',
    )) === 'Yes, terminate it',
  restart: async (name) =>
    (await vscode.window.showWarningMessage(
      `Restart compute cluster ${name}?`,
      { modal: true, detail: 'The cluster is terminated, then started again with its current configuration. Running queries fail.' },
      'Yes, restart it',
    )) === 'Yes, restart it',
  deleteCompute: (name) =>
    typedName(
      `Delete compute cluster ${name}`,
      name,
      `This removes the cluster and everything it runs. Data in object storage is not affected. Type ${name} to confirm.`,
    ),
  deleteSession: (name) =>
    typedName(`Delete session cluster ${name}`, name, `This removes the cluster's definition and activity. Type ${name} to confirm.`),
  disable: async (name, jobs) =>
    (await vscode.window.showWarningMessage(
      `Disable session cluster ${name}?`,
      {
        modal: true,
        detail:
          jobs > 0
            ? `${jobs} running session job${jobs === 1 ? '' : 's'} will be terminated. The Flink operator cannot suspend a session cluster, so disabling removes it; Start brings it back.`
            : 'No session jobs are running. Disabling removes the FlinkDeployment; Start brings it back.',
      },
      jobs > 0 ? `Yes, disable it and terminate ${jobs} job${jobs === 1 ? '' : 's'}` : 'Yes, disable it',
    )) !== undefined,
};

/** An input box whose confirmation stays refused until the exact name is typed. */
async function typedName(title: string, name: string, prompt: string): Promise<boolean> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v === name ? undefined : { message: `Type ${name} exactly to confirm.`, severity: vscode.InputBoxValidationSeverity.Error },
  });
  return typed === name;
}
