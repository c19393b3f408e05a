/**
 * What the task panel shows, made from the task service's task and the JobManager's REST answers
 * (pure): the header's task, the job graph with rates between two reads, the exceptions with
 * their traces parsed, the checkpoints and the configuration. Strings from the cluster stay data.
 */
import type { TaskAction } from '../../../shared/clusters/taskStates';
import type {
  CheckpointRow,
  CheckpointsData,
  ConfigData,
  ExceptionEntry,
  GraphData,
  GraphVertex,
  TaskActionsData,
  TaskPanelAction,
  TaskView,
} from '../../../shared/protocol/taskPage';
import type { CheckpointEntry, CheckpointStatistics, JobConfig, JobDetails, JobExceptions } from '../../clusters/session/tasks/flinkRest';
import type { FlinkTask } from '../../clusters/session/tasks/taskTypes';
import { exceptionName, parseStackTrace } from './stackFrames';

const cut = (s: string | undefined | null, max: number): string | undefined => (s == null ? undefined : s.slice(0, max));
const nonNegative = (n: number | undefined): number | undefined =>
  n !== undefined && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
const opt = <K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: V }));

export function taskView(t: FlinkTask, restarts?: number): TaskView {
  const sj = t.sessionJob;
  return {
    key: t.key.slice(0, 400),
    name: t.name.slice(0, 300),
    namespace: t.namespace,
    cluster: t.cluster,
    ...opt('jobId', cut(t.jobId, 64)),
    ...opt('jobName', cut(t.jobName, 1000)),
    state: t.state,
    managed: t.managed,
    ...opt('failure', cut(t.failure, 4000)),
    ...opt('startTime', nonNegative(t.startTime)),
    ...opt('endTime', nonNegative(t.endTime)),
    ...opt('durationMs', nonNegative(t.durationMs)),
    ...opt('parallelism', nonNegative(t.parallelism ?? sj?.parallelism)),
    ...opt('restarts', nonNegative(restarts)),
    subtasks: Object.entries(t.subtasks ?? {})
      .filter(([, n]) => n > 0)
      .slice(0, 20)
      .map(([state, count]) => ({ state: state.slice(0, 64), count: Math.max(0, Math.round(count)) })),
    ...opt('jarURI', cut(sj?.jarURI, 2000)),
    ...opt('entryClass', cut(sj?.entryClass, 1000)),
    args: (sj?.args ?? []).slice(0, 200).map((a) => a.slice(0, 4000)),
    ...opt('upgradeMode', sj?.upgradeMode),
    ...opt('desiredState', sj?.desiredState),
    ...opt('lastSavepoint', cut(sj?.lastSavepoint, 2000)),
    ...opt('runName', cut(t.runName, 300)),
  };
}

/** The changing actions that make sense for this kind of task (the others are never offered, so not shown). */
export function applicableActions(t: Pick<FlinkTask, 'managed'>): readonly TaskAction[] {
  return t.managed ? ['suspend', 'resume', 'runAgain', 'delete'] : ['stop', 'cancel', 'runAgain'];
}

/** The header's buttons: each applicable action with its refusal, then the two views. */
export function actionsData(
  t: FlinkTask | undefined,
  refusal: (a: TaskAction) => string | undefined,
  running: ReadonlySet<TaskPanelAction>,
  goneReason: string,
): TaskActionsData {
  if (!t) return { list: [], running: [] };
  const list: { action: TaskPanelAction; refusal?: string }[] = applicableActions(t).map((action) => {
    const why = refusal(action);
    return { action, ...opt('refusal', why?.slice(0, 1000)) };
  });
  list.push({ action: 'showTaskLogs' }, { action: 'showTaskOutput' });
  return { list: goneReason ? list.map((a) => ({ action: a.action, refusal: goneReason })) : list, running: [...running] };
}

// ---- graph ----

/** What a graph read remembers for the next one: when, and each vertex's accumulated times. */
export interface GraphSample {
  readonly now: number;
  readonly busy: ReadonlyMap<string, { readonly busy?: number; readonly backpressured?: number }>;
}

const percent = (delta: number | undefined, elapsedMs: number, parallelism: number): number | undefined => {
  if (delta === undefined || elapsedMs <= 0 || parallelism <= 0 || delta < 0) return undefined;
  return Math.min(100, Math.max(0, Math.round((1000 * delta) / (elapsedMs * parallelism)) / 10));
};

/** The vertices' columns: each one right of all its inputs (a cycle, which Flink plans never have, stops at the vertex count). */
export function depths(ids: readonly string[], inputs: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (id: string, guard: number): number => {
    const known = out.get(id);
    if (known !== undefined) return known;
    if (guard > ids.length) return 0;
    const ins = (inputs.get(id) ?? []).filter((i) => ids.includes(i) && i !== id);
    const d = ins.length ? Math.max(...ins.map((i) => visit(i, guard + 1))) + 1 : 0;
    out.set(id, d);
    return d;
  };
  for (const id of ids) visit(id, 0);
  return out;
}

/**
 * The job graph: vertices with their counters and the share of time busy and backpressured since
 * the last read (accumulated-busy-time and accumulated-backpressured-time are milliseconds summed
 * over the subtasks), edges from the plan's inputs.
 */
export function graphOf(job: JobDetails, previous: GraphSample | undefined): { data: GraphData; sample: GraphSample } {
  const nodes = job.plan?.nodes ?? [];
  const inputs = new Map(nodes.map((n) => [n.id, (n.inputs ?? []).map((i) => i.id)] as const));
  const vertices = job.vertices.slice(0, 500);
  const depth = depths(
    vertices.map((v) => v.id),
    inputs,
  );
  const elapsed = previous ? job.now - previous.now : 0;
  const busy = new Map<string, { busy?: number; backpressured?: number }>();
  const out: GraphVertex[] = vertices.map((v) => {
    const m = v.metrics ?? {};
    busy.set(v.id, { busy: m['accumulated-busy-time'], backpressured: m['accumulated-backpressured-time'] });
    const before = previous?.busy.get(v.id);
    const delta = (now: number | undefined, then: number | undefined) => (now !== undefined && then !== undefined ? now - then : undefined);
    return {
      id: v.id.slice(0, 64),
      name: v.name.slice(0, 2000),
      parallelism: Math.max(0, v.parallelism),
      status: v.status.slice(0, 64),
      depth: depth.get(v.id) ?? 0,
      ...opt('recordsIn', nonNegative(m['read-records'])),
      ...opt('recordsOut', nonNegative(m['write-records'])),
      ...opt('bytesIn', nonNegative(m['read-bytes'])),
      ...opt('bytesOut', nonNegative(m['write-bytes'])),
      ...opt('busyPercent', percent(delta(m['accumulated-busy-time'], before?.busy), elapsed, v.parallelism)),
      ...opt('backpressurePercent', percent(delta(m['accumulated-backpressured-time'], before?.backpressured), elapsed, v.parallelism)),
    };
  });
  const ids = new Set(vertices.map((v) => v.id));
  const edges = nodes.flatMap((n) =>
    (n.inputs ?? [])
      .filter((i) => ids.has(i.id) && ids.has(n.id))
      .map((i) => ({ from: i.id.slice(0, 64), to: n.id.slice(0, 64), ...opt('ship', cut(i.ship_strategy, 64)) })),
  );
  return { data: { vertices: out, edges: edges.slice(0, 2000) }, sample: { now: job.now, busy } };
}

// ---- exceptions ----

function entry(trace: string, o: { timestamp?: number | null; taskName?: string | null; location?: string | null }): ExceptionEntry {
  return {
    name: exceptionName(trace).slice(0, 2000),
    ...opt('timestamp', nonNegative(o.timestamp ?? undefined)),
    ...opt('taskName', cut(o.taskName, 1000)),
    ...opt('location', cut(o.location, 500)),
    trace: parseStackTrace(trace),
  };
}

/** The root exception and the history, newest first, traces parsed (frames not yet resolved). */
export function exceptionsOf(x: JobExceptions): { root?: ExceptionEntry; history: ExceptionEntry[]; truncated: boolean } {
  const history = [...x.exceptionHistory.entries]
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, 50)
    .map((e) => entry(e.stacktrace, { timestamp: e.timestamp, taskName: e.taskName, location: e.endpoint ?? e.taskManagerId }));
  const root = x['root-exception'] ? entry(x['root-exception'], { timestamp: x.timestamp }) : undefined;
  return { ...opt('root', root), history, truncated: x.exceptionHistory.truncated || x.exceptionHistory.entries.length > 50 };
}

/** Restarts after failures: the history's entries, but for the one that ended a failed job. */
export const restartsOf = (x: JobExceptions, failed: boolean): number => Math.max(0, x.exceptionHistory.entries.length - (failed ? 1 : 0));

// ---- checkpoints ----

export function checkpointRow(c: CheckpointEntry): CheckpointRow {
  return {
    id: Math.max(0, c.id),
    status: c.status.slice(0, 32),
    savepoint: c.is_savepoint,
    triggered: Math.max(0, c.trigger_timestamp),
    ...opt('acknowledged', nonNegative(c.latest_ack_timestamp > 0 ? c.latest_ack_timestamp : undefined)),
    ...opt('durationMs', nonNegative(c.end_to_end_duration)),
    ...opt('stateSize', nonNegative(c.state_size)),
    ...opt('checkpointedSize', nonNegative(c.checkpointed_size)),
    ...opt('path', cut(c.external_path, 2000)),
    ...opt('failure', cut(c.failure_message, 4000)),
    acks: { done: Math.max(0, c.num_acknowledged_subtasks), of: Math.max(0, c.num_subtasks) },
  };
}

export function checkpointsOf(s: CheckpointStatistics): CheckpointsData {
  const l = s.latest;
  return {
    counts: {
      restored: s.counts.restored,
      total: s.counts.total,
      inProgress: s.counts.in_progress,
      completed: s.counts.completed,
      failed: s.counts.failed,
    },
    ...opt('completed', l.completed ? checkpointRow(l.completed) : undefined),
    ...opt('savepoint', l.savepoint ? checkpointRow(l.savepoint) : undefined),
    ...opt('failed', l.failed ? checkpointRow(l.failed) : undefined),
    ...opt(
      'restored',
      l.restored
        ? {
            id: Math.max(0, l.restored.id),
            ...opt('path', cut(l.restored.external_path, 2000)),
            time: Math.max(0, l.restored.restore_timestamp),
          }
        : undefined,
    ),
    history: s.history.slice(0, 200).map(checkpointRow),
  };
}

// ---- configuration ----

export function configOf(c: JobConfig): ConfigData {
  const e = c['execution-config'];
  return {
    ...opt('executionMode', cut(e?.['execution-mode'], 64)),
    ...opt('restartStrategy', cut(e?.['restart-strategy'], 2000)),
    ...opt(
      'parallelism',
      e?.['job-parallelism'] !== undefined && Number.isSafeInteger(e['job-parallelism']) ? e['job-parallelism'] : undefined,
    ),
    user: Object.entries(e?.['user-config'] ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, 2000)
      .map(([key, value]) => ({ key: key.slice(0, 1000), value: String(value).slice(0, 20_000) })),
  };
}
