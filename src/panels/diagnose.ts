/**
 * Diagnose (pure): one short explanation of why a compute cluster's driver FAILED or is still
 * STARTING, assembled from the driver pod's container status, the cluster's warning events, the
 * namespace quota and the last error lines of the driver log. The first fact that explains the
 * state wins; every fact found is listed under it.
 */
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../kube/resources';

export interface DiagnoseInput {
  readonly namespace: string;
  readonly state: string;
  readonly reason?: string;
  /** The newest driver pod, when there is one. */
  readonly pod?: KubeObject;
  /** Warning events of the cluster, newest first. */
  readonly warnings: readonly { readonly reason: string; readonly message: string; readonly count: number }[];
  /** The last lines of the driver log (any number; only error lines are used). */
  readonly logLines: readonly string[];
  /** The namespace's CPU quota, when it has one. */
  readonly quota?: { readonly hardCpu?: string; readonly usedCpu?: string };
  readonly driverCpuMillicores?: number;
}

export interface Diagnosis {
  readonly summary: string;
  readonly details: string[];
}

/** Millicores of a Kubernetes CPU quantity ("4", "500m", "1.5"); undefined when unreadable. */
export function cpuMillicores(q: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec((q ?? '').trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Math.round(Number(m[1]) * 1000);
}

/** A CPU amount in cores ("1.5"), from millicores. */
const cores = (millicores: number) => String(+(millicores / 1000).toFixed(2));
const ERROR_LINE = /\b(ERROR|FATAL|SEVERE)\b|Exception\b|Error:/;
/** The message of a log line, without the timestamp and level Spark puts first. */
function errorText(line: string): string {
  const m = /\b(?:ERROR|FATAL|SEVERE)\s+(.*)$/.exec(line);
  return (m ? m[1] : line).trim().slice(0, 300);
}

const PULL = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName']);

function quotaSentence(i: DiagnoseInput): string | undefined {
  const hard = cpuMillicores(i.quota?.hardCpu);
  const used = cpuMillicores(i.quota?.usedCpu) ?? 0;
  if (hard === undefined || i.driverCpuMillicores === undefined) return undefined;
  const left = Math.max(0, hard - used);
  if (left >= i.driverCpuMillicores) return undefined;
  return l10n.t(
    'Unschedulable: the quota in {0} allows {1} more CPU, the driver asks for {2}',
    i.namespace,
    cores(left),
    cores(i.driverCpuMillicores),
  );
}

/** Why the image did not come: whole sentences for a named or unnamed image, missing or not pullable. */
function pullSentence(reason: string, image: string, notFound: boolean): string {
  if (image) return notFound ? l10n.t('{0}: image {1} not found', reason, image) : l10n.t('{0}: image {1} cannot be pulled', reason, image);
  return notFound ? l10n.t('{0}: image of the driver not found', reason) : l10n.t('{0}: image of the driver cannot be pulled', reason);
}

export function diagnose(i: DiagnoseInput): Diagnosis {
  const details: string[] = [];
  const candidates: string[] = [];
  const statuses: any[] = Array.isArray(i.pod?.status?.containerStatuses) ? i.pod!.status.containerStatuses : [];
  for (const cs of statuses) {
    const waiting = cs?.state?.waiting;
    const last = cs?.lastState?.terminated;
    if (waiting?.reason) {
      details.push(
        waiting.message
          ? l10n.t('Container {0} is waiting: {1} ({2}).', cs.name, waiting.reason, waiting.message)
          : l10n.t('Container {0} is waiting: {1}.', cs.name, waiting.reason),
      );
      if (PULL.has(waiting.reason)) {
        const image = String(cs.image ?? '');
        const pullEvent = i.warnings.find((w) => /pull|image/i.test(`${w.reason} ${w.message}`));
        const notFound = /not found/i.test(pullEvent?.message ?? waiting.message ?? '');
        candidates.push(pullSentence(waiting.reason, image, notFound));
      } else if (waiting.reason === 'CrashLoopBackOff') {
        const exiting = l10n.t('CrashLoopBackOff: the driver keeps exiting');
        const withExit = !last
          ? exiting
          : last.reason
            ? l10n.t('{0} (exit code {1}, {2})', exiting, last.exitCode, last.reason)
            : l10n.t('{0} (exit code {1})', exiting, last.exitCode);
        // The log usually says why: its last error line completes the sentence.
        const error = i.logLines.filter((l) => ERROR_LINE.test(l)).at(-1);
        candidates.push(error ? l10n.t('{0}; last error: {1}', withExit, errorText(error)) : withExit);
      } else if (waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
        candidates.push(`${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`);
      }
    }
    if (last)
      details.push(
        last.reason
          ? l10n.t('Container {0} last exited with code {1} ({2}).', cs.name, last.exitCode, last.reason)
          : l10n.t('Container {0} last exited with code {1}.', cs.name, last.exitCode),
      );
  }
  const scheduled = (Array.isArray(i.pod?.status?.conditions) ? i.pod!.status.conditions : []).find((c: any) => c?.type === 'PodScheduled');
  const quotaEvent = i.warnings.find((w) => /exceeded quota/i.test(w.message));
  if ((scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable') || quotaEvent) {
    const q = quotaSentence(i);
    const why: string | undefined = scheduled?.message ?? quotaEvent?.message;
    candidates.push(q ?? (why ? l10n.t('Unschedulable: {0}', why) : l10n.t('Unschedulable: no node can run the driver')));
    if (scheduled?.message) details.push(l10n.t('Scheduler: {0}', scheduled.message));
  }
  for (const w of i.warnings.slice(0, 5))
    details.push(
      w.count > 1 ? l10n.t('Warning {0} (×{1}): {2}', w.reason, w.count, w.message) : l10n.t('Warning {0}: {1}', w.reason, w.message),
    );
  if (i.warnings[0]) candidates.push(`${i.warnings[0].reason}: ${i.warnings[0].message}`);
  const errors = i.logLines.filter((l) => ERROR_LINE.test(l)).slice(-3);
  for (const l of errors) details.push(l10n.t('Log: {0}', l.slice(0, 500)));
  if (errors.length) candidates.push(l10n.t('The driver log says: {0}', errors[errors.length - 1].slice(0, 300)));
  if (i.reason) {
    details.unshift(l10n.t('State {0}: {1}', i.state, i.reason));
    candidates.push(i.reason);
  }
  const summary =
    candidates[0] ??
    (i.state === 'STARTING'
      ? l10n.t('Still starting: the driver pod shows no failing container, no warning events and no error lines yet.')
      : l10n.t('No cause found: the driver pod shows no failing container, no warning events and no error lines.'));
  return { summary: summary.slice(0, 2000), details: [...new Set(details)].slice(0, 50).map((d) => d.slice(0, 2000)) };
}
