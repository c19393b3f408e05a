/**
 * Open Spark UI (issue 11): time from the command's forward request to the Spark UI page answering
 * through it. The path is the command's own, minus the VS Code calls: ClusterForwards finds the
 * ACTIVE driver in the watched model, PortForwardManager probes pods/portforward and listens on
 * 127.0.0.1, then an HTTP GET of `/` goes through the WebSocket to the driver's 4040. The emulator
 * (demo seed) runs in its own process, as an API server would. asExternalUri and openExternal
 * (a browser tab) are not part of the figure.
 */
import * as http from 'node:http';
import { ClusterForwards } from '../../src/clusters/clusterForwards';
import { ComputeCluster } from '../../src/clusters/clusterModel';
import { ClusterConnection } from '../../src/clusters/connection';
import { PortForwardManager } from '../../src/kube/portForward';
import { startBenchEmulator } from './benchEmulator';
import { bench, pct, runBench } from './report';

const RUNS = 20;

function get(port: number, urlPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('demo', 10);
  const connection: { c?: ClusterConnection } = {};
  try {
    const kc = emulator.kc;
    kc.setCurrentContext('emulator-admin');
    const conn = (connection.c = new ClusterConnection(kc, { namespaces: ['analytics'] }));
    await conn.whenReady();
    await conn.model!.whenReady('compute');
    for (let i = 0; (conn.model!.get('compute', 'analytics', 'sales-etl') as ComputeCluster | undefined)?.state !== 'ACTIVE'; i++) {
      if (i > 600) throw new Error('sales-etl never became ACTIVE');
      await new Promise((r) => setTimeout(r, 50));
    }

    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A fresh manager each run: nothing is reused from the previous forward but the API connection.
      const forwards = new ClusterForwards(conn.model!, conn.writer, new PortForwardManager(kc));
      const t0 = performance.now();
      const info = await forwards.forwardDriver('analytics', 'sales-etl', ['spark-ui']);
      const page = await get(info.ports[0].local, '/');
      cold.push(performance.now() - t0);
      if (!page.includes('sales-etl - Spark Jobs')) throw new Error(`unexpected page: ${page.slice(0, 200)}`);
      // A further page load through the running forward (the next click in the UI).
      const t1 = performance.now();
      await get(info.ports[0].local, '/jobs/');
      warm.push(performance.now() - t1);
      forwards.dispose();
    }
    bench('open_spark_ui_to_page_first', cold[0], 'ms');
    bench('open_spark_ui_to_page_p50', pct(cold, 50), 'ms');
    bench('open_spark_ui_to_page_p95', pct(cold, 95), 'ms');
    bench('spark_ui_page_through_forward_p50', pct(warm, 50), 'ms');
  } finally {
    connection.c?.dispose();
    emulator.stop();
  }
}

runBench(main);
