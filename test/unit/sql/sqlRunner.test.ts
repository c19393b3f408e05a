import * as assert from 'node:assert/strict';
import { SqlError, SqlTarget } from '../../../src/sql/sqlEngine';
import { SqlDocument, SqlRunner } from '../../../src/sql/sqlRunner';
import { splitStatements } from '../../../src/sql/statements';
import { FakeEngine, FakeResults } from './fakeSql';

const ETL: SqlTarget = { kind: 'compute', namespace: 'sales', name: 'sales-etl' };
const OTHER: SqlTarget = { kind: 'compute', namespace: 'sales', name: 'adhoc' };
const FRAUD: SqlTarget = { kind: 'session', namespace: 'risk', name: 'fraud-rules' };

function doc(text: string, uri = 'file:///ws/report.sql'): SqlDocument {
  return { uri, name: 'report.sql', text };
}

function setup() {
  const spark = new FakeEngine('spark');
  const flink = new FakeEngine('flink');
  const results = new FakeResults();
  const runner = new SqlRunner({ engines: (k) => (k === 'spark' ? spark : flink), results });
  return { spark, flink, results, runner };
}

describe('SQL runner', () => {
  it('runs a statement on the engine of the target, reporting to the results panel', async () => {
    const { spark, flink, results, runner } = setup();
    const d = doc('SELECT 1');
    const report = await runner.run(d, ETL, splitStatements(d.text));
    assert.deepEqual(report, { status: 'done', completed: 1 });
    assert.deepEqual(spark.sessions[0].executed, ['SELECT 1']);
    assert.equal(flink.opens, 0);
    assert.equal(results.runs.length, 1);
    const [run] = results.runs;
    assert.equal(run.request.statement, 'SELECT 1');
    assert.equal(run.request.documentUri, d.uri);
    assert.equal(run.request.engine, 'spark');
    assert.deepEqual(run.request.target, ETL);
    assert.deepEqual(run.events, ['progress:connecting', 'progress:submitted', 'shape:x', 'rows:1']);
    assert.equal(run.end, 'done');

    await runner.run(doc('SHOW TABLES', 'untitled:Untitled-1'), FRAUD, splitStatements('SHOW TABLES'));
    assert.deepEqual(flink.sessions[0].executed, ['SHOW TABLES']);
    assert.equal(results.runs[1].request.engine, 'flink');
  });

  it('keeps one session per document across runs, so SET and USE carry over', async () => {
    const { spark, runner } = setup();
    const d = doc('USE sales;\nSELECT * FROM orders');
    const [use, select] = splitStatements(d.text);
    await runner.run(d, ETL, [use]);
    await runner.run(d, ETL, [select]);
    await runner.run(doc('SELECT 2', 'file:///ws/other.sql'), ETL, splitStatements('SELECT 2'));
    assert.equal(spark.opens, 2);
    assert.deepEqual(spark.sessions[0].executed, ['USE sales', 'SELECT * FROM orders']);
    assert.deepEqual(spark.sessions[1].executed, ['SELECT 2']);
  });

  it('opens a new session when the document is bound to another cluster, closing the old one', async () => {
    const { spark, runner } = setup();
    const d = doc('SELECT 1');
    await runner.run(d, ETL, splitStatements(d.text));
    await runner.run(d, OTHER, splitStatements(d.text));
    assert.equal(spark.sessions.length, 2);
    assert.equal(spark.sessions[1].target, OTHER);
    await Promise.resolve();
    assert.equal(spark.sessions[0].closed, true);
    assert.equal(spark.sessions[1].closed, false);
    runner.close(d.uri);
    await Promise.resolve();
    assert.equal(spark.sessions[1].closed, true);
  });

  it('runs all statements in order and stops at the first error', async () => {
    const { spark, results, runner } = setup();
    const d = doc('CREATE TEMP VIEW v AS SELECT 1;\nSELECT * FROM sales.ordrs;\nSELECT 3;');
    spark.answers.set(
      'SELECT * FROM sales.ordrs',
      new SqlError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales`.`ordrs` cannot be found.', {
        reason: 'refused',
        line: 1,
        column: 15,
      }),
    );
    const report = await runner.run(d, ETL, splitStatements(d.text));
    assert.equal(report.status, 'failed');
    assert.equal(report.completed, 1);
    assert.deepEqual(spark.sessions[0].executed, ['CREATE TEMP VIEW v AS SELECT 1', 'SELECT * FROM sales.ordrs']);
    assert.deepEqual(
      results.runs.map((r) => r.end),
      ['done', 'failed'],
    );
    assert.match(results.runs[1].message ?? '', /TABLE_OR_VIEW_NOT_FOUND/);
    // The engine's line 1 column 15 is the statement's; in the document it is line 1 (0-based), character 14.
    assert.deepEqual(report.failure?.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 25 } });
    assert.equal(report.failure?.statement.text, 'SELECT * FROM sales.ordrs');
    assert.equal(report.failure?.reason, 'refused');
  });

  it('places a refusal without a position on the whole statement, and an unreachable engine nowhere', async () => {
    const { spark, runner } = setup();
    const d = doc('\n  SELECT nope');
    spark.answers.set('SELECT nope', new SqlError('syntax error', { reason: 'refused' }));
    const refused = await runner.run(d, ETL, splitStatements(d.text));
    assert.deepEqual(refused.failure?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } });

    spark.answers.set('SELECT nope', new SqlError('connection reset', { reason: 'unreachable' }));
    const lost = await runner.run(d, ETL, splitStatements(d.text));
    assert.equal(lost.failure?.range, undefined);
    assert.equal(lost.failure?.message, 'connection reset');
    // A session that lost its engine is not reused.
    spark.answers.delete('SELECT nope');
    await runner.run(d, ETL, splitStatements(d.text));
    assert.equal(spark.opens, 2);
  });

  it('cancel aborts the running statement in the engine and stops Run All', async () => {
    const { spark, results, runner } = setup();
    const d = doc('SELECT 1; SELECT sleep(1000); SELECT 3');
    spark.answers.set('SELECT sleep(1000)', 'hang');
    const running = runner.run(d, ETL, splitStatements(d.text));
    // Wait until the long statement is the one running.
    while (spark.sessions[0]?.executed.length !== 2) await new Promise((r) => setImmediate(r));
    assert.equal(runner.runningStatement(d.uri)?.text, 'SELECT sleep(1000)');
    assert.equal(runner.isRunning(d.uri), true);
    assert.equal(runner.cancel(d.uri), true);
    const report = await running;
    assert.deepEqual(report, { status: 'cancelled', completed: 1 });
    assert.deepEqual(spark.sessions[0].cancelled, ['SELECT sleep(1000)']);
    assert.deepEqual(spark.sessions[0].executed, ['SELECT 1', 'SELECT sleep(1000)']);
    assert.deepEqual(
      results.runs.map((r) => r.end),
      ['done', 'cancelled'],
    );
    assert.equal(runner.isRunning(d.uri), false);
    assert.equal(runner.cancel(d.uri), false, 'nothing left to cancel');
  });

  it("the results panel's Cancel aborts the run too", async () => {
    const { spark, results, runner } = setup();
    const d = doc('SELECT sleep(1000)');
    spark.answers.set('SELECT sleep(1000)', 'hang');
    const next = results.nextRun();
    const running = runner.run(d, ETL, splitStatements(d.text));
    const run = await next;
    run.request.cancel();
    assert.equal((await running).status, 'cancelled');
    assert.equal(run.end, 'cancelled');
  });

  it('cancel while connecting abandons the opening; the next run opens again', async () => {
    const { spark, runner } = setup();
    let release!: () => void;
    spark.openGate = new Promise((r) => (release = r));
    const d = doc('SELECT 1');
    const running = runner.run(d, ETL, splitStatements(d.text));
    await new Promise((r) => setImmediate(r));
    runner.cancel(d.uri);
    assert.equal((await running).status, 'cancelled');
    spark.openGate = undefined;
    release();
    assert.equal((await runner.run(d, ETL, splitStatements(d.text))).status, 'done');
    assert.equal(spark.opens, 2);
  });

  it('a new run on the document cancels the one going on', async () => {
    const { spark, runner } = setup();
    const d = doc('SELECT sleep(1000); SELECT 2');
    spark.answers.set('SELECT sleep(1000)', 'hang');
    const [long, short] = splitStatements(d.text);
    const first = runner.run(d, ETL, [long]);
    while (spark.sessions[0]?.executed.length !== 1) await new Promise((r) => setImmediate(r));
    const second = await runner.run(d, ETL, [short]);
    assert.equal((await first).status, 'cancelled');
    assert.equal(second.status, 'done');
    assert.equal(runner.isRunning(d.uri), false);
  });

  it("reads an engine's refusal made by another copy of SqlError (an engine bundled apart)", async () => {
    const { spark, runner } = setup();
    const foreign = Object.assign(new Error('[PARSE_SYNTAX_ERROR] near FORM'), {
      name: 'SqlError',
      details: { reason: 'refused', line: 1, column: 10 },
    });
    spark.answers.set('SELECT * FORM t', () => Promise.reject(foreign));
    const report = await runner.run(doc('SELECT * FORM t'), ETL, splitStatements('SELECT * FORM t'));
    assert.equal(report.failure?.reason, 'refused');
    assert.deepEqual(report.failure?.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
  });

  it('says clearly when the engine is missing', async () => {
    const results = new FakeResults();
    const runner = new SqlRunner({ engines: () => undefined, results });
    const report = await runner.run(doc('SELECT 1'), FRAUD, splitStatements('SELECT 1'));
    assert.equal(report.status, 'failed');
    assert.match(report.failure?.message ?? '', /Flink SQL is not available/);
    assert.equal(report.failure?.range, undefined);
    assert.equal(results.runs[0].end, 'failed');
  });

  it('an open refused by RBAC fails with the reason, without a position', async () => {
    const { spark, runner } = setup();
    spark.openError = new SqlError('pods "sales-etl-driver" is forbidden: cannot create pods/portforward', { reason: 'denied' });
    const report = await runner.run(doc('SELECT 1'), ETL, splitStatements('SELECT 1'));
    assert.equal(report.failure?.reason, 'denied');
    assert.match(report.failure?.message ?? '', /forbidden/);
    assert.equal(report.failure?.range, undefined);
  });

  it('tells listeners when a run starts, moves on and ends', async () => {
    const { runner } = setup();
    const heard: string[] = [];
    const d = doc('SELECT 1; SELECT 2');
    runner.onDidChangeRun((uri) => heard.push(`${uri}:${runner.runningStatement(uri)?.text ?? 'idle'}`));
    await runner.run(d, ETL, splitStatements(d.text));
    assert.deepEqual(heard, [`${d.uri}:SELECT 1`, `${d.uri}:SELECT 2`, `${d.uri}:idle`]);
  });

  it('runs a Flink statement again from a savepoint: SET before it and RESET after it, in the same session', async () => {
    const { flink, results, runner } = setup();
    const d = doc('SET parallelism.default = 2;\nINSERT INTO totals SELECT * FROM orders');
    const [set, insert] = splitStatements(d.text);
    await runner.run(d, FRAUD, [set]);
    await runner.run(d, FRAUD, [insert]);
    const stopped = results.runs[1];
    assert.ok(stopped.request.runAgainFromSavepoint, 'a Flink run offers to run again from a savepoint');
    const next = results.nextRun();
    stopped.request.runAgainFromSavepoint!("s3://sp/it's-1");
    const again = await next;
    await waitFor(() => again.end !== undefined && flink.sessions[0].executed.length === 5);
    assert.equal(flink.opens, 1, 'the same session');
    assert.deepEqual(flink.sessions[0].executed, [
      'SET parallelism.default = 2',
      'INSERT INTO totals SELECT * FROM orders',
      "SET 'execution.savepoint.path' = 's3://sp/it''s-1'",
      'INSERT INTO totals SELECT * FROM orders',
      "RESET 'execution.savepoint.path'",
    ]);
    assert.equal(again.request.statement, 'INSERT INTO totals SELECT * FROM orders');
    assert.equal(again.end, 'done');
    assert.equal(results.runs.length, 3, 'the SET and RESET are no runs of their own');
  });

  it('resets the savepoint after a run from it that is cancelled; Spark runs offer no savepoint', async () => {
    const { spark, flink, results, runner } = setup();
    flink.answers.set('SELECT * FROM orders', 'hang');
    const d = doc('SELECT * FROM orders');
    const [select] = splitStatements(d.text);
    const running = runner.runAgainFrom(d, FRAUD, select, 's3://sp/1');
    await waitFor(() => flink.sessions[0]?.executed.length === 2);
    runner.cancel(d.uri);
    assert.equal((await running).status, 'cancelled');
    assert.deepEqual(flink.sessions[0].executed.at(-1), "RESET 'execution.savepoint.path'");
    await runner.run(doc('SELECT 1'), ETL, splitStatements('SELECT 1'));
    assert.equal(results.runs.at(-1)!.request.runAgainFromSavepoint, undefined);
    assert.deepEqual(spark.sessions[0].executed, ['SELECT 1']);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(condition(), 'the condition came true');
}
