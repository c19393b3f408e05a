/**
 * Task log throughput (Flink tasks): a TaskManager pod printing a flood, read through the
 * product's task channels (TaskLogChannels: FlinkPodLogFollower finding the pod by its labels,
 * podLogBatches, the output filter for "output", the LineBatcher) into a fake output channel that
 * counts the lines appended to it. The reference, in the same run, is a bare follow of a pod with
 * the same flood through podLogBatches alone (what the API server and the log stream cost). The
 * three (the task's logs channel, its output channel, the bare follow) alternate round by round,
 * each on a fresh pod, so all see the same load. The emulator runs in its own process, as an API
 * server would; the flood comes from its container log API, as lines a job's print sink writes.
 */
import { FLINK_CONTAINER } from '../../src/clusters/session/tasks/taskLogs';
import type { FlinkTask } from '../../src/clusters/session/tasks/taskTypes';
import { podLogBatches } from '../../src/kube/podLogs';
import { KubeTransport } from '../../src/kube/kubeTransport';
import { TaskLogChannels } from '../../src/logs/taskLogChannels';
import { startBenchEmulator } from './benchEmulator';
import { bench, runBench } from './report';

const NS = 'tasklogs';
const ROUNDS = 3;
const LINES = 500_000;
const CHUNK = 20_000;
/**
 * Lines sent and not yet counted at the reader's end: well above what the channel holds back
 * between its appends (100 ms of lines), so the producer never waits on the channel's batching.
 */
const WINDOW = 16 * CHUNK;
/** What Flink's print sink writes for a parallel job: the subtask's number, then the record. */
const LINE = '2> EnrichedOrder{orderId=ord-0004711, customer=cust-0815, amount=129.90, region=eu-west, seq=4711}';
const MARK = 'EnrichedOrder{';

/** Occurrences of the flood's record in a text, as the fake channel counts what is appended to it. */
function countRecords(text: string): number {
  let n = 0;
  for (let i = text.indexOf(MARK); i >= 0; i = text.indexOf(MARK, i + MARK.length)) n++;
  return n;
}

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('empty', 50);
  const kc = emulator.kc;
  let t: KubeTransport | undefined;
  try {
    const transport = (t = new KubeTransport(kc));
    await transport.request('POST', '/api/v1/namespaces', { body: { metadata: { name: NS } } });

    /** A running TaskManager pod of session cluster `cluster`, labelled as the operator labels it. */
    const taskManager = async (cluster: string): Promise<string> => {
      const pod = `${cluster}-taskmanager-1-1`;
      await transport.request('POST', `/api/v1/namespaces/${NS}/pods`, {
        body: {
          metadata: { name: pod, labels: { app: cluster, component: 'taskmanager', type: 'flink-native-kubernetes' } },
          spec: { containers: [{ name: FLINK_CONTAINER, image: 'flink:1.20' }] },
        },
      });
      for (let i = 0; (await transport.request<any>('GET', `/api/v1/namespaces/${NS}/pods/${pod}`)).status?.phase !== 'Running'; i++) {
        if (i > 200) throw new Error(`${pod} never ran`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return pod;
    };
    const append = (pod: string, text: string, repeat: number) =>
      transport.request('POST', '/emulator/logs/append', { body: { namespace: NS, pod, container: FLINK_CONTAINER, text, repeat } });

    /**
     * Floods `pod` with LINES lines once its reader has seen one (`received` counts what reached the
     * reader's end), WINDOW lines in flight at most so the producer is never the one waiting; answers lines/s.
     */
    const flood = async (pod: string, received: () => number, reset: () => void, done: Promise<void>): Promise<number> => {
      while (received() === 0) {
        await append(pod, LINE, 1);
        await new Promise((r) => setTimeout(r, 50));
      }
      reset();
      const started = performance.now();
      const guard = setTimeout(() => {
        console.error(`task logs bench: only ${received()} of ${LINES} lines from ${pod} after 120 s`);
        process.exit(1);
      }, 120_000);
      for (let sent = 0; sent < LINES; sent += CHUNK) {
        await append(pod, LINE, CHUNK);
        while (sent - received() > WINDOW) await new Promise((r) => setTimeout(r, 5));
      }
      await done;
      clearTimeout(guard);
      return LINES / ((performance.now() - started) / 1000);
    };

    /** The product's channel of one kind, on a task of a cluster of its own; answers lines/s and appends/s. */
    const throughChannel = async (cluster: string, kind: 'logs' | 'output'): Promise<{ rate: number; appends: number }> => {
      const pod = await taskManager(cluster);
      let counted = 0;
      let appends = 0;
      let target = Infinity;
      let reached!: () => void;
      const done = new Promise<void>((r) => (reached = r));
      const channels = new TaskLogChannels(
        () => transport,
        () => ({
          append: (text) => {
            appends++;
            counted += countRecords(text);
            if (counted >= target) reached();
          },
          show: () => undefined,
          dispose: () => undefined,
        }),
        () => 0,
      );
      const task: FlinkTask = { namespace: NS, cluster, key: `${NS}/${cluster}/bench`, name: 'bench', state: 'RUNNING', managed: false };
      try {
        if (kind === 'logs') channels.showLogs(task);
        else channels.showOutput(task);
        let appendsAtStart = 0;
        let started = 0;
        const rate = await flood(
          pod,
          () => counted,
          () => ((counted = 0), (target = LINES), (appendsAtStart = appends), (started = performance.now())),
          done,
        );
        return { rate, appends: (appends - appendsAtStart) / ((performance.now() - started) / 1000) };
      } finally {
        channels.dispose();
      }
    };

    /** The reference: a bare follow of a pod with the same flood. */
    const rawFollow = async (cluster: string): Promise<number> => {
      const pod = await taskManager(cluster);
      let received = 0;
      let counting = false;
      const abort = new AbortController();
      const reader = (async () => {
        for await (const batch of podLogBatches(transport, NS, pod, { follow: true, container: FLINK_CONTAINER }, abort.signal)) {
          received += counting ? batch.length : batch.filter((l) => l.includes(MARK)).length;
          if (counting && received >= LINES) break;
        }
      })();
      try {
        return await flood(
          pod,
          () => received,
          () => ((received = 0), (counting = true)),
          reader,
        );
      } finally {
        abort.abort();
      }
    };

    // One of each first, unmeasured: the JIT and the API server's first streams.
    const rates = { logs: [] as number[], output: [] as number[], raw: [] as number[], appends: [] as number[] };
    await throughChannel('warm-logs', 'logs');
    await rawFollow('warm-raw');
    for (let round = 0; round < ROUNDS; round++) {
      global.gc?.();
      rates.logs.push((await throughChannel(`logs-${round}`, 'logs')).rate);
      global.gc?.();
      const output = await throughChannel(`output-${round}`, 'output');
      rates.output.push(output.rate);
      rates.appends.push(output.appends);
      global.gc?.();
      rates.raw.push(await rawFollow(`raw-${round}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    bench('task_logs_channel_lines_per_second', Math.round(median(rates.logs)), 'lines/s');
    bench('task_output_channel_lines_per_second', Math.round(median(rates.output)), 'lines/s');
    bench('task_log_raw_follow_lines_per_second', Math.round(median(rates.raw)), 'lines/s');
    bench('task_output_channel_over_raw_ratio', median(rates.output) / median(rates.raw), 'x');
    bench('task_output_channel_appends_per_second', median(rates.appends), 'appends/s');
    const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' ');
    console.log(`# lines/s per round: logs channel ${fmt(rates.logs)}; output channel ${fmt(rates.output)}; raw follow ${fmt(rates.raw)}`);
  } finally {
    t?.dispose();
    emulator.stop();
  }
}

runBench(main);
