// The emulator's Spark Connect server: `spark.connect.SparkConnectService` from the vendored 3.5.3
// protos, answering ExecutePlan / ReattachExecute / ReleaseExecute / Interrupt / Config with a real
// SQL engine (DuckDB, engine.ts). A statement runs as Spark 3.5 runs `spark.sql`: the SqlCommand is
// analysed (a query) or run eagerly (a command) and answered with a `sql_command_result` relation;
// executing that relation streams the schema, Arrow batches and `result_complete`.
//
// The Catalog relations (listCatalogs, listDatabases, listTables, listColumns) are answered from
// DuckDB's information_schema (catalog.ts). The emulator's driver pods serve one server each on
// their `spark-connect` port 15002 (controllers/portForward.ts).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { tableFromIPC, type DataType as ArrowType } from 'apache-arrow';
import { DuckDBPendingResultState, type DuckDBConnection } from '@duckdb/node-api';
import { sparkConnectService } from '../../../src/sql/sparkConnect/protos';
import { codecOf, encodeBatch, sparkSchema, type ColumnCodec } from './arrowEncode';
import { SESSION_CATALOG, catalogNotFound, catalogRelation, nameParts, schemaExists, schemaNotFound, str } from './catalog';
import { SqlEngine, isQuery, translateSql } from './engine';
import { Operation, type Response } from './operation';
import { grpcError, type ErrorDetailStyle } from './sparkErrors';

/** Rows per Arrow batch (Spark cuts batches at spark.connect.grpc.arrow.maxBatchSize, 4 MiB). */
const BATCH_ROWS = 16_384;

const DEFAULT_CONF: Record<string, string> = {
  'spark.app.name': 'Spark Connect server',
  'spark.sql.session.timeZone': 'UTC',
  'spark.sql.ansi.enabled': 'false',
  'spark.sql.shuffle.partitions': '200',
};

export interface SparkConnectServerOptions {
  /** What the ErrorInfo of an error carries: Spark 3.5's (default) or Spark 4's richer metadata. */
  errorDetails?: ErrorDetailStyle;
}

type Unary = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => void;

export class SparkConnectServer {
  private readonly server = new grpc.Server();
  private readonly operations = new Map<string, Operation>();
  private readonly conf = new Map<string, Map<string, string>>();
  /** Each session's current database (USE), set on every connection its operations open. */
  private readonly schemas = new Map<string, string>();
  private readonly detailStyle: ErrorDetailStyle;
  /** Fault injection: the next query's ExecutePlan stream drops (UNAVAILABLE) after this many responses. */
  dropNextStreamAfter: number | undefined;
  /** Emits `operation` (id, sql) when an ExecutePlan operation is registered and running. */
  readonly events = new EventEmitter();
  private stopping: Promise<void> | undefined;
  /** Connections being opened or released: stop waits for them before it closes DuckDB. */
  private readonly connecting = new Set<Promise<unknown>>();

  private constructor(
    private readonly engine: SqlEngine,
    options: SparkConnectServerOptions,
  ) {
    this.detailStyle = options.errorDetails ?? 'spark35';
  }

  static async start(options: SparkConnectServerOptions = {}): Promise<{ server: SparkConnectServer; port: number }> {
    const server = new SparkConnectServer(await SqlEngine.create(), options);
    const port = await server.listen();
    return { server, port };
  }

  private listen(): Promise<number> {
    const unimplemented: Unary = (_call, cb) => cb({ code: grpc.status.UNIMPLEMENTED, details: 'Not served by the emulator.' });
    const service = sparkConnectService();
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const name of Object.keys(service)) handlers[name] = unimplemented;
    Object.assign(handlers, {
      ExecutePlan: (call: grpc.ServerWritableStream<any, Response>) => this.executePlan(call),
      ReattachExecute: (call: grpc.ServerWritableStream<any, Response>) => this.reattach(call),
      ReleaseExecute: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => this.releaseExecute(call, cb),
      Interrupt: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => this.interrupt(call, cb),
      Config: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => this.config(call, cb),
    });
    this.server.addService(service, handlers);
    return new Promise((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  /**
   * Stops serving: every operation is interrupted and released (each waits for its DuckDB work to
   * settle before closing its connection), the gRPC server shuts down, and only then is DuckDB
   * closed. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.server.forceShutdown();
    const ops = [...this.operations.values()];
    this.operations.clear();
    await Promise.all([...ops.map((op) => op.release()), ...this.connecting]);
    this.engine.close();
  }

  private sessionConf(sessionId: string): Map<string, string> {
    let conf = this.conf.get(sessionId);
    if (!conf) this.conf.set(sessionId, (conf = new Map(Object.entries(DEFAULT_CONF))));
    return conf;
  }

  private async executePlan(call: grpc.ServerWritableStream<any, Response>): Promise<void> {
    const request = call.request;
    const sessionId: string = request.session_id;
    const operationId: string = request.operation_id || randomUUID();
    if (this.operations.has(operationId)) {
      call.emit('error', { code: grpc.status.ALREADY_EXISTS, details: `[INVALID_HANDLE.OPERATION_ALREADY_EXISTS] ${operationId}` });
      return;
    }
    if (this.stopping) {
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'The server is stopping.' });
      return;
    }
    const opening = this.engine.connect();
    this.connecting.add(opening);
    const connection = await opening.finally(() => this.connecting.delete(opening));
    if (this.stopping) {
      connection.closeSync();
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'The server is stopping.' });
      return;
    }
    const schema = this.schemas.get(sessionId);
    if (schema) await connection.run(`USE "${schema.replace(/"/g, '""')}"`).catch(() => this.schemas.delete(sessionId));
    const plan = request.plan ?? {};
    const sql: string = plan.command?.sql_command?.sql ?? plan.root?.sql?.query ?? '';
    const produce = plan.command?.sql_command
      ? (op: Operation) => this.sqlCommand(op, connection, sql)
      : plan.root?.sql
        ? (op: Operation) => this.query(op, connection, sql, sessionId)
        : plan.root?.local_relation
          ? (_op: Operation) => this.localRelation(plan.root.local_relation.data)
          : plan.root?.catalog
            ? (_op: Operation) => catalogRelation(plan.root.catalog, connection, this.timeZone(sessionId))
            : undefined;
    if (!produce) {
      connection.closeSync();
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'The emulator runs SQL and catalog plans only.' });
      return;
    }
    const op = new Operation(operationId, sessionId, sql, connection, produce, this.detailStyle);
    if (plan.root) {
      op.dropAfter = this.dropNextStreamAfter;
      this.dropNextStreamAfter = undefined;
    }
    this.operations.set(operationId, op);
    this.events.emit('operation', operationId, sql);
    const reattachable = (request.request_options ?? []).some((o: any) => o.reattach_options?.reattachable);
    await op.attach(call);
    if (!reattachable && !op.running) this.release(operationId);
  }

  private async reattach(call: grpc.ServerWritableStream<any, Response>): Promise<void> {
    const op = this.operations.get(call.request.operation_id);
    if (!op || op.sessionId !== call.request.session_id) {
      call.emit('error', { code: grpc.status.NOT_FOUND, details: `[INVALID_HANDLE.OPERATION_NOT_FOUND] ${call.request.operation_id}` });
      return;
    }
    await op.attach(call, call.request.last_response_id);
  }

  private release(operationId: string): void {
    const op = this.operations.get(operationId);
    this.operations.delete(operationId);
    if (!op) return;
    const releasing = op.release().finally(() => this.connecting.delete(releasing));
    this.connecting.add(releasing);
  }

  private releaseExecute(call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>): void {
    if (call.request.release_all) this.release(call.request.operation_id);
    cb(null, { session_id: call.request.session_id, operation_id: call.request.operation_id });
  }

  private interrupt(call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>): void {
    const { session_id: sessionId, interrupt_type: type, operation_id: operationId } = call.request;
    const interrupted: string[] = [];
    for (const op of this.operations.values()) {
      if (op.sessionId !== sessionId || !op.running) continue;
      if (type === 'INTERRUPT_TYPE_ALL' || (type === 'INTERRUPT_TYPE_OPERATION_ID' && op.id === operationId)) {
        op.interrupt();
        interrupted.push(op.id);
      }
    }
    cb(null, { session_id: sessionId, interrupted_ids: interrupted });
  }

  private config(call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>): void {
    const conf = this.sessionConf(call.request.session_id);
    const op = call.request.operation ?? {};
    const pair = (key: string) => ({ key, ...(conf.has(key) ? { value: conf.get(key) } : {}) });
    const reply = (pairs: { key: string; value?: string }[] = []) => cb(null, { session_id: call.request.session_id, pairs, warnings: [] });
    if (op.set) {
      for (const p of op.set.pairs ?? []) conf.set(p.key, p.value ?? '');
      reply();
    } else if (op.get) {
      const missing = (op.get.keys ?? []).find((k: string) => !conf.has(k));
      if (missing !== undefined) {
        const err = {
          errorClass: 'SQL_CONF_NOT_FOUND',
          message: `[SQL_CONF_NOT_FOUND] The SQL config "${missing}" cannot be found. Please verify that the config exists.`,
          messageParameters: { sqlConf: `"${missing}"` },
          sqlState: '42K0I',
          exceptionClass: 'org.apache.spark.SparkNoSuchElementException',
        };
        cb(grpcError(err, this.detailStyle));
      } else reply((op.get.keys ?? []).map(pair));
    } else if (op.get_option) reply((op.get_option.keys ?? []).map(pair));
    else if (op.get_all) reply([...conf.keys()].filter((k) => k.startsWith(op.get_all.prefix ?? '')).map(pair));
    else if (op.unset) {
      for (const k of op.unset.keys ?? []) conf.delete(k);
      reply();
    } else cb({ code: grpc.status.UNIMPLEMENTED, details: 'Config operation not served by the emulator.' });
  }

  /** SqlCommand: a query is checked (bound) and answered with `Relation.sql`; a command runs now. */
  private async *sqlCommand(op: Operation, connection: DuckDBConnection, sql: string): AsyncGenerator<Response> {
    const set = /^\s*SET(?:\s+([^]*?))?\s*;?\s*$/i.exec(sql);
    if (set) {
      yield this.setCommand(op.sessionId, set[1]);
      return;
    }
    const use = /^\s*USE\s+(?:(?:DATABASE|SCHEMA|NAMESPACE)\s+)?([^]+?)\s*;?\s*$/i.exec(sql);
    if (use) {
      const parts = nameParts(use[1]);
      if (parts.length === 2 && parts[0] !== SESSION_CATALOG) throw catalogNotFound(parts[0]);
      const db = parts[parts.length - 1];
      if (parts.length > 2 || !(await schemaExists(connection, db))) throw schemaNotFound(parts);
      this.schemas.set(op.sessionId, db);
      yield { sql_command_result: { relation: { local_relation: {} } } };
      return;
    }
    const duckSql = translateSql(sql);
    if (isQuery(sql)) {
      await connection.prepare(duckSql); // parse + bind: unknown tables and columns fail here, as in Spark
      yield { sql_command_result: { relation: { sql: { query: sql } } } };
      return;
    }
    const result = await connection.runAndReadAll(duckSql);
    const names = result.columnNames();
    const codecs = result.columnTypes().map((t) => codecOf(t, this.timeZone(op.sessionId)));
    const data = names.length ? encodeBatch(names, codecs, result.getColumns()) : undefined;
    yield { sql_command_result: { relation: { local_relation: data ? { data: Buffer.from(data) } : {} } } };
  }

  /** Spark's SET: `SET k=v` sets a session conf, `SET k` reads one, `SET` lists them; rows of (key, value). */
  private setCommand(sessionId: string, what: string | undefined): Response {
    const conf = this.sessionConf(sessionId);
    let rows: [string, string][];
    const assign = /^([^=]+?)\s*=\s*([^]*)$/.exec(what ?? '');
    if (!what) rows = [...conf.entries()].sort(([a], [b]) => a.localeCompare(b));
    else if (assign) {
      conf.set(assign[1].trim(), assign[2].trim());
      rows = [[assign[1].trim(), assign[2].trim()]];
    } else rows = [[what.trim(), conf.get(what.trim()) ?? '<undefined>']];
    const data = encodeBatch(['key', 'value'], [str, str], [rows.map((r) => r[0]), rows.map((r) => r[1])]);
    return { sql_command_result: { relation: { local_relation: { data: Buffer.from(data) } } } };
  }

  /** Relation.sql: the schema, then Arrow batches of at most BATCH_ROWS rows, read from DuckDB as they are sent. */
  private async *query(op: Operation, connection: DuckDBConnection, sql: string, sessionId: string): AsyncGenerator<Response> {
    // Run the query task by task, so that an interrupt stops it whenever it comes (even before DuckDB
    // started executing, when DuckDB's own interrupt would find nothing to stop).
    const started = await connection.startStream(translateSql(sql));
    for (let tasks = 1; ; tasks++) {
      if (op.wasInterrupted) {
        // DuckDB cancels a pending query's tasks (its worker threads included) when a task run sees
        // the interrupt: interrupt now that the query is active, and let one task run see it.
        connection.interrupt();
        try {
          started.runTask();
        } catch {
          // The interrupt, as expected.
        }
        throw new Error('INTERRUPT Error: Interrupted!');
      }
      const state = started.runTask();
      if (state === DuckDBPendingResultState.RESULT_READY) break;
      if (state === DuckDBPendingResultState.NO_TASKS_AVAILABLE) await new Promise((r) => setTimeout(r, 1));
      else if (tasks % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    const result = await started.getResult();
    const names = result.columnNames();
    const codecs: ColumnCodec[] = result.columnTypes().map((t) => codecOf(t, this.timeZone(sessionId)));
    yield { schema: sparkSchema(names, codecs) };
    let columns: unknown[][] = names.map(() => []);
    let pending = 0;
    let sentAny = false;
    const flush = (): Response => {
      const data = encodeBatch(names, codecs, columns);
      const response = { arrow_batch: { row_count: String(pending), data: Buffer.from(data) } };
      columns = names.map(() => []);
      pending = 0;
      sentAny = true;
      return response;
    };
    for (;;) {
      if (op.wasInterrupted) throw new Error('INTERRUPT Error: Interrupted!');
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      chunk.getColumns().forEach((values, i) => {
        for (const v of values) columns[i].push(v);
      });
      pending += chunk.rowCount;
      if (pending >= BATCH_ROWS) yield flush();
    }
    if (pending > 0 || !sentAny) yield flush();
  }

  /** Relation.local_relation (a command's rows): sent back as it came, with its schema. */
  private async *localRelation(data: Buffer | undefined): AsyncGenerator<Response> {
    if (!data?.length) return;
    const table = tableFromIPC(data);
    const fields = table.schema.fields.map((f) => ({ name: f.name, data_type: sparkTypeOfArrow(f.type), nullable: f.nullable }));
    yield { schema: { struct: { fields } } };
    yield { arrow_batch: { row_count: String(table.numRows), data } };
  }

  private timeZone(sessionId: string): string {
    return this.sessionConf(sessionId).get('spark.sql.session.timeZone') ?? 'UTC';
  }
}

/** The Spark DataType of an Arrow type the emulator produced (arrowEncode.ts's types only). */
function sparkTypeOfArrow(type: ArrowType): Record<string, unknown> {
  const t = type as any;
  const name = String(type);
  if (name === 'Bool') return { boolean: {} };
  if (/^Int8$/.test(name)) return { byte: {} };
  if (/^Int16$/.test(name)) return { short: {} };
  if (/^Int32$/.test(name)) return { integer: {} };
  if (/^Int64$/.test(name)) return { long: {} };
  if (/^Float32$/.test(name)) return { float: {} };
  if (/^Float64$/.test(name)) return { double: {} };
  if (/^Decimal/.test(name)) return { decimal: { precision: t.precision, scale: t.scale } };
  if (/^Date/.test(name)) return { date: {} };
  if (/^Timestamp/.test(name)) return t.timezone ? { timestamp: {} } : { timestamp_ntz: {} };
  if (/^Binary/.test(name)) return { binary: {} };
  return { string: {} };
}
