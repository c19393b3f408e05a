import * as assert from 'node:assert/strict';
import type { Cluster, ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { SqlError, SqlTarget } from '../../../src/sql/sqlEngine';
import { SqlRunner } from '../../../src/sql/sqlRunner';
import { BINDINGS_KEY, BindingMemento, MAX_BINDINGS, MementoSqlBindings } from '../../../src/sqlEditor/sqlBindings';
import { SQL_COMMANDS, SqlEditorController } from '../../../src/sqlEditor/sqlEditorController';
import type {
  ClusterPickItem,
  SqlClusterSource,
  SqlDiagnostic,
  SqlEditorDocument,
  SqlEditorUi,
} from '../../../src/sqlEditor/sqlEditorPorts';
import { FakeEngine, FakeResults } from '../sql/fakeSql';

const compute = (name: string, state: ComputeCluster['state'], namespace = 'sales') =>
  ({ kind: 'compute', name, namespace, state }) as ComputeCluster;
const session = (name: string, status: SessionCluster['status'], namespace = 'risk') =>
  ({ kind: 'session', name, namespace, status }) as SessionCluster;

class FakeClusters implements SqlClusterSource {
  constructor(public clusters: Cluster[]) {}
  computeClusters = () => this.clusters.filter((c): c is ComputeCluster => c.kind === 'compute');
  sessionClusters = () => this.clusters.filter((c): c is SessionCluster => c.kind === 'session');
  get = (kind: string, namespace: string, name: string) =>
    this.clusters.find((c) => c.kind === kind && c.namespace === namespace && c.name === name);
}

class MapMemento implements BindingMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const ETL: SqlTarget = { kind: 'compute', namespace: 'sales', name: 'sales-etl' };
const FRAUD: SqlTarget = { kind: 'session', namespace: 'risk', name: 'fraud-rules' };

function setup(opts: { clusters?: Cluster[]; refusal?: (c: Cluster) => string | undefined; connected?: boolean } = {}) {
  const spark = new FakeEngine('spark');
  const flink = new FakeEngine('flink');
  const results = new FakeResults();
  const runner = new SqlRunner({ engines: (k) => (k === 'spark' ? spark : flink), results });
  const clusters = new FakeClusters(
    opts.clusters ?? [
      compute('sales-etl', 'ACTIVE'),
      compute('nightly', 'STOPPED'),
      session('fraud-rules', 'Running'),
      session('old', 'Disabled'),
    ],
  );
  const memento = new MapMemento();
  const diagnostics = new Map<string, readonly SqlDiagnostic[]>();
  const shown: { picks: (readonly ClusterPickItem[])[]; info: string[]; errors: string[] } = { picks: [], info: [], errors: [] };
  let answer: (items: readonly ClusterPickItem[]) => SqlTarget | undefined = () => undefined;
  let untitled = 0;
  const ui: SqlEditorUi = {
    pickCluster: async (items) => {
      shown.picks.push(items);
      return answer(items);
    },
    info: (t) => void shown.info.push(t),
    error: (t) => void shown.errors.push(t),
    openUntitled: async (text) => ({ uri: `untitled:Untitled-${++untitled}`, name: `Untitled-${untitled}`, text }),
  };
  const controller = new SqlEditorController({
    runner,
    clusters: () => (opts.connected === false ? undefined : clusters),
    refusal: opts.refusal,
    bindings: new MementoSqlBindings(memento),
    ui,
    diagnostics: { set: (uri, list) => void diagnostics.set(uri, list) },
  });
  return {
    spark,
    flink,
    results,
    runner,
    clusters,
    memento,
    diagnostics,
    shown,
    controller,
    answerWith: (a: typeof answer) => (answer = a),
  };
}

const doc = (text: string, uri = 'file:///ws/report.sql'): SqlEditorDocument => ({ uri, name: 'report.sql', text });

describe('SQL editor controller', () => {
  it('offers only ACTIVE compute and Running session clusters the user may reach', async () => {
    const t = setup({
      clusters: [
        compute('sales-etl', 'ACTIVE'),
        compute('nightly', 'STOPPED'),
        compute('locked', 'ACTIVE', 'finance'),
        session('fraud-rules', 'Running'),
        session('old', 'Starting'),
      ],
      refusal: (c) => (c.namespace === 'finance' ? 'You may not create port-forwards in finance.' : undefined),
    });
    t.answerWith((items) => items.find((i) => i.label === 'fraud-rules')?.target);
    const chosen = await t.controller.chooseCluster('file:///ws/a.sql');
    assert.deepEqual(
      t.shown.picks[0].map((i) => [i.label, i.target.kind]),
      [
        ['sales-etl', 'compute'],
        ['fraud-rules', 'session'],
      ],
    );
    assert.match(t.shown.picks[0][0].description, /Spark SQL/);
    assert.match(t.shown.picks[0][1].description, /Flink SQL/);
    assert.deepEqual(chosen, FRAUD);
    assert.deepEqual(t.controller.bindingOf('file:///ws/a.sql'), FRAUD);
  });

  it('says why when no cluster can run SQL, or when not connected', async () => {
    const none = setup({ clusters: [compute('nightly', 'STOPPED')] });
    assert.equal(await none.controller.chooseCluster('file:///ws/a.sql'), undefined);
    assert.equal(none.shown.picks.length, 0);
    assert.match(none.shown.info[0], /No cluster to run SQL on/);
    const offline = setup({ connected: false });
    assert.equal(await offline.controller.chooseCluster('file:///ws/a.sql'), undefined);
    assert.match(offline.shown.info[0], /Not connected/);
  });

  it('remembers bindings per file in the memento, untitled ones only while open, the oldest forgotten past the cap', () => {
    const memento = new MapMemento();
    const store = new MementoSqlBindings(memento);
    store.set('file:///ws/a.sql', ETL);
    store.set('untitled:Untitled-1', FRAUD);
    assert.deepEqual(new MementoSqlBindings(memento).get('file:///ws/a.sql'), ETL, 'read back by a new store, as after a reload');
    assert.equal(new MementoSqlBindings(memento).get('untitled:Untitled-1'), undefined);
    assert.deepEqual(store.get('untitled:Untitled-1'), FRAUD);
    for (let i = 0; i < MAX_BINDINGS; i++) store.set(`file:///ws/q${i}.sql`, ETL);
    assert.equal(store.get('file:///ws/a.sql'), undefined);
    assert.equal(Object.keys(memento.values.get(BINDINGS_KEY) as object).length, MAX_BINDINGS);
    memento.values.set(BINDINGS_KEY, { 'file:///ws/bad.sql': { kind: 'pod', name: 1 } });
    assert.equal(store.get('file:///ws/bad.sql'), undefined, 'a malformed entry is no binding');
  });

  it('CodeLens says "Choose a cluster to run on…" on an unbound file and "Run on <cluster>" once bound', () => {
    const t = setup();
    const d = doc('SELECT 1;\n\nSELECT 2;');
    const unbound = t.controller.lenses(d);
    assert.deepEqual(
      unbound.map((l) => [l.title, l.command, l.range.start.line]),
      [
        ['Choose a cluster to run on…', SQL_COMMANDS.chooseCluster, 0],
        ['Choose a cluster to run on…', SQL_COMMANDS.chooseCluster, 2],
      ],
    );
    t.controller.bind(d.uri, ETL);
    const bound = t.controller.lenses(d);
    assert.deepEqual(
      bound.map((l) => [l.title, l.command, l.args]),
      [
        ['$(play) Run on sales-etl', SQL_COMMANDS.runStatement, [d.uri, 0]],
        ['Run All', SQL_COMMANDS.runAll, [d.uri]],
        ['$(play) Run on sales-etl', SQL_COMMANDS.runStatement, [d.uri, 11]],
      ],
    );
  });

  it('the status bar shows the bound cluster', () => {
    const t = setup();
    assert.match(t.controller.status('file:///ws/a.sql').text, /No cluster/);
    t.controller.bind('file:///ws/a.sql', FRAUD);
    assert.equal(t.controller.status('file:///ws/a.sql').text, '$(database) fraud-rules');
    assert.match(t.controller.status('file:///ws/a.sql').tooltip, /Flink SQL on the session cluster fraud-rules \(risk\)/);
    t.clusters.clusters = t.clusters.clusters.map((c) => (c.name === 'fraud-rules' ? session('fraud-rules', 'Disabled') : c));
    assert.equal(t.controller.status('file:///ws/a.sql').text, '$(warning) fraud-rules', 'a bound cluster that is not up any more');
    assert.match(
      t.controller.status('file:///ws/a.sql').tooltip,
      /fraud-rules is Disabled: Flink SQL runs only on a Running session cluster\. Click to choose another cluster\./,
    );
  });

  it('Ctrl/Cmd+Enter runs the statement under the cursor, or the selection', async () => {
    const t = setup();
    const d = doc('SELECT 1;\nSELECT 2;\nSELECT 3;');
    t.controller.bind(d.uri, ETL);
    await t.controller.runAt(d, { start: 12, end: 12 });
    await t.controller.runAt(d, { start: 0, end: d.text.indexOf('SELECT 3') - 1 });
    assert.deepEqual(t.spark.sessions[0].executed, ['SELECT 2', 'SELECT 1', 'SELECT 2']);
    await t.controller.runAt(doc('\n\n', d.uri), { start: 1, end: 1 });
    assert.match(t.shown.info.at(-1) ?? '', /No SQL statement here/);
  });

  it('asks for a cluster when the file has none, then runs on it', async () => {
    const t = setup();
    t.answerWith((items) => items[0].target);
    const d = doc('SELECT 1');
    const report = await t.controller.runAt(d, { start: 0, end: 0 });
    assert.equal(report?.status, 'done');
    assert.equal(t.shown.picks.length, 1);
    assert.deepEqual(t.controller.bindingOf(d.uri), ETL);
    t.answerWith(() => undefined);
    const other = doc('SELECT 1', 'file:///ws/other.sql');
    assert.equal(await t.controller.runAt(other, { start: 0, end: 0 }), undefined, 'Escape: nothing runs');
    assert.equal(t.spark.sessions[0].executed.length, 1);
  });

  it('Run All stops at the first error and puts a diagnostic at the engine position; an edit clears it', async () => {
    const t = setup();
    const d = doc('SELECT 1;\nSELECT * FROM sales.ordrs;\nSELECT 3;');
    t.spark.answers.set(
      'SELECT * FROM sales.ordrs',
      new SqlError('[TABLE_OR_VIEW_NOT_FOUND] `sales`.`ordrs`', { reason: 'refused', line: 1, column: 15 }),
    );
    t.controller.bind(d.uri, ETL);
    const report = await t.controller.runAll(d);
    assert.equal(report?.status, 'failed');
    assert.deepEqual(t.spark.sessions[0].executed, ['SELECT 1', 'SELECT * FROM sales.ordrs']);
    assert.deepEqual(t.diagnostics.get(d.uri), [
      {
        range: { start: { line: 1, character: 14 }, end: { line: 1, character: 25 } },
        message: '[TABLE_OR_VIEW_NOT_FOUND] `sales`.`ordrs`',
      },
    ]);
    assert.deepEqual(t.shown.errors, [], 'a placed error is a diagnostic, not a toast');
    t.controller.edited(d.uri);
    assert.deepEqual(t.diagnostics.get(d.uri), []);
  });

  it("Run Again from Savepoint in the results panel is the editor's run: from the savepoint, its refusal a diagnostic", async () => {
    const t = setup();
    const d = doc('INSERT INTO totals SELECT * FROM orders');
    t.controller.bind(d.uri, FRAUD);
    await t.controller.runAll(d);
    const again = t.results.nextRun();
    const stopped = t.results.runs[0];
    t.flink.answers.set(
      'INSERT INTO totals SELECT * FROM orders',
      new SqlError('Savepoint not found', { reason: 'refused', line: 1, column: 1 }),
    );
    stopped.request.runAgainFromSavepoint!('s3://sp/1');
    const run = await again;
    // The editor sets the diagnostic once the runner's report comes back.
    for (let i = 0; i < 1000 && !t.diagnostics.get(d.uri)?.length; i++) await new Promise((r) => setImmediate(r));
    assert.equal(run.end, 'failed');
    assert.deepEqual(t.flink.sessions[0].executed.slice(1), [
      "SET 'execution.savepoint.path' = 's3://sp/1'",
      'INSERT INTO totals SELECT * FROM orders',
      "RESET 'execution.savepoint.path'",
    ]);
    assert.equal(t.diagnostics.get(d.uri)?.[0]?.message, 'Savepoint not found');
  });

  it('a run clears the diagnostics of the last one', async () => {
    const t = setup();
    const d = doc('SELECT x');
    t.controller.bind(d.uri, ETL);
    t.spark.answers.set('SELECT x', new SqlError('bad', { reason: 'refused' }));
    await t.controller.runAll(d);
    assert.equal(t.diagnostics.get(d.uri)?.length, 1);
    t.spark.answers.delete('SELECT x');
    await t.controller.runAll(d);
    assert.deepEqual(t.diagnostics.get(d.uri), []);
  });

  it('an engine that cannot be reached, or is missing, is said in a message', async () => {
    const t = setup();
    t.spark.openError = new SqlError('port-forward to sales-etl-driver refused: pods/portforward is forbidden', { reason: 'denied' });
    const d = doc('SELECT 1');
    t.controller.bind(d.uri, ETL);
    await t.controller.runAll(d);
    assert.match(t.shown.errors[0], /^Spark SQL on sales-etl: port-forward .* forbidden/);
    const missing = new SqlEditorController({
      runner: new SqlRunner({ engines: () => undefined, results: new FakeResults() }),
      clusters: () => t.clusters,
      bindings: new MementoSqlBindings(new MapMemento()),
      ui: { ...stubUi(), error: (m) => void t.shown.errors.push(m) },
      diagnostics: { set: () => undefined },
    });
    missing.bind(d.uri, FRAUD);
    await missing.runAll(d);
    assert.match(t.shown.errors[1], /Flink SQL is not available/);
  });

  it('refuses to run on a cluster that is not up any more, or gone, saying why', async () => {
    const t = setup();
    const d = doc('SELECT 1');
    t.controller.bind(d.uri, { kind: 'compute', namespace: 'sales', name: 'nightly' });
    assert.equal(await t.controller.runAll(d), undefined);
    assert.match(t.shown.errors[0], /nightly is STOPPED: Spark SQL runs only on an ACTIVE compute cluster/);
    t.controller.bind(d.uri, { kind: 'session', namespace: 'risk', name: 'gone' });
    await t.controller.runAll(d);
    assert.match(t.shown.errors[1], /gone is not in the watched namespaces/);
    assert.equal(t.spark.opens + t.flink.opens, 0);
  });

  it('Cancel stops the running statement; the CodeLens shows it running with a Cancel', async () => {
    const t = setup();
    const d = doc('SELECT sleep(1000); SELECT 2');
    t.spark.answers.set('SELECT sleep(1000)', 'hang');
    t.controller.bind(d.uri, ETL);
    const changes: (string | undefined)[] = [];
    t.controller.onDidChange((uri) => changes.push(uri));
    const running = t.controller.runAll(d);
    while (t.spark.sessions[0]?.executed.length !== 1) await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      t.controller.lenses(d).map((l) => l.title),
      ['$(loading~spin) Running on sales-etl…', 'Cancel', '$(play) Run on sales-etl'],
    );
    assert.equal(t.controller.status(d.uri).text, '$(loading~spin) sales-etl');
    t.controller.cancel(d.uri);
    assert.equal((await running)?.status, 'cancelled');
    assert.deepEqual(t.spark.sessions[0].cancelled, ['SELECT sleep(1000)']);
    assert.ok(changes.includes(d.uri));
    t.controller.cancel(d.uri);
    assert.match(t.shown.info.at(-1) ?? '', /Nothing is running/);
  });

  it('splits by the bound engine: backslash escapes for Spark, not for Flink', () => {
    const t = setup();
    const d = doc("SELECT 'a\\'; SELECT 2");
    t.controller.bind(d.uri, ETL);
    assert.equal(t.controller.statements(d).length, 1);
    t.controller.bind(d.uri, FRAUD);
    assert.equal(t.controller.statements(d).length, 2);
  });

  it('newEditor opens an untitled editor bound to the target; closing it ends its session and binding', async () => {
    const t = setup();
    const d = await t.controller.newEditor(ETL, 'SELECT * FROM `sales`.`orders` LIMIT 100');
    assert.equal(d.text, 'SELECT * FROM `sales`.`orders` LIMIT 100');
    assert.deepEqual(t.controller.bindingOf(d.uri), ETL);
    await t.controller.runAll(d);
    t.controller.closed(d.uri);
    await Promise.resolve();
    assert.equal(t.spark.sessions[0].closed, true);
    assert.equal(t.controller.bindingOf(d.uri), undefined);
  });

  it('choosing another cluster ends the session on the old one', async () => {
    const t = setup({ clusters: [compute('sales-etl', 'ACTIVE'), compute('adhoc', 'ACTIVE')] });
    const d = doc('SET spark.sql.shuffle.partitions=4');
    t.controller.bind(d.uri, ETL);
    await t.controller.runAll(d);
    t.answerWith((items) => items.find((i) => i.label === 'adhoc')?.target);
    await t.controller.chooseCluster(d.uri);
    await Promise.resolve();
    assert.equal(t.spark.sessions[0].closed, true);
    await t.controller.runAll(d);
    assert.equal(t.spark.sessions[1].target.name, 'adhoc');
  });
});

function stubUi(): SqlEditorUi {
  return {
    pickCluster: async () => undefined,
    info: () => undefined,
    error: () => undefined,
    openUntitled: async (text) => ({ uri: 'untitled:x', name: 'x', text }),
  };
}
