import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import * as l10n from '@vscode/l10n';
import { KubeApiError } from './kubeApiError';

/** How long a connection may stay idle in the pool: well below the idle timeouts API servers and load balancers apply. */
const IDLE_SOCKET_MS = 15_000;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * HTTP to the Kubernetes API with the credentials client-node derives from the kubeconfig (tokens,
 * client certificates, exec and OIDC plugins, refreshed as they expire). Requests and watch
 * streams go through one place, so every failure becomes a KubeApiError that keeps the server's
 * Status, and Retry-After, which client-node's own Watch drops.
 */
export class KubeTransport {
  /** Requests sent, watch streams included: the benchmark counts requests at idle with it. */
  requestCount = 0;
  readonly server: string;
  /**
   * One keep-alive agent for every request. client-node's applyToHTTPSOptions makes a new Agent per
   * call, so each request would open a TCP connection and a full TLS handshake of its own, and close
   * it afterwards. Shared, a request reuses an idle connection, and a new connection resumes the TLS
   * session of an earlier one. The agent keys its pools by the TLS options of each request (CA,
   * client certificate and key, server name), so rotated client certificates get connections of
   * their own. Idle connections close after IDLE_SOCKET_MS, before any API server drops them.
   */
  private readonly agent: https.Agent | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly defaultTimeoutMs = 30_000,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeApiError(l10n.t('The kubeconfig has no current cluster.'), 0, 'NoCluster');
    this.server = cluster.server.replace(/\/+$/, '');
    // A proxy's agent (client-node's own) and plain http keep their per-request agents.
    this.agent =
      cluster.proxyUrl || !this.server.startsWith('https:') ? undefined : new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  }

  /** Closes the idle connections; those in use finish their requests and close when idle. */
  dispose(): void {
    if (!this.agent) return;
    for (const list of Object.values(this.agent.freeSockets)) for (const s of list ?? []) s.destroy();
  }

  private async options(method: string, headers: Record<string, string>): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: 'application/json', 'User-Agent': 'data-clusters-vscode', ...headers },
    };
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (e) {
      throw credentialError(this.kc, e as NodeJS.ErrnoException);
    }
    // The CA, client certificate and key stay in the request's options, where the agent reads them.
    if (this.agent) opts.agent = this.agent;
    return opts;
  }

  private url(path: string, query?: RequestOptions['query']): URL {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * One API call. A 429 (the server did nothing) is retried for any method, a 5xx or network
   * failure only for GET (safe to repeat), at most `maxRetries` times, waiting as long as
   * Retry-After says or a short growing delay.
   */
  async request<T = any>(method: string, path: string, opts: RequestOptions & { maxRetries?: number } = {}): Promise<T> {
    const max = opts.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, path, opts);
      } catch (e) {
        const err = e as KubeApiError;
        const retryable =
          err instanceof KubeApiError &&
          !opts.signal?.aborted &&
          (err.code === 429 || (method === 'GET' && err.isTransient && err.reason !== 'Aborted'));
        if (!retryable || attempt >= max) throw e;
        const wait = err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 200 * 2 ** attempt;
        await new Promise((r) => setTimeout(r, Math.min(wait, 30_000)));
      }
    }
  }

  private async once<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
    const data = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string> = {};
    if (data !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(data));
    }
    const reqOpts = await this.options(method, headers);
    const url = this.url(path, opts.query);
    this.requestCount++;
    return new Promise<T>((resolve, reject) => {
      const req = (url.protocol === 'http:' ? http : https).request(url, { ...reqOpts, signal: opts.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(KubeApiError.fromNetwork(e as NodeJS.ErrnoException, this.server)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: keep the text */
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(body as T);
          else reject(KubeApiError.fromStatus(code, body, res.headers['retry-after']));
        });
      });
      req.setTimeout(opts.timeoutMs ?? this.defaultTimeoutMs, () =>
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', (e) =>
        reject(
          opts.signal?.aborted
            ? new KubeApiError(l10n.t('Cancelled.'), 0, 'Aborted')
            : KubeApiError.fromNetwork(e as NodeJS.ErrnoException, this.server),
        ),
      );
      req.end(data);
    });
  }

  /**
   * Opens a streaming GET and hands back the response once the server accepted it, so the caller
   * reads at its own pace (backpressure: an unread response pauses the socket).
   */
  async open(path: string, query: RequestOptions['query'], signal?: AbortSignal, accept = '*/*'): Promise<http.IncomingMessage> {
    const reqOpts = await this.options('GET', { Accept: accept });
    const url = this.url(path, query);
    this.requestCount++;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (url.protocol === 'http:' ? http : https).request(url, { ...reqOpts, signal }, (res) => {
        const code = res.statusCode ?? 0;
        // 204: nothing to stream yet (the log of a pod no node runs yet); the body is simply empty.
        if (code === 200 || code === 204) return resolve(res);
        void refusal(res).then(reject);
      });
      req.setTimeout(this.defaultTimeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('response', () => req.setTimeout(0));
      req.on('error', (e) =>
        reject(
          signal?.aborted
            ? new KubeApiError(l10n.t('Cancelled.'), 0, 'Aborted')
            : KubeApiError.fromNetwork(e as NodeJS.ErrnoException, this.server),
        ),
      );
      req.end();
    });
  }

  /**
   * Opens a streaming GET (watch, or follow of a log) and calls `onChunk` with each piece of the
   * body. Resolves when the server ends the stream, rejects with a KubeApiError when it refuses.
   */
  async stream(
    path: string,
    query: RequestOptions['query'],
    onChunk: (chunk: Buffer) => void,
    signal?: AbortSignal,
    accept = 'application/json',
    onOpen?: () => void,
  ): Promise<void> {
    let res: http.IncomingMessage;
    try {
      res = await this.open(path, query, signal, accept);
    } catch (e) {
      // Aborting before the server answered is how a caller stops: not an error.
      if (signal?.aborted) return;
      throw e;
    }
    onOpen?.();
    return new Promise<void>((resolve, reject) => {
      res.on('data', onChunk);
      res.on('end', () => resolve());
      res.on('close', () => resolve());
      res.on('error', (e) => (signal?.aborted ? resolve() : reject(KubeApiError.fromNetwork(e as NodeJS.ErrnoException, this.server))));
    });
  }
}

/** Reads a refused response (its Status body, or text) into a KubeApiError. */
function refusal(res: http.IncomingMessage): Promise<KubeApiError> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', () => undefined);
    res.on('end', () => {
      let body: unknown = Buffer.concat(chunks).toString('utf8');
      try {
        body = JSON.parse(body as string);
      } catch {
        /* keep text */
      }
      resolve(KubeApiError.fromStatus(res.statusCode ?? 0, body, res.headers['retry-after']));
    });
  });
}

/** Splits a byte stream into lines, holding a partial last line until its end arrives. */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: Buffer | string): void {
    const text = this.rest + chunk.toString();
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) if (l.length) this.onLine(l);
  }
  flush(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}

/**
 * A kubeconfig user whose credentials cannot be produced (an exec plugin missing or failing, an
 * OIDC refresh refused): said like a 401, since the cure is the same (log in, install the plugin,
 * or choose another context), with the plugin's own words, which usually name the login command.
 */
export function credentialError(kc: KubeConfig, err: NodeJS.ErrnoException): KubeApiError {
  const user = kc.getCurrentUser();
  const plugin = user?.exec?.command;
  const said = String(err.message ?? err)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 600);
  const message =
    plugin && err.code === 'ENOENT'
      ? l10n.t(
          'The credential plugin {0} that the kubeconfig user {1} runs is not installed or not on the PATH of VS Code. Install it, or choose another context.',
          plugin,
          user?.name ?? '',
        )
      : plugin
        ? l10n.t('The credential plugin {0} of the kubeconfig user {1} failed: {2}', plugin, user?.name ?? '', said)
        : l10n.t('Could not get credentials for the kubeconfig user {0}: {1}', user?.name ?? '', said);
  return new KubeApiError(message, 401, 'CredentialsUnavailable');
}
