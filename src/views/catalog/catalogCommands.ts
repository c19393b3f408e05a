/** Registers the Catalog rows' commands (catalogActions.ts says what they do). */
import * as vscode from 'vscode';
import { Disposable } from '../../common/disposable';
import type { Logger } from '../../common/logger';
import { registerCommandWithLogging } from '../../commands/index';
import { CatalogActions, type CatalogsOf, type ExecuteCommand } from './catalogActions';
import { REFRESH_CATALOG_COMMAND, SELECT_TOP_COMMAND } from './catalogRows';

export class CatalogCommands extends Disposable {
  readonly actions: CatalogActions;

  constructor(catalogs: CatalogsOf, logger: Logger, showLog: () => void, execute: ExecuteCommand = vscode.commands.executeCommand) {
    super();
    this.actions = new CatalogActions(catalogs, execute);
    this._register(registerCommandWithLogging(REFRESH_CATALOG_COMMAND, (arg?: unknown) => this.actions.refresh(arg), logger, showLog));
    this._register(registerCommandWithLogging(SELECT_TOP_COMMAND, (arg?: unknown) => this.actions.selectTop(arg), logger, showLog));
  }
}
