/** The Catalog rows as VS Code tree items (catalogRows.ts decides what they show). */
import * as vscode from 'vscode';
import { catalogRow } from './catalogRows';
import type { CatalogNode } from './catalogTree';

export function catalogTreeItem(node: CatalogNode): vscode.TreeItem {
  const r = catalogRow(node);
  const item = new vscode.TreeItem(
    r.label,
    r.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = r.id;
  if (r.description !== undefined) item.description = r.description;
  item.iconPath = new vscode.ThemeIcon(r.icon.id, r.icon.color ? new vscode.ThemeColor(r.icon.color) : undefined);
  item.contextValue = r.contextValue;
  if (r.tooltip) {
    const md = new vscode.MarkdownString(r.tooltip, true);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
  }
  if (r.command) item.command = { command: r.command.command, title: r.command.title, arguments: [...r.command.arguments] };
  return item;
}
