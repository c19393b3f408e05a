import * as http from 'node:http';
import { Clock } from '../clock';

interface Line {
  ts: number;
  text: string;
}

interface ContainerLog {
  current: Line[];
  previous?: Line[];
  running: boolean;
  followers: Set<(l: Line | null) => void>;
  ticker?: { cancel(): void };
  seq: number;
  /** No heartbeat lines while set: a test that reads exact lines owns the log. */
  quiet?: boolean;
}

const MAX_LINES = 20_000;

function sparkTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).slice(2)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function flinkTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

type Flavour = 'spark-driver' | 'spark-executor' | 'flink-jobmanager' | 'flink-taskmanager' | 'generic';

function flavourOf(pod: any): Flavour {
  const labels = pod.metadata.labels ?? {};
  const image = String(pod.spec?.containers?.[0]?.image ?? '');
  if (labels['spark-role'] === 'executor') return 'spark-executor';
  if (labels['spark-role'] === 'driver' || (labels['dataclusters.io/kind'] === 'compute' && image.includes('spark'))) return 'spark-driver';
  if (labels.component === 'jobmanager') return 'flink-jobmanager';
  if (labels.component === 'taskmanager') return 'flink-taskmanager';
  return 'generic';
}

/** Startup lines by flavour, as the real processes print them. */
function startupLines(flavour: Flavour, pod: any, at: (ms: number) => string): string[] {
  const name = pod.metadata.labels?.['dataclusters.io/cluster'] ?? pod.metadata.name;
  switch (flavour) {
    case 'spark-driver':
      return [
        `${at(0)} INFO HiveThriftServer2: Started daemon with process name: 1@${pod.metadata.name}`,
        `${at(10)} INFO SignalUtils: Registering signal handler for TERM`,
        `${at(40)} INFO SparkContext: Running Spark version 3.5.3`,
        `${at(45)} INFO SparkContext: OS info Linux, 6.1.0, amd64`,
        `${at(50)} INFO SparkContext: Java version 17.0.12`,
        `${at(90)} INFO ResourceUtils: ==============================================================`,
        `${at(120)} INFO SparkContext: Submitted application: ${name}`,
        `${at(300)} INFO Utils: Successfully started service 'sparkDriver' on port 7078.`,
        `${at(420)} INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://${pod.status?.podIP ?? '10.244.0.1'}:4040`,
        `${at(500)} INFO SparkKubernetesClientFactory: Auto-configuring K8S client using current context from users K8S config file`,
        `${at(700)} INFO ExecutorAllocationManager: Dynamic allocation is enabled; initial executors 0`,
        `${at(900)} INFO HiveThriftServer2: HiveThriftServer2 started`,
        `${at(950)} INFO ThriftBinaryCLIService: Starting ThriftBinaryCLIService on port 10000 with 5...500 worker threads`,
        `${at(960)} INFO ThriftHttpCLIService: Started ThriftHttpCLIService in http mode on port 10001 path=/cliservice/* with 5...500 worker threads`,
        `${at(1000)} INFO SparkConnectServer: Spark Connect server started at: 0.0.0.0:15002`,
      ];
    case 'spark-executor':
      return [
        `${at(0)} INFO CoarseGrainedExecutorBackend: Started daemon with process name: 1@${pod.metadata.name}`,
        `${at(200)} INFO CoarseGrainedExecutorBackend: Connecting to driver: spark://CoarseGrainedScheduler@${name}-driver:7078`,
        `${at(400)} INFO CoarseGrainedExecutorBackend: Successfully registered with driver`,
        `${at(420)} INFO Executor: Starting executor ID ${pod.metadata.labels?.['spark-exec-id'] ?? '1'} on host ${pod.status?.podIP ?? '10.244.0.2'}`,
      ];
    case 'flink-jobmanager':
      return [
        `${at(0)} INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] - --------------------------------------------------------------------------------`,
        `${at(5)} INFO  org.apache.flink.runtime.entrypoint.ClusterEntrypoint        [] -  Starting KubernetesSessionClusterEntrypoint (Version: 1.20.0, Scala: 2.12)`,
        `${at(300)} INFO  org.apache.flink.runtime.rpc.pekko.PekkoRpcService          [] - Starting RPC endpoint for org.apache.flink.runtime.resourcemanager.active.ActiveResourceManager at pekko://flink/user/rpc/resourcemanager_0 .`,
        `${at(600)} INFO  org.apache.flink.runtime.dispatcher.runner.DefaultDispatcherRunner [] - DefaultDispatcherRunner was granted leadership with leader id 00000000-0000-0000-0000-000000000000. Creating new DispatcherLeaderProcess.`,
        `${at(800)} INFO  org.apache.flink.runtime.rest.RestServerEndpoint            [] - Rest endpoint listening at ${name}-rest.${pod.metadata.namespace}:8081`,
        `${at(820)} INFO  org.apache.flink.runtime.webmonitor.WebMonitorEndpoint     [] - Web frontend listening at http://${name}-rest.${pod.metadata.namespace}:8081.`,
      ];
    case 'flink-taskmanager':
      return [
        `${at(0)} INFO  org.apache.flink.runtime.taskexecutor.TaskManagerRunner      [] -  Starting Kubernetes TaskExecutor runner (Version: 1.20.0, Scala: 2.12)`,
        `${at(500)} INFO  org.apache.flink.runtime.taskexecutor.TaskExecutor           [] - Successful registration at resource manager pekko.tcp://flink@${name}.${pod.metadata.namespace}:6123/user/rpc/resourcemanager_* under registration id 2b5c0f3e.`,
      ];
    default:
      return [`${at(0)} starting ${pod.spec?.containers?.[0]?.image ?? 'container'}`, `${at(100)} listening`];
  }
}

function heartbeatLine(flavour: Flavour, at: string, seq: number): string {
  switch (flavour) {
    case 'spark-driver':
      return seq % 3 === 0
        ? `${at} INFO SparkExecuteStatementOperation: Submitting query 'SELECT count(*) FROM sales.orders' with ${seq}`
        : `${at} INFO BlockManagerInfo: Removed broadcast_${seq}_piece0 on ${'driver'} in memory (size: 12.4 KiB, free: 2.1 GiB)`;
    case 'spark-executor':
      return `${at} INFO Executor: Finished task ${seq}.0 in stage ${Math.floor(seq / 4)}.0 (TID ${seq}). 2048 bytes result sent to driver`;
    case 'flink-jobmanager':
      return `${at} INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Completed checkpoint ${seq} for job 6d2a81c8f5f8d4d0a3b1e94f6c0f1a27 (18432 bytes, checkpointDuration=104 ms, finalizationTime=2 ms).`;
    case 'flink-taskmanager':
      return `${at} INFO  org.apache.flink.runtime.taskmanager.Task                    [] - Source: orders -> Map (1/2)#0 switched from RUNNING to RUNNING. heartbeat ${seq}`;
    default:
      return `${at} GET /healthz 200`;
  }
}

/**
 * What each container has printed, with the previous instance kept after a restart, served as
 * pods/log with follow, tailLines, sinceSeconds, sinceTime, timestamps, limitBytes and previous.
 */
export class ContainerLogs {
  private readonly logs = new Map<string, ContainerLog>();

  constructor(
    private readonly clock: Clock,
    private readonly heartbeatMs = 5_000,
  ) {}

  private log(uid: string, container: string): ContainerLog {
    const key = `${uid}/${container}`;
    let l = this.logs.get(key);
    if (!l) this.logs.set(key, (l = { current: [], running: false, followers: new Set(), seq: 0 }));
    return l;
  }

  private push(l: ContainerLog, text: string, ts = this.clock.now()): void {
    const line = { ts, text };
    l.current.push(line);
    // Trim in chunks: dropping one line from the front per append would be quadratic.
    if (l.current.length > MAX_LINES * 1.25) l.current.splice(0, l.current.length - MAX_LINES);
    for (const f of l.followers) f(line);
  }

  /** Appends a line as the container printed it (tests use this for huge or binary lines). */
  append(uid: string, container: string, text: string): void {
    this.push(this.log(uid, container), text);
  }

  /** Stops (or resumes) the running container's periodic lines, so only `append` writes to it. */
  setQuiet(uid: string, container: string, quiet: boolean): void {
    this.log(uid, container).quiet = quiet;
  }

  containerStarted(pod: any, restarts: number): void {
    const flavour = flavourOf(pod);
    for (const c of pod.spec.containers) {
      const l = this.log(pod.metadata.uid, c.name);
      if (restarts > 0 || l.current.length) {
        l.previous = l.current;
        l.current = [];
      }
      l.running = true;
      const start = this.clock.now();
      const fmt = flavour.startsWith('spark') ? sparkTime : flinkTime;
      for (const [i, text] of startupLines(flavour, pod, (ms) => fmt(start + ms)).entries()) this.push(l, text, start + i);
      l.ticker?.cancel();
      const tick = () => {
        if (!l.running) return;
        l.seq++;
        if (!l.quiet) this.push(l, heartbeatLine(flavour, fmt(this.clock.now()), l.seq));
        l.ticker = this.clock.after(this.heartbeatMs, tick);
      };
      l.ticker = this.clock.after(this.heartbeatMs, tick);
    }
  }

  containerExited(pod: any, exitCode: number): void {
    const flavour = flavourOf(pod);
    for (const c of pod.spec.containers) {
      const l = this.log(pod.metadata.uid, c.name);
      if (!l.running) continue;
      if (exitCode !== 143) {
        const at = (flavour.startsWith('spark') ? sparkTime : flinkTime)(this.clock.now());
        this.push(
          l,
          `${at} ERROR ${flavour.startsWith('spark') ? 'SparkContext' : 'org.apache.flink.runtime.entrypoint.ClusterEntrypoint'}: Error initializing: java.lang.IllegalArgumentException: Invalid configuration`,
        );
        this.push(l, '\tat org.apache.spark.SparkConf.validateSettings(SparkConf.scala:612)');
        this.push(l, '\tat org.apache.spark.SparkContext.<init>(SparkContext.scala:401)');
      }
      l.running = false;
      l.ticker?.cancel();
      for (const f of l.followers) f(null);
      l.followers.clear();
    }
  }

  forget(uid: string): void {
    for (const [key, l] of this.logs) {
      if (!key.startsWith(`${uid}/`)) continue;
      l.ticker?.cancel();
      for (const f of l.followers) f(null);
      this.logs.delete(key);
    }
  }

  serve(pod: any, q: URLSearchParams, res: http.ServerResponse): void {
    const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    let container = q.get('container') ?? '';
    if (!container) {
      if (containers.length !== 1)
        return badRequest(res, `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
      container = containers[0];
    }
    if (!containers.includes(container)) return badRequest(res, `container ${container} is not valid for pod ${pod.metadata.name}`);
    const l = this.logs.get(`${pod.metadata.uid}/${container}`);
    const previous = q.get('previous') === 'true';
    if (previous && !l?.previous)
      return badRequest(res, `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    if (!l || (!l.running && l.current.length === 0)) {
      const waiting =
        (pod.status?.containerStatuses ?? []).find((s: any) => s.name === container)?.state?.waiting?.reason ?? 'ContainerCreating';
      return badRequest(res, `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${waiting}`);
    }
    const timestamps = q.get('timestamps') === 'true';
    let lines = previous ? l.previous! : l.current;
    const since = q.has('sinceSeconds')
      ? this.clock.now() - Number(q.get('sinceSeconds')) * 1000
      : q.has('sinceTime')
        ? Date.parse(q.get('sinceTime')!)
        : undefined;
    if (since !== undefined) lines = lines.filter((x) => x.ts >= since);
    if (q.has('tailLines')) {
      const n = Number(q.get('tailLines'));
      lines = n > 0 ? lines.slice(-n) : [];
    }
    let budget = q.has('limitBytes') ? Number(q.get('limitBytes')) : Infinity;
    const format = (x: Line) => `${timestamps ? `${new Date(x.ts).toISOString().replace('Z', '000000Z')} ` : ''}${x.text}\n`;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    const write = (x: Line): boolean => {
      let s = Buffer.from(format(x));
      if (s.length > budget) s = s.subarray(0, budget);
      budget -= s.length;
      res.write(s);
      return budget > 0;
    };
    for (const x of lines) if (!write(x)) return void res.end();
    if (q.get('follow') !== 'true' || previous || !l.running) return void res.end();
    // Lines printed in one tick go out in one write, as a kubelet streams a busy container.
    let pending: string[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (!pending.length || res.writableEnded) return;
      let chunk = Buffer.from(pending.join(''));
      pending = [];
      if (chunk.length > budget) chunk = chunk.subarray(0, budget);
      budget -= chunk.length;
      res.write(chunk);
      if (budget <= 0) {
        l.followers.delete(follower);
        res.end();
      }
    };
    const follower = (x: Line | null) => {
      if (x === null) {
        flush();
        l.followers.delete(follower);
        res.end();
        return;
      }
      pending.push(format(x));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    };
    l.followers.add(follower);
    res.on('close', () => l.followers.delete(follower));
  }
}

function badRequest(res: http.ServerResponse, message: string): void {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'BadRequest',
    code: 400,
  });
  res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
