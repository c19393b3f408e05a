// Spark SQL on a compute cluster, over Spark Connect (the driver's port 15002, reached through the
// endpoint the caller opens: the product's port-forward or a chosen address).
//
// A SqlSession is one Spark Connect session (its session_id): SET and USE run on the server and
// carry over to the session's next statements, as in spark-sql. A statement runs as PySpark 3.5's
// `spark.sql(text).collect()` (sparkConnect/client.ts): the SqlCommand, then its relation, whose
// Arrow batches stream into rows; the rows promise of the events holds the stream (backpressure).
// Spark 3.5 sends no ExecutionProgress (it came with Spark 4.0 and is not in the 3.5.3 protocol):
// the phases come from what the client sees (submitted, running, fetching with the rows so far).
// Abort interrupts the operation on the server. The catalog is read with the Catalog relations
// (listCatalogs, listDatabases, listTables, listColumns) in a browsing session of its own per target.
import * as l10n from '@vscode/l10n';
import type { SqlCell, SqlColumn } from '../../shared/sql/sqlResult';
import { SparkConnectClient, type ExecuteSqlOptions } from './sparkConnect/client';
import type { SparkValue } from './sparkConnect/arrowRows';
import type { RelationMessage } from './sparkConnect/messages';
import { abortError, sparkRow, sqlErrorOf } from './sparkCells';
import {
  SqlError,
  type SqlCatalogNode,
  type SqlEngine,
  type SqlRunEvents,
  type SqlSession,
  type SqlStatementOutcome,
  type SqlTarget,
} from './sqlEngine';

export interface SparkEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface SparkSqlEngineOptions {
  /** Where the target's Spark Connect server listens (opens the port-forward when needed). */
  endpoint: (target: SqlTarget, signal: AbortSignal) => Promise<SparkEndpoint>;
  /** The user name sent in the session's user context (Spark logs it); `data-clusters` when absent. */
  user?: () => string | undefined;
}

class SparkSqlSession implements SqlSession {
  readonly engine = 'spark' as const;
  private closed = false;

  constructor(
    readonly target: SqlTarget,
    private readonly client: SparkConnectClient,
  ) {}

  async execute(sql: string, events: SqlRunEvents, signal: AbortSignal): Promise<SqlStatementOutcome> {
    if (this.closed) throw new SqlError(l10n.t('The Spark session is closed.'), { reason: 'internal' });
    if (signal.aborted) throw abortError();
    let types: string[] = [];
    let shaped = false;
    let running = false;
    const shape = (columns: readonly SqlColumn[]) => {
      types = columns.map((c) => c.type);
      shaped = true;
      events.shape({ columns, changelog: false });
    };
    events.progress({ phase: 'submitted' });
    const options: ExecuteSqlOptions = {
      signal,
      onProgress: (p) => {
        if (p.phase !== 'query') return;
        if (!running) {
          running = true;
          events.progress({ phase: 'running' });
        }
        // The panel counts the rows itself; the engine adds only what it alone knows.
        if (p.rows > 0)
          events.progress({ phase: 'fetching', ...(p.reattaches ? { detail: l10n.t('stream resumed {0} times', p.reattaches) } : {}) });
      },
      // The result's schema is the query phase's (the SqlCommand phase only names the relation).
      onSchema: (fields) => {
        if (running && !shaped) shape(fields.map((f) => ({ name: f.name, type: f.type })));
      },
      onBatch: (batch) => {
        if (!shaped) shape(batch.fields.map((f) => ({ name: f.name, type: f.type })));
        return events.rows(batch.rows.map((r: SparkValue[]) => sparkRow(r, types)));
      },
    };
    try {
      const result = await this.client.executeSql(sql, options);
      if (result.fields.length === 0) return { kind: 'ok', rowCount: 0, message: l10n.t('OK') };
      if (!shaped) shape(result.fields.map((f) => ({ name: f.name, type: f.type })));
      return { kind: 'rows', rowCount: result.rowCount };
    } catch (err) {
      if (signal.aborted) throw abortError();
      throw sqlErrorOf(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await withTimeout(this.client.interruptAll(), 2_000);
    } catch {
      // The server may be gone already: closing the channel is all that is left to do.
    }
    this.client.close();
  }
}

/** The promise, or a rejection as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The catalog relation of one level of the tree under a cluster. */
function catalogRelation(level: 'catalogs' | 'databases' | 'tables' | 'columns', path: readonly string[]): RelationMessage {
  const quoted = path.map((p) => `\`${p.replace(/`/g, '``')}\``);
  switch (level) {
    case 'catalogs':
      return { catalog: { list_catalogs: {} } };
    case 'databases':
      return { catalog: { list_databases: {} } };
    case 'tables':
      return { catalog: { list_tables: { db_name: quoted.join('.') } } };
    case 'columns':
      return { catalog: { list_columns: { table_name: quoted.join('.') } } };
  }
}

export class SparkSqlEngine implements SqlEngine {
  readonly kind = 'spark' as const;
  /** One browsing session per target (its current catalog is switched while browsing), one call at a time. */
  private readonly browsers = new Map<string, { client: Promise<SparkConnectClient>; queue: Promise<unknown> }>();

  constructor(private readonly opts: SparkSqlEngineOptions) {}

  /** Opens the endpoint (the port-forward), then a Spark session, checked with a Config call (the handshake). */
  async open(target: SqlTarget, signal: AbortSignal): Promise<SqlSession> {
    const client = await this.connect(target, signal);
    try {
      await abortable(client.getConfig(['spark.sql.session.timeZone']), signal);
    } catch (err) {
      client.close();
      if (signal.aborted) throw abortError();
      throw sqlErrorOf(err);
    }
    return new SparkSqlSession(target, client);
  }

  /**
   * `[]` → the catalogs; `[catalog]` → its databases; `[catalog, database]` → its tables and views;
   * `[catalog, database, table]` → the table's columns with their Spark types.
   */
  async catalog(target: SqlTarget, path: readonly string[], signal: AbortSignal): Promise<readonly SqlCatalogNode[]> {
    return this.browse(target, signal, async (client) => {
      const rows = (relation: RelationMessage) => this.collect(client, relation, signal);
      if (path.length === 0) {
        return (await rows(catalogRelation('catalogs', path))).map((r) => ({
          kind: 'catalog' as const,
          name: String(r.name),
          path: [String(r.name)],
        }));
      }
      if (path.length === 1) {
        await this.collect(client, { catalog: { set_current_catalog: { catalog_name: path[0] } } }, signal);
        return (await rows(catalogRelation('databases', path))).map((r) => ({
          kind: 'database' as const,
          name: String(r.name),
          path: [path[0], String(r.name)],
        }));
      }
      if (path.length === 2) {
        return (await rows(catalogRelation('tables', path))).map((r) => {
          const tableType = String(r.tableType ?? '');
          return {
            kind: /VIEW/i.test(tableType) ? ('view' as const) : ('table' as const),
            name: String(r.name),
            detail: tableType.toLowerCase() || undefined,
            path: [path[0], path[1], String(r.name)],
          };
        });
      }
      return (await rows(catalogRelation('columns', path))).map((r) => ({
        kind: 'column' as const,
        name: String(r.name),
        detail: String(r.dataType ?? ''),
      }));
    });
  }

  private async connect(target: SqlTarget, signal: AbortSignal): Promise<SparkConnectClient> {
    let endpoint: SparkEndpoint;
    try {
      endpoint = await this.opts.endpoint(target, signal);
    } catch (err) {
      if (signal.aborted) throw abortError();
      if (err instanceof SqlError) throw err;
      throw new SqlError(err instanceof Error ? err.message : String(err), { reason: 'unreachable' });
    }
    if (signal.aborted) throw abortError();
    const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
    return new SparkConnectClient({ target: `${host}:${endpoint.port}`, userId: this.opts.user?.() || undefined });
  }

  private browse<T>(target: SqlTarget, signal: AbortSignal, work: (client: SparkConnectClient) => Promise<T>): Promise<T> {
    const key = `${target.kind}/${target.namespace}/${target.name}`;
    let browser = this.browsers.get(key);
    if (!browser) {
      const client = this.connect(target, signal);
      browser = { client, queue: Promise.resolve() };
      this.browsers.set(key, browser);
      client.catch(() => this.browsers.delete(key));
    }
    const b = browser;
    const run = b.queue.then(async () => work(await b.client));
    b.queue = run.catch(() => undefined);
    return run.catch((err: unknown) => {
      if (signal.aborted) throw abortError();
      const error = sqlErrorOf(err);
      // A broken connection is not kept: the next call opens a new one (a new port-forward).
      if (error.details.reason === 'unreachable' && this.browsers.get(key) === b) {
        this.browsers.delete(key);
        void b.client.then((c) => c.close()).catch(() => undefined);
      }
      throw error;
    });
  }

  private async collect(client: SparkConnectClient, relation: RelationMessage, signal: AbortSignal): Promise<Record<string, SqlCell>[]> {
    const out: Record<string, SqlCell>[] = [];
    await client.executeRelation(relation, {
      signal,
      onBatch: (batch) => {
        const types = batch.fields.map((f) => f.type);
        for (const row of batch.rows) {
          const cells = sparkRow(row, types);
          out.push(Object.fromEntries(batch.fields.map((f, i) => [f.name, cells[i]])));
        }
      },
    });
    return out;
  }

  /** Closes the browsing sessions (the editors' sessions are closed by their owners). */
  dispose(): void {
    for (const b of this.browsers.values()) void b.client.then((c) => c.close()).catch(() => undefined);
    this.browsers.clear();
  }
}
