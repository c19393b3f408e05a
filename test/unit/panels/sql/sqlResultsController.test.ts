import * as assert from 'node:assert/strict';
import { parseHostMessage } from '../../../../shared/protocol/envelope';
import { SQL_RESULTS_PAGE } from '../../../../shared/protocol/sqlResultsPage';
import { silentLogger } from '../../../../src/common/logger';
import { SQL_RESULTS_KEY_PATTERN, UPDATE_MS } from '../../../../src/panels/sql/sqlResultsController';
import { SqlResultsHub, sqlResultsKey } from '../../../../src/panels/sql/sqlResultsHub';
import type { SqlResultsUi } from '../../../../src/panels/sql/sqlResultsUi';
import type { SqlRunRequest } from '../../../../src/sql/sqlEngine';
import { FakePanel } from '../fakePanel';
import { ManualTimers } from '../task/fakes';

class FakeUi implements SqlResultsUi {
  clipboard: string[] = [];
  files = new Map<string, string>();
  commands: { command: string; arg?: unknown }[] = [];
  saveTo: string | undefined = 'file:///ws/out.csv';
  saveAs = async () => this.saveTo;
  writeFile = async (uri: string, chunks: Iterable<string>) => void this.files.set(uri, [...chunks].join(''));
  copy = async (text: string) => void this.clipboard.push(text);
  /** What a command returns (the savepoint's location for dataClusters.stopTask). */
  returns = new Map<string, unknown>();
  executeCommand = async (command: string, arg?: unknown) => {
    this.commands.push({ command, arg });
    return this.returns.get(command);
  };
}

function setup(rowLimit = 1000) {
  const panels: FakePanel[] = [];
  const ui = new FakeUi();
  const timers = new ManualTimers();
  let now = 0;
  const hub = new SqlResultsHub({
    logger: silentLogger,
    ui,
    html: () => () => '<html></html>',
    rowLimit: () => rowLimit,
    schedule: timers.schedule,
    clock: { now: () => now, wall: () => 1_700_000_000_000 + now },
    createPanel: () => {
      const p = new FakePanel();
      panels.push(p);
      return p;
    },
  });
  const cancels: string[] = [];
  const request = (statement: string, o: Partial<SqlRunRequest> = {}): SqlRunRequest => ({
    documentUri: 'file:///ws/q.sql',
    documentName: 'q.sql',
    statement,
    target: { kind: 'compute', namespace: 'analytics', name: 'sales-etl' },
    engine: 'spark',
    cancel: () => cancels.push(statement),
    ...o,
  });
  let id = 0;
  const ask = async (panel: FakePanel, name: string, args: unknown): Promise<any> => {
    const c = hub.panelOf('file:///ws/q.sql')!;
    assert.equal(c.host.panel, panel);
    const reply: any = await c.host.receive({ kind: 'request', id: ++id, name, args });
    assert.ok(reply, `an answer to ${name}`);
    return reply;
  };
  const notes = (panel: FakePanel, name: string) =>
    panel.posted.filter((m) => m.kind === 'notification' && m.name === name).map((m) => m.body);
  return { hub, ui, timers, panels, request, ask, notes, cancels, tick: (ms: number) => (now += ms) };
}

const q = { view: 'rows', filters: [] };

describe('SQL results panel (fakes for the panel and the workbench)', () => {
  it('opens one panel per document beside the editor, reused by its next run, titled Results: {file}', () => {
    const t = setup();
    t.hub.begin(t.request('SELECT 1'));
    t.hub.begin(t.request('SELECT 2'));
    t.hub.begin(t.request('SELECT 3', { documentUri: 'untitled:Untitled-1', documentName: 'Untitled-1' }));
    assert.equal(t.panels.length, 2);
    assert.equal(t.panels[0].title, 'Results: q.sql');
    assert.equal(t.panels[0].revealed, 1, 'the second run reveals the panel');
    assert.match(sqlResultsKey('file:///ws/q.sql'), SQL_RESULTS_KEY_PATTERN);
    assert.notEqual(sqlResultsKey('file:///ws/q.sql'), sqlResultsKey('untitled:Untitled-1'));
  });

  it('shows the phase, then the first rows as they arrive, and the outcome; every message valid against the protocol', async () => {
    const t = setup();
    const sink = t.hub.begin(t.request('SELECT * FROM sales.orders'));
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    assert.equal(t.notes(panel, 'runs.update').at(-1).runs[0].phase, 'connecting');
    sink.progress({ phase: 'running', detail: 'Stage 1: 3 of 8 tasks', fraction: 0.375 });
    let u = t.notes(panel, 'run.update').at(-1);
    assert.deepEqual([u.phase, u.detail, u.fraction], ['running', 'Stage 1: 3 of 8 tasks', 0.375]);
    sink.shape({
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'note', type: 'string' },
      ],
      changelog: false,
    });
    sink.rows([
      [1, 'a'],
      [2, null],
    ]);
    u = t.notes(panel, 'run.update').at(-1);
    assert.equal(u.phase, 'fetching', 'the first rows are shown at once');
    assert.equal(u.received, 2);
    sink.rows([[3, 'c']]);
    assert.equal(t.notes(panel, 'run.update').at(-1).received, 2, 'later batches are posted together');
    assert.equal(t.timers.fire(UPDATE_MS), 1);
    assert.equal(t.notes(panel, 'run.update').at(-1).received, 3);
    const w = await t.ask(panel, 'rows.window', { runId: 1, query: q, start: 1, count: 10 });
    assert.deepEqual(w.result, {
      runId: 1,
      version: 2,
      total: 3,
      start: 1,
      rows: [
        { id: 1, cells: [2, null] },
        { id: 2, cells: [3, 'c'] },
      ],
    });
    t.tick(1234);
    sink.done({ kind: 'rows', rowCount: 3 });
    u = t.notes(panel, 'run.update').at(-1);
    assert.deepEqual([u.phase, u.running, u.elapsedMs, u.outcome], ['done', false, 1234, 'rows']);
    const pending = new Map<number, 'rows.window'>([[w.id, 'rows.window']]);
    for (const m of panel.posted) {
      const parsed = parseHostMessage(SQL_RESULTS_PAGE, m, (id) => pending.get(id));
      assert.equal(parsed.problem, undefined, JSON.stringify(m).slice(0, 300));
    }
  });

  it('pauses fetching at the row limit until Fetch more resolves the engine’s rows promise', async () => {
    const t = setup(100);
    const sink = t.hub.begin(t.request('SELECT * FROM big'));
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    sink.shape({ columns: [{ name: 'n', type: 'int' }], changelog: false });
    const batch = (from: number) => Array.from({ length: 50 }, (_, i) => [from + i]);
    assert.equal(sink.rows(batch(0)), undefined, 'under the limit the engine goes on');
    const wait = sink.rows(batch(50));
    assert.ok(wait instanceof Promise, 'at the limit the engine waits');
    let settled = false;
    void wait.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false);
    const u = t.notes(panel, 'run.update').at(-1);
    assert.deepEqual([u.phase, u.limitReached, u.kept], ['paused', true, 100]);
    await t.ask(panel, 'run.fetchMore', { runId: 1 });
    await wait;
    assert.equal(t.notes(panel, 'run.update').at(-1).limitReached, false);
    assert.equal(sink.rows(batch(100)), undefined);
    assert.ok(sink.rows(batch(150)) instanceof Promise, 'and waits again one limit further');
  });

  it('Cancel aborts the run through the editor and settles a waiting fetch', async () => {
    const t = setup(10);
    const sink = t.hub.begin(t.request('SELECT * FROM big'));
    sink.shape({ columns: [{ name: 'n', type: 'int' }], changelog: false });
    const wait = sink.rows(Array.from({ length: 10 }, (_, i) => [i]));
    t.panels[0].send({ kind: 'ready' });
    await t.ask(t.panels[0], 'run.cancel', { runId: 1 });
    assert.deepEqual(t.cancels, ['SELECT * FROM big']);
    await wait;
    sink.cancelled();
    assert.equal(t.notes(t.panels[0], 'run.update').at(-1).phase, 'cancelled');
  });

  it('a changelog: current table and raw changes, live past the limit (capped, oldest evicted), Pause holds the engine, the job links to its task', async () => {
    const t = setup(100);
    const sink = t.hub.begin(
      t.request('SELECT city, COUNT(*) FROM orders GROUP BY city', {
        engine: 'flink',
        target: { kind: 'session', namespace: 'streaming', name: 'orders' },
      }),
    );
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    sink.shape({
      columns: [
        { name: 'city', type: 'STRING' },
        { name: 'n', type: 'BIGINT NOT NULL' },
      ],
      changelog: true,
      upsertKey: [0],
    });
    sink.job!('0123456789abcdef0123456789abcdef');
    for (let i = 1; i <= 100; i++) {
      const r = sink.rows(
        [
          ['berlin', i - 1],
          ['berlin', i],
        ].slice(i === 1 ? 1 : 0),
        (i === 1 ? ['+I'] : ['-U', '+U']) as never,
      );
      assert.equal(r, undefined, 'a live changelog is never paused by the limit');
    }
    const table = await t.ask(panel, 'rows.window', { runId: 1, query: { view: 'table', filters: [] }, start: 0, count: 10 });
    assert.deepEqual(table.result.rows, [{ id: 0, cells: ['berlin', 100] }]);
    const changes = await t.ask(panel, 'rows.window', { runId: 1, query: { view: 'changes', filters: [] }, start: 0, count: 2 });
    assert.equal(changes.result.total, 100);
    assert.deepEqual(
      changes.result.rows.map((r: any) => [r.id, r.kind, r.cells]),
      [
        [99, '-U', ['berlin', 50]],
        [100, '+U', ['berlin', 51]],
      ],
      'the oldest changes were evicted',
    );
    t.timers.fire();
    const u = t.notes(panel, 'run.update').at(-1);
    assert.deepEqual([u.received, u.kept, u.evicted, u.tableRows, u.changelog], [199, 100, 99, 1, true]);
    await t.ask(panel, 'run.pause', { runId: 1, paused: true });
    const held = sink.rows([['rome', 1]], ['+I']);
    assert.ok(held instanceof Promise, 'paused: the engine waits');
    assert.equal(t.notes(panel, 'run.update').at(-1).paused, true);
    await t.ask(panel, 'run.pause', { runId: 1, paused: false });
    await held;
    await t.ask(panel, 'run.openTask', { runId: 1 });
    assert.deepEqual(t.ui.commands, [{ command: 'dataClusters.openTask', arg: 'streaming/orders/0123456789abcdef0123456789abcdef' }]);
  });

  it('offers Stop with Savepoint only for a live run with a job; stopping ends the run with the location, then runs again from it', async () => {
    const t = setup();
    const flink = { target: { kind: 'session' as const, namespace: 'streaming', name: 'orders' }, engine: 'flink' as const };
    const again: string[] = [];
    const sink = t.hub.begin(t.request('SELECT * FROM orders', { ...flink, runAgainFromSavepoint: (l) => void again.push(l) }));
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    sink.progress({ phase: 'running' });
    const noJob: any = await t.hub
      .panelOf('file:///ws/q.sql')!
      .host.receive({ kind: 'request', id: 90, name: 'run.stopWithSavepoint', args: { runId: 1 } });
    assert.equal(noJob.ok, false, 'no job yet: nothing to stop');
    assert.deepEqual(t.ui.commands, []);

    sink.shape({ columns: [{ name: 'city', type: 'STRING' }], changelog: true });
    sink.job!('0123456789abcdef0123456789abcdef');
    const live = t.notes(panel, 'run.update').at(-1);
    assert.equal(live.running && live.jobId !== undefined && live.savepoint === undefined, true);
    t.ui.returns.set('dataClusters.stopTask', 's3://savepoints/savepoint-0123-abcdef');
    const stopped = await t.ask(panel, 'run.stopWithSavepoint', { runId: 1 });
    assert.deepEqual(stopped.result, { savepoint: 's3://savepoints/savepoint-0123-abcdef' });
    assert.deepEqual(t.ui.commands, [{ command: 'dataClusters.stopTask', arg: 'streaming/orders/0123456789abcdef0123456789abcdef' }]);
    assert.deepEqual(t.cancels, ['SELECT * FROM orders'], "the engine's fetch is cancelled");
    sink.cancelled();
    const ended = t.notes(panel, 'run.update').at(-1);
    assert.deepEqual([ended.running, ended.phase, ended.savepoint], [false, 'cancelled', 's3://savepoints/savepoint-0123-abcdef']);
    for (const m of t.notes(panel, 'run.update')) {
      const parsed = parseHostMessage(SQL_RESULTS_PAGE, { kind: 'notification', name: 'run.update', body: m }, () => undefined);
      assert.equal(parsed.problem, undefined, JSON.stringify(m).slice(0, 300));
    }
    const answer = parseHostMessage(SQL_RESULTS_PAGE, stopped, () => 'run.stopWithSavepoint');
    assert.equal(answer.problem, undefined, 'the answer is valid against the protocol');

    const twice: any = await t.hub
      .panelOf('file:///ws/q.sql')!
      .host.receive({ kind: 'request', id: 91, name: 'run.stopWithSavepoint', args: { runId: 1 } });
    assert.equal(twice.ok, false, 'an ended run is not stopped again');
    assert.equal(t.ui.commands.length, 1);

    await t.ask(panel, 'run.againFromSavepoint', { runId: 1 });
    assert.deepEqual(again, ['s3://savepoints/savepoint-0123-abcdef']);
  });

  it('runs again from a savepoint only a run stopped with one', async () => {
    const t = setup();
    const again: string[] = [];
    const sink = t.hub.begin(t.request('SELECT 1', { runAgainFromSavepoint: (l) => void again.push(l) }));
    t.panels[0].send({ kind: 'ready' });
    sink.done({ kind: 'rows', rowCount: 1 });
    const reply: any = await t.hub
      .panelOf('file:///ws/q.sql')!
      .host.receive({ kind: 'request', id: 92, name: 'run.againFromSavepoint', args: { runId: 1 } });
    assert.equal(reply.ok, false);
    assert.deepEqual(again, []);
  });

  it('copies rows with the column names, one cell alone, and exports CSV and JSON in the order shown', async () => {
    const t = setup();
    const sink = t.hub.begin(t.request('SELECT'));
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    sink.shape({
      columns: [
        { name: 'id', type: 'int' },
        { name: 'city', type: 'string' },
      ],
      changelog: false,
    });
    sink.rows([
      [1, 'Rome'],
      [2, 'Bonn'],
      [3, null],
    ]);
    const sorted = { view: 'rows', sort: { column: 1, descending: false }, filters: [] };
    await t.ask(panel, 'rows.copy', { runId: 1, query: sorted, what: 'rows', from: 0, to: 1, headers: true });
    assert.equal(t.ui.clipboard.at(-1), 'id\tcity\r\n2\tBonn\r\n1\tRome');
    await t.ask(panel, 'rows.copy', { runId: 1, query: q, what: 'cell', from: 1, to: 1, column: 1, headers: false });
    assert.equal(t.ui.clipboard.at(-1), 'Bonn');
    const csv = await t.ask(panel, 'rows.export', { runId: 1, query: sorted, format: 'csv' });
    assert.deepEqual(csv.result, { saved: true, rows: 3 });
    assert.equal(t.ui.files.get('file:///ws/out.csv'), 'id,city\r\n2,Bonn\r\n1,Rome\r\n3,\r\n');
    t.ui.saveTo = 'file:///ws/out.json';
    await t.ask(panel, 'rows.export', { runId: 1, query: { view: 'rows', filters: [{ column: 1, text: 'o' }] }, format: 'json' });
    assert.deepEqual(JSON.parse(t.ui.files.get('file:///ws/out.json')!), [
      { id: 1, city: 'Rome' },
      { id: 2, city: 'Bonn' },
    ]);
    t.ui.saveTo = undefined;
    assert.deepEqual((await t.ask(panel, 'rows.export', { runId: 1, query: q, format: 'csv' })).result, { saved: false, rows: 0 });
  });

  it('keeps the history newest first, lets old runs’ rows go, and replays everything after the page is rebuilt', async () => {
    const t = setup();
    for (let i = 1; i <= 5; i++) {
      const s = t.hub.begin(t.request(`SELECT ${i}`));
      s.shape({ columns: [{ name: 'n', type: 'int' }], changelog: false });
      s.rows([[i]]);
      s.done({ kind: 'rows', rowCount: 1 });
    }
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    const runs = t.notes(panel, 'runs.update').at(-1);
    assert.deepEqual(
      runs.runs.map((r: any) => [r.statement, r.released]),
      [
        ['SELECT 5', false],
        ['SELECT 4', false],
        ['SELECT 3', false],
        ['SELECT 2', true],
        ['SELECT 1', true],
      ],
    );
    assert.equal(runs.shown, 5);
    const old = await t.ask(panel, 'rows.copy', { runId: 1, query: q, what: 'all', from: 0, to: 0, headers: true });
    assert.equal(old.ok, false);
    assert.equal(old.error.code, 'not-found');
    await t.ask(panel, 'run.show', { runId: 3 });
    // Hidden: VS Code destroys the page; shown again, it says ready and gets it all back.
    panel.setVisible(false);
    panel.posted.length = 0;
    panel.setVisible(true);
    panel.send({ kind: 'ready' });
    assert.equal(t.notes(panel, 'panel.init').length, 1);
    assert.equal(t.notes(panel, 'runs.update').at(-1).shown, 3);
  });

  it('closing the panel cancels what still runs; a restored panel starts empty and takes the document’s next run', () => {
    const t = setup();
    t.hub.begin(t.request('SELECT sleep'));
    t.panels[0].dispose();
    assert.deepEqual(t.cancels, ['SELECT sleep']);
    const restored = new FakePanel();
    t.hub.restore(restored, sqlResultsKey('file:///ws/q.sql'));
    restored.send({ kind: 'ready' });
    assert.equal(restored.title, 'SQL Results');
    assert.deepEqual(t.notes(restored, 'runs.update').at(-1).runs, []);
    t.hub.begin(t.request('SELECT again'));
    assert.equal(t.panels.length, 1, 'no new panel: the restored one is reused');
    assert.equal(restored.title, 'Results: q.sql');
    assert.equal(t.hub.info()[0].runs, 1);
  });

  it('cuts what the protocol bounds (a long script, long and deep cells) so every message still passes its check', async () => {
    const t = setup();
    const sink = t.hub.begin(t.request(`SELECT '${'x'.repeat(150_000)}'`));
    const panel = t.panels[0];
    panel.send({ kind: 'ready' });
    sink.shape({ columns: [{ name: 'v', type: 'string' }], changelog: false });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { next: deep };
    sink.rows([['y'.repeat(10_000)], [deep as never], [Number.POSITIVE_INFINITY]]);
    const w = await t.ask(panel, 'rows.window', { runId: 1, query: q, start: 0, count: 3 });
    assert.equal(w.ok, true);
    assert.equal(w.result.rows[2].cells[0], 'Infinity');
    const whole = await t.ask(panel, 'cell.get', { runId: 1, view: 'rows', id: 0, column: 0 });
    assert.equal(whole.result.cut, true);
    t.timers.fire();
    const pending = new Map<number, 'rows.window' | 'cell.get'>([
      [w.id, 'rows.window'],
      [whole.id, 'cell.get'],
    ]);
    for (const m of panel.posted) assert.equal(parseHostMessage(SQL_RESULTS_PAGE, m, (id) => pending.get(id)).problem, undefined);
    assert.equal(t.notes(panel, 'runs.update').at(-1).runs[0].statement.length, 100_000);
  });

  it('refuses a malformed window request (validated on arrival)', async () => {
    const t = setup();
    t.hub.begin(t.request('SELECT'));
    const c = t.hub.panelOf('file:///ws/q.sql')!;
    const r = await c.host.receive({ kind: 'request', id: 1, name: 'rows.window', args: { runId: 1, query: q, start: 0, count: 5000 } });
    assert.equal(r, undefined);
    assert.equal(c.host.dropped, 1);
  });
});
