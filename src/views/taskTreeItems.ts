/** The Session clusters view's task rows as VS Code tree items (taskRows.ts decides what they show). */
import * as vscode from 'vscode';
import type { FlinkTask, SessionRef } from '../clusters/session/tasks/taskTypes';
import { RUN_TASK_COMMAND, type TaskRefusal, taskRow } from './taskRows';

export class TaskTreeItem extends vscode.TreeItem {
  constructor(
    readonly task: FlinkTask,
    refusal: TaskRefusal,
    now = Date.now(),
  ) {
    super(task.name, vscode.TreeItemCollapsibleState.None);
    const r = taskRow(task, refusal, now);
    this.id = r.id;
    this.description = r.description;
    this.iconPath = new vscode.ThemeIcon(r.icon.id, r.icon.color ? new vscode.ThemeColor(r.icon.color) : undefined);
    this.contextValue = r.contextValue;
    const md = new vscode.MarkdownString(r.tooltip, true);
    md.isTrusted = false;
    md.supportHtml = false;
    this.tooltip = md;
    this.command = { command: r.command.command, title: r.command.title, arguments: [...r.command.arguments] };
  }
}

/** The one row under an expanded cluster without tasks (or while they load): says how to run one. */
export function noTasksItem(ref: SessionRef, loading: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(
    loading ? vscode.l10n.t('Loading tasks…') : vscode.l10n.t('No tasks: Run Task… runs a jar on this cluster'),
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `tasks-empty/${ref.namespace}/${ref.cluster}`;
  item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'play');
  item.contextValue = 'dataClusters.noTasks';
  if (!loading)
    item.command = {
      command: RUN_TASK_COMMAND,
      title: vscode.l10n.t('Run Task…'),
      arguments: [{ kind: 'session', namespace: ref.namespace, name: ref.cluster }],
    };
  return item;
}
