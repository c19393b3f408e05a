import type { Event } from '../../../common/event';
import type { TaskAction, TaskState } from '../../../../shared/clusters/taskStates';
import type { FlinkRest } from './flinkRest';

/** The session cluster a task runs on. */
export interface SessionRef {
  readonly namespace: string;
  readonly cluster: string;
}

/**
 * One task on a session cluster: the operator's `FlinkSessionJob` and the JobManager's job merged
 * by job id. A FlinkSessionJob whose job has not started yet is a task without a job id; a job the
 * JobManager runs that no FlinkSessionJob names is a task without a session job.
 */
export interface FlinkTask extends SessionRef {
  /** Stable across refreshes: `${namespace}/${cluster}/${sessionJob name | job id}`. */
  readonly key: string;
  /** The FlinkSessionJob's name, else the job's name. */
  readonly name: string;
  readonly jobId?: string;
  readonly jobName?: string;
  readonly state: TaskState;
  /** Run by the operator for a FlinkSessionJob. */
  readonly managed: boolean;
  readonly sessionJob?: SessionJobInfo;
  /** Epoch ms; undefined while unknown. */
  readonly startTime?: number;
  readonly endTime?: number;
  readonly durationMs?: number;
  readonly parallelism?: number;
  /** Task counts per execution state, from the JobManager. */
  readonly subtasks?: Readonly<Record<string, number>>;
  /** One sentence saying why it failed: the root exception's first line, or the operator's error. */
  readonly failure?: string;
  /** The name of the remembered run this task came from, when this workspace started it. */
  readonly runName?: string;
}

export interface SessionJobInfo {
  readonly name: string;
  readonly uid: string;
  readonly jarURI: string;
  readonly entryClass?: string;
  readonly args: readonly string[];
  readonly parallelism?: number;
  readonly upgradeMode: 'stateless' | 'savepoint' | 'last-state';
  /** spec.job.state: what the user asked for. */
  readonly desiredState: 'running' | 'suspended';
  readonly lifecycleState?: string;
  readonly error?: string;
  readonly lastSavepoint?: string;
  readonly generation?: number;
  readonly observedGeneration?: number;
}

/** Where the jar of a run comes from. */
export type TaskSource = { readonly kind: 'jar'; readonly path: string } | { readonly kind: 'uri'; readonly jarURI: string };

/** Everything a run needs, remembered per workspace under its name so Run Again is one action. */
export interface TaskRunParams extends SessionRef {
  /** The task's name: a DNS-1123 name (it names the FlinkSessionJob for a URI run). */
  readonly name: string;
  readonly source: TaskSource;
  readonly entryClass?: string;
  readonly args: readonly string[];
  readonly parallelism?: number;
  readonly savepointPath?: string;
  readonly allowNonRestoredState?: boolean;
  /** For a URI run: the FlinkSessionJob's upgrade mode. */
  readonly upgradeMode?: 'stateless' | 'savepoint' | 'last-state';
}

/** The runs this workspace remembers (a VS Code workspaceState behind it). */
export interface TaskRunStore {
  get(name: string): TaskRunParams | undefined;
  list(): readonly TaskRunParams[];
  set(params: TaskRunParams): Promise<void>;
  /** The job a run started last (so the task list knows which job is that run's). */
  setLastJob(name: string, jobId: string): Promise<void>;
  lastJob(name: string): string | undefined;
}

export type RunProgress = (message: string, fraction?: number) => void;

/** The tasks of the watched session clusters, and what can be done to them. */
export interface TaskService {
  /** Fires with the session cluster whose task list changed. */
  readonly onDidChange: Event<SessionRef>;
  /** The merged tasks of one session cluster, newest first; undefined before anything is known. */
  tasksOf(ref: SessionRef): readonly FlinkTask[] | undefined;
  task(key: string): FlinkTask | undefined;
  /**
   * Keeps the JobManager's job list fresh while someone looks (the Tasks tab, a task panel, the
   * tree expanded): polls `/jobs/overview` while the cluster is Running, backing off when idle.
   */
  watch(ref: SessionRef): { dispose(): void };
  /** The REST API of the cluster's JobManager, through the product's port-forward. */
  rest(ref: SessionRef): Promise<FlinkRest>;
  /** Total and free task slots, for the parallelism picker. */
  slots(ref: SessionRef): Promise<{ readonly total: number; readonly free: number }>;
  /** Why the user may not do `action` on this task (state, rights), or undefined. */
  refusal(task: FlinkTask, action: TaskAction): string | undefined;
  /** Runs (or runs again, stopping the old run with a savepoint first unless `clean`). */
  run(
    params: TaskRunParams,
    opts: { readonly clean?: boolean; readonly progress?: RunProgress; readonly signal?: AbortSignal },
  ): Promise<FlinkTask>;
  /** Stop with a savepoint (answers its location), or cancel. */
  stop(task: FlinkTask, mode: 'savepoint' | 'cancel', signal?: AbortSignal): Promise<string | undefined>;
  suspend(task: FlinkTask): Promise<void>;
  resume(task: FlinkTask): Promise<void>;
  delete(task: FlinkTask): Promise<void>;
}
