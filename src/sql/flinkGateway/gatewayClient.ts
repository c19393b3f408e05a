import * as http from 'node:http';
import * as l10n from '@vscode/l10n';
import { GatewayHttpError } from './gatewayErrors';
import type { WireFetchResults } from './gatewayWire';

export interface GatewayClientOptions {
  /** `http://127.0.0.1:<port>`: the forward to the gateway's 8083. */
  readonly baseUrl: string;
  /** The REST API version; Flink 1.20 serves v1–v3 and v3 is its default. */
  readonly version?: 'v1' | 'v2' | 'v3';
  /** Per request; a fetch of results answers at once, so this bounds a stalled forward. */
  readonly timeoutMs?: number;
  /** Waits between fetches while the result has nothing new (doubling from the first to the last). */
  readonly pollMs?: readonly [number, number];
}

/** An operation's results fetched until end of stream: each answer with rows, or the first one, or EOS. */
export interface ResultPage {
  readonly page: WireFetchResults;
  readonly token: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

export const abortError = (): Error => Object.assign(new Error(l10n.t('The statement was cancelled.')), { name: 'AbortError' });

/**
 * The Flink SQL Gateway's REST API (flink-sql-gateway's SqlGatewayRestEndpoint): sessions,
 * statements, results by token until end of stream, cancel and close of an operation.
 */
export class FlinkGatewayClient {
  private readonly origin: URL;
  private readonly version: string;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly timeoutMs: number;
  private readonly pollMs: readonly [number, number];

  constructor(opts: GatewayClientOptions) {
    this.origin = new URL(opts.baseUrl);
    if (this.origin.protocol !== 'http:') throw new Error(l10n.t('The SQL Gateway address must be an http: URL, not {0}.', opts.baseUrl));
    this.version = opts.version ?? 'v3';
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.pollMs = opts.pollMs ?? [20, 500];
  }

  get baseUrl(): string {
    return this.origin.origin;
  }

  async info(signal?: AbortSignal): Promise<{ productName?: string; version?: string }> {
    return this.call('GET', '/info', undefined, signal);
  }

  async apiVersions(signal?: AbortSignal): Promise<string[]> {
    return (await this.call<{ versions?: string[] }>('GET', '/api_versions', undefined, signal)).versions ?? [];
  }

  async openSession(opts: { properties?: Record<string, string>; sessionName?: string } = {}, signal?: AbortSignal): Promise<string> {
    const r = await this.call<{ sessionHandle?: string }>('POST', '/sessions', opts, signal);
    if (!r.sessionHandle) throw new GatewayHttpError('POST /sessions', 200, [l10n.t('The SQL Gateway opened no session.')]);
    return r.sessionHandle;
  }

  async closeSession(session: string, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `/sessions/${session}`, undefined, signal);
  }

  async sessionConfig(session: string, signal?: AbortSignal): Promise<Record<string, string>> {
    return (await this.call<{ properties?: Record<string, string> }>('GET', `/sessions/${session}`, undefined, signal)).properties ?? {};
  }

  async heartbeat(session: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', `/sessions/${session}/heartbeat`, {}, signal);
  }

  /** DDL, USE and SET without a result: answered once applied. */
  async configureSession(session: string, statement: string, signal?: AbortSignal): Promise<void> {
    await this.call('POST', `/sessions/${session}/configure-session`, { statement }, signal);
  }

  /** Submits a statement; its results are fetched by token from the operation it returns. */
  async executeStatement(
    session: string,
    statement: string,
    signal?: AbortSignal,
    executionConfig?: Record<string, string>,
  ): Promise<string> {
    const body = executionConfig ? { statement, executionConfig } : { statement };
    const r = await this.call<{ operationHandle?: string }>('POST', `/sessions/${session}/statements`, body, signal);
    if (!r.operationHandle) throw new GatewayHttpError('POST /statements', 200, [l10n.t('The SQL Gateway returned no operation.')]);
    return r.operationHandle;
  }

  /** One fetch: by token, or by the `nextResultUri` the previous answer gave. */
  fetchResults(session: string, operation: string, next: number | string, signal?: AbortSignal): Promise<WireFetchResults> {
    const path =
      typeof next === 'number' ? `/sessions/${session}/operations/${operation}/result/${next}?rowFormat=JSON` : next.replace(/^\/v\d+/, '');
    return this.call<WireFetchResults>('GET', path, undefined, signal);
  }

  async operationStatus(session: string, operation: string, signal?: AbortSignal): Promise<string> {
    return (
      (await this.call<{ status?: string }>('GET', `/sessions/${session}/operations/${operation}/status`, undefined, signal)).status ?? ''
    );
  }

  async cancelOperation(session: string, operation: string, signal?: AbortSignal): Promise<string> {
    return (await this.call<{ status?: string }>('POST', `/sessions/${session}/operations/${operation}/cancel`, {}, signal)).status ?? '';
  }

  async closeOperation(session: string, operation: string, signal?: AbortSignal): Promise<string> {
    return (
      (await this.call<{ status?: string }>('DELETE', `/sessions/${session}/operations/${operation}/close`, undefined, signal)).status ?? ''
    );
  }

  /**
   * Fetches until end of stream, following `nextResultUri`. NOT_READY and empty answers are
   * waited out (the gateway does not hold a fetch open); the consumer's `await` between pages is
   * the backpressure: nothing more is asked for until it is done with a page.
   */
  async *results(session: string, operation: string, signal: AbortSignal): AsyncGenerator<ResultPage> {
    let next: number | string = 0;
    let token = 0;
    let wait = this.pollMs[0];
    let first = true;
    for (;;) {
      const page = await this.fetchResults(session, operation, next, signal);
      const rows = page.results?.data.length ?? 0;
      if (page.resultType !== 'NOT_READY' && (first || rows > 0 || !page.nextResultUri)) {
        first = false;
        wait = this.pollMs[0];
        yield { page, token };
      } else {
        await sleep(wait, signal);
        wait = Math.min(this.pollMs[1], wait * 2);
      }
      if (!page.nextResultUri) return;
      next = page.nextResultUri;
      const t = /\/result\/(\d+)/.exec(next);
      if (t) token = Number(t[1]);
    }
  }

  dispose(): void {
    this.agent.destroy();
  }

  private call<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const request = `${method} /${this.version}${path.split('?')[0]}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const req = http.request(
        new URL(`/${this.version}${path}`, this.origin),
        {
          method,
          agent: this.agent,
          signal,
          timeout: this.timeoutMs,
          headers: payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Accept: 'application/json' }
            : { Accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300 && parsed && typeof parsed === 'object') return resolve(parsed as T);
            const errors = Array.isArray(parsed?.errors)
              ? (parsed.errors as unknown[]).map(String)
              : [text.slice(0, 2000) || `HTTP ${status}`];
            reject(new GatewayHttpError(request, status, errors));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(l10n.t('The SQL Gateway did not answer {0} within {1} s.', request, this.timeoutMs / 1000)), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
      req.on('error', (e: NodeJS.ErrnoException) => reject(signal?.aborted ? abortError() : e));
      req.end(payload);
    });
  }
}
