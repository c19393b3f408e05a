import { Clock, Random } from '../clock';
import { mapFailure } from './failure';

/** Job states as Flink's JobStatus names them. */
export type JobState =
  'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED' | 'FINISHED' | 'RESTARTING';

export const TERMINAL: ReadonlySet<JobState> = new Set(['FAILED', 'CANCELED', 'FINISHED']);

/** A slot a subtask runs in: the TaskManager's resource id and the pod that prints its output. */
export interface Slot {
  tmId: string;
  podUid: string;
  host: string;
}

/** What a job needs from the JobManager that runs it. */
export interface JobHost {
  readonly clock: Clock;
  readonly random: Random;
  /** Takes `n` free slots for the job, or answers undefined (taking none) when fewer are free. */
  allocate(jid: string, n: number): Slot[] | undefined;
  release(jid: string): void;
  /** A log4j line in the JobManager's log, or (with a slot) in that TaskManager's log. */
  log(line: string, slot?: Slot, level?: 'INFO' | 'WARN'): void;
  /** What the task wrote to stdout (the print sink, a stack trace after a log line). */
  print(text: string, slot: Slot): void;
  config(key: string): string | undefined;
  /** Remembers a savepoint this cluster wrote, so a later run can restore from it. */
  savepointWritten(sp: Savepoint): void;
  /** Told after the job entered a new state (the operator's observer watches this). */
  stateChanged?(job: FlinkJob): void;
}

export interface Savepoint {
  location: string;
  entryClass: string;
  /** Records the sources had emitted, per subtask: a restored job carries on from there. */
  offsets: number[];
}

/** What `/jars/{jarid}/run` starts: the jar's entry class with its arguments. */
export interface Program {
  jarId: string;
  entryClass: string;
  args: string[];
  parallelism: number;
  restoreFrom?: Savepoint;
  savepointPath?: string;
  /** The jar's bytes, when the JobManager has them: a failure then names the job's own classes and lines. */
  jar?: Uint8Array;
}

export interface IoCounters {
  readRecords: number;
  writeRecords: number;
  readBytes: number;
  writeBytes: number;
  busyMs: number;
  idleMs: number;
  backPressuredMs: number;
}

export interface Vertex {
  id: string;
  name: string;
  /** Sources read nothing through the network stack, sinks write nothing: as Flink counts them. */
  role: 'source' | 'sink';
  io: IoCounters;
}

export interface CheckpointRecord {
  id: number;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  savepoint: boolean;
  triggered: number;
  acked: number;
  stateSize: number;
  externalPath?: string;
}

export interface FailureRecord {
  exceptionName: string;
  message: string;
  stacktrace: string;
  timestamp: number;
  taskName: string;
  slot: Slot;
  subtask: number;
}

export interface AsyncOperation {
  done: boolean;
  location?: string;
  failure?: { className: string; stacktrace: string };
}

const TICK_MS = 1_000;
const PAYLOAD_BYTES = 96;
const HISTORY = 10;
const SLOT_REQUEST_TIMEOUT_MS = 300_000;

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function numberFlag(args: string[], name: string): number | undefined {
  const v = flag(args, name);
  return v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

/** Flink durations as configuration writes them: "10 s", "10s", "1 min", "500ms", "10000". */
export function durationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milli|millis|s|sec|secs|second|seconds|min|m|minute|minutes|h|hour|hours)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'ms').toLowerCase();
  const scale = unit.startsWith('h') ? 3_600_000 : unit === 'm' || unit.startsWith('min') ? 60_000 : unit.startsWith('s') ? 1000 : 1;
  return Number(m[1]) * scale;
}

const simpleName = (cls: string) => cls.slice(cls.lastIndexOf('.') + 1);

/**
 * One job: a source with a map chained to it, feeding Flink's print sink, run on the emulator's
 * clock. The program's arguments say what it does: `--rate N` records a second per subtask
 * (default 5), `--records N` makes it bounded (FINISHED after N records in all), `--fail-after N`
 * makes the map throw on the Nth record of an attempt (with the frames and message of the jar's
 * own map function when the jar is readable: see userCode.ts), `--checkpoint-interval` (Flink duration)
 * overrides `execution.checkpointing.interval` (default 10 s, as the demo job enables it), and
 * `--job-name` names it (default: the entry class's simple name, as `env.execute()` does).
 */
export class FlinkJob {
  readonly jid: string;
  readonly name: string;
  state: JobState = 'INITIALIZING';
  readonly timestamps: Partial<Record<JobState, number>> = {};
  readonly startTime: number;
  endTime = -1;
  lastModification: number;
  readonly vertices: Vertex[];
  slots: Slot[] = [];
  attempt = 0;
  readonly failures: FailureRecord[] = [];
  readonly checkpoints: CheckpointRecord[] = [];
  checkpointCounts = { completed: 0, failed: 0, total: 0 };
  restored?: { id: number; path: string; at: number };
  readonly operations = new Map<string, AsyncOperation>();
  readonly rate: number;
  readonly restartAttempts: number;
  readonly restartDelayMs: number;
  readonly checkpointIntervalMs: number;
  private readonly failAfter?: number;
  private readonly bounded?: number;
  private readonly offsets: number[];
  private attemptRecords = 0;
  private totalRecords = 0;
  private ticker?: { cancel(): void };
  private checkpointTimer?: { cancel(): void };
  private nextCheckpointId = 1;
  private waitingSince: number;

  constructor(
    private readonly host: JobHost,
    readonly program: Program,
    jid?: string,
  ) {
    const { clock, random } = host;
    const args = program.args;
    this.jid = jid ?? random.hex(32);
    this.name = flag(args, 'job-name') ?? simpleName(program.entryClass);
    this.startTime = clock.now();
    this.lastModification = this.startTime;
    this.waitingSince = this.startTime;
    this.rate = Math.max(0, numberFlag(args, 'rate') ?? 5);
    this.failAfter = numberFlag(args, 'fail-after');
    this.bounded = numberFlag(args, 'records');
    this.restartAttempts = Number(host.config('restart-strategy.fixed-delay.attempts') ?? 3);
    this.restartDelayMs = durationMs(host.config('restart-strategy.fixed-delay.delay')) ?? 1_000;
    this.checkpointIntervalMs =
      durationMs(flag(args, 'checkpoint-interval')) ?? durationMs(host.config('execution.checkpointing.interval')) ?? 10_000;
    const simple = simpleName(program.entryClass);
    this.vertices = [
      { id: random.hex(32), name: `Source: ${simple} Source -> Map`, role: 'source', io: zeroIo() },
      { id: random.hex(32), name: 'Sink: Print to Std. Out', role: 'sink', io: zeroIo() },
    ];
    this.offsets = Array.from({ length: program.parallelism }, (_, i) => program.restoreFrom?.offsets[i] ?? 0);
    this.enter('INITIALIZING');
    this.enter('CREATED');
    if (program.restoreFrom) this.restored = { id: this.nextCheckpointId++, path: program.restoreFrom.location, at: this.startTime };
    this.schedule();
  }

  get parallelism(): number {
    return this.program.parallelism;
  }

  /** Executions per state, as the REST API counts tasks. */
  taskState(): string {
    switch (this.state) {
      case 'RUNNING':
        return this.slots.length ? 'RUNNING' : 'SCHEDULED';
      case 'CREATED':
      case 'INITIALIZING':
        return 'SCHEDULED';
      case 'RESTARTING':
      case 'CANCELED':
        return 'CANCELED';
      case 'CANCELLING':
        return 'CANCELING';
      case 'FAILING':
      case 'FAILED':
        return 'FAILED';
      default:
        return 'FINISHED';
    }
  }

  cancel(): void {
    if (TERMINAL.has(this.state)) return;
    this.enter('CANCELLING');
    this.stopRunning();
    this.host.clock.after(200, () => this.terminate('CANCELED'));
  }

  /** Stop with a savepoint: the job finishes once the savepoint is written. */
  stopWithSavepoint(trigger: string, targetDirectory: string | undefined): void {
    const op: AsyncOperation = { done: false };
    this.operations.set(trigger, op);
    const dir = targetDirectory ?? this.host.config('state.savepoints.dir');
    this.host.clock.after(500, () => {
      op.done = true;
      if (this.state !== 'RUNNING' || !this.slots.length) {
        op.failure = exception(
          'java.util.concurrent.CompletionException',
          `org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint triggering task ${this.vertices[0].name} (1/${this.parallelism}) of job ${this.jid} is not being executed at the moment. Aborting checkpoint. Failure reason: Not all required tasks are currently running.`,
        );
        return;
      }
      if (!dir) {
        op.failure = exception(
          'java.lang.IllegalStateException',
          "No savepoint directory configured. You can either specify a directory while cancelling via -s :targetDirectory or configure a cluster-wide default via key 'state.savepoints.dir'.",
        );
        return;
      }
      const location = `${dir.replace(/\/$/, '')}/savepoint-${this.jid.slice(0, 6)}-${this.host.random.hex(12)}`;
      const now = this.host.clock.now();
      this.pushCheckpoint({
        id: this.nextCheckpointId++,
        status: 'COMPLETED',
        savepoint: true,
        triggered: now - 500,
        acked: now,
        stateSize: this.stateSize(),
        externalPath: location,
      });
      this.host.savepointWritten({ location, entryClass: this.program.entryClass, offsets: [...this.offsets] });
      op.location = location;
      this.host.log(`Job ${this.name} (${this.jid}) switched from state RUNNING to FINISHED.`);
      this.stopRunning();
      this.terminate('FINISHED');
    });
  }

  /** Called when the cluster goes away: the job ends without a word from anyone. */
  dispose(): void {
    this.stopRunning();
  }

  private enter(state: JobState): void {
    const now = this.host.clock.now();
    if (this.state !== state && this.timestamps[this.state] !== undefined)
      this.host.log(`Job ${this.name} (${this.jid}) switched from state ${this.state} to ${state}.`);
    const changed = this.state !== state;
    this.state = state;
    this.timestamps[state] ??= now;
    this.lastModification = now;
    if (changed) this.host.stateChanged?.(this);
  }

  /** Waits for slots (as the scheduler does), then runs; no slots within the timeout fails the job. */
  private schedule(): void {
    const slots = this.host.allocate(this.jid, this.parallelism);
    if (!slots) {
      if (this.host.clock.now() - this.waitingSince >= SLOT_REQUEST_TIMEOUT_MS) {
        this.fail(
          'org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException',
          `Could not acquire the minimum required resources.`,
          ['\tat org.apache.flink.runtime.scheduler.DefaultScheduler.lambda$assignResource$4(DefaultScheduler.java:393)'],
          undefined,
          0,
          true,
        );
        return;
      }
      if (this.state !== 'RUNNING') this.enter('RUNNING');
      this.ticker = this.host.clock.after(TICK_MS, () => this.schedule());
      return;
    }
    this.slots = slots;
    this.attemptRecords = 0;
    for (const v of this.vertices) v.io = zeroIo();
    this.enter('RUNNING');
    slots.forEach((slot, i) =>
      this.host.log(`${this.vertices[0].name} (${i + 1}/${this.parallelism})#${this.attempt} switched from DEPLOYING to RUNNING.`, slot),
    );
    this.ticker = this.host.clock.after(TICK_MS, () => this.tick());
    this.checkpointTimer = this.host.clock.after(this.checkpointIntervalMs, () => this.checkpoint());
  }

  private tick(): void {
    if (this.state !== 'RUNNING') return;
    const simple = simpleName(this.program.entryClass);
    const busy = Math.min(0.95, 0.05 + this.rate / 2000);
    const backPressured = Math.max(0, Math.min(0.9, (this.rate - 500) / 2000));
    let emitted = 0;
    for (let subtask = 0; subtask < this.parallelism; subtask++) {
      for (let r = 0; r < this.rate; r++) {
        if (this.bounded !== undefined && this.totalRecords >= this.bounded) break;
        const seq = ++this.offsets[subtask];
        this.attemptRecords++;
        this.totalRecords++;
        emitted++;
        if (this.failAfter !== undefined && this.attemptRecords >= this.failAfter) {
          this.count(emitted, busy, backPressured);
          return this.failRecord(seq, subtask);
        }
        // Flink's print sink prefixes a line with the subtask's number only when it runs in parallel.
        const prefix = this.parallelism > 1 ? `${subtask + 1}> ` : '';
        this.host.print(`${prefix}${simple}Event{seq=${seq}, subtask=${subtask}}`, this.slots[subtask]);
      }
    }
    this.count(emitted, busy, backPressured);
    if (this.bounded !== undefined && this.totalRecords >= this.bounded) {
      this.stopRunning();
      return this.terminate('FINISHED');
    }
    this.ticker = this.host.clock.after(TICK_MS, () => this.tick());
  }

  private count(records: number, busy: number, backPressured: number): void {
    for (const v of this.vertices) {
      if (v.role === 'source') {
        v.io.writeRecords += records;
        v.io.writeBytes += records * PAYLOAD_BYTES;
      } else {
        v.io.readRecords += records;
        v.io.readBytes += records * PAYLOAD_BYTES;
      }
      const share = v.role === 'source' ? backPressured : 0;
      v.io.busyMs += TICK_MS * busy;
      v.io.backPressuredMs += TICK_MS * share;
      v.io.idleMs += TICK_MS * Math.max(0, 1 - busy - share);
    }
  }

  private failRecord(seq: number, subtask: number): void {
    const { className, message, frames } = mapFailure(this.program, seq, this.failAfter);
    this.fail(className, message, frames, this.slots[subtask], subtask, false);
  }

  private fail(className: string, message: string, frames: string[], slot: Slot | undefined, subtask: number, final: boolean): void {
    const now = this.host.clock.now();
    const taskName = `${this.vertices[0].name} (${subtask + 1}/${this.parallelism})`;
    const stacktrace = [`${className}: ${message}`, ...frames].join('\n');
    const where = slot ?? { tmId: 'unassigned', podUid: '', host: 'unassigned' };
    this.failures.unshift({ exceptionName: className, message, stacktrace, timestamp: now, taskName, slot: where, subtask });
    if (slot) {
      this.host.log(`${taskName}#${this.attempt} switched from RUNNING to FAILED with failure cause:`, slot, 'WARN');
      for (const line of stacktrace.split('\n')) this.host.print(line, slot);
    }
    this.stopRunning();
    const exhausted = final || this.attempt >= this.restartAttempts;
    if (exhausted) {
      this.host.log(
        `Job ${this.name} (${this.jid}) failed: Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${this.restartAttempts}, backoffTimeMS=${this.restartDelayMs})`,
      );
      this.enter('FAILING');
      this.terminate('FAILED');
      return;
    }
    this.enter('RESTARTING');
    this.host.clock.after(this.restartDelayMs, () => {
      if (this.state !== 'RESTARTING') return;
      this.attempt++;
      this.waitingSince = this.host.clock.now();
      this.schedule();
    });
  }

  private checkpoint(): void {
    if (this.state !== 'RUNNING' || !this.slots.length) return;
    const now = this.host.clock.now();
    const dir = this.host.config('state.checkpoints.dir');
    const record: CheckpointRecord = {
      id: this.nextCheckpointId++,
      status: 'IN_PROGRESS',
      savepoint: false,
      triggered: now,
      acked: now,
      stateSize: this.stateSize(),
    };
    this.pushCheckpoint(record);
    const duration = 80 + Math.floor(this.host.random.next() * 120);
    this.host.clock.after(duration, () => {
      if (record.status !== 'IN_PROGRESS') return;
      if (this.state !== 'RUNNING') {
        record.status = 'FAILED';
        this.checkpointCounts.failed++;
        return;
      }
      record.status = 'COMPLETED';
      record.acked = this.host.clock.now();
      record.externalPath = dir ? `${dir.replace(/\/$/, '')}/${this.jid}/chk-${record.id}` : '<checkpoint-not-externally-addressable>';
      this.checkpointCounts.completed++;
      this.host.log(
        `Completed checkpoint ${record.id} for job ${this.jid} (${record.stateSize} bytes, checkpointDuration=${duration} ms, finalizationTime=1 ms).`,
      );
    });
    this.checkpointTimer = this.host.clock.after(this.checkpointIntervalMs, () => this.checkpoint());
  }

  private pushCheckpoint(record: CheckpointRecord): void {
    this.checkpoints.unshift(record);
    this.checkpointCounts.total++;
    if (record.status === 'COMPLETED') this.checkpointCounts.completed++;
    if (this.checkpoints.length > HISTORY) this.checkpoints.length = HISTORY;
  }

  private stateSize(): number {
    return 4096 + this.offsets.length * 64;
  }

  private stopRunning(): void {
    this.ticker?.cancel();
    this.checkpointTimer?.cancel();
    this.ticker = this.checkpointTimer = undefined;
    for (const c of this.checkpoints)
      if (c.status === 'IN_PROGRESS') {
        c.status = 'FAILED';
        this.checkpointCounts.failed++;
      }
    this.host.release(this.jid);
    this.slots = [];
  }

  private terminate(state: JobState): void {
    if (TERMINAL.has(this.state)) return;
    this.enter(state);
    this.endTime = this.host.clock.now();
  }
}

function zeroIo(): IoCounters {
  return { readRecords: 0, writeRecords: 0, readBytes: 0, writeBytes: 0, busyMs: 0, idleMs: 0, backPressuredMs: 0 };
}

function exception(className: string, message: string): { className: string; stacktrace: string } {
  return {
    className,
    stacktrace: `${className}: ${message}\n\tat org.apache.flink.runtime.scheduler.SchedulerBase.lambda$stopWithSavepoint$9(SchedulerBase.java:1043)`,
  };
}
