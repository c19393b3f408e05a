import * as vscode from 'vscode';
import { DataClustersApi } from './api';
import { KubeconfigCommands } from './commands/kubeconfigCommands';
import { KubeconfigLoader, KubeconfigState } from './kube/kubeconfigLoader';
import { KubeconfigModel } from './kube/kubeconfigModel';
import { ExtensionSettings } from './settings/extensionSettings';
import { ClusterTreeDataProvider } from './views/clusterTreeDataProvider';

/** Wires the object graph and registers it; behaviour lives in the objects. */
export function activate(context: vscode.ExtensionContext): DataClustersApi {
  const log = vscode.window.createOutputChannel('Data Clusters', { log: true });
  const showLog = (): void => log.show(true);
  const settings = new ExtensionSettings();
  const kubeconfig = new KubeconfigModel(new KubeconfigLoader(), () => ({ settingPath: settings.kubeconfigPath() }), log);

  const setContextKeys = (state: KubeconfigState): void => {
    void vscode.commands.executeCommand('setContext', 'dataClusters.kubeconfig', state.kind);
    void vscode.commands.executeCommand('setContext', 'dataClusters.kubeconfigError', state.kind === 'broken' ? `${state.file}: ${state.message}` : '');
  };
  setContextKeys(kubeconfig.state);

  context.subscriptions.push(
    log,
    kubeconfig,
    kubeconfig.onDidChangeKubeconfig(setContextKeys),
    settings.onDidChange((key) => key === 'kubeconfig' && kubeconfig.reload()),
    new ClusterTreeDataProvider('compute', kubeconfig),
    new ClusterTreeDataProvider('session', kubeconfig),
    new KubeconfigCommands(kubeconfig, settings, log, showLog),
  );

  return {
    kubeconfigState: () => kubeconfig.state.kind,
    kubeconfigError: () => (kubeconfig.state.kind === 'broken' ? `${kubeconfig.state.file}: ${kubeconfig.state.message}` : undefined),
    currentContext: () => (kubeconfig.state.kind === 'loaded' ? kubeconfig.state.currentContext : undefined),
    onDidChangeKubeconfig: kubeconfig.onDidChangeKubeconfig,
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
