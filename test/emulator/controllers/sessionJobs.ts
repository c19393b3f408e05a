import { ApiCore } from '../api/apiCore';
import { ArtifactRepository } from '../flink/artifacts';
import { TERMINAL } from '../flink/jobs';
import { JobManager, JobManagers } from '../flink/jobManager';
import { EventRecorder } from './events';
import { JobSubmitter } from './sessionJobSubmit';
import {
  JOB_NOT_FOUND_ERR,
  OperatorError,
  jobFailureError,
  lastSpec,
  lifecycleState,
  markSuspended,
  recordSavepoint,
  recordSpec,
  reconciliationError,
  specChanged,
  validationError,
} from './sessionJobStatus';

export const FLINK_SESSION_JOB_FINALIZER = 'flinksessionjobs.flink.apache.org/finalizer';
const OPERATOR = 'flink-kubernetes-operator';
const POLL_MS = 250;

/** A stop the operator waits for: with a savepoint (savepoint, last-state) or a plain cancel (stateless). */
interface PendingStop {
  purpose: 'suspend' | 'upgrade' | 'delete';
  jid: string;
  /** The stop-with-savepoint's trigger id; none for a cancel. */
  trigger?: string;
  startedAt: number;
}

/**
 * FlinkSessionJob reconciliation as the Apache Flink Kubernetes Operator (1.10+) does it, against
 * the emulated JobManager of the session cluster: observe the job (JobStatusObserver), validate the
 * spec (DefaultValidator), then deploy, suspend, resume or upgrade it (SessionJobReconciler), and
 * cancel it on deletion before the finalizer goes.
 */
export class SessionJobReconciler {
  private readonly pending = new Map<string, PendingStop>();
  /** The generation whose deployment failed, per session job: retried once the spec changes. */
  private readonly failed = new Map<string, number>();
  private readonly submitter: JobSubmitter;

  constructor(
    private readonly api: ApiCore,
    private readonly events: EventRecorder,
    private readonly jobManagers: JobManagers,
    artifacts: ArtifactRepository,
    /** Reconciles the session job `namespace/name` again soon. */
    private readonly requeue: (namespace: string, name: string) => void,
  ) {
    this.submitter = new JobSubmitter(artifacts);
  }

  private get sjType() {
    return this.api.mustType('flink.apache.org', 'flinksessionjobs');
  }

  reconcile(ns: string, name: string): void {
    const job = this.api.tryGet(this.sjType, ns, name);
    if (!job) return;
    const finalizers: string[] = job.metadata.finalizers ?? [];
    if (job.metadata.deletionTimestamp) {
      if (finalizers.includes(FLINK_SESSION_JOB_FINALIZER)) this.cleanup(job);
      return;
    }
    if (!finalizers.includes(FLINK_SESSION_JOB_FINALIZER)) {
      this.api.writeInternal(
        this.sjType,
        { ...job, metadata: { ...job.metadata, finalizers: [...finalizers, FLINK_SESSION_JOB_FINALIZER] } },
        OPERATOR,
      );
      return;
    }
    const status = structuredClone(job.status ?? {});
    status.jobStatus ??= {
      checkpointInfo: { lastPeriodicCheckpointTimestamp: 0 },
      savepointInfo: { savepointHistory: [], lastPeriodicSavepointTimestamp: 0 },
    };
    status.reconciliationStatus ??= { state: 'UPGRADING' };
    // The controller patches the status before it reconciles: a new resource shows CREATED first.
    if (!job.status) return this.write(job, status);
    const fd = this.api.tryGet(this.api.mustType('flink.apache.org', 'flinkdeployments'), ns, job.spec?.deploymentName);
    const ready = fd?.status?.jobManagerDeploymentStatus === 'READY' && !fd.metadata.deletionTimestamp;
    const jm = ready ? this.jobManagers.of(ns, fd.metadata.name) : undefined;
    try {
      const op = this.pending.get(job.metadata.uid);
      if (op) {
        if (jm) this.continueStop(job, status, jm, op);
        return;
      }
      if (jm) this.observe(job, status, jm);
      const invalid = this.validate(job, fd);
      let spec = job.spec;
      if (invalid) {
        const error = validationError(invalid);
        if (status.error !== error) this.events.record(job, 'Warning', 'ValidationError', invalid, OPERATOR);
        status.error = error;
        const last = lastSpec(status);
        // Nothing was deployed yet: nothing to do. Otherwise carry on with the last good spec.
        if (!last) return this.write(job, status);
        spec = last.spec;
      }
      if (jm) this.reconcileSpec(job, spec, status, jm, !!invalid);
      this.write(job, status);
    } catch (e) {
      this.failure(job, status, e);
    }
  }

  /** A reconciliation error: status.error as the operator writes it, a Warning event, no retry loop. */
  private failure(job: any, status: any, e: unknown): void {
    if (!(e instanceof OperatorError)) throw e;
    this.failed.set(job.metadata.uid, job.metadata.generation);
    status.error = reconciliationError(e.chain);
    this.events.record(job, 'Warning', 'Error', `${e.chain[0].type}: ${e.chain[0].message ?? ''}`, 'Job');
    this.write(job, status);
  }

  /** JobStatusObserver: the job's state on the cluster into jobStatus; a cancelled job is marked suspended. */
  private observe(job: any, status: any, jm: JobManager): void {
    const last = lastSpec(status);
    const js = status.jobStatus;
    if (!last || last.spec.job?.state === 'suspended' || !js.jobId) return;
    const running = jm.jobs.get(js.jobId);
    if (!running) {
      if (js.state === 'RECONCILING' && status.error === JOB_NOT_FOUND_ERR) return;
      this.events.record(job, 'Warning', 'Missing', JOB_NOT_FOUND_ERR, 'Job');
      if (!TERMINAL.has(js.state) && last.spec.job?.upgradeMode === 'stateless') markSuspended(status);
      else status.reconciliationStatus.state = 'DEPLOYED';
      js.state = 'RECONCILING';
      status.error = JOB_NOT_FOUND_ERR;
      return;
    }
    const previous = js.state;
    js.state = running.state;
    js.jobName = running.name;
    js.startTime = String(running.startTime);
    if (previous !== js.state) {
      js.updateTime = String(this.api.clock.now());
      if (js.state === 'CANCELED' || (TERMINAL.has(js.state) && previous === 'CANCELLING')) markSuspended(status);
      if (js.state === 'FAILED') {
        const failure = running.failures[0];
        status.error = jobFailureError(failure?.exceptionName ?? 'java.lang.Exception', failure?.message ?? 'Job failed');
        this.events.record(job, 'Warning', 'Error', failure?.message ?? 'Job failed', 'Job');
      }
      const message = previous ? `Job status changed from ${previous} to ${js.state}` : `Job status changed to ${js.state}`;
      this.events.record(job, 'Normal', 'JobStatusChanged', message, 'Job');
    }
    // ReconciliationUtils.checkAndUpdateStableSpec: a running job makes its deployed spec stable.
    if (js.state === 'RUNNING' && status.reconciliationStatus.state === 'DEPLOYED')
      status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
  }

  /** DefaultValidator.validateSessionJob, the checks a session job of the product can meet. */
  private validate(job: any, fd: any): string | undefined {
    const name = job.spec?.deploymentName;
    if (!name) return 'Session cluster name not provided';
    if (!job.spec?.job) return 'The job spec should not be empty';
    const last = lastSpec(job.status);
    if (last && last.spec.deploymentName !== name) return "The deploymentName can't be changed";
    const uriProblem = this.submitter.artifacts.validate(job.spec.job.jarURI);
    if (uriProblem) return uriProblem;
    if (!fd) return undefined;
    if (fd.spec?.job) return 'Can not submit session job to application cluster';
    const conf = { ...fd.spec?.flinkConfiguration, ...job.spec?.flinkConfiguration };
    const mode = job.spec.job.upgradeMode ?? 'stateless';
    if (mode !== 'stateless' && !String(conf['state.checkpoints.dir'] ?? '').trim())
      return 'Checkpoint directory[state.checkpoints.dir] must be defined for last-state and savepoint upgrade modes';
    if (mode === 'savepoint' && !String(conf['state.savepoints.dir'] ?? '').trim())
      return 'Job could not be upgraded with savepoint while config key[state.savepoints.dir] is not set';
    return undefined;
  }

  /** AbstractFlinkResourceReconciler.reconcile for a session job whose cluster is ready. */
  private reconcileSpec(job: any, spec: any, status: any, jm: JobManager, invalid: boolean): void {
    const last = lastSpec(status);
    const generation = invalid ? (status.observedGeneration ?? job.metadata.generation) : job.metadata.generation;
    const now = () => this.api.clock.now();
    if (!last) {
      // A job submitted suspended is not deployed at all.
      if (spec.job?.state === 'suspended') return;
      const initial = spec.job?.initialSavepointPath;
      if (initial) status.jobStatus.upgradeSavepointPath = initial;
      const first = { ...spec, job: { ...spec.job, upgradeMode: initial ? 'savepoint' : 'stateless' } };
      recordSpec(status, first, generation, true, now());
      this.write(job, status);
      this.deploy(job, status, jm, spec, initial);
      recordSpec(status, { ...spec, job: { ...spec.job, state: 'running' } }, generation, false, now());
      return;
    }
    const upgrading = status.reconciliationStatus.state === 'UPGRADING';
    if (!specChanged(spec, last.spec) && !upgrading) return;
    // A deployment that failed is not retried in a loop: the next spec change tries again.
    if (upgrading && this.failed.get(job.metadata.uid) === job.metadata.generation) return;
    const desired = spec.job?.state ?? 'running';
    const was = last.spec.job?.state ?? 'running';
    if (!upgrading)
      this.events.record(job, 'Normal', 'SpecChanged', 'UPGRADE change(s) detected, starting reconciliation.', 'JobManagerDeployment');
    if (was === 'suspended' && desired === 'suspended') {
      recordSpec(status, spec, generation, false, now());
      return;
    }
    if (was === 'running' && !upgrading) {
      // Suspend or upgrade: the running job stops first (with a savepoint unless stateless).
      if (desired === 'suspended')
        this.events.record(job, 'Normal', 'Suspended', 'Suspending existing deployment.', 'JobManagerDeployment');
      else {
        recordSpec(status, spec, generation, true, now());
        status.lifecycleState = 'UPGRADING';
      }
      if (this.startStop(job, status, jm, spec, desired === 'suspended' ? 'suspend' : 'upgrade')) return;
    }
    this.afterStop(job, status, jm, spec, desired === 'suspended' ? 'suspend' : 'upgrade', generation);
  }

  /** What follows a stop (or a resume, or a retried upgrade): record a suspended spec, or deploy the new one. */
  private afterStop(job: any, status: any, jm: JobManager, spec: any, purpose: 'suspend' | 'upgrade', generation: number): void {
    const now = this.api.clock.now();
    if (purpose === 'suspend') {
      recordSpec(status, spec, generation, false, now);
      return;
    }
    const mode = spec.job?.upgradeMode ?? 'stateless';
    const savepoint = mode === 'stateless' ? undefined : status.jobStatus.upgradeSavepointPath;
    recordSpec(status, spec, generation, true, now);
    this.write(job, status);
    this.deploy(job, status, jm, spec, savepoint);
    recordSpec(status, { ...spec, job: { ...spec.job, state: 'running' } }, generation, false, this.api.clock.now());
  }

  /** SessionJobReconciler.deploy: a job id (reused on a retry), the jar fetched, uploaded and run. */
  private deploy(job: any, status: any, jm: JobManager, spec: any, savepoint: string | undefined): void {
    this.events.record(job, 'Normal', 'Submit', 'Starting deployment', 'Job');
    const js = status.jobStatus;
    if (!(js.jobId && js.state === 'RECONCILING')) {
      js.jobId = this.api.random.hex(32);
      js.state = 'RECONCILING';
      this.write(job, status);
    }
    this.submitter.submit(jm, spec.job, js.jobId, savepoint);
    this.failed.delete(job.metadata.uid);
  }

  /** Begins stopping the job; false when there is nothing running to stop. */
  private startStop(job: any, status: any, jm: JobManager, spec: any, purpose: PendingStop['purpose']): boolean {
    const js = status.jobStatus;
    const running = js.jobId ? jm.jobs.get(js.jobId) : undefined;
    if (!running || TERMINAL.has(running.state)) return false;
    const withSavepoint = purpose !== 'delete' && (spec.job?.upgradeMode ?? 'stateless') !== 'stateless';
    const op: PendingStop = { purpose, jid: running.jid, startedAt: this.api.clock.now() };
    if (withSavepoint) {
      const dir = jm.config('state.savepoints.dir') ?? spec.flinkConfiguration?.['state.savepoints.dir'];
      op.trigger = this.submitter.stopWithSavepoint(jm, running.jid, dir);
    } else {
      this.submitter.cancel(jm, running.jid);
      js.state = 'CANCELLING';
    }
    this.pending.set(job.metadata.uid, op);
    this.write(job, status);
    this.poll(job);
    return true;
  }

  /** Checks a stop in flight; once it is done, goes on with what it was for. */
  private continueStop(job: any, status: any, jm: JobManager, op: PendingStop): void {
    const js = status.jobStatus;
    if (op.trigger) {
      const result = this.submitter.savepointResult(jm, op.jid, op.trigger);
      if (!result) return this.poll(job);
      this.pending.delete(job.metadata.uid);
      if ('failure' in result) {
        status.error = reconciliationError(result.failure);
        this.events.record(job, 'Warning', 'SavepointError', result.failure[result.failure.length - 1].message ?? 'Savepoint Error', 'Job');
        return this.write(job, status);
      }
      recordSavepoint(status, result.location, op.startedAt);
      js.state = 'FINISHED';
      delete js.jobId;
    } else {
      const state = jm.jobs.get(op.jid)?.state;
      if (state && !TERMINAL.has(state)) return this.poll(job);
      this.pending.delete(job.metadata.uid);
      js.state = state ?? 'CANCELED';
      js.updateTime = String(this.api.clock.now());
    }
    if (op.purpose === 'delete') {
      this.write(job, status);
      this.removeFinalizer(job);
      return;
    }
    try {
      this.afterStop(job, status, jm, job.spec, op.purpose, job.metadata.generation);
    } catch (e) {
      return this.failure(job, status, e);
    }
    this.write(job, status);
  }

  /** FlinkSessionJobController.cleanup: cancel a running job (stateless), then let the finalizer go. */
  private cleanup(job: any): void {
    const status = structuredClone(job.status ?? {});
    status.jobStatus ??= {};
    if (status.lifecycleState !== 'DELETING') {
      this.events.record(job, 'Normal', 'Cleanup', 'Cleaning up FlinkSessionJob', OPERATOR);
      status.lifecycleState = 'DELETING';
      this.write(job, status);
    }
    const fd = this.api.tryGet(this.api.mustType('flink.apache.org', 'flinkdeployments'), job.metadata.namespace, job.spec?.deploymentName);
    const clusterGone = !fd || !!fd.metadata.deletionTimestamp || fd.status?.lifecycleState === 'DELETING';
    const ready = !clusterGone && fd.status?.jobManagerDeploymentStatus === 'READY';
    const op = this.pending.get(job.metadata.uid);
    if (op?.purpose === 'delete' && ready)
      return this.continueStop(job, status, this.jobManagers.of(job.metadata.namespace, fd.metadata.name), op);
    // A suspend or upgrade in flight ends here: the job is cancelled instead.
    this.pending.delete(job.metadata.uid);
    this.failed.delete(job.metadata.uid);
    const last = lastSpec(status);
    const js = status.jobStatus;
    const nothingRunning =
      !last || last.spec.job?.state === 'suspended' || TERMINAL.has(js.state) || status.error === JOB_NOT_FOUND_ERR || !js.jobId;
    // A cluster being deleted or not ready (and without HA) takes its jobs with it.
    if (nothingRunning || !ready) return this.removeFinalizer(job);
    const jm = this.jobManagers.of(job.metadata.namespace, fd.metadata.name);
    if (!this.startStop(job, status, jm, job.spec, 'delete')) this.removeFinalizer(job);
  }

  private removeFinalizer(job: any): void {
    const live = this.api.tryGet(this.sjType, job.metadata.namespace, job.metadata.name);
    if (live?.metadata.uid === job.metadata.uid) this.api.removeFinalizer(this.sjType, live, FLINK_SESSION_JOB_FINALIZER);
  }

  private poll(job: any): void {
    this.api.clock.after(POLL_MS, () => this.requeue(job.metadata.namespace, job.metadata.name));
  }

  /** Writes the status (with its lifecycle state derived) when it changed. */
  private write(job: any, status: any): void {
    const live = this.api.tryGet(this.sjType, job.metadata.namespace, job.metadata.name);
    if (!live || live.metadata.uid !== job.metadata.uid) return;
    if (status.lifecycleState !== 'DELETING') status.lifecycleState = lifecycleState({ ...status, lifecycleState: undefined });
    // JSON has no undefined: drop cleared fields rather than writing nulls the schema rejects.
    const next = JSON.parse(JSON.stringify(status));
    if (JSON.stringify(live.status) === JSON.stringify(next)) return;
    this.api.writeInternal(this.sjType, { ...live, status: next }, OPERATOR);
  }
}
