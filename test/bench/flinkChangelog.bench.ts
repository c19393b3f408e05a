/**
 * Flink changelog rows per second (issue 19): a grouped query over a datagen table on the
 * emulator's SQL Gateway, its `+I/-U/+U` rows fetched by token until end of stream. The product's
 * path (FlinkSqlEngine: the gateway client, the wire mapped to SqlCell rows with change kinds,
 * the events a results panel would get) is measured alternating with a bare reference: the same
 * fetches by token with `JSON.parse` and nothing else, on the same gateway, so the ratio is the
 * engine's own cost. Both go over loopback HTTP to a gateway in this process.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlinkSqlEngine } from '../../src/sql/flinkSqlEngine';
import { SqlGateway } from '../emulator/flink/sqlGateway/server';
import { bench, pct, runBench } from './report';

const ROWS = 200_000;
const ROUNDS = 3;
const DDL = `CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector'='datagen', 'rows-per-second'='2000000', 'number-of-rows'='${ROWS}', 'fields.user_id.min'='1', 'fields.user_id.max'='1000', 'fields.url.length'='8')`;
const QUERY = 'SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id';

function get(port: number, path: string, body?: unknown): Promise<any> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: payload ? 'POST' : 'GET', headers: payload ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The reference: open, create, execute and fetch by token with nothing but JSON.parse. */
async function bare(port: number): Promise<{ rows: number; ms: number }> {
  const s = (await get(port, '/v3/sessions', {})).sessionHandle;
  await get(port, `/v3/sessions/${s}/configure-session`, { statement: DDL });
  const started = performance.now();
  const op = (await get(port, `/v3/sessions/${s}/statements`, { statement: QUERY })).operationHandle;
  let next: string | undefined = `/v3/sessions/${s}/operations/${op}/result/0?rowFormat=JSON`;
  let rows = 0;
  while (next) {
    const page: any = await get(port, next);
    const n = page.results?.data.length ?? 0;
    rows += n;
    next = page.nextResultUri;
    if (!n && next) await new Promise((r) => setTimeout(r, 5));
  }
  return { rows, ms: performance.now() - started };
}

async function product(engine: FlinkSqlEngine): Promise<{ rows: number; ms: number }> {
  const session = await engine.open({ kind: 'session', namespace: 'bench', name: 'flow' }, AbortSignal.timeout(60_000));
  const quiet = { progress: () => undefined, shape: () => undefined, rows: () => undefined };
  await session.execute(DDL, quiet, AbortSignal.timeout(60_000));
  let rows = 0;
  const started = performance.now();
  await session.execute(
    QUERY,
    {
      ...quiet,
      rows: (r, kinds) => {
        rows += r.length;
        if (kinds?.length !== r.length) throw new Error('a changelog row without its kind');
      },
    },
    AbortSignal.timeout(120_000),
  );
  const ms = performance.now() - started;
  await session.close();
  return { rows, ms };
}

async function main(): Promise<void> {
  const gateway = new SqlGateway();
  const server = gateway.server();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const engine = new FlinkSqlEngine({ endpoint: async () => ({ baseUrl: `http://127.0.0.1:${port}` }), pollMs: [5, 5] });
  const ours: number[] = [];
  const refs: number[] = [];
  try {
    await product(engine); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      const a = await product(engine);
      ours.push((a.rows / a.ms) * 1000);
      const b = await bare(port);
      refs.push((b.rows / b.ms) * 1000);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  bench('flink_changelog_rows_per_second', Math.round(pct(ours, 50)), 'rows/s');
  bench('bare_gateway_fetch_rows_per_second', Math.round(pct(refs, 50)), 'rows/s');
}

runBench(main);
