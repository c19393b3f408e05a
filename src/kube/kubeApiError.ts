import * as l10n from '@vscode/l10n';

/** A failed call to the Kubernetes API, with what the server said (its Status body) when it said anything. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server was not reached. */
    readonly code: number,
    /** Status reason (NotFound, Conflict, Forbidden, Expired…) or the network error code. */
    readonly reason: string,
    readonly details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] },
    /** From Retry-After or the Status details, for 429 and 503. */
    readonly retryAfterSeconds?: number,
    /** The Status message exactly as the server worded it (the message above frames it for a person). */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  get isNotFound(): boolean {
    return this.code === 404;
  }
  get isConflict(): boolean {
    return this.code === 409;
  }
  get isGone(): boolean {
    return this.code === 410;
  }
  get isUnreachable(): boolean {
    return this.code === 0;
  }
  /** Worth retrying as is: throttling, server trouble, a network hiccup. */
  get isTransient(): boolean {
    return this.code === 0 || this.code === 429 || this.code >= 500;
  }

  static fromStatus(code: number, body: unknown, retryAfterHeader?: string | string[]): KubeApiError {
    const s = (typeof body === 'object' && body !== null ? body : {}) as {
      message?: string;
      reason?: string;
      details?: KubeApiError['details'] & { retryAfterSeconds?: number };
    };
    const header = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader;
    const retryAfter = header !== undefined && /^\d+$/.test(header) ? Number(header) : s.details?.retryAfterSeconds;
    const reason = s.reason || defaultReason(code);
    const serverMessage = s.message || (typeof body === 'string' && body.length < 500 ? body : '');
    return new KubeApiError(describe(code, serverMessage), code, reason, s.details, retryAfter, serverMessage || undefined);
  }

  static fromNetwork(err: NodeJS.ErrnoException, server: string): KubeApiError {
    const code = err.code ?? 'ENETWORK';
    const what =
      code === 'ECONNREFUSED'
        ? l10n.t('nothing is listening at {0}', server)
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? l10n.t('the host of {0} cannot be resolved', server)
          : code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'ETIMEOUT'
            ? l10n.t('{0} did not answer in time', server)
            : code === 'ECONNRESET'
              ? l10n.t('{0} closed the connection', server)
              : /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
                ? l10n.t('the TLS certificate of {0} is not trusted ({1}); check certificate-authority in the kubeconfig', server, code)
                : `${server}: ${err.message}`;
    return new KubeApiError(l10n.t('Cannot reach the Kubernetes API server: {0}.', what), 0, code);
  }
}

function defaultReason(code: number): string {
  return (
    (
      {
        400: 'BadRequest',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'NotFound',
        405: 'MethodNotAllowed',
        409: 'Conflict',
        410: 'Expired',
        415: 'UnsupportedMediaType',
        422: 'Invalid',
        429: 'TooManyRequests',
        500: 'InternalError',
        503: 'ServiceUnavailable',
        504: 'Timeout',
      } as Record<number, string>
    )[code] ?? `HTTP${code}`
  );
}

function describe(code: number, serverMessage: string): string {
  switch (code) {
    case 401:
      return l10n.t(
        'The Kubernetes API server rejected your credentials (401 Unauthorized): the token may have expired; log in again or choose another context.',
      );
    case 403:
      return serverMessage ? l10n.t('Not allowed: {0}', serverMessage) : l10n.t('Not allowed (403 Forbidden).');
    case 429:
      return l10n.t('The Kubernetes API server is throttling requests (429){0}.', serverMessage ? `: ${serverMessage}` : '');
    default:
      if (code >= 500) return l10n.t('The Kubernetes API server failed ({0}){1}.', code, serverMessage ? `: ${serverMessage}` : '');
      return serverMessage || l10n.t('The Kubernetes API answered {0}.', code);
  }
}
