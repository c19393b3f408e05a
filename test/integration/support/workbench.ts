import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../../src/api';
import type { Cluster, ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import type { Confirmations } from '../../../src/commands/confirmations';
import type { Prompts } from '../../../src/commands/prompts';

export const EXTENSION_ID = 'dataclusters.data-clusters';
export const DEMO = ['analytics', 'streaming', 'marketing', 'risk', 'research', 'ops'];
/**
 * A namespace of the tests' own, without a quota, holding copies of two demo clusters: the demo's
 * `analytics` quota is full by design (it holds sales-etl's third executor back), so tests that
 * start clusters start these.
 */
export const IT = 'it';
export const WATCHED = [...DEMO, IT];

export async function api(): Promise<DataClustersApi> {
  return vscode.extensions.getExtension<DataClustersApi>(EXTENSION_ID)!.activate();
}

/** Waits for a condition the extension's events make true; never a fixed sleep. */
export async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real kubectl, as a second client, against the cluster the extension watches. */
export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** kubectl with a manifest on standard input (`-f -`). */
export function kubectlWith(input: string, ...args: string[]): string {
  return execFileSync('kubectl', args, { env: process.env, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A copy of a compute cluster's definition under a new name or namespace, made with kubectl. */
export function copyComputeDefinition(fromNs: string, from: string, toNs: string, to: string): void {
  const cm = JSON.parse(kubectl('-n', fromNs, 'get', 'configmap', `compute.${from}`, '-o', 'json'));
  const spec = { ...JSON.parse(cm.data['spec.json']), name: to, namespace: toNs };
  const labels = { ...cm.metadata.labels, 'dataclusters.io/cluster': to };
  const copy = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `compute.${to}`, namespace: toNs, labels, annotations: { 'dataclusters.io/generation': '1' } },
    data: { 'spec.json': JSON.stringify(spec) },
  };
  kubectlWith(JSON.stringify(copy), 'create', '-f', '-');
}

/** A copy of a session cluster's definition under a new name or namespace, made with kubectl (Disabled until started). */
export function copySessionDefinition(fromNs: string, from: string, toNs: string, to: string): void {
  const cm = JSON.parse(kubectl('-n', fromNs, 'get', 'configmap', `session.${from}`, '-o', 'json'));
  const spec = { ...JSON.parse(cm.data['spec.json']), name: to, namespace: toNs };
  const labels = { ...cm.metadata.labels, 'dataclusters.io/cluster': to };
  const annotations = { 'dataclusters.io/generation': '1', 'dataclusters.io/owner': 'admin', 'dataclusters.io/created-by': 'admin' };
  const copy = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `session.${to}`, namespace: toNs, labels, annotations },
    data: { 'spec.json': JSON.stringify(spec) },
  };
  kubectlWith(JSON.stringify(copy), 'apply', '-f', '-');
}

/** A copy of a FlinkSessionJob (a task) for another session cluster, in the given job state, made with kubectl. */
export function copyTask(fromNs: string, from: string, toNs: string, cluster: string, to: string, state: 'running' | 'suspended'): void {
  const job = JSON.parse(kubectl('-n', fromNs, 'get', 'flinksessionjob', from, '-o', 'json'));
  const copy = {
    apiVersion: job.apiVersion,
    kind: job.kind,
    metadata: { name: to, namespace: toNs, labels: { ...job.metadata.labels, 'dataclusters.io/cluster': cluster } },
    spec: { ...job.spec, deploymentName: cluster, job: { ...job.spec.job, state } },
  };
  kubectlWith(JSON.stringify(copy), 'apply', '-f', '-');
}

/** The tests' namespace with its two clusters (STOPPED when new), made once per run. */
function prepareTestNamespace(): void {
  kubectlWith(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: IT } }), 'apply', '-f', '-');
  const have = kubectl('-n', IT, 'get', 'configmaps', '-o', 'name');
  for (const [ns, name] of [
    ['analytics', 'notebook'],
    ['analytics', 'reporting'],
  ])
    if (!have.includes(`configmap/compute.${name}\n`)) copyComputeDefinition(ns, name, IT, name);
}

/** Answers every confirmation with `answer`, recording what was asked. */
export function answering(answer: boolean, asked: string[]): Confirmations {
  return {
    terminate: async (n) => (asked.push(`terminate ${n}`), answer),
    restart: async (n) => (asked.push(`restart ${n}`), answer),
    deleteCompute: async (n) => (asked.push(`delete ${n}`), answer),
    deleteSession: async (n) => (asked.push(`delete session ${n}`), answer),
    disable: async (n, jobs) => (asked.push(`disable ${n} (${jobs} jobs)`), answer),
    deleteTask: async (n) => (asked.push(`delete task ${n}`), answer),
  };
}

export interface Shown {
  readonly kind: 'pick' | 'info' | 'error';
  readonly message: string;
  /** Quick pick item labels, or notification buttons. */
  readonly options: string[];
}

/** Records every quick pick and notification; `choose` answers them (undefined: dismissed). */
export function recordingPrompts(shown: Shown[], choose: (s: Shown) => string | undefined = () => undefined, saveTo?: string): Prompts {
  return {
    save: async () => (saveTo ? vscode.Uri.file(saveTo) : undefined),
    pick: async (items, options) => {
      const s: Shown = { kind: 'pick', message: options.title ?? '', options: items.map((i) => i.label) };
      shown.push(s);
      const label = choose(s);
      return items.find((i) => i.label === label);
    },
    info: async (message, ...actions) => {
      const s: Shown = { kind: 'info', message, options: actions };
      shown.push(s);
      return choose(s);
    },
    error: async (message, ...actions) => {
      const s: Shown = { kind: 'error', message, options: actions };
      shown.push(s);
      return choose(s);
    },
    notice: (message, actions) => void shown.push({ kind: 'info', message, options: actions.map((a) => a.label) }),
  };
}

export const computeOf = (a: DataClustersApi, ns: string, name: string) =>
  a.model()?.get('compute', ns, name) as ComputeCluster | undefined;
export const sessionOf = (a: DataClustersApi, ns: string, name: string) =>
  a.model()?.get('session', ns, name) as SessionCluster | undefined;

/** Watches the demo namespaces and the tests' own, and waits for the clusters in both views. */
export async function watchDemo(a: DataClustersApi): Promise<void> {
  prepareTestNamespace();
  const config = vscode.workspace.getConfiguration('dataClusters');
  if (JSON.stringify(config.get('namespaces')) !== JSON.stringify(WATCHED))
    await config.update('namespaces', WATCHED, vscode.ConfigurationTarget.Global);
  await until(
    () =>
      a.health()?.kind === 'ready' &&
      a.model()?.isReady('compute') &&
      a.model()?.isReady('session') &&
      a.treeClusters('compute').includes(`${IT}/notebook`) &&
      a.treeClusters('session').length >= 1,
    60_000,
    'the demo clusters in both views',
  );
}

/** Brings a compute cluster to ACTIVE or STOPPED, through the extension's own commands, so a test needs no other test first. */
export async function ensureCompute(a: DataClustersApi, ns: string, name: string, want: 'ACTIVE' | 'STOPPED'): Promise<ComputeCluster> {
  const settled = () => {
    const c = computeOf(a, ns, name);
    return c && !c.operation && (c.state === 'ACTIVE' || c.state === 'STOPPED' || c.state === 'FAILED') ? c : undefined;
  };
  let c = await until(settled, 60_000, `${name} settled`);
  if (c.state !== want) {
    const previous = a.setConfirmations;
    previous(answering(true, []));
    try {
      if (want === 'STOPPED')
        await vscode.commands.executeCommand('dataClusters.compute.terminate', { kind: 'compute', namespace: ns, name });
      else {
        if (c.state === 'FAILED')
          await vscode.commands.executeCommand('dataClusters.compute.terminate', { kind: 'compute', namespace: ns, name });
        await until(() => computeOf(a, ns, name)?.state === 'STOPPED' && !computeOf(a, ns, name)?.operation, 60_000, `${name} STOPPED`);
        await vscode.commands.executeCommand('dataClusters.compute.start', { kind: 'compute', namespace: ns, name });
      }
    } finally {
      a.setConfirmations(undefined);
    }
    c = await until(() => (settled()?.state === want ? settled() : undefined), 60_000, `${name} ${want}`);
  }
  return c;
}

export const isTree = (c: Cluster | undefined): c is Cluster => !!c;

/** Brings a session cluster to Running or Disabled through the extension's own commands. */
export async function ensureSession(a: DataClustersApi, ns: string, name: string, want: 'Running' | 'Disabled'): Promise<SessionCluster> {
  const settled = () => {
    const c = sessionOf(a, ns, name);
    return c && !c.operation && (c.status === 'Running' || c.status === 'Disabled' || c.status === 'Failed') ? c : undefined;
  };
  let c = await until(settled, 60_000, `${name} settled`);
  if (c.status !== want) {
    a.setConfirmations(answering(true, []));
    try {
      if (want === 'Disabled' || c.status === 'Failed')
        await vscode.commands.executeCommand('dataClusters.session.disable', { kind: 'session', namespace: ns, name });
      if (want === 'Running') {
        await until(() => sessionOf(a, ns, name)?.status === 'Disabled' && !sessionOf(a, ns, name)?.operation, 60_000, `${name} Disabled`);
        await vscode.commands.executeCommand('dataClusters.session.start', { kind: 'session', namespace: ns, name });
      }
    } finally {
      a.setConfirmations(undefined);
    }
    c = await until(() => (settled()?.status === want ? settled() : undefined), 60_000, `${name} ${want}`);
  }
  return c;
}
