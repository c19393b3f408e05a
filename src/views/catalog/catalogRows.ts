/**
 * What the Catalog rows show, without VS Code (so it is unit-tested): an icon per level, the type
 * beside each column, tooltips that name the kind and the type in escaped Markdown, contextValue
 * flags for the menus, and the statement "Select Top 100" opens. catalogTreeItems.ts turns a row
 * into a TreeItem.
 */
import * as l10n from '@vscode/l10n';
import { errorMessage } from '../../common/logger';
import { SqlError, type SqlCatalogNode, type SqlTarget } from '../../sql/sqlEngine';
import { escapeMarkdownText } from '../taskRows';
import { ancestorNames, type CatalogEntryNode, type CatalogMessage, type CatalogNode, catalogNodeKey, childPath } from './catalogTree';

/** Reads a Catalog node's levels again; the node (a Catalog row, an entry or a message row) is the argument. */
export const REFRESH_CATALOG_COMMAND = 'dataClusters.catalog.refresh';
/** Opens a new `.sql` editor with `SELECT * … LIMIT 100` over a table or view row (the argument). */
export const SELECT_TOP_COMMAND = 'dataClusters.catalog.selectTop100';
/** The SQL editor's command: a new untitled `.sql` editor bound to a target (SqlTarget, text). */
export const NEW_SQL_EDITOR_COMMAND = 'dataClusters.sql.newEditor';

export interface CatalogRow {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly icon: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  /** Markdown in which every string from the engine is escaped text. */
  readonly tooltip: string;
  readonly collapsible: boolean;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments: readonly unknown[] };
}

/** The codicon of each level. */
export const CATALOG_ICONS: Readonly<Record<'root' | SqlCatalogNode['kind'], string>> = {
  root: 'library',
  catalog: 'database',
  database: 'symbol-namespace',
  table: 'table',
  view: 'eye',
  column: 'symbol-field',
};

/** What each level is called in a tooltip. */
function kindText(kind: SqlCatalogNode['kind']): string {
  switch (kind) {
    case 'catalog':
      return l10n.t('Catalog');
    case 'database':
      return l10n.t('Database');
    case 'table':
      return l10n.t('Table');
    case 'view':
      return l10n.t('View');
    case 'column':
      return l10n.t('Column');
  }
}

/** What an empty level says, by what it lists. */
function emptyText(of: Extract<CatalogMessage, { kind: 'empty' }>['of']): string {
  switch (of) {
    case 'root':
      return l10n.t('No catalogs');
    case 'catalog':
      return l10n.t('No databases');
    case 'database':
      return l10n.t('No tables or views');
    case 'table':
    case 'view':
      return l10n.t('No columns');
    case 'column':
      return l10n.t('Nothing here');
  }
}

/** Why a level could not be read, in one line, with the engine's own words. */
export function catalogErrorText(error: unknown): string {
  const words = errorMessage(error).split(/\r?\n/)[0]?.trim() || l10n.t('no reason given');
  if (error instanceof SqlError) {
    if (error.details.reason === 'denied') return l10n.t('Not allowed to read the catalog: {0}', words);
    if (error.details.reason === 'unreachable') return l10n.t('Cannot reach the cluster: {0}', words);
  }
  return l10n.t('Cannot read the catalog: {0}', words);
}

/** An identifier as both engines read it quoted: in backticks, a backtick inside doubled. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** The qualified name of a table or view: its path (what the engine was asked for its columns), else the names from the Catalog row down. */
export function qualifiedPath(node: CatalogEntryNode): readonly string[] {
  return node.entry.path?.length ? node.entry.path : ancestorNames(node);
}

/** `SELECT * FROM \`cat\`.\`db\`.\`t\` LIMIT 100`, and the cluster to run it on: what Select Top 100 opens. */
export function selectTopRequest(node: CatalogNode): { target: SqlTarget; text: string } | undefined {
  if (node.type !== 'catalogEntry' || (node.entry.kind !== 'table' && node.entry.kind !== 'view')) return undefined;
  const target: SqlTarget = { kind: node.target.kind, namespace: node.target.namespace, name: node.target.name };
  // l10n-ignore: SQL the engine reads, not words a person reads
  return { target, text: `SELECT * FROM ${qualifiedPath(node).map(quoteIdentifier).join('.')} LIMIT 100` };
}

/**
 * contextValue flags, as the cluster and task rows write theirs: menus match e.g.
 * `viewItem =~ /^dataClusters\.catalogEntry\b.*\bcan-selectTop\b/`.
 */
function contextValue(type: string, flags: readonly string[]): string {
  return [`dataClusters.${type}`, ...flags].join(' ');
}

export function catalogRow(node: CatalogNode): CatalogRow {
  const id = catalogNodeKey(node);
  if (node.type === 'catalog') {
    const engine = node.target.kind === 'compute' ? l10n.t('Spark SQL') : l10n.t('Flink SQL');
    return {
      id,
      label: l10n.t('Catalog'),
      icon: { id: CATALOG_ICONS.root },
      contextValue: contextValue('catalog', ['can-refresh']),
      tooltip: `$(${CATALOG_ICONS.root}) **${escapeMarkdownText(l10n.t('Catalog'))}** — ${escapeMarkdownText(
        l10n.t('the catalogs, databases, tables and columns {0} sees on {1}', engine, node.cluster),
      )}`,
      collapsible: true,
    };
  }
  if (node.type === 'catalogEntry') return entryRow(node, id);
  return messageRow(node.message, node, id);
}

function entryRow(node: CatalogEntryNode, id: string): CatalogRow {
  const { kind, name, detail } = node.entry;
  const flags = [`kind-${kind}`, ...(childPath(node) ? ['can-refresh'] : []), ...(selectTopRequest(node) ? ['can-selectTop'] : [])];
  const out = [`$(${CATALOG_ICONS[kind]}) **${escapeMarkdownText(name)}** — ${escapeMarkdownText(kindText(kind))}\n\n`];
  const row = (label: string, value: string | undefined) => {
    if (value) out.push(`**${escapeMarkdownText(label)}:** ${escapeMarkdownText(value)}  \n`);
  };
  if (kind === 'column') row(l10n.t('Type'), detail);
  else row(l10n.t('Kind'), detail);
  row(l10n.t('Name'), kind === 'column' ? undefined : qualifiedPath(node).map(quoteIdentifier).join('.'));
  if (kind === 'column')
    row(kindText(node.parent.type === 'catalogEntry' ? node.parent.entry.kind : 'table'), ancestorNames(node).slice(0, -1).join('.'));
  return {
    id,
    label: name,
    ...(detail ? { description: detail } : {}),
    icon: { id: CATALOG_ICONS[kind] },
    contextValue: contextValue('catalogEntry', flags),
    tooltip: out.join(''),
    collapsible: childPath(node) !== undefined,
  };
}

function messageRow(message: CatalogMessage, node: CatalogNode, id: string): CatalogRow {
  const retry = { command: REFRESH_CATALOG_COMMAND, title: l10n.t('Refresh Catalog'), arguments: [node] };
  switch (message.kind) {
    case 'loading':
      return {
        id,
        label: l10n.t('Loading…'),
        icon: { id: 'loading~spin' },
        contextValue: contextValue('catalogMessage', ['kind-loading']),
        tooltip: '',
        collapsible: false,
      };
    case 'empty': {
      const label = emptyText(message.of);
      return {
        id,
        label,
        icon: { id: 'info' },
        contextValue: contextValue('catalogMessage', ['kind-empty']),
        tooltip: escapeMarkdownText(label),
        collapsible: false,
      };
    }
    case 'noEngine': {
      const label =
        message.engine === 'spark'
          ? l10n.t('Spark SQL is not available in this window')
          : l10n.t('Flink SQL is not available in this window');
      return {
        id,
        label,
        icon: { id: 'warning' },
        contextValue: contextValue('catalogMessage', ['kind-noEngine']),
        tooltip: escapeMarkdownText(label),
        collapsible: false,
      };
    }
    case 'error': {
      const label = catalogErrorText(message.error);
      const full = errorMessage(message.error);
      return {
        id,
        label,
        icon: { id: 'error', color: 'errorForeground' },
        contextValue: contextValue('catalogMessage', ['kind-error', 'can-refresh']),
        tooltip: `${escapeMarkdownText(label)}\n\n${/\r?\n/.test(full) ? `${escapeMarkdownText(full)}\n\n` : ''}${escapeMarkdownText(
          l10n.t('Click to read it again.'),
        )}`,
        collapsible: false,
        command: retry,
      };
    }
  }
}
