/**
 * Jar upload (Flink tasks): a 32 MiB jar sent to a session cluster's JobManager through the
 * product's port-forward, as Run Task sends a workspace jar. The path is the product's own:
 * ClusterForwards finds the JobManager behind `orders-stream-rest` and PortForwardManager forwards
 * 127.0.0.1 to it over pods/portforward; FlinkRestClient streams the multipart body with progress.
 * The reference, in the same run and through the same forward, is a bare `http.request` that
 * writes the same multipart body in one piece and reads the answer: what the forward and the
 * JobManager cost on their own. The two alternate, so both see the same load. The emulator (demo
 * seed) runs in its own process, as an API server would.
 */
import * as http from 'node:http';
import { ClusterForwards } from '../../src/clusters/clusterForwards';
import { ClusterConnection } from '../../src/clusters/connection';
import { FlinkRestClient } from '../../src/clusters/session/tasks/flinkRestClient';
import { PortForwardManager } from '../../src/kube/portForward';
import { startBenchEmulator } from './benchEmulator';
import { bench, pct, runBench } from './report';

const RUNS = 7;
const SIZE = 32 * 1024 * 1024;
const MIB = 1024 * 1024;

const BOUNDARY = '----benchBoundary7d93a1c4';

/** The reference's body, built before it is timed: the multipart form Flink's web UI sends. */
function multipartBody(content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="jarfile"; filename="bench.jar"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** The reference: the whole multipart body written at once with bare http. Answers the jar id. */
function rawUpload(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/jars/upload',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text}`));
          resolve((JSON.parse(text) as { filename: string }).filename.split('/').pop()!);
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('demo', 10);
  const held: { connection?: ClusterConnection; forwards?: ClusterForwards; client?: FlinkRestClient } = {};
  try {
    const kc = emulator.kc;
    kc.setCurrentContext('emulator-admin');
    const conn = (held.connection = new ClusterConnection(kc, { namespaces: ['streaming'] }));
    await conn.whenReady();
    const forwards = (held.forwards = new ClusterForwards(conn.model!, conn.writer, new PortForwardManager(kc)));
    let port = 0;
    for (let i = 0; !port; i++) {
      try {
        port = (await forwards.forwardFlinkRest('streaming', 'orders-stream')).ports[0].local;
      } catch (e) {
        if (i > 600) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const client = (held.client = new FlinkRestClient(`http://127.0.0.1:${port}`, { timeoutMs: 60_000 }));

    // Bytes that do not compress, as a jar's deflated entries do not.
    const content = Buffer.alloc(SIZE);
    for (let i = 0; i < SIZE; i += 4) content.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ (i >>> 11)) >>> 0, i);
    content.write('PK\u0003\u0004', 0, 'latin1');
    const body = multipartBody(content);

    // One of each first, unmeasured: the forward's first stream and the JIT.
    await client.deleteJar(await client.uploadJar('bench.jar', content));
    await client.deleteJar(await rawUpload(port, body));

    const product: number[] = [];
    const raw: number[] = [];
    let progressCalls = 0;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const id = await client.uploadJar('bench.jar', content, () => progressCalls++);
      product.push(performance.now() - t0);
      await client.deleteJar(id);
      const t1 = performance.now();
      const rawId = await rawUpload(port, body);
      raw.push(performance.now() - t1);
      await client.deleteJar(rawId);
    }
    const rate = (ms: number) => SIZE / MIB / (ms / 1000);
    bench('jar_upload_32mib_p50', pct(product, 50), 'ms');
    bench('jar_upload_raw_http_32mib_p50', pct(raw, 50), 'ms');
    bench('jar_upload_mib_per_second', rate(pct(product, 50)), 'MiB/s');
    bench('jar_upload_raw_http_mib_per_second', rate(pct(raw, 50)), 'MiB/s');
    bench('jar_upload_over_raw_ratio', pct(product, 50) / pct(raw, 50), 'x');
    bench('jar_upload_progress_calls', progressCalls / RUNS, 'count');
    console.log(`# jar upload through the forward, ms: ${product.map((v) => v.toFixed(0)).join(' ')}`);
    console.log(`# raw http upload through the forward, ms: ${raw.map((v) => v.toFixed(0)).join(' ')}`);
  } finally {
    held.client?.dispose();
    held.forwards?.dispose();
    held.connection?.dispose();
    emulator.stop();
  }
}

runBench(main);
