import * as vscode from 'vscode';
import { Cluster, ComputeCluster, ResourceGroup, SessionCluster } from '../clusters/clusterModel';
import { quotaUsage } from '../../shared/text/quantity';
import {
  clusterStateText,
  coresText,
  interruptedText,
  nodeTypeText,
  operationText,
  quotaEntryText,
  quotaSummaryText,
  resourcesText,
  singleNodeText,
  volumeText,
} from '../../shared/text/clusterText';
import { clusterKey } from '../clusters/clusterRef';
import { availableActions, PermissionView } from '../clusters/permissions';
import { COMPUTE_STATES, RESTART_REQUIRED, SESSION_STATES } from '../../shared/clusters/stateTable';

export const DECORATION_SCHEME = 'dataclusters';

export const clusterUri = (kind: 'compute' | 'session', namespace: string, name: string): vscode.Uri =>
  vscode.Uri.from({ scheme: DECORATION_SCHEME, path: `/${clusterKey(kind, namespace, name)}` });

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

/** A Markdown table row whose value is escaped text (cluster strings never become markup). */
function row(md: vscode.MarkdownString, label: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  md.appendMarkdown(`**${label}:** `);
  md.appendText(value);
  md.appendMarkdown('  \n');
}

/** Text from the cluster shown verbatim: a fenced block whose fence no run of backticks in it can close. */
function codeBlock(md: vscode.MarkdownString, text: string): void {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  md.appendMarkdown(`\n${fence}text\n${text}\n${fence}\n\n`);
}

/** Text as Markdown that renders it literally, for a translated Markdown message that embeds it. */
function escapeMarkdown(text: string): string {
  return new vscode.MarkdownString().appendText(text).value;
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

/** Rows every cluster's tooltip ends with: the action in flight or interrupted, and what the user may not do. */
function actionRows(md: vscode.MarkdownString, c: Cluster, denied: readonly { action: string; reason: string }[]): void {
  if (c.operation) row(md, vscode.l10n.t('In progress'), operationText(c.operation));
  if (c.interrupted)
    row(md, vscode.l10n.t('Interrupted'), vscode.l10n.t('{0}; the next action takes over', interruptedText(c.interrupted)));
  const reasons = [...new Set(denied.map((d) => d.reason))];
  if (reasons.length) row(md, vscode.l10n.t('Not offered'), reasons.join(' '));
}

/**
 * A cluster's row before its tooltip: id, icon, context value and decoration URI from its kind and
 * state; the description is the state, then `details` (empty ones left out), then Restart required.
 */
function clusterItem(
  kind: 'compute' | 'session',
  c: Cluster,
  style: { icon: string; label: string },
  state: string,
  actions: readonly string[],
  details: readonly (string | undefined)[],
): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = `${kind}/${c.namespace}/${c.name}`;
  item.iconPath = icon(style);
  item.description = [clusterStateText(c), ...details, ...(c.restartRequired ? [RESTART_REQUIRED.label] : [])].filter(Boolean).join(' · ');
  item.contextValue = contextValue(kind, state, actions, c.restartRequired);
  item.resourceUri = clusterUri(kind, c.namespace, c.name);
  return item;
}

/** Gives the row its tooltip and opens the cluster's details on click. */
function withDetails(item: vscode.TreeItem, md: vscode.MarkdownString, kind: 'compute' | 'session', c: Cluster): vscode.TreeItem {
  item.tooltip = md;
  item.command = {
    command: 'dataClusters.openDetails',
    title: vscode.l10n.t('Open Details'),
    arguments: [{ kind, namespace: c.namespace, name: c.name }],
  };
  return item;
}

export function computeItem(c: ComputeCluster, permissions?: PermissionView): vscode.TreeItem {
  const style = COMPUTE_STATES[c.state];
  const { actions, denied } = availableActions(c, permissions);
  const item = clusterItem('compute', c, style, c.state, actions, [c.executors]);
  const md = tooltipHeader(style, c.name);
  if (c.reason) {
    row(md, c.state === 'FAILED' || c.state === 'UNKNOWN' ? vscode.l10n.t('Reason') : vscode.l10n.t('Status'), c.reason);
    if (c.reasonRaw) codeBlock(md, c.reasonRaw);
  }
  if (c.restartRequired)
    row(
      md,
      RESTART_REQUIRED.label,
      vscode.l10n.t(
        'the configuration (generation {0}) is newer than the running workload (generation {1}); restart to apply it',
        c.generation,
        c.workloadGeneration ?? '?',
      ),
    );
  row(md, vscode.l10n.t('ID'), c.id);
  row(md, vscode.l10n.t('Namespace'), c.namespace);
  const nodeType = (t: ComputeCluster['driverNodeType']) => nodeTypeText(t) || '—';
  row(md, vscode.l10n.t('Driver'), nodeType(c.driverNodeType));
  if (!c.singleNode) {
    row(
      md,
      vscode.l10n.t('Executors'),
      c.executors ? vscode.l10n.t('{0} — {1}', nodeType(c.executorNodeType), c.executors) : nodeType(c.executorNodeType),
    );
    row(md, vscode.l10n.t('Max executors'), String(c.executorCount));
  } else row(md, vscode.l10n.t('Deployment'), singleNodeText());
  row(md, vscode.l10n.t('Volume'), volumeText(c.volume));
  row(md, vscode.l10n.t('Auto-scaling idle timeout'), c.autoScaling);
  row(md, vscode.l10n.t('Billing'), c.billed ? vscode.l10n.t('Billed (running)') : vscode.l10n.t('Not billed'));
  row(md, vscode.l10n.t('Created by'), c.createdBy);
  row(md, vscode.l10n.t('Description'), c.description);
  actionRows(md, c, denied);
  if (c.problems.length) row(md, vscode.l10n.t('Configuration problems'), c.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return withDetails(item, md, 'compute', c);
}

export function sessionItem(c: SessionCluster, permissions?: PermissionView): vscode.TreeItem {
  const style = SESSION_STATES[c.status];
  const { actions, denied } = availableActions(c, permissions);
  const item = clusterItem('session', c, style, c.status, actions, [resourcesText(coresText(c.cpu), c.memory)]);
  const md = tooltipHeader(style, c.name);
  if (c.reason) row(md, c.status === 'Failed' || c.status === 'Unknown' ? vscode.l10n.t('Reason') : vscode.l10n.t('Status'), c.reason);
  row(md, vscode.l10n.t('ID'), c.id);
  row(md, vscode.l10n.t('Namespace'), c.namespace);
  row(md, vscode.l10n.t('Owner'), c.owner);
  row(md, vscode.l10n.t('Resources'), resourcesText(coresText(c.cpu), c.memory));
  row(
    md,
    vscode.l10n.t('Session jobs'),
    c.sessionJobs === undefined ? vscode.l10n.t('unknown (they cannot be listed)') : String(c.sessionJobs),
  );
  row(md, vscode.l10n.t('Last update'), c.lastUpdate);
  row(md, vscode.l10n.t('Description'), c.description);
  actionRows(md, c, denied);
  return withDetails(item, md, 'session', c);
}

/** "Resource group: 7 CPU / 16 CPU · 28 GiB / 64 GiB" from the namespace's ResourceQuotas, written as the panel writes them. */
export function resourceGroupItem(g: ResourceGroup): vscode.TreeItem | undefined {
  const summary = quotaSummaryText(quotaUsage(g.quotas));
  if (!summary) return undefined;
  const item = new vscode.TreeItem(vscode.l10n.t('Resource group: {0}', summary), vscode.TreeItemCollapsibleState.None);
  item.id = `resource-group/${g.namespace}`;
  item.iconPath = new vscode.ThemeIcon('dashboard');
  item.contextValue = 'dataClusters.resourceGroup';
  const md = new vscode.MarkdownString();
  md.appendMarkdown(vscode.l10n.t('**Resource group** of namespace {0}', escapeMarkdown(g.namespace)));
  md.appendMarkdown('\n\n');
  for (const q of g.quotas) {
    md.appendMarkdown('ResourceQuota ');
    md.appendText(q.name);
    md.appendMarkdown(':  \n');
    for (const [k, v] of Object.entries(q.hard)) {
      md.appendText(quotaEntryText(k, q.used[k], v));
      md.appendMarkdown('  \n');
    }
  }
  item.tooltip = md;
  return item;
}
