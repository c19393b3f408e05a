import * as assert from 'node:assert/strict';
import { ClusterConnection } from '../../../src/clusters/connection';
import { Emitter } from '../../../src/common/event';
import { silentLogger } from '../../../src/common/logger';
import { ClusterPanelController } from '../../../src/panels/cluster/clusterPanelController';
import type { PanelUi } from '../../../src/panels/cluster/panelUi';
import { taskRowData } from '../../../src/panels/cluster/tasksTab';
import { DEMO_NAMESPACES } from '../../emulator/seeds/demo';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { FakeTaskService, fakeTask } from '../support/fakeTaskService';
import { FakePanel } from './fakePanel';

class FakeUi implements PanelUi {
  readonly executed: { command: string; arg: unknown }[] = [];
  readonly registered = new Set(['dataClusters.openTask', 'dataClusters.runTask']);
  readonly settings = { externalHostTemplate: () => '', logTailLines: () => 100 };
  readonly memento = { get: () => undefined, update: async () => {} };
  commands = async () => [...this.registered];
  executeCommand = async (command: string, arg?: unknown) => void this.executed.push({ command, arg });
  writeClipboard = async () => {};
  info = () => {};
  insertText = async () => {};
  openDocument = async () => {};
  saveText = async () => undefined;
}

describe('Tasks tab of the session cluster panel (a fake TaskService, against the emulator)', function () {
  this.timeout(60_000);
  let fx: EmulatorFixture;
  let conn: ClusterConnection;
  const open: ClusterPanelController[] = [];
  const orders = { namespace: 'streaming', cluster: 'orders-stream' };

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
    conn = new ClusterConnection(fx.kc(), { namespaces: [...DEMO_NAMESPACES] });
    await until(() => conn.model, 10_000, 'the model');
    await conn.model!.whenReady('session');
    await until(
      () =>
        conn.model!.get('session', 'streaming', 'orders-stream')?.kind === 'session' && conn.model!.get('session', 'risk', 'fraud-rules'),
      10_000,
      'the demo session clusters',
    );
    await until(
      () => (conn.model!.get('session', 'streaming', 'orders-stream') as any)?.status === 'Running',
      20_000,
      'orders-stream running',
    );
  });
  after(async () => {
    for (const p of open) p.dispose();
    conn.dispose();
    await fx.emulator.stop();
  });

  function openPanel(namespace: string, name: string, service: FakeTaskService) {
    const panel = new FakePanel();
    const ui = new FakeUi();
    const c = new ClusterPanelController(
      panel,
      { kind: 'session', namespace, name },
      {
        connection: () => conn,
        onDidChangeConnection: new Emitter<unknown>().event,
        logger: silentLogger,
        ui,
        tasks: () => service,
        html: () => () => '<html></html>',
      },
      Date.now(),
    );
    open.push(c);
    let id = 0;
    const request = async (rname: string, args: unknown): Promise<any> => {
      const rid = ++id;
      panel.send({ kind: 'request', id: rid, name: rname, args });
      return until(() => panel.posted.find((m) => m.kind === 'response' && m.id === rid), 20_000, `the answer to ${rname}`);
    };
    const updates = () => panel.posted.filter((m) => m.kind === 'notification' && m.name === 'tasks.update').map((m) => m.body);
    panel.send({ kind: 'ready' });
    return { panel, ui, controller: c, request, updates };
  }

  it('watches the tasks only while the tab shows in a visible panel, and posts them as they change', async () => {
    const service = new FakeTaskService();
    service.set(orders, [
      fakeTask({ ...orders, name: 'orders-enrich', jobId: 'a1', parallelism: 2, startTime: Date.parse('2026-12-01T10:00:00Z') }),
    ]);
    const p = openPanel('streaming', 'orders-stream', service);
    assert.equal((await p.request('panel.showTab', { tab: 'details' })).ok, true);
    assert.equal(service.watching(orders), 0, 'not watched while another tab shows');

    assert.equal((await p.request('panel.showTab', { tab: 'tasks' })).ok, true);
    assert.equal(service.watching(orders), 1);
    const first = p.updates().at(-1);
    assert.equal(first.known, true);
    assert.deepEqual(
      first.tasks.map((t: any) => [t.name, t.state, t.parallelism, t.startTime, t.managed]),
      [['orders-enrich', 'RUNNING', 2, '2026-12-01T10:00:00.000Z', false]],
    );

    const before = p.updates().length;
    service.set(orders, [
      fakeTask({ ...orders, name: 'orders-enrich', state: 'FAILED', failure: 'java.lang.IllegalStateException: boom' }),
      fakeTask({ ...orders, name: 'orders-audit', managed: true }),
    ]);
    const next = await until(() => p.updates().length > before && p.updates().at(-1), 5000, 'the changed tasks');
    assert.deepEqual(
      next.tasks.map((t: any) => [t.name, t.state, t.failure ?? '']),
      [
        ['orders-enrich', 'FAILED', 'java.lang.IllegalStateException: boom'],
        ['orders-audit', 'RUNNING', ''],
      ],
    );

    // Another cluster's change is not this tab's.
    const count = p.updates().length;
    service.set({ namespace: 'risk', cluster: 'fraud-rules' }, []);
    assert.equal(p.updates().length, count);

    assert.equal((await p.request('panel.showTab', { tab: 'activity' })).ok, true);
    assert.equal(service.watching(orders), 0, 'dropped when another tab shows');
    const hiddenCount = p.updates().length;
    service.set(orders, []);
    assert.equal(p.updates().length, hiddenCount, 'nothing posted while hidden');

    assert.equal((await p.request('panel.showTab', { tab: 'tasks' })).ok, true);
    assert.equal(service.watching(orders), 1);
    p.panel.setVisible(false);
    assert.equal(service.watching(orders), 0, 'dropped when the panel is hidden');
    p.panel.setVisible(true);
    assert.equal(service.watching(orders), 1, 'watched again when it shows');
    p.controller.dispose();
    assert.equal(service.watching(orders), 0, 'dropped with the panel');
  });

  it('does not watch a cluster that is not Running; says the list is unknown before the service knows it', async () => {
    const service = new FakeTaskService();
    const p = openPanel('risk', 'fraud-rules', service);
    assert.equal((await p.request('panel.showTab', { tab: 'tasks' })).ok, true);
    assert.equal(service.watching({ namespace: 'risk', cluster: 'fraud-rules' }), 0);
    assert.deepEqual(p.updates().at(-1), { tasks: [], known: false });
  });

  it('a row opens the task through dataClusters.openTask; Run Task… runs dataClusters.runTask with the cluster', async () => {
    const service = new FakeTaskService();
    const task = fakeTask({ ...orders, name: 'orders-enrich' });
    service.set(orders, [task]);
    const p = openPanel('streaming', 'orders-stream', service);
    assert.equal((await p.request('tasks.open', { key: task.key })).ok, true);
    assert.equal((await p.request('tasks.run', {})).ok, true);
    await until(() => p.ui.executed.length === 2, 5000, 'both commands');
    assert.deepEqual(p.ui.executed, [
      { command: 'dataClusters.openTask', arg: task },
      { command: 'dataClusters.runTask', arg: { kind: 'session', namespace: 'streaming', name: 'orders-stream' } },
    ]);
    const refused = await p.request('tasks.open', { key: 'streaming/orders-stream/gone' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'not-found');
  });

  it('a task row carries what the table shows, cut to the protocol', () => {
    const row = taskRowData(
      fakeTask({ ...orders, name: 'x', startTime: 1000, endTime: 61_000, failure: 'f'.repeat(3000), parallelism: 3, managed: true }),
      99_000,
    );
    assert.equal(row.durationMs, 60_000);
    assert.equal(row.failure?.length, 2000);
    assert.equal(row.managed, true);
    assert.equal(row.startTime, '1970-01-01T00:00:01.000Z');
  });
});
