import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Logger } from '../common/logger';
import { KubeconfigModel } from '../kube/kubeconfigModel';
import { ExtensionSettings } from '../settings/extensionSettings';
import { registerCommandWithLogging } from './index';

/** Commands about which kubeconfig the extension uses. */
export class KubeconfigCommands extends Disposable {
  constructor(
    private readonly model: KubeconfigModel,
    private readonly settings: ExtensionSettings,
    logger: Logger,
    showLog: () => void,
  ) {
    super();
    const register = (id: string, fn: (...args: any[]) => unknown): void => {
      this._register(registerCommandWithLogging(id, fn, logger, showLog));
    };
    register('dataClusters.refresh', () => this.model.reload());
    register('dataClusters.chooseKubeconfig', () => this.chooseKubeconfig());
    register('dataClusters.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:dataclusters.data-clusters'),
    );
    register('dataClusters.showOutput', () => showLog());
  }

  private async chooseKubeconfig(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose a kubeconfig file'),
      canSelectMany: false,
      canSelectFolders: false,
      openLabel: vscode.l10n.t('Use this kubeconfig'),
    });
    if (!picked?.[0]) return;
    // Saving the setting triggers the reload through the configuration listener.
    await this.settings.setKubeconfigPath(picked[0].fsPath);
  }
}
