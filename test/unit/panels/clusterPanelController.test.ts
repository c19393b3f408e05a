import * as assert from 'node:assert/strict';
import { ClusterConnection } from '../../../src/clusters/connection';
import { driverDeploymentName } from '../../../src/clusters/compute/computeRenderer';
import { Emitter } from '../../../src/common/event';
import { silentLogger } from '../../../src/common/logger';
import { ClusterPanelController } from '../../../src/panels/cluster/clusterPanelController';
import type { PanelUi } from '../../../src/panels/cluster/panelUi';
import { countEvents } from '../../../webview/components/eventsModel';
import { DEMO_NAMESPACES } from '../../emulator/seeds/demo';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { FakePanel } from './fakePanel';

/** The workbench as the panel sees it, recording what it was asked to do. */
class FakeUi implements PanelUi {
  readonly executed: { command: string; arg: unknown }[] = [];
  readonly clipboard: string[] = [];
  readonly infos: string[] = [];
  readonly saved: { name: string; text: string }[] = [];
  readonly opened: { content: string; language: string }[] = [];
  readonly choices = new Map<string, unknown>();
  template = '';
  readonly registered = new Set([
    'dataClusters.compute.start',
    'dataClusters.compute.terminate',
    'dataClusters.compute.restart',
    'dataClusters.compute.delete',
    'dataClusters.compute.openSparkUi',
    'dataClusters.session.disable',
  ]);
  readonly settings = { externalHostTemplate: () => this.template, logTailLines: () => 100 };
  readonly memento = {
    get: (key: string) => this.choices.get(key),
    update: async (key: string, value: unknown) => void this.choices.set(key, value),
  };
  commands = async () => [...this.registered];
  executeCommand = async (command: string, arg?: unknown) => void this.executed.push({ command, arg });
  writeClipboard = async (text: string) => void this.clipboard.push(text);
  info = (message: string) => void this.infos.push(message);
  insertText = async (content: string, language: string) => void this.opened.push({ content, language });
  openDocument = async (content: string, language: string) => void this.opened.push({ content, language });
  saveText = async (o: { defaultName: string }, text: string) => (this.saved.push({ name: o.defaultName, text }), `/tmp/${o.defaultName}`);
}

describe('ClusterPanelController (a fake workbench, against the emulator)', function () {
  this.timeout(60_000);
  let fx: EmulatorFixture;
  let conn: ClusterConnection;
  const open: ClusterPanelController[] = [];

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
    conn = new ClusterConnection(fx.kc(), { namespaces: [...DEMO_NAMESPACES] });
    await until(() => conn.model, 10_000, 'the model');
    await conn.model!.whenReady('compute');
    await conn.model!.whenReady('session');
    await until(
      () =>
        conn.model!.get('compute', 'analytics', 'sales-etl')?.kind === 'compute' && conn.model!.get('session', 'research', 'clickstream'),
      10_000,
      'the demo clusters',
    );
  });
  after(async () => {
    for (const p of open) p.dispose();
    conn.dispose();
    await fx.emulator.stop();
  });

  function openPanel(kind: 'compute' | 'session', namespace: string, name: string) {
    const panel = new FakePanel();
    const ui = new FakeUi();
    const c = new ClusterPanelController(
      panel,
      { kind, namespace, name },
      {
        connection: () => conn,
        onDidChangeConnection: new Emitter<unknown>().event,
        logger: silentLogger,
        ui,
        html: () => () => '<html></html>',
      },
      Date.now(),
    );
    open.push(c);
    let id = 0;
    /** Plays the page: a request, answered by the response the panel posts. */
    const request = async (name: string, args: unknown): Promise<any> => {
      const rid = ++id;
      panel.send({ kind: 'request', id: rid, name, args });
      return until(() => panel.posted.find((m) => m.kind === 'response' && m.id === rid), 20_000, `the answer to ${name}`);
    };
    const last = (name: string) => [...panel.posted].reverse().find((m) => m.kind === 'notification' && m.name === name)?.body;
    panel.send({ kind: 'ready' });
    return { panel, ui, controller: c, request, last };
  }

  it('keeps the events watched while the panel is open: the badge counts follow while another tab shows, and the watch ends with the panel', async () => {
    const p = openPanel('compute', 'analytics', 'sales-etl');
    assert.deepEqual((await p.request('panel.showTab', { tab: 'details' })).ok, true);
    await until(() => p.controller.info().eventsWatched, 10_000, 'the events watch');
    const before = countEvents((await until(() => p.last('events.update'), 10_000, 'the first events')).events);
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'sales-etl-driver.probe', namespace: 'analytics' },
      involvedObject: { kind: 'Deployment', name: driverDeploymentName('sales-etl'), namespace: 'analytics' },
      reason: 'ProbeWarning',
      message: 'Readiness probe failed',
      type: 'Warning',
      count: 3,
      lastTimestamp: new Date().toISOString(),
    });
    const after = await until(
      () => {
        const body = p.last('events.update');
        const c = body && countEvents(body.events);
        return c && c.warnings >= before.warnings + 3 ? c : undefined;
      },
      10_000,
      'the new warning in the counts',
    );
    assert.equal(after.total - before.total >= 3, true);
    assert.equal(p.controller.info().tab, 'details');
    p.panel.dispose();
    assert.equal(p.controller.isDisposed, true);
    assert.equal(p.controller.info().eventsWatched, false);
  });

  it('runs a header action through its command once the state table and the rights allow it; refuses what they do not', async () => {
    const p = openPanel('compute', 'analytics', 'sales-etl');
    await until(() => p.last('compute.update'), 10_000, 'the cluster');
    const body = p.last('compute.update');
    assert.equal(body.deleted, false);
    assert.ok(body.actions.allowed.includes('terminate'));
    const ok = await p.request('action.run', { action: 'terminate' });
    assert.deepEqual(ok.result, { started: true });
    assert.deepEqual(p.ui.executed, [
      { command: 'dataClusters.compute.terminate', arg: { kind: 'compute', namespace: 'analytics', name: 'sales-etl' } },
    ]);
    const refused = await p.request('action.run', { action: 'start' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'conflict');
    // Names the protocol does not know never reach a handler.
    const dropped = p.controller.info().dropped;
    p.panel.send({ kind: 'request', id: 99, name: 'action.run', args: { action: 'rm -rf' } });
    p.panel.send({ kind: 'request', id: 98, name: 'panel.showTab', args: { tab: 'secrets' } });
    await until(() => p.controller.info().dropped === dropped + 2, 5000, 'both dropped');
    assert.equal(p.ui.executed.length, 1);
    p.panel.dispose();
  });

  it('Connections: copies through the workbench, remembers the endpoint, and says what to set when there is no external one', async () => {
    const p = openPanel('compute', 'analytics', 'sales-etl');
    await p.request('panel.showTab', { tab: 'connections' });
    const cards = await until(() => p.last('connections.update')?.cards.length && p.last('connections.update'), 10_000, 'the cards');
    assert.match(cards.endpoint, /^In-cluster: sales-etl-driver\.analytics\.svc/);
    const copied = await p.request('connections.copy', { id: cards.cards[0].id });
    assert.equal(copied.ok, true);
    assert.equal(p.ui.clipboard[0], cards.cards[0].text);
    await p.request('connections.setEndpoint', { endpoint: 'external' });
    const external = p.last('connections.update');
    assert.equal(external.endpointKind, 'external');
    assert.equal(external.error.code, 'unavailable');
    assert.match(external.error.message, /sales-etl-driver/);
    assert.deepEqual(p.ui.choices.get('dataClusters.connectionSnippet/analytics/sales-etl'), { endpoint: 'external' });
    p.ui.template = '{name}.{namespace}.spark.example.com';
    await p.request('connections.setEndpoint', { endpoint: 'external' });
    assert.match(p.last('connections.update').endpoint, /^External: sales-etl\.analytics\.spark\.example\.com$/);
    assert.equal(p.controller.info().endpoint, 'external');
    p.panel.dispose();
  });

  it('Logs: streams once the tab shows, and saves through the save dialog', async () => {
    const p = openPanel('compute', 'analytics', 'sales-etl');
    assert.equal(p.controller.info().logLines, 0);
    await p.request('panel.showTab', { tab: 'logs' });
    await until(() => p.controller.info().logLines > 0, 20_000, 'driver log lines');
    const saved = await p.request('logs.download', {});
    assert.deepEqual(saved.result, { saved: true });
    assert.equal(p.ui.saved[0].name, 'spark-driver-logs.txt');
    assert.ok(p.ui.saved[0].text.length > 0);
    p.panel.dispose();
  });

  it('a session panel has its own tabs: requests of the compute tabs are refused', async () => {
    const p = openPanel('session', 'research', 'clickstream');
    const body = await until(() => p.last('session.update'), 10_000, 'the session cluster');
    assert.equal(body.cluster.name, 'clickstream');
    const refused = await p.request('connections.copy', { id: 'jdbc-binary' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'bad-request');
    assert.equal(p.controller.info().eventsWatched, false);
    p.panel.dispose();
  });

  it('a deleted cluster: the update says deleted and offers no action; its events are no longer watched', async () => {
    const p = openPanel('compute', 'analytics', 'ml-features');
    await until(() => p.controller.info().eventsWatched, 10_000, 'the events watch');
    await until(() => p.last('compute.update')?.actions.allowed.length, 10_000, 'the actions of the last state');
    fx.emulator.api.delete(fx.emulator.api.mustType('', 'configmaps'), 'analytics', 'compute.ml-features');
    const gone = await until(() => p.last('compute.update')?.deleted && p.last('compute.update'), 10_000, 'the deleted update');
    assert.deepEqual(gone.actions, { allowed: [], denied: [], running: [] });
    assert.equal(gone.cluster.name, 'ml-features');
    await until(() => p.controller.info().eventsWatched === false, 10_000, 'the watch to end');
    const refused = await p.request('action.run', { action: 'delete' });
    assert.equal(refused.error.code, 'not-found');
    p.panel.dispose();
  });
});
