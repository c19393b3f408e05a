/**
 * The SQL results panels on the real workbench: panels beside the editor, their page bundle
 * (dist/webview/sqlResults.js) under the panels' strict CSP, the row limit setting, and the
 * serializer that restores them after a window reload. extension.ts makes one and hands it to the
 * SQL editor as its `SqlResultsPort`.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import { pageHtmlFor, prepareRestoredPanel, webviewOptions } from '../panelFactory';
import { panelSerializer } from '../serializer';
import { SQL_RESULTS_KEY_PATTERN, SQL_RESULTS_VIEW_TYPE } from './sqlResultsController';
import { SqlResultsHub } from './sqlResultsHub';
import { rowLimitOf, type SqlResultsUi } from './sqlResultsUi';
import { vscodeSqlResultsUi } from './vscodeSqlResultsUi';

export interface SqlResultsPanelsOptions {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  /** Tests replace the workbench ports. */
  readonly ui?: SqlResultsUi;
}

export class SqlResultsPanels extends SqlResultsHub {
  constructor(options: SqlResultsPanelsOptions) {
    super({
      logger: options.logger,
      ui: options.ui ?? vscodeSqlResultsUi(),
      html: (title, initial) => pageHtmlFor(options.extensionUri, 'sqlResults', title, initial),
      rowLimit: () => rowLimitOf(vscode.workspace.getConfiguration('dataClusters').get<unknown>('sql.rowLimit')),
      createPanel: (title) =>
        vscode.window.createWebviewPanel(
          SQL_RESULTS_VIEW_TYPE,
          title,
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          webviewOptions(options.extensionUri),
        ),
    });
    this._register(
      vscode.window.registerWebviewPanelSerializer(
        SQL_RESULTS_VIEW_TYPE,
        panelSerializer<vscode.WebviewPanel>({
          keyPattern: SQL_RESULTS_KEY_PATTERN,
          logger: options.logger,
          restore: (panel, key) => {
            this.restore(prepareRestoredPanel(panel, options.extensionUri), key);
          },
        }),
      ),
    );
  }
}
