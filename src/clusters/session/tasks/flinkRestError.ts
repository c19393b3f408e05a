import * as l10n from '@vscode/l10n';

/** What went wrong with a JobManager request, for callers that act on it (retry, offer another action). */
export type FlinkRestErrorReason =
  /** 400: the JobManager refused the request as malformed or not applicable. */
  | 'BadRequest'
  /** 404, or Flink's 400 for a jar it does not have: no such job, jar or savepoint trigger. */
  | 'NotFound'
  /** 409: the job is not in a state that allows it (e.g. a cancel of a job that has ended). */
  | 'Conflict'
  /** 429: too many requests; `retryAfterSeconds` when the server said. */
  | 'TooManyRequests'
  /** 5xx. */
  | 'ServerError'
  /** Any other HTTP status. */
  | 'Http'
  /** Nothing listens at the base URL: the port-forward has stopped. */
  | 'Refused'
  /** The connection closed before an answer: the port-forward or the JobManager is gone. */
  | 'Reset'
  /** No answer (or, for an upload, no progress) within the timeout. */
  | 'Timeout'
  /** An answer that is not what Flink answers: not JSON, the wrong shape, or too large. */
  | 'BadResponse';

/**
 * A JobManager request that failed, with a message fit to show. `errors` is Flink's own
 * `{"errors": [...]}` text as it came; `detail` holds what the message leaves out (the rest of a
 * Java stack trace, further errors).
 */
export class FlinkRestError extends Error {
  constructor(
    message: string,
    readonly reason: FlinkRestErrorReason,
    /** The request, as `METHOD /path`. */
    readonly request: string,
    /** The HTTP status; 0 when there was no answer. */
    readonly status = 0,
    readonly errors: readonly string[] = [],
    readonly detail?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'FlinkRestError';
  }
}

/**
 * Flink's error text as one line and the rest. A handler failure answers the exception's whole
 * stack trace as one error (or `Internal server error.` followed by `<Exception on server side: …>`):
 * the line that says what happened is the first line of the exception, the frames are detail.
 */
export function splitFlinkErrors(errors: readonly string[]): { summary: string; detail?: string } {
  const texts = errors.map((e) => e.replace(/\r\n?/g, '\n').trim()).filter(Boolean);
  if (!texts.length) return { summary: '' };
  const lines = texts.join('\n').split('\n');
  let summary = lines[0].trim();
  // `Internal server error.` says nothing: name the exception that follows it as well.
  const serverSide = lines.findIndex((l) => l.startsWith('<Exception on server side:'));
  if (serverSide >= 0 && /^Internal server error\.?$/i.test(summary)) {
    const cause = lines.slice(serverSide + 1).find((l) => l.trim() && !l.startsWith('\tat '));
    if (cause) summary = `${summary} ${cause.trim()}`;
  }
  const rest = lines.slice(1).join('\n').replace(/^\n+/, '').trimEnd();
  return { summary, detail: rest || undefined };
}

/** What a path is about, for messages: a job or jar by id, else nothing in particular. */
function subject(path: string): { kind: 'job' | 'jar' | 'savepoint' | undefined; id?: string } {
  const parts = path.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'jobs' && parts[2] === 'savepoints' && parts[3]) return { kind: 'savepoint', id: parts[3] };
  if (parts[0] === 'jobs' && parts[1] && parts[1] !== 'overview') return { kind: 'job', id: parts[1] };
  if (parts[0] === 'jars' && parts[1] && parts[1] !== 'upload') return { kind: 'jar', id: parts[1] };
  return { kind: undefined };
}

/** The error for an HTTP answer outside 2xx, from its status and (JSON or not) body. */
export function httpError(method: string, path: string, status: number, body: string, retryAfter?: string): FlinkRestError {
  const request = `${method} ${path}`;
  let errors: string[] = [];
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed?.errors)) errors = parsed.errors.filter((e): e is string => typeof e === 'string');
  } catch {
    // Not Flink answering (a proxy's page, a crashed handler): the status says it all.
  }
  const { summary, detail } = splitFlinkErrors(errors);
  const said = summary || (body.trim() && !body.trimStart().startsWith('<') ? body.trim().split('\n')[0].slice(0, 200) : '');
  const code = `HTTP ${status}`;
  const about = subject(path);
  const unknownJar = status === 400 && about.kind === 'jar' && /does not exist/i.test(summary);
  const make = (message: string, reason: FlinkRestErrorReason, retry?: number) =>
    new FlinkRestError(message, reason, request, status, errors, detail, retry);

  if (status === 404 || unknownJar) {
    const message =
      about.kind === 'job'
        ? l10n.t('The JobManager does not know job {0} ({1}): it may have ended long ago or run on another cluster.', about.id!, code)
        : about.kind === 'jar'
          ? l10n.t(
              'The JobManager does not have jar {0} ({1}): it was deleted, or the JobManager restarted since it was uploaded.',
              about.id!,
              code,
            )
          : about.kind === 'savepoint'
            ? l10n.t('The JobManager does not know savepoint operation {0} ({1}).', about.id!, code)
            : l10n.t('The JobManager has no {0} ({1}).', path, code);
    return make(said ? `${message} ${l10n.t('Flink said: {0}', said)}` : message, 'NotFound');
  }
  if (status === 409)
    return make(
      said
        ? l10n.t('The JobManager refused {0} ({1}): {2}', request, code, said)
        : l10n.t('The JobManager refused {0} ({1}).', request, code),
      'Conflict',
    );
  if (status === 429) {
    const seconds = retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
    return make(
      seconds !== undefined
        ? l10n.t('The JobManager is refusing requests for now ({0}): try again in {1} s.', code, seconds)
        : l10n.t('The JobManager is refusing requests for now ({0}): try again in a moment.', code),
      'TooManyRequests',
      seconds,
    );
  }
  if (status >= 500)
    return make(
      said
        ? l10n.t('The JobManager failed {0} ({1}): {2}', request, code, said)
        : l10n.t('The JobManager failed {0} ({1}) and said nothing more.', request, code),
      'ServerError',
    );
  return make(
    said
      ? l10n.t('The JobManager refused {0} ({1}): {2}', request, code, said)
      : l10n.t('The JobManager refused {0} ({1}).', request, code),
    status === 400 ? 'BadRequest' : 'Http',
  );
}

/** The error for a request that got no answer: refused, reset or timed out. */
export function networkError(method: string, path: string, baseUrl: string, err: NodeJS.ErrnoException): FlinkRestError {
  const request = `${method} ${path}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new FlinkRestError(
        l10n.t('Nothing answers at {0} (connection refused) for {1}: the port-forward to the JobManager has stopped.', baseUrl, request),
        'Refused',
        request,
      );
    default:
      if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')
        return new FlinkRestError(l10n.t('Cannot reach {0} for {1}: {2}', baseUrl, request, err.message), 'Refused', request);
      return new FlinkRestError(
        l10n.t(
          'The connection to the JobManager at {0} closed during {1} ({2}): the port-forward or the JobManager is gone.',
          baseUrl,
          request,
          err.code ?? err.message,
        ),
        'Reset',
        request,
      );
  }
}
