/**
 * The status a FlinkSessionJob carries, written as the Apache Flink Kubernetes Operator (1.10+)
 * writes it: the spec it reconciled (with its reconciliation metadata), the lifecycle state it
 * derives from the status (CommonStatus.getLifecycleState), and errors as the JSON of a
 * FlinkResourceException.
 */

export const RECONCILIATION_EXCEPTION = 'org.apache.flink.kubernetes.operator.exception.ReconciliationException';
export const VALIDATION_EXCEPTION = 'org.apache.flink.kubernetes.operator.exception.ValidationException';
export const JOB_NOT_FOUND_ERR = 'Job Not Found';
/** kubernetes.operator.exception.field.length.threshold */
const FIELD_LENGTH = 2048;
/** kubernetes.operator.exception.throwable.list.max.count */
const THROWABLE_COUNT = 2;

/** One throwable of a cause chain, as the operator records it (type, message, metadata). */
export interface Throwable {
  type: string;
  message?: string;
  additionalMetadata?: Record<string, unknown>;
}

/** An error during reconciliation: the exception the reconciler threw, and its causes outermost first. */
export class OperatorError extends Error {
  constructor(readonly chain: Throwable[]) {
    super(chain.map((t) => `${t.type}: ${t.message ?? ''}`).join(' <- '));
  }
}

const cut = (s: string | undefined) => (s === undefined ? undefined : s.slice(0, FIELD_LENGTH));
/** Java's Throwable.toString(): the class name, then ": message" when there is one. */
export const javaString = (t: Throwable) => (t.message === undefined ? t.type : `${t.type}: ${t.message}`);

function resourceException(t: Throwable): Record<string, unknown> {
  const out: Record<string, unknown> = { type: cut(t.type) };
  if (t.message !== undefined) out.message = cut(t.message);
  out.additionalMetadata = t.additionalMetadata ?? {};
  return out;
}

/**
 * `status.error` for an exception the reconciler threw: the controller wraps it in a
 * ReconciliationException (whose message is the cause's toString()), and the operator lists the
 * cause chain under throwableList (FlinkResourceExceptionUtils.updateFlinkResourceException).
 */
export function reconciliationError(chain: Throwable[]): string {
  return JSON.stringify({
    ...resourceException({ type: RECONCILIATION_EXCEPTION, message: javaString(chain[0]) }),
    throwableList: chain.slice(0, THROWABLE_COUNT).map(resourceException),
  });
}

/** `status.error` for a spec the validator refused (a ValidationException without causes). */
export function validationError(message: string): string {
  return JSON.stringify({ ...resourceException({ type: VALIDATION_EXCEPTION, message }), throwableList: [] });
}

/** `status.error` for a job that failed on the cluster: its result's serialized throwable. */
export function jobFailureError(exceptionName: string, message: string): string {
  return JSON.stringify({
    ...resourceException({
      type: 'org.apache.flink.runtime.JobException',
      message: 'Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy',
    }),
    throwableList: [resourceException({ type: exceptionName, message })],
  });
}

/** A job spec with the defaults the operator's model fills in (state running, upgradeMode stateless). */
export function normalizedSpec(spec: any, jobState?: 'running' | 'suspended', upgradeMode?: string): any {
  const out = structuredClone(spec ?? {});
  out.job = { ...(out.job ?? {}) };
  out.job.state = jobState ?? out.job.state ?? 'running';
  out.job.upgradeMode = upgradeMode ?? out.job.upgradeMode ?? 'stateless';
  out.job.allowNonRestoredState ??= false;
  out.job.args ??= [];
  return out;
}

/** SpecUtils.writeSpecWithMeta: the spec beside its reconciliation metadata. */
export function specWithMeta(spec: any, generation: number, firstDeployment: boolean): string {
  return JSON.stringify({
    spec,
    resource_metadata: { apiVersion: 'flink.apache.org/v1beta1', metadata: { generation }, firstDeployment },
  });
}

export function lastSpec(status: any): { spec: any; meta: any } | undefined {
  const text = status?.reconciliationStatus?.lastReconciledSpec;
  if (!text) return undefined;
  try {
    const v = JSON.parse(text);
    return v.spec ? { spec: v.spec, meta: v.resource_metadata } : { spec: v, meta: {} };
  } catch {
    return undefined;
  }
}

/** Whether two specs differ in what the operator reconciles (the trigger nonces are applied apart). */
export function specChanged(current: any, last: any): boolean {
  const strip = (s: any) => {
    const n = normalizedSpec(s);
    delete n.job.savepointTriggerNonce;
    delete n.job.checkpointTriggerNonce;
    delete n.job.autoscalerResetNonce;
    return JSON.stringify(sortKeys(n));
  };
  return strip(current) !== strip(last);
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}

/** CommonStatus.getLifecycleState. */
export function lifecycleState(status: any): string {
  if (status.lifecycleState === 'DELETING' || status.lifecycleState === 'DELETED') return status.lifecycleState;
  const rs = status.reconciliationStatus ?? {};
  const last = lastSpec(status);
  if (!last) return status.error ? 'FAILED' : 'CREATED';
  if (rs.state === 'UPGRADING') return 'UPGRADING';
  if (rs.state === 'ROLLING_BACK') return 'ROLLING_BACK';
  if (last.spec.job?.state === 'suspended') return 'SUSPENDED';
  if (status.jobStatus?.state === 'FAILED') return 'FAILED';
  if (rs.state === 'ROLLED_BACK') return 'ROLLED_BACK';
  if (rs.lastStableSpec && rs.lastStableSpec === rs.lastReconciledSpec) return 'STABLE';
  return 'DEPLOYED';
}

/**
 * ReconciliationUtils.updateStatusForSpecReconciliation: clears the error, records the spec (its
 * job state as it will be after this step), UPGRADING before a deployment attempt, DEPLOYED after;
 * a spec suspended by the user is stable at once.
 */
export function recordSpec(status: any, spec: any, generation: number, upgrading: boolean, now: number): void {
  const previous = lastSpec(status);
  const state = upgrading ? 'suspended' : (spec.job?.state ?? 'running');
  const recorded = normalizedSpec(spec, state);
  delete status.error;
  status.observedGeneration = generation;
  status.reconciliationStatus = {
    ...status.reconciliationStatus,
    state: upgrading ? 'UPGRADING' : 'DEPLOYED',
    reconciliationTimestamp: now,
    lastReconciledSpec: specWithMeta(recorded, generation, previous ? previous.meta?.firstDeployment === true && upgrading : true),
  };
  if (!upgrading && state === 'suspended') status.reconciliationStatus.lastStableSpec = status.reconciliationStatus.lastReconciledSpec;
}

/** JobStatusObserver.markSuspended: the reconciled spec's job becomes suspended (the job was cancelled). */
export function markSuspended(status: any): void {
  const last = lastSpec(status);
  if (!last) return;
  last.spec.job = { ...last.spec.job, state: 'suspended' };
  status.reconciliationStatus.lastReconciledSpec = JSON.stringify({
    spec: last.spec,
    resource_metadata: { ...last.meta, firstDeployment: false },
  });
}

/** The legacy savepoint record (status.jobStatus.savepointInfo) an upgrade or suspend writes. */
export function recordSavepoint(status: any, location: string, at: number): void {
  const js = status.jobStatus;
  const savepoint = { timeStamp: at, location, triggerType: 'UPGRADE', formatType: 'CANONICAL' };
  const info = js.savepointInfo ?? { savepointHistory: [], lastPeriodicSavepointTimestamp: 0 };
  js.savepointInfo = { ...info, lastSavepoint: savepoint, savepointHistory: [...(info.savepointHistory ?? []), savepoint] };
  js.upgradeSavepointPath = location;
}
