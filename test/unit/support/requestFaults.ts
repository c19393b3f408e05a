import * as http from 'node:http';
import { Readable } from 'node:stream';
import { EmulatorServer } from '../../emulator/api/server';

/** One request as a fault rule sees it (the body only for writes). */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface FaultRule {
  readonly method?: string;
  /** Matched against the path without the query. */
  readonly path?: RegExp;
  readonly body?: RegExp;
  /** Matching requests let through before the fault starts. */
  readonly skip?: number;
  /** How many matching requests fail (default: all until removed). */
  readonly times?: number;
  /** An HTTP status to answer with, 'drop' to cut the connection without an answer, or 'hold' to pass it on once `release` settles. */
  readonly fail: number | 'drop' | 'hold';
  readonly release?: Promise<unknown>;
}

export interface InstalledFault {
  /** Matching requests seen, and how many of them were failed. */
  readonly seen: SeenRequest[];
  failed: number;
  remove(): void;
}

const STATUS_REASON: Record<number, string> = {
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * Fails chosen requests of the emulator (the server's own faults only count requests): for example
 * "503 on every PATCH of configmaps/compute.etl that clears the operation marker". Wraps the
 * server's request handler; `remove()` puts it back.
 */
export function injectFault(server: EmulatorServer, rule: FaultRule): InstalledFault {
  const s = server as unknown as { handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> };
  const next = s.handle;
  let matched = 0;
  let active = true;
  const installed: InstalledFault = {
    seen: [],
    failed: 0,
    remove() {
      active = false;
    },
  };
  s.handle = async function (this: unknown, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://emulator');
    const method = req.method ?? 'GET';
    if (!active || (rule.method && rule.method !== method) || (rule.path && !rule.path.test(url.pathname)))
      return next.call(server, req, res);
    let body = '';
    let forwarded: http.IncomingMessage = req;
    if (method !== 'GET') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const bytes = Buffer.concat(chunks);
      body = bytes.toString('utf8');
      forwarded = Object.assign(Readable.from(bytes.length ? [bytes] : []), {
        headers: req.headers,
        headersDistinct: req.headersDistinct,
        method: req.method,
        url: req.url,
        socket: req.socket,
      }) as unknown as http.IncomingMessage;
    }
    if (rule.body && !rule.body.test(body)) return next.call(server, forwarded, res);
    matched++;
    installed.seen.push({ method, path: url.pathname, query: url.searchParams, body });
    const n = matched - (rule.skip ?? 0);
    if (n <= 0 || (rule.times !== undefined && n > rule.times)) return next.call(server, forwarded, res);
    installed.failed++;
    if (rule.fail === 'hold') {
      await rule.release?.catch(() => undefined);
      return next.call(server, forwarded, res);
    }
    if (rule.fail === 'drop') {
      req.socket.destroy();
      return;
    }
    const code = rule.fail;
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code,
        reason: STATUS_REASON[code] ?? 'InternalError',
        message: `injected fault (${code})`,
      }),
    );
  };
  return installed;
}

/** Removes every fault injected by `injectFault` on this server and resets the server's own faults. */
export function clearFaults(server: EmulatorServer, installed: InstalledFault[]): void {
  for (const f of installed.splice(0)) f.remove();
  server.faults.latencyMs = 0;
  server.faults.failNext = undefined;
  server.faults.goneOnNextWatch = false;
}
