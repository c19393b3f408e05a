import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangeKind, SqlCell, SqlResultShape } from '../../../shared/sql/sqlResult';
import { FlinkSqlEngine } from '../../../src/sql/flinkSqlEngine';
import { SqlError, SqlRunEvents, SqlTarget } from '../../../src/sql/sqlEngine';
import { PortForwardError } from '../../../src/kube/portForwardError';
import { SqlGateway } from '../../emulator/flink/sqlGateway/server';

const target: SqlTarget = { kind: 'session', namespace: 'analytics', name: 'orders-stream' };

function recorder(onRows?: (n: number) => void | Promise<void>) {
  const r = {
    phases: [] as string[],
    shapes: [] as SqlResultShape[],
    rows: [] as (readonly SqlCell[])[],
    kinds: [] as ChangeKind[],
    jobs: [] as string[],
    events: undefined as unknown as SqlRunEvents,
  };
  r.events = {
    progress: (p) => r.phases.push(p.phase),
    shape: (s) => r.shapes.push(s),
    rows: (rows, kinds) => {
      r.rows.push(...rows);
      if (kinds) r.kinds.push(...kinds);
      return onRows?.(r.rows.length);
    },
    job: (id) => r.jobs.push(id),
  };
  return r;
}

describe('FlinkSqlEngine on the emulated SQL Gateway', () => {
  let gateway: SqlGateway;
  let server: http.Server;
  let engine: FlinkSqlEngine;
  const asked: SqlTarget[] = [];
  const signal = () => new AbortController().signal;

  beforeEach(async () => {
    gateway = new SqlGateway();
    server = gateway.server();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = new FlinkSqlEngine({
      endpoint: async (t) => {
        asked.push(t);
        return { baseUrl };
      },
      pollMs: [5, 40],
    });
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('runs DDL as ok, a grouped query as a changelog with the job id, in one session', async () => {
    const session = await engine.open(target, signal());
    assert.deepEqual(asked.at(-1), target);
    const ddl = await session.execute(
      `CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector'='datagen', 'rows-per-second'='5000', 'number-of-rows'='500', 'fields.user_id.min'='1', 'fields.user_id.max'='5')`,
      recorder().events,
      signal(),
    );
    assert.deepEqual(ddl, { kind: 'ok', rowCount: 0, message: 'OK' });
    const r = recorder();
    const outcome = await session.execute('SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id', r.events, signal());
    assert.equal(outcome.kind, 'rows');
    assert.equal(outcome.rowCount, r.rows.length);
    assert.deepEqual(r.shapes, [
      {
        columns: [
          { name: 'user_id', type: 'INT' },
          { name: 'clicks', type: 'BIGINT NOT NULL' },
        ],
        changelog: true,
      },
    ]);
    assert.equal(r.jobs.length, 1);
    assert.match(r.jobs[0], /^[0-9a-f]{32}$/);
    assert.deepEqual(r.phases.slice(0, 3), ['submitted', 'running', 'fetching']);
    assert.equal(r.kinds.length, r.rows.length);
    assert.ok(r.kinds.includes('-U') && r.kinds.includes('+U'));
    const current = new Map<SqlCell, SqlCell>();
    r.rows.forEach((row, i) => (r.kinds[i] === '-U' ? current.delete(row[0]) : current.set(row[0], row[1])));
    assert.equal(
      [...current.values()].reduce<number>((a, b) => a + Number(b), 0),
      500,
    );
    await session.close();
  });

  it('an INSERT is submitted as a job: ok with its job id, told as the job event', async () => {
    const session = await engine.open(target, signal());
    const quiet = recorder().events;
    await session.execute("CREATE TABLE src (x INT) WITH ('connector'='datagen', 'rows-per-second'='100')", quiet, signal());
    await session.execute("CREATE TABLE sink (x INT) WITH ('connector'='blackhole')", quiet, signal());
    const r = recorder();
    const outcome = await session.execute('INSERT INTO sink SELECT x FROM src', r.events, signal());
    assert.equal(r.jobs.length, 1);
    assert.deepEqual(outcome, { kind: 'ok', rowCount: 0, message: `Job ID: ${r.jobs[0]}` });
    assert.deepEqual(r.shapes, []);
    assert.deepEqual(gateway.jobs, r.jobs);
    await assert.rejects(
      session.execute('INSERT INTO src SELECT x FROM sink', recorder().events, signal()),
      (e: SqlError) => e instanceof SqlError && /can only be used as a source/.test(e.message),
    );
    await session.close();
  });

  it('SET carries over in the session: batch mode makes results plain tables', async () => {
    const session = await engine.open(target, signal());
    await session.execute("SET 'execution.runtime-mode' = 'batch'", recorder().events, signal());
    const r = recorder();
    await session.execute('SELECT 1 AS one', r.events, signal());
    assert.equal(r.shapes[0].changelog, false);
    assert.deepEqual(r.rows, [[1]]);
    assert.deepEqual(r.kinds, []);
    await session.close();
  });

  it('aborting closes the operation and rejects with an AbortError', async () => {
    const session = await engine.open(target, signal());
    await session.execute(`CREATE TABLE t (x INT) WITH ('connector'='datagen', 'rows-per-second'='200')`, recorder().events, signal());
    const ac = new AbortController();
    const r = recorder((n) => {
      if (n >= 5) ac.abort();
    });
    await assert.rejects(session.execute('SELECT x FROM t', r.events, ac.signal), (e: Error) => e.name === 'AbortError');
    const s = [...gateway.sessions.values()][0];
    assert.equal(s.operations.size, 0, 'the operation was closed on the gateway');
    await session.close();
    assert.equal(gateway.sessions.size, 0);
  });

  it('gives the engine error with its position as a SqlError', async () => {
    const session = await engine.open(target, signal());
    await assert.rejects(
      session.execute('SELECT nope\nFROM missing', recorder().events, signal()),
      (e: SqlError) =>
        e instanceof SqlError &&
        e.details.reason === 'refused' &&
        e.details.line === 2 &&
        e.details.column === 6 &&
        /Object 'missing' not found/.test(e.message),
    );
    await session.close();
  });

  it('browses catalogs, databases, tables and columns in a session of its own', async () => {
    assert.deepEqual(await engine.catalog(target, [], signal()), [{ kind: 'catalog', name: 'default_catalog', path: ['default_catalog'] }]);
    assert.deepEqual(await engine.catalog(target, ['default_catalog'], signal()), [
      { kind: 'database', name: 'default_database', path: ['default_catalog', 'default_database'] },
    ]);
    // The gateway's in-memory catalog belongs to a session: a fresh one has no tables.
    assert.deepEqual(await engine.catalog(target, ['default_catalog', 'default_database'], signal()), []);
    assert.equal(gateway.sessions.size, 0, 'each browse closes its session');
  });

  it('says why the forward to the gateway was refused: RBAC is denied, no gateway pod is unreachable', async () => {
    const refused = (e: Error) => new FlinkSqlEngine({ endpoint: async () => Promise.reject(e) });
    await assert.rejects(
      refused(new PortForwardError('You may not create pods/portforward in analytics.', 'Forbidden', 403)).open(target, signal()),
      (e: SqlError) =>
        e instanceof SqlError && e.details.reason === 'denied' && e.message === 'You may not create pods/portforward in analytics.',
    );
    await assert.rejects(
      refused(new PortForwardError('Session cluster orders-stream has no ready SQL Gateway.', 'NoPod')).open(target, signal()),
      (e: SqlError) => e instanceof SqlError && e.details.reason === 'unreachable' && /no ready SQL Gateway/.test(e.message),
    );
  });

  it('says the gateway is unreachable when nothing listens', async () => {
    const dead = new FlinkSqlEngine({ endpoint: async () => ({ baseUrl: 'http://127.0.0.1:1' }) });
    await assert.rejects(dead.open(target, signal()), (e: SqlError) => e instanceof SqlError && e.details.reason === 'unreachable');
  });
});
