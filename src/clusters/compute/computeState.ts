import { DriverState } from '../../../shared/clusters/stateTable';
import { executorsText, singleNodeText } from '../../../shared/text/clusterText';
import * as l10n from '@vscode/l10n';

/** Why a cluster is in its state: one sentence a person can act on, and what Kubernetes said, verbatim. */
export interface StateReason {
  readonly summary: string;
  /** The kubelet's or controller's own text (pod names, uids and all), for whoever needs the detail. */
  readonly raw?: string;
}

export interface DriverStatus {
  readonly state: DriverState;
  /** Why it FAILED (or why it is still STARTING). */
  readonly reason?: StateReason;
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
      reason: {
        summary: l10n.t("The driver did not become ready within its Deployment's progress deadline."),
        raw: rawText('ProgressDeadlineExceeded', progressing.message),
      },
    };
  }
  if (!pod) return { state: 'STARTING', reason: { summary: l10n.t('Waiting for the driver pod to be created.') } };

  if (pod.status?.phase === 'Failed') {
    const why = str(pod.status?.reason);
    return {
      state: 'FAILED',
      reason: {
        summary: why ? l10n.t('The driver pod failed: {0}.', why) : l10n.t('The driver pod failed.'),
        ...(why || str(pod.status?.message) ? { raw: rawText(why ?? 'Failed', pod.status?.message) } : {}),
      },
    };
  }
  for (const cs of arr<any>(pod.status?.containerStatuses)) {
    const waiting = cs?.state?.waiting;
    if (waiting && FAILING_WAITING.has(waiting.reason)) return { state: 'FAILED', reason: waitingReason(cs, waiting) };
  }
  const scheduled = arr<any>(pod.status?.conditions).find((c) => c?.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable') {
    const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
    const waited = Number.isFinite(created) ? now - created : 0;
    const why = unschedulableWhy(str(scheduled.message));
    const raw = str(scheduled.message) ? { raw: rawText('Unschedulable', scheduled.message) } : {};
    if (waited >= startTimeoutMs)
      return { state: 'FAILED', reason: { summary: l10n.t('The driver could not be scheduled: {0}.', why), ...raw } };
    return { state: 'STARTING', reason: { summary: l10n.t('Waiting for room to schedule the driver: {0}.', why), ...raw } };
  }
  const waiting = arr<any>(pod.status?.containerStatuses)
    .map((c) => c?.state?.waiting?.reason)
    .find(str);
  return { state: 'STARTING', ...(waiting ? { reason: { summary: waiting } } : {}) };
}

/** "Reason: message" as Kubernetes wrote them. */
function rawText(reason: string, message: unknown): string {
  return str(message) ? `${reason}: ${String(message)}` : reason;
}

/** The driver container's failing wait, in one sentence. */
function waitingReason(cs: any, waiting: any): StateReason {
  const raw = rawText(waiting.reason, waiting.message);
  const message = str(waiting.message) ?? '';
  switch (waiting.reason) {
    case 'CrashLoopBackOff': {
      const restarts = Number.isInteger(cs?.restartCount) ? (cs.restartCount as number) : undefined;
      const last = cs?.lastState?.terminated;
      const exit =
        last && Number.isInteger(last.exitCode)
          ? str(last.reason)
            ? l10n.t('code {0} ({1})', last.exitCode, last.reason)
            : l10n.t('code {0}', last.exitCode)
          : (str(last?.reason) ?? l10n.t('unknown'));
      const why =
        last?.reason === 'OOMKilled'
          ? l10n.t('it runs out of memory')
          : /back-off (\S+)/.exec(message)
            ? l10n.t('next try in {0}', /back-off (\S+)/.exec(message)![1])
            : l10n.t('it exits soon after it starts');
      return {
        summary:
          restarts === undefined
            ? l10n.t('The driver keeps crashing: {0}; last exit: {1}.', why, exit)
            : restarts === 1
              ? l10n.t('The driver keeps crashing: {0}, restarted once; last exit: {1}.', why, exit)
              : l10n.t('The driver keeps crashing: {0}, restarted {1} times; last exit: {2}.', why, restarts, exit),
        raw,
      };
    }
    case 'ImagePullBackOff':
    case 'ErrImagePull': {
      const image = str(cs?.image) ?? /image "([^"]+)"/.exec(message)?.[1] ?? '?';
      const missing = /not found|manifest unknown|does not exist/i.test(message);
      const denied = /unauthorized|denied|authentication|forbidden/i.test(message);
      return {
        summary: missing
          ? l10n.t("The driver's image {0} does not exist in its registry.", image)
          : denied
            ? l10n.t("The driver's image {0} cannot be pulled: the registry refused access.", image)
            : l10n.t("The driver's image {0} cannot be pulled: check its name and that the registry can be reached.", image),
        raw,
      };
    }
    case 'InvalidImageName':
      return { summary: l10n.t("The driver's image name {0} is not valid.", str(cs?.image) ?? '?'), raw };
    case 'CreateContainerConfigError':
      return {
        summary: message
          ? l10n.t("The driver's container cannot be set up: {0}.", message)
          : l10n.t("The driver's container cannot be set up from its configuration."),
        raw,
      };
    default:
      return {
        summary: message
          ? l10n.t("The driver's container cannot be started: {0}.", message)
          : l10n.t("The driver's container cannot be started."),
        raw,
      };
  }
}

/** The scheduler's "0/3 nodes are available: 3 Insufficient cpu. preemption: …" in a few words. */
function unschedulableWhy(message: string | undefined): string {
  if (!message) return l10n.t('no node can run it');
  const quota = /exceeded quota: ([^,]+)/.exec(message);
  if (quota) return l10n.t('ResourceQuota {0} has no room left', quota[1]);
  const short = [...new Set([...message.matchAll(/Insufficient ([\w/-]+(?:\.[\w/-]+)*)/g)].map((m) => m[1]))];
  if (short.length) return l10n.t('no node has enough {0} free', short.join(', '));
  return message.split(/\.\s/)[0].replace(/\.$/, '');
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
