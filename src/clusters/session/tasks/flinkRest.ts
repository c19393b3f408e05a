/**
 * The subset of the Flink JobManager REST API (vendor/flink/rest_v1_dispatcher.yml) the product
 * reads and writes, as types and as the port the rest of the product calls. `FlinkRestClient`
 * implements it over HTTP through the product's port-forward to the `<name>-rest` Service.
 * Field names are the wire names, so a response can be checked against the spec as it is.
 */

export interface ClusterOverview {
  readonly taskmanagers: number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'jobs-running': number;
  readonly 'flink-version': string;
}

export interface JobOverview {
  readonly jid: string;
  readonly name: string;
  readonly state: string;
  readonly 'start-time': number;
  /** -1 while the job has not ended. */
  readonly 'end-time': number;
  readonly duration: number;
  readonly 'last-modification': number;
  readonly tasks: Readonly<Record<string, number>>;
}

export interface VertexMetrics {
  readonly 'read-records'?: number;
  readonly 'write-records'?: number;
  readonly 'read-bytes'?: number;
  readonly 'write-bytes'?: number;
  readonly 'accumulated-busy-time'?: number;
  readonly 'accumulated-backpressured-time'?: number;
  readonly 'accumulated-idle-time'?: number;
}

export interface JobVertex {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly status: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly tasks: Readonly<Record<string, number>>;
  readonly metrics: VertexMetrics;
}

export interface PlanNode {
  readonly id: string;
  readonly parallelism: number;
  readonly description: string;
  readonly inputs?: readonly { readonly id: string; readonly ship_strategy?: string }[];
}

export interface JobDetails {
  readonly jid: string;
  readonly name: string;
  readonly state: string;
  readonly 'job-type'?: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly now: number;
  readonly timestamps: Readonly<Record<string, number>>;
  readonly vertices: readonly JobVertex[];
  readonly plan?: { readonly nodes: readonly PlanNode[] };
}

export interface ExceptionHistoryEntry {
  readonly exceptionName: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName?: string | null;
  readonly endpoint?: string | null;
  readonly taskManagerId?: string | null;
}

export interface JobExceptions {
  readonly 'root-exception'?: string | null;
  readonly timestamp?: number | null;
  readonly truncated?: boolean;
  /** Newest first. */
  readonly exceptionHistory: { readonly entries: readonly ExceptionHistoryEntry[]; readonly truncated: boolean };
}

export interface CheckpointEntry {
  readonly id: number;
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | string;
  readonly is_savepoint: boolean;
  readonly trigger_timestamp: number;
  readonly latest_ack_timestamp: number;
  readonly state_size?: number;
  readonly checkpointed_size?: number;
  readonly end_to_end_duration: number;
  readonly external_path?: string;
  readonly failure_message?: string;
  readonly num_subtasks: number;
  readonly num_acknowledged_subtasks: number;
}

export interface CheckpointStatistics {
  readonly counts: {
    readonly restored: number;
    readonly total: number;
    readonly in_progress: number;
    readonly completed: number;
    readonly failed: number;
  };
  readonly latest: {
    readonly completed?: CheckpointEntry | null;
    readonly savepoint?: CheckpointEntry | null;
    readonly failed?: (CheckpointEntry & { readonly failure_timestamp?: number }) | null;
    readonly restored?: { readonly id: number; readonly external_path?: string; readonly restore_timestamp: number } | null;
  };
  readonly history: readonly CheckpointEntry[];
}

export interface JobConfig {
  readonly jid: string;
  readonly name: string;
  readonly 'execution-config'?: {
    readonly 'execution-mode'?: string;
    readonly 'restart-strategy'?: string;
    readonly 'job-parallelism'?: number;
    readonly 'user-config'?: Readonly<Record<string, string>>;
  };
}

export interface TaskManagerInfo {
  readonly id: string;
  readonly slotsNumber: number;
  readonly freeSlots: number;
  readonly path: string;
}

/** Where a vertex's subtasks run (`/jobs/{jobid}/vertices/{vertexid}/taskmanagers`), one entry per TaskManager. */
export interface VertexTaskManager {
  /** The TaskManager's resource id: its pod's name on native Kubernetes. */
  readonly 'taskmanager-id'?: string;
  /** `host:dataPort`: the pod's IP on Kubernetes. */
  readonly host?: string;
  readonly status?: string;
}

export interface JarRunRequest {
  readonly entryClass?: string;
  readonly programArgsList?: readonly string[];
  readonly parallelism?: number;
  readonly savepointPath?: string;
  readonly allowNonRestoredState?: boolean;
}

/** Upload progress: bytes sent of the jar's size. */
export type UploadProgress = (sent: number, total: number) => void;

/** The outcome of a stop with savepoint once the JobManager has finished it. */
export type SavepointResult = { readonly location: string } | { readonly failure: string };

/**
 * A JobManager's REST API. Every method rejects with a `FlinkRestError` (status and Flink's own
 * `errors[]` text) on an HTTP error, and with a connection error when the forward is gone.
 */
export interface FlinkRest {
  overview(signal?: AbortSignal): Promise<ClusterOverview>;
  taskManagers(signal?: AbortSignal): Promise<readonly TaskManagerInfo[]>;
  /** Uploads a jar (multipart part `jarfile`); answers the jar id the JobManager gave it. */
  uploadJar(fileName: string, content: Uint8Array, progress?: UploadProgress, signal?: AbortSignal): Promise<string>;
  runJar(jarId: string, request: JarRunRequest, signal?: AbortSignal): Promise<{ readonly jobid: string }>;
  deleteJar(jarId: string, signal?: AbortSignal): Promise<void>;
  jobsOverview(signal?: AbortSignal): Promise<readonly JobOverview[]>;
  job(jobId: string, signal?: AbortSignal): Promise<JobDetails>;
  exceptions(jobId: string, maxExceptions?: number, signal?: AbortSignal): Promise<JobExceptions>;
  checkpoints(jobId: string, signal?: AbortSignal): Promise<CheckpointStatistics>;
  /** The TaskManagers a vertex's subtasks run on. */
  vertexTaskManagers(jobId: string, vertexId: string, signal?: AbortSignal): Promise<readonly VertexTaskManager[]>;
  jobConfig(jobId: string, signal?: AbortSignal): Promise<JobConfig>;
  /** Triggers a stop with savepoint; answers the trigger id to poll. */
  stopWithSavepoint(jobId: string, targetDirectory?: string, drain?: boolean, signal?: AbortSignal): Promise<string>;
  /** Polls the savepoint operation until it completes (or the signal aborts). */
  savepointResult(jobId: string, triggerId: string, signal?: AbortSignal): Promise<SavepointResult>;
  cancel(jobId: string, signal?: AbortSignal): Promise<void>;
}
