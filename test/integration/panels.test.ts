import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import type { Confirmations } from '../../src/commands/confirmations';
import { generateSnippets, inClusterEndpoint } from '../../src/connections';

const EXTENSION_ID = 'dataclusters.data-clusters';
const DEMO = ['analytics', 'streaming', 'marketing', 'risk', 'research', 'ops'];
const SALES = { kind: 'compute', namespace: 'analytics', name: 'sales-etl' } as const;
const SALES_KEY = 'compute/analytics/sales-etl';

async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** kubectl with the harness's kubeconfig (the extension host has it in KUBECONFIG): "deleted by anyone, through any client". */
function kubectl(...args: string[]): Promise<{ stdout: string }> {
  return promisify(execFile)('/usr/bin/kubectl', ['--request-timeout=20s', ...args], { env: process.env });
}

const tabsTitled = (title: string) =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === title && t.input instanceof vscode.TabInputWebview);

describe('Detail panels (against the emulator)', function () {
  this.timeout(90_000);
  let a: DataClustersApi;
  const asked: string[] = [];
  const recording: Confirmations = {
    terminate: async (n) => (asked.push(`terminate ${n}`), false),
    restart: async (n) => (asked.push(`restart ${n}`), false),
    deleteCompute: async (n) => (asked.push(`delete ${n}`), false),
    deleteSession: async (n) => (asked.push(`delete session ${n}`), false),
    disable: async (n) => (asked.push(`disable ${n}`), false),
    deleteTask: async (n) => (asked.push(`delete task ${n}`), false),
  };
  const panel = (key: string) => a.panels().find((p) => p.key === key);

  before(async () => {
    a = await vscode.extensions.getExtension<DataClustersApi>(EXTENSION_ID)!.activate();
    await vscode.workspace.getConfiguration('dataClusters').update('namespaces', DEMO, vscode.ConfigurationTarget.Global);
    await until(() => a.health()?.kind === 'ready' && a.treeClusters('session').length >= 4, 30_000, 'the demo clusters');
    a.setConfirmations(recording);
  });
  after(async () => {
    a.setConfirmations(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('dataClusters').update('namespaces', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens one panel per cluster: a second open reveals the first', async () => {
    await vscode.commands.executeCommand('dataClusters.openDetails', SALES);
    await until(() => panel(SALES_KEY)?.ready, 20_000, 'the panel page to be ready');
    await until(() => panel(SALES_KEY)?.firstPaintMs !== undefined, 20_000, 'the first paint with data');
    // Another panel in front, so that the second open has something to do: bring sales-etl's to the front.
    await vscode.commands.executeCommand('dataClusters.openDetails', { kind: 'compute', namespace: 'analytics', name: 'reporting' });
    await until(() => tabsTitled('Compute: reporting')[0]?.isActive, 20_000, 'the reporting panel in front');
    await vscode.commands.executeCommand('dataClusters.openDetails', SALES);
    await until(() => tabsTitled('Compute: sales-etl')[0]?.isActive, 20_000, 'the sales-etl panel revealed');
    assert.equal(a.panels().filter((p) => p.key === SALES_KEY).length, 1);
    assert.equal(tabsTitled('Compute: sales-etl').length, 1);
    assert.equal(panel(SALES_KEY)!.title, 'Compute: sales-etl');
  });

  it('drops malformed and unknown messages without acting on them', async () => {
    const before = panel(SALES_KEY)!.dropped;
    const bad: unknown[] = [
      { kind: 'request', id: 901, name: 'action.run', args: { action: 'terminate', force: true } },
      { kind: 'request', id: 902, name: 'action.run', args: { action: 'terminate; rm -rf /' } },
      { kind: 'request', id: 903, name: 'cluster.deleteEverything', args: {} },
      { kind: 'request', id: 'x', name: 'action.run', args: { action: 'terminate' } },
      { kind: 'eval', code: 'alert(1)' },
      'terminate',
      null,
    ];
    // Each settles with the panel's answer, or undefined once it has dropped the message.
    const answers: unknown[] = [];
    for (const m of bad) answers.push(await a.panelReceive(SALES_KEY, m));
    assert.deepEqual(
      answers,
      bad.map(() => undefined),
    );
    assert.equal(panel(SALES_KEY)!.dropped - before, bad.length);
    assert.deepEqual(asked, []);
    assert.equal(a.model()!.get('compute', 'analytics', 'sales-etl')!.kind, 'compute');
  });

  it('a well-formed action goes through the tree command and its confirmation', async () => {
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 904, name: 'action.run', args: { action: 'terminate' } });
    await until(() => asked.includes('terminate sales-etl'), 10_000, 'the terminate confirmation');
    // A state the table does not allow is refused before any confirmation.
    const answer = (await a.panelReceive(SALES_KEY, { kind: 'request', id: 905, name: 'action.run', args: { action: 'start' } })) as
      { id?: number; ok?: boolean; error?: { code?: string } } | undefined;
    assert.deepEqual([answer?.id, answer?.ok, answer?.error?.code], [905, false, 'conflict']);
    assert.deepEqual(asked, ['terminate sales-etl']);
    assert.equal((a.model()!.get('compute', 'analytics', 'sales-etl') as { state: string }).state, 'ACTIVE');
  });

  it('Connections: the endpoint is chosen in the panel; a port-forward copy starts the forward and gets its local port', async () => {
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 920, name: 'panel.showTab', args: { tab: 'connections' } });
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 921, name: 'connections.setEndpoint', args: { endpoint: 'port-forward' } });
    await until(() => panel(SALES_KEY)?.endpoint === 'port-forward', 10_000, 'the port-forward endpoint');
    const target = {
      name: 'sales-etl',
      namespace: 'analytics',
      arrowFlight: false,
      endpoint: inClusterEndpoint('sales-etl', 'analytics'),
      state: 'ACTIVE' as const,
    };
    const id = generateSnippets('jdbc', target)[0].id;
    await vscode.env.clipboard.writeText('');
    await until(async () => (await vscode.env.clipboard.readText()) === '', 10_000, 'the clipboard emptied');
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 922, name: 'connections.copy', args: { id } });
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline && !/127\.0\.0\.1:\d+/.test(text)) {
      text = await vscode.env.clipboard.readText();
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(text, /jdbc:hive2:\/\/127\.0\.0\.1:\d+/);
    assert.ok(
      a.portForwards().some((f) => f.row.includes('sales-etl')),
      'a forward to the driver runs',
    );
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 923, name: 'connections.setEndpoint', args: { endpoint: 'in-cluster' } });
    await until(() => panel(SALES_KEY)?.endpoint === 'in-cluster', 10_000, 'the in-cluster endpoint again');
  });

  it('watches events while the panel is open, whichever tab shows (the badge counts at a glance)', async () => {
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 906, name: 'panel.showTab', args: { tab: 'details' } });
    await until(() => panel(SALES_KEY)?.tab === 'details', 10_000, 'the Details tab');
    await until(() => panel(SALES_KEY)?.eventsWatched, 10_000, 'the events watch');
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 907, name: 'panel.showTab', args: { tab: 'events' } });
    await until(() => panel(SALES_KEY)?.tab === 'events', 10_000, 'the Events tab');
    assert.equal(panel(SALES_KEY)?.eventsWatched, true);
  });

  it('streams the driver log while the Logs tab has been shown', async () => {
    void a.panelReceive(SALES_KEY, { kind: 'request', id: 908, name: 'panel.showTab', args: { tab: 'logs' } });
    await until(() => (panel(SALES_KEY)?.logLines ?? 0) > 3, 20_000, 'driver log lines in the panel');
  });

  it('shows the deleted banner when the compute is deleted through kubectl, keeping the panel', async () => {
    const key = 'compute/analytics/adhoc-sql';
    await vscode.commands.executeCommand('dataClusters.openDetails', { kind: 'compute', namespace: 'analytics', name: 'adhoc-sql' });
    await until(() => panel(key)?.ready, 20_000, 'the adhoc-sql panel');
    assert.equal(panel(key)!.deleted, false);
    await kubectl('delete', 'configmap', 'compute.adhoc-sql', '-n', 'analytics', '--wait=false');
    await until(() => panel(key)?.deleted, 20_000, 'the deleted banner');
    assert.ok(tabsTitled('Compute: adhoc-sql').length === 1, 'the panel stays open with its last data');
  });

  it('a session cluster panel: its own title, and the deleted banner too', async () => {
    const key = 'session/research/clickstream';
    await vscode.commands.executeCommand('dataClusters.openDetails', { kind: 'session', namespace: 'research', name: 'clickstream' });
    await until(() => panel(key)?.ready, 20_000, 'the clickstream panel');
    assert.equal(panel(key)!.title, 'Session cluster: clickstream');
    await until(() => panel(key)?.firstPaintMs !== undefined, 20_000, 'the first paint with data');
    await kubectl('delete', 'configmap', 'session.clickstream', '-n', 'research', '--wait=false');
    await until(() => panel(key)?.deleted, 20_000, 'the deleted banner');
  });

  it('closing a panel releases it, and no page reported a CSP violation', async () => {
    for (const p of a.panels()) assert.equal(p.cspViolations, 0, p.key);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => a.panels().length === 0, 10_000, 'the panels to close');
  });
});
