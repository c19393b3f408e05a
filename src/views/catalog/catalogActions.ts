/**
 * What the Catalog rows' commands do, without VS Code (so it is unit-tested): Refresh Catalog reads
 * a row's levels again (every Catalog node when run from the Command Palette); Select Top 100 asks
 * the SQL editor for a new `.sql` editor bound to the row's cluster, holding the statement.
 */
import * as l10n from '@vscode/l10n';
import { NEW_SQL_EDITOR_COMMAND, selectTopRequest } from './catalogRows';
import { type CatalogNode, type ClusterCatalogs, isCatalogNode } from './catalogTree';

/** The Catalog nodes of each view: compute clusters' and session clusters'. */
export type CatalogsOf = (kind: 'compute' | 'session') => ClusterCatalogs | undefined;

/** Runs a command (VS Code's executeCommand). */
export type ExecuteCommand = (command: string, ...args: unknown[]) => PromiseLike<unknown>;

/** The tree row a menu passed, when it is a Catalog row. */
export function catalogNodeOf(arg: unknown): CatalogNode | undefined {
  if (!arg || typeof arg !== 'object' || typeof (arg as { type?: unknown }).type !== 'string') return undefined;
  const node = arg as { type: string; target?: unknown };
  return isCatalogNode(node) && typeof node.target === 'object' ? node : undefined;
}

export class CatalogActions {
  constructor(
    private readonly catalogs: CatalogsOf,
    private readonly execute: ExecuteCommand,
  ) {}

  /** A row's levels read again; without a row (Command Palette), every Catalog node of both views. */
  refresh(arg?: unknown): void {
    const node = catalogNodeOf(arg);
    if (node) return this.catalogs(node.target.kind)?.refresh(node);
    for (const kind of ['compute', 'session'] as const) this.catalogs(kind)?.refresh();
  }

  /** `SELECT * FROM <table> LIMIT 100` in a new `.sql` editor bound to the table's cluster. */
  async selectTop(arg?: unknown): Promise<void> {
    const node = catalogNodeOf(arg);
    const request = node && selectTopRequest(node);
    if (!request) throw new Error(l10n.t("Select Top 100 runs on a table or view under a cluster's Catalog node."));
    await this.execute(NEW_SQL_EDITOR_COMMAND, request.target, request.text);
  }
}
