/**
 * The domain benchmark (issue 4): 1,000 compute and 1,000 session clusters over 50 namespaces.
 * Prints `BENCH <name> <value> <unit>`; targets: complete model within 1 s and 4x faster than
 * kubectl listing the same objects; the model adds at most 10 ms p95 to raw watch delivery; no
 * requests at idle besides the open watches.
 */
import { execFile, spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterCache } from '../../src/clusters/clusterCache';
import { ClusterModel, ComputeCluster } from '../../src/clusters/clusterModel';
import { KubeTransport } from '../../src/kube/kubeTransport';
import { KubeWriter } from '../../src/kube/kubeWriter';
import { RESOURCES } from '../../src/kube/resources';
import { bench, pct } from './report';

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'benchEmulator.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /READY (\S+) (\d+)/.exec(out);
      if (m) {
        bench('bench_objects', Number(m[2]), 'objects');
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`bench emulator exited ${code}`)));
  });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const transport = new KubeTransport(kc);
    const heapBefore = process.memoryUsage().heapUsed;

    // Time to a complete model, cluster-wide (one list+watch per kind).
    const t0 = performance.now();
    const cache = new ClusterCache(transport, { allNamespaces: true }).start();
    const model = new ClusterModel(cache);
    await cache.whenSynced();
    const listedMs = performance.now() - t0;
    model.refreshAll();
    const modelMs = performance.now() - t0;
    bench('model_list_phase', listedMs, 'ms');
    bench('model_derive_phase', modelMs - listedMs, 'ms');
    const computes = model.computeClusters();
    if (computes.length !== 1000 || model.sessionClusters().length !== 1000)
      throw new Error(`incomplete model: ${computes.length} compute, ${model.sessionClusters().length} session`);
    if (!computes.every((c) => c.state === 'ACTIVE' && c.executors === 'Running 1/4 + Scaling 1/4'))
      throw new Error('unexpected derived state');
    bench('model_complete', modelMs, 'ms');

    const k0 = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfig,
          'get',
          'deploy,cm,pods,flinkdeployments',
          '-A',
          '-l',
          'app.kubernetes.io/managed-by=data-clusters',
          '-o',
          'json',
        ],
        { maxBuffer: 512 * 2 ** 20 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    const kubectlMs = performance.now() - k0;
    bench('kubectl_same_listing', kubectlMs, 'ms');
    bench('model_speedup_vs_kubectl', kubectlMs / modelMs, 'x');

    global.gc?.();
    bench('model_heap_used', (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20, 'MiB');

    // Idle: no request beyond the open watches.
    const idleStart = transport.requestCount;
    await new Promise((r) => setTimeout(r, 10_000));
    bench('idle_requests_per_minute', ((transport.requestCount - idleStart) * 60) / 10, 'requests/min');

    // Latency: the same changes seen by a raw watch and by the model's change event.
    const writer = new KubeWriter(transport, 'bench');
    const raw = new Map<string, number>();
    const modelSeen = new Map<string, number>();
    const cluster = kc.getCurrentCluster()!;
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const rv = cache.items('deployments')[0].metadata.resourceVersion;
    const rawReq = https.get(
      new URL(
        `/apis/apps/v1/deployments?watch=true&resourceVersion=${rv}&labelSelector=app.kubernetes.io%2Fmanaged-by%3Ddata-clusters`,
        cluster.server,
      ),
      opts,
      (res) => {
        let buf = '';
        res.on('data', (c) => {
          const t = performance.now();
          buf += c;
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const ev = JSON.parse(buf.slice(0, i));
            buf = buf.slice(i + 1);
            const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name.replace(/-driver$/, '')}:${ev.object.spec.replicas}`;
            if (!raw.has(key)) raw.set(key, t);
          }
        });
      },
    );
    model.onDidChangeCluster((changes) => {
      const t = performance.now();
      for (const c of changes) {
        const cc = c.cluster as ComputeCluster | undefined;
        if (cc?.kind === 'compute') modelSeen.set(`${c.namespace}/${c.name}:${cc.state === 'STOPPED' ? 0 : 1}`, t);
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    const rawLat: number[] = [];
    const modelLat: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = computes[i];
      const replicas = 0;
      const key = `${c.namespace}/${c.name}:${replicas}`;
      const sent = performance.now();
      await writer.mergePatch(RESOURCES.deployments, c.namespace, `${c.name}-driver`, { spec: { replicas } });
      const deadline = Date.now() + 5000;
      while ((!raw.has(key) || !modelSeen.has(key)) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      if (!raw.has(key) || !modelSeen.has(key)) throw new Error(`change ${key} not seen`);
      rawLat.push(raw.get(key)! - sent);
      modelLat.push(modelSeen.get(key)! - sent);
      overhead.push(modelSeen.get(key)! - raw.get(key)!);
    }
    rawReq.destroy();
    bench('watch_raw_latency_p50', pct(rawLat, 50), 'ms');
    bench('watch_raw_latency_p95', pct(rawLat, 95), 'ms');
    bench('model_change_latency_p50', pct(modelLat, 50), 'ms');
    bench('model_change_latency_p95', pct(modelLat, 95), 'ms');
    bench('model_over_raw_p95', pct(overhead, 95), 'ms');
    model.dispose();
    cache.dispose();
  } finally {
    child.kill();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
