// The Spark Connect client against the emulator's Spark Connect server (DuckDB behind the vendored
// 3.5.3 protocol): typed rows, streaming a million rows, interrupt, Spark-shaped errors, config,
// reattach after a dropped stream, and every message the server sent decoding against the protos.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs';
import { join } from 'node:path';
import { SparkConnectClient } from '../../../src/sql/sparkConnect/client';
import { SparkConnectError } from '../../../src/sql/sparkConnect/errors';
import { decodeArrowBatch } from '../../../src/sql/sparkConnect/arrowRows';
import { SPARK_CONNECT_PROTO, protoRoot } from '../../../src/sql/sparkConnect/protos';
import { SparkConnectServer } from '../../emulator/sparkConnect/server';

describe('sql: Spark Connect client against the emulator server', function () {
  this.timeout(60_000);
  let server: SparkConnectServer;
  let client: SparkConnectClient;
  let port: number;

  before(async () => {
    const started = await SparkConnectServer.start();
    server = started.server;
    port = started.port;
    client = new SparkConnectClient({ target: `127.0.0.1:${started.port}` });
  });
  after(async () => {
    client?.close();
    await server?.stop();
  });

  it('runs a SELECT and returns typed rows with Spark type names', async () => {
    const { fields, rows } = await client.collectSql(
      'SELECT order_id, customer_id, amount, ordered_at, status, CAST(ordered_at AS DATE) AS day, quantity / 2 AS half ' +
        'FROM sales.orders WHERE order_id <= 2 ORDER BY order_id',
    );
    assert.deepEqual(
      fields.map((f) => `${f.name}:${f.type}`),
      [
        'order_id:bigint',
        'customer_id:int',
        'amount:decimal(10,2)',
        'ordered_at:timestamp_ntz',
        'status:string',
        'day:date',
        'half:double',
      ],
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], [1n, 2, '5.37', '2024-01-01 00:53:00', 'shipped', '2024-01-01', 1]);
    assert.equal(rows[1][0], 2n);
  });

  it('runs a command eagerly and returns its rows (SHOW TABLES)', async () => {
    const { fields, rows } = await client.collectSql('SHOW TABLES IN sales');
    assert.deepEqual(
      fields.map((f) => f.name),
      ['namespace', 'tableName', 'isTemporary'],
    );
    assert.deepEqual(
      rows.map((r) => r[1]),
      ['customers', 'daily_revenue', 'orders', 'products'],
    );
  });

  it('streams a 1,000,000-row result in batches without keeping it', async () => {
    let rows = 0;
    let batches = 0;
    let largest = 0;
    let sum = 0n;
    const result = await client.executeSql('SELECT i AS id FROM range(1000000) t(i)', {
      onBatch: (b) => {
        batches++;
        rows += b.rows.length;
        largest = Math.max(largest, b.rows.length);
        for (const r of b.rows) sum += r[0] as bigint;
      },
    });
    assert.equal(rows, 1_000_000);
    assert.equal(result.rowCount, 1_000_000);
    assert.ok(batches > 10, `expected many batches, got ${batches}`);
    assert.ok(largest <= 20_000, `a batch held ${largest} rows`);
    assert.equal(sum, (999_999n * 1_000_000n) / 2n);
  });

  it('interrupts a long query by its operation id', async () => {
    const sql = 'SELECT sum(hash(i)) FROM range(2000000000) t(i)';
    let queryOperation: string | undefined;
    // The server has the query's operation running (its SqlCommand was analysed first).
    const started = new Promise<string>((resolve) =>
      server.events.on('operation', (id: string, text: string) => text === sql && id === queryOperation && resolve(id)),
    );
    const running = client.executeSql(sql, {
      onProgress: (p) => {
        if (p.phase === 'query') queryOperation = p.operationId;
      },
    });
    const operationId = await started;
    const interrupted = await client.interrupt(operationId);
    assert.deepEqual(interrupted, [operationId]);
    await assert.rejects(running, (err: SparkConnectError) => err.errorClass === 'OPERATION_CANCELED');
  });

  it('cancels a running statement through its AbortSignal', async () => {
    const sql = 'SELECT sum(hash(i)) AS s FROM range(2000000000) t(i)';
    const abort = new AbortController();
    let queryOperation: string | undefined;
    server.events.on('operation', (id: string, text: string) => {
      if (text === sql && id === queryOperation) abort.abort();
    });
    const running = client.executeSql(sql, {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'query') queryOperation = p.operationId;
      },
    });
    await assert.rejects(running, (err: SparkConnectError) => err.codeName === 'CANCELLED');
    // The session is still usable afterwards.
    assert.equal((await client.collectSql('SELECT 1 AS one')).rows[0][0], 1);
  });

  it('reports an unknown table with Spark error class, parameters and line/position', async () => {
    await assert.rejects(client.executeSql('SELECT * FROM nosuch'), (err: unknown) => {
      assert.ok(err instanceof SparkConnectError);
      assert.equal(err.codeName, 'INTERNAL');
      assert.equal(err.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
      assert.match(err.message, /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nosuch` cannot be found\./);
      assert.equal(err.line, 1);
      assert.equal(err.position, 14);
      assert.equal(err.exceptionClass, 'org.apache.spark.sql.AnalysisException');
      return true;
    });
  });

  it('reports a syntax error with its position', async () => {
    await assert.rejects(client.executeSql('SELECT *\nFROM sales.orders WHERE'), (err: unknown) => {
      assert.ok(err instanceof SparkConnectError);
      assert.equal(err.errorClass, 'PARSE_SYNTAX_ERROR');
      assert.equal(err.line, 2);
      return true;
    });
  });

  it('gets and sets session configuration', async () => {
    assert.deepEqual(await client.getConfig(['spark.sql.session.timeZone']), { 'spark.sql.session.timeZone': 'UTC' });
    await client.setConfig({ 'spark.sql.shuffle.partitions': '8' });
    assert.deepEqual(await client.getConfig(['spark.sql.shuffle.partitions']), { 'spark.sql.shuffle.partitions': '8' });
    await assert.rejects(client.getConfig(['spark.nope']), (err: SparkConnectError) => err.errorClass === 'SQL_CONF_NOT_FOUND');
  });

  it('reattaches after the stream drops and loses no rows', async () => {
    server.dropNextStreamAfter = 4;
    let reattaches = 0;
    let rows = 0;

    await client.executeSql('SELECT i FROM range(100000) t(i)', {
      onBatch: (b) => void (rows += b.rows.length),
      onProgress: (p) => (reattaches = Math.max(reattaches, p.reattaches)),
    });
    assert.equal(rows, 100_000);
    assert.ok(reattaches >= 1, 'the client reattached');
  });

  it('stops while a long query runs: the query is interrupted, then DuckDB closes, and stop settles', async () => {
    const own = await SparkConnectServer.start();
    const c = new SparkConnectClient({ target: `127.0.0.1:${own.port}` });
    const sql = 'SELECT sum(hash(i)) AS s FROM range(2000000000) t(i)';
    let queryOperation: string | undefined;
    const started = new Promise<void>((resolve) =>
      own.server.events.on('operation', (id: string, text: string) => text === sql && id === queryOperation && resolve()),
    );
    const running = c.executeSql(sql, {
      onProgress: (p) => {
        if (p.phase === 'query') queryOperation = p.operationId;
      },
    });
    const failed = assert.rejects(running);
    await started;
    const t0 = Date.now();
    await own.server.stop();
    await failed;
    c.close();
    // The interrupted query stopped: stop did not wait for 2e9 rows (about 25 s of DuckDB work).
    assert.ok(Date.now() - t0 < 10_000, `stop took ${Date.now() - t0} ms`);
  });

  it('reads Spark 4 error metadata (errorClass, messageParameters) when the server sends it', async () => {
    const spark4 = await SparkConnectServer.start({ errorDetails: 'spark4' });
    const c = new SparkConnectClient({ target: `127.0.0.1:${spark4.port}` });
    try {
      await assert.rejects(c.executeSql('SELECT * FROM sales.nosuch'), (err: SparkConnectError) => {
        assert.equal(err.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
        assert.deepEqual(err.messageParameters, { relationName: '`sales`.`nosuch`' });
        assert.equal(err.sqlState, '42P01');
        return true;
      });
    } finally {
      c.close();
      await spark4.server.stop();
    }
  });

  it('sends only messages that decode against the vendored protos (raw wire bytes)', async () => {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : join(protoRoot(), target));
    await root.load(SPARK_CONNECT_PROTO, { keepCase: true });
    const Request = root.lookupType('spark.connect.ExecutePlanRequest');
    const Response = root.lookupType('spark.connect.ExecutePlanResponse');
    const raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const execute = (plan: object) =>
      new Promise<Buffer[]>((resolve, reject) => {
        const frames: Buffer[] = [];
        const request = { session_id: client.sessionId, user_context: { user_id: 'conformance' }, operation_id: randomUUID(), plan };
        const call = raw.makeServerStreamRequest(
          '/spark.connect.SparkConnectService/ExecutePlan',
          (r: object) => Buffer.from(Request.encode(Request.fromObject(r)).finish()),
          (b: Buffer) => b,
          request,
        );
        call.on('data', (b: Buffer) => frames.push(b));
        call.on('error', reject);
        call.on('end', () => resolve(frames));
      });
    try {
      const frames = [
        ...(await execute({ command: { sql_command: { sql: 'SHOW DATABASES' } } })),
        ...(await execute({ command: { sql_command: { sql: 'SELECT * FROM sales.customers' } } })),
        ...(await execute({ root: { sql: { query: 'SELECT * FROM sales.orders WHERE order_id <= 40000' } } })),
      ];
      assert.ok(frames.length >= 6);
      let rows = 0;
      for (const wire of frames) {
        const decoded = Response.decode(wire) as any;
        assert.equal(Response.verify(decoded), null);
        // Re-encoding gives the same bytes: no field the vendored protocol does not know.
        assert.ok(Buffer.from(Response.encode(decoded).finish()).equals(wire), 're-encoded bytes differ');
        assert.ok(decoded.response_id && decoded.operation_id && decoded.session_id === client.sessionId);
        if (decoded.arrow_batch) {
          const batch = decodeArrowBatch(decoded.arrow_batch.data);
          assert.equal(batch.rows.length, Number(decoded.arrow_batch.row_count));
          rows += batch.rows.length;
        }
      }
      assert.equal(rows, 40_000, 'the orders came as Arrow batches');
    } finally {
      raw.close();
    }
  });
});
