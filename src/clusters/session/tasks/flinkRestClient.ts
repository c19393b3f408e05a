import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as l10n from '@vscode/l10n';
import type {
  CheckpointStatistics,
  ClusterOverview,
  FlinkRest,
  JarRunRequest,
  JobConfig,
  VertexTaskManager,
  JobDetails,
  JobExceptions,
  JobOverview,
  SavepointResult,
  TaskManagerInfo,
  UploadProgress,
} from './flinkRest';
import { FlinkRestError, httpError, networkError } from './flinkRestError';

export { FlinkRestError, type FlinkRestErrorReason } from './flinkRestError';

export interface FlinkRestClientOptions {
  /**
   * How long a request may wait for its whole answer, in ms; for a jar upload, how long it may go
   * without progress (a large jar over a slow forward takes as long as it takes). Default 30 s.
   */
  readonly timeoutMs?: number;
  /** The largest answer read, in bytes (default 32 MiB); a larger one is refused, not buffered. */
  readonly maxBodyBytes?: number;
  /** The first wait between polls of a savepoint operation, in ms (default 250); it grows by half each poll. */
  readonly pollIntervalMs?: number;
  /** The longest wait between polls (default 2 s). */
  readonly maxPollIntervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const UPLOAD_CHUNK_BYTES = 256 * 1024;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Upload {
  readonly head: Buffer;
  readonly content: Uint8Array;
  readonly tail: Buffer;
  readonly contentType: string;
  readonly progress?: UploadProgress;
}

interface Call {
  readonly method: Method;
  readonly path: string;
  readonly json?: unknown;
  readonly upload?: Upload;
  readonly signal?: AbortSignal;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfter?: string;
}

type Json = Record<string, unknown>;

/**
 * The JobManager's REST API over HTTP, at a base URL such as `http://127.0.0.1:<port>` (the
 * product's port-forward to `<name>-rest`). Connections are kept alive between requests, so
 * polling does not open a new forward stream each time; `dispose()` closes them.
 */
export class FlinkRestClient implements FlinkRest {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 6 });

  constructor(baseUrl: string, opts: FlinkRestClientOptions = {}) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:') throw new Error(l10n.t('The JobManager REST address must be an http: URL, not {0}.', baseUrl));
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.baseUrl = this.origin + this.prefix;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
    this.pollMs = opts.pollIntervalMs ?? 250;
    this.maxPollMs = opts.maxPollIntervalMs ?? 2000;
  }

  /** Closes the kept-alive connections. */
  dispose(): void {
    this.agent.destroy();
  }

  async overview(signal?: AbortSignal): Promise<ClusterOverview> {
    const r = '/overview';
    const body = await this.json({ method: 'GET', path: r, signal });
    return fields(body, `GET ${r}`, {
      taskmanagers: 'number',
      'slots-total': 'number',
      'slots-available': 'number',
      'jobs-running': 'number',
      'flink-version': 'string',
    }) as unknown as ClusterOverview;
  }

  async taskManagers(signal?: AbortSignal): Promise<readonly TaskManagerInfo[]> {
    const r = '/taskmanagers';
    const body = await this.json({ method: 'GET', path: r, signal });
    return items(body, 'taskmanagers', `GET ${r}`, {
      id: 'string',
      slotsNumber: 'number',
      freeSlots: 'number',
    }) as unknown as TaskManagerInfo[];
  }

  async uploadJar(fileName: string, content: Uint8Array, progress?: UploadProgress, signal?: AbortSignal): Promise<string> {
    const r = '/jars/upload';
    const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    let boundary = '';
    do boundary = `----DataClustersJar${randomBytes(12).toString('hex')}`;
    while (bytes.includes(boundary));
    const name = fileName.replace(/^.*[\\/]/, '').replace(/["\\\r\n]/g, '_');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${name}"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = await this.json({
      method: 'POST',
      path: r,
      upload: { head, content: bytes, tail, contentType: `multipart/form-data; boundary=${boundary}`, progress },
      signal,
    });
    const answer = fields(body, `POST ${r}`, { filename: 'string' });
    if (answer.status !== undefined && answer.status !== 'success')
      throw badResponse(`POST ${r}`, l10n.t('the upload status is {0}, not success', String(answer.status)));
    const id = (answer.filename as string).split('/').pop() ?? '';
    if (!id) throw badResponse(`POST ${r}`, l10n.t('the answer names no jar file'));
    return id;
  }

  async runJar(jarId: string, request: JarRunRequest, signal?: AbortSignal): Promise<{ readonly jobid: string }> {
    const r = `/jars/${seg(jarId)}/run`;
    const json = {
      entryClass: request.entryClass,
      programArgsList: request.programArgsList,
      parallelism: request.parallelism,
      savepointPath: request.savepointPath,
      allowNonRestoredState: request.allowNonRestoredState,
    };
    const body = await this.json({ method: 'POST', path: r, json, signal });
    return { jobid: fields(body, `POST ${r}`, { jobid: 'string' }).jobid as string };
  }

  async deleteJar(jarId: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: `/jars/${seg(jarId)}`, signal });
  }

  async jobsOverview(signal?: AbortSignal): Promise<readonly JobOverview[]> {
    const r = '/jobs/overview';
    const body = await this.json({ method: 'GET', path: r, signal });
    return items(body, 'jobs', `GET ${r}`, { jid: 'string', name: 'string', state: 'string' }) as unknown as JobOverview[];
  }

  async job(jobId: string, signal?: AbortSignal): Promise<JobDetails> {
    const r = `/jobs/${seg(jobId)}`;
    const body = await this.json({ method: 'GET', path: r, signal });
    const job = fields(body, `GET ${r}`, { jid: 'string', name: 'string', state: 'string', vertices: 'array' });
    items(job, 'vertices', `GET ${r}`, { id: 'string', name: 'string' });
    return job as unknown as JobDetails;
  }

  async exceptions(jobId: string, maxExceptions?: number, signal?: AbortSignal): Promise<JobExceptions> {
    const q = maxExceptions === undefined ? '' : `?maxExceptions=${Math.max(0, Math.floor(maxExceptions))}`;
    const r = `/jobs/${seg(jobId)}/exceptions${q}`;
    const body = await this.json({ method: 'GET', path: r, signal });
    const history = fields(fields(body, `GET ${r}`, { exceptionHistory: 'object' }).exceptionHistory, `GET ${r}: exceptionHistory`, {
      entries: 'array',
    });
    items(history, 'entries', `GET ${r}`, { exceptionName: 'string', stacktrace: 'string', timestamp: 'number' });
    return body as unknown as JobExceptions;
  }

  async checkpoints(jobId: string, signal?: AbortSignal): Promise<CheckpointStatistics> {
    const r = `/jobs/${seg(jobId)}/checkpoints`;
    const body = await this.json({ method: 'GET', path: r, signal });
    const stats = fields(body, `GET ${r}`, { counts: 'object', latest: 'object', history: 'array' });
    items(stats, 'history', `GET ${r}`, { id: 'number', status: 'string' });
    return stats as unknown as CheckpointStatistics;
  }

  async vertexTaskManagers(jobId: string, vertexId: string, signal?: AbortSignal): Promise<readonly VertexTaskManager[]> {
    const r = `/jobs/${seg(jobId)}/vertices/${seg(vertexId)}/taskmanagers`;
    const body = await this.json({ method: 'GET', path: r, signal });
    const info = fields(body, `GET ${r}`, { taskmanagers: 'array' });
    return info.taskmanagers as VertexTaskManager[];
  }

  async jobConfig(jobId: string, signal?: AbortSignal): Promise<JobConfig> {
    const r = `/jobs/${seg(jobId)}/config`;
    const body = await this.json({ method: 'GET', path: r, signal });
    return fields(body, `GET ${r}`, { jid: 'string' }) as unknown as JobConfig;
  }

  async stopWithSavepoint(jobId: string, targetDirectory?: string, drain = false, signal?: AbortSignal): Promise<string> {
    const r = `/jobs/${seg(jobId)}/stop`;
    const body = await this.json({ method: 'POST', path: r, json: { targetDirectory, drain }, signal });
    return fields(body, `POST ${r}`, { 'request-id': 'string' })['request-id'] as string;
  }

  async savepointResult(jobId: string, triggerId: string, signal?: AbortSignal): Promise<SavepointResult> {
    const r = `/jobs/${seg(jobId)}/savepoints/${seg(triggerId)}`;
    let wait = this.pollMs;
    for (;;) {
      const body = fields(await this.json({ method: 'GET', path: r, signal }), `GET ${r}`, { status: 'object' });
      const status = fields(body.status, `GET ${r}: status`, { id: 'string' }).id;
      if (status === 'COMPLETED') return savepointOutcome(body.operation, `GET ${r}`);
      if (status !== 'IN_PROGRESS') throw badResponse(`GET ${r}`, l10n.t('the operation status is {0}', String(status)));
      await sleep(wait, signal);
      wait = Math.min(this.maxPollMs, Math.round(wait * 1.5));
    }
  }

  async cancel(jobId: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'PATCH', path: `/jobs/${seg(jobId)}?mode=cancel`, signal });
  }

  // ---- transport ----------------------------------------------------------------------------------

  /** One call, its answer parsed as a JSON object; a GET whose kept-alive connection had closed is sent again once. */
  private async json(c: Call): Promise<Json> {
    let answer: Answer;
    try {
      answer = await this.send(c);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      answer = await this.send(c);
    }
    const request = `${c.method} ${c.path}`;
    if (answer.status < 200 || answer.status >= 300) throw httpError(c.method, c.path, answer.status, answer.text, answer.retryAfter);
    if (!answer.text.trim()) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw badResponse(request, l10n.t('the answer ({0}) is not JSON: {1}', answer.status, preview(answer.text)));
    }
    if (!isObject(parsed)) throw badResponse(request, l10n.t('the answer is not a JSON object: {0}', preview(answer.text)));
    return parsed;
  }

  private send(c: Call): Promise<Answer> {
    const request = `${c.method} ${c.path}`;
    const payload = c.json === undefined ? undefined : Buffer.from(JSON.stringify(c.json));
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    if (c.upload) {
      headers['Content-Type'] = c.upload.contentType;
      headers['Content-Length'] = c.upload.head.length + c.upload.content.byteLength + c.upload.tail.length;
    } else if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    } else if (c.method !== 'GET') headers['Content-Length'] = 0;

    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      let answered = false;
      let timer: NodeJS.Timeout | undefined;
      let sent = 0;
      const finish = (err: Error | undefined, answer?: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          req.destroy();
          reject(err);
        } else {
          // An answer that came before the whole upload was sent leaves the connection unusable.
          if (!req.writableFinished) req.destroy();
          resolve(answer!);
        }
      };
      const seconds = Math.round(this.timeoutMs / 100) / 10;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const message = c.upload
            ? l10n.t(
                'The upload to the JobManager at {0} made no progress for {1} s ({2} of {3} bytes sent): the forward or the JobManager is stalled.',
                this.baseUrl,
                seconds,
                sent,
                c.upload.content.byteLength,
              )
            : l10n.t(
                'The JobManager at {0} did not answer {1} within {2} s: it may be overloaded or paused.',
                this.baseUrl,
                request,
                seconds,
              );
          finish(new FlinkRestError(message, 'Timeout', request));
        }, this.timeoutMs);
      };

      const req = http.request(
        new URL(this.prefix + c.path, this.origin),
        { method: c.method, headers, agent: this.agent, signal: c.signal },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxBodyBytes)
              return finish(badResponse(request, l10n.t('the answer is larger than {0}', bytesText(this.maxBodyBytes))));
            chunks.push(chunk);
            if (c.upload) arm();
          });
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            finish(undefined, {
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            });
          });
          res.on('error', (e) => finish(this.mapError(c, e, req.reusedSocket)));
          res.on('close', () => {
            if (!res.complete) finish(this.mapError(c, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), false));
          });
        },
      );
      req.on('error', (e) => finish(this.mapError(c, e, req.reusedSocket && !answered && sent === 0)));
      arm();

      if (!c.upload) return void req.end(payload);
      const { head, content, tail, progress } = c.upload;
      const total = content.byteLength;
      const writeAll = async () => {
        progress?.(0, total);
        req.write(head);
        while (sent < total && !settled && !answered) {
          const chunk = content.subarray(sent, sent + UPLOAD_CHUNK_BYTES);
          const flowing = req.write(chunk);
          sent += chunk.length;
          if (!flowing)
            await new Promise<void>((r) => {
              const go = () => {
                req.off('drain', go);
                req.off('close', go);
                r();
              };
              req.on('drain', go);
              req.on('close', go);
            });
          if (settled || answered) break;
          arm();
          progress?.(sent, total);
        }
        if (!settled && !answered) req.end(tail);
      };
      void writeAll();
    });
  }

  private mapError(c: Call, e: Error, staleReuse: boolean): Error {
    if ((e as { name?: string }).name === 'AbortError') return e;
    const err = e as NodeJS.ErrnoException;
    // A kept-alive connection the other end closed while idle: safe to send a GET again.
    if (staleReuse && c.method === 'GET' && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return new StaleConnection();
    return networkError(c.method, c.path, this.baseUrl, err);
  }
}

class StaleConnection extends Error {}

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): Kind | 'null' | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind | 'undefined';
}

/** Checks that `v` is an object whose named fields have the kinds given; answers it. */
function fields(v: unknown, request: string, want: Readonly<Record<string, Kind>>): Json {
  if (!isObject(v)) throw badResponse(request, l10n.t('expected an object, got {0}', kindOf(v)));
  for (const [k, kind] of Object.entries(want))
    if (kindOf(v[k]) !== kind) throw badResponse(request, l10n.t('"{0}" is {1}, not {2}', k, kindOf(v[k]), kind));
  return v;
}

/** Checks that `v[key]` is an array of objects with the fields given; answers the array. */
function items(v: unknown, key: string, request: string, want: Readonly<Record<string, Kind>>): Json[] {
  const list = fields(v, request, { [key]: 'array' })[key] as unknown[];
  list.forEach((item, i) => fields(item, `${request}: ${key}[${i}]`, want));
  return list as Json[];
}

function savepointOutcome(operation: unknown, request: string): SavepointResult {
  if (isObject(operation) && typeof operation.location === 'string') return { location: operation.location };
  const cause = isObject(operation) ? operation['failure-cause'] : undefined;
  if (isObject(cause)) {
    const trace = typeof cause['stack-trace'] === 'string' ? cause['stack-trace'] : typeof cause.class === 'string' ? cause.class : '';
    const first = trace.split(/\r?\n/)[0].trim();
    return { failure: first || l10n.t('The savepoint failed and Flink gave no reason.') };
  }
  throw badResponse(request, l10n.t('a completed operation with neither a location nor a failure cause'));
}

function badResponse(request: string, what: string): FlinkRestError {
  return new FlinkRestError(
    l10n.t('The JobManager answered {0} with something Flink does not send: {1}.', request, what),
    'BadResponse',
    request,
  );
}

const preview = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
};

const bytesText = (n: number): string => (n >= 1048576 ? l10n.t('{0} MiB', Math.round(n / 1048576)) : l10n.t('{0} bytes', n));

const seg = (s: string): string => encodeURIComponent(s);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return Object.assign(new Error(l10n.t('The request was aborted.')), { name: 'AbortError', cause: reason });
}
