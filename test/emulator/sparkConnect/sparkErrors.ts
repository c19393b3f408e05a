// Errors as a Spark 3.5.3 Spark Connect server reports them: gRPC INTERNAL, the message of the Spark
// exception (`[ERROR_CLASS] text; line L pos P;` for analysis errors, `[PARSE_SYNTAX_ERROR] ...(line
// L, pos P)` for parse errors), and a `grpc-status-details-bin` google.rpc.Status with one ErrorInfo
// (reason = exception class, domain org.apache.spark, metadata.classes = its class hierarchy).
// With `detailStyle: 'spark4'` the ErrorInfo also carries errorClass, messageParameters and
// sqlState, as Spark 4 servers add them.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

export interface SparkError {
  errorClass: string;
  message: string;
  messageParameters: Record<string, string>;
  sqlState: string;
  exceptionClass: string;
}

export type ErrorDetailStyle = 'spark35' | 'spark4';

const ANALYSIS = 'org.apache.spark.sql.AnalysisException';
const PARSE = 'org.apache.spark.sql.catalyst.parser.ParseException';
const HIERARCHY: Record<string, string[]> = {
  [ANALYSIS]: [ANALYSIS, 'java.lang.Exception', 'java.lang.Throwable'],
  [PARSE]: [PARSE, ANALYSIS, 'java.lang.Exception', 'java.lang.Throwable'],
  'org.apache.spark.SparkSQLException': [
    'org.apache.spark.SparkSQLException',
    'java.sql.SQLException',
    'java.lang.Exception',
    'java.lang.Throwable',
  ],
};

/** Where DuckDB's caret (`LINE 1: SELECT * FROM x` / `              ^`) points, as Spark counts: line, 0-based pos. */
export function duckPosition(message: string): { line: number; pos: number } | undefined {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (at < 0 || at + 1 >= lines.length) return undefined;
  const prefix = /^LINE (\d+): /.exec(lines[at])!;
  const caret = lines[at + 1].indexOf('^');
  if (caret < 0) return undefined;
  return { line: Number(prefix[1]), pos: caret - prefix[0].length };
}

const quoteIdent = (name: string) =>
  name
    .split('.')
    .map((p) => `\`${p}\``)
    .join('.');

/** A DuckDB error of `sql` as the Spark error the same statement raises in Spark 3.5. */
export function sparkErrorOf(duckMessage: string, sql: string): SparkError {
  const at = duckPosition(duckMessage);
  const where = at ? `; line ${at.line} pos ${at.pos}` : '';
  const table = /^Catalog Error: Table with name (\S+) does not exist!/m.exec(duckMessage);
  if (table) {
    // Spark names the relation as written (`sales`.`x`); DuckDB only its last part: read it at the caret.
    const written = at ? /^[\w.`"]+/.exec((sql.split('\n')[at.line - 1] ?? '').slice(at.pos))?.[0] : undefined;
    const relationName = quoteIdent((written ?? table[1]).replace(/[`"]/g, ''));
    return {
      errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
      message:
        `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${relationName} cannot be found. Verify the spelling and ` +
        'correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the ' +
        'current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the ' +
        `error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.${where};`,
      messageParameters: { relationName },
      sqlState: '42P01',
      exceptionClass: ANALYSIS,
    };
  }
  const column = /^Binder Error: Referenced column "?([^"\s]+)"? not found/m.exec(duckMessage);
  if (column) {
    const candidates = /Candidate bindings: (.*)$/m.exec(duckMessage)?.[1] ?? '';
    const proposal = candidates
      .split(',')
      .map((c) => c.trim().replace(/"/g, ''))
      .filter(Boolean)
      .map((c) => `\`${c}\``)
      .join(', ');
    const objectName = quoteIdent(column[1]);
    return {
      errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION',
      message:
        `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name ${objectName} cannot be ` +
        `resolved. Did you mean one of the following? [${proposal}].${where};`,
      messageParameters: { objectName, proposal },
      sqlState: '42703',
      exceptionClass: ANALYSIS,
    };
  }
  const syntax = /^Parser Error: syntax error at (?:or near "([^"]*)"|end of input)/m.exec(duckMessage);
  if (syntax) {
    const error = syntax[1] !== undefined ? `'${syntax[1]}'` : 'end of input';
    const lines = sql.split('\n');
    const p = at ?? { line: lines.length, pos: lines[lines.length - 1].length };
    const sqlLine = sql.split('\n')[p.line - 1] ?? '';
    return {
      errorClass: 'PARSE_SYNTAX_ERROR',
      message:
        `\n[PARSE_SYNTAX_ERROR] Syntax error at or near ${error}.(line ${p.line}, pos ${p.pos})\n\n== SQL ==\n` +
        `${sqlLine}\n${'-'.repeat(p.pos)}^^^\n`,
      messageParameters: { error, hint: '' },
      sqlState: '42601',
      exceptionClass: PARSE,
    };
  }
  // Anything else DuckDB refuses: Spark's generic internal error, with DuckDB's text.
  return {
    errorClass: 'INTERNAL_ERROR',
    message: `[INTERNAL_ERROR] ${duckMessage.split('\n')[0]}`,
    messageParameters: { message: duckMessage.split('\n')[0] },
    sqlState: 'XX000',
    exceptionClass: 'org.apache.spark.SparkException',
  };
}

/** The error an interrupted operation ends with. */
export function operationCanceled(): SparkError {
  return {
    errorClass: 'OPERATION_CANCELED',
    message: '[OPERATION_CANCELED] Operation has been canceled.',
    messageParameters: {},
    sqlState: 'HY008',
    exceptionClass: 'org.apache.spark.SparkSQLException',
  };
}

// A protobuf writer for google.rpc.Status / ErrorInfo / Any (field numbers from google/rpc/*.proto).
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = (no: number, payload: Uint8Array) =>
  Buffer.concat([Buffer.from([...varint(no * 8 + 2), ...varint(payload.length)]), payload]);
const str = (no: number, s: string) => field(no, Buffer.from(s, 'utf8'));

/** The `grpc-status-details-bin` value of an error. */
export function statusDetails(err: SparkError, style: ErrorDetailStyle): Buffer {
  const metadata: Record<string, string> = {
    classes: JSON.stringify(HIERARCHY[err.exceptionClass]?.length ? HIERARCHY[err.exceptionClass] : [err.exceptionClass]),
  };
  if (style === 'spark4') {
    metadata.errorClass = err.errorClass;
    metadata.messageParameters = JSON.stringify(err.messageParameters);
    metadata.sqlState = err.sqlState;
  }
  const info = Buffer.concat([
    str(1, err.exceptionClass),
    str(2, 'org.apache.spark'),
    ...Object.entries(metadata).map(([k, v]) => field(3, Buffer.concat([str(1, k), str(2, v)]))),
  ]);
  const any = Buffer.concat([str(1, 'type.googleapis.com/google.rpc.ErrorInfo'), field(2, info)]);
  return Buffer.concat([Buffer.from([0x08, ...varint(status.INTERNAL)]), str(2, err.message), field(3, any)]);
}

/** The gRPC error a handler fails with. */
export function grpcError(err: SparkError, style: ErrorDetailStyle): Partial<ServiceError> {
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', statusDetails(err, style));
  return { code: status.INTERNAL, details: err.message, metadata };
}

/** Thrown by a producer to fail its operation with exactly this Spark error. */
export class SparkErrorThrown extends Error {
  constructor(readonly spark: SparkError) {
    super(spark.message);
  }
}
