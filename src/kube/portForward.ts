import * as net from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { IDisposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { PortForwardError } from './portForwardError';
import { openStream, pipeStream, probeStream } from './portForwardStream';
import * as l10n from '@vscode/l10n';

export { PortForwardError, type PortForwardErrorReason } from './portForwardError';

/**
 * Local port-forwards to pods, like `kubectl port-forward --address 127.0.0.1`, without VS Code.
 *
 * Each forward listens on 127.0.0.1 only (never on other interfaces: the driver's ports carry
 * unauthenticated SQL) and opens one pods/portforward stream (portForwardStream.ts) per accepted
 * local connection. The pod is found through a caller-supplied resolvePod(), asked again whenever
 * the pod turns out to be gone, so a forward survives a driver restart that replaces the pod.
 */

export interface PortForwardPort {
  /** A name for the port shown to the user (e.g. `spark-ui`). */
  readonly name?: string;
  /** The port inside the pod. */
  readonly remote: number;
  /** The local port to listen on; 0 or absent: any free port. */
  readonly local?: number;
}

export interface PortForwardRequest {
  readonly namespace: string;
  /**
   * The name of the pod to forward to now, or undefined when there is none (the manager reports
   * `NoPod`). Called when the forward starts and again whenever the pod it used is gone.
   */
  readonly resolvePod: () => Promise<string | undefined>;
  readonly ports: readonly PortForwardPort[];
  /** What the forward is for, e.g. "sales-etl (analytics): Spark UI". */
  readonly label?: string;
  /** Identity for de-duplication: start() with a key already forwarded returns that forward. */
  readonly key?: string;
  /** Message for NoPod, e.g. "sales-etl is STOPPED: start it first". */
  readonly noPodMessage?: string;
}

export interface PortForwardInfo {
  readonly id: string;
  readonly key?: string;
  readonly label: string;
  readonly namespace: string;
  /** The pod connections go to now; undefined while none is found. */
  readonly pod: string | undefined;
  readonly ports: readonly { readonly name?: string; readonly remote: number; readonly local: number }[];
  /** `active`: the pod answered; `reconnecting`: the pod went away and a new one is being looked for. */
  readonly state: 'active' | 'reconnecting';
  /** Local connections open now. */
  readonly connections: number;
  readonly startedAt: number;
  /** The last failure of a connection through this forward. */
  readonly lastError?: string;
}

export interface PortForwardManagerOptions {
  /** How long a connection waits for resolvePod() to find a replacement pod (ms, default 30 s). */
  readonly resolveTimeoutMs?: number;
  /** Delay between resolvePod() attempts while waiting (ms, default 500). */
  readonly resolveIntervalMs?: number;
  /** How long opening the WebSocket may take (ms, default 15 s). */
  readonly connectTimeoutMs?: number;
}

interface Forward {
  readonly id: string;
  readonly request: PortForwardRequest;
  readonly label: string;
  readonly servers: net.Server[];
  readonly ports: { name?: string; remote: number; local: number }[];
  readonly sockets: Set<net.Socket>;
  readonly sockets2ws: Set<WebSocket>;
  pod: string | undefined;
  state: PortForwardInfo['state'];
  startedAt: number;
  lastError?: string;
  /** A pending pod lookup, shared by the connections that need it. */
  resolving?: Promise<string>;
  stopped: boolean;
}

export class PortForwardManager implements IDisposable {
  private readonly forwards = new Map<string, Forward>();
  private readonly changed = new Emitter<readonly PortForwardInfo[]>();
  private nextId = 1;
  private disposed = false;

  /** Fires with the full list whenever a forward starts, stops, changes pod or state, or a connection opens or closes. */
  readonly onDidChange: Event<readonly PortForwardInfo[]> = this.changed.event;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: PortForwardManagerOptions = {},
  ) {}

  /**
   * Starts a forward: finds the pod, checks that pods/portforward is allowed and the pod answers on
   * every port, then listens on 127.0.0.1. Rejects with a PortForwardError, leaving nothing
   * listening, when any of that fails.
   */
  async start(request: PortForwardRequest): Promise<PortForwardInfo> {
    if (this.disposed) throw new PortForwardError(l10n.t('The port-forward manager is disposed.'), 'Failed');
    if (request.ports.length === 0) throw new PortForwardError(l10n.t('No port to forward.'), 'Failed');
    if (request.key) {
      const existing = [...this.forwards.values()].find((f) => f.request.key === request.key && !f.stopped);
      if (existing) return this.info(existing);
    }
    const label = request.label ?? l10n.t('{0}: ports {1}', request.namespace, request.ports.map((p) => p.remote).join(', '));
    const pod = await request.resolvePod();
    if (!pod) throw new PortForwardError(request.noPodMessage ?? l10n.t('No running pod to forward to for {0}.', label), 'NoPod');
    // Probe before listening, so a forbidden or dead target never leaves a port open.
    for (const p of request.ports) await probeStream(this.kc, request.namespace, pod, p.remote, this.connectTimeoutMs());

    const forward: Forward = {
      id: `pf-${this.nextId++}`,
      request,
      label,
      servers: [],
      ports: [],
      sockets: new Set(),
      sockets2ws: new Set(),
      pod,
      state: 'active',
      startedAt: Date.now(),
      stopped: false,
    };
    try {
      for (const p of request.ports) {
        const server = net.createServer((socket) => this.accept(forward, p.remote, socket));
        const local = await listen(server, p.local ?? 0);
        forward.servers.push(server);
        forward.ports.push({ name: p.name, remote: p.remote, local });
      }
    } catch (e) {
      await closeServers(forward.servers);
      throw e;
    }
    if (this.disposed) {
      await closeServers(forward.servers);
      throw new PortForwardError(l10n.t('The port-forward manager is disposed.'), 'Failed');
    }
    this.forwards.set(forward.id, forward);
    this.fire();
    return this.info(forward);
  }

  list(): readonly PortForwardInfo[] {
    return [...this.forwards.values()].map((f) => this.info(f));
  }

  get(id: string): PortForwardInfo | undefined {
    const f = this.forwards.get(id);
    return f && this.info(f);
  }

  /** Asks resolvePod() again now, e.g. when the caller saw the driver pod replaced; open connections keep their pod. */
  async retarget(id: string): Promise<PortForwardInfo | undefined> {
    const f = this.forwards.get(id);
    if (!f) return undefined;
    f.pod = undefined;
    await this.currentPod(f).catch(() => undefined);
    return this.get(id);
  }

  /** Stops listening and closes every connection of the forward; resolves once its ports are free. */
  async stop(id: string): Promise<void> {
    const f = this.forwards.get(id);
    if (!f) return;
    f.stopped = true;
    this.forwards.delete(id);
    for (const ws of f.sockets2ws) ws.terminate();
    for (const s of f.sockets) s.destroy();
    await closeServers(f.servers);
    this.fire();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.forwards.keys()].map((id) => this.stop(id)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.stopAll().finally(() => this.changed.dispose());
  }

  // ---- connections ------------------------------------------------------------------------------

  private accept(f: Forward, remote: number, socket: net.Socket): void {
    if (f.stopped) return void socket.destroy();
    f.sockets.add(socket);
    socket.pause(); // hold what the client sends until the WebSocket is open
    socket.on('error', () => undefined);
    socket.once('close', () => {
      f.sockets.delete(socket);
      this.fire();
    });
    this.fire();
    void this.connect(f, remote, socket).catch((e: unknown) => {
      f.lastError = e instanceof Error ? e.message : String(e);
      socket.destroy();
      this.fire();
    });
  }

  /** Opens the WebSocket for one local connection, re-resolving the pod once if it is gone. */
  private async connect(f: Forward, remote: number, socket: net.Socket): Promise<void> {
    let ws: WebSocket;
    for (let attempt = 0; ; attempt++) {
      const pod = await this.currentPod(f);
      try {
        ws = await openStream(this.kc, f.request.namespace, pod, remote, this.connectTimeoutMs());
        break;
      } catch (e) {
        const err = e as PortForwardError;
        if (attempt === 0 && (err.reason === 'PodGone' || err.reason === 'PodNotRunning') && !f.stopped) {
          if (f.pod === pod) f.pod = undefined; // look for its replacement
          continue;
        }
        throw err;
      }
    }
    if (f.stopped || socket.destroyed) return void ws.terminate();
    f.sockets2ws.add(ws);
    ws.on('close', () => f.sockets2ws.delete(ws));
    pipeStream(ws, socket, (message) => {
      f.lastError = message;
      if (/not running|not found|no such|gone/i.test(message) && f.pod) f.pod = undefined;
      socket.destroy();
      this.fire();
    });
  }

  /** The pod to use now: the known one, else resolvePod() retried until one appears or the timeout passes. */
  private currentPod(f: Forward): Promise<string> {
    if (f.pod) return Promise.resolve(f.pod);
    if (f.resolving) return f.resolving;
    f.state = 'reconnecting';
    this.fire();
    const timeout = this.options.resolveTimeoutMs ?? 30_000;
    const interval = this.options.resolveIntervalMs ?? 500;
    const deadline = Date.now() + timeout;
    f.resolving = (async () => {
      try {
        for (;;) {
          if (f.stopped) throw new PortForwardError(l10n.t('The port-forward for {0} was stopped.', f.label), 'Failed');
          const pod = await f.request.resolvePod().catch(() => undefined);
          if (pod) {
            f.pod = pod;
            f.state = 'active';
            this.fire();
            return pod;
          }
          if (Date.now() >= deadline)
            throw new PortForwardError(
              f.request.noPodMessage ??
                l10n.t('The pod behind {0} is gone and no running pod replaced it within {1} s.', f.label, Math.round(timeout / 1000)),
              'PodGone',
            );
          await new Promise((r) => setTimeout(r, interval));
        }
      } finally {
        f.resolving = undefined;
      }
    })();
    return f.resolving;
  }

  /** How long opening a stream may take. */
  private connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? 15_000;
  }

  private info(f: Forward): PortForwardInfo {
    return {
      id: f.id,
      key: f.request.key,
      label: f.label,
      namespace: f.request.namespace,
      pod: f.pod,
      ports: f.ports.map((p) => ({ ...p })),
      state: f.state,
      connections: f.sockets.size,
      startedAt: f.startedAt,
      lastError: f.lastError,
    };
  }

  private fire(): void {
    if (!this.disposed || this.forwards.size === 0) this.changed.fire(this.list());
  }
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new PortForwardError(
              l10n.t('Local port {0} on 127.0.0.1 is already in use: choose another port or stop the program using it.', port),
              'PortInUse',
            )
          : e.code === 'EACCES'
            ? new PortForwardError(
                l10n.t('Local port {0} on 127.0.0.1 needs privileges this process lacks: choose a port above 1023.', port),
                'PortInUse',
              )
            : new PortForwardError(l10n.t('Cannot listen on 127.0.0.1:{0}: {1}', port, e.message), 'Failed'),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServers(servers: readonly net.Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) return resolve();
          s.close(() => resolve());
        }),
    ),
  ).then(() => undefined);
}
