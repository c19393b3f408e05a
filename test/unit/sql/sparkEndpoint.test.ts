// Spark SQL on the demo's sales-etl through the product's own port-forward to the emulated driver's
// port 15002: the emulator's driver pod serves Spark Connect there (DuckDB, the demo catalog).
import * as assert from 'node:assert/strict';
import { ClusterForwards } from '../../../src/clusters/clusterForwards';
import type { ComputeCluster } from '../../../src/clusters/clusterModel';
import { ClusterConnection } from '../../../src/clusters/connection';
import { PortForwardManager } from '../../../src/kube/portForward';
import { sparkConnectEndpoint } from '../../../src/sql/sparkEndpoint';
import { SparkSqlEngine } from '../../../src/sql/sparkSqlEngine';
import { SqlError, type SqlRunEvents, type SqlTarget } from '../../../src/sql/sqlEngine';
import type { SqlCell } from '../../../shared/sql/sqlResult';
import { DEMO_ORDERS } from '../../emulator/sparkConnect/engine';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

const SALES_ETL: SqlTarget = { kind: 'compute', namespace: 'analytics', name: 'sales-etl' };

function collect(): SqlRunEvents & { rowsSeen: (readonly SqlCell[])[] } {
  const rowsSeen: (readonly SqlCell[])[] = [];
  return { rowsSeen, progress: () => undefined, shape: () => undefined, rows: (r) => void rowsSeen.push(...r) };
}

describe('sql: Spark SQL through the port-forward to an emulated driver', function () {
  this.timeout(60_000);
  let fx: EmulatorFixture;
  const connections: ClusterConnection[] = [];
  const forwards: ClusterForwards[] = [];
  const never = new AbortController().signal;

  async function connect(user: 'admin' | 'viewer'): Promise<ClusterForwards> {
    const conn = new ClusterConnection(fx.kc(user), { namespaces: ['analytics'] });
    connections.push(conn);
    await until(() => conn.model, 10_000, 'the model');
    await conn.model!.whenReady('compute');
    await until(
      () => (conn.model!.get('compute', 'analytics', 'sales-etl') as ComputeCluster | undefined)?.state === 'ACTIVE',
      20_000,
      'sales-etl ACTIVE',
    );
    const f = new ClusterForwards(conn.model!, conn.writer, new PortForwardManager(fx.kc(user)));
    forwards.push(f);
    return f;
  }

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
  });
  after(async () => {
    for (const f of forwards) f.dispose();
    for (const c of connections) c.dispose();
    await fx.emulator.stop();
  });

  it('runs a query and browses the catalog of sales-etl over its spark-connect forward', async () => {
    const f = await connect('admin');
    const engine = new SparkSqlEngine({ endpoint: sparkConnectEndpoint(() => f) });
    const session = await engine.open(SALES_ETL, never);
    try {
      const events = collect();
      assert.deepEqual(await session.execute('SELECT count(*) AS n FROM sales.orders', events, never), { kind: 'rows', rowCount: 1 });
      assert.deepEqual(events.rowsSeen, [[DEMO_ORDERS]]);
      // The forward is the product's own, listed like the others.
      assert.ok(f.list().some((info) => info.ports.some((p) => p.name === 'spark-connect' && p.remote === 15002)));
      const tables = await engine.catalog(SALES_ETL, ['spark_catalog', 'sales'], never);
      assert.ok(tables.some((t) => t.name === 'orders' && t.kind === 'table'));
    } finally {
      await session.close();
      engine.dispose();
    }
  });

  it('says why when the user may not port-forward (RBAC), and when there is no connection', async () => {
    const f = await connect('viewer');
    const engine = new SparkSqlEngine({ endpoint: sparkConnectEndpoint(() => f) });
    await assert.rejects(engine.open(SALES_ETL, never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.reason, 'denied');
      assert.match(err.message, /pods\/portforward/);
      return true;
    });
    const offline = new SparkSqlEngine({ endpoint: sparkConnectEndpoint(() => undefined) });
    await assert.rejects(offline.open(SALES_ETL, never), (err: unknown) => err instanceof SqlError && err.details.reason === 'unreachable');
  });
});
