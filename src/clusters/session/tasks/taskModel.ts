import { KubeObject } from '../../../kube/resources';
import { TASK_STATES, TASK_STATES_IN_ORDER, TaskState } from '../../../../shared/clusters/taskStates';
import type { JobOverview } from './flinkRest';
import type { FlinkTask, SessionJobInfo, SessionRef } from './taskTypes';

export const taskKey = (ref: SessionRef, id: string): string => `${ref.namespace}/${ref.cluster}/${id}`;

/** The session cluster of a task key, or undefined for a key that is not one. */
export function refOfKey(key: string): SessionRef | undefined {
  const [namespace, cluster, ...rest] = key.split('/');
  return namespace && cluster && rest.length ? { namespace, cluster } : undefined;
}

/** The first non-empty line of a text, trimmed. */
export function firstLine(text: string | null | undefined): string | undefined {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
}

/**
 * The operator's `status.error`: JSON such as `{"type":"…","message":"…","throwableList":[…]}`
 * from operator 1.x, plain text from older ones. Answers the message's first line.
 */
export function operatorErrorMessage(error: string | undefined): string | undefined {
  if (!error?.trim()) return undefined;
  try {
    const parsed = JSON.parse(error);
    if (parsed && typeof parsed === 'object' && typeof parsed.message === 'string' && parsed.message.trim())
      return firstLine(parsed.message);
  } catch {
    // Not JSON: the text is the message.
  }
  return firstLine(error);
}

const isTaskState = (s: unknown): s is TaskState => typeof s === 'string' && (TASK_STATES_IN_ORDER as readonly string[]).includes(s);
const asState = (s: unknown): TaskState => (isTaskState(s) ? s : 'UNKNOWN');

/** What the product shows of a FlinkSessionJob. */
export function sessionJobInfo(cr: KubeObject): SessionJobInfo {
  const job = cr.spec?.job ?? {};
  const status = cr.status ?? {};
  const mode = job.upgradeMode;
  return {
    name: cr.metadata.name,
    uid: cr.metadata.uid,
    jarURI: typeof job.jarURI === 'string' ? job.jarURI : '',
    entryClass: typeof job.entryClass === 'string' ? job.entryClass : undefined,
    args: Array.isArray(job.args) ? job.args.filter((a: unknown): a is string => typeof a === 'string') : [],
    parallelism: Number.isInteger(job.parallelism) ? job.parallelism : undefined,
    upgradeMode: mode === 'savepoint' || mode === 'last-state' ? mode : 'stateless',
    desiredState: job.state === 'suspended' ? 'suspended' : 'running',
    lifecycleState: typeof status.lifecycleState === 'string' ? status.lifecycleState : undefined,
    error: typeof status.error === 'string' && status.error ? status.error : undefined,
    lastSavepoint: status.jobStatus?.savepointInfo?.lastSavepoint?.location ?? status.jobStatus?.upgradeSavepointPath ?? undefined,
    generation: cr.metadata.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : undefined,
  };
}

/**
 * A FlinkSessionJob's state. Being deleted wins; a suspended job reads SUSPENDED once its job is
 * no longer live; a job the JobManager lists shows the JobManager's state, which is fresher than
 * the operator's copy; otherwise the operator's lifecycle and job status say it.
 */
export function sessionJobState(cr: KubeObject, live: JobOverview | undefined): TaskState {
  if (cr.metadata.deletionTimestamp) return 'DELETING';
  const info = sessionJobInfo(cr);
  const restState = live ? asState(live.state) : undefined;
  const suspendedNow = info.lifecycleState === 'SUSPENDED' || info.desiredState === 'suspended';
  if (suspendedNow && !(restState && TASK_STATES[restState].live)) return 'SUSPENDED';
  if (restState) return restState;
  if (info.lifecycleState === 'UPGRADING') return 'UPGRADING';
  const opState = cr.status?.jobStatus?.state;
  if (isTaskState(opState)) return opState;
  // No job yet: an error means the operator could not submit it (and will try again).
  if (info.error) return 'FAILED';
  return 'RECONCILING';
}

const parseTime = (s: unknown): number | undefined => {
  const n = typeof s === 'string' ? (/^\d+$/.test(s) ? Number(s) : Date.parse(s)) : typeof s === 'number' ? s : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

export interface TaskMergeInput {
  readonly ref: SessionRef;
  /** The watched FlinkSessionJobs of this cluster. */
  readonly sessionJobs: readonly KubeObject[];
  /** The JobManager's `/jobs/overview`; undefined while it is not known. */
  readonly jobs?: readonly JobOverview[];
  /** Root-exception first lines of failed jobs, by job id. */
  readonly failures?: ReadonlyMap<string, string>;
  /** The remembered run a job id was started by (TaskRunStore.lastJob), by job id. */
  readonly runOfJob?: ReadonlyMap<string, string>;
  /** Remembered run names (a FlinkSessionJob named like one is that run's). */
  readonly runNames?: ReadonlySet<string>;
}

function fromJob(task: Partial<FlinkTask>, job: JobOverview | undefined): Partial<FlinkTask> {
  if (!job) return task;
  const end = job['end-time'] > 0 ? job['end-time'] : undefined;
  return {
    ...task,
    jobId: job.jid,
    jobName: job.name,
    startTime: job['start-time'] > 0 ? job['start-time'] : task.startTime,
    endTime: end,
    durationMs: job.duration >= 0 ? job.duration : undefined,
    subtasks: job.tasks,
  };
}

/**
 * The tasks of one session cluster: each FlinkSessionJob merged with its job by
 * `status.jobStatus.jobId`, then every job no FlinkSessionJob names, newest first.
 */
export function mergeTasks(input: TaskMergeInput): FlinkTask[] {
  const { ref } = input;
  const byId = new Map((input.jobs ?? []).map((j) => [j.jid, j]));
  const claimed = new Set<string>();
  const tasks: (FlinkTask & { readonly order: number })[] = [];
  for (const cr of input.sessionJobs) {
    const info = sessionJobInfo(cr);
    const jobId: string | undefined = cr.status?.jobStatus?.jobId || undefined;
    const live = jobId ? byId.get(jobId) : undefined;
    if (jobId) claimed.add(jobId);
    const state = sessionJobState(cr, live);
    const restFailure = jobId ? input.failures?.get(jobId) : undefined;
    const failure =
      state === 'FAILED' || state === 'FAILING' || state === 'RESTARTING' || info.error
        ? (restFailure ?? operatorErrorMessage(info.error))
        : undefined;
    const base: Partial<FlinkTask> = fromJob(
      {
        jobId,
        jobName: cr.status?.jobStatus?.jobName || undefined,
        startTime: parseTime(cr.status?.jobStatus?.startTime),
        parallelism: info.parallelism,
      },
      live,
    );
    tasks.push({
      ...base,
      ...ref,
      key: taskKey(ref, info.name),
      name: info.name,
      state,
      managed: true,
      sessionJob: info,
      ...(failure ? { failure } : {}),
      ...(input.runNames?.has(info.name) ? { runName: info.name } : {}),
      order: base.startTime ?? parseTime(cr.metadata.creationTimestamp) ?? Number.MAX_SAFE_INTEGER,
    });
  }
  for (const job of input.jobs ?? []) {
    if (claimed.has(job.jid)) continue;
    const state = asState(job.state);
    const failure = state === 'FAILED' || state === 'FAILING' || state === 'RESTARTING' ? input.failures?.get(job.jid) : undefined;
    const runName = input.runOfJob?.get(job.jid);
    tasks.push({
      ...(fromJob({}, job) as FlinkTask),
      ...ref,
      key: taskKey(ref, job.jid),
      // A run this workspace started goes by the name the user gave it; the job's own name stays in jobName.
      name: runName ?? job.name,
      jobName: job.name,
      state,
      managed: false,
      ...(failure ? { failure } : {}),
      ...(runName ? { runName } : {}),
      order: job['start-time'] > 0 ? job['start-time'] : Number.MAX_SAFE_INTEGER,
    });
  }
  tasks.sort((a, b) => b.order - a.order || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return tasks.map(({ order: _order, ...t }) => t);
}

/** Whether two task lists show the same (so an unchanged poll fires nothing). */
export function sameTasks(a: readonly FlinkTask[] | undefined, b: readonly FlinkTask[] | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
