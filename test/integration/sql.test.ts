import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import { SqlError, SqlTarget } from '../../src/sql/sqlEngine';
import type { ClusterPickItem } from '../../src/sqlEditor/sqlEditorPorts';
import { FakeEngine, FakeResults } from '../unit/sql/fakeSql';
import { api, ensureCompute, IT, until, watchDemo } from './support/workbench';

/** Closes every editor without saving: closeAllEditors would ask about the untitled ones in a modal nobody answers. */
async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++)
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

const lensTitles = async (uri: vscode.Uri): Promise<string[]> => {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
};

describe('SQL from the editor (in VS Code, with a fake engine)', function () {
  this.timeout(120_000);
  let a: DataClustersApi;
  let spark: FakeEngine;
  let flink: FakeEngine;
  let results: FakeResults;
  const picks: (readonly ClusterPickItem[])[] = [];
  const messages: string[] = [];
  const NOTEBOOK: SqlTarget = { kind: 'compute', namespace: IT, name: 'notebook' };

  before(async () => {
    a = await api();
    await watchDemo(a);
    await ensureCompute(a, IT, 'notebook', 'ACTIVE');
  });
  beforeEach(() => {
    spark = new FakeEngine('spark');
    flink = new FakeEngine('flink');
    results = new FakeResults();
    picks.length = 0;
    messages.length = 0;
    a.setSqlEngines((kind) => (kind === 'spark' ? spark : flink));
    a.setSqlResults(results);
    a.setSqlEditorUi({
      pickCluster: async (items) => {
        picks.push(items);
        return items.find((i) => i.target.namespace === IT && i.target.name === 'notebook')?.target;
      },
      info: (t) => void messages.push(t),
      error: (t) => void messages.push(t),
    });
  });
  afterEach(async () => {
    a.setSqlEngines(undefined);
    a.setSqlResults(undefined);
    a.setSqlEditorUi(undefined);
    await closeEditors();
  });

  it('New SQL Editor opens an untitled editor bound to the cluster, shown in the status bar and the CodeLens', async () => {
    const uri = await vscode.commands.executeCommand<string>(
      'dataClusters.sql.newEditor',
      NOTEBOOK,
      'SELECT * FROM `sales`.`orders` LIMIT 100',
    );
    const editor = await until(
      () => vscode.window.activeTextEditor?.document.uri.toString() === uri && vscode.window.activeTextEditor,
      10_000,
      'the new editor',
    );
    assert.equal(editor.document.languageId, 'sql');
    assert.equal(editor.document.getText(), 'SELECT * FROM `sales`.`orders` LIMIT 100');
    assert.deepEqual(a.sqlBinding(uri), NOTEBOOK);
    const status = await until(() => a.sqlStatusBar().visible && a.sqlStatusBar(), 10_000, 'the status bar');
    assert.equal(status.text, '$(database) notebook');
    assert.deepEqual(await lensTitles(editor.document.uri), ['$(play) Run on notebook']);
  });

  it('Run All stops at the first error, which lands as a diagnostic at the engine position; Ctrl/Cmd+Enter runs the statement under the cursor', async () => {
    spark.answers.set(
      'SELECT * FROM sales.ordrs',
      new SqlError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales`.`ordrs` cannot be found.', {
        reason: 'refused',
        line: 1,
        column: 15,
      }),
    );
    const text = 'SELECT 1;\nSELECT * FROM sales.ordrs;\nSELECT 3;';
    const uri = await vscode.commands.executeCommand<string>('dataClusters.sql.newEditor', NOTEBOOK, text);
    const editor = await until(
      () => vscode.window.activeTextEditor?.document.uri.toString() === uri && vscode.window.activeTextEditor,
      10_000,
      'the editor',
    );
    await vscode.commands.executeCommand('dataClusters.sql.runAll');
    assert.deepEqual(spark.sessions[0].executed, ['SELECT 1', 'SELECT * FROM sales.ordrs']);
    assert.deepEqual(
      results.runs.map((r) => r.end),
      ['done', 'failed'],
    );
    const [diagnostic] = await until(
      () => vscode.languages.getDiagnostics(editor.document.uri).length > 0 && vscode.languages.getDiagnostics(editor.document.uri),
      10_000,
      'the diagnostic',
    );
    assert.match(diagnostic.message, /TABLE_OR_VIEW_NOT_FOUND/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [1, 14, 25]);

    editor.selection = new vscode.Selection(2, 3, 2, 3);
    await vscode.commands.executeCommand('dataClusters.sql.run');
    assert.deepEqual(spark.sessions[0].executed.at(-1), 'SELECT 3');
    assert.equal(spark.opens, 1, 'one session for the editor, reused');
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri), [], 'a new run clears the last one');
  });

  it('Cancel stops a long statement in the engine', async () => {
    spark.answers.set('SELECT count(*) FROM range(100000000000)', 'hang');
    const uri = await vscode.commands.executeCommand<string>(
      'dataClusters.sql.newEditor',
      NOTEBOOK,
      'SELECT count(*) FROM range(100000000000)',
    );
    await until(() => vscode.window.activeTextEditor?.document.uri.toString() === uri, 10_000, 'the editor');
    const running = vscode.commands.executeCommand('dataClusters.sql.run');
    await until(() => spark.sessions[0]?.executed.length === 1, 10_000, 'the statement running');
    await until(async () => (await lensTitles(vscode.Uri.parse(uri))).includes('Cancel'), 10_000, 'the Cancel lens');
    await vscode.commands.executeCommand('dataClusters.sql.cancel');
    await running;
    assert.deepEqual(spark.sessions[0].cancelled, ['SELECT count(*) FROM range(100000000000)']);
    assert.equal(results.runs[0].end, 'cancelled');
  });

  it('an unbound file offers "Choose a cluster to run on…" among the ACTIVE compute and Running session clusters with SQL ready, and remembers the choice', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: 'SHOW TABLES' });
    await vscode.window.showTextDocument(doc);
    assert.deepEqual(await lensTitles(doc.uri), ['Choose a cluster to run on…']);
    await vscode.commands.executeCommand('dataClusters.sql.run');
    const model = a.model()!;
    const expected = [
      ...model.computeClusters().filter((c) => c.state === 'ACTIVE'),
      ...model.sessionClusters().filter((c) => c.status === 'Running' && c.sql?.ready),
    ].map((c) => `${c.kind}/${c.namespace}/${c.name}`);
    assert.deepEqual(
      picks[0].map((i) => `${i.target.kind}/${i.target.namespace}/${i.target.name}`),
      expected,
    );
    assert.deepEqual(a.sqlBinding(doc.uri.toString()), NOTEBOOK);
    assert.deepEqual(spark.sessions[0].executed, ['SHOW TABLES']);
    assert.deepEqual(await lensTitles(doc.uri), ['$(play) Run on notebook']);
  });

  it('a file bound to a cluster that is not ACTIVE shows a warning in the status bar, and Run says why', async () => {
    await ensureCompute(a, IT, 'reporting', 'STOPPED');
    const uri = await vscode.commands.executeCommand<string>(
      'dataClusters.sql.newEditor',
      { kind: 'compute', namespace: IT, name: 'reporting' },
      'SELECT 1',
    );
    await until(() => vscode.window.activeTextEditor?.document.uri.toString() === uri, 10_000, 'the editor');
    const status = await until(() => a.sqlStatusBar().text === '$(warning) reporting' && a.sqlStatusBar(), 10_000, 'the warning');
    assert.match(status.tooltip, /reporting is STOPPED: Spark SQL runs only on an ACTIVE compute cluster/);
    await vscode.commands.executeCommand('dataClusters.sql.run');
    assert.match(messages.join('\n'), /reporting is STOPPED/);
    assert.equal(spark.opens, 0);
  });

  it('without an engine, says so instead of failing silently', async () => {
    a.setSqlEngines(() => undefined);
    await vscode.commands.executeCommand('dataClusters.sql.newEditor', NOTEBOOK, 'SELECT 1');
    await until(() => vscode.window.activeTextEditor?.document.languageId === 'sql', 10_000, 'the editor');
    await vscode.commands.executeCommand('dataClusters.sql.run');
    assert.match(messages.join('\n'), /Spark SQL is not available/);
  });
});
