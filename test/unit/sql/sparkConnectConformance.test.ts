// Conformance of the emulator's Spark Connect server to the vendored 3.5.3 protocol, on the wire:
// requests are encoded with protobufjs from the .proto files (not with the product's client), and
// every response frame must decode, verify and re-encode to the same bytes (no field the protocol
// does not know); Arrow batches must be Arrow IPC streams with the rows they claim; failures carry
// a google.rpc.Status with Spark's ErrorInfo. So the client is tested against the protocol, not
// against the emulator alone.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { tableFromIPC } from 'apache-arrow';
import * as protobuf from 'protobufjs';
import { decodeStatusDetails } from '../../../src/sql/sparkConnect/errors';
import { SPARK_CONNECT_PROTO, protoRoot } from '../../../src/sql/sparkConnect/protos';
import { SparkConnectServer } from '../../emulator/sparkConnect/server';

const SERVICE = '/spark.connect.SparkConnectService';

describe('sql: the emulator Spark Connect server speaks the vendored protocol (raw frames)', function () {
  this.timeout(60_000);
  let server: SparkConnectServer;
  let raw: grpc.Client;
  let root: protobuf.Root;
  const session = randomUUID();
  const user_context = { user_id: 'conformance' };

  before(async () => {
    const started = await SparkConnectServer.start();
    server = started.server;
    raw = new grpc.Client(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : join(protoRoot(), target));
    await root.load(SPARK_CONNECT_PROTO, { keepCase: true });
  });
  after(async () => {
    raw?.close();
    await server?.stop();
  });

  const type = (name: string) => root.lookupType(`spark.connect.${name}`);
  const encoder = (name: string) => (message: object) => {
    const t = type(name);
    const err = t.verify(message);
    if (err) throw new Error(`${name}: ${err}`);
    return Buffer.from(t.encode(t.fromObject(message)).finish());
  };

  /** Decodes a frame strictly: verified, and re-encoding gives the very bytes received. */
  function conform(name: string, wire: Buffer): any {
    const t = type(name);
    const decoded = t.decode(wire);
    assert.equal(t.verify(decoded), null);
    assert.ok(Buffer.from(t.encode(decoded).finish()).equals(wire), `${name}: re-encoded bytes differ`);
    return t.toObject(decoded, { longs: String, defaults: false, bytes: Buffer });
  }

  function execute(plan: object): Promise<{ frames: any[]; error?: grpc.ServiceError }> {
    return new Promise((resolve) => {
      const frames: any[] = [];
      const request = { session_id: session, user_context, operation_id: randomUUID(), plan };
      const call = raw.makeServerStreamRequest(`${SERVICE}/ExecutePlan`, encoder('ExecutePlanRequest'), (b: Buffer) => b, request);
      call.on('data', (b: Buffer) => frames.push(conform('ExecutePlanResponse', b)));
      call.on('error', (error: grpc.ServiceError) => resolve({ frames, error }));
      call.on('end', () => resolve({ frames }));
    });
  }

  function unary(method: string, requestType: string, responseType: string, request: object): Promise<any> {
    return new Promise((resolve, reject) =>
      raw.makeUnaryRequest(
        `${SERVICE}/${method}`,
        encoder(requestType),
        (b: Buffer) => b,
        request,
        (err, b) => (err ? reject(err) : resolve(conform(responseType, b!))),
      ),
    );
  }

  /** The rows of a relation's frames: schema first, Arrow batches whose columns are the schema's. */
  function rowsOf(frames: any[]): Record<string, unknown>[] {
    const schema = frames.find((f) => f.schema)?.schema;
    assert.ok(schema?.struct, 'a schema (struct) before the rows');
    const names = schema.struct.fields.map((f: any) => f.name);
    const rows: Record<string, unknown>[] = [];
    for (const f of frames.filter((x) => x.arrow_batch)) {
      const table = tableFromIPC(f.arrow_batch.data);
      assert.equal(table.numRows, Number(f.arrow_batch.row_count));
      assert.deepEqual(
        table.schema.fields.map((x) => x.name),
        names,
      );
      for (const r of table.toArray()) rows.push(r.toJSON());
    }
    assert.ok(frames.at(-1).result_complete, 'the stream ends with result_complete');
    for (const f of frames) assert.ok(f.response_id && f.operation_id && f.session_id === session);
    return rows;
  }

  it('answers a SqlCommand query with a sql_command_result relation, and that relation with Arrow batches', async () => {
    const command = await execute({ command: { sql_command: { sql: 'SELECT status, count(*) AS n FROM sales.orders GROUP BY status' } } });
    assert.equal(command.error, undefined);
    const relation = command.frames.find((f) => f.sql_command_result)?.sql_command_result.relation;
    assert.deepEqual(relation, { sql: { query: 'SELECT status, count(*) AS n FROM sales.orders GROUP BY status' } });
    const query = await execute({ root: relation });
    const rows = rowsOf(query.frames);
    assert.deepEqual(rows.map((r) => r.status).sort(), ['cancelled', 'open', 'shipped']);
  });

  it('answers the Catalog relations with the columns of Spark 3.5 Catalog API', async () => {
    const shape = async (catalog: object) => {
      const { frames, error } = await execute({ root: { catalog } });
      assert.equal(error, undefined);
      return { names: frames.find((f) => f.schema).schema.struct.fields.map((f: any) => f.name), rows: rowsOf(frames) };
    };
    assert.deepEqual((await shape({ list_catalogs: {} })).names, ['name', 'description']);
    const dbs = await shape({ list_databases: {} });
    assert.deepEqual(dbs.names, ['name', 'catalog', 'description', 'locationUri']);
    assert.ok(dbs.rows.some((r) => r.name === 'sales'));
    const tables = await shape({ list_tables: { db_name: 'sales' } });
    assert.deepEqual(tables.names, ['name', 'catalog', 'namespace', 'description', 'tableType', 'isTemporary']);
    const columns = await shape({ list_columns: { table_name: 'sales.orders' } });
    assert.deepEqual(columns.names, ['name', 'description', 'dataType', 'nullable', 'isPartition', 'isBucket']);
  });

  it('answers SET with a local relation of (key, value), and Config, Interrupt and ReleaseExecute per the protocol', async () => {
    const set = await execute({ command: { sql_command: { sql: 'SET spark.sql.shuffle.partitions=4' } } });
    const local = set.frames.find((f) => f.sql_command_result)?.sql_command_result.relation.local_relation;
    const table = tableFromIPC(local.data);
    assert.deepEqual(
      table.toArray().map((r) => r.toJSON()),
      [{ key: 'spark.sql.shuffle.partitions', value: '4' }],
    );
    const config = await unary('Config', 'ConfigRequest', 'ConfigResponse', {
      session_id: session,
      user_context,
      operation: { get: { keys: ['spark.sql.shuffle.partitions'] } },
    });
    assert.deepEqual(config.pairs, [{ key: 'spark.sql.shuffle.partitions', value: '4' }]);
    const interrupt = await unary('Interrupt', 'InterruptRequest', 'InterruptResponse', {
      session_id: session,
      user_context,
      interrupt_type: 1, // INTERRUPT_TYPE_ALL
    });
    assert.equal(interrupt.session_id, session);
    const release = await unary('ReleaseExecute', 'ReleaseExecuteRequest', 'ReleaseExecuteResponse', {
      session_id: session,
      user_context,
      operation_id: randomUUID(),
      release_all: {},
    });
    assert.equal(release.session_id, session);
  });

  it("fails with INTERNAL and a google.rpc.Status holding Spark's ErrorInfo, the message with its position", async () => {
    const { frames, error } = await execute({ command: { sql_command: { sql: 'SELECT * FROM sales.nosuch' } } });
    assert.deepEqual(frames, []);
    assert.equal(error?.code, grpc.status.INTERNAL);
    assert.match(error!.details, /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `sales`\.`nosuch` cannot be found\..*; line 1 pos 14;$/s);
    const bin = error!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const [info] = decodeStatusDetails(bin);
    assert.equal(info.domain, 'org.apache.spark');
    assert.equal(info.reason, 'org.apache.spark.sql.AnalysisException');
    assert.deepEqual(JSON.parse(info.metadata.classes), [
      'org.apache.spark.sql.AnalysisException',
      'java.lang.Exception',
      'java.lang.Throwable',
    ]);
  });
});
