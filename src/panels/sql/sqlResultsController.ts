/**
 * One SQL editor's results panel ("Results: {file}"): the editor's last runs, newest first, the
 * shown one's phase, elapsed time and rows. The host keeps the rows; the page asks for the window
 * it shows (rows.window), so a million-row result scrolls without the page holding it. While a
 * run streams, its summary goes to the page a few times a second, not once per batch. After the
 * page is rebuilt (VS Code destroys a hidden one) the history and the shown run are posted again
 * and the page asks its window again.
 *
 * No vscode import: the workbench comes in through `SqlResultsUi`, so tests drive it with fakes.
 */
import * as l10n from '@vscode/l10n';
import { envelope, type Handlers, type HostMessage } from '../../../shared/protocol/envelope';
import { type RowQuery, SQL_RESULTS_PAGE, type SqlResultsPage } from '../../../shared/protocol/sqlResultsPage';
import { Disposable, type IDisposable, toDisposable } from '../../common/disposable';
import { Emitter, type Event } from '../../common/event';
import type { Logger } from '../../common/logger';
import type { SqlRunRequest, SqlRunSink } from '../../sql/sqlEngine';
import type { RegisteredPanel } from '../panelRegistry';
import { realSchedule, type Schedule } from '../task/taskPanelUi';
import { type PanelLike, RequestError, type WebviewLike, WebviewPanelHost } from '../webviewPanelHost';
import { csvChunks, cutCell, exportColumns, type ExportRow, jsonChunks, tsvText, windowCell } from './exportText';
import { SqlRun } from './sqlRun';
import { OPEN_TASK_COMMAND, STOP_TASK_COMMAND, type SqlResultsUi } from './sqlResultsUi';

export const SQL_RESULTS_VIEW_TYPE = 'dataClusters.sqlResults';
/** Panel keys: `sql-results/` and a hash of the editor's document URI (what a restored panel carries). */
export const SQL_RESULTS_KEY_PATTERN = /^sql-results\/[0-9a-f]{16}$/;
/** Runs the history lists; only the newest KEEP_ROWS keep their rows (older ones keep their summary). */
export const HISTORY_LENGTH = 20;
export const KEEP_ROWS = 3;
/** How often a streaming run's summary goes to the page. */
export const UPDATE_MS = 150;
/** The most rows one copy puts on the clipboard. */
export const MAX_COPY_ROWS = 100_000;

export const sqlResultsTitle = (documentName: string | undefined): string =>
  documentName ? l10n.t('Results: {0}', documentName) : l10n.t('SQL Results');

export interface SqlResultsDeps {
  readonly logger: Logger;
  readonly ui: SqlResultsUi;
  /** The page's HTML for a webview, with the messages embedded for its first paint. */
  readonly html: (title: string, initial: () => readonly unknown[]) => (webview: WebviewLike) => string;
  /** The setting `dataClusters.sql.rowLimit`, read at each run's start. */
  readonly rowLimit: () => number;
  readonly schedule?: Schedule;
  readonly clock?: { now(): number; wall(): number };
}

export interface SqlResultsInfo {
  readonly key: string;
  readonly title: string;
  readonly ready: boolean;
  readonly runs: number;
  readonly shown?: number;
  readonly dropped: number;
  readonly cspViolations: number;
}

export class SqlResultsController extends Disposable implements RegisteredPanel {
  readonly host: WebviewPanelHost<SqlResultsPage>;
  private readonly _onDidDispose = this._register(new Emitter<void>());
  readonly onDidDispose: Event<void> = this._onDidDispose.event;
  private readonly runs: SqlRun[] = [];
  private shown?: number;
  private nextId = 1;
  private readonly dirty = new Set<SqlRun>();
  private timer?: IDisposable;
  private cspViolations = 0;
  private readonly schedule: Schedule;
  private readonly clock: { now(): number; wall(): number };
  private documentName?: string;

  constructor(
    panel: PanelLike,
    readonly key: string,
    private readonly deps: SqlResultsDeps,
    documentName?: string,
  ) {
    super();
    this.documentName = documentName;
    this.schedule = deps.schedule ?? realSchedule;
    this.clock = deps.clock ?? { now: () => performance.now(), wall: () => Date.now() };
    this.host = this._register(
      new WebviewPanelHost(panel, {
        protocol: SQL_RESULTS_PAGE,
        key,
        title: this.title,
        html: deps.html(this.title, () => this.snapshot()),
        logger: deps.logger,
        handlers: this.handlers(),
      }),
    );
    this._register(this.host.onDidDispose(() => this.dispose()));
    this._register(this.host.onDidBecomeReady(() => this.sendAll()));
    this._register(toDisposable(() => this.timer?.dispose()));
  }

  get title(): string {
    return sqlResultsTitle(this.documentName);
  }

  /** Shows the panel beside the editor without taking the focus from it. */
  reveal(): void {
    if (!this.host.isDisposed) this.host.panel.reveal(undefined, true);
  }

  info(): SqlResultsInfo {
    return {
      key: this.key,
      title: this.title,
      ready: this.host.isReady,
      runs: this.runs.length,
      ...(this.shown !== undefined ? { shown: this.shown } : {}),
      dropped: this.host.dropped,
      cspViolations: this.cspViolations,
    };
  }

  /** The run of `id` (tests and the bench read its rows). */
  run(id: number): SqlRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** A new run of the editor: first in the history, shown at once. */
  begin(request: SqlRunRequest): SqlRunSink {
    if (request.documentName && request.documentName !== this.documentName) {
      this.documentName = request.documentName;
      this.host.title = this.title;
      this.host.notify('panel.init', { key: this.key, title: this.title });
    }
    const run = new SqlRun(this.nextId++, request, this.deps.rowLimit(), this.clock, (r, urgent) => this.changed(r, urgent));
    this.runs.unshift(run);
    for (const old of this.runs.splice(HISTORY_LENGTH)) old.cancel();
    this.runs.forEach((r, i) => {
      if (i >= KEEP_ROWS && !r.running && !r.data.released) r.releaseRows();
    });
    this.shown = run.id;
    this.postRuns();
    return run;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    // Nobody sees the results any more: a live changelog or a fetch waiting for "Fetch more" stops.
    for (const r of this.runs) r.cancel();
    this._onDidDispose.fire();
    super.dispose();
  }

  private changed(run: SqlRun, urgent: boolean): void {
    if (this.isDisposed) return;
    this.dirty.add(run);
    if (urgent) {
      this.flush();
      return;
    }
    this.timer ??= this.schedule(() => this.flush(), UPDATE_MS);
  }

  private flush(): void {
    this.timer?.dispose();
    this.timer = undefined;
    const runs = [...this.dirty];
    this.dirty.clear();
    for (const r of runs) if (this.runs.includes(r)) this.host.notify('run.update', r.summary());
  }

  private postRuns(): void {
    this.host.notify('runs.update', {
      runs: this.runs.map((r) => r.summary()),
      ...(this.shown !== undefined ? { shown: this.shown } : {}),
    });
  }

  /** Everything the page shows, after each ready (a page VS Code destroyed while hidden starts empty). */
  private sendAll(): void {
    this.host.notify('panel.init', { key: this.key, title: this.title });
    this.postRuns();
  }

  private snapshot(): HostMessage<SqlResultsPage>[] {
    return [
      envelope.notification(SQL_RESULTS_PAGE, 'panel.init', { key: this.key, title: this.title }),
      envelope.notification(SQL_RESULTS_PAGE, 'runs.update', {
        runs: this.runs.map((r) => r.summary()),
        ...(this.shown !== undefined ? { shown: this.shown } : {}),
      }),
    ];
  }

  private need(runId: number): SqlRun {
    const run = this.run(runId);
    if (!run) throw new RequestError(l10n.t('This run is no longer in the history.'), 'not-found');
    return run;
  }

  /** The rows of a run a request reads: refused once they were let go. */
  private rowsOf(runId: number): SqlRun {
    const run = this.need(runId);
    if (run.data.released)
      throw new RequestError(l10n.t('The rows of this older run are no longer kept. Run the statement again.'), 'not-found');
    return run;
  }

  private handlers(): Handlers<SqlResultsPage> {
    return {
      'panel.painted': () => ({}),
      'panel.cspViolation': ({ directive, blocked }) => {
        this.cspViolations++;
        this.deps.logger.error(`SQL results ${this.key}: Content Security Policy violation: ${directive} blocked ${blocked}`);
        return {};
      },
      'run.show': ({ runId }) => {
        this.need(runId);
        this.shown = runId;
        this.postRuns();
        return {};
      },
      'rows.window': ({ runId, query, start, count }) => {
        const run = this.need(runId);
        if (run.data.released) return { runId, version: run.data.version, total: 0, start, rows: [] };
        const { total, at } = run.view.resolve(query);
        const rows = [];
        for (let p = start; p < Math.min(total, start + count); p++) {
          const r = at(p);
          if (!r) break;
          rows.push({
            id: r.id,
            cells: r.cells.slice(0, 1000).map(windowCell),
            ...(query.view === 'changes' && r.kind ? { kind: r.kind } : {}),
          });
        }
        return { runId, version: run.data.version, total, start, rows };
      },
      'rows.find': ({ runId, query, text, from, backwards }) => this.rowsOf(runId).view.find(query, text, from, backwards),
      'rows.copy': (args) => this.copy(args),
      'cell.get': ({ runId, view, id, column }) => {
        const row = this.rowsOf(runId).data.byId(view, id);
        if (!row) throw new RequestError(l10n.t('This row is no longer kept.'), 'not-found');
        return cutCell(row.cells[column] ?? null);
      },
      'rows.export': ({ runId, query, format }) => this.export(runId, query, format),
      'run.fetchMore': ({ runId }) => {
        this.need(runId).fetchMore();
        return {};
      },
      'run.pause': ({ runId, paused }) => {
        this.need(runId).pause(paused);
        return {};
      },
      'run.cancel': ({ runId }) => {
        this.need(runId).cancel();
        return {};
      },
      'run.openTask': async ({ runId }) => {
        const run = this.need(runId);
        const job = run.jobOfRun;
        if (!job) throw new RequestError(l10n.t('This statement runs no job on the session cluster.'), 'not-found');
        const t = run.request.target;
        await this.deps.ui.executeCommand(OPEN_TASK_COMMAND, `${t.namespace}/${t.name}/${job}`);
        return {};
      },
      'run.stopWithSavepoint': async ({ runId }) => {
        const run = this.need(runId);
        const job = run.jobOfRun;
        if (!job || !run.running)
          throw new RequestError(
            l10n.t('Only a running statement with a job on the session cluster can be stopped with a savepoint.'),
            'conflict',
          );
        const t = run.request.target;
        const location = await this.deps.ui.executeCommand(STOP_TASK_COMMAND, `${t.namespace}/${t.name}/${job}`);
        const savepoint = typeof location === 'string' && location ? location : undefined;
        run.stoppedWithSavepoint(savepoint);
        return savepoint ? { savepoint } : {};
      },
      'run.againFromSavepoint': ({ runId }) => {
        const run = this.need(runId);
        const savepoint = run.savepointOfRun;
        const again = run.request.runAgainFromSavepoint;
        if (!savepoint || !again) throw new RequestError(l10n.t('This run has no savepoint to run again from.'), 'conflict');
        again.call(run.request, savepoint);
        return {};
      },
    };
  }

  private *rowsIn(run: SqlRun, query: RowQuery, from = 0, to = Number.MAX_SAFE_INTEGER): Generator<ExportRow> {
    const { total, at } = run.view.resolve(query);
    for (let p = Math.max(0, from); p <= Math.min(to, total - 1); p++) {
      const r = at(p);
      if (r) yield r;
    }
  }

  private async copy(a: {
    runId: number;
    query: RowQuery;
    what: 'rows' | 'cell' | 'all';
    from: number;
    to: number;
    column?: number;
    headers: boolean;
  }): Promise<{ rows: number }> {
    const run = this.rowsOf(a.runId);
    const withKind = a.query.view === 'changes';
    const columns = exportColumns(run.resultShape.columns, withKind);
    if (a.what === 'cell') {
      const row = run.view.resolve(a.query).at(a.from);
      if (!row || a.column === undefined) throw new RequestError(l10n.t('This row is no longer kept.'), 'not-found');
      const cell = row.cells[a.column] ?? null;
      await this.deps.ui.copy(tsvText([columns[a.column + (withKind ? 1 : 0)] ?? ''], [{ cells: [cell] }], false, a.headers));
      return { rows: 1 };
    }
    const from = a.what === 'all' ? 0 : Math.min(a.from, a.to);
    const to = Math.min(a.what === 'all' ? Number.MAX_SAFE_INTEGER : Math.max(a.from, a.to), from + MAX_COPY_ROWS - 1);
    const rows = [...this.rowsIn(run, a.query, from, to)];
    await this.deps.ui.copy(tsvText(columns, rows, withKind, a.headers));
    return { rows: rows.length };
  }

  private async export(runId: number, query: RowQuery, format: 'csv' | 'json'): Promise<{ saved: boolean; rows: number }> {
    const run = this.rowsOf(runId);
    const base = (this.documentName ?? 'results').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-') || 'results';
    const uri = await this.deps.ui.saveAs(`${base}.${format}`, format);
    if (!uri) return { saved: false, rows: 0 };
    const withKind = query.view === 'changes';
    const columns = exportColumns(run.resultShape.columns, withKind);
    let rows = 0;
    const counted = (function* (it: Iterable<ExportRow>) {
      for (const r of it) {
        rows++;
        yield r;
      }
    })(this.rowsIn(run, query));
    await this.deps.ui.writeFile(uri, format === 'csv' ? csvChunks(columns, counted, withKind) : jsonChunks(columns, counted, withKind));
    return { saved: true, rows };
  }
}
