import * as l10n from '@vscode/l10n';

/**
 * The gateway's refusals. Flink's REST endpoint answers every failure as `ErrorResponseBody`
 * (`{"errors": [...]}`): a handler's own refusal is one message with its status; anything else
 * is a 500 with `["Internal server error.", "<Exception on server side:\n<stack trace>\nEnd of
 * exception on server side>"]`. A statement's failure (a parse or validation error) reaches the
 * client that way when it fetches the operation's results: the SQL error is one of the trace's
 * `Caused by:` segments.
 */
export class GatewayHttpError extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(errors.find((e) => e && e !== 'Internal server error.') ?? `HTTP ${status}`);
    this.name = 'GatewayHttpError';
  }
}

interface Segment {
  readonly errorClass: string;
  readonly message: string;
}

const HEAD = /^(?:Caused by: )?([\w$]+(?:\.[\w$]+)+)(?::\s?(.*))?$/;
const FRAME = /^\s+(at |\.\.\. \d+ more|Suppressed: )/;

/** The exceptions of a Java stack trace as printed (`ExceptionUtils.stringifyException`), outermost first. */
export function traceSegments(trace: string): Segment[] {
  const lines = trace
    .replace(/^<Exception on server side:\r?\n/, '')
    .replace(/\r?\n?End of exception on server side>\s*$/, '')
    .split(/\r?\n/);
  const segments: { errorClass: string; lines: string[]; closed: boolean }[] = [];
  for (const line of lines) {
    const current = segments.at(-1);
    const head = !current || line.startsWith('Caused by: ') ? HEAD.exec(line) : null;
    if (head) segments.push({ errorClass: head[1], lines: [head[2] ?? ''], closed: false });
    else if (FRAME.test(line)) {
      if (current) current.closed = true;
    } else if (current && !current.closed) current.lines.push(line);
  }
  return segments.map((s) => ({ errorClass: s.errorClass, message: s.lines.join('\n').trim() }));
}

/** Flink's SQL errors, the ones worth showing over the gateway's wrappers. */
const SQL_ERRORS =
  /\.(SqlParserException|SqlParserEOFException|ValidationException|ParseException|SqlValidatorException|CalciteContextException|TableException|CatalogException|DatabaseNotExistException|TableNotExistException)$/;
const WRAPPERS = /\.(SqlGatewayException|SqlExecutionException|RestHandlerException|CompletionException|ExecutionException)$/;

/** `Encountered "x" at line 1, column 10.` and `From line 1, column 15 to line 1, column 20: ...`. */
export function position(message: string): { line: number; column: number } | undefined {
  const m = /\bline (\d+), column (\d+)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/** Parse errors list every token the parser expected: keep the first few lines. */
function trimmed(message: string): string {
  const lines = message.split('\n');
  const expecting = lines.findIndex((l) => l.startsWith('Was expecting'));
  const kept = expecting >= 0 ? lines.slice(0, Math.min(lines.length, expecting + 4)) : lines.slice(0, 12);
  return kept.join('\n').trimEnd() + (kept.length < lines.length ? '\n…' : '');
}

/** Why a gateway request failed, in the words to show: `refused` is the SQL's own error. */
export interface GatewayFailure {
  readonly message: string;
  readonly errorClass?: string;
  /** 1-based, relative to the statement as sent. */
  readonly line?: number;
  readonly column?: number;
  readonly reason: 'refused' | 'unreachable' | 'denied' | 'internal';
}

/** A gateway failure described: the SQL error's own words and position when the trace has one; undefined for an abort. */
export function describeFailure(e: unknown): GatewayFailure | undefined {
  const err = e as NodeJS.ErrnoException;
  if (err?.name === 'AbortError') return undefined;
  if (e instanceof GatewayHttpError) {
    if (e.status === 401 || e.status === 403)
      return { message: l10n.t('The SQL Gateway refused the request ({0}): {1}', e.status, e.message), reason: 'denied' };
    const trace = e.errors.find((x) => x.startsWith('<Exception on server side:'));
    const segments = trace ? traceSegments(trace) : [];
    const sql = segments.find((s) => SQL_ERRORS.test(s.errorClass));
    if (sql) {
      const at = position(sql.message);
      return { message: trimmed(sql.message), errorClass: sql.errorClass, reason: 'refused', line: at?.line, column: at?.column };
    }
    const meaningful = [...segments].reverse().find((s) => s.message && !WRAPPERS.test(s.errorClass)) ?? segments.at(-1);
    if (meaningful)
      return { message: trimmed(meaningful.message || meaningful.errorClass), errorClass: meaningful.errorClass, reason: 'internal' };
    return { message: e.message, reason: e.status >= 500 ? 'internal' : 'refused' };
  }
  if (err?.code && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(err.code))
    return {
      message: l10n.t('The SQL Gateway did not answer ({0}): is SQL enabled on the session cluster and its forward running?', err.code),
      reason: 'unreachable',
    };
  return { message: err instanceof Error ? err.message : String(e), reason: 'internal' };
}
