import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { ClusterChange, ClusterModel } from '../clusters/clusterModel';
import { ClusterKind } from '../clusters/definition';
import { PermissionView } from '../clusters/permissions';
import { sessionRoomIn, sessionRoomText } from '../clusters/session/sessionQuota';
import type { FlinkTask, TaskService } from '../clusters/session/tasks/taskTypes';
import { computeItem, resourceGroupItem, sessionItem } from './clusterTreeItems';
import { ClusterTasks } from './clusterTasks';
import { noTasksItem, TaskTreeItem } from './taskTreeItems';
import { stateRefusal } from './taskRows';
import { type CatalogDeps, type CatalogNode, catalogNodeKey, ClusterCatalogs, isCatalogNode } from './catalog/catalogTree';
import { catalogTreeItem } from './catalog/catalogTreeItems';

export type ClusterNode =
  | { readonly type: 'namespace'; readonly namespace: string }
  | { readonly type: 'cluster'; readonly kind: ClusterKind; readonly namespace: string; readonly name: string }
  | { readonly type: 'resourceGroup'; readonly namespace: string }
  /** A task of a session cluster; `task` is replaced as the task changes (the node object stays). */
  | { readonly type: 'task'; readonly namespace: string; readonly cluster: string; readonly key: string; task: FlinkTask }
  /** Under a cluster without tasks, or while they load. */
  | { readonly type: 'noTasks'; readonly namespace: string; readonly cluster: string; loading: boolean }
  /** The Catalog node of a cluster that runs SQL, and its levels (catalog/catalogTree.ts keeps them). */
  | CatalogNode;

export const VIEW_IDS: Record<ClusterKind, string> = { compute: 'dataClusters.compute', session: 'dataClusters.sessions' };

/** Key of a node in the node table: VS Code finds a row to refresh by the identity of the node it was given. */
const nodeKey = (n: ClusterNode): string => {
  switch (n.type) {
    case 'cluster':
      return `c/${n.namespace}/${n.name}`;
    case 'namespace':
      return `ns/${n.namespace}`;
    case 'resourceGroup':
      return `rg/${n.namespace}`;
    case 'task':
      return `t/${n.key}`;
    case 'noTasks':
      return `nt/${n.namespace}/${n.cluster}`;
    case 'catalog':
    case 'catalogEntry':
    case 'catalogMessage':
      return catalogNodeKey(n);
  }
};

/**
 * One view's tree (Compute or Session Clusters), read from the model and redrawn on its change
 * events, never by polling. Grouped by namespace when more than one is watched; the Session
 * Clusters view shows each namespace's resource group.
 *
 * A change redraws only the rows it concerns: a changed cluster its own row; a cluster added or
 * removed its parent (the namespace row, whose count changes with it, or the root); a namespace
 * whose first cluster arrives or last one leaves, the root. VS Code refreshes a row only when given
 * the very node object it got from getChildren, so nodes live in a table and are handed out again.
 */
export class ClusterTreeDataProvider extends Disposable implements vscode.TreeDataProvider<ClusterNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ClusterNode | ClusterNode[] | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly view: vscode.TreeView<ClusterNode>;
  private model?: ClusterModel;
  private permissions?: PermissionView;
  private namespaces: readonly string[] = [];
  private modelSubs: vscode.Disposable[] = [];
  /** Every node VS Code has been given, by nodeKey. */
  private readonly nodes = new Map<string, ClusterNode>();
  /** What each parent (namespace, or '' for the root) last returned from getChildren, by nodeKey. */
  private readonly shown = new Map<string, Set<string>>();
  /** Rows to redraw at the next flush; undefined in it means the whole tree. */
  private dirty = new Set<ClusterNode | undefined>();
  private flushScheduled = false;
  /** performance.timeOrigin-based time at which getChildren first returned cluster rows, not only namespace groups (for the activation benchmark). */
  firstPopulatedAt?: number;
  /** The tasks of the session clusters, watched while their row is expanded. */
  private readonly tasks: ClusterTasks;
  /** The Catalog nodes of the clusters that run SQL (none without `catalog`), read while expanded. */
  readonly catalogs: ClusterCatalogs;

  constructor(
    readonly kind: ClusterKind,
    catalog?: CatalogDeps,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(VIEW_IDS[kind], { treeDataProvider: this, showCollapseAll: true }));
    this._register({ dispose: () => this.modelSubs.forEach((d) => d.dispose()) });
    this.tasks = this._register(new ClusterTasks((ref) => this.tasksChanged(ref.namespace, ref.cluster)));
    this.catalogs = this._register(new ClusterCatalogs(catalog, (node) => this.markDirty(node)));
    if (kind === 'session') {
      this._register(this.view.onDidExpandElement(({ element }) => element.type === 'cluster' && this.tasks.expanded(element)));
      this._register(this.view.onDidCollapseElement(({ element }) => element.type === 'cluster' && this.tasks.collapsed(element)));
    }
  }

  /**
   * The task service of the connection (undefined without one): session clusters get their tasks
   * as children, watched while expanded.
   */
  setTaskService(service: TaskService | undefined): void {
    if (this.kind !== 'session') return;
    this.tasks.setService(service);
    this.refresh();
  }

  /** A cluster's tasks changed: its row (state, collapsible) and its children, if it shows. */
  private tasksChanged(namespace: string, name: string): void {
    const node = this.nodes.get(`c/${namespace}/${name}`);
    if (node && [...this.shown.values()].some((s) => s.has(`c/${namespace}/${name}`))) this.markDirty(node);
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
    this.catalogs.forgetAll();
    if (model) {
      this.modelSubs.push(
        model.onDidChangeCluster((changes) => this.clustersChanged(changes.filter((c) => c.kind === this.kind))),
        model.onDidChangeResourceGroup((ns) => this.kind === 'session' && this.resourceGroupChanged(ns)),
      );
      // Permissions gate every row's menus: redraw them all.
      if (permissions?.onDidChange) this.modelSubs.push(permissions.onDidChange(() => this.markDirty(undefined)));
    }
    this.refresh();
    this.showRoom();
  }

  /**
   * Session Clusters: how many the namespace (the tenant) has of what its ResourceQuota allows,
   * beside the create button ("1 of 1 session clusters"); nothing where no quota sets a limit.
   * With several namespaces each namespace row says it instead.
   */
  private showRoom(): void {
    if (this.kind !== 'session') return;
    const only = this.namespaces.length === 1 ? this.namespaces[0] : undefined;
    const description = this.model && only !== undefined ? sessionRoomText(sessionRoomIn(this.model, only)) : undefined;
    if ((this.view.description ?? '') !== (description ?? '')) this.view.description = description;
  }

  /** What the view says beside its title (tests read it). */
  get description(): string | undefined {
    return this.view.description;
  }

  private get grouped(): boolean {
    return this.namespaces.length > 1;
  }

  private clustersChanged(changes: readonly ClusterChange[]): void {
    if (changes.length) this.showRoom();
    for (const c of changes) {
      const key = nodeKey({ type: 'cluster', kind: this.kind, namespace: c.namespace, name: c.name });
      const parentKey = this.grouped ? `ns/${c.namespace}` : '';
      const wasShown = this.shown.get(parentKey)?.has(key) ?? false;
      if (!c.cluster) this.tasks.collapsed({ namespace: c.namespace, name: c.name });
      if (!c.cluster || !this.catalogs.offers(c.cluster)) this.catalogs.forget({ kind: c.kind, namespace: c.namespace, name: c.name });
      if (wasShown && c.cluster) this.markDirty(this.nodes.get(key));
      else if (wasShown || c.cluster) this.structureChanged(c.namespace);
    }
  }

  private resourceGroupChanged(namespace: string): void {
    this.showRoom();
    // The namespace row says how many session clusters its quota allows.
    if (this.grouped && this.shown.get('')?.has(`ns/${namespace}`)) this.markDirty(this.nodes.get(`ns/${namespace}`));
    const key = `rg/${namespace}`;
    const wasShown = this.shown.get(this.grouped ? `ns/${namespace}` : '')?.has(key) ?? false;
    // A resource group shows only above clusters: quota changes in a namespace without any redraw nothing.
    const shows = !!this.model && this.clustersIn(namespace).length > 0 && !!resourceGroupItem(this.model.resourceGroup(namespace));
    if (wasShown && shows) this.markDirty(this.nodes.get(key));
    else if (wasShown || shows) this.structureChanged(namespace);
  }

  /**
   * A row appears or goes in a namespace: its namespace row (count and children) or, ungrouped or
   * when the namespace row itself comes or goes, the root.
   */
  private structureChanged(namespace: string): void {
    const nsKey = `ns/${namespace}`;
    const nsShown = this.shown.get('')?.has(nsKey) ?? false;
    const nsShows = this.clustersIn(namespace).length > 0;
    // The root also decides the welcome message: a view going from empty to not (or back) redraws it whole.
    const rootEmptyChanged = (this.shown.get('')?.size ?? 0) === 0 || this.clustersIn().length === 0;
    if (this.grouped && nsShown && nsShows && !rootEmptyChanged) this.markDirty(this.nodes.get(nsKey));
    else this.markDirty(undefined);
  }

  private markDirty(node: ClusterNode | undefined): void {
    this.dirty.add(node);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One flush per turn of the event loop: the changes one watch chunk brings go out together, at
    // once. VS Code's own tree debounce (leading edge, then 200 ms) takes care of longer bursts.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty.has(undefined)) return this.refresh();
    const nodes = [...dirty].filter((n): n is ClusterNode => !!n);
    if (nodes.length) this._onDidChangeTreeData.fire(nodes);
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  /**
   * Sets the message above the tree only when it differs: VS Code treats every assignment as a tree
   * change, and one landing just before a row refresh puts that refresh behind its 200 ms debounce.
   */
  setMessage(message: string | undefined): void {
    if ((this.view.message ?? '') !== (message ?? '')) this.view.message = message;
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
      const room = this.kind === 'session' && this.model ? sessionRoomText(sessionRoomIn(this.model, node.namespace)) : undefined;
      item.description = room ?? (count === 1 ? vscode.l10n.t('1 cluster') : vscode.l10n.t('{0} clusters', count));
      item.contextValue = 'dataClusters.namespace';
      return item;
    }
    if (node.type === 'task') {
      const service = this.tasks.service();
      return new TaskTreeItem(node.task, service ? (t, a) => service.refusal(t, a) : stateRefusal);
    }
    if (node.type === 'noTasks') return noTasksItem(node, node.loading);
    if (isCatalogNode(node)) return catalogTreeItem(node);
    if (node.type === 'resourceGroup')
      return resourceGroupItem(this.model!.resourceGroup(node.namespace)) ?? new vscode.TreeItem(vscode.l10n.t('No resource quota'));
    const c = this.model?.get(node.kind, node.namespace, node.name);
    if (!c) return new vscode.TreeItem(node.name);
    const item = c.kind === 'compute' ? computeItem(c, this.permissions) : sessionItem(c, this.permissions);
    if (this.catalogs.offers(c) || (c.kind === 'session' && this.tasks.mayHaveTasks(c)))
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    return item;
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    if (node.type === 'catalogEntry' || node.type === 'catalogMessage') return this.catalogs.parentOf(node);
    if (node.type === 'catalog') return this.node(this.clusterNodeOf(node));
    if (node.type === 'task' || node.type === 'noTasks')
      return (
        this.nodes.get(`c/${node.namespace}/${node.cluster}`) ??
        this.node({ type: 'cluster', kind: 'session', namespace: node.namespace, name: node.cluster })
      );
    if (node.type === 'namespace' || !this.grouped) return undefined;
    return this.node({ type: 'namespace', namespace: node.namespace });
  }

  private clustersIn(namespace?: string) {
    if (!this.model) return [];
    return this.kind === 'compute' ? this.model.computeClusters(namespace) : this.model.sessionClusters(namespace);
  }

  /** The node object of a key, the same one every time, so VS Code can find its row again. */
  private node(n: ClusterNode): ClusterNode {
    const key = nodeKey(n);
    let known = this.nodes.get(key);
    if (!known) this.nodes.set(key, (known = n));
    return known;
  }

  private namespaceChildren(namespace: string): ClusterNode[] {
    const nodes: ClusterNode[] = [];
    if (this.kind === 'session' && resourceGroupItem(this.model!.resourceGroup(namespace)))
      nodes.push(this.node({ type: 'resourceGroup', namespace }));
    for (const c of this.clustersIn(namespace))
      nodes.push(this.node({ type: 'cluster', kind: this.kind, namespace: c.namespace, name: c.name }));
    return nodes;
  }

  getChildren(node?: ClusterNode): ClusterNode[] {
    const children = this.childrenOf(node);
    if (!node) {
      // The root is fetched again: rows of namespaces no longer shown are gone with it.
      this.shown.clear();
      this.forgetUnshown(children);
    }
    this.shown.set(node ? nodeKey(node) : '', new Set(children.map(nodeKey)));
    if (this.firstPopulatedAt === undefined && children.some((c) => c.type === 'cluster'))
      this.firstPopulatedAt = performance.timeOrigin + performance.now();
    return children;
  }

  /** Drops nodes of clusters the model no longer has, so the table does not grow with every cluster ever seen. */
  private forgetUnshown(roots: readonly ClusterNode[]): void {
    for (const [key, n] of this.nodes) {
      if (roots.includes(n)) continue;
      if (n.type === 'cluster' && this.model?.get(n.kind, n.namespace, n.name)) continue;
      if ((n.type === 'task' || n.type === 'noTasks') && this.model?.get('session', n.namespace, n.cluster)) continue;
      if (n.type !== 'cluster' && n.type !== 'task' && n.type !== 'noTasks' && this.clustersIn(n.namespace).length > 0) continue;
      this.nodes.delete(key);
    }
  }

  private childrenOf(node?: ClusterNode): ClusterNode[] {
    if (!this.model) return [];
    if (!node) {
      if (this.clustersIn().length === 0) return [];
      if (this.grouped)
        return this.namespaces
          .filter((ns) => this.clustersIn(ns).length > 0)
          .map((namespace) => this.node({ type: 'namespace', namespace }));
      return this.namespaceChildren(this.namespaces[0] ?? '');
    }
    if (node.type === 'namespace') return this.namespaceChildren(node.namespace);
    if (isCatalogNode(node)) return this.catalogs.children(node);
    if (node.type !== 'cluster') return [];
    const c = this.model.get(node.kind, node.namespace, node.name);
    const catalog = c && this.catalogs.offers(c) ? [this.catalogs.rootOf(c)] : [];
    return node.kind === 'session' ? [...catalog, ...this.taskChildren(node.namespace, node.name)] : catalog;
  }

  private clusterNodeOf(n: CatalogNode): ClusterNode {
    return { type: 'cluster', kind: n.target.kind, namespace: n.namespace, name: n.cluster };
  }

  /** An expanded session cluster's tasks (watched from now until it collapses), or the row that says there are none. */
  private taskChildren(namespace: string, name: string): ClusterNode[] {
    if (!this.tasks.service()) return [];
    const tasks = this.tasks.expanded({ namespace, name });
    if (!tasks?.length) {
      const key = `nt/${namespace}/${name}`;
      const known = this.nodes.get(key);
      const loading = tasks === undefined;
      if (known?.type === 'noTasks') {
        known.loading = loading;
        return [known];
      }
      const n: ClusterNode = { type: 'noTasks', namespace, cluster: name, loading };
      this.nodes.set(key, n);
      return [n];
    }
    return tasks.map((task) => {
      const known = this.nodes.get(`t/${task.key}`);
      if (known?.type === 'task') {
        known.task = task;
        return known;
      }
      const n: ClusterNode = { type: 'task', namespace, cluster: name, key: task.key, task };
      this.nodes.set(`t/${task.key}`, n);
      return n;
    });
  }
}
