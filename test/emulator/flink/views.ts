import { CheckpointRecord, FlinkJob, IoCounters, TERMINAL } from './jobs';
import { JobManager } from './jobManager';

/** The JSON bodies of the REST API, in the shapes Flink 1.20 writes them. */

export const FLINK_VERSION = '1.20.0';
export const FLINK_REVISION = 'b1fe7b4 @ 2024-07-25T12:17:00+02:00';

const EXECUTION_STATES = [
  'CREATED',
  'SCHEDULED',
  'DEPLOYING',
  'RUNNING',
  'FINISHED',
  'CANCELING',
  'CANCELED',
  'FAILED',
  'RECONCILING',
  'INITIALIZING',
];

export function dashboardConfig(): unknown {
  return {
    'refresh-interval': 3000,
    'timezone-name': 'Coordinated Universal Time',
    'timezone-offset': 0,
    'flink-version': FLINK_VERSION,
    'flink-revision': FLINK_REVISION,
    features: { 'web-submit': true, 'web-cancel': true, 'web-rescale': false, 'web-history': false },
  };
}

export function clusterOverview(jm: JobManager): unknown {
  const tms = jm.taskManagers();
  const jobs = [...jm.jobs.values()];
  const count = (s: string) => jobs.filter((j) => j.state === s).length;
  return {
    taskmanagers: tms.length,
    'slots-total': tms.reduce((n, t) => n + t.slots, 0),
    'slots-available': tms.reduce((n, t) => n + t.free, 0),
    'jobs-running': jobs.filter((j) => !TERMINAL.has(j.state)).length,
    'jobs-finished': count('FINISHED'),
    'jobs-cancelled': count('CANCELED'),
    'jobs-failed': count('FAILED'),
    'flink-version': FLINK_VERSION,
    'flink-commit': FLINK_REVISION.split(' ')[0],
    'taskmanagers-blocked': 0,
    'slots-free-and-blocked': 0,
  };
}

export function taskManagers(jm: JobManager): unknown {
  const mb = 1024 * 1024;
  return {
    taskmanagers: jm.taskManagers().map((tm) => {
      const resource = (slots: number) => ({
        cpuCores: slots,
        taskHeapMemory: 384 * slots,
        taskOffHeapMemory: 0,
        managedMemory: 512 * slots,
        networkMemory: 128 * slots,
        extendedResources: {},
      });
      return {
        id: tm.id,
        path: `pekko.tcp://flink@${tm.pod.status?.podIP ?? tm.pod.metadata.name}:6122/user/rpc/taskmanager_0`,
        dataPort: 6121,
        jmxPort: -1,
        timeSinceLastHeartbeat: jm.clock.now() - 2_000,
        slotsNumber: tm.slots,
        freeSlots: tm.free,
        totalResource: resource(tm.slots),
        freeResource: resource(tm.free),
        hardware: { cpuCores: 1, physicalMemory: 1024 * mb, freeMemory: 402 * mb, managedMemory: 512 * mb },
        memoryConfiguration: {
          frameworkHeap: 128 * mb,
          taskHeap: 384 * mb,
          frameworkOffHeap: 128 * mb,
          taskOffHeap: 0,
          networkMemory: 128 * mb,
          managedMemory: 512 * mb,
          jvmMetaspace: 256 * mb,
          jvmOverhead: 192 * mb,
          totalFlinkMemory: 1280 * mb,
          totalProcessMemory: 1728 * mb,
        },
        blocked: false,
      };
    }),
  };
}

export function jarList(jm: JobManager): unknown {
  return {
    address: `http://${jm.cluster}-rest.${jm.namespace}:8081`,
    files: [...jm.jars.values()]
      .sort((a, b) => b.uploaded - a.uploaded)
      .map((j) => ({
        id: j.id,
        name: j.name,
        uploaded: j.uploaded,
        entry: j.entryClass ? [{ name: j.entryClass, description: null }] : [],
      })),
  };
}

function taskCounts(job: FlinkJob, perVertex: number): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(EXECUTION_STATES.map((s) => [s, 0]));
  counts[job.taskState()] += perVertex;
  return counts;
}

export function jobOverview(jm: JobManager): unknown {
  return {
    jobs: [...jm.jobs.values()].map((job) => {
      const now = jm.clock.now();
      const lower = Object.fromEntries(
        Object.entries(taskCounts(job, job.parallelism * job.vertices.length)).map(([k, v]) => [k.toLowerCase(), v]),
      );
      return {
        jid: job.jid,
        name: job.name,
        state: job.state,
        'start-time': job.startTime,
        'end-time': job.endTime,
        duration: (job.endTime > 0 ? job.endTime : now) - job.startTime,
        'last-modification': job.lastModification,
        tasks: { total: job.parallelism * job.vertices.length, ...lower, pending: 0 },
      };
    }),
  };
}

function ioMetrics(io: IoCounters): unknown {
  return {
    'read-bytes': io.readBytes,
    'read-bytes-complete': true,
    'write-bytes': io.writeBytes,
    'write-bytes-complete': true,
    'read-records': io.readRecords,
    'read-records-complete': true,
    'write-records': io.writeRecords,
    'write-records-complete': true,
    'accumulated-backpressured-time': Math.round(io.backPressuredMs),
    'accumulated-idle-time': Math.round(io.idleMs),
    'accumulated-busy-time': io.busyMs,
  };
}

export function jobDetails(jm: JobManager, job: FlinkJob): unknown {
  const now = jm.clock.now();
  const end = job.endTime > 0 ? job.endTime : now;
  const timestamps: Record<string, number> = {};
  for (const s of ['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'FINISHED', 'RESTARTING'] as const)
    timestamps[s] = job.timestamps[s] ?? 0;
  return {
    jid: job.jid,
    name: job.name,
    isStoppable: false,
    state: job.state,
    'job-type': 'STREAMING',
    'start-time': job.startTime,
    'end-time': job.endTime,
    duration: end - job.startTime,
    maxParallelism: -1,
    now,
    timestamps,
    vertices: job.vertices.map((v) => ({
      id: v.id,
      slotSharingGroupId: job.vertices[0].id.split('').reverse().join(''),
      name: v.name,
      maxParallelism: 128,
      parallelism: job.parallelism,
      status: job.taskState(),
      'start-time': job.timestamps.RUNNING ?? -1,
      'end-time': TERMINAL.has(job.state) ? job.endTime : -1,
      duration: end - (job.timestamps.RUNNING ?? job.startTime),
      tasks: taskCounts(job, job.parallelism),
      metrics: ioMetrics(v.io),
    })),
    'status-counts': taskCounts(job, job.vertices.length),
    plan: {
      jid: job.jid,
      name: job.name,
      type: 'STREAMING',
      nodes: job.vertices.map((v, i) => ({
        id: v.id,
        parallelism: job.parallelism,
        operator: '',
        operator_strategy: '',
        description: v.name,
        ...(i > 0 ? { inputs: [{ num: 0, id: job.vertices[i - 1].id, ship_strategy: 'FORWARD', exchange: 'pipelined_bounded' }] } : {}),
        optimizer_properties: {},
      })),
    },
  };
}

/**
 * Where a vertex's subtasks run, one entry per TaskManager, as JobVertexTaskManagersHandler writes
 * it: `host` is the TaskManager's address and data port, `taskmanager-id` its resource id.
 */
export function vertexTaskManagers(jm: JobManager, job: FlinkJob, vertexId: string): unknown {
  const vertex = job.vertices.find((v) => v.id === vertexId);
  if (!vertex) return undefined;
  const now = jm.clock.now();
  const end = job.endTime > 0 ? job.endTime : now;
  const byTm = new Map<string, { host: string; subtasks: number }>();
  for (const slot of job.slots) {
    const tm = byTm.get(slot.tmId) ?? { host: slot.host, subtasks: 0 };
    tm.subtasks++;
    byTm.set(slot.tmId, tm);
  }
  return {
    id: vertex.id,
    name: vertex.name,
    now,
    taskmanagers: [...byTm].map(([tmId, tm]) => ({
      host: `${tm.host}:6121`,
      status: job.taskState(),
      'start-time': job.timestamps.RUNNING ?? job.startTime,
      'end-time': TERMINAL.has(job.state) ? job.endTime : -1,
      duration: end - (job.timestamps.RUNNING ?? job.startTime),
      metrics: ioMetrics(vertex.io),
      'status-counts': taskCounts(job, tm.subtasks),
      'taskmanager-id': tmId,
    })),
  };
}

export function jobConfig(job: FlinkJob): unknown {
  // Flink writes JobConfigInfo with its own serializer: jid/name/execution-config, not the
  // jobId/jobName/executionConfigInfo the generated spec lists.
  return {
    jid: job.jid,
    name: job.name,
    'execution-config': {
      'execution-mode': 'PIPELINED',
      'restart-strategy': `Restart with fixed delay (${job.restartDelayMs} ms). #${job.restartAttempts} restart attempts.`,
      'job-parallelism': job.parallelism,
      'object-reuse-mode': false,
      'user-config': Object.fromEntries(
        job.program.args.flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] ?? '']] : [])),
      ),
    },
  };
}

export function jobExceptions(job: FlinkJob, max: number): unknown {
  const entries = job.failures.slice(0, max).map((f) => ({
    exceptionName: f.exceptionName,
    stacktrace: f.stacktrace,
    timestamp: f.timestamp,
    taskName: f.taskName,
    endpoint: `${f.slot.host}:6121`,
    taskManagerId: f.slot.tmId,
    failureLabels: {},
    concurrentExceptions: [],
  }));
  const root = job.failures[0];
  return {
    'root-exception': root?.stacktrace ?? null,
    timestamp: root?.timestamp ?? null,
    'all-exceptions': [],
    truncated: false,
    exceptionHistory: { entries, truncated: job.failures.length > max },
  };
}

function checkpointEntry(job: FlinkJob, c: CheckpointRecord): Record<string, unknown> {
  const done = c.status !== 'IN_PROGRESS';
  const acked = done ? job.parallelism * job.vertices.length : 0;
  const perTask = (vertexId: string) => ({
    id: c.id,
    status: c.status,
    latest_ack_timestamp: done ? c.acked : -1,
    checkpointed_size: Math.round(c.stateSize / job.vertices.length),
    state_size: Math.round(c.stateSize / job.vertices.length),
    end_to_end_duration: done ? c.acked - c.triggered : -1,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: job.parallelism,
    num_acknowledged_subtasks: done ? job.parallelism : 0,
    vertexId,
  });
  return {
    className: c.status === 'COMPLETED' ? 'completed' : c.status === 'FAILED' ? 'failed' : 'in_progress',
    id: c.id,
    status: c.status,
    is_savepoint: c.savepoint,
    savepointFormat: c.savepoint ? 'CANONICAL' : null,
    trigger_timestamp: c.triggered,
    latest_ack_timestamp: done ? c.acked : -1,
    checkpointed_size: c.stateSize,
    state_size: c.stateSize,
    end_to_end_duration: done ? c.acked - c.triggered : -1,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: job.parallelism * job.vertices.length,
    num_acknowledged_subtasks: acked,
    checkpoint_type: c.savepoint ? 'SYNC_SAVEPOINT' : 'CHECKPOINT',
    tasks: Object.fromEntries(job.vertices.map((v) => [v.id, perTask(v.id)])),
    ...(c.status === 'COMPLETED' ? { external_path: c.externalPath, discarded: false } : {}),
    ...(c.status === 'FAILED' ? { failure_timestamp: c.acked, failure_message: 'Checkpoint was aborted' } : {}),
  };
}

function summary(values: number[]): unknown {
  if (!values.length) return { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const avg = Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length);
  return { min: sorted[0], max: sorted[sorted.length - 1], avg, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), p999: at(0.999) };
}

export function checkpointStats(job: FlinkJob): unknown {
  const completed = job.checkpoints.filter((c) => c.status === 'COMPLETED');
  const latest = (pred: (c: CheckpointRecord) => boolean) => {
    const c = job.checkpoints.find(pred);
    return c ? checkpointEntry(job, c) : null;
  };
  return {
    counts: {
      restored: job.restored ? 1 : 0,
      total: job.checkpointCounts.total,
      in_progress: job.checkpoints.filter((c) => c.status === 'IN_PROGRESS').length,
      completed: job.checkpointCounts.completed,
      failed: job.checkpointCounts.failed,
    },
    summary: {
      checkpointed_size: summary(completed.map((c) => c.stateSize)),
      state_size: summary(completed.map((c) => c.stateSize)),
      end_to_end_duration: summary(completed.map((c) => c.acked - c.triggered)),
      alignment_buffered: summary(completed.map(() => 0)),
      processed_data: summary(completed.map(() => 0)),
      persisted_data: summary(completed.map(() => 0)),
    },
    latest: {
      completed: latest((c) => c.status === 'COMPLETED' && !c.savepoint),
      savepoint: latest((c) => c.status === 'COMPLETED' && c.savepoint),
      failed: latest((c) => c.status === 'FAILED'),
      restored: job.restored
        ? { id: job.restored.id, restore_timestamp: job.restored.at, is_savepoint: true, external_path: job.restored.path }
        : null,
    },
    history: job.checkpoints.map((c) => checkpointEntry(job, c)),
  };
}
