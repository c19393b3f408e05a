import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type * as http from 'node:http';
import { FlinkGatewayClient } from '../../../src/sql/flinkGateway/gatewayClient';
import { GatewayHttpError, describeFailure, traceSegments } from '../../../src/sql/flinkGateway/gatewayErrors';
import { toCell, toRows, typeName } from '../../../src/sql/flinkGateway/gatewayWire';
import { SqlGateway } from '../../emulator/flink/sqlGateway/server';

const DDL = `CREATE TABLE orders (
  id BIGINT,
  region STRING,
  amount INT
) WITH ('connector' = 'datagen', 'rows-per-second' = '2000', 'number-of-rows' = '300',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '300',
  'fields.region.length' = '1', 'fields.amount.min' = '1', 'fields.amount.max' = '9')`;

describe('Flink SQL Gateway client', () => {
  let gateway: SqlGateway;
  let server: http.Server;
  let client: FlinkGatewayClient;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    gateway = new SqlGateway();
    server = gateway.server();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new FlinkGatewayClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pollMs: [5, 40] });
  });

  afterEach(async () => {
    client.dispose();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function all(session: string, sql: string) {
    const op = await client.executeStatement(session, sql, signal);
    const pages = [];
    for await (const p of client.results(session, op, signal)) pages.push(p.page);
    return pages;
  }

  it('opens a session, answers /info and /api_versions, closes the session', async () => {
    assert.deepEqual(await client.apiVersions(), ['V1', 'V2', 'V3']);
    assert.equal((await client.info()).productName, 'Apache Flink');
    const s = await client.openSession({ properties: { 'execution.runtime-mode': 'batch' } });
    assert.equal((await client.sessionConfig(s))['execution.runtime-mode'], 'batch');
    await client.closeSession(s);
    await assert.rejects(client.sessionConfig(s), (e: GatewayHttpError) => e.status === 500 && /does not exist/.test(e.errors[1]));
  });

  it('fetches by token until end of stream, rows with their kinds and Flink type names', async () => {
    const s = await client.openSession();
    await client.configureSession(s, DDL);
    const pages = await all(s, 'SELECT region, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY region');
    const last = pages.at(-1)!;
    assert.equal(last.resultType, 'EOS');
    assert.equal(last.nextResultUri, undefined);
    const first = pages.find((p) => p.results)!;
    assert.equal(first.isQueryResult, true);
    assert.match(first.jobID!, /^[0-9a-f]{32}$/);
    assert.deepEqual(
      first.results!.columns.map((c) => `${c.name} ${typeName(c.logicalType)}`),
      ['region STRING', 'n BIGINT NOT NULL', 'total INT'],
    );
    const kinds = pages.flatMap((p) => toRows(p.results!).kinds);
    assert.ok(kinds.includes('-U') && kinds.includes('+U') && kinds.includes('+I'));
    // The changelog applied gives one row per region whose counts add up to the source's 300 rows.
    const table = new Map<string, number>();
    for (const p of pages)
      for (const r of p.results!.data) {
        if (r.kind === 'UPDATE_BEFORE') table.delete(String(r.fields[0]));
        else table.set(String(r.fields[0]), Number(r.fields[1]));
      }
    assert.equal(
      [...table.values()].reduce((a, b) => a + b, 0),
      300,
    );
  });

  it('gives a statement failure at fetch time as Flink does, with the SQL error in the trace', async () => {
    const s = await client.openSession();
    const op = await client.executeStatement(s, 'SELECT * FORM orders');
    const failure = await client
      .fetchResults(s, op, 0)
      .then(async () => {
        for await (const page of client.results(s, op, signal)) void page;
        return undefined;
      })
      .catch((e: unknown) => e);
    const f = describeFailure(failure)!;
    assert.equal(f.reason, 'refused');
    assert.equal(f.errorClass, 'org.apache.flink.table.api.SqlParserException');
    assert.match(f.message, /^SQL parse failed\. Encountered "FORM" at line 1, column 10\./);
    assert.deepEqual([f.line, f.column], [1, 10]);
  });

  it('cancel stops a running query and its results can no longer be fetched', async () => {
    const s = await client.openSession();
    await client.configureSession(s, `CREATE TABLE t (x INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100')`);
    const op = await client.executeStatement(s, 'SELECT x FROM t');
    assert.equal(await client.operationStatus(s, op), 'RUNNING');
    assert.equal(await client.cancelOperation(s, op), 'CANCELED');
    await assert.rejects(
      client.fetchResults(s, op, 0),
      (e: GatewayHttpError) => e.status === 500 && /in CANCELED status/.test(e.errors[1]),
    );
    assert.equal(await client.closeOperation(s, op), 'CLOSED');
  });
});

describe('Flink SQL Gateway wire', () => {
  it('names types as Flink summarises them', () => {
    assert.equal(typeName({ type: 'VARCHAR', nullable: true, length: 2147483647 }), 'STRING');
    assert.equal(typeName({ type: 'VARCHAR', nullable: false, length: 10 }), 'VARCHAR(10) NOT NULL');
    assert.equal(typeName({ type: 'DECIMAL', nullable: true, precision: 10, scale: 2 }), 'DECIMAL(10, 2)');
    assert.equal(typeName({ type: 'TIMESTAMP_WITH_LOCAL_TIME_ZONE', nullable: true, precision: 3 }), 'TIMESTAMP_LTZ(3)');
    assert.equal(
      typeName({
        type: 'ROW',
        nullable: true,
        fields: [{ name: 'a', fieldType: { type: 'ARRAY', nullable: true, elementType: { type: 'INTEGER', nullable: true } } }],
      }),
      'ROW<`a` ARRAY<INT>>',
    );
  });

  it('turns maps into key/value lists and binary into hex', () => {
    assert.deepEqual(toCell({ a: 1 }, { type: 'MAP', keyType: { type: 'VARCHAR' }, valueType: { type: 'INTEGER' } }), [
      { key: 'a', value: 1 },
    ]);
    assert.equal(toCell(Buffer.from([10, 27]).toString('base64'), { type: 'VARBINARY' }), "X'0A1B'");
    assert.equal(toCell(null, { type: 'INTEGER' }), null);
  });

  it('reads the SQL error and its position out of the server-side trace', () => {
    const trace =
      '<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n' +
      '\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\n' +
      'Caused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation 1.\n\t... 3 more\n' +
      "Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found\n" +
      '\tat org.apache.flink.table.planner.calcite.FlinkPlannerImpl.validate(FlinkPlannerImpl.scala:200)\n' +
      "Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'nope' not found\n\t... 12 more\n\nEnd of exception on server side>";
    assert.deepEqual(
      traceSegments(trace).map((s) => s.errorClass.split('.').at(-1)),
      ['SqlGatewayException', 'SqlExecutionException', 'ValidationException', 'SqlValidatorException'],
    );
    const f = describeFailure(new GatewayHttpError('GET /v3/x', 500, ['Internal server error.', trace]))!;
    assert.deepEqual([f.reason, f.line, f.column], ['refused', 1, 15]);
    assert.equal(f.message, "SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found");
    assert.equal(describeFailure(new GatewayHttpError('GET /v3/x', 403, ['Forbidden']))!.reason, 'denied');
    assert.equal(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))!.reason, 'unreachable');
  });
});
