import type { SqlEngineKind } from '../../../shared/sql/sqlResult';
import {
  SqlCatalogNode,
  SqlEngine,
  SqlError,
  SqlResultsPort,
  SqlRunEvents,
  SqlRunRequest,
  SqlRunSink,
  SqlSession,
  SqlStatementOutcome,
  SqlTarget,
} from '../../../src/sql/sqlEngine';

/** What a fake session does with a statement: answer, refuse, or hang until aborted. */
export type FakeAnswer = SqlStatementOutcome | SqlError | 'hang' | ((events: SqlRunEvents) => Promise<SqlStatementOutcome>);

/**
 * An engine whose sessions answer from a script keyed by statement text (default: a one-row
 * result), and record what they were sent, in which session, and whether they were cancelled.
 */
export class FakeEngine implements SqlEngine {
  readonly sessions: FakeSession[] = [];
  opens = 0;
  /** Rejects `open` with this error when set. */
  openError?: Error;
  /** Holds `open` until released (to cancel while connecting). */
  openGate?: Promise<void>;
  readonly answers = new Map<string, FakeAnswer>();

  constructor(readonly kind: SqlEngineKind) {}

  async open(target: SqlTarget, signal: AbortSignal): Promise<SqlSession> {
    this.opens++;
    if (this.openGate) await Promise.race([this.openGate, aborted(signal)]);
    if (this.openError) throw this.openError;
    const s = new FakeSession(this, target);
    this.sessions.push(s);
    return s;
  }

  async catalog(): Promise<readonly SqlCatalogNode[]> {
    return [];
  }
}

export class FakeSession implements SqlSession {
  readonly executed: string[] = [];
  readonly cancelled: string[] = [];
  closed = false;

  readonly engine: SqlEngineKind;

  constructor(
    private readonly owner: FakeEngine,
    readonly target: SqlTarget,
  ) {
    this.engine = owner.kind;
  }

  async execute(sql: string, events: SqlRunEvents, signal: AbortSignal): Promise<SqlStatementOutcome> {
    this.executed.push(sql);
    const answer = this.owner.answers.get(sql) ?? { kind: 'rows', rowCount: 1 };
    if (answer === 'hang') {
      await aborted(signal).catch((e) => {
        this.cancelled.push(sql);
        throw e;
      });
      throw new Error('unreachable');
    }
    if (answer instanceof SqlError) throw answer;
    if (typeof answer === 'function') return answer(events);
    events.shape({ columns: [{ name: 'x', type: 'int' }], changelog: false });
    await events.rows([[1]]);
    return answer;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => {
      const e = new Error('aborted');
      e.name = 'AbortError';
      reject(e);
    };
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** A run as the fake results panel recorded it. */
export interface RecordedRun {
  readonly request: SqlRunRequest;
  readonly events: string[];
  end?: 'done' | 'failed' | 'cancelled';
  message?: string;
}

/** A results panel that records every run and its events. */
export class FakeResults implements SqlResultsPort {
  readonly runs: RecordedRun[] = [];
  private waiters: ((r: RecordedRun) => void)[] = [];

  begin(request: SqlRunRequest): SqlRunSink {
    const run: RecordedRun = { request, events: [] };
    this.runs.push(run);
    this.waiters.splice(0).forEach((w) => w(run));
    return {
      progress: (p) => void run.events.push(`progress:${p.phase}`),
      shape: (s) => void run.events.push(`shape:${s.columns.map((c) => c.name).join(',')}`),
      rows: (rows) => void run.events.push(`rows:${rows.length}`),
      job: (id) => void run.events.push(`job:${id}`),
      done: (o) => {
        run.end = 'done';
        run.message = o.message;
      },
      failed: (m) => {
        run.end = 'failed';
        run.message = m;
      },
      cancelled: () => void (run.end = 'cancelled'),
    };
  }

  /** Resolves with the next run begun. */
  nextRun(): Promise<RecordedRun> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
