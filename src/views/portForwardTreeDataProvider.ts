import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Event } from '../common/event';
import { PortForwardInfo } from '../kube/portForward';

/** What the view reads: the forwards of the current connection and when they change. */
export interface PortForwardSource {
  list(): readonly PortForwardInfo[];
  readonly onDidChange: Event<readonly PortForwardInfo[]>;
}

/** One line per forwarded port: `127.0.0.1:54321 → 4040`. */
export function portsText(f: PortForwardInfo): string {
  return f.ports.map((p) => `127.0.0.1:${p.local} → ${p.remote}`).join(', ');
}

/** The tree item of a forward: what it is for, where it listens and goes, and whether its pod answers. */
export function portForwardItem(f: PortForwardInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(f.label, vscode.TreeItemCollapsibleState.None);
  item.id = f.id;
  const state = f.state === 'active' ? vscode.l10n.t('active') : vscode.l10n.t('reconnecting');
  item.description = `${portsText(f)} · ${state}`;
  item.iconPath =
    f.state === 'active' ? new vscode.ThemeIcon('plug') : new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.appendText(f.label);
  md.appendMarkdown('\n\n');
  md.appendText(
    (f.pod !== undefined
      ? vscode.l10n.t('Pod: {0} (namespace {1})', f.pod, f.namespace)
      : vscode.l10n.t('Pod: none found yet (namespace {0})', f.namespace)) + '\n',
  );
  md.appendMarkdown('\n\n');
  md.appendText(vscode.l10n.t('Ports: {0}', portsText(f)) + '\n');
  md.appendMarkdown('\n\n');
  md.appendText(
    f.connections === 1
      ? vscode.l10n.t('State: {0}, 1 open connection', state)
      : vscode.l10n.t('State: {0}, {1} open connections', state, f.connections),
  );
  if (f.lastError) {
    md.appendMarkdown('\n\n');
    md.appendText(vscode.l10n.t('Last error: {0}', f.lastError));
  }
  item.tooltip = md;
  item.contextValue = 'dataClusters.portForward';
  return item;
}

/** The "Port Forwards" view: every forward the extension runs, with Stop on each and Stop All above. */
export class PortForwardTreeDataProvider extends Disposable implements vscode.TreeDataProvider<PortForwardInfo> {
  private readonly changed = this._register(new vscode.EventEmitter<PortForwardInfo | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<PortForwardInfo>;

  constructor(
    private readonly source: PortForwardSource,
    viewId = 'dataClusters.portForwards',
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: false }));
    this._register(source.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(f: PortForwardInfo): vscode.TreeItem {
    return portForwardItem(f);
  }

  getChildren(parent?: PortForwardInfo): PortForwardInfo[] {
    return parent ? [] : [...this.source.list()];
  }

  /** For tests: each forward with its row as shown, `label | description`. */
  rows(): (PortForwardInfo & { readonly row: string })[] {
    return this.source.list().map((f) => ({ ...f, row: `${f.label} | ${portForwardItem(f).description as string}` }));
  }
}
