import { KubeApiError } from '../../../kube/kubeApiError';
import { Disposable, IDisposable } from '../../../common/disposable';
import { Emitter, Event } from '../../../common/event';
import { errorMessage, Logger, silentLogger } from '../../../common/logger';
import { KubeWriter } from '../../../kube/kubeWriter';
import type { PortForwardInfo } from '../../../kube/portForward';
import { KubeObject, RESOURCES } from '../../../kube/resources';
import type { ClusterModel, SessionCluster } from '../../clusterModel';
import type { TaskPermissionView, TaskRight } from '../../permissions';
import { SESSION_STATES } from '../../../../shared/clusters/stateTable';
import { TASK_STATES, TaskAction, taskActionRefusal } from '../../../../shared/clusters/taskStates';
import type { FlinkRest } from './flinkRest';
import { jobStatePatch, renderSessionJob, runAgainPatch } from './sessionJobRenderer';
import { jobManagerError, sessionJobError, TaskError } from './taskErrors';
import { firstLine, mergeTasks, refOfKey, taskKey } from './taskModel';
import { DEFAULT_POLL_MS, JobPoller } from './taskPoller';
import { describeErrors, validateRunParams } from './taskRunParams';
import type { FlinkTask, RunProgress, SessionRef, TaskRunParams, TaskRunStore, TaskService } from './taskTypes';
import * as l10n from '@vscode/l10n';

export interface TaskSettings {
  /** Leave uploaded jars on the JobManager after the run (they are deleted otherwise). */
  keepUploadedJars(): boolean;
  /** The job list's poll interval while it changes, in ms. */
  pollIntervalMs(): number;
}

/** Everything one connection's task service works with. */
export interface TaskServiceDeps {
  readonly model: ClusterModel;
  /** The product's port-forwards of this connection (ClusterForwards). */
  readonly forwards: {
    forwardFlinkRest(namespace: string, name: string): Promise<PortForwardInfo>;
    /** The running forwards; a forward still listed is reused without asking for the JobManager again. */
    list?(): readonly PortForwardInfo[];
  };
  /** Writes FlinkSessionJobs (field manager `data-clusters`). */
  readonly writer: KubeWriter;
  readonly permissions?: TaskPermissionView;
  readonly store: TaskRunStore;
  /** A REST client for the JobManager at `http://127.0.0.1:<port>`. */
  readonly restFactory: (baseUrl: string) => FlinkRest;
  /** Reads a workspace jar. */
  readonly readJar: (path: string) => Promise<Uint8Array>;
  readonly settings?: Partial<TaskSettings>;
  readonly maxPollIntervalMs?: number;
  readonly logger?: Logger;
}

type RunOptions = { readonly clean?: boolean; readonly progress?: RunProgress; readonly signal?: AbortSignal };

const baseName = (path: string) => path.split(/[\\/]/).pop() || 'job.jar';

/**
 * The tasks of one connection's session clusters: the watched FlinkSessionJobs merged with each
 * watched JobManager's job list, and the actions on them. A jar from the workspace goes to the
 * JobManager through the product's port-forward; a jar URI becomes a FlinkSessionJob the operator
 * runs, changed only through its spec (a REST cancel would make the operator start it again).
 */
/** How long an action's job is followed when nobody watches its cluster. */
const FOLLOW_MS = 60_000;

export class FlinkTaskService extends Disposable implements TaskService {
  private readonly _onDidChange = this._register(new Emitter<SessionRef>());
  readonly onDidChange: Event<SessionRef> = this._onDidChange.event;
  private readonly poller: JobPoller;
  private readonly clients = new Map<string, FlinkRest>();
  /** Jobs followed after an action: each entry stops its follow. */
  private readonly following = new Set<() => void>();
  /** Actions running per task key, so the same task is not changed twice at once. */
  private readonly inFlight = new Map<string, number>();
  private readonly statuses = new Map<string, string>();
  /** The forward each cluster's REST calls go through, by `namespace/cluster`. */
  private readonly forwardIds = new Map<string, string>();
  private readonly logger: Logger;

  constructor(private readonly deps: TaskServiceDeps) {
    super();
    this.logger = deps.logger ?? silentLogger;
    // REST clients keep their connections alive between polls: closed with the service.
    this._register({
      dispose: () => {
        for (const done of [...this.following]) done();
        for (const client of this.clients.values()) (client as Partial<{ dispose(): void }>).dispose?.();
        this.clients.clear();
      },
    });
    this.poller = this._register(
      new JobPoller({
        rest: (ref) => this.rest(ref),
        running: (ref) => this.cluster(ref)?.status === 'Running',
        baseMs: () => deps.settings?.pollIntervalMs?.() ?? DEFAULT_POLL_MS,
        maxMs: deps.maxPollIntervalMs,
        onChange: (ref) => this._onDidChange.fire(ref),
        logger: this.logger,
      }),
    );
    this._register(
      deps.model.cache.onDidChange(({ kind, changes }) => {
        if (kind !== 'flinkSessionJobs') return;
        const refs = new Map<string, SessionRef>();
        for (const { object: o } of changes)
          if (o.spec?.deploymentName)
            refs.set(`${o.metadata.namespace}/${o.spec.deploymentName}`, {
              namespace: o.metadata.namespace ?? '',
              cluster: o.spec.deploymentName,
            });
        for (const ref of refs.values()) this._onDidChange.fire(ref);
      }),
    );
    this._register(
      deps.model.onDidChangeCluster((changes) => {
        for (const c of changes) {
          if (c.kind !== 'session') continue;
          const ref = { namespace: c.namespace, cluster: c.name };
          const status = (c.cluster as SessionCluster | undefined)?.status;
          const before = this.statuses.get(c.key);
          if (status) this.statuses.set(c.key, status);
          else this.statuses.delete(c.key);
          if (!c.cluster) this.poller.forget(ref);
          else if (status === 'Running' && before !== 'Running') this.poller.kick(ref);
          else if (status !== 'Running' && before === 'Running') this.poller.forget(ref);
        }
      }),
    );
  }

  private cluster(ref: SessionRef): SessionCluster | undefined {
    return this.deps.model.get('session', ref.namespace, ref.cluster) as SessionCluster | undefined;
  }

  private requireRunning(ref: SessionRef): SessionCluster {
    const c = this.cluster(ref);
    if (!c)
      throw new TaskError(l10n.t('Session cluster {0} does not exist in {1} (it may have been deleted).', ref.cluster, ref.namespace));
    if (c.status !== 'Running')
      throw new TaskError(
        l10n.t('Session cluster {0} is {1}: tasks run only on a Running cluster.', ref.cluster, SESSION_STATES[c.status].label),
      );
    return c;
  }

  tasksOf(ref: SessionRef): readonly FlinkTask[] | undefined {
    const listed = this.deps.model.cache.status('flinkSessionJobs', ref.namespace).listed;
    const jobs = this.poller.jobs(ref);
    if (!listed && jobs === undefined) return undefined;
    const runs = this.deps.store.list().filter((r) => r.namespace === ref.namespace && r.cluster === ref.cluster);
    const runOfJob = new Map<string, string>();
    for (const r of runs) {
      const jid = r.source.kind === 'jar' ? this.deps.store.lastJob(r.name) : undefined;
      if (jid) runOfJob.set(jid, r.name);
    }
    return mergeTasks({
      ref,
      sessionJobs: this.deps.model.cache.sessionJobsOf(ref.namespace, ref.cluster),
      jobs,
      failures: this.poller.failures(ref),
      runOfJob,
      runNames: new Set(runs.filter((r) => r.source.kind === 'uri').map((r) => r.name)),
    });
  }

  task(key: string): FlinkTask | undefined {
    const ref = refOfKey(key);
    return ref ? this.tasksOf(ref)?.find((t) => t.key === key) : undefined;
  }

  watch(ref: SessionRef): IDisposable {
    return this.poller.watch(ref);
  }

  /** Whether someone watches the cluster's tasks now (its job list is polled). */
  isWatched(ref: SessionRef): boolean {
    return this.poller.watching(ref);
  }

  async rest(ref: SessionRef): Promise<FlinkRest> {
    this.requireRunning(ref);
    // Each poll goes through here: a forward still running is used as it is (it follows a new
    // JobManager pod by itself), sparing the Service and pod lookups of starting one.
    const k = `${ref.namespace}/${ref.cluster}`;
    const known = this.forwardIds.get(k);
    let info = known ? this.deps.forwards.list?.().find((f) => f.id === known) : undefined;
    try {
      info ??= await this.deps.forwards.forwardFlinkRest(ref.namespace, ref.cluster);
      this.forwardIds.set(k, info.id);
    } catch (e) {
      throw new TaskError(l10n.t('Could not open a port-forward to the JobManager of {0}: {1}', ref.cluster, errorMessage(e)), e);
    }
    const port = info.ports[0]?.local;
    if (!port) throw new TaskError(l10n.t('The port-forward to the JobManager of {0} has no local port.', ref.cluster));
    const baseUrl = `http://127.0.0.1:${port}`;
    let client = this.clients.get(baseUrl);
    if (!client) this.clients.set(baseUrl, (client = this.deps.restFactory(baseUrl)));
    return client;
  }

  /**
   * After an action, the job's state keeps changing for a while (CANCELLING, then CANCELED) even
   * when nobody watches the cluster: it is followed until `settled` says so, or for a minute.
   */
  private follow(ref: SessionRef, key: string, settled: (task: FlinkTask) => boolean): void {
    const watch = this.poller.watch(ref);
    const done = () => (clearTimeout(timer), sub.dispose(), watch.dispose(), this.following.delete(done));
    const timer = setTimeout(done, FOLLOW_MS);
    const sub = this.onDidChange((changed) => {
      const task = changed.namespace === ref.namespace && changed.cluster === ref.cluster ? this.task(key) : undefined;
      if (task && settled(task)) done();
    });
    this.following.add(done);
  }

  /**
   * Patches a FlinkSessionJob's spec on the version read. The operator writes its status all the
   * time, which changes the version too: a conflict reads the object again and patches that,
   * a few times, before it says the object changed meanwhile.
   */
  private async patchAgain(
    ref: SessionRef,
    name: string,
    read: KubeObject,
    patch: (current: KubeObject) => unknown,
    signal: AbortSignal | undefined,
  ): Promise<KubeObject> {
    let current = read;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.writer.mergePatch<KubeObject>(RESOURCES.flinkSessionJobs, ref.namespace, name, patch(current), signal);
      } catch (e) {
        if (!(e instanceof KubeApiError && e.code === 409) || attempt >= 4) throw sessionJobError(e, 'patch', name, ref);
        current = await this.deps.writer
          .get<KubeObject>(RESOURCES.flinkSessionJobs, ref.namespace, name, signal)
          .catch((err) => Promise.reject(sessionJobError(err, 'patch', name, ref)));
      }
    }
  }

  async slots(ref: SessionRef): Promise<{ readonly total: number; readonly free: number }> {
    const rest = await this.rest(ref);
    const o = await rest.overview().catch((e) => Promise.reject(jobManagerError(e, ref, l10n.t('say its task slots'))));
    return { total: o['slots-total'], free: o['slots-available'] };
  }

  private rerunnable(task: FlinkTask): boolean {
    return task.runName !== undefined && this.deps.store.get(task.runName) !== undefined;
  }

  private static rightOf(task: FlinkTask, action: TaskAction): TaskRight {
    if (action === 'runAgain') return task.managed ? 'runAgainManaged' : 'runJar';
    return action;
  }

  refusal(task: FlinkTask, action: TaskAction): string | undefined {
    const gate = { state: task.state, managed: task.managed, rerunnable: this.rerunnable(task) };
    const byState = taskActionRefusal(gate, action, (this.inFlight.get(task.key) ?? 0) > 0);
    return byState ?? this.deps.permissions?.taskDenied(task.namespace, FlinkTaskService.rightOf(task, action));
  }

  private refuse(task: FlinkTask, action: TaskAction): void {
    const reason = this.refusal(task, action);
    if (reason) throw new TaskError(reason);
  }

  private deniedRight(namespace: string, right: TaskRight): void {
    const reason = this.deps.permissions?.taskDenied(namespace, right);
    if (reason) throw new TaskError(reason);
  }

  /** Marks tasks busy while `fn` runs; a failure on a cluster deleted meanwhile says so. */
  private async busy<T>(ref: SessionRef, keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    for (const k of keys) this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
    this._onDidChange.fire(ref);
    try {
      return await fn();
    } catch (e) {
      if (!this.cluster(ref) && !(e instanceof Error && e.name === 'AbortError'))
        throw new TaskError(l10n.t('Session cluster {0} was deleted meanwhile: {1}', ref.cluster, errorMessage(e)), e);
      throw e;
    } finally {
      for (const k of keys) {
        const n = (this.inFlight.get(k) ?? 1) - 1;
        if (n > 0) this.inFlight.set(k, n);
        else this.inFlight.delete(k);
      }
      if (!this.isDisposed) this._onDidChange.fire(ref);
    }
  }

  async run(params: TaskRunParams, opts: RunOptions = {}): Promise<FlinkTask> {
    const errors = validateRunParams(params);
    if (errors.length) throw new TaskError(describeErrors(errors));
    const ref = { namespace: params.namespace, cluster: params.cluster };
    // Remembered before anything is checked or sent: a refused, failed or interrupted run loses nothing.
    await this.deps.store.set(params);
    if (params.source.kind === 'jar') this.deniedRight(ref.namespace, 'runJar');
    this.requireRunning(ref);
    const previous = params.source.kind === 'jar' ? this.deps.store.lastJob(params.name) : undefined;
    const keys = [taskKey(ref, params.name), ...(previous ? [taskKey(ref, previous)] : [])];
    return this.busy(ref, keys, () =>
      params.source.kind === 'jar' ? this.runJar(params, ref, previous, opts) : this.runUri(params, ref, opts),
    );
  }

  private async runJar(params: TaskRunParams, ref: SessionRef, previous: string | undefined, opts: RunOptions): Promise<FlinkTask> {
    const { progress, signal } = opts;
    const path = params.source.kind === 'jar' ? params.source.path : '';
    const rest = await this.rest(ref);
    let savepointPath = opts.clean ? undefined : params.savepointPath;
    if (previous) {
      const from = await this.stopPrevious(rest, ref, params, previous, opts);
      if (from) savepointPath = from;
    }
    const file = baseName(path);
    progress?.(l10n.t('Reading {0}…', file), 0);
    let content: Uint8Array;
    try {
      content = await this.deps.readJar(path);
    } catch (e) {
      throw new TaskError(l10n.t('Could not read {0}: {1}', path, errorMessage(e)), e);
    }
    const upload = l10n.t('Uploading {0} to the JobManager of {1}…', file, ref.cluster);
    progress?.(upload, 0.05);
    const jarId = await rest
      .uploadJar(file, content, (sent, total) => progress?.(upload, 0.05 + (total > 0 ? (0.75 * sent) / total : 0)), signal)
      .catch((e) => Promise.reject(jobManagerError(e, ref, l10n.t('take {0}', file))));
    let jobId: string;
    try {
      progress?.(l10n.t('Starting {0}…', params.name), 0.85);
      const request = {
        entryClass: params.entryClass,
        programArgsList: params.args,
        parallelism: params.parallelism,
        savepointPath,
        allowNonRestoredState: savepointPath ? params.allowNonRestoredState : undefined,
      };
      jobId = (await rest.runJar(jarId, request, signal).catch((e) => Promise.reject(jobManagerError(e, ref, l10n.t('run {0}', file)))))
        .jobid;
    } finally {
      if (!this.deps.settings?.keepUploadedJars?.()) {
        await rest.deleteJar(jarId).catch((e) => this.logger.warn(`Could not delete jar ${jarId}: ${errorMessage(e)}`));
      }
    }
    await this.deps.store.setLastJob(params.name, jobId);
    progress?.(l10n.t('{0} started as job {1}.', params.name, jobId), 1);
    await this.poller.refresh(ref);
    this.follow(ref, taskKey(ref, jobId), (t) => t.state === 'RUNNING' || TASK_STATES[t.state].terminal);
    const key = taskKey(ref, jobId);
    return (
      this.task(key) ?? {
        ...ref,
        key,
        name: params.name,
        jobId,
        state: 'INITIALIZING',
        managed: false,
        runName: params.name,
        startTime: Date.now(),
      }
    );
  }

  /**
   * Stops the previous job of a Run Again while it is live, and answers the savepoint to start from.
   * A job with completed checkpoints has state, so it stops with a savepoint; a job whose
   * checkpoints cannot be read stops with one too, since a savepoint of a stateless job costs little
   * and lost state cannot be had back. A job that never checkpointed, or a clean run, is cancelled.
   */
  private async stopPrevious(
    rest: FlinkRest,
    ref: SessionRef,
    params: TaskRunParams,
    jobId: string,
    opts: RunOptions,
  ): Promise<string | undefined> {
    const state = await rest.job(jobId, opts.signal).then(
      (j) => j.state,
      () => undefined,
    );
    const live = state !== undefined && state !== 'CANCELLING' && (TASK_STATES as Record<string, { live: boolean }>)[state]?.live;
    if (!live) return undefined;
    const stateful = opts.clean
      ? false
      : await rest.checkpoints(jobId, opts.signal).then(
          (c) => c.counts.completed > 0,
          () => true,
        );
    if (!stateful) {
      opts.progress?.(l10n.t('Cancelling the previous run of {0}…', params.name));
      await rest.cancel(jobId, opts.signal).catch((e) => Promise.reject(jobManagerError(e, ref, l10n.t('cancel job {0}', jobId))));
      return undefined;
    }
    opts.progress?.(l10n.t('Stopping the previous run of {0} with a savepoint…', params.name));
    const location = await this.stopWithSavepoint(rest, ref, jobId, opts.signal);
    await this.deps.store.set({ ...params, savepointPath: location });
    return location;
  }

  private async stopWithSavepoint(rest: FlinkRest, ref: SessionRef, jobId: string, signal?: AbortSignal): Promise<string> {
    const result = await rest
      .stopWithSavepoint(jobId, undefined, false, signal)
      .then((trigger) => rest.savepointResult(jobId, trigger, signal))
      .catch((e) => Promise.reject(jobManagerError(e, ref, l10n.t('stop job {0} with a savepoint', jobId))));
    if ('failure' in result)
      throw new TaskError(
        l10n.t('The savepoint of job {0} failed, so the job was not stopped: {1}', jobId, firstLine(result.failure) ?? result.failure),
      );
    return result.location;
  }

  private async runUri(params: TaskRunParams, ref: SessionRef, opts: RunOptions): Promise<FlinkTask> {
    const cluster = this.requireRunning(ref);
    const name = params.name;
    let existing: KubeObject | undefined;
    try {
      existing = await this.deps.writer.tryGet(RESOURCES.flinkSessionJobs, ref.namespace, name, opts.signal);
    } catch (e) {
      throw sessionJobError(e, 'patch', name, ref);
    }
    let written: KubeObject;
    if (existing) {
      if (existing.spec?.deploymentName !== ref.cluster)
        throw new TaskError(
          l10n.t(
            'FlinkSessionJob {0} in {1} runs on session cluster {2}: choose another name.',
            name,
            ref.namespace,
            existing.spec?.deploymentName ?? '?',
          ),
        );
      if (existing.metadata.deletionTimestamp)
        throw new TaskError(l10n.t('FlinkSessionJob {0} is being deleted: run it again once it is gone.', name));
      this.deniedRight(ref.namespace, 'runAgainManaged');
      opts.progress?.(l10n.t('Updating FlinkSessionJob {0}…', name), 0.5);
      written = await this.patchAgain(ref, name, existing, (current) => runAgainPatch(params, current, !!opts.clean), opts.signal);
    } else {
      this.deniedRight(ref.namespace, 'runUri');
      opts.progress?.(l10n.t('Creating FlinkSessionJob {0}…', name), 0.5);
      written = await this.deps.writer
        .apply<KubeObject>(renderSessionJob(params, { uid: cluster.id }, { clean: opts.clean }), opts.signal)
        .catch((e) => Promise.reject(sessionJobError(e, 'create', name, ref)));
    }
    opts.progress?.(l10n.t('FlinkSessionJob {0} written: the operator starts the job.', name), 1);
    const key = taskKey(ref, name);
    const task = mergeTasks({ ref, sessionJobs: [written], jobs: this.poller.jobs(ref), runNames: new Set([name]) }).find(
      (t) => t.key === key,
    );
    return task!;
  }

  async stop(task: FlinkTask, mode: 'savepoint' | 'cancel', signal?: AbortSignal): Promise<string | undefined> {
    this.refuse(task, mode === 'savepoint' ? 'stop' : 'cancel');
    const jobId = task.jobId;
    if (!jobId) throw new TaskError(l10n.t('Task {0} has no job to stop yet.', task.name));
    return this.busy(task, [task.key], async () => {
      const rest = await this.rest(task);
      let location: string | undefined;
      if (mode === 'cancel')
        await rest.cancel(jobId, signal).catch((e) => Promise.reject(jobManagerError(e, task, l10n.t('cancel job {0}', jobId))));
      else {
        location = await this.stopWithSavepoint(rest, task, jobId, signal);
        // The remembered run starts from its newest savepoint next time (a clean run ignores it).
        const params = task.runName ? this.deps.store.get(task.runName) : undefined;
        if (params) await this.deps.store.set({ ...params, savepointPath: location });
      }
      await this.poller.refresh(task);
      this.follow(task, task.key, (t) => TASK_STATES[t.state].terminal);
      return location;
    });
  }

  suspend(task: FlinkTask): Promise<void> {
    return this.setJobState(task, 'suspend');
  }

  resume(task: FlinkTask): Promise<void> {
    return this.setJobState(task, 'resume');
  }

  private async setJobState(task: FlinkTask, action: 'suspend' | 'resume'): Promise<void> {
    this.refuse(task, action);
    const name = task.sessionJob!.name;
    await this.busy(task, [task.key], () =>
      this.deps.writer
        .mergePatch(RESOURCES.flinkSessionJobs, task.namespace, name, jobStatePatch(action === 'suspend' ? 'suspended' : 'running'))
        .catch((e) => Promise.reject(sessionJobError(e, 'patch', name, task))),
    );
  }

  async delete(task: FlinkTask): Promise<void> {
    this.refuse(task, 'delete');
    const job = task.sessionJob!;
    await this.busy(task, [task.key], () =>
      this.deps.writer
        .delete(RESOURCES.flinkSessionJobs, task.namespace, job.name, { uid: job.uid })
        .catch((e) => Promise.reject(sessionJobError(e, 'delete', job.name, task))),
    );
  }
}
