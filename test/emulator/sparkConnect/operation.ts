// One ExecutePlan operation of the emulator's Spark Connect server: produces its responses lazily
// (pulled as the client reads, so a large result is never held whole), keeps the last few sent ones
// so that a reattaching client can resume after `last_response_id`, and can be interrupted.
import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { operationCanceled, sparkErrorOf, grpcError, SparkErrorThrown, type ErrorDetailStyle, type SparkError } from './sparkErrors';

export type Response = Record<string, unknown> & { response_id?: string };
type Call = ServerWritableStream<unknown, Response>;

/** How many sent responses an operation keeps for a reattach (Spark keeps a byte budget). */
const KEEP = 8;

export class Operation {
  private readonly kept: Response[] = [];
  private producer: AsyncIterator<Response> | undefined;
  private finished = false;
  private failure: SparkError | undefined;
  private interrupted = false;
  private attached: Call | undefined;
  /** The producer step under way, if any: DuckDB may be working for it on another thread. */
  private pulling: Promise<unknown> | undefined;
  private closed = false;
  private connectionClosed = false;
  /** Set by the server's fault injection: end the next attached stream with UNAVAILABLE after this many responses. */
  dropAfter: number | undefined;

  constructor(
    readonly id: string,
    readonly sessionId: string,
    readonly sql: string,
    private readonly connection: DuckDBConnection,
    produce: (op: Operation) => AsyncGenerator<Response>,
    private readonly detailStyle: ErrorDetailStyle,
  ) {
    this.producer = produce(this);
  }

  get running(): boolean {
    return !this.finished;
  }

  get wasInterrupted(): boolean {
    return this.interrupted;
  }

  /** Stops the operation: DuckDB stops its query, the stream ends with OPERATION_CANCELED. */
  interrupt(): void {
    if (this.finished) return;
    this.interrupted = true;
    this.connection.interrupt();
  }

  /** Serves the operation to a (re)attached call, from after `lastResponseId` when given. */
  async attach(call: Call, lastResponseId?: string): Promise<void> {
    this.attached = call;
    if (lastResponseId !== undefined) {
      const at = this.kept.findIndex((r) => r.response_id === lastResponseId);
      if (at < 0 && this.kept.length > 0) {
        call.emit('error', {
          code: status.INTERNAL,
          details: '[INVALID_CURSOR.POSITION_NOT_AVAILABLE] The cursor position is not available.',
        });
        return;
      }
      for (const r of this.kept.slice(at + 1)) if (!(await this.write(call, r))) return;
    }
    let sent = 0;
    for (;;) {
      if (call.cancelled || this.attached !== call) return;
      if (this.dropAfter !== undefined && sent >= this.dropAfter) {
        this.dropAfter = undefined;
        call.emit('error', { code: status.UNAVAILABLE, details: 'Connection reset (injected)' });
        return;
      }
      const next = await this.pull();
      if (next === undefined) break;
      this.kept.push(next);
      if (this.kept.length > KEEP) this.kept.shift();
      sent++;
      if (!(await this.write(call, next))) return;
    }
    if (this.failure) call.emit('error', grpcError(this.failure, this.detailStyle));
    else call.end();
  }

  /** The next response, or undefined at the end (success or failure, see `failure`). */
  private async pull(): Promise<Response | undefined> {
    if (!this.producer) return undefined;
    try {
      const step = this.producer.next();
      this.pulling = step;
      const next = await step;
      if (!next.done) return { ...next.value, operation_id: this.id, session_id: this.sessionId, response_id: randomUUID() };
      this.producer = undefined;
      this.finished = true;
      this.closeConnection();
      return { result_complete: {}, operation_id: this.id, session_id: this.sessionId, response_id: randomUUID() };
    } catch (err) {
      this.producer = undefined;
      this.finished = true;
      const message = err instanceof Error ? err.message : String(err);
      // The step settled: DuckDB does no more work for it, and the connection (with whatever
      // query it still held) can go now rather than at release.
      this.closeConnection();
      this.failure = this.interrupted ? operationCanceled() : err instanceof SparkErrorThrown ? err.spark : sparkErrorOf(message, this.sql);
      return undefined;
    }
  }

  /** Writes one response, waiting for the call to drain; false when the call went away. */
  private write(call: Call, response: Response): Promise<boolean> {
    if (call.cancelled) return Promise.resolve(false);
    if (call.write(response)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        call.off('drain', onDrain);
        call.off('cancelled', onCancel);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onCancel = () => done(false);
      call.on('drain', onDrain);
      call.on('cancelled', onCancel);
    });
  }

  /**
   * Stops the operation and frees its connection: interrupts it, waits until the producer step
   * under way has settled (DuckDB is no longer working for it), ends the producer, then closes the
   * connection. Closing while DuckDB still ran a step is what must never happen.
   */
  async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.interrupt();
    const producer = this.producer;
    this.producer = undefined;
    this.finished = true;
    await this.pulling?.catch(() => undefined);
    await producer?.return?.(undefined).catch(() => undefined);
    this.closeConnection();
  }

  private closeConnection(): void {
    if (this.connectionClosed) return;
    this.connectionClosed = true;
    this.connection.closeSync();
  }
}
