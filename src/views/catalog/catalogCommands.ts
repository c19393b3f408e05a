/**
 * The Catalog rows' commands: Refresh Catalog (a row's levels, or every Catalog node from the
 * Command Palette) and Select Top 100 (a new `.sql` editor bound to the row's cluster, through the
 * SQL editor's own command).
 */
import * as vscode from 'vscode';
import { Disposable } from '../../common/disposable';
import type { Logger } from '../../common/logger';
import { registerCommandWithLogging } from '../../commands/index';
import { NEW_SQL_EDITOR_COMMAND, REFRESH_CATALOG_COMMAND, SELECT_TOP_COMMAND, selectTopRequest } from './catalogRows';
import { type CatalogNode, type ClusterCatalogs, isCatalogNode } from './catalogTree';

/** The Catalog nodes of each view: compute clusters' and session clusters'. */
export type CatalogsOf = (kind: 'compute' | 'session') => ClusterCatalogs | undefined;

const catalogNodeOf = (arg: unknown): CatalogNode | undefined =>
  arg && typeof arg === 'object' && typeof (arg as { type?: unknown }).type === 'string' && isCatalogNode(arg as { type: string })
    ? (arg as CatalogNode)
    : undefined;

export class CatalogCommands extends Disposable {
  constructor(
    private readonly catalogs: CatalogsOf,
    logger: Logger,
    showLog: () => void,
    private readonly executeCommand: (command: string, ...args: unknown[]) => Thenable<unknown> = vscode.commands.executeCommand,
  ) {
    super();
    this._register(registerCommandWithLogging(REFRESH_CATALOG_COMMAND, (arg?: unknown) => this.refresh(arg), logger, showLog));
    this._register(registerCommandWithLogging(SELECT_TOP_COMMAND, (arg?: unknown) => this.selectTop(arg), logger, showLog));
  }

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
    if (!request) throw new Error(vscode.l10n.t("Select Top 100 runs on a table or view of a cluster's Catalog."));
    await this.executeCommand(NEW_SQL_EDITOR_COMMAND, request.target, request.text);
  }
}
