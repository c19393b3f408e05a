import { DriverState } from '../../../shared/clusters/stateTable';
import { executorsText, singleNodeText } from '../../../shared/text/clusterText';
import * as l10n from '@vscode/l10n';

export interface DriverStatus {
  readonly state: DriverState;
  /** Why it FAILED (or why it is still STARTING), in words a person can act on. */
  readonly reason?: string;
}

/** Waiting reasons that mean the driver will not start by itself. */
const FAILING_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'InvalidImageName',
  'CreateContainerError',
  'RunContainerError',
]);

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function isReady(pod: any): boolean {
  return arr<any>(pod?.status?.conditions).some((c) => c?.type === 'Ready' && c?.status === 'True');
}

/**
 * The driver pod that counts: the newest one not being deleted. A pod without a creation time (never
 * the case on a real server) sorts as the oldest, so it never hides a real newer pod.
 */
export function newestPod<T>(pods: readonly T[]): T | undefined {
  const live = pods.filter((p: any) => p && typeof p === 'object' && !p.metadata?.deletionTimestamp);
  live.sort((a: any, b: any) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')));
  return live[0];
}

/**
 * Derives a compute cluster's driver state from its Deployment and driver pods (DESIGN.md):
 * STOPPED without a Deployment or at 0 replicas; FAILED when the pod cannot run, stayed
 * unschedulable past the start timeout, or the Deployment exceeded its progress deadline;
 * ACTIVE when the driver pod is Ready; STARTING otherwise. Never throws, whatever it is given.
 */
export function deriveDriverState(deployment: unknown, driverPods: readonly unknown[], now: number, startTimeoutMs: number): DriverStatus {
  const d = deployment as any;
  if (!d || typeof d !== 'object' || d.metadata?.deletionTimestamp) return { state: 'STOPPED' };
  const replicas = d.spec?.replicas;
  if (replicas === 0) return { state: 'STOPPED' };

  const progressing = arr<any>(d.status?.conditions).find((c) => c?.type === 'Progressing');
  const pod: any = newestPod(Array.isArray(driverPods) ? driverPods : []);
  if (pod && isReady(pod)) return { state: 'ACTIVE' };
  if (progressing?.status === 'False' && progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'FAILED',
      reason: l10n.t(
        "The driver did not become ready before the deployment's progress deadline{0}.",
        str(progressing.message) ? ` (${progressing.message})` : '',
      ),
    };
  }
  if (!pod) return { state: 'STARTING', reason: l10n.t('Waiting for the driver pod to be created.') };

  if (pod.status?.phase === 'Failed') {
    return {
      state: 'FAILED',
      reason: l10n.t(
        'The driver pod failed{0}{1}.',
        str(pod.status?.reason) ? `: ${pod.status.reason}` : '',
        str(pod.status?.message) ? ` (${pod.status.message})` : '',
      ),
    };
  }
  for (const cs of arr<any>(pod.status?.containerStatuses)) {
    const waiting = cs?.state?.waiting;
    if (waiting && FAILING_WAITING.has(waiting.reason)) {
      return { state: 'FAILED', reason: `${waiting.reason}${str(waiting.message) ? `: ${waiting.message}` : ''}` };
    }
  }
  const scheduled = arr<any>(pod.status?.conditions).find((c) => c?.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable') {
    const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
    const waited = Number.isFinite(created) ? now - created : 0;
    const why = str(scheduled.message) ?? l10n.t('no node can run it');
    if (waited >= startTimeoutMs) return { state: 'FAILED', reason: l10n.t('The driver could not be scheduled: {0}', why) };
    return { state: 'STARTING', reason: l10n.t('Waiting for room to schedule the driver: {0}', why) };
  }
  const waitingReason = arr<any>(pod.status?.containerStatuses)
    .map((c) => c?.state?.waiting?.reason)
    .find(str);
  return { state: 'STARTING', ...(waitingReason ? { reason: waitingReason } : {}) };
}

/** Executors of a multi-node cluster: N running, P pending, M the executor count (the maximum). */
export interface ExecutorCounts {
  readonly running: number;
  readonly pending: number;
  readonly max: number;
}

export function executorCounts(executorPods: readonly unknown[], executorCount: number): ExecutorCounts {
  const live = (Array.isArray(executorPods) ? executorPods : []).filter(
    (p: any) => p && typeof p === 'object' && !p.metadata?.deletionTimestamp,
  );
  return {
    running: live.filter((p: any) => p.status?.phase === 'Running').length,
    pending: live.filter((p: any) => !p.status?.phase || p.status.phase === 'Pending').length,
    max: Number.isFinite(executorCount) && executorCount >= 0 ? executorCount : 0,
  };
}

/**
 * The executor column: `No running executors`, `Running N/M`, `Scaling P/M` or
 * `Running N/M + Scaling P/M` (N running, P pending, M the executor count); single-node clusters
 * have none.
 */
export function executorState(executorPods: readonly unknown[], executorCount: number, singleNode: boolean): string {
  return singleNode ? singleNodeText() : executorsText(executorCounts(executorPods, executorCount));
}
