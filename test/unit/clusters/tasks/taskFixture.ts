import { ClusterForwards } from '../../../../src/clusters/clusterForwards';
import type { SessionCluster } from '../../../../src/clusters/clusterModel';
import { PermissionModel } from '../../../../src/clusters/permissions';
import { SessionLifecycle } from '../../../../src/clusters/session/sessionLifecycle';
import type {
  CheckpointStatistics,
  FlinkRest,
  JarRunRequest,
  JobDetails,
  JobExceptions,
  JobOverview,
  SavepointResult,
  UploadProgress,
} from '../../../../src/clusters/session/tasks/flinkRest';
import { FlinkTaskService, TaskServiceDeps } from '../../../../src/clusters/session/tasks/taskService';
import type { TaskRunParams, TaskRunStore } from '../../../../src/clusters/session/tasks/taskTypes';
import { PortForwardManager } from '../../../../src/kube/portForward';
import { defaultSessionSpec } from '../../../../shared/clusters/sessionSpec';
import { EmulatorUser } from '../../../emulator/emulator';
import { EmulatorFixture, until } from '../../support/emulatorFixture';
import { operationContext, TestContext } from '../../support/lifecycleFixture';

/** The runs a workspace remembers, in memory. */
export class MemoryRunStore implements TaskRunStore {
  readonly runs = new Map<string, TaskRunParams>();
  readonly jobs = new Map<string, string>();
  get(name: string) {
    return this.runs.get(name);
  }
  list() {
    return [...this.runs.values()];
  }
  async set(params: TaskRunParams) {
    this.runs.set(params.name, params);
  }
  async setLastJob(name: string, jobId: string) {
    this.jobs.set(name, jobId);
  }
  lastJob(name: string) {
    return this.jobs.get(name);
  }
}

const notFound = (what: string) => Object.assign(new Error(`${what} not found`), { status: 404 });

interface FakeJob {
  overview: JobOverview;
  checkpoints: number;
}

/** A JobManager in memory: jars, jobs, checkpoints and savepoints, and the calls made to it. */
export class FakeFlinkRest implements FlinkRest {
  readonly jars = new Map<string, { name: string; size: number }>();
  readonly jobs = new Map<string, FakeJob>();
  readonly runs: { jarId: string; request: JarRunRequest }[] = [];
  readonly calls: string[] = [];
  /** Completed checkpoints a new job reports. */
  checkpointsOfNewJobs = 3;
  savepointFailure?: string;
  runError?: Error;
  rootException =
    'java.lang.IllegalStateException: Invalid transaction 17\n\tat com.example.fraud.FraudDetector.processElement(FraudDetector.java:42)';
  private n = 0;

  constructor(readonly baseUrl = '') {}

  addJob(state: string, patch: Partial<JobOverview> = {}): string {
    const jid = (++this.n).toString(16).padStart(32, '0');
    const now = Date.now();
    this.jobs.set(jid, {
      overview: {
        jid,
        name: `job ${this.n}`,
        state,
        'start-time': now,
        'end-time': -1,
        duration: 0,
        'last-modification': now,
        tasks: { total: 1 },
        ...patch,
      },
      checkpoints: this.checkpointsOfNewJobs,
    });
    return jid;
  }

  setState(jid: string, state: string): void {
    const j = this.jobs.get(jid)!;
    j.overview = { ...j.overview, state, 'end-time': ['FINISHED', 'CANCELED', 'FAILED'].includes(state) ? Date.now() : -1 };
  }

  async overview() {
    const running = [...this.jobs.values()].filter((j) => j.overview.state === 'RUNNING').length;
    return { taskmanagers: 2, 'slots-total': 8, 'slots-available': 8 - running, 'jobs-running': running, 'flink-version': '1.20.1' };
  }
  async taskManagers() {
    return [];
  }
  async uploadJar(fileName: string, content: Uint8Array, progress?: UploadProgress) {
    this.calls.push(`upload ${fileName}`);
    progress?.(Math.floor(content.length / 2), content.length);
    progress?.(content.length, content.length);
    const id = `${this.jars.size + 1}_${fileName}`;
    this.jars.set(id, { name: fileName, size: content.length });
    return id;
  }
  async runJar(jarId: string, request: JarRunRequest) {
    this.calls.push(`run ${jarId}`);
    if (!this.jars.has(jarId)) throw notFound(`jar ${jarId}`);
    if (this.runError) throw this.runError;
    this.runs.push({ jarId, request });
    return { jobid: this.addJob('RUNNING', { name: request.entryClass ?? 'job' }) };
  }
  async deleteJar(jarId: string) {
    this.calls.push(`delete ${jarId}`);
    this.jars.delete(jarId);
  }
  async jobsOverview() {
    return [...this.jobs.values()].map((j) => j.overview);
  }
  async job(jobId: string): Promise<JobDetails> {
    const j = this.jobs.get(jobId);
    if (!j) throw notFound(`job ${jobId}`);
    return { ...j.overview, now: Date.now(), timestamps: {}, vertices: [] };
  }
  async exceptions(jobId: string): Promise<JobExceptions> {
    this.calls.push(`exceptions ${jobId}`);
    return { 'root-exception': this.rootException, exceptionHistory: { entries: [], truncated: false } };
  }
  async checkpoints(jobId: string): Promise<CheckpointStatistics> {
    const j = this.jobs.get(jobId);
    if (!j) throw notFound(`job ${jobId}`);
    const c = j.checkpoints;
    return { counts: { restored: 0, total: c, in_progress: 0, completed: c, failed: 0 }, latest: {}, history: [] };
  }
  async vertexTaskManagers(jobId: string, vertexId: string) {
    this.calls.push(`GET /jobs/${jobId}/vertices/${vertexId}/taskmanagers`);
    return [{ 'taskmanager-id': 'orders-taskmanager-1-1', host: '10.0.0.7:6121', status: 'RUNNING' }];
  }

  async jobConfig(jobId: string) {
    return { jid: jobId, name: 'job' };
  }
  async stopWithSavepoint(jobId: string) {
    this.calls.push(`stop ${jobId}`);
    return `trigger-${jobId}`;
  }
  async savepointResult(jobId: string): Promise<SavepointResult> {
    if (this.savepointFailure) return { failure: this.savepointFailure };
    this.setState(jobId, 'FINISHED');
    return { location: `s3://savepoints/orders/savepoint-${jobId.slice(-6)}` };
  }
  async cancel(jobId: string) {
    this.calls.push(`cancel ${jobId}`);
    this.setState(jobId, 'CANCELED');
  }
}

/** One user's window: the model, forwards, permissions and a task service whose JobManager is `rest`. */
export interface TaskWindow {
  readonly ctx: TestContext;
  readonly service: FlinkTaskService;
  readonly store: MemoryRunStore;
  readonly rest: FakeFlinkRest;
  readonly forwards: ClusterForwards;
  readonly permissions: PermissionModel;
  /** The base URLs the service asked REST clients for. */
  readonly baseUrls: string[];
  /** How often the service asked for a new forward to the JobManager. */
  readonly forwardCalls: () => number;
  dispose(): void;
}

export async function taskWindow(
  fx: EmulatorFixture,
  namespaces: string[] | 'all',
  user: EmulatorUser = 'admin',
  deps: Partial<TaskServiceDeps> & { keepJars?: boolean } = {},
): Promise<TaskWindow> {
  const ctx = operationContext(fx, namespaces, user);
  await ctx.model.whenReady('session');
  const forwards = new ClusterForwards(ctx.model, ctx.writer, new PortForwardManager(fx.kc(user)));
  const permissions = new PermissionModel(ctx.access);
  if (namespaces !== 'all') await permissions.refresh(namespaces);
  const store = new MemoryRunStore();
  const rest = new FakeFlinkRest();
  const baseUrls: string[] = [];
  let forwardCalls = 0;
  const service = new FlinkTaskService({
    model: ctx.model,
    writer: ctx.writer,
    forwards: {
      forwardFlinkRest: (namespace, name) => {
        forwardCalls++;
        return forwards.forwardFlinkRest(namespace, name);
      },
      list: () => forwards.list(),
    },
    permissions,
    store,
    restFactory: (url) => {
      baseUrls.push(url);
      return rest;
    },
    readJar: async () => new Uint8Array(4096).fill(7),
    settings: { keepUploadedJars: () => !!deps.keepJars, pollIntervalMs: () => 20 },
    maxPollIntervalMs: 200,
    ...deps,
  });
  return {
    ctx,
    service,
    store,
    rest,
    forwards,
    permissions,
    baseUrls,
    forwardCalls: () => forwardCalls,
    dispose() {
      service.dispose();
      forwards.dispose();
      permissions.dispose();
      ctx.dispose();
    },
  };
}

/** A Running session cluster `name` in `ns`, created by the admin. */
export async function runningSession(admin: TestContext, ns: string, name: string): Promise<SessionCluster> {
  await new SessionLifecycle(admin).create(defaultSessionSpec(name), ns);
  return until(
    () => {
      const c = admin.model.get('session', ns, name) as SessionCluster | undefined;
      return c?.status === 'Running' && !c.operation ? c : undefined;
    },
    20_000,
    `${name} Running`,
  );
}

/** Binds a ClusterRole to a user in a namespace. */
export function bind(fx: EmulatorFixture, ns: string, user: string, role: string): void {
  fx.emulator.applyInternal({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${user.replace(/[^a-z0-9]/g, '-')}-${role}`, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'User', name: user }],
  });
}

/** Resolves when `fn` holds, checked on each change the service reports (and now). */
export function whenTasks<T>(service: FlinkTaskService, fn: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = fn();
      if (!v) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(v);
      return true;
    };
    const sub = service.onDidChange(() => void check());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    check();
  });
}
