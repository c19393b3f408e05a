import * as vscode from 'vscode';
import { formatNodeType, NodeType } from '../clusters/compute/nodeTypes';
import { Cluster, ComputeCluster, ResourceGroup, SessionCluster } from '../clusters/clusterModel';
import { Operation } from '../clusters/definition';
import { availableActions, PermissionView } from '../clusters/permissions';
import { COMPUTE_STATES, RESTART_REQUIRED, SESSION_STATES } from '../clusters/stateTable';

export const DECORATION_SCHEME = 'dataclusters';

export const clusterUri = (kind: 'compute' | 'session', namespace: string, name: string): vscode.Uri =>
  vscode.Uri.from({ scheme: DECORATION_SCHEME, path: `/${kind}/${namespace}/${name}` });

/** contextValue flags: menus match e.g. `viewItem =~ /\\bcan-terminate\\b/`. */
export function contextValue(kind: 'compute' | 'session', state: string, actions: readonly string[], restartRequired: boolean): string {
  return [
    `dataClusters.${kind}`,
    `state-${state}`,
    ...actions.map((a) => `can-${a}`),
    ...(restartRequired ? ['restart-required'] : []),
  ].join(' ');
}

function icon(style: { icon: string; color?: string }): vscode.ThemeIcon {
  return new vscode.ThemeIcon(style.icon, style.color ? new vscode.ThemeColor(style.color) : undefined);
}

function nodeTypeText(t: NodeType | { name: string } | undefined): string {
  if (!t) return '—';
  return 'cpuMillicores' in t ? formatNodeType(t) : `${t.name} (unknown type)`;
}

/** A Markdown table row whose value is escaped text (cluster strings never become markup). */
function row(md: vscode.MarkdownString, label: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  md.appendMarkdown(`**${label}:** `);
  md.appendText(value);
  md.appendMarkdown('  \n');
}

/** A plain (untrusted, no HTML) Markdown tooltip starting with the state icon, name and state. */
function tooltipHeader(style: { icon: string; label: string }, name: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(`$(${style.icon.replace('~spin', '')}) **`);
  md.appendText(name);
  md.appendMarkdown(`** — ${style.label}\n\n`);
  return md;
}

/** "interrupted: restart by alice at 2026-11-22T08:30:00Z": an action that died, which the next action takes over. */
export const interruptedText = (op: Operation): string => `interrupted: ${op.action} by ${op.user} at ${op.startedAt || 'an unknown time'}`;

/** The state column: the state, then the action in flight or the one that was interrupted. */
function stateText(label: string, c: Cluster, showOperation: boolean): string {
  if (c.operation && showOperation) return `${label} (${c.operation.action}…)`;
  if (c.interrupted) return `${label} (${interruptedText(c.interrupted)})`;
  return label;
}

/** Rows every cluster's tooltip ends with: the action in flight or interrupted, and what the user may not do. */
function actionRows(md: vscode.MarkdownString, c: Cluster, denied: readonly { action: string; reason: string }[]): void {
  if (c.operation) row(md, 'In progress', `${c.operation.action} by ${c.operation.user} since ${c.operation.startedAt}`);
  if (c.interrupted) row(md, 'Interrupted', `${interruptedText(c.interrupted)}; the next action takes over`);
  const reasons = [...new Set(denied.map((d) => d.reason))];
  if (reasons.length) row(md, 'Not offered', reasons.join(' '));
}

export function computeItem(c: ComputeCluster, permissions?: PermissionView): vscode.TreeItem {
  const style = COMPUTE_STATES[c.state];
  const { actions, denied } = availableActions(c, permissions);
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = `compute/${c.namespace}/${c.name}`;
  item.iconPath = icon(style);
  item.description = [stateText(style.label, c, true), c.executors, ...(c.restartRequired ? [RESTART_REQUIRED.label] : [])]
    .filter(Boolean)
    .join(' · ');
  item.contextValue = contextValue('compute', c.state, actions, c.restartRequired);
  item.resourceUri = clusterUri('compute', c.namespace, c.name);
  const md = tooltipHeader(style, c.name);
  if (c.reason) {
    row(md, c.state === 'FAILED' || c.state === 'UNKNOWN' ? 'Reason' : 'Status', c.reason);
  }
  if (c.restartRequired)
    row(
      md,
      RESTART_REQUIRED.label,
      `the configuration (generation ${c.generation}) is newer than the running workload (generation ${c.workloadGeneration}); restart to apply it`,
    );
  row(md, 'ID', c.id);
  row(md, 'Namespace', c.namespace);
  row(md, 'Driver', nodeTypeText(c.driverNodeType));
  if (!c.singleNode)
    row(md, 'Executors', `${nodeTypeText(c.executorNodeType)}, up to ${c.executorCount}${c.executors ? ` — ${c.executors}` : ''}`);
  else row(md, 'Deployment', 'Single node');
  row(md, 'Volume', c.volume);
  row(md, 'Auto-scaling idle timeout', c.autoScaling);
  row(md, 'Billing', c.billed ? 'Billed (running)' : 'Not billed');
  row(md, 'Created by', c.createdBy);
  row(md, 'Description', c.description);
  actionRows(md, c, denied);
  if (c.problems.length) row(md, 'Configuration problems', c.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  item.tooltip = md;
  item.command = {
    command: 'dataClusters.openDetails',
    title: 'Open Details',
    arguments: [{ kind: 'compute', namespace: c.namespace, name: c.name }],
  };
  return item;
}

export function sessionItem(c: SessionCluster, permissions?: PermissionView): vscode.TreeItem {
  const style = SESSION_STATES[c.status];
  const { actions, denied } = availableActions(c, permissions);
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = `session/${c.namespace}/${c.name}`;
  item.iconPath = icon(style);
  item.description = [
    stateText(style.label, c, c.status !== 'Disabling'),
    `${c.cpu} CPU`,
    c.memory,
    ...(c.restartRequired ? [RESTART_REQUIRED.label] : []),
  ].join(' · ');
  item.contextValue = contextValue('session', c.status, actions, c.restartRequired);
  item.resourceUri = clusterUri('session', c.namespace, c.name);
  const md = tooltipHeader(style, c.name);
  if (c.reason) row(md, c.status === 'Failed' || c.status === 'Unknown' ? 'Reason' : 'Status', c.reason);
  row(md, 'ID', c.id);
  row(md, 'Namespace', c.namespace);
  row(md, 'Owner', c.owner);
  row(md, 'Resources', `${c.cpu} CPU, ${c.memory}`);
  row(md, 'Session jobs', c.sessionJobs === undefined ? 'unknown (they cannot be listed)' : String(c.sessionJobs));
  row(md, 'Last update', c.lastUpdate);
  row(md, 'Description', c.description);
  actionRows(md, c, denied);
  item.tooltip = md;
  item.command = {
    command: 'dataClusters.openDetails',
    title: 'Open Details',
    arguments: [{ kind: 'session', namespace: c.namespace, name: c.name }],
  };
  return item;
}

/** "CPU 7/16 · Memory 28Gi/64Gi" from the namespace's ResourceQuotas. */
export function resourceGroupItem(g: ResourceGroup): vscode.TreeItem | undefined {
  const pick = (res: string[]) => {
    for (const q of g.quotas) for (const r of res) if (q.hard[r] !== undefined) return `${q.used[r] ?? '0'}/${q.hard[r]}`;
    return undefined;
  };
  const cpu = pick(['requests.cpu', 'cpu', 'limits.cpu']);
  const mem = pick(['requests.memory', 'memory', 'limits.memory']);
  if (!cpu && !mem) return undefined;
  const item = new vscode.TreeItem(
    `Resource group: ${[cpu && `CPU ${cpu}`, mem && `Memory ${mem}`].filter(Boolean).join(' · ')}`,
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `resource-group/${g.namespace}`;
  item.iconPath = new vscode.ThemeIcon('dashboard');
  item.contextValue = 'dataClusters.resourceGroup';
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**Resource group** of namespace ');
  md.appendText(g.namespace);
  md.appendMarkdown('\n\n');
  for (const q of g.quotas) {
    md.appendMarkdown('ResourceQuota ');
    md.appendText(q.name);
    md.appendMarkdown(':  \n');
    for (const [k, v] of Object.entries(q.hard)) {
      md.appendText(`${k}: ${q.used[k] ?? '0'} used of ${v}`);
      md.appendMarkdown('  \n');
    }
  }
  item.tooltip = md;
  return item;
}
