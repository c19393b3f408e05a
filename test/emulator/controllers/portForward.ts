import * as http from 'node:http';
import * as net from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { JobManagers } from '../flink/jobManager';
import { flinkRestServer } from '../flink/rest';
import { SqlGateway } from '../flink/sqlGateway/server';
import { SparkConnectServer } from '../sparkConnect/server';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What listens inside the emulated pods: the Spark UI on 4040, the JobManager's REST API on 8081
 * (test/emulator/flink/, one JobManager per session cluster), the SQL Gateway on 8083 of an
 * Enable SQL gateway pod (test/emulator/flink/sqlGateway/), Spark Connect on the driver's 15002
 * (test/emulator/sparkConnect/: a gRPC server with DuckDB and the demo catalog, one per driver pod,
 * started on first use), and plain TCP listeners on the Thrift ports.
 * Each (pod, port) gets a loopback server, started when first forwarded to.
 */
export class PodServers {
  private readonly servers = new Map<string, Promise<number>>();
  private readonly closers: (() => void | Promise<void>)[] = [];
  private closed = false;

  constructor(private readonly jobManagers: JobManagers) {}

  backend(pod: any, port: number): Promise<number> | undefined {
    const key = `${pod.metadata.uid}:${port}`;
    const existing = this.servers.get(key);
    if (existing) return existing;
    if (pod.metadata.labels?.['spark-role'] === 'driver' && port === 15002) {
      const started = this.sparkConnect();
      this.servers.set(key, started);
      return started;
    }
    const server = this.serverFor(pod, port);
    if (!server) return undefined;
    const started = new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    this.closers.push(() => void server.close());
    this.servers.set(key, started);
    return started;
  }

  /** A Spark Connect server of its own (its own DuckDB, so one cluster's USE and tables stay its own). */
  private async sparkConnect(): Promise<number> {
    const { server, port } = await SparkConnectServer.start();
    if (this.closed) {
      await server.stop();
      throw new Error('the emulator is stopping');
    }
    this.closers.push(() => server.stop());
    return port;
  }

  private serverFor(pod: any, port: number): net.Server | undefined {
    const labels = pod.metadata.labels ?? {};
    const cluster = labels['dataclusters.io/cluster'] ?? labels.app ?? pod.metadata.name;
    if (labels['spark-role'] === 'driver') {
      if (port === 4040) {
        return http.createServer((req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          res.end(
            `<!DOCTYPE html><html><head><title>${escapeHtml(cluster)} - Spark Jobs</title></head><body><h3>Spark Jobs</h3><p>User: spark</p><p>Application: ${escapeHtml(cluster)}</p><p>Path: ${escapeHtml(req.url ?? '/')}</p></body></html>`,
          );
        });
      }
      if (port === 10000 || port === 10001) return net.createServer((socket) => socket.on('error', () => undefined));
      return undefined;
    }
    // Enable SQL: the session cluster's SQL Gateway, a small streaming engine behind Flink's REST API.
    if (labels['dataclusters.io/component'] === 'sql-gateway' && port === 8083) {
      const ns = pod.metadata.namespace;
      const gateway = new SqlGateway('1.20.0', {
        // A statement's job runs on the session cluster's JobManager, as the gateway submits it there.
        submit: (name, bounded) => {
          const args = ['--job-name', name];
          // A bounded query's job finishes when the query would; the JobManager's job counts records
          // one by one, so its rate is capped and its record count scaled to the same duration.
          if (bounded) {
            const rate = Math.max(1, Math.min(bounded.rate, 500));
            args.push(
              '--records',
              String(Math.max(1, Math.ceil((bounded.records / Math.max(1, bounded.rate)) * rate))),
              '--rate',
              String(rate),
            );
          }
          return this.jobManagers
            .of(ns, cluster)
            .run({ jarId: 'sql-gateway', entryClass: 'org.apache.flink.table.runtime.SqlJob', args, parallelism: 1 }).jid;
        },
        cancel: (jobId) => this.jobManagers.of(ns, cluster).jobs.get(jobId)?.cancel(),
      });
      this.closers.push(() => gateway.close());
      return gateway.server();
    }
    if (labels.component === 'jobmanager' && port === 8081) {
      const ns = pod.metadata.namespace;
      return flinkRestServer(() => this.jobManagers.of(ns, cluster));
    }
    return undefined;
  }

  /** Closes every pod server; resolves once the Spark Connect servers have stopped their queries and closed DuckDB. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = this.closers.splice(0).map((c) => c());
    this.servers.clear();
    this.jobManagers.close();
    await Promise.all(closing);
  }
}

/**
 * pods/portforward over WebSocket as client-node's PortForward and the API server speak it:
 * channel 2i carries data for the i-th port and 2i+1 its errors; each message starts with the
 * channel byte, and the server first sends each channel the port number (2 bytes, little endian).
 */
export class PortForwarder {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : ([...protocols][0] ?? false)),
  });

  constructor(private readonly backends: PodServers) {}

  readonly handle = (pod: any, query: URLSearchParams, req: http.IncomingMessage, socket: net.Socket, head: Buffer): void => {
    const ports = (query.getAll('ports').join(',') || '').split(',').filter(Boolean).map(Number);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, pod, ports));
  };

  private serve(ws: WebSocket, pod: any, ports: number[]): void {
    const frame = (channel: number, data: Buffer) =>
      ws.readyState === WebSocket.OPEN && ws.send(Buffer.concat([Buffer.from([channel]), data]));
    const portBytes = (p: number) => Buffer.from([p & 0xff, (p >> 8) & 0xff]);
    const conns: (net.Socket | undefined)[] = [];
    // What the client sent before its pod-side connection existed (the backend starts asynchronously).
    const early: Buffer[][] = ports.map(() => []);
    ports.forEach((port, i) => {
      frame(2 * i, portBytes(port));
      frame(2 * i + 1, portBytes(port));
      const fail = (message: string) => {
        frame(2 * i + 1, Buffer.from(message));
        ws.close();
      };
      if (pod.status?.phase !== 'Running')
        return fail(
          `error forwarding port ${port} to pod ${pod.metadata.name}: pod is not running (phase ${pod.status?.phase ?? 'Unknown'})`,
        );
      const backend = this.backends.backend(pod, port);
      if (!backend)
        return fail(
          `error forwarding port ${port} to pod ${pod.metadata.uid}, uid : failed to connect to localhost:${port} inside namespace: connection refused`,
        );
      void backend.then(
        (local) => {
          const conn = net.connect(local, '127.0.0.1');
          conns[i] = conn;
          for (const d of early[i].splice(0)) conn.write(d);
          conn.on('data', (d: Buffer) => frame(2 * i, d));
          conn.on('error', (e) => fail(`error forwarding port ${port}: ${e.message}`));
          conn.on('close', () => ws.close());
        },
        (e: unknown) => fail(`error forwarding port ${port}: ${e instanceof Error ? e.message : String(e)}`),
      );
    });
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      if (channel % 2 !== 0) return;
      const conn = conns[channel / 2];
      if (conn) conn.write(data.subarray(1));
      else early[channel / 2]?.push(Buffer.from(data.subarray(1)));
    });
    ws.on('close', () => conns.forEach((c) => c?.destroy()));
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}
