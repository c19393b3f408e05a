/**
 * Task state (Flink tasks): how soon the tree shows a task's new state once the operator has
 * written it. The demo's `orders-enrich` (a FlinkSessionJob on orders-stream) is suspended and
 * resumed in turn through the product's own FlinkTaskService; the operator (the emulator's, in
 * its own process as an API server would be) stops the job with a savepoint and writes SUSPENDED,
 * or starts it again from that savepoint and writes RUNNING. The product's side is the tree's
 * data: ClusterTasks with the cluster's row expanded (so the JobManager is polled, as when the
 * user looks), its change callback asking `expanded()` for the tasks, as the tree asks for a
 * row's children; a state counts as seen when that answer first shows it. The reference, in the
 * same run, is a bare watch of flinksessionjobs over https seeing the operator's status write
 * that carries the new state (observedGeneration at the patch's generation and lifecycleState
 * SUSPENDED, or jobStatus RUNNING). Both are timed from the action and waited on their events
 * (no polling), so `task_state_over_raw_watch` is the product's time after the operator's write.
 * Below zero, the product showed the state first: a suspend shows SUSPENDED from the spec the
 * product wrote when the JobManager's last polled list does not have the job live (the poll is
 * every 2 s), before the operator's stop-with-savepoint ends. A resume shows RUNNING only with the
 * operator's write (its new job is not in the polled list yet): `task_state_resume_over_raw_watch`.
 */
import * as https from 'node:https';
import { ClusterForwards } from '../../src/clusters/clusterForwards';
import { ClusterConnection } from '../../src/clusters/connection';
import { FlinkRestClient } from '../../src/clusters/session/tasks/flinkRestClient';
import { FlinkTaskService } from '../../src/clusters/session/tasks/taskService';
import type { FlinkTask, TaskRunParams, TaskRunStore } from '../../src/clusters/session/tasks/taskTypes';
import { PortForwardManager } from '../../src/kube/portForward';
import { KubeObject, RESOURCES } from '../../src/kube/resources';
import { ClusterTasks } from '../../src/views/clusterTasks';
import { startBenchEmulator } from './benchEmulator';
import { bench, pct, runBench } from './report';

/** Changes in all: suspend and resume in turn. */
const CHANGES = 20;
const CLUSTER = { namespace: 'streaming', name: 'orders-stream' };
const TASK = 'orders-enrich';
const KEY = `${CLUSTER.namespace}/${CLUSTER.name}/${TASK}`;
/** Between changes, so the operator's last writes of one are not taken for the next one's. */
const GAP_MS = 500;

/** The runs this workspace remembers: none (the task is the operator's). */
const store: TaskRunStore = {
  get: () => undefined,
  list: () => [],
  set: async (_p: TaskRunParams) => undefined,
  setLastJob: async () => undefined,
  lastJob: () => undefined,
};

type Target = 'SUSPENDED' | 'RUNNING';

/** The operator's status write that carries the new state, for the patch that made `generation`. */
function operatorWrote(o: KubeObject, target: Target, generation: number): boolean {
  const s = o.status ?? {};
  if (s.observedGeneration !== generation || o.metadata.generation !== generation) return false;
  return target === 'SUSPENDED' ? s.lifecycleState === 'SUSPENDED' : s.jobStatus?.state === 'RUNNING';
}

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('demo', 10);
  const held: { connection?: ClusterConnection; forwards?: ClusterForwards; service?: FlinkTaskService; tree?: ClusterTasks } = {};
  let rawReq: ReturnType<typeof https.get> | undefined;
  try {
    const kc = emulator.kc;
    kc.setCurrentContext('emulator-admin');
    const conn = (held.connection = new ClusterConnection(kc, { namespaces: [CLUSTER.namespace] }));
    await conn.whenReady();
    // The row is expanded once the tree shows it: the session clusters are listed.
    await conn.model!.whenReady('session');
    const forwards = (held.forwards = new ClusterForwards(conn.model!, conn.writer, new PortForwardManager(kc)));
    const service = (held.service = new FlinkTaskService({
      model: conn.model!,
      writer: conn.writer,
      permissions: conn.permissions,
      forwards,
      store,
      restFactory: (baseUrl) => new FlinkRestClient(baseUrl),
      readJar: () => Promise.reject(new Error('no jar runs here')),
    }));

    // What the product shows: the tree's answer each time it hears the cluster's tasks changed.
    let onShown: ((task: FlinkTask | undefined, at: number) => void) | undefined;
    const tree = (held.tree = new ClusterTasks((ref) => {
      const at = performance.now();
      if (ref.namespace !== CLUSTER.namespace || ref.cluster !== CLUSTER.name) return;
      onShown?.(
        tree.expanded(CLUSTER)?.find((t) => t.key === KEY),
        at,
      );
    }));
    tree.setService(service);
    tree.expanded(CLUSTER);
    const shown = (target: Target): Promise<{ task: FlinkTask; at: number }> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the tree never showed ${TASK} ${target}`)), 60_000);
        const check = (task: FlinkTask | undefined, at: number) => {
          if (task?.state !== target) return;
          clearTimeout(timer);
          onShown = undefined;
          resolve({ task, at });
        };
        onShown = check;
        check(service.task(KEY), performance.now());
      });
    let task = (await shown('RUNNING')).task;

    // The reference: a bare watch of the session jobs, from the collection's version now.
    let onRaw: ((o: KubeObject, at: number) => void) | undefined;
    const cluster = kc.getCurrentCluster()!;
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const list = await conn.transport.request<{ metadata: { resourceVersion: string } }>(
      'GET',
      `/apis/flink.apache.org/v1beta1/namespaces/${CLUSTER.namespace}/flinksessionjobs`,
    );
    await new Promise<void>((resolve, reject) => {
      rawReq = https.get(
        new URL(
          `/apis/flink.apache.org/v1beta1/namespaces/${CLUSTER.namespace}/flinksessionjobs?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
          cluster.server,
        ),
        opts,
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`raw watch: HTTP ${res.statusCode}`));
          resolve();
          let buf = '';
          res.on('data', (c) => {
            const at = performance.now();
            buf += c;
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const ev = JSON.parse(buf.slice(0, i));
              buf = buf.slice(i + 1);
              if (ev.type === 'ERROR') throw new Error(`raw watch failed: ${JSON.stringify(ev.object)}`);
              if (ev.type === 'MODIFIED' && ev.object.metadata.name === TASK) onRaw?.(ev.object, at);
            }
          });
        },
      );
      rawReq.on('error', reject);
    });

    const product: number[] = [];
    const raw: number[] = [];
    const over: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const target: Target = i % 2 === 0 ? 'SUSPENDED' : 'RUNNING';
      let generation = Infinity;
      let rawAt: number | undefined;
      let wrote!: () => void;
      const operator = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the operator never wrote ${TASK} ${target}`)), 60_000);
        wrote = () => (clearTimeout(timer), resolve());
      });
      onRaw = (o, at) => {
        if (rawAt === undefined && operatorWrote(o, target, generation)) {
          rawAt = at;
          wrote();
        }
      };
      // The spec patch makes the next generation; the operator's write for it carries it as observedGeneration.
      const before = await conn.writer.get<KubeObject>(RESOURCES.flinkSessionJobs, CLUSTER.namespace, TASK);
      generation = (before.metadata.generation ?? 0) + 1;
      const seen = shown(target);
      const started = performance.now();
      await (target === 'SUSPENDED' ? service.suspend(task) : service.resume(task));
      const [s] = await Promise.all([seen, operator]);
      task = s.task;
      product.push(s.at - started);
      raw.push(rawAt! - started);
      over.push(s.at - rawAt!);
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    onRaw = undefined;

    const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
    console.log(`# tree showed the new state after the action, ms: ${ms(product)}`);
    console.log(`# raw watch saw the operator's write after the action, ms: ${ms(raw)}`);
    console.log(`# tree after the raw watch, ms: ${ms(over)}`);
    const resumed = over.filter((_, i) => i % 2 === 1);
    console.log(`# of which resumes (RUNNING comes only with the operator's write), ms: ${ms(resumed)}`);
    bench('task_state_shown_after_action_p50', pct(product, 50), 'ms');
    bench('task_state_shown_after_action_p95', pct(product, 95), 'ms');
    bench('task_state_raw_watch_after_action_p50', pct(raw, 50), 'ms');
    bench('task_state_raw_watch_after_action_p95', pct(raw, 95), 'ms');
    bench('task_state_over_raw_watch_p50', pct(over, 50), 'ms');
    bench('task_state_over_raw_watch_p95', pct(over, 95), 'ms');
    bench('task_state_resume_over_raw_watch_p95', pct(resumed, 95), 'ms');
  } finally {
    rawReq?.destroy();
    held.tree?.dispose();
    held.service?.dispose();
    held.forwards?.dispose();
    held.connection?.dispose();
    emulator.stop();
  }
}

runBench(main);
