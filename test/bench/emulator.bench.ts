/**
 * Benchmarks, printed one per line as `BENCH <name> <value> <unit>`. Not asserted in CI; run with
 * `npm run bench`. Figures depend on the machine: compare runs on the same one.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { Emulator } from '../emulator/emulator';
import { bench, pct, runBench } from './report';

function get(e: Emulator, urlPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(new URL(urlPath, e.url), { ca: e.tls.caCert, headers: { Authorization: `Bearer ${e.token()}` }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  let t0 = performance.now();
  const e = await Emulator.start({ controllers: false });
  bench('emulator_start', performance.now() - t0, 'ms');
  const kubeconfig = e.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-')), 'kubeconfig.yaml'));

  const nsType = e.api.mustType('', 'namespaces');
  const cmType = e.api.mustType('', 'configmaps');
  for (let n = 0; n < 10; n++) e.api.create(nsType, undefined, { metadata: { name: `bench-${n}` } });
  // Heap growth of the objects alone: between GCs, after the server started (its one-time costs are not the objects').
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    e.api.create(cmType, `bench-${i % 10}`, {
      metadata: { name: `cm-${i}`, labels: { 'app.kubernetes.io/managed-by': 'data-clusters', half: i < 5000 ? 'a' : 'b' } },
      data: { 'spec.json': JSON.stringify({ name: `cluster-${i}`, executors: i % 8, image: 'apache/spark:3.5.3' }) },
    });
  }
  bench('create_10000_objects', performance.now() - t0, 'ms');
  global.gc?.();
  bench('heap_growth_10000_objects', (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20, 'MiB');

  const lists: number[] = [];
  let bytes = 0;
  for (let r = 0; r < 7; r++) {
    t0 = performance.now();
    const body = await get(e, '/api/v1/configmaps?labelSelector=half%3Da');
    lists.push(performance.now() - t0);
    bytes = body.length;
    if (r === 0 && JSON.parse(body.toString()).items.length !== 5000) throw new Error('expected 5000 items');
  }
  bench('list_5000_objects_p50', pct(lists, 50), 'ms');
  bench('list_5000_objects_bytes', bytes / 2 ** 20, 'MiB');

  t0 = performance.now();
  await new Promise<void>((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'get', 'cm', '-A', '-l', 'half=a', '-o', 'json'],
      { maxBuffer: 256 * 2 ** 20 },
      (err) => (err ? reject(err) : resolve()),
    ),
  );
  bench('kubectl_list_5000_objects', performance.now() - t0, 'ms');

  // Watch fan-out: 200 concurrent watches, one write, time until every watch has the event.
  const WATCHES = 200;
  const arrivals: ((t: number) => void)[] = [];
  const reqs: ReturnType<typeof https.get>[] = [];
  const agent = new https.Agent({ keepAlive: true, maxSockets: WATCHES + 10, ca: e.tls.caCert });
  const delivered: number[][] = [];
  for (let w = 0; w < WATCHES; w++) {
    const rv = e.api.store.resourceVersion;
    reqs.push(
      https.get(
        new URL(`/api/v1/namespaces/bench-0/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dfanout`, e.url),
        { agent, headers: { Authorization: `Bearer ${e.token()}` } },
        (res) => {
          res.on('data', () => arrivals[w]?.(performance.now()));
        },
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 1500));
  bench('open_watches', e.server.openWatches, 'watches');
  for (let round = 0; round < 5; round++) {
    const times: number[] = [];
    const all = new Promise<void>((resolve) => {
      for (let w = 0; w < WATCHES; w++) {
        arrivals[w] = (t) => {
          arrivals[w] = () => undefined;
          times.push(t);
          if (times.length === WATCHES) resolve();
        };
      }
    });
    const sent = performance.now();
    if (round === 0) e.api.create(cmType, 'bench-0', { metadata: { name: 'fanout' }, data: { round: '0' } });
    else e.api.update(cmType, 'bench-0', 'fanout', { ...e.api.get(cmType, 'bench-0', 'fanout'), data: { round: String(round) } });
    await all;
    delivered.push(times.map((t) => t - sent));
  }
  const flat = delivered.flat();
  bench('watch_fanout_200_p50', pct(flat, 50), 'ms');
  bench('watch_fanout_200_p95', pct(flat, 95), 'ms');
  bench('watch_fanout_200_last', Math.max(...delivered.map((d) => Math.max(...d))), 'ms');
  for (const r of reqs) r.destroy();
  agent.destroy();
  await e.stop();
}

runBench(main);
