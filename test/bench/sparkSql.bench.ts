/**
 * Spark SQL first row (issue 19): time from Run to the first rows of a query on the demo's
 * sales-etl, through the product's port-forward to the emulated driver's Spark Connect (15002),
 * beside a bare gRPC ExecutePlan of the same query through the same forward (one call, the query's
 * relation as the plan root, timed to its first Arrow batch). The product's path is
 * SparkSqlEngine's: a SqlCommand, then its relation, Arrow decoding into cells. Runs alternate, so
 * both see the same load. The emulator runs in its own process, as a cluster would.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ClusterForwards } from '../../src/clusters/clusterForwards';
import { ComputeCluster } from '../../src/clusters/clusterModel';
import { ClusterConnection } from '../../src/clusters/connection';
import { PortForwardManager } from '../../src/kube/portForward';
import { sparkConnectClientConstructor } from '../../src/sql/sparkConnect/protos';
import { sparkConnectEndpoint } from '../../src/sql/sparkEndpoint';
import { SparkSqlEngine } from '../../src/sql/sparkSqlEngine';
import type { SqlTarget } from '../../src/sql/sqlEngine';
import { startBenchEmulator } from './benchEmulator';
import { bench, pct, runBench } from './report';

const RUNS = 30;
const SQL = 'SELECT * FROM sales.orders WHERE order_id <= 20000';
const TARGET: SqlTarget = { kind: 'compute', namespace: 'analytics', name: 'sales-etl' };

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('demo', 10);
  const held: { conn?: ClusterConnection; forwards?: ClusterForwards; engine?: SparkSqlEngine } = {};
  try {
    const kc = emulator.kc;
    kc.setCurrentContext('emulator-admin');
    const conn = (held.conn = new ClusterConnection(kc, { namespaces: ['analytics'] }));
    await conn.whenReady();
    await conn.model!.whenReady('compute');
    for (let i = 0; (conn.model!.get('compute', 'analytics', 'sales-etl') as ComputeCluster | undefined)?.state !== 'ACTIVE'; i++) {
      if (i > 600) throw new Error('sales-etl never became ACTIVE');
      await new Promise((r) => setTimeout(r, 50));
    }
    const forwards = (held.forwards = new ClusterForwards(conn.model!, conn.writer, new PortForwardManager(kc)));
    const engine = (held.engine = new SparkSqlEngine({ endpoint: sparkConnectEndpoint(() => forwards) }));
    const never = new AbortController().signal;

    // The first Run of an editor: the forward, the session, the statement.
    const t0 = performance.now();
    const session = await engine.open(TARGET, never);
    let firstRun = 0;
    await session.execute(
      SQL,
      { progress: () => undefined, shape: () => undefined, rows: () => void (firstRun ||= performance.now() - t0) },
      never,
    );
    bench('spark_sql_first_run_first_row', firstRun, 'ms');

    // The same forward, a bare client of the service.
    const info = await forwards.forwardDriver('analytics', 'sales-etl', ['spark-connect']);
    const Client = sparkConnectClientConstructor();
    const bare = new Client(`127.0.0.1:${info.ports[0].local}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, any>;
    const bareFirstBatch = () =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        let first = 0;
        const call = bare.ExecutePlan({
          session_id: randomUUID(),
          user_context: { user_id: 'bench' },
          operation_id: randomUUID(),
          plan: { root: { sql: { query: SQL } } },
        }) as grpc.ClientReadableStream<{ arrow_batch?: unknown }>;
        call.on('data', (r) => {
          if (r.arrow_batch && !first) first = performance.now() - start;
        });
        call.on('error', reject);
        call.on('end', () => resolve(first));
      });
    const productFirstRow = async () => {
      const start = performance.now();
      let first = 0;
      await session.execute(
        SQL,
        { progress: () => undefined, shape: () => undefined, rows: () => void (first ||= performance.now() - start) },
        never,
      );
      return first;
    };

    const product: number[] = [];
    const reference: number[] = [];
    await bareFirstBatch(); // the bare channel's own connection, outside the figures
    for (let run = 0; run < RUNS; run++) {
      reference.push(await bareFirstBatch());
      product.push(await productFirstRow());
    }
    bench('spark_sql_first_row_p50', pct(product, 50), 'ms');
    bench('spark_connect_bare_execute_first_batch_p50', pct(reference, 50), 'ms');
    bench('spark_sql_first_row_p95', pct(product, 95), 'ms');
    bench('spark_connect_bare_execute_first_batch_p95', pct(reference, 95), 'ms');
    bench('spark_sql_first_row_over_bare_p50', pct(product, 50) - pct(reference, 50), 'ms');
    bare.close();
    await session.close();
  } finally {
    held.engine?.dispose();
    held.forwards?.dispose();
    held.conn?.dispose();
    emulator.stop();
  }
}

runBench(main);
