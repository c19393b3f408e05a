/**
 * Details: what the cluster is. Its data rides on the cluster update the header shows too; the
 * compute tab adds Diagnose (why the driver fails or does not start), the session tab follows the
 * namespace's quota it shows.
 */
import * as l10n from '@vscode/l10n';
import { ClusterEventsWatcher, EventSummary } from '../../clusters/clusterEvents';
import type { ComputeCluster } from '../../clusters/clusterModel';
import { newestPod } from '../../clusters/compute/computeState';
import { podLogBatches } from '../../kube/podLogs';
import { diagnose } from '../diagnose';
import { RequestError } from '../webviewPanelHost';
import { EventsTab } from './eventsTab';
import { LogsTab } from './logsTab';
import type { ClusterTabHost, Connected, TabContext } from './tab';

type Warning = { reason: string; message: string; count: number };

export function computeDetailsTab(ctx: TabContext): ClusterTabHost {
  return {
    handlers: { 'diagnose.run': () => runDiagnose(ctx) },
    dispose() {},
  };
}

export function sessionDetailsTab(ctx: TabContext): ClusterTabHost {
  return {
    // The Resource group section shows the namespace's quota.
    bind: (conn) => [conn.model.onDidChangeResourceGroup((ns) => ns === ctx.ref.namespace && ctx.postCluster())],
    dispose() {},
  };
}

async function runDiagnose(ctx: TabContext): Promise<{ summary: string; details: string[] }> {
  const conn = ctx.needConnection();
  const model = conn.model;
  const c = (model.get('compute', ctx.ref.namespace, ctx.ref.name) ?? ctx.cluster()) as ComputeCluster | undefined;
  if (!c || c.kind !== 'compute') throw new RequestError(l10n.t('Diagnose is for compute clusters.'), 'bad-request');
  const pods = model.cache.itemsOfCluster('pods', c.namespace, c.name);
  const pod = newestPod(pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver'));
  const [warnings, logLines] = await Promise.all([warningEvents(ctx, conn), lastLogLines(ctx, conn, pod?.metadata.name, pod)]);
  const quota = model.resourceGroup(c.namespace).quotas[0];
  return diagnose({
    namespace: c.namespace,
    state: c.state,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(pod ? { pod } : {}),
    warnings,
    logLines,
    ...(quota
      ? { quota: { hardCpu: quota.hard['requests.cpu'] ?? quota.hard.cpu, usedCpu: quota.used['requests.cpu'] ?? quota.used.cpu } }
      : {}),
    ...(c.driverNodeType && 'cpuMillicores' in c.driverNodeType ? { driverCpuMillicores: c.driverNodeType.cpuMillicores } : {}),
  });
}

/** The warnings the Events tab watches; read once here when it has none (not allowed, or not synced yet). */
async function warningEvents(ctx: TabContext, conn: Connected): Promise<Warning[]> {
  const pick = (s: EventSummary) =>
    s.events.filter((e) => e.type === 'Warning').map((e) => ({ reason: e.reason, message: e.message, count: e.count }));
  const events = ctx.peer('events');
  const watched = events instanceof EventsTab ? events.summary() : undefined;
  if (watched) return pick(watched);
  const { namespace, name } = ctx.ref;
  if (!(await conn.access.can({ verb: 'list', resource: 'events', namespace }).catch(() => true))) return [];
  const w = new ClusterEventsWatcher(conn.transport, namespace, 'compute', name, () =>
    conn.model.cache.itemsOfCluster('pods', namespace, name),
  );
  try {
    w.start();
    await Promise.race([w.whenSynced(), new Promise((r) => setTimeout(r, 5000))]);
    return pick(w.summary());
  } finally {
    w.dispose();
  }
}

/** The log lines Diagnose reads: the Logs tab's own when it streams the driver, else the tail (and a crashed container's previous one). */
async function lastLogLines(ctx: TabContext, conn: Connected, pod: string | undefined, podObject: unknown): Promise<string[]> {
  const logs = ctx.peer('logs');
  const own = logs instanceof LogsTab ? logs.driverLines(500) : undefined;
  if (own?.length) return own;
  if (!pod) return [];
  const restarted = Number((podObject as any)?.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0;
  const read = async (previous: boolean) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5000);
    const out: string[] = [];
    try {
      for await (const batch of podLogBatches(conn.transport, ctx.ref.namespace, pod, { tailLines: 200, previous }, abort.signal))
        out.push(...batch);
    } catch {
      /* a container that never started has no log: nothing to add */
    } finally {
      clearTimeout(timer);
    }
    return out;
  };
  return [...(restarted ? await read(true) : []), ...(await read(false))];
}
