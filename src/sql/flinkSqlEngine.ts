import * as l10n from '@vscode/l10n';
import type { SqlCell, SqlResultShape } from '../../shared/sql/sqlResult';
import { FlinkGatewayClient, abortError } from './flinkGateway/gatewayClient';
import { describeFailure } from './flinkGateway/gatewayErrors';
import { toColumns, toRows } from './flinkGateway/gatewayWire';
import { PortForwardError } from '../kube/portForwardError';
import { SqlCatalogNode, SqlEngine, SqlError, SqlRunEvents, SqlSession, SqlStatementOutcome, SqlTarget } from './sqlEngine';

export interface FlinkSqlEngineOptions {
  /** The SQL Gateway of a session cluster: `http://127.0.0.1:<port>` of the forward to its 8083. */
  readonly endpoint: (target: SqlTarget, signal: AbortSignal) => Promise<{ baseUrl: string }>;
  /** Waits between fetches while a result has nothing new: first and longest (ms). */
  readonly pollMs?: readonly [number, number];
  /** How often an open session tells the gateway it is still used (ms); 0 turns it off. */
  readonly heartbeatMs?: number;
}

/** A gateway failure as the engine's refusal (SqlError), an abort as an AbortError. */
export function flinkError(e: unknown): Error {
  if (e instanceof SqlError) return e;
  const f = describeFailure(e);
  if (!f) return abortError();
  return new SqlError(f.message, { errorClass: f.errorClass, line: f.line, column: f.column, reason: f.reason });
}

/** The way to the gateway failed (the port-forward): RBAC refusals are `denied`, the rest `unreachable`, in the forward's words. */
function endpointError(e: unknown): Error {
  if ((e as Error)?.name === 'AbortError' || e instanceof SqlError) return e as Error;
  const message = e instanceof Error ? e.message : String(e);
  const denied = e instanceof PortForwardError && (e.reason === 'Forbidden' || e.reason === 'Unauthorized');
  return new SqlError(message, { reason: denied ? 'denied' : 'unreachable' });
}

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * Flink SQL over the session cluster's SQL Gateway: a gateway session per SqlSession (SET and USE
 * carry over server side), each statement an operation whose results are fetched by token until
 * end of stream. A query's result is a changelog (`+I/-U/+U/-D`) in streaming mode; a statement
 * that runs as a job tells its job id. Cancel cancels and closes the operation.
 */
export class FlinkSqlEngine implements SqlEngine {
  readonly kind = 'flink' as const;

  constructor(private readonly opts: FlinkSqlEngineOptions) {}

  async open(target: SqlTarget, signal: AbortSignal): Promise<SqlSession> {
    let baseUrl: string;
    try {
      ({ baseUrl } = await this.opts.endpoint(target, signal));
    } catch (e) {
      throw endpointError(e);
    }
    try {
      const client = new FlinkGatewayClient({ baseUrl, pollMs: this.opts.pollMs });
      try {
        const handle = await client.openSession({ sessionName: `data-clusters-${target.name}` }, signal);
        const config = await client.sessionConfig(handle, signal);
        return new FlinkSqlSession(target, client, handle, config, this.opts.heartbeatMs ?? 60_000);
      } catch (e) {
        client.dispose();
        throw e;
      }
    } catch (e) {
      throw flinkError(e);
    }
  }

  /**
   * Catalogs, their databases, tables and views, and a table's columns, read in a session of its
   * own (`USE` then `SHOW`/`DESCRIBE`) so browsing never changes an editor's current database.
   */
  async catalog(target: SqlTarget, path: readonly string[], signal: AbortSignal): Promise<readonly SqlCatalogNode[]> {
    const session = (await this.open(target, signal)) as FlinkSqlSession;
    try {
      const names = async (sql: string) => (await session.query(sql, signal)).map((r) => String(r[0]));
      if (path.length === 0) return (await names('SHOW CATALOGS')).map((name) => ({ kind: 'catalog', name, path: [name] }));
      if (path.length === 1) {
        await session.query(`USE CATALOG ${quote(path[0])}`, signal);
        return (await names('SHOW DATABASES')).map((name) => ({ kind: 'database', name, path: [path[0], name] }));
      }
      if (path.length === 2) {
        await session.query(`USE ${quote(path[0])}.${quote(path[1])}`, signal);
        const views = new Set(await names('SHOW VIEWS'));
        const tables = await names('SHOW TABLES');
        return tables.map((name) => ({ kind: views.has(name) ? 'view' : 'table', name, path: [...path, name] }));
      }
      const rows = await session.query(`DESCRIBE ${path.map(quote).join('.')}`, signal);
      return rows.map((r) => ({ kind: 'column', name: String(r[0]), detail: String(r[1]) + (r[2] === false ? ' NOT NULL' : '') }));
    } finally {
      await session.close();
    }
  }
}

class FlinkSqlSession implements SqlSession {
  readonly engine = 'flink' as const;
  private closed = false;
  private readonly heartbeat?: NodeJS.Timeout;

  constructor(
    readonly target: SqlTarget,
    private readonly client: FlinkGatewayClient,
    private readonly handle: string,
    private config: Record<string, string>,
    heartbeatMs: number,
  ) {
    if (heartbeatMs > 0) {
      this.heartbeat = setInterval(() => void this.client.heartbeat(this.handle).catch(() => undefined), heartbeatMs);
      this.heartbeat.unref?.();
    }
  }

  private get streaming(): boolean {
    return (this.config['execution.runtime-mode'] ?? 'streaming').toLowerCase() !== 'batch';
  }

  async execute(sql: string, events: SqlRunEvents, signal: AbortSignal): Promise<SqlStatementOutcome> {
    if (this.closed) throw new SqlError(l10n.t('The SQL session was closed.'), { reason: 'internal' });
    let operation: string | undefined;
    let finished = false;
    try {
      events.progress({ phase: 'submitted' });
      operation = await this.client.executeStatement(this.handle, sql, signal);
      events.progress({ phase: 'running' });
      let shape: SqlResultShape | undefined;
      let rowCount = 0;
      let jobTold = false;
      let query = false;
      let kind: string | undefined;
      let message: string | undefined;
      let submitted = false;
      for await (const { page } of this.client.results(this.handle, operation, signal)) {
        if (page.jobID && !jobTold) {
          jobTold = true;
          events.job?.(page.jobID);
        }
        query = page.isQueryResult ?? query;
        kind = page.resultKind ?? kind;
        const info = page.results;
        if (!info) continue;
        if (!shape) {
          shape = { columns: toColumns(info.columns), changelog: query && this.streaming };
          // An INSERT answers with its job id as its only row: a submitted statement, not a result.
          if (!query && page.jobID && info.columns.length === 1 && info.columns[0].name === 'job id') submitted = true;
          if (kind !== 'SUCCESS' && !submitted) events.shape(shape);
        }
        if (!info.data.length) continue;
        const { rows, kinds } = toRows(info);
        if (kind === 'SUCCESS' || submitted) {
          message = rows.map((r) => (submitted ? l10n.t('Job ID: {0}', String(r[0])) : String(r[0]))).join('\n');
          continue;
        }
        if (rowCount === 0) events.progress({ phase: 'fetching' });
        rowCount += rows.length;
        await (shape.changelog ? events.rows(rows, kinds) : events.rows(rows));
      }
      finished = true;
      if (/^\s*(SET|RESET)\b/i.test(sql)) this.config = await this.client.sessionConfig(this.handle, signal).catch(() => this.config);
      if (kind === 'SUCCESS' || submitted) return { kind: 'ok', rowCount: 0, message: message ?? 'OK' };
      return { kind: 'rows', rowCount };
    } catch (e) {
      throw flinkError(e);
    } finally {
      if (operation) await this.release(operation, !finished);
    }
  }

  /** Runs a statement to its end and returns its rows (SHOW, DESCRIBE, USE). */
  async query(sql: string, signal: AbortSignal): Promise<(readonly SqlCell[])[]> {
    const rows: (readonly SqlCell[])[] = [];
    await this.execute(sql, { progress: () => undefined, shape: () => undefined, rows: (r) => void rows.push(...r) }, signal);
    return rows;
  }

  /** Cancel (when still running) and close: the gateway drops the operation and its job. */
  private async release(operation: string, running: boolean): Promise<void> {
    const quiet = AbortSignal.timeout(5000);
    if (running) await this.client.cancelOperation(this.handle, operation, quiet).catch(() => undefined);
    await this.client.closeOperation(this.handle, operation, quiet).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.client.closeSession(this.handle, AbortSignal.timeout(5000)).catch(() => undefined);
    this.client.dispose();
  }
}
