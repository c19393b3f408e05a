import type { ChangeKind, SqlCell, SqlEngineKind, SqlProgress, SqlResultShape } from '../../shared/sql/sqlResult';

/** The cluster a SQL editor is bound to: an ACTIVE compute cluster (Spark) or a Running session cluster (Flink). */
export interface SqlTarget {
  readonly kind: 'compute' | 'session';
  readonly namespace: string;
  readonly name: string;
}

/**
 * What a statement's run tells as it goes. `rows` may return a promise: the engine waits for it
 * before it asks the server for more, which is how the host bounds memory (it resolves once it has
 * room, or when the user asks to fetch more past the row limit).
 */
export interface SqlRunEvents {
  progress(p: SqlProgress): void;
  shape(shape: SqlResultShape): void;
  rows(rows: readonly (readonly SqlCell[])[], kinds?: readonly ChangeKind[]): void | Promise<void>;
  /** A Flink statement that runs as a job on the session cluster: its job id, for the task panel. */
  job?(jobId: string): void;
}

export interface SqlStatementOutcome {
  /** `rows`: a query's result; `ok`: a command (DDL, SET, USE, INSERT submitted) with the engine's words. */
  readonly kind: 'rows' | 'ok';
  readonly rowCount: number;
  readonly message?: string;
}

/**
 * A session on an engine, one per editor: `SET` and `USE` carry over between its statements, as in
 * the engines' own shells. `execute` rejects with a `SqlError` for the engine's refusals, and with
 * an `AbortError`-named error when `signal` aborts (the engine's operation is cancelled first).
 */
export interface SqlSession {
  readonly engine: SqlEngineKind;
  readonly target: SqlTarget;
  execute(sql: string, events: SqlRunEvents, signal: AbortSignal): Promise<SqlStatementOutcome>;
  close(): Promise<void>;
}

/** One catalog level under a cluster: catalogs, databases, tables and views, columns. */
export interface SqlCatalogNode {
  readonly kind: 'catalog' | 'database' | 'table' | 'view' | 'column';
  readonly name: string;
  /** The column's type, or the table's kind words the engine gives. */
  readonly detail?: string;
  /** The path to ask `catalog` for this node's children; absent on a leaf (a column). */
  readonly path?: readonly string[];
}

export interface SqlEngine {
  readonly kind: SqlEngineKind;
  /** Opens a session; `onProgress` hears `connecting` while the port-forward and the handshake happen. */
  open(target: SqlTarget, signal: AbortSignal): Promise<SqlSession>;
  /** The children of `path` (`[]`: the catalogs), read on demand. */
  catalog(target: SqlTarget, path: readonly string[], signal: AbortSignal): Promise<readonly SqlCatalogNode[]>;
}

/**
 * The engine's refusal, in its own words. `line`/`column` (1-based) are relative to the statement
 * as sent; the editor maps them onto the document.
 */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly details: {
      readonly errorClass?: string;
      readonly sqlState?: string;
      readonly line?: number;
      readonly column?: number;
      /** `refused`: the engine refused the SQL; `unreachable`: no connection; `denied`: RBAC or 401/403. */
      readonly reason: 'refused' | 'unreachable' | 'denied' | 'internal';
    },
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** A run as the results panel shows it: the events as they come, then how it ended. */
export interface SqlRunSink extends SqlRunEvents {
  done(outcome: SqlStatementOutcome): void;
  failed(message: string): void;
  cancelled(): void;
}

/** A run about to start, as the editor hands it to the results panel. */
export interface SqlRunRequest {
  /** The editor's document (its URI as a string) and the name shown in the panel's title. */
  readonly documentUri: string;
  readonly documentName: string;
  readonly statement: string;
  readonly target: SqlTarget;
  readonly engine: SqlEngineKind;
  /** Cancel from the panel: aborts the run's signal. */
  cancel(): void;
  /**
   * Runs the statement again in the same editor's session from a savepoint (Flink's
   * `execution.savepoint.path` set for that one run); absent where the editor offers no rerun.
   */
  runAgainFromSavepoint?(location: string): void;
}

/**
 * The results panel as the editor sees it: one panel per editor, reused, beside it. `begin` opens
 * (or reveals) the document's panel, adds the run to its history and returns where the run reports.
 */
export interface SqlResultsPort {
  begin(run: SqlRunRequest): SqlRunSink;
}
