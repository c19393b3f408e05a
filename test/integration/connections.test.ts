import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import type { ComputeCluster, SessionCluster } from '../../src/clusters/clusterModel';
import type { SnippetResult } from '../../src/commands/connectionSnippetCommands';
import { api, until, watchDemo } from './support/workbench';

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

/** Closes every editor without saving: closeAllEditors would ask about the untitled snippets in a modal nobody answers. */
async function closeAllWithoutSaving(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length; i++) {
    if (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    else await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
}

function refusesConnection(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('Connections: snippets, port-forwards and web UIs (against the emulator)', function () {
  this.timeout(90_000);
  let a: DataClustersApi;
  const opened: string[] = [];
  const compute = (ns: string, name: string) => a.model()?.get('compute', ns, name) as ComputeCluster | undefined;
  const ref = (name: string, namespace = 'analytics') => ({ kind: 'compute' as const, namespace, name });
  const forwardOf = (label: RegExp) => a.portForwards().find((f) => label.test(f.label));

  before(async () => {
    a = await api();
    a.setOpenExternal(async (uri) => (opened.push(uri.toString(true)), true));
    await watchDemo(a);
  });
  after(async () => {
    await vscode.commands.executeCommand('dataClusters.portForwards.stopAll');
    a.setOpenExternal(undefined);
    a.setConfirmations(undefined);
    await closeAllWithoutSaving();
  });

  let sparkUiPort = 0;

  it('Open Spark UI forwards a local port to the driver’s 4040 and opens it; the page answers through the forward', async () => {
    await until(() => compute('analytics', 'sales-etl')?.state === 'ACTIVE', 30_000, 'sales-etl ACTIVE');
    const uri = await vscode.commands.executeCommand<string>('dataClusters.compute.openSparkUi', ref('sales-etl'));
    assert.ok(uri, 'the command returns the URL it opened');
    assert.deepEqual(opened, [uri]);
    const f = forwardOf(/^sales-etl \(analytics\): Spark UI$/);
    assert.ok(f, JSON.stringify(a.portForwards()));
    assert.equal(f.ports[0].remote, 4040);
    assert.match(f.row, /^sales-etl \(analytics\): Spark UI \| 127\.0\.0\.1:\d+ → 4040 · active$/);
    assert.equal(f.pod, compute('analytics', 'sales-etl')!.driverPod);
    sparkUiPort = f.ports[0].local;
    const page = await get(sparkUiPort, '/jobs/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>sales-etl - Spark Jobs<\/title>/);
    // Asking again reuses the running forward.
    await vscode.commands.executeCommand('dataClusters.compute.openSparkUi', ref('sales-etl'));
    assert.equal(a.portForwards().filter((x) => /Spark UI/.test(x.label)).length, 1);
  });

  it('keeps the forward across a driver restart: the same local port reaches the new driver pod', async () => {
    const before = compute('analytics', 'sales-etl')!.driverPod;
    a.setConfirmations({
      terminate: async () => false,
      restart: async () => true,
      deleteCompute: async () => false,
      deleteSession: async () => false,
      disable: async () => false,
      deleteTask: async () => false,
    });
    await vscode.commands.executeCommand('dataClusters.compute.restart', ref('sales-etl'));
    const after = await until(
      () =>
        compute('analytics', 'sales-etl')?.state === 'ACTIVE' &&
        compute('analytics', 'sales-etl')!.driverPod !== before &&
        compute('analytics', 'sales-etl')!.driverPod,
      60_000,
      'a new ACTIVE driver',
    );
    await until(() => forwardOf(/Spark UI/)?.pod === after, 15_000, 'the forward on the new driver pod');
    const page = await get(sparkUiPort, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /sales-etl - Spark Jobs/);
    assert.equal(forwardOf(/Spark UI/)!.ports[0].local, sparkUiPort, 'the same local port');
  });

  it('Stop ends the forward: it leaves the view and its port refuses connections', async () => {
    const f = forwardOf(/Spark UI/)!;
    await vscode.commands.executeCommand('dataClusters.portForwards.stop', f);
    assert.equal(forwardOf(/Spark UI/), undefined);
    assert.equal(await refusesConnection(sparkUiPort), true);
  });

  it('Open Spark UI on a cluster that is not ACTIVE explains why and starts nothing', async () => {
    const c = await until(
      () =>
        a
          .model()!
          .computeClusters()
          .find((x) => x.state !== 'ACTIVE' && x.state !== 'UNKNOWN'),
      10_000,
      'a compute cluster that is not ACTIVE',
    );
    const before = opened.length;
    await vscode.commands.executeCommand('dataClusters.compute.openSparkUi', ref(c.name, c.namespace));
    assert.equal(opened.length, before);
    assert.equal(a.portForwards().length, 0);
    assert.ok(!a.treeItem('compute', c.namespace, c.name)!.contextValue!.includes('can-openSparkUi'));
    assert.ok(a.treeItem('compute', c.namespace, c.name)!.contextValue!.includes('can-insertSnippet'));
  });

  it('Open Flink UI forwards to the JobManager behind <name>-rest; the REST /overview answers through it', async () => {
    let s = a
      .model()!
      .sessionClusters()
      .find((x) => x.status === 'Running');
    if (!s) {
      await vscode.commands.executeCommand('dataClusters.session.start', { kind: 'session', namespace: 'risk', name: 'fraud-rules' });
      s = (await until(
        () =>
          (a.model()!.get('session', 'risk', 'fraud-rules') as SessionCluster | undefined)?.status === 'Running' &&
          a.model()!.get('session', 'risk', 'fraud-rules'),
        30_000,
        'fraud-rules Running',
      )) as SessionCluster;
    }
    assert.ok(a.treeItem('session', s.namespace, s.name)!.contextValue!.includes('can-openFlinkUi'));
    const uri = await vscode.commands.executeCommand<string>('dataClusters.session.openFlinkUi', {
      kind: 'session',
      namespace: s.namespace,
      name: s.name,
    });
    assert.equal(opened.at(-1), uri);
    const f = forwardOf(new RegExp(`^${s.name} \\(${s.namespace}\\): Flink UI$`));
    assert.ok(f, JSON.stringify(a.portForwards()));
    assert.equal(f.ports[0].remote, 8081);
    assert.match(f.pod ?? '', new RegExp(`^${s.name}-`));
    const overview = await get(f.ports[0].local, '/overview');
    assert.equal(overview.status, 200);
    const body = JSON.parse(overview.body) as Record<string, unknown>;
    assert.equal(body['flink-version'], '1.20.0');
    assert.equal(typeof body['slots-total'], 'number');
    await vscode.commands.executeCommand('dataClusters.portForwards.stopAll');
    assert.equal(a.portForwards().length, 0);
    assert.equal(await refusesConnection(f.ports[0].local), true);
  });

  it('inserts a snippet into a new untitled editor with the snippet’s language, and it reads back exactly', async () => {
    // Earlier suites leave a driver log in the Output panel, whose document can be the active editor.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await closeAllWithoutSaving();
    const r = await vscode.commands.executeCommand<SnippetResult>('dataClusters.compute.insertSnippet', {
      ...ref('sales-etl'),
      type: 'jdbc',
      endpoint: 'in-cluster',
      variant: 'jdbc-http',
    });
    assert.ok(r);
    const editor = await until(() => vscode.window.activeTextEditor, 10_000, 'an editor');
    assert.equal(editor.document.isUntitled, true, editor.document.uri.toString());
    assert.equal(editor.document.languageId, 'properties');
    assert.equal(editor.document.getText(), r.text);
    assert.match(
      r.text,
      /jdbc:hive2:\/\/sales-etl-driver\.analytics\.svc\.cluster\.local:10001\/default;transportMode=http;httpPath=cliservice/,
    );
    assert.match(r.text, /org\.apache\.hive\.jdbc\.HiveDriver/);
  });

  it('inserts at the cursor of the active editor, through a port-forward it starts for the snippet’s port', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'before\n\nafter\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const r = await vscode.commands.executeCommand<SnippetResult>('dataClusters.compute.insertSnippet', {
      ...ref('sales-etl'),
      type: 'spark-connect',
      endpoint: 'port-forward',
    });
    const f = forwardOf(/^sales-etl \(analytics\): Spark Connect$/);
    assert.ok(f, JSON.stringify(a.portForwards()));
    assert.equal(f.ports[0].remote, 15002);
    assert.match(r.text, new RegExp(`^sc://127\\.0\\.0\\.1:${f.ports[0].local}/(;user_id=[^;\\s]+)?\\n$`));
    assert.equal(doc.getText(), `before\n${r.text}\nafter\n`);
    assert.ok(r.notes.some((n) => /port-forward/.test(n)));
    await vscode.commands.executeCommand('dataClusters.portForwards.stop', f);
  });

  it('a cluster that is not ACTIVE: the snippet is still inserted with a note, a port-forward is refused', async () => {
    const c = a
      .model()!
      .computeClusters()
      .find((x) => x.state !== 'ACTIVE' && x.state !== 'UNKNOWN')!;
    const r = await vscode.commands.executeCommand<SnippetResult>('dataClusters.compute.insertSnippet', {
      ...ref(c.name, c.namespace),
      type: 'superset',
      endpoint: 'in-cluster',
      variant: 'superset-binary',
    });
    assert.ok(r.notes.includes(`Works once the cluster is ACTIVE; it is ${c.state} now.`), r.notes.join(' | '));
    const refused = await vscode.commands.executeCommand<SnippetResult | undefined>('dataClusters.compute.insertSnippet', {
      ...ref(c.name, c.namespace),
      type: 'jdbc',
      endpoint: 'port-forward',
      variant: 'jdbc-binary',
    });
    assert.equal(refused, undefined);
    assert.equal(a.portForwards().length, 0);
  });

  it('Copy Connection String puts the snippet on the clipboard', async () => {
    const r = await vscode.commands.executeCommand<SnippetResult>('dataClusters.compute.copyConnectionString', {
      ...ref('sales-etl'),
      type: 'spark-connect',
      endpoint: 'in-cluster',
    });
    assert.match(r.text, /^sc:\/\/sales-etl-driver\.analytics\.svc\.cluster\.local:15002\/(;user_id=[^;\s]+)?\n$/);
    assert.equal(await vscode.env.clipboard.readText(), r.text);
  });
});
