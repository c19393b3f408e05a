import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { KubeconfigModel } from '../kube/kubeconfigModel';
import { KubeconfigState } from '../kube/kubeconfigLoader';

export type ClusterKind = 'compute' | 'session';

/**
 * One view's tree (Compute or Session Clusters). Until the cluster cache lands, it shows which
 * context and namespace it is connected to; with no usable kubeconfig it stays empty so the
 * view's welcome content explains what to do.
 */
export class ClusterTreeDataProvider extends Disposable implements vscode.TreeDataProvider<never> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly view: vscode.TreeView<never>;

  constructor(
    readonly kind: ClusterKind,
    kubeconfig: KubeconfigModel,
  ) {
    super();
    this.view = this._register(
      vscode.window.createTreeView(kind === 'compute' ? 'dataClusters.compute' : 'dataClusters.sessions', {
        treeDataProvider: this,
        showCollapseAll: false,
      }),
    );
    this._register(kubeconfig.onDidChangeKubeconfig((s) => this.update(s)));
    this.update(kubeconfig.state);
  }

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  private update(state: KubeconfigState): void {
    this.view.message = state.kind === 'loaded' ? `Context ${state.currentContext} · namespace ${state.namespace}` : undefined;
    this._onDidChangeTreeData.fire();
  }
}
