// Spark values (as the Spark Connect client decodes Arrow batches) → the cells the results panel
// shows, and Spark Connect failures → SqlError in the engine's own words.
import * as l10n from '@vscode/l10n';
import type { SqlCell } from '../../shared/sql/sqlResult';
import type { SparkValue } from './sparkConnect/arrowRows';
import { SparkConnectError, toSparkConnectError } from './sparkConnect/errors';
import { GrpcStatus } from './sparkConnect/grpcStatus';
import { SqlError } from './sqlEngine';

const hex = (bytes: Uint8Array) => `X'${Buffer.from(bytes).toString('hex').toUpperCase()}'`;

/**
 * One value as a cell: a bigint within 2^53 becomes a number, beyond it its decimal text; binary
 * becomes `X'0A1B'`; arrays and structs stay nested; a value of a `map<…>` column becomes a list of
 * `{ key, value }` (map keys need not be strings).
 */
export function sparkCell(value: SparkValue, type = ''): SqlCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) {
    const element = /^array<(.*)>$/.exec(type)?.[1] ?? '';
    return value.map((v) => sparkCell(v, element));
  }
  if (typeof value === 'object') {
    if (value instanceof Map) {
      return [...(value as Map<unknown, SparkValue>).entries()].map(([k, v]) => ({ key: sparkCell(k as SparkValue), value: sparkCell(v) }));
    }
    if (type.startsWith('map<')) return Object.entries(value).map(([key, v]) => ({ key, value: sparkCell(v) }));
    const out: Record<string, SqlCell> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sparkCell(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A row of values as cells, typed by the columns' Spark type names. */
export function sparkRow(row: readonly SparkValue[], types: readonly string[]): SqlCell[] {
  return row.map((v, i) => sparkCell(v, types[i]));
}

/** The name an aborted statement rejects with (SqlSession's contract). */
export function abortError(): Error {
  const err = new Error(l10n.t('The statement was cancelled.'));
  err.name = 'AbortError';
  return err;
}

/**
 * A Spark Connect failure as SqlError: the message as Spark wrote it, its error class and SQL
 * state, and its position: Spark's `line 1 pos 14` has a 1-based line and a 0-based position in
 * that line, so the column is position + 1.
 */
export function sqlErrorOf(err: unknown): SqlError {
  if (err instanceof SqlError) return err;
  const spark = err instanceof SparkConnectError ? err : toSparkConnectError(err instanceof Error ? err : new Error(String(err)));
  const reason =
    spark.code === GrpcStatus.UNAVAILABLE || spark.code === GrpcStatus.DEADLINE_EXCEEDED
      ? 'unreachable'
      : spark.code === GrpcStatus.UNAUTHENTICATED || spark.code === GrpcStatus.PERMISSION_DENIED
        ? 'denied'
        : spark.code === GrpcStatus.INTERNAL || spark.code === GrpcStatus.INVALID_ARGUMENT || spark.code === GrpcStatus.NOT_FOUND
          ? spark.errorClass && !spark.errorClass.startsWith('INTERNAL_ERROR')
            ? 'refused'
            : 'internal'
          : 'internal';
  return new SqlError(spark.message.trim(), {
    errorClass: spark.errorClass,
    sqlState: spark.sqlState,
    line: spark.line,
    column: spark.position === undefined ? undefined : spark.position + 1,
    reason,
  });
}
