import { taskActionRefusal, type TaskAction } from '../../../../shared/clusters/taskStates';
import type {
  CheckpointStatistics,
  FlinkRest,
  JobConfig,
  JobDetails,
  JobExceptions,
} from '../../../../src/clusters/session/tasks/flinkRest';
import type { FlinkTask, SessionRef, TaskService } from '../../../../src/clusters/session/tasks/taskTypes';
import type { IDisposable } from '../../../../src/common/disposable';
import { Emitter } from '../../../../src/common/event';
import type { SourceLocation } from '../../../../src/panels/task/stackFrames';
import type { Schedule, TaskPanelUi } from '../../../../src/panels/task/taskPanelUi';

export const REF: SessionRef = { namespace: 'streaming', cluster: 'orders' };
export const KEY = 'streaming/orders/enrich';

export function task(o: Partial<FlinkTask> = {}): FlinkTask {
  return {
    ...REF,
    key: KEY,
    name: 'enrich',
    jobId: 'a'.repeat(32),
    jobName: 'Order enrichment',
    state: 'RUNNING',
    managed: false,
    startTime: 1_700_000_000_000,
    parallelism: 2,
    subtasks: { RUNNING: 4 },
    ...o,
  };
}

export function job(busy = 0, backpressured = 0, now = 10_000): JobDetails {
  const vertex = (id: string, name: string, m: Record<string, number> = {}) => ({
    id,
    name,
    parallelism: 2,
    status: 'RUNNING',
    'start-time': 1,
    'end-time': -1,
    duration: 5,
    tasks: { RUNNING: 2 },
    metrics: m,
  });
  return {
    jid: 'a'.repeat(32),
    name: 'Order enrichment',
    state: 'RUNNING',
    'start-time': 1,
    'end-time': -1,
    duration: 5,
    now,
    timestamps: {},
    vertices: [
      vertex('src', 'Source: orders', { 'write-records': 1500, 'write-bytes': 2048 }),
      vertex('map', 'Map -> enrich', {
        'read-records': 1500,
        'write-records': 1400,
        'accumulated-busy-time': busy,
        'accumulated-backpressured-time': backpressured,
      }),
      vertex('sink', 'Sink: <b>print</b>', { 'read-records': 1400 }),
    ],
    plan: {
      nodes: [
        { id: 'src', parallelism: 2, description: 'src' },
        { id: 'map', parallelism: 2, description: 'map', inputs: [{ id: 'src', ship_strategy: 'FORWARD' }] },
        { id: 'sink', parallelism: 2, description: 'sink', inputs: [{ id: 'map', ship_strategy: 'HASH' }] },
      ],
    },
  };
}

export const EXCEPTIONS: JobExceptions = {
  'root-exception':
    'java.lang.IllegalStateException: order 17 has no customer\n\tat com.example.orders.OrderEnricher.map(OrderEnricher.java:42)',
  timestamp: 5000,
  exceptionHistory: {
    truncated: false,
    entries: [
      { exceptionName: 'x', stacktrace: 'java.lang.RuntimeException: older\n\tat java.lang.Thread.run(Thread.java:1)', timestamp: 1000 },
      {
        exceptionName: 'y',
        stacktrace:
          'java.lang.IllegalStateException: order 17 has no customer\n\tat com.example.orders.OrderEnricher.map(OrderEnricher.java:42)',
        timestamp: 5000,
        taskName: 'Map -> enrich (1/2)',
        endpoint: 'orders-taskmanager-1-1:6122',
      },
    ],
  },
};

export const CHECKPOINTS: CheckpointStatistics = {
  counts: { restored: 0, total: 3, in_progress: 0, completed: 2, failed: 1 },
  latest: { completed: null, savepoint: null, failed: null, restored: null },
  history: [
    {
      id: 3,
      status: 'FAILED',
      is_savepoint: false,
      trigger_timestamp: 3000,
      latest_ack_timestamp: -1,
      end_to_end_duration: 10,
      failure_message: 'Checkpoint expired before completing.',
      num_subtasks: 4,
      num_acknowledged_subtasks: 2,
    },
  ],
};

/** Answers the JobManager's reads as the test sets them; a read can be held until the test lets it go. */
export class FakeRest implements Partial<FlinkRest> {
  jobs: JobDetails[] = [job()];
  calls: string[] = [];
  failNext?: Error & { status?: number };
  hold?: Promise<void>;
  exceptionsAnswer: JobExceptions = EXCEPTIONS;
  private served = 0;

  private async answer<T>(what: string, value: () => T): Promise<T> {
    this.calls.push(what);
    if (this.hold) await this.hold;
    const f = this.failNext;
    if (f) {
      this.failNext = undefined;
      throw f;
    }
    return value();
  }
  job = (id: string) => this.answer(`job ${id}`, () => this.jobs[Math.min(this.served++, this.jobs.length - 1)]);
  exceptions = () => this.answer('exceptions', () => this.exceptionsAnswer);
  checkpoints = () => this.answer('checkpoints', () => CHECKPOINTS);
  jobConfig = () =>
    this.answer<JobConfig>('config', () => ({
      jid: 'a',
      name: 'n',
      'execution-config': { 'execution-mode': 'PIPELINED', 'job-parallelism': 2, 'user-config': { rate: '100', 'b<script>': '<img>' } },
    }));
}

export class FakeService implements TaskService {
  readonly changes = new Emitter<SessionRef>();
  readonly onDidChange = this.changes.event;
  tasks: FlinkTask[] | undefined = [task()];
  readonly restApi = new FakeRest();
  watching = 0;
  rerunnable = true;
  tasksOf = () => this.tasks;
  task = (key: string) => this.tasks?.find((t) => t.key === key);
  watch(): IDisposable {
    this.watching++;
    return { dispose: () => void this.watching-- };
  }
  rest = async () => this.restApi as unknown as FlinkRest;
  slots = async () => ({ total: 4, free: 2 });
  refusal = (t: FlinkTask, a: TaskAction) => taskActionRefusal({ state: t.state, managed: t.managed, rerunnable: this.rerunnable }, a);
  run = () => Promise.reject(new Error('not in these tests'));
  stop = () => Promise.reject(new Error('not in these tests'));
  suspend = () => Promise.reject(new Error('not in these tests'));
  resume = () => Promise.reject(new Error('not in these tests'));
  delete = () => Promise.reject(new Error('not in these tests'));
  /** Changes the task and says so, as the service does after a refresh. */
  set(t: FlinkTask | undefined): void {
    this.tasks = t ? [t] : [];
    this.changes.fire(REF);
  }
}

export class FakeUi implements TaskPanelUi {
  readonly executed: { command: string; arg: unknown }[] = [];
  readonly opened: SourceLocation[] = [];
  readonly registered = new Set([
    'dataClusters.stopTask',
    'dataClusters.cancelTask',
    'dataClusters.runTaskAgain',
    'dataClusters.showTaskLogs',
    'dataClusters.showTaskOutput',
  ]);
  commands = async () => [...this.registered];
  executeCommand = async (command: string, arg?: unknown) => void this.executed.push({ command, arg });
  openSource = async (l: SourceLocation) => void this.opened.push(l);
}

/** Timers a test fires by hand: nothing runs by itself. */
export class ManualTimers {
  readonly pending = new Set<{ fn: () => void; ms: number }>();
  readonly schedule: Schedule = (fn, ms) => {
    const t = { fn, ms };
    this.pending.add(t);
    return { dispose: () => void this.pending.delete(t) };
  };
  /** Runs every timer due now (those of `ms`, or all). */
  fire(ms?: number): number {
    const due = [...this.pending].filter((t) => ms === undefined || t.ms === ms);
    for (const t of due) {
      this.pending.delete(t);
      t.fn();
    }
    return due.length;
  }
}
