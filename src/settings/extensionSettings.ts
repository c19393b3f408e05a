import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'dataClusters';

/** Typed reads of the extension's settings; one place knows their names. */
export class ExtensionSettings {
  kubeconfigPath(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('kubeconfig', '').trim();
  }

  async setKubeconfigPath(value: string): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('kubeconfig', value, vscode.ConfigurationTarget.Global);
  }

  onDidChange(listener: (key: string) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      for (const key of ['kubeconfig']) {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`)) listener(key);
      }
    });
  }
}
