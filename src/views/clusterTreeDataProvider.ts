import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { ClusterModel } from '../clusters/clusterModel';
import { ClusterKind } from '../clusters/definition';
import { PermissionView } from '../clusters/permissions';
import { computeItem, resourceGroupItem, sessionItem } from './clusterTreeItems';

export type ClusterNode =
  | { readonly type: 'namespace'; readonly namespace: string }
  | { readonly type: 'cluster'; readonly kind: ClusterKind; readonly namespace: string; readonly name: string }
  | { readonly type: 'resourceGroup'; readonly namespace: string };

export const VIEW_IDS: Record<ClusterKind, string> = { compute: 'dataClusters.compute', session: 'dataClusters.sessions' };

/**
 * One view's tree (Compute or Session Clusters), read from the model and redrawn on its change
 * events, never by polling. Grouped by namespace when more than one is watched; the Session
 * Clusters view shows each namespace's resource group.
 */
export class ClusterTreeDataProvider extends Disposable implements vscode.TreeDataProvider<ClusterNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ClusterNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly view: vscode.TreeView<ClusterNode>;
  private model?: ClusterModel;
  private permissions?: PermissionView;
  private namespaces: readonly string[] = [];
  private modelSubs: vscode.Disposable[] = [];
  private pending?: NodeJS.Timeout;

  constructor(readonly kind: ClusterKind) {
    super();
    this.view = this._register(vscode.window.createTreeView(VIEW_IDS[kind], { treeDataProvider: this, showCollapseAll: true }));
    this._register({ dispose: () => this.modelSubs.forEach((d) => d.dispose()) });
  }

  /**
   * Points the tree at a (new) model, the permissions that gate its menus, and the namespaces it
   * watches; undefined empties it.
   */
  setModel(
    model: ClusterModel | undefined,
    namespaces: readonly string[],
    permissions?: PermissionView & { onDidChange?: (listener: () => void) => { dispose(): void } },
  ): void {
    this.modelSubs.forEach((d) => d.dispose());
    this.modelSubs = [];
    this.model = model;
    this.permissions = permissions;
    this.namespaces = namespaces;
    if (model) {
      this.modelSubs.push(
        model.onDidChangeCluster((changes) => changes.some((c) => c.kind === this.kind) && this.scheduleRefresh()),
        model.onDidChangeResourceGroup(() => this.kind === 'session' && this.scheduleRefresh()),
      );
      if (permissions?.onDidChange) this.modelSubs.push(permissions.onDidChange(() => this.scheduleRefresh()));
    }
    this.refresh();
  }

  /** Coalesces bursts of changes into one redraw, well within the 250 ms the tree promises. */
  private scheduleRefresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, 30);
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  clusterNames(): string[] {
    if (!this.model) return [];
    return (this.kind === 'compute' ? this.model.computeClusters() : this.model.sessionClusters()).map((c) => `${c.namespace}/${c.name}`);
  }

  /** The item the view shows for one cluster, if it shows it. */
  itemOf(namespace: string, name: string): vscode.TreeItem | undefined {
    if (!this.model?.get(this.kind, namespace, name)) return undefined;
    return this.getTreeItem({ type: 'cluster', kind: this.kind, namespace, name });
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    if (node.type === 'namespace') {
      const item = new vscode.TreeItem(node.namespace, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${this.kind}-ns/${node.namespace}`;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      const count = this.clustersIn(node.namespace).length;
      item.description = `${count} cluster${count === 1 ? '' : 's'}`;
      item.contextValue = 'dataClusters.namespace';
      return item;
    }
    if (node.type === 'resourceGroup')
      return resourceGroupItem(this.model!.resourceGroup(node.namespace)) ?? new vscode.TreeItem('No resource quota');
    const c = this.model?.get(node.kind, node.namespace, node.name);
    if (!c) return new vscode.TreeItem(node.name);
    return c.kind === 'compute' ? computeItem(c, this.permissions) : sessionItem(c, this.permissions);
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    if (node.type === 'namespace' || this.namespaces.length <= 1) return undefined;
    return { type: 'namespace', namespace: node.namespace };
  }

  private clustersIn(namespace?: string) {
    if (!this.model) return [];
    return this.kind === 'compute' ? this.model.computeClusters(namespace) : this.model.sessionClusters(namespace);
  }

  private namespaceChildren(namespace: string): ClusterNode[] {
    const nodes: ClusterNode[] = [];
    if (this.kind === 'session' && resourceGroupItem(this.model!.resourceGroup(namespace)))
      nodes.push({ type: 'resourceGroup', namespace });
    for (const c of this.clustersIn(namespace)) nodes.push({ type: 'cluster', kind: this.kind, namespace: c.namespace, name: c.name });
    return nodes;
  }

  getChildren(node?: ClusterNode): ClusterNode[] {
    if (!this.model) return [];
    if (!node) {
      if (this.clustersIn().length === 0) return [];
      if (this.namespaces.length > 1)
        return this.namespaces.filter((ns) => this.clustersIn(ns).length > 0).map((namespace) => ({ type: 'namespace', namespace }));
      return this.namespaceChildren(this.namespaces[0] ?? '');
    }
    if (node.type === 'namespace') return this.namespaceChildren(node.namespace);
    return [];
  }
}
