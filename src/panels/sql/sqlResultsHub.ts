/**
 * The results panels as the SQL editor sees them (`SqlResultsPort`): one panel per editor document,
 * reused for each of its runs, opened beside the editor without taking the focus. A panel restored
 * after a window reload has its key (a hash of the document's URI) and starts with an empty
 * history; the document's next run lands in it. No vscode import (sqlResultsPanels.ts adds the
 * workbench), so tests drive it with fake panels.
 */
import { createHash } from 'node:crypto';
import { Disposable } from '../../common/disposable';
import type { SqlResultsPort, SqlRunRequest, SqlRunSink } from '../../sql/sqlEngine';
import { PanelRegistry } from '../panelRegistry';
import type { PanelLike } from '../webviewPanelHost';
import { SqlResultsController, type SqlResultsDeps, type SqlResultsInfo, sqlResultsTitle } from './sqlResultsController';

/** The panel key of a document: stable across reloads, short, and carrying nothing of the path. */
export function sqlResultsKey(documentUri: string): string {
  return `sql-results/${createHash('sha256').update(documentUri).digest('hex').slice(0, 16)}`;
}

export interface SqlResultsHubDeps extends SqlResultsDeps {
  /** Makes a webview panel beside the active editor, keeping the focus in the editor. */
  readonly createPanel: (title: string) => PanelLike;
}

export class SqlResultsHub extends Disposable implements SqlResultsPort {
  protected readonly registry = this._register(new PanelRegistry<SqlResultsController>());

  constructor(protected readonly deps: SqlResultsHubDeps) {
    super();
  }

  begin(run: SqlRunRequest): SqlRunSink {
    const key = sqlResultsKey(run.documentUri);
    const controller = this.registry.openOrReveal(
      key,
      () => new SqlResultsController(this.deps.createPanel(sqlResultsTitle(run.documentName)), key, this.deps, run.documentName),
    );
    return controller.begin(run);
  }

  /** Rebuilds a panel VS Code restored after a reload, around its saved key. */
  restore(panel: PanelLike, key: string): SqlResultsController {
    return this.registry.add(new SqlResultsController(panel, key, this.deps));
  }

  /** The panel of a document, if open. */
  panelOf(documentUri: string): SqlResultsController | undefined {
    return this.registry.get(sqlResultsKey(documentUri));
  }

  /** For tests: what each open panel shows. */
  info(): SqlResultsInfo[] {
    return this.registry.all().map((p) => p.info());
  }
}
