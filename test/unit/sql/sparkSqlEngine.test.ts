// SparkSqlEngine against the emulator's Spark Connect server (DuckDB behind the vendored 3.5.3
// protocol): a statement's shape, rows and phases; SET and USE carrying over within a session and
// not across sessions; cancel; Spark's `line L pos P` as SqlError line/column; the catalog levels.
import * as assert from 'node:assert/strict';
import type { ChangeKind, SqlCell, SqlProgress, SqlResultShape } from '../../../shared/sql/sqlResult';
import { SparkSqlEngine } from '../../../src/sql/sparkSqlEngine';
import { SqlError, type SqlRunEvents, type SqlSession, type SqlTarget } from '../../../src/sql/sqlEngine';
import { DEMO_ORDERS } from '../../emulator/sparkConnect/engine';
import { SparkConnectServer } from '../../emulator/sparkConnect/server';

const TARGET: SqlTarget = { kind: 'compute', namespace: 'analytics', name: 'sales-etl' };

/** Events that record what the engine told, with an optional hold on each rows call. */
class Recorder implements SqlRunEvents {
  readonly phases: SqlProgress[] = [];
  shapes: SqlResultShape[] = [];
  readonly rowsSeen: (readonly SqlCell[])[] = [];
  rowsCalls = 0;
  hold: (() => Promise<void>) | undefined;
  progress(p: SqlProgress): void {
    this.phases.push(p);
  }
  shape(shape: SqlResultShape): void {
    this.shapes.push(shape);
  }
  rows(rows: readonly (readonly SqlCell[])[], _kinds?: readonly ChangeKind[]): void | Promise<void> {
    this.rowsCalls++;
    this.rowsSeen.push(...rows);
    return this.hold?.();
  }
}

describe('sql: SparkSqlEngine against the emulator Spark Connect server', function () {
  this.timeout(60_000);
  let server: SparkConnectServer;
  let port: number;
  let engine: SparkSqlEngine;
  const endpoints: SqlTarget[] = [];
  const sessions: SqlSession[] = [];
  const never = new AbortController().signal;

  before(async () => {
    ({ server, port } = await SparkConnectServer.start());
    engine = new SparkSqlEngine({
      endpoint: async (target) => {
        endpoints.push(target);
        return { host: '127.0.0.1', port };
      },
      user: () => 'dev@example.com',
    });
  });
  after(async () => {
    for (const s of sessions) await s.close();
    engine?.dispose();
    await server?.stop();
  });
  const open = async () => {
    const s = await engine.open(TARGET, never);
    sessions.push(s);
    return s;
  };

  it('runs a query: Spark type names, cells as JSON values, phases before the first rows', async () => {
    const session = await open();
    assert.equal(session.engine, 'spark');
    assert.deepEqual(endpoints.at(-1), TARGET);
    const events = new Recorder();
    const outcome = await session.execute(
      'SELECT order_id, amount, ordered_at, status, CAST(ordered_at AS DATE) AS day FROM sales.orders WHERE order_id <= 3 ORDER BY order_id',
      events,
      never,
    );
    assert.deepEqual(outcome, { kind: 'rows', rowCount: 3 });
    assert.deepEqual(events.shapes, [
      {
        columns: [
          { name: 'order_id', type: 'bigint' },
          { name: 'amount', type: 'decimal(10,2)' },
          { name: 'ordered_at', type: 'timestamp_ntz' },
          { name: 'status', type: 'string' },
          { name: 'day', type: 'date' },
        ],
        changelog: false,
      },
    ]);
    assert.deepEqual(events.rowsSeen[0], [1, '5.37', '2024-01-01 00:53:00', 'shipped', '2024-01-01']);
    assert.equal(events.rowsSeen.length, 3);
    const phases = events.phases.map((p) => p.phase);
    assert.deepEqual(phases.slice(0, 2), ['submitted', 'running']);
    assert.equal(phases.at(-1), 'fetching');
  });

  it('streams a large result through the rows promise: nothing more is read while it is held', async () => {
    const session = await open();
    const events = new Recorder();
    let release!: () => void;
    let held = 0;
    // The first batch is held until the test lets go: the engine asks for nothing meanwhile.
    events.hold = () => {
      if (held++ > 0) return Promise.resolve();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const running = session.execute('SELECT * FROM sales.orders', events, never);
    await waitUntil(() => release !== undefined);
    const callsWhileHeld = events.rowsCalls;
    // A round trip on another session proves the server went on serving while this stream waited.
    const other = await open();
    await other.execute('SELECT 1 AS one', new Recorder(), never);
    assert.equal(events.rowsCalls, callsWhileHeld, 'no rows were handed over while the first batch was held');
    release();
    const outcome = await running;
    assert.equal(outcome.rowCount, DEMO_ORDERS);
    assert.equal(events.rowsSeen.length, DEMO_ORDERS);
    assert.ok(events.rowsCalls > 1);
  });

  it('carries SET and USE over within a session, and not into another session', async () => {
    const session = await open();
    const set = new Recorder();
    assert.deepEqual(await session.execute('SET spark.sql.shuffle.partitions=8', set, never), { kind: 'rows', rowCount: 1 });
    assert.deepEqual(set.rowsSeen, [['spark.sql.shuffle.partitions', '8']]);
    assert.deepEqual(await session.execute('USE sales', new Recorder(), never), { kind: 'ok', rowCount: 0, message: 'OK' });
    const count = new Recorder();
    await session.execute('SELECT count(*) AS n FROM orders', count, never);
    assert.deepEqual(count.rowsSeen, [[DEMO_ORDERS]]);
    const read = new Recorder();
    await session.execute('SET spark.sql.shuffle.partitions', read, never);
    assert.deepEqual(read.rowsSeen, [['spark.sql.shuffle.partitions', '8']]);

    const fresh = await open();
    await assert.rejects(fresh.execute('SELECT count(*) FROM orders', new Recorder(), never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
      return true;
    });
    const other = new Recorder();
    await fresh.execute('SET spark.sql.shuffle.partitions', other, never);
    assert.deepEqual(other.rowsSeen, [['spark.sql.shuffle.partitions', '200']]);
  });

  it('cancels a long statement: the server interrupts it, the run rejects as aborted, the session goes on', async () => {
    const session = await open();
    const abort = new AbortController();
    const events = new Recorder();
    const sql = 'SELECT sum(hash(i)) AS s FROM range(2000000000) t(i)';
    // Abort once the server runs the query's operation (after its SqlCommand was analysed).
    const onOperation = (_id: string, text: string) => {
      if (text === sql && events.phases.some((p) => p.phase === 'running')) abort.abort();
    };
    server.events.on('operation', onOperation);
    try {
      await assert.rejects(session.execute(sql, events, abort.signal), (err: Error) => err.name === 'AbortError');
    } finally {
      server.events.off('operation', onOperation);
    }
    const after = new Recorder();
    await session.execute('SELECT 1 AS one', after, never);
    assert.deepEqual(after.rowsSeen, [[1]]);
  });

  it("turns Spark's `line L pos P` (0-based position) into SqlError line/column (1-based)", async () => {
    const session = await open();
    await assert.rejects(session.execute('SELECT *\n  FROM nosuch', new Recorder(), never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.match(err.message, /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nosuch` cannot be found/);
      assert.equal(err.details.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
      assert.equal(err.details.line, 2);
      assert.equal(err.details.column, 8); // `nosuch` starts at pos 7 of line 2
      assert.equal(err.details.reason, 'refused');
      return true;
    });
    await assert.rejects(session.execute('SELECT * FROM sales.orders WHERE', new Recorder(), never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.errorClass, 'PARSE_SYNTAX_ERROR');
      assert.equal(err.details.line, 1);
      assert.equal(err.details.column, 33);
      return true;
    });
  });

  it('lists catalogs, databases, tables and views, and columns with their Spark types', async () => {
    const catalogs = await engine.catalog(TARGET, [], never);
    assert.deepEqual(catalogs, [{ kind: 'catalog', name: 'spark_catalog', path: ['spark_catalog'] }]);
    const databases = await engine.catalog(TARGET, ['spark_catalog'], never);
    assert.deepEqual(
      databases.find((d) => d.name === 'sales'),
      { kind: 'database', name: 'sales', path: ['spark_catalog', 'sales'] },
    );
    const tables = await engine.catalog(TARGET, ['spark_catalog', 'sales'], never);
    assert.deepEqual(
      tables.map((t) => `${t.kind}:${t.name}`),
      ['table:customers', 'view:daily_revenue', 'table:orders', 'table:products'],
    );
    const orders = tables.find((t) => t.name === 'orders')!;
    const columns = await engine.catalog(TARGET, orders.path!, never);
    assert.deepEqual(
      columns.map((c) => `${c.name} ${c.detail}`),
      [
        'order_id bigint',
        'customer_id int',
        'product_id int',
        'quantity int',
        'amount decimal(10,2)',
        'ordered_at timestamp_ntz',
        'status string',
      ],
    );
    assert.ok(columns.every((c) => c.kind === 'column' && c.path === undefined));
    await assert.rejects(engine.catalog(TARGET, ['spark_catalog', 'nosuch'], never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.errorClass, 'SCHEMA_NOT_FOUND');
      return true;
    });
  });

  it('says the cluster is unreachable when the endpoint cannot be opened or nothing listens', async () => {
    const refused = new SparkSqlEngine({
      endpoint: () => Promise.reject(new Error('pods "sales-etl-driver" is forbidden: cannot create pods/portforward')),
    });
    await assert.rejects(refused.open(TARGET, never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.reason, 'unreachable');
      assert.match(err.message, /forbidden/);
      return true;
    });
    // Nothing listens: the handshake of open fails, before any statement.
    const closed = new SparkSqlEngine({ endpoint: async () => ({ host: '127.0.0.1', port: 1 }) });
    await assert.rejects(closed.open(TARGET, never), (err: unknown) => {
      assert.ok(err instanceof SqlError);
      assert.equal(err.details.reason, 'unreachable');
      return true;
    });
  });
});

async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setImmediate(r));
}
