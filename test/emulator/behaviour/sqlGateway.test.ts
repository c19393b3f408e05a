import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SqlGateway } from '../flink/sqlGateway/server';
import { OpenApiSpec } from '../emulatorOnly/openApi';

/**
 * The emulator's SQL Gateway, spoken to over HTTP as the product does, with every answer checked
 * against the vendored `rest_v3_sql_gateway.yml` and, where the published schema describes the
 * Java beans rather than the wire, against what Flink 1.20's serializers write
 * (FetchResultsResponseBodySerializer, ResultInfoSerializer, LogicalTypeJsonSerializer).
 */
const spec = new OpenApiSpec(path.join(__dirname, '..', '..', '..', 'vendor', 'flink', 'rest_v3_sql_gateway.yml'));
const ERRORS = { type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { type: 'string' } } } };

const FETCH_KEYS = ['resultType', 'isQueryResult', 'jobID', 'resultKind', 'results', 'nextResultUri'];

describe('Emulator SQL Gateway: the REST API against its published spec', function () {
  this.timeout(20_000);
  let gateway: SqlGateway;
  let server: http.Server;
  let port = 0;

  before(async () => {
    gateway = new SqlGateway();
    server = gateway.server();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function call(method: string, urlPath: string, json?: unknown): Promise<{ status: number; body: any }> {
    const payload = json === undefined ? undefined : JSON.stringify(json);
    const reply = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: urlPath, method, headers: payload ? { 'Content-Type': 'application/json' } : {}, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    const specPath = urlPath.replace(/^\/v3/, '');
    const schema = reply.status === 200 ? spec.responseSchema(method, specPath, 200) : ERRORS;
    if (schema) assert.deepEqual(spec.validate(schema, reply.body), [], `${method} ${urlPath} → ${reply.status}`);
    return reply;
  }

  async function fetchAll(session: string, op: string): Promise<any[]> {
    const pages: any[] = [];
    let next: string | undefined = `/v3/sessions/${session}/operations/${op}/result/0?rowFormat=JSON`;
    for (let guard = 0; next && guard < 2000; guard++) {
      const { status, body } = await call('GET', next);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(
        Object.keys(body).filter((k) => !FETCH_KEYS.includes(k)),
        [],
      );
      if (body.resultType === 'NOT_READY') assert.deepEqual(Object.keys(body).sort(), ['nextResultUri', 'resultType']);
      else {
        assert.deepEqual(Object.keys(body.results), ['columns', 'rowFormat', 'data']);
        for (const c of body.results.columns) assert.deepEqual(Object.keys(c), ['name', 'logicalType', 'comment']);
        for (const r of body.results.data) assert.deepEqual(Object.keys(r), ['kind', 'fields']);
        pages.push(body);
      }
      next = body.nextResultUri;
      if (body.resultType !== 'EOS' && !body.results?.data.length) await new Promise((r) => setTimeout(r, 10));
    }
    return pages;
  }

  it('sessions, configuration, statements and results all answer as the spec says', async () => {
    assert.deepEqual((await call('GET', '/v3/api_versions')).body.versions, ['V1', 'V2', 'V3']);
    await call('GET', '/v3/info');
    const { body: opened } = await call('POST', '/v3/sessions', { sessionName: 'conformance', properties: {} });
    const s = opened.sessionHandle;
    assert.match(s, /^[0-9a-f-]{36}$/);
    await call('GET', `/v3/sessions/${s}`);
    await call('POST', `/v3/sessions/${s}/heartbeat`, {});
    await call('POST', `/v3/sessions/${s}/configure-session`, {
      statement:
        "CREATE TABLE orders (id BIGINT, region STRING, amount DOUBLE) WITH ('connector'='datagen','number-of-rows'='200','rows-per-second'='4000','fields.region.length'='1')",
    });
    const shown = await fetchAll(
      s,
      (await call('POST', `/v3/sessions/${s}/statements`, { statement: 'SHOW TABLES' })).body.operationHandle,
    );
    assert.deepEqual(shown[0].results.columns[0], {
      name: 'table name',
      logicalType: { type: 'VARCHAR', nullable: true, length: 2147483647 },
      comment: null,
    });
    assert.deepEqual(
      shown.flatMap((p) => p.results.data.map((r: any) => r.fields[0])),
      ['orders'],
    );
    assert.equal(shown.at(-1).resultType, 'EOS');

    const op = (
      await call('POST', `/v3/sessions/${s}/statements`, { statement: 'SELECT region, MAX(amount) AS top FROM orders GROUP BY region' })
    ).body.operationHandle;
    await call('GET', `/v3/sessions/${s}/operations/${op}/status`);
    const pages = await fetchAll(s, op);
    const kinds = new Set(pages.flatMap((p) => p.results.data.map((r: any) => r.kind)));
    assert.ok(kinds.has('INSERT') && kinds.has('UPDATE_BEFORE') && kinds.has('UPDATE_AFTER'), [...kinds].join());
    assert.ok(pages.every((p) => p.isQueryResult === true && p.resultKind === 'SUCCESS_WITH_CONTENT' && /^[0-9a-f]{32}$/.test(p.jobID)));
    await call('DELETE', `/v3/sessions/${s}/operations/${op}/close`);
    await call('DELETE', `/v3/sessions/${s}`);
  });

  it('a query over an unbounded source produces rows over time until cancelled', async () => {
    const s = (await call('POST', '/v3/sessions', {})).body.sessionHandle;
    await call('POST', `/v3/sessions/${s}/configure-session`, {
      statement: "CREATE TABLE ticks (n INT) WITH ('connector'='datagen','rows-per-second'='100')",
    });
    const op = (await call('POST', `/v3/sessions/${s}/statements`, { statement: 'SELECT n FROM ticks WHERE n >= 0' })).body.operationHandle;
    const seen: number[] = [];
    let next = `/v3/sessions/${s}/operations/${op}/result/0?rowFormat=JSON`;
    const started = Date.now();
    while (seen.length < 2) {
      const { body } = await call('GET', next);
      if (body.results?.data.length) seen.push(Date.now() - started);
      next = body.nextResultUri;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(seen[1] > seen[0], 'two batches came at different times');
    assert.equal((await call('POST', `/v3/sessions/${s}/operations/${op}/cancel`, {})).body.status, 'CANCELED');
    const after = await call('GET', next);
    assert.equal(after.status, 500);
    assert.equal(after.body.errors[0], 'Internal server error.');
  });

  it('errors are ErrorResponseBody: a refused statement at fetch time, unknown paths and sessions', async () => {
    const s = (await call('POST', '/v3/sessions', {})).body.sessionHandle;
    const op = (await call('POST', `/v3/sessions/${s}/statements`, { statement: 'SELECT x FROM nowhere' })).body.operationHandle;
    let reply = await call('GET', `/v3/sessions/${s}/operations/${op}/result/0?rowFormat=JSON`);
    while (reply.status === 200 && reply.body.resultType === 'NOT_READY') reply = await call('GET', reply.body.nextResultUri);
    assert.equal(reply.status, 500);
    assert.match(reply.body.errors[1], /^<Exception on server side:\n/);
    assert.match(
      reply.body.errors[1],
      /Caused by: org\.apache\.flink\.table\.api\.ValidationException: SQL validation failed\. From line 1, column 15 to line 1, column 21: Object 'nowhere' not found/,
    );
    assert.match(reply.body.errors[1], /End of exception on server side>$/);
    assert.equal((await call('GET', '/v3/nothing')).status, 404);
    assert.equal((await call('GET', '/v3/sessions/00000000-0000-0000-0000-000000000000')).status, 500);
  });
});
