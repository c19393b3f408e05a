/**
 * The protocol of the SQL results page ("Results: {file}", one per SQL editor): the host keeps
 * every fetched row and the page asks for the window it shows, in the order and with the filters
 * it shows; the runs of the editor are a history the page picks from. Flink changelog results have
 * two views over the same rows: the current table (changes applied) and the raw changelog.
 */
import { CHANGE_KINDS } from '../sql/sqlResult';
import { COMMON_NOTIFICATIONS, COMMON_REQUESTS, empty, text } from './common';
import { definePage } from './envelope';
import { arr, bool, Infer, int, literal, num, obj, optional, str } from './schema';
import { sqlCell } from './sqlCell';

export { CELL_LIMITS, sqlCell } from './sqlCell';

const count = int({ min: 0 });
const time = num({ min: 0 });
const runId = int({ min: 1 });

export const sqlColumnData = obj({ name: text(1000), type: text(1000) });

/** How a result is shown: a query's rows, or for a changelog the current table or the raw changes. */
export const RESULT_VIEWS = ['rows', 'table', 'changes'] as const;
export type ResultView = (typeof RESULT_VIEWS)[number];

/** What the page asks the rows in: one view, sorted by one column, filtered per column (all must match). */
export const rowQuery = obj({
  view: literal(...RESULT_VIEWS),
  sort: optional(obj({ column: count, descending: bool })),
  filters: arr(obj({ column: count, text: text(1000) }), { max: 200 }),
});
export type RowQuery = Infer<typeof rowQuery>;

export const windowRow = obj({
  /** The row's position in the store (stable while the run lives), for copy and the detail pane. */
  id: count,
  cells: arr(sqlCell, { max: 1000 }),
  kind: optional(literal(...CHANGE_KINDS)),
});
export type WindowRow = Infer<typeof windowRow>;

/** The most rows one window answer carries. */
export const MAX_WINDOW = 1000;

export const RUN_PHASES = ['connecting', 'submitted', 'running', 'fetching', 'paused', 'done', 'failed', 'cancelled'] as const;

/** One run as the history lists it and the header shows it. */
export const runSummary = obj({
  runId,
  statement: text(100_000),
  engine: literal('spark', 'flink'),
  cluster: text(200),
  namespace: text(100),
  phase: literal(...RUN_PHASES),
  detail: optional(text(2000)),
  fraction: optional(num({ min: 0, max: 1 })),
  /** Wall time of the start, for the history's "12:03:41". */
  startedAt: time,
  /** Time since the start, as measured by the host when this was sent; the page adds its own clock while running. */
  elapsedMs: time,
  running: bool,
  columns: arr(sqlColumnData, { max: 1000 }),
  changelog: bool,
  upsertKey: optional(arr(count, { max: 1000 })),
  /** Rows (or changes) received so far, including evicted ones. */
  received: count,
  /** Rows the store holds now (`table`: rows of the current table). */
  kept: count,
  tableRows: count,
  /** Changes evicted from the capped changelog, oldest first. */
  evicted: count,
  /** Fetching waits for "Fetch more" (the row limit was reached). */
  limitReached: bool,
  /** The user paused a live result. */
  paused: bool,
  rowLimit: count,
  /** The rows of an old run are let go; its summary stays in the history. */
  released: bool,
  jobId: optional(text(64)),
  /** Where the job's savepoint went when the user stopped it with one (Run Again from Savepoint). */
  savepoint: optional(text(2000)),
  /** A command's words (`Table created.`), or why the run failed. */
  message: optional(text(10_000)),
  outcome: optional(literal('rows', 'ok')),
  /** Bumped at each change of the rows: the page asks its window again when it moves. */
  version: count,
});
export type RunSummary = Infer<typeof runSummary>;

export const SQL_RESULTS_PAGE = definePage({
  requests: {
    ...COMMON_REQUESTS,
    /** Shows a run of the history. */
    'run.show': { args: obj({ runId }), result: empty },
    /** Rows `start`..`start + count` of a run in the order and with the filters asked. */
    'rows.window': {
      args: obj({ runId, query: rowQuery, start: count, count: int({ min: 0, max: MAX_WINDOW }) }),
      result: obj({ runId, version: count, total: count, start: count, rows: arr(windowRow, { max: MAX_WINDOW }) }),
    },
    /** The next (or previous) row, from `from`, with a cell containing `text`; and how many rows have one. */
    'rows.find': {
      args: obj({ runId, query: rowQuery, text: str({ min: 1, max: 1000 }), from: int({ min: -1 }), backwards: bool }),
      result: obj({ position: optional(count), matches: count }),
    },
    /** Copies rows (positions in the asked order, or all) with the column names first, or one cell. */
    'rows.copy': {
      args: obj({
        runId,
        query: rowQuery,
        what: literal('rows', 'cell', 'all'),
        from: count,
        to: count,
        column: optional(count),
        headers: bool,
      }),
      result: obj({ rows: count }),
    },
    /** A cell whole (the window cuts long values), for the detail pane. */
    'cell.get': {
      args: obj({ runId, view: literal(...RESULT_VIEWS), id: count, column: count }),
      result: obj({ value: sqlCell, cut: bool }),
    },
    /** Saves what was fetched, in the order and with the filters shown, as CSV or JSON (save dialog). */
    'rows.export': { args: obj({ runId, query: rowQuery, format: literal('csv', 'json') }), result: obj({ saved: bool, rows: count }) },
    /** Past the row limit: fetch another row limit's worth. */
    'run.fetchMore': { args: obj({ runId }), result: empty },
    /** A live result: stop (or go on) reading the engine's changes. */
    'run.pause': { args: obj({ runId, paused: bool }), result: empty },
    'run.cancel': { args: obj({ runId }), result: empty },
    /** Opens the task panel of a Flink statement's job. */
    'run.openTask': { args: obj({ runId }), result: empty },
    /** A live Flink statement's job: stop it with a savepoint; the run ends stopped, with the savepoint's location. */
    'run.stopWithSavepoint': { args: obj({ runId }), result: obj({ savepoint: optional(text(2000)) }) },
    /** Runs the statement of a run stopped with a savepoint again, from that savepoint. */
    'run.againFromSavepoint': { args: obj({ runId }), result: empty },
  },
  notifications: {
    ...COMMON_NOTIFICATIONS,
    /** The editor's runs, newest first, and the one shown. */
    'runs.update': { body: obj({ runs: arr(runSummary, { max: 50 }), shown: optional(runId) }) },
    /** One run changed (phase, rows, elapsed): sent at most a few times a second while it streams. */
    'run.update': { body: runSummary },
  },
});
export type SqlResultsPage = typeof SQL_RESULTS_PAGE;
