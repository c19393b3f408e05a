import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { ApiCore } from './api/apiCore';
import { defaultRbacObjects, RbacAuthorizer, TokenAuthenticator, UserInfo } from './api/auth';
import { createTlsMaterial, TlsMaterial } from './api/certs';
import { EmulatorServer } from './api/server';
import { Clock, Random } from './clock';
import { EventRecorder } from './controllers/events';
import { FlinkOperator } from './controllers/flinkOperator';
import { DEFAULT_TIMINGS, Kubelet, KubeletTimings } from './controllers/kubelet';
import { ContainerLogs } from './controllers/logs';
import { PodServers, PortForwarder } from './controllers/portForward';
import { ServiceAccountController } from './controllers/serviceAccounts';
import { SparkExecutors } from './controllers/sparkExecutors';
import { DeploymentController, ReplicaSetController } from './controllers/workloads';
import { JobManagers } from './flink/jobManager';

export const CRD_DIR = path.join(__dirname, 'crds');

export interface EmulatorOptions {
  /** Emulated seconds per real second (default 1). */
  speed?: number;
  /** Seed for every random choice (names, uids, tokens). */
  seed?: number;
  port?: number;
  /** Install the Flink operator CRDs (default true). */
  flinkCrds?: boolean;
  /**
   * Run the controllers (default true). False gives a bare API server, as kube-apiserver is without
   * a controller-manager, scheduler or kubelet: no kubelet, scheduler, Deployment/ReplicaSet
   * controllers, Spark executors or Flink operator, no garbage collection, no namespace deletion,
   * no `default` ServiceAccount in namespaces (so no pods until one is created).
   */
  controllers?: boolean;
  /** Kubelet durations in emulated ms. */
  timings?: Partial<KubeletTimings>;
  /** Interval of watch bookmarks, real ms. */
  bookmarkIntervalMs?: number;
}

export type EmulatorUser = 'admin' | 'developer' | 'viewer' | 'nobody';

export const USERS: Record<EmulatorUser, UserInfo> = {
  admin: { username: 'admin', uid: 'uid-admin', groups: ['system:masters'] },
  developer: { username: 'dev@example.com', uid: 'uid-developer', groups: ['data-engineers'] },
  viewer: { username: 'viewer@example.com', uid: 'uid-viewer', groups: ['auditors'] },
  nobody: { username: 'nobody@example.com', uid: 'uid-nobody', groups: [] },
};

/** Reads every YAML document in a file (or string), skipping empty ones. */
export function loadYamlDocuments(fileOrText: string, isText = false): any[] {
  const text = isText ? fileOrText : fs.readFileSync(fileOrText, 'utf8');
  return yaml.loadAll(text).filter((d) => d && typeof d === 'object');
}

/**
 * The Kubernetes API emulator: an HTTPS API server with its own CA, bearer-token users, RBAC,
 * CRDs, and (once controllers are attached) behaviour. Test equipment; src/ never imports it.
 */
export class Emulator {
  readonly clock: Clock;
  readonly random: Random;
  readonly api: ApiCore;
  readonly tokens = new TokenAuthenticator();
  readonly server: EmulatorServer;
  readonly tls: TlsMaterial;
  readonly events: EventRecorder;
  readonly logs: ContainerLogs;
  readonly kubelet: Kubelet;
  readonly spark: SparkExecutors;
  readonly flink: FlinkOperator;
  /** The session clusters' JobManagers, shared by their REST APIs and the operator. */
  readonly jobManagers: JobManagers;
  private readonly userTokens = new Map<EmulatorUser, string>();
  private readonly stops: (() => void | Promise<void>)[] = [];

  private constructor(opts: EmulatorOptions) {
    this.clock = new Clock(opts.speed ?? 1);
    this.random = new Random(opts.seed ?? 42);
    this.api = new ApiCore(this.clock, this.random);
    // Garbage collection and namespace deletion are controller-manager work.
    this.api.garbageCollection = opts.controllers !== false;
    this.tls = createTlsMaterial();
    this.server = new EmulatorServer(this.api, this.tokens, new RbacAuthorizer(this.api), this.tls);
    for (const [name, user] of Object.entries(USERS) as [EmulatorUser, UserInfo][]) {
      const token = `${name}-${this.random.hex(24)}`;
      this.userTokens.set(name, token);
      this.tokens.add(token, user);
    }
    this.bootstrap(opts.flinkCrds !== false);
    if (opts.bookmarkIntervalMs) this.server.bookmarkIntervalMs = opts.bookmarkIntervalMs;

    this.events = new EventRecorder(this.api);
    this.logs = new ContainerLogs(this.clock);
    const timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    this.kubelet = new Kubelet(this.api, this.events, this.logs, timings);
    this.spark = new SparkExecutors(this.api, this.events);
    this.jobManagers = new JobManagers(this.api, this.logs);
    this.flink = new FlinkOperator(this.api, this.events, timings.ready, this.jobManagers);
    this.server.logHandler = this.kubelet.logHandler;
    const podServers = new PodServers(this.jobManagers);
    const forwarder = new PortForwarder(podServers);
    this.server.portForwardHandler = forwarder.handle;
    this.onStop(() => {
      forwarder.close();
      return podServers.close();
    });
    if (opts.controllers !== false) {
      const controllers = [
        new ServiceAccountController(this.api),
        new ReplicaSetController(this.api, this.events),
        new DeploymentController(this.api, this.events),
        this.kubelet,
        this.spark,
        this.flink,
      ];
      this.events.start();
      for (const c of controllers) c.start();
      this.onStop(() => {
        this.events.stop();
        for (const c of controllers) c.stop();
      });
    }
    this.registerControlRoutes();
  }

  static async start(opts: EmulatorOptions = {}): Promise<Emulator> {
    const e = new Emulator(opts);
    await e.server.start(opts.port ?? 0);
    return e;
  }

  /** Stops serving and serves again on the same port with the same state, like an API server restart. */
  async restart(downMs = 0): Promise<void> {
    await this.server.stop();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.server.start(this.server.port);
  }

  /** Waits (real time) until `predicate` holds, re-checking on every change in the store. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = predicate();
        if (v) {
          done();
          resolve(v);
        }
      };
      const unsubscribe = this.api.store.onChange(() => setImmediate(check));
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        unsubscribe();
        clearTimeout(timer);
      };
      check();
    });
  }

  /** Test and demo controls under /emulator/ (admin token only); the CLI and tests call them. */
  private registerControlRoutes(): void {
    const r = this.server.controlRoutes;
    r.set('spark/load', (b) =>
      this.spark.load(
        String(b?.namespace),
        String(b?.cluster),
        b?.executors === undefined ? undefined : Number(b.executors),
        b?.seconds === undefined ? 60 : Number(b.seconds),
      ),
    );
    r.set('faults', (b) => {
      if (b?.latencyMs !== undefined) this.server.faults.latencyMs = Number(b.latencyMs);
      if (b?.failNext)
        this.server.faults.failNext = {
          count: Number(b.failNext.count ?? 1),
          code: Number(b.failNext.code ?? 500),
          retryAfterSeconds: b.failNext.retryAfterSeconds,
        };
      if (b?.goneOnNextWatch) this.server.faults.goneOnNextWatch = true;
      if (b?.dropWatches) this.server.dropWatches();
      if (b?.compact) this.api.store.compact();
      return { faults: this.server.faults };
    });
    r.set('tokens/expire', (b) => {
      this.tokens.expire(this.token(b?.user as EmulatorUser));
      return { expired: b?.user };
    });
    r.set('restart', (b) => {
      setTimeout(() => void this.restart(Number(b?.downMs ?? 500)), 50);
      return { restarting: true };
    });
    r.set('logs/append', (b) => {
      const pod = this.api.get(this.api.mustType('', 'pods'), String(b?.namespace), String(b?.pod));
      const container = String(b?.container ?? pod.spec.containers[0].name);
      for (let i = 0; i < Number(b?.repeat ?? 1); i++) this.logs.append(pod.metadata.uid, container, String(b?.text ?? ''));
      return { appended: Number(b?.repeat ?? 1) };
    });
    r.set('state', () => ({
      objects: this.api.store.count(),
      resourceVersion: this.api.store.resourceVersion,
      openWatches: this.server.openWatches,
      requests: this.server.requestCount,
      now: this.clock.iso(),
    }));
  }

  get url(): string {
    return this.server.url;
  }

  token(user: EmulatorUser = 'admin'): string {
    return this.userTokens.get(user)!;
  }

  /** Adds a token for any identity, optionally expiring at an emulated time. */
  addToken(token: string, user: UserInfo, expiresAt?: number): void {
    this.tokens.add(token, user, expiresAt);
  }

  private bootstrap(flinkCrds: boolean): void {
    const ns = this.api.mustType('', 'namespaces');
    for (const name of ['default', 'kube-system', 'kube-public'])
      this.api.create(ns, undefined, { metadata: { name } }, { internal: true });
    for (const obj of defaultRbacObjects()) this.applyInternal(obj);
    this.applyInternal({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'emulator-node-1', labels: { 'kubernetes.io/hostname': 'emulator-node-1' } },
      status: {
        capacity: { cpu: '64', memory: '256Gi', pods: '250' },
        allocatable: { cpu: '64', memory: '256Gi', pods: '250' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    if (flinkCrds) this.installFlinkCrds();
  }

  installFlinkCrds(): void {
    for (const f of fs
      .readdirSync(CRD_DIR)
      .filter((n) => n.endsWith('.yml') || n.endsWith('.yaml'))
      .sort()) {
      for (const doc of loadYamlDocuments(path.join(CRD_DIR, f))) this.applyInternal(doc);
    }
  }

  /** Creates or replaces an object directly (no RBAC, status kept): seeds and controllers use this. */
  applyInternal(obj: any): any {
    const [group, version] = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/') : ['', obj.apiVersion];
    const t = this.api.typeForKind(obj.apiVersion, obj.kind);
    if (!t) throw new Error(`the emulator serves no ${obj.kind} in ${group || 'core'}/${version}`);
    return this.api.writeInternal(t, obj);
  }

  /** A kubeconfig with one context per user; `current` picks the current one. */
  kubeconfig(current: EmulatorUser = 'admin', namespace = 'default'): string {
    const users = Object.keys(USERS) as EmulatorUser[];
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': `emulator-${current}`,
      clusters: [
        { name: 'emulator', cluster: { server: this.url, 'certificate-authority-data': Buffer.from(this.tls.caCert).toString('base64') } },
      ],
      users: users.map((u) => ({ name: `emulator-${u}`, user: { token: this.token(u) } })),
      contexts: users.map((u) => ({ name: `emulator-${u}`, context: { cluster: 'emulator', user: `emulator-${u}`, namespace } })),
    };
    return yaml.dump(doc, { lineWidth: -1 });
  }

  writeKubeconfig(file: string, current: EmulatorUser = 'admin', namespace = 'default'): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, this.kubeconfig(current, namespace), { mode: 0o600 });
    return file;
  }

  onStop(fn: () => void | Promise<void>): void {
    this.stops.push(fn);
  }

  async stop(): Promise<void> {
    const stopping = this.stops.splice(0).map((fn) => fn());
    this.clock.cancelAll();
    await Promise.all(stopping);
    await this.server.stop();
  }
}
