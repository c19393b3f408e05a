/**
 * Diagnose (pure): one short explanation of why a compute cluster's driver FAILED or is still
 * STARTING, assembled from the driver pod's container status, the cluster's warning events, the
 * namespace quota and the last error lines of the driver log. The first fact that explains the
 * state wins; every fact found is listed under it.
 */
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

const cores = (millicores: number) => `${+(millicores / 1000).toFixed(2)} CPU`;
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
  return `Unschedulable: the quota in ${i.namespace} allows ${cores(left).replace(' CPU', '')} more CPU, the driver asks for ${cores(i.driverCpuMillicores).replace(' CPU', '')}`;
}

export function diagnose(i: DiagnoseInput): Diagnosis {
  const details: string[] = [];
  const candidates: string[] = [];
  const statuses: any[] = Array.isArray(i.pod?.status?.containerStatuses) ? i.pod!.status.containerStatuses : [];
  for (const cs of statuses) {
    const waiting = cs?.state?.waiting;
    const last = cs?.lastState?.terminated;
    if (waiting?.reason) {
      details.push(`Container ${cs.name} is waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}.`);
      if (PULL.has(waiting.reason)) {
        const image = String(cs.image ?? '');
        const pullEvent = i.warnings.find((w) => /pull|image/i.test(`${w.reason} ${w.message}`));
        const why = /not found/i.test(pullEvent?.message ?? waiting.message ?? '') ? 'not found' : 'cannot be pulled';
        candidates.push(`${waiting.reason}: image ${image || 'of the driver'} ${why}`);
      } else if (waiting.reason === 'CrashLoopBackOff') {
        const exit = last ? ` (exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ''})` : '';
        // The log usually says why: its last error line completes the sentence.
        const error = i.logLines.filter((l) => ERROR_LINE.test(l)).at(-1);
        candidates.push(`CrashLoopBackOff: the driver keeps exiting${exit}${error ? `; last error: ${errorText(error)}` : ''}`);
      } else if (waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
        candidates.push(`${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`);
      }
    }
    if (last) details.push(`Container ${cs.name} last exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}.`);
  }
  const scheduled = (Array.isArray(i.pod?.status?.conditions) ? i.pod!.status.conditions : []).find((c: any) => c?.type === 'PodScheduled');
  const quotaEvent = i.warnings.find((w) => /exceeded quota/i.test(w.message));
  if ((scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable') || quotaEvent) {
    const q = quotaSentence(i);
    candidates.push(q ?? `Unschedulable: ${scheduled?.message ?? quotaEvent?.message ?? 'no node can run the driver'}`);
    if (scheduled?.message) details.push(`Scheduler: ${scheduled.message}`);
  }
  for (const w of i.warnings.slice(0, 5)) details.push(`Warning ${w.reason}${w.count > 1 ? ` (×${w.count})` : ''}: ${w.message}`);
  if (i.warnings[0]) candidates.push(`${i.warnings[0].reason}: ${i.warnings[0].message}`);
  const errors = i.logLines.filter((l) => ERROR_LINE.test(l)).slice(-3);
  for (const l of errors) details.push(`Log: ${l.slice(0, 500)}`);
  if (errors.length) candidates.push(`The driver log says: ${errors[errors.length - 1].slice(0, 300)}`);
  if (i.reason) {
    details.unshift(`State ${i.state}: ${i.reason}`);
    candidates.push(i.reason);
  }
  const summary =
    candidates[0] ??
    (i.state === 'STARTING'
      ? 'Still starting: the driver pod shows no failing container, no warning events and no error lines yet.'
      : 'No cause found: the driver pod shows no failing container, no warning events and no error lines.');
  return { summary: summary.slice(0, 2000), details: [...new Set(details)].slice(0, 50).map((d) => d.slice(0, 2000)) };
}
