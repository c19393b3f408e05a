import * as l10n from '@vscode/l10n';
import { errorMessage } from '../common/logger';
import type { SqlEngineKind } from '../../shared/sql/sqlResult';
import { SqlEngine, SqlError, SqlResultsPort, SqlRunEvents, SqlRunSink, SqlSession, SqlStatementOutcome, SqlTarget } from './sqlEngine';
import { errorRange, LineIndex, SqlRange, SqlStatement } from './statements';

/** The engine a target's kind runs on: Spark SQL on compute clusters, Flink SQL on session clusters. */
export const engineOf = (target: SqlTarget): SqlEngineKind => (target.kind === 'compute' ? 'spark' : 'flink');

/** The document statements come from, as the runner needs it. */
export interface SqlDocument {
  /** Its URI as a string: one session and one results panel per document. */
  readonly uri: string;
  /** The name shown in the results panel's title. */
  readonly name: string;
  /** The whole text, to map the engine's positions onto it. */
  readonly text: string;
}

/** Why a run stopped short of its last statement. */
export interface SqlRunFailure {
  readonly statement: SqlStatement;
  /** The engine's own words (or why it could not be reached). */
  readonly message: string;
  readonly reason: SqlError['details']['reason'];
  /** Where in the document: the word at the engine's position, or the statement; undefined when the engine was never reached. */
  readonly range?: SqlRange;
}

/** How a run (one statement or several, in order) ended. */
export interface SqlRunReport {
  readonly status: 'done' | 'failed' | 'cancelled';
  /** The statements that completed. */
  readonly completed: number;
  readonly failure?: SqlRunFailure;
}

export interface SqlRunnerDeps {
  /** The engine for a kind; undefined when this build or this connection has none. */
  readonly engines: (kind: SqlEngineKind) => SqlEngine | undefined;
  readonly results: SqlResultsPort;
}

/** The results panel's Run Again from Savepoint: which statement of which document, from where. */
export interface SqlRunAgainAsk {
  readonly doc: SqlDocument;
  readonly target: SqlTarget;
  readonly statement: SqlStatement;
  readonly savepoint: string;
}

interface DocumentSession {
  readonly target: SqlTarget;
  /** The session once open; shared by every run of the document, so SET and USE carry over. */
  readonly session: Promise<SqlSession>;
}

interface ActiveRun {
  readonly controller: AbortController;
  /** The statement running now, for the editor to show. */
  statement?: SqlStatement;
}

/** Flink's option naming the savepoint a job starts from. */
const SAVEPOINT_PATH = 'execution.savepoint.path';

/** A SQL string literal (Flink doubles a quote inside one). */
const quoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Where the SET and RESET around a run from a savepoint report: nowhere (they are not runs of their own). */
const quiet: SqlRunEvents = { progress: () => undefined, shape: () => undefined, rows: () => undefined };

const sameTarget = (a: SqlTarget, b: SqlTarget): boolean => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/**
 * Runs a document's statements on the cluster it is bound to: one engine session per document,
 * opened on its first run and reused (so `SET` and `USE` carry over, as in the engines' shells),
 * one run at a time per document, statements in order, stopping at the first error. Each statement
 * is a run of its own in the results panel. No VS Code here: the editor maps the report onto
 * diagnostics and messages.
 */
export class SqlRunner {
  private readonly sessions = new Map<string, DocumentSession>();
  private readonly runs = new Map<string, ActiveRun>();
  private readonly listeners = new Set<(uri: string) => void>();
  private readonly againListeners = new Set<(ask: SqlRunAgainAsk) => void>();

  constructor(private readonly deps: SqlRunnerDeps) {}

  /** Heard when a document's run starts, moves to its next statement, or ends. */
  onDidChangeRun(listener: (uri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Heard when the results panel asks to run a statement again from a savepoint: the editor runs
   * it (`run` with `savepoint`) and shows the report as for its own runs. Unheard, the runner runs it.
   */
  onDidAskRunAgain(listener: (ask: SqlRunAgainAsk) => void): { dispose(): void } {
    this.againListeners.add(listener);
    return { dispose: () => void this.againListeners.delete(listener) };
  }

  isRunning(uri: string): boolean {
    return this.runs.has(uri);
  }

  /** The statement a document is running now. */
  runningStatement(uri: string): SqlStatement | undefined {
    return this.runs.get(uri)?.statement;
  }

  /**
   * Runs `statements` of `doc` on `target` in order, stopping at the first that fails or when
   * cancelled. A run already going on the document is cancelled first.
   */
  async run(
    doc: SqlDocument,
    target: SqlTarget,
    statements: readonly SqlStatement[],
    options: { readonly savepoint?: string } = {},
  ): Promise<SqlRunReport> {
    const previous = this.runs.get(doc.uri);
    if (previous) previous.controller.abort();
    const active: ActiveRun = { controller: new AbortController() };
    this.runs.set(doc.uri, active);
    const signal = active.controller.signal;
    const lines = new LineIndex(doc.text);
    let completed = 0;
    try {
      for (const statement of statements) {
        if (signal.aborted) return { status: 'cancelled', completed };
        active.statement = statement;
        this.fire(doc.uri);
        const ended = await this.runOne(doc, target, statement, lines, active.controller, options.savepoint);
        if (ended === 'cancelled') return { status: 'cancelled', completed };
        if (ended !== 'done') return { status: 'failed', completed, failure: ended };
        completed++;
      }
      return { status: 'done', completed };
    } finally {
      if (this.runs.get(doc.uri) === active) {
        this.runs.delete(doc.uri);
        this.fire(doc.uri);
      }
    }
  }

  /**
   * Runs `statement` of `doc` again from a Flink savepoint (Run Again from Savepoint in the results
   * panel): in the document's session, `execution.savepoint.path` is SET to `savepoint` before the
   * statement and RESET after it, so only this run starts from it.
   */
  runAgainFrom(doc: SqlDocument, target: SqlTarget, statement: SqlStatement, savepoint: string): Promise<SqlRunReport> {
    return this.run(doc, target, [statement], { savepoint });
  }

  private askRunAgain(ask: SqlRunAgainAsk): void {
    if (this.againListeners.size === 0) {
      void this.runAgainFrom(ask.doc, ask.target, ask.statement, ask.savepoint).catch(() => undefined);
      return;
    }
    for (const l of [...this.againListeners]) l(ask);
  }

  private async runOne(
    doc: SqlDocument,
    target: SqlTarget,
    statement: SqlStatement,
    lines: LineIndex,
    controller: AbortController,
    savepoint?: string,
  ): Promise<'done' | 'cancelled' | SqlRunFailure> {
    const kind = engineOf(target);
    const signal = controller.signal;
    const sink: SqlRunSink = this.deps.results.begin({
      documentUri: doc.uri,
      documentName: doc.name,
      statement: statement.text,
      target,
      engine: kind,
      cancel: () => controller.abort(),
      ...(kind === 'flink'
        ? { runAgainFromSavepoint: (location: string) => this.askRunAgain({ doc, target, statement, savepoint: location }) }
        : {}),
    });
    let reset: SqlSession | undefined;
    try {
      const session = await this.session(doc.uri, target, signal, sink);
      if (signal.aborted) throw abortError();
      if (savepoint !== undefined) {
        await session.execute(`SET '${SAVEPOINT_PATH}' = ${quoted(savepoint)}`, quiet, signal);
        reset = session;
        if (signal.aborted) throw abortError();
      }
      sink.progress({ phase: 'submitted' });
      const outcome: SqlStatementOutcome = await session.execute(statement.text, sink, signal);
      if (signal.aborted) throw abortError();
      sink.done(outcome);
      return 'done';
    } catch (err) {
      if (signal.aborted) {
        sink.cancelled();
        return 'cancelled';
      }
      const failure = this.failure(doc.uri, statement, lines, err);
      sink.failed(failure.message);
      return failure;
    } finally {
      // The savepoint is for this run only: the session's next runs start afresh (even after a cancel).
      if (reset) await reset.execute(`RESET '${SAVEPOINT_PATH}'`, quiet, new AbortController().signal).catch(() => undefined);
    }
  }

  /** The document's session on `target`: the open one, or a new one (the one on another target is closed). */
  private async session(uri: string, target: SqlTarget, signal: AbortSignal, sink: SqlRunSink): Promise<SqlSession> {
    const current = this.sessions.get(uri);
    if (current && sameTarget(current.target, target)) return current.session;
    if (current) this.drop(uri);
    const engine = this.deps.engines(engineOf(target));
    if (!engine) throw new SqlError(noEngineMessage(engineOf(target)), { reason: 'unreachable' });
    sink.progress({ phase: 'connecting' });
    // The session outlives the run that opened it: cancelling that run abandons the opening, and
    // the next run opens again.
    const opening = new AbortController();
    const session = engine.open(target, opening.signal);
    const entry: DocumentSession = { target, session };
    this.sessions.set(uri, entry);
    const onAbort = (): void => {
      if (this.sessions.get(uri) === entry) this.sessions.delete(uri);
      opening.abort();
      // An engine that opened it all the same: nobody will use it.
      session.then(
        (s) => s.close().catch(() => undefined),
        () => undefined,
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await session;
    } catch (err) {
      if (this.sessions.get(uri) === entry) this.sessions.delete(uri);
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private failure(uri: string, statement: SqlStatement, lines: LineIndex, err: unknown): SqlRunFailure {
    if (isSqlError(err)) {
      // A session that lost its engine is opened again on the next run.
      if (err.details.reason === 'unreachable') this.drop(uri);
      const placed = err.details.reason === 'refused' || err.details.line !== undefined;
      return {
        statement,
        message: err.message,
        reason: err.details.reason,
        range: placed ? errorRange(statement, lines, err.details.line, err.details.column) : undefined,
      };
    }
    return { statement, message: errorMessage(err), reason: 'internal' };
  }

  /** Cancels the document's run: the engine's operation is cancelled through the run's signal. */
  cancel(uri: string): boolean {
    const run = this.runs.get(uri);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Ends the document's session (the document closed, or was bound to another cluster). */
  close(uri: string): void {
    this.runs.get(uri)?.controller.abort();
    this.drop(uri);
  }

  private drop(uri: string): void {
    const current = this.sessions.get(uri);
    if (!current) return;
    this.sessions.delete(uri);
    current.session.then(
      (s) => s.close().catch(() => undefined),
      () => undefined,
    );
  }

  /** The documents with an open (or opening) session. */
  openDocuments(): string[] {
    return [...this.sessions.keys()];
  }

  dispose(): void {
    for (const uri of [...this.sessions.keys(), ...this.runs.keys()]) this.close(uri);
    this.listeners.clear();
    this.againListeners.clear();
  }

  private fire(uri: string): void {
    for (const l of [...this.listeners]) l(uri);
  }
}

/** A SqlError, also one made by another copy of this module (an engine bundled apart, as in tests). */
function isSqlError(err: unknown): err is SqlError {
  if (err instanceof SqlError) return true;
  const details = (err as Partial<SqlError> | undefined)?.details;
  return (
    err instanceof Error && err.name === 'SqlError' && typeof details === 'object' && details !== null && typeof details.reason === 'string'
  );
}

function abortError(): Error {
  // l10n-ignore: never shown; the run reports itself cancelled
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

function noEngineMessage(kind: SqlEngineKind): string {
  return kind === 'spark'
    ? l10n.t('Spark SQL is not available: this build of Data Clusters has no Spark Connect client.')
    : l10n.t('Flink SQL is not available: this build of Data Clusters has no SQL Gateway client.');
}
