// A thin Spark Connect (3.5) client: one Spark session per instance, SQL statements run the way
// PySpark 3.5's `spark.sql(text).collect()` runs them, results streamed as Arrow batches.
//
// What `spark.sql(text)` sends (pyspark/sql/connect/session.py and client/core.py, v3.5.3): an
// ExecutePlan whose plan is `Command.sql_command = SqlCommand{sql}`; the server answers with a
// `sql_command_result` holding a Relation (a `Relation.sql` for a query, a `local_relation` with the
// rows for a command it ran eagerly). Collecting the DataFrame then sends a second ExecutePlan with
// `Plan.root` = that relation, and the rows come back as `arrow_batch` responses with a `schema`.
// Both calls are reattachable (ReattachOptions), as PySpark 3.5 makes them: when the stream drops
// before `result_complete`, the client continues with ReattachExecute from the last response id,
// and releases the operation (ReleaseExecute) once complete.
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import * as l10n from '@vscode/l10n';
import { fieldsOf, type SparkField } from './dataTypes';
import { decodeArrowBatch, type SparkValue } from './arrowRows';
import { SparkConnectError, toSparkConnectError } from './errors';
import { GrpcStatus } from './grpcStatus';
import { sparkConnectLibs } from './libs';
import type {
  ConfigRequest,
  ConfigResponse,
  ExecutePlanRequest,
  ExecutePlanResponse,
  InterruptRequest,
  InterruptResponse,
  KeyValue,
  PlanMessage,
  RelationMessage,
  UserContext,
} from './messages';
import { sparkConnectClientConstructor } from './protos';

export interface SparkConnectClientOptions {
  /** `host:port` of the Spark Connect server (the local end of the driver port-forward). */
  target: string;
  userId?: string;
  /** Sent as `client_type` (logged by the server). */
  clientType?: string;
  credentials?: grpc.ChannelCredentials;
  /** How many times one execution may reattach after its stream dropped (default 3). */
  maxReattachAttempts?: number;
}

/** Rows of one Arrow batch, with the columns they belong to and where they start in the result. */
export interface ResultBatch {
  fields: SparkField[];
  rows: SparkValue[][];
  rowOffset: number;
}

/**
 * How far an execution is. Spark 3.5 sends no progress messages (`ExecutionProgress` came with
 * Spark 4.0), so this counts what the client received: the phase, the operation id (for
 * `interrupt`), batches and rows so far, and how many times the stream was reattached.
 */
export interface ExecuteProgress {
  phase: 'command' | 'query';
  operationId: string;
  batches: number;
  rows: number;
  reattaches: number;
}

export interface ExecuteSqlOptions {
  /**
   * Each batch as it arrives. A returned promise holds the stream (no further batch is read)
   * until it settles: the caller bounds how much it holds; a rejection fails the execution.
   */
  onBatch?: (batch: ResultBatch) => void | Promise<void>;
  /** The result's columns, as soon as the server sent its schema (before any row). */
  onSchema?: (fields: SparkField[]) => void;
  onProgress?: (progress: ExecuteProgress) => void;
  /** Aborting interrupts the running operation on the server and rejects with CANCELLED. */
  signal?: AbortSignal;
}

export interface ExecuteSqlResult {
  fields: SparkField[];
  rowCount: number;
  batches: number;
  /** The operation that produced the rows. */
  operationId: string;
}

interface PlanRun {
  relation?: RelationMessage;
  fields: SparkField[];
  rows: number;
  batches: number;
}

/** gRPC codes after which a reattachable stream is continued rather than failed. */
const REATTACH_CODES = new Set<number>([GrpcStatus.UNAVAILABLE]);

export class SparkConnectClient {
  readonly sessionId = randomUUID();
  private readonly userContext: UserContext;
  private readonly clientType: string;
  private readonly stub: grpc.Client & Record<string, any>;
  private readonly maxReattachAttempts: number;

  constructor(options: SparkConnectClientOptions) {
    const Client = sparkConnectClientConstructor();
    this.stub = new Client(options.target, options.credentials ?? sparkConnectLibs().grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 128 * 1024 * 1024,
    }) as grpc.Client & Record<string, any>;
    this.userContext = { user_id: options.userId ?? 'data-clusters' };
    this.clientType = options.clientType ?? 'data-clusters';
    this.maxReattachAttempts = options.maxReattachAttempts ?? 3;
  }

  /** Runs one SQL statement; rows go to `onBatch` as they arrive and are not kept. */
  async executeSql(sql: string, options: ExecuteSqlOptions = {}): Promise<ExecuteSqlResult> {
    const command = await this.runPlan({ command: { sql_command: { sql } } }, 'command', options);
    if (!command.relation) {
      return { fields: command.fields, rowCount: command.rows, batches: command.batches, operationId: '' };
    }
    let operationId = '';
    const query = await this.runPlan({ root: command.relation }, 'query', {
      ...options,
      onProgress: (p) => {
        operationId = p.operationId;
        options.onProgress?.(p);
      },
    });
    return { fields: query.fields, rowCount: query.rows, batches: query.batches, operationId };
  }

  /** Runs a relation (`Plan.root`), e.g. a Catalog relation, streaming its rows like a query's. */
  async executeRelation(relation: RelationMessage, options: ExecuteSqlOptions = {}): Promise<ExecuteSqlResult> {
    let operationId = '';
    const run = await this.runPlan({ root: relation }, 'query', {
      ...options,
      onProgress: (p) => {
        operationId = p.operationId;
        options.onProgress?.(p);
      },
    });
    return { fields: run.fields, rowCount: run.rows, batches: run.batches, operationId };
  }

  /** Runs one statement and keeps its rows: for small results only. */
  async collectSql(sql: string, options: Omit<ExecuteSqlOptions, 'onBatch'> = {}): Promise<{ fields: SparkField[]; rows: SparkValue[][] }> {
    const rows: SparkValue[][] = [];
    const result = await this.executeSql(sql, { ...options, onBatch: (b) => void rows.push(...b.rows) });
    return { fields: result.fields, rows };
  }

  /** Interrupts one operation of this session; returns the ids the server interrupted. */
  async interrupt(operationId: string): Promise<string[]> {
    return this.interruptWith({ interrupt_type: 'INTERRUPT_TYPE_OPERATION_ID', operation_id: operationId });
  }

  /** Interrupts every running operation of this session. */
  async interruptAll(): Promise<string[]> {
    return this.interruptWith({ interrupt_type: 'INTERRUPT_TYPE_ALL' });
  }

  /** The values of session configuration keys (the server fails for a key it does not know). */
  async getConfig(keys: string[]): Promise<Record<string, string | undefined>> {
    const response = await this.config({ get: { keys } });
    return Object.fromEntries((response.pairs ?? []).map((p) => [p.key, p.value]));
  }

  /** Sets session configuration; returns the server's warnings (deprecated keys). */
  async setConfig(values: Record<string, string>): Promise<string[]> {
    const pairs: KeyValue[] = Object.entries(values).map(([key, value]) => ({ key, value }));
    return (await this.config({ set: { pairs } })).warnings ?? [];
  }

  close(): void {
    this.stub.close();
  }

  private async config(operation: ConfigRequest['operation']): Promise<ConfigResponse> {
    const request: ConfigRequest = { ...this.base(), operation };
    return this.unary<ConfigRequest, ConfigResponse>('Config', request);
  }

  private async interruptWith(what: Pick<InterruptRequest, 'interrupt_type' | 'operation_id'>): Promise<string[]> {
    const response = await this.unary<InterruptRequest, InterruptResponse>('Interrupt', { ...this.base(), ...what });
    return response.interrupted_ids ?? [];
  }

  private base() {
    return { session_id: this.sessionId, user_context: this.userContext, client_type: this.clientType };
  }

  private unary<Req, Res>(method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.stub[method](request, (err: grpc.ServiceError | null, response: Res) =>
        err ? reject(toSparkConnectError(err)) : resolve(response),
      );
    });
  }

  /** One reattachable ExecutePlan, followed to its end through reattaches; released when complete. */
  private async runPlan(plan: PlanMessage, phase: ExecuteProgress['phase'], options: ExecuteSqlOptions): Promise<PlanRun> {
    const operationId = randomUUID();
    const request: ExecutePlanRequest = {
      ...this.base(),
      operation_id: operationId,
      plan,
      request_options: [{ reattach_options: { reattachable: true } }],
      tags: [],
    };
    const run: PlanRun = { fields: [], rows: 0, batches: 0 };
    const progress: ExecuteProgress = { phase, operationId, batches: 0, rows: 0, reattaches: 0 };
    let lastResponseId: string | undefined;
    let complete = false;
    let current: grpc.ClientReadableStream<ExecutePlanResponse> | undefined;
    const onAbort = () => {
      this.interrupt(operationId).catch(() => undefined);
      current?.cancel();
    };
    if (options.signal?.aborted) throw new SparkConnectError(l10n.t('The statement was cancelled.'), GrpcStatus.CANCELLED);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    options.onProgress?.({ ...progress });

    // What the caller still holds on to (onBatch's promise): the stream waits for it.
    let backlog: Promise<void> = Promise.resolve();
    let heldFailure: { error: unknown } | undefined;
    const handle = (call: grpc.ClientReadableStream<ExecutePlanResponse>, response: ExecutePlanResponse) => {
      if (response.response_id) lastResponseId = response.response_id;
      if (response.schema) {
        run.fields = fieldsOf(response.schema) ?? run.fields;
        options.onSchema?.(run.fields);
      }
      if (response.sql_command_result) run.relation = response.sql_command_result.relation;
      if (response.result_complete) complete = true;
      const data = response.arrow_batch?.data;
      if (data && data.length > 0) {
        const batch = decodeArrowBatch(data, run.fields.length ? run.fields : undefined);
        if (!run.fields.length) {
          run.fields = batch.fields;
          options.onSchema?.(run.fields);
        }
        const held = options.onBatch?.({ fields: batch.fields, rows: batch.rows, rowOffset: run.rows });
        if (held) {
          call.pause();
          backlog = backlog
            .then(() => held)
            .then(
              () => void call.resume(),
              (error: unknown) => {
                heldFailure ??= { error };
                call.cancel();
              },
            );
        }
        run.rows += batch.rows.length;
        run.batches++;
        progress.rows = run.rows;
        progress.batches = run.batches;
        options.onProgress?.({ ...progress });
      }
    };
    const follow = (call: grpc.ClientReadableStream<ExecutePlanResponse>) =>
      new Promise<void>((resolve, reject) => {
        current = call;
        call.on('data', (response: ExecutePlanResponse) => handle(call, response));
        call.on('error', (err) => reject(heldFailure ? heldFailure.error : err));
        call.on('end', () => void backlog.then(() => (heldFailure ? reject(heldFailure.error) : resolve())));
      });

    try {
      let call = this.stub.ExecutePlan(request) as grpc.ClientReadableStream<ExecutePlanResponse>;
      for (;;) {
        try {
          await follow(call);
          if (complete) break;
        } catch (err) {
          if (heldFailure) throw heldFailure.error;
          const code = (err as grpc.ServiceError).code;
          if (options.signal?.aborted) throw new SparkConnectError(l10n.t('The statement was cancelled.'), GrpcStatus.CANCELLED);
          // Nothing came back yet: the server never had the operation (no connection), so say so.
          if (!REATTACH_CODES.has(code) || lastResponseId === undefined) throw toSparkConnectError(err as grpc.ServiceError);
        }
        // The stream ended (or dropped) before ResultComplete: continue where it stopped.
        if (progress.reattaches >= this.maxReattachAttempts) {
          throw new SparkConnectError(l10n.t('The result stream broke and could not be resumed.'), GrpcStatus.UNAVAILABLE);
        }
        progress.reattaches++;
        options.onProgress?.({ ...progress });
        call = this.stub.ReattachExecute({
          ...this.base(),
          operation_id: operationId,
          ...(lastResponseId ? { last_response_id: lastResponseId } : {}),
        }) as grpc.ClientReadableStream<ExecutePlanResponse>;
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    this.stub.ReleaseExecute({ ...this.base(), operation_id: operationId, release_all: {} }, () => undefined);
    return run;
  }
}
