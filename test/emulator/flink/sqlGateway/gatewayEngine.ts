import { randomUUID } from 'node:crypto';
import { TableDef, Value, colType, typeText } from './datagen';
import { OutRow, QueryPlan } from './query';
import { SqlSyntaxError, SqlValidationError, Statement, Token, parse } from './sqlParse';

/** A Java exception as the gateway's stack trace names it. */
export class JavaError extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
    readonly javaCause?: JavaError,
  ) {
    super(message);
  }
}

const STRING = { type: 'VARCHAR', nullable: true, length: 2147483647 };
const col = (name: string, logicalType: Record<string, unknown> = STRING) => ({ name, logicalType, comment: null });

export interface OpResult {
  readonly columns: { name: string; logicalType: Record<string, unknown>; comment: null }[];
  readonly isQuery: boolean;
  readonly kind: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  readonly jobId?: string;
}

/** Rows buffered by an operation until fetched; a running query refills it on a timer. */
export class Operation {
  readonly id = randomUUID();
  status: 'RUNNING' | 'FINISHED' | 'ERROR' | 'CANCELED' | 'CLOSED' = 'RUNNING';
  result?: OpResult;
  error?: JavaError;
  buffer: OutRow[] = [];
  /** The last batch handed out, for a repeated fetch of the same token. */
  prev: { token: number; rows: OutRow[] } = { token: -1, rows: [] };
  token = 0;
  finished = false;
  private timer?: NodeJS.Timeout;

  constructor(readonly readyAt: number) {}

  get ready(): boolean {
    return Date.now() >= this.readyAt;
  }

  /** Runs the plan on a timer at its source's rate; `discard` drops the output (an INSERT's sink). */
  run(plan: QueryPlan, cap: number, discard = false): void {
    const started = this.readyAt;
    let consumed = 0;
    const tick = () => {
      if (this.status !== 'RUNNING') return this.stop();
      const rps = plan.source?.rowsPerSecond ?? 1;
      const due = plan.source ? Math.floor((rps * Math.max(0, Date.now() - started)) / 1000) - consumed : 1;
      const n = Math.max(0, Math.min(due, cap - this.buffer.length));
      if (n > 0) {
        consumed += n;
        const out = plan.step(n);
        if (!discard) for (const r of out) this.buffer.push(r);
      }
      if (plan.done) {
        this.finished = true;
        this.status = 'FINISHED';
        this.stop();
      }
    };
    this.timer = setInterval(tick, 10);
    setTimeout(tick, Math.max(0, started - Date.now()));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

interface Catalog {
  readonly databases: Map<string, Map<string, TableDef>>;
}

const KNOWN_CONFIG: Record<string, string> = {
  'execution.runtime-mode': 'streaming',
  'sql-gateway.endpoint.rest.address': '0.0.0.0',
  'sql-gateway.endpoint.rest.port': '8083',
  'table.dml-sync': 'false',
};

/**
 * A gateway session: its catalogs (Flink's in-memory `default_catalog`, one per session as the
 * gateway keeps them), current catalog and database, configuration, and operations.
 */
export class GatewaySession {
  readonly id = randomUUID();
  readonly catalogs = new Map<string, Catalog>([['default_catalog', { databases: new Map([['default_database', new Map()]]) }]]);
  catalog = 'default_catalog';
  database = 'default_database';
  readonly config: Record<string, string>;
  readonly operations = new Map<string, Operation>();
  /** INSERT jobs: they run on after their statement; the emulator stops them with the session. */
  readonly running: Operation[] = [];
  lastAccess = Date.now();

  constructor(
    properties: Record<string, string>,
    private readonly jobs: { submit(name: string, bounded?: { records: number; rate: number }): string },
    private seed: number,
  ) {
    this.config = { ...KNOWN_CONFIG, ...properties };
  }

  close(): void {
    for (const job of this.running.splice(0)) job.stop();
    for (const op of this.operations.values()) op.stop();
    this.operations.clear();
  }

  /** Submits a statement: parsed and validated now, its failure held for the first fetch as Flink's operations do. */
  submit(sql: string, onlyConfigure = false): Operation {
    const op = new Operation(Date.now() + 15);
    this.operations.set(op.id, op);
    try {
      const stmt = parse(sql);
      if (onlyConfigure && (stmt.kind === 'select' || stmt.kind === 'show' || stmt.kind === 'describe'))
        throw new JavaError(
          'org.apache.flink.table.gateway.service.utils.SqlExecutionException',
          `Unsupported statement type for configure-session: ${sql}`,
        );
      this.execute(stmt, op);
    } catch (e) {
      op.status = 'ERROR';
      op.error = javaError(e, op.id);
    }
    return op;
  }

  private execute(s: Statement, op: Operation): void {
    const ok = () => {
      op.result = { columns: [col('result')], isQuery: false, kind: 'SUCCESS' };
      op.buffer = [{ kind: 'INSERT', fields: ['OK'] }];
      op.finished = true;
      op.status = 'FINISHED';
    };
    const content = (columns: OpResult['columns'], rows: Value[][]) => {
      op.result = { columns, isQuery: false, kind: 'SUCCESS_WITH_CONTENT' };
      op.buffer = rows.map((fields) => ({ kind: 'INSERT', fields }));
      op.finished = true;
      op.status = 'FINISHED';
    };
    switch (s.kind) {
      case 'show':
        if (s.what === 'CATALOGS')
          return content(
            [col('catalog name')],
            [...this.catalogs.keys()].sort().map((c) => [c]),
          );
        if (s.what === 'DATABASES')
          return content(
            [col('database name')],
            [...this.cat().databases.keys()].sort().map((d) => [d]),
          );
        if (s.what === 'TABLES')
          return content(
            [col('table name')],
            [...this.db().keys()].sort().map((t) => [t]),
          );
        if (s.what === 'VIEWS') return content([col('view name')], []);
        if (s.what === 'CURRENT CATALOG') return content([col('current catalog name')], [[this.catalog]]);
        if (s.what === 'CURRENT DATABASE') return content([col('current database name')], [[this.database]]);
        return content([col('job id'), col('job name'), col('status'), col('start time')], []);
      case 'useCatalog':
        if (!this.catalogs.has(s.name))
          throw new JavaError(
            'org.apache.flink.table.catalog.exceptions.CatalogException',
            `A catalog with name [${s.name}] does not exist.`,
          );
        this.catalog = s.name;
        this.database = [...this.cat().databases.keys()][0] ?? 'default_database';
        return ok();
      case 'useDatabase': {
        const [c, d] = s.path.length > 1 ? s.path : [this.catalog, s.path[0]];
        if (!this.catalogs.get(c)?.databases.has(d))
          throw new JavaError(
            'org.apache.flink.table.catalog.exceptions.CatalogException',
            `A database with name [${d}] does not exist in the catalog: [${c}].`,
          );
        this.catalog = c;
        this.database = d;
        return ok();
      }
      case 'set':
        if (s.key === undefined)
          return content(
            [col('key'), col('value')],
            Object.entries(this.config).sort(([a], [b]) => a.localeCompare(b)),
          );
        this.config[s.key] = s.value!;
        return ok();
      case 'reset':
        if (s.key === undefined) for (const k of Object.keys(this.config)) delete this.config[k];
        else delete this.config[s.key];
        Object.assign(this.config, Object.fromEntries(Object.entries(KNOWN_CONFIG).filter(([k]) => !(k in this.config))));
        return ok();
      case 'createDatabase': {
        const [c, d] = s.path.length > 1 ? s.path : [this.catalog, s.path[0]];
        const cat = this.catalogs.get(c);
        if (!cat) throw new SqlValidationError(`Catalog ${c} does not exist`);
        if (cat.databases.has(d) && !s.ifNotExists)
          throw new JavaError(
            'org.apache.flink.table.api.ValidationException',
            `Could not execute CREATE DATABASE: (catalogDatabase: [{}], catalogName: [${c}], databaseName: [${d}], ignoreIfExists: [false])`,
          );
        if (!cat.databases.has(d)) cat.databases.set(d, new Map());
        return ok();
      }
      case 'createTable': {
        const { db, name } = this.resolve(s.path);
        if (db.has(name) && !s.ifNotExists)
          throw new JavaError(
            'org.apache.flink.table.api.ValidationException',
            `Could not execute CreateTable in path \`${this.catalog}\`.\`${this.database}\`.\`${name}\``,
            new JavaError(
              'org.apache.flink.table.catalog.exceptions.TableAlreadyExistException',
              `Table (or view) ${this.database}.${name} already exists in Catalog ${this.catalog}.`,
            ),
          );
        const columns = s.columns.map((c) => ({
          name: c.name,
          sqlType: c.type,
          type: colType(c.type, c.notNull || (s.primaryKey ?? []).includes(c.name)),
        }));
        if (!db.has(name)) db.set(name, { name, columns, primaryKey: s.primaryKey, options: s.options });
        return ok();
      }
      case 'dropTable': {
        const { db, name } = this.resolve(s.path);
        if (!db.delete(name) && !s.ifExists)
          throw new SqlValidationError(`Table with identifier '${this.catalog}.${this.database}.${name}' does not exist.`);
        return ok();
      }
      case 'describe': {
        const t = this.table(s.path, s.pathToken, s.endToken);
        const pk = t.primaryKey ?? [];
        return content(
          [col('name'), col('type'), col('null', { type: 'BOOLEAN', nullable: true }), col('key'), col('extras'), col('watermark')],
          t.columns.map((c) => [
            c.name,
            typeText({ ...c.type, nullable: true }),
            c.type.nullable,
            pk.includes(c.name) ? `PRI(${pk.join(', ')})` : null,
            null,
            null,
          ]),
        );
      }
      case 'insert': {
        // table.dml-sync is false: the statement answers with the job id at once and the job runs on.
        const sink = this.table(s.path, s.pathToken, s.endToken);
        const connector = sink.options.connector;
        if (connector !== 'blackhole' && connector !== 'print')
          throw new SqlValidationError(`Connector '${connector ?? ''}' can only be used as a source. It cannot be used as a sink.`);
        const source = s.query.from ? this.table(s.query.from.path, s.query.from.tok, s.query.from.end) : undefined;
        const plan = new QueryPlan(s.query, source, ++this.seed);
        if (plan.columns.length !== sink.columns.length)
          throw new SqlValidationError(
            `Column types of query result and sink for '${this.catalog}.${this.database}.${sink.name}' do not match.\nCause: Different number of columns.`,
          );
        const jobId = this.jobs.submit(`insert-into_${this.catalog}.${this.database}.${sink.name}`, bounded(plan));
        const job = new Operation(Date.now());
        job.run(plan, 5000, true);
        this.running.push(job);
        op.result = { columns: [col('job id')], isQuery: false, kind: 'SUCCESS_WITH_CONTENT', jobId };
        op.buffer = [{ kind: 'INSERT', fields: [jobId] }];
        op.finished = true;
        op.status = 'FINISHED';
        return;
      }
      case 'select': {
        const table = s.from ? this.table(s.from.path, s.from.tok, s.from.end) : undefined;
        const plan = new QueryPlan(s, table, ++this.seed);
        if (this.config['execution.runtime-mode'] === 'batch' && plan.source && plan.source.total === undefined)
          throw new SqlValidationError(
            `Querying an unbounded table '${this.catalog}.${this.database}.${table!.name}' in batch mode is not allowed. The table source is unbounded.`,
          );
        op.result = {
          columns: plan.wireColumns,
          isQuery: true,
          kind: 'SUCCESS_WITH_CONTENT',
          jobId: this.jobs.submit('collect', bounded(plan)),
        };
        op.run(plan, 5000);
        return;
      }
    }
  }

  private cat(): Catalog {
    return this.catalogs.get(this.catalog)!;
  }

  private db(): Map<string, TableDef> {
    return this.cat().databases.get(this.database)!;
  }

  private resolve(path: readonly string[]): { db: Map<string, TableDef>; name: string } {
    const name = path[path.length - 1];
    const d = path.length >= 2 ? path[path.length - 2] : this.database;
    const c = path.length >= 3 ? path[0] : this.catalog;
    const db = this.catalogs.get(c)?.databases.get(d);
    if (!db) throw new SqlValidationError(`Catalog ${c} or database ${d} does not exist`);
    return { db, name };
  }

  private table(path: readonly string[], from: Token, to: Token): TableDef {
    let t: TableDef | undefined;
    try {
      const r = this.resolve(path);
      t = r.db.get(r.name);
    } catch {
      t = undefined;
    }
    if (!t) throw new SqlValidationError(`Object '${path[path.length - 1]}' not found`, { from, to });
    return t;
  }
}

/** A bounded source's size and rate, so the job on the cluster finishes when the query does. */
const bounded = (plan: QueryPlan) =>
  plan.source?.total !== undefined ? { records: plan.source.total, rate: plan.source.rowsPerSecond } : undefined;

/** What the gateway's trace says for each failure: Flink's exception classes and wording. */
function javaError(e: unknown, op: string): JavaError {
  let cause: JavaError;
  if (e instanceof JavaError) cause = e;
  else if (e instanceof SqlSyntaxError)
    cause = new JavaError('org.apache.flink.table.api.SqlParserException', `SQL parse failed. ${e.message}`);
  else if (e instanceof SqlValidationError)
    cause = new JavaError('org.apache.flink.table.api.ValidationException', `SQL validation failed. ${e.message}`);
  else cause = new JavaError('java.lang.RuntimeException', (e as Error).message);
  return new JavaError(
    'org.apache.flink.table.gateway.service.utils.SqlExecutionException',
    `Failed to execute the operation ${op}.`,
    cause,
  );
}
