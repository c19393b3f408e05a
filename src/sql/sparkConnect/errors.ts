// Errors of a Spark Connect call, in Spark's terms. A Spark 3.5 server fails a call with a gRPC
// status (INTERNAL for query errors) whose `grpc-status-details-bin` trailer is a google.rpc.Status
// holding one google.rpc.ErrorInfo: reason = the exception class, metadata.classes = its class
// hierarchy as JSON. The error class (`[TABLE_OR_VIEW_NOT_FOUND]`) and the position
// (`; line 1 pos 14` for analysis errors, `(line 1, pos 9)` for parse errors) are in the message.
// Spark 4 servers add metadata errorClass, messageParameters (JSON) and sqlState: read when present.
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { GrpcStatus, grpcStatusName } from './grpcStatus';

/** google.rpc.ErrorInfo. */
export interface ErrorInfo {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
}

/** A failed Spark Connect call. */
export class SparkConnectError extends Error {
  override readonly name = 'SparkConnectError';
  constructor(
    message: string,
    /** gRPC status code (`status.INTERNAL` for a failed query, `CANCELLED` for an interrupted one). */
    readonly code: number,
    /** Spark's error class (`TABLE_OR_VIEW_NOT_FOUND`, `PARSE_SYNTAX_ERROR`), when the server named one. */
    readonly errorClass?: string,
    /** The parameters of the error class's message, when the server sent them. */
    readonly messageParameters: Record<string, string> = {},
    /** Where in the statement: 1-based line, 0-based position in that line (as Spark counts). */
    readonly line?: number,
    readonly position?: number,
    readonly sqlState?: string,
    /** The server-side exception class (`org.apache.spark.sql.AnalysisException`). */
    readonly exceptionClass?: string,
  ) {
    super(message);
  }

  /** The name of the gRPC status (`INTERNAL`, `CANCELLED`, `UNAVAILABLE`). */
  get codeName(): string {
    return grpcStatusName(this.code);
  }
}

// A protobuf reader for the two small messages of the status trailer (no generated code needed).
function readVarint(buf: Uint8Array, at: { pos: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at.pos++];
    if (b === undefined) throw new Error('truncated varint');
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
  }
}

/** The fields of a message as (field number → list of length-delimited payloads / varints). */
function readFields(buf: Uint8Array): Map<number, (Uint8Array | number)[]> {
  const fields = new Map<number, (Uint8Array | number)[]>();
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const tag = readVarint(buf, at);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Uint8Array | number;
    if (wire === 0) value = readVarint(buf, at);
    else if (wire === 2) {
      const len = readVarint(buf, at);
      value = buf.subarray(at.pos, at.pos + len);
      at.pos += len;
    } else if (wire === 1 || wire === 5) {
      at.pos += wire === 1 ? 8 : 4;
      value = 0;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

const text = (v: Uint8Array | number | undefined) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : '');

/** The ErrorInfo details of a `grpc-status-details-bin` value (a google.rpc.Status). */
export function decodeStatusDetails(bin: Uint8Array): ErrorInfo[] {
  const infos: ErrorInfo[] = [];
  for (const any of readFields(bin).get(3) ?? []) {
    if (!(any instanceof Uint8Array)) continue;
    const anyFields = readFields(any);
    if (!text(anyFields.get(1)?.[0]).endsWith('google.rpc.ErrorInfo')) continue;
    const info = readFields((anyFields.get(2)?.[0] as Uint8Array) ?? new Uint8Array());
    const metadata: Record<string, string> = {};
    for (const entry of info.get(3) ?? []) {
      if (!(entry instanceof Uint8Array)) continue;
      const kv = readFields(entry);
      metadata[text(kv.get(1)?.[0])] = text(kv.get(2)?.[0]);
    }
    infos.push({ reason: text(info.get(1)?.[0]), domain: text(info.get(2)?.[0]), metadata });
  }
  return infos;
}

/** `[ERROR_CLASS]` at the start of a Spark message (after any blank lines). */
export function errorClassOf(message: string): string | undefined {
  return /^\s*\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]/.exec(message)?.[1];
}

/** Line and position of a Spark message: `; line 1 pos 14` (analysis) or `(line 1, pos 9)` (parser). */
export function positionOf(message: string): { line: number; position: number } | undefined {
  const m = /\bline (\d+),? pos (\d+)/.exec(message);
  return m ? { line: Number(m[1]), position: Number(m[2]) } : undefined;
}

function parseJsonObject(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** A gRPC error of a Spark Connect call in Spark's terms. */
export function toSparkConnectError(err: ServiceError | Error): SparkConnectError {
  if (err instanceof SparkConnectError) return err;
  const service = err as Partial<ServiceError>;
  const code = typeof service.code === 'number' ? service.code : GrpcStatus.UNKNOWN;
  const message = service.details ?? err.message;
  const bin = (service.metadata as Metadata | undefined)?.get('grpc-status-details-bin')[0];
  const info = bin instanceof Buffer ? decodeStatusDetails(bin).find((i) => i.domain === 'org.apache.spark') : undefined;
  const at = positionOf(message);
  return new SparkConnectError(
    message,
    code,
    info?.metadata.errorClass || errorClassOf(message),
    parseJsonObject(info?.metadata.messageParameters),
    at?.line,
    at?.position,
    info?.metadata.sqlState || undefined,
    info?.reason || undefined,
  );
}
