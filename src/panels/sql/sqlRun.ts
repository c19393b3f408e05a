/**
 * One run of a statement as the results panel keeps it: where it is (phase, the engine's progress,
 * elapsed time), its rows, and how it ended. It is the `SqlRunSink` the engine reports to. Past the
 * row limit the engine's `rows` promise stays pending until the user asks for more (or cancels),
 * which pauses fetching at the engine: the host never holds more than about a limit's worth.
 * A live changelog is never paused by the limit (its changes are capped, the oldest evicted), only
 * by the user's Pause.
 */
import type { RunSummary } from '../../../shared/protocol/sqlResultsPage';
import type { ChangeKind, SqlCell, SqlColumn, SqlPhase, SqlProgress, SqlResultShape } from '../../../shared/sql/sqlResult';
import type { SqlRunRequest, SqlRunSink, SqlStatementOutcome } from '../../sql/sqlEngine';
import { ResultRows } from './resultRows';
import { RowView } from './rowView';

/** The run's statement as the panel keeps it: long scripts are cut for the history. */
const MAX_STATEMENT = 100_000;

export class SqlRun implements SqlRunSink {
  readonly startedAt: number;
  private readonly started: number;
  private ended?: number;
  private phase: SqlPhase = 'connecting';
  private detail?: string;
  private fraction?: number;
  private columns: readonly SqlColumn[] = [];
  private changelog = false;
  private upsertKey?: readonly number[];
  private store: ResultRows;
  view: RowView;
  private limit: number;
  private userPaused = false;
  private waiting?: { resolve: () => void; promise: Promise<void> };
  private jobId?: string;
  private savepoint?: string;
  private message?: string;
  private outcome?: 'rows' | 'ok';

  constructor(
    readonly id: number,
    readonly request: SqlRunRequest,
    private readonly rowLimit: number,
    private readonly clock: { now(): number; wall(): number },
    /** Called at every change; the controller batches what it posts. */
    private readonly changed: (run: SqlRun, urgent: boolean) => void,
  ) {
    this.started = clock.now();
    this.startedAt = clock.wall();
    this.limit = rowLimit;
    this.store = new ResultRows(false, rowLimit);
    this.view = new RowView(this.store, () => clock.now());
  }

  get data(): ResultRows {
    return this.store;
  }

  get running(): boolean {
    return this.ended === undefined;
  }

  get resultShape(): { readonly columns: readonly SqlColumn[]; readonly changelog: boolean } {
    return { columns: this.columns, changelog: this.changelog };
  }

  get jobOfRun(): string | undefined {
    return this.jobId;
  }

  /** Where the job's savepoint went, once the user stopped it with one. */
  get savepointOfRun(): string | undefined {
    return this.savepoint;
  }

  get isPaused(): boolean {
    return this.waiting !== undefined;
  }

  // ---- SqlRunSink ----

  progress(p: SqlProgress): void {
    if (!this.running) return;
    this.phase = p.phase;
    this.detail = p.detail;
    this.fraction = p.fraction;
    this.changed(this, true);
  }

  shape(shape: SqlResultShape): void {
    if (!this.running) return;
    this.columns = shape.columns;
    this.changelog = shape.changelog;
    this.upsertKey = shape.upsertKey?.filter((i) => Number.isInteger(i) && i >= 0 && i < shape.columns.length);
    this.store = new ResultRows(shape.changelog, this.rowLimit, this.upsertKey);
    this.view = new RowView(this.store, () => this.clock.now());
    this.changed(this, true);
  }

  rows(rows: readonly (readonly SqlCell[])[], kinds?: readonly ChangeKind[]): void | Promise<void> {
    if (!this.running) return;
    this.store.append(rows, kinds);
    const first = this.phase === 'connecting' || this.phase === 'submitted' || this.phase === 'running';
    if (first) this.phase = 'fetching';
    const hold = this.userPaused || (!this.changelog && this.store.kept >= this.limit);
    const pausing = hold && !this.waiting;
    const wait = hold ? this.wait() : undefined;
    // Pausing at the limit shows at once: the user is asked to fetch more.
    this.changed(this, first || pausing);
    return wait;
  }

  job(jobId: string): void {
    if (!this.running) return;
    this.jobId = jobId;
    this.changed(this, true);
  }

  done(outcome: SqlStatementOutcome): void {
    if (!this.running) return;
    this.outcome = outcome.kind;
    this.message = outcome.message;
    this.finish('done');
  }

  failed(message: string): void {
    if (!this.running) return;
    this.message = message;
    this.finish('failed');
  }

  cancelled(): void {
    if (!this.running) return;
    this.finish('cancelled');
  }

  private finish(phase: SqlPhase): void {
    this.phase = phase;
    this.detail = undefined;
    this.fraction = undefined;
    this.ended = this.clock.now();
    this.release();
    this.changed(this, true);
  }

  // ---- the user's asks ----

  /** Another row limit's worth: the engine's pending `rows` promise settles. */
  fetchMore(): void {
    if (!this.running) return;
    this.limit = this.store.kept + this.rowLimit;
    if (!this.userPaused) this.release();
    this.changed(this, true);
  }

  /** Pauses (or resumes) reading a live result. */
  pause(paused: boolean): void {
    if (!this.running) return;
    this.userPaused = paused;
    if (!paused && (this.changelog || this.store.kept < this.limit)) this.release();
    this.changed(this, true);
  }

  /** Cancel: the editor aborts the engine's run; a pending `rows` promise settles so the engine sees it. */
  cancel(): void {
    if (!this.running) return;
    this.request.cancel();
    this.release();
  }

  /**
   * The job was stopped with a savepoint at `location`: the run ends as cancelled (the engine's
   * fetch is aborted as Cancel does) and keeps the location for Run Again from Savepoint.
   */
  stoppedWithSavepoint(location: string | undefined): void {
    if (location) this.savepoint = location;
    if (this.running) this.cancel();
    this.changed(this, true);
  }

  /** Lets the rows go (an old run of the history). */
  releaseRows(): void {
    this.store.release();
  }

  private wait(): Promise<void> {
    if (!this.waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiting = { resolve, promise };
    }
    return this.waiting.promise;
  }

  private release(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve();
  }

  summary(): RunSummary {
    const s = this.store;
    const limitReached = this.running && !this.changelog && !this.userPaused && this.waiting !== undefined;
    const r = this.request;
    return {
      runId: this.id,
      statement: r.statement.length > MAX_STATEMENT ? `${r.statement.slice(0, MAX_STATEMENT - 1)}…` : r.statement,
      engine: r.engine,
      cluster: r.target.name.slice(0, 200),
      namespace: r.target.namespace.slice(0, 100),
      phase: this.running && this.waiting ? 'paused' : this.phase,
      ...(this.detail !== undefined ? { detail: this.detail.slice(0, 2000) } : {}),
      ...(this.fraction !== undefined && Number.isFinite(this.fraction) ? { fraction: Math.min(1, Math.max(0, this.fraction)) } : {}),
      startedAt: this.startedAt,
      elapsedMs: Math.max(0, (this.ended ?? this.clock.now()) - this.started),
      running: this.running,
      columns: this.columns.slice(0, 1000).map((c) => ({ name: c.name.slice(0, 1000), type: c.type.slice(0, 1000) })),
      changelog: this.changelog,
      ...(this.upsertKey?.length ? { upsertKey: [...this.upsertKey] } : {}),
      received: s.received,
      kept: s.kept,
      tableRows: s.tableRows,
      evicted: s.evicted,
      limitReached,
      paused: this.userPaused && this.running,
      rowLimit: this.rowLimit,
      released: s.released,
      ...(this.jobId !== undefined ? { jobId: this.jobId.slice(0, 64) } : {}),
      ...(this.savepoint !== undefined ? { savepoint: this.savepoint.slice(0, 2000) } : {}),
      ...(this.message !== undefined ? { message: this.message.slice(0, 10_000) } : {}),
      ...(this.outcome ? { outcome: this.outcome } : {}),
      version: s.version,
    };
  }
}
