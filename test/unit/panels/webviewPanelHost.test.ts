import * as assert from 'node:assert/strict';
import { CLUSTER_PAGE as P } from '../../../shared/protocol/clusterPage';
import { Logger } from '../../../src/common/logger';
import type { Handlers } from '../../../shared/protocol/envelope';
import { RequestError, WebviewPanelHost } from '../../../src/panels/webviewPanelHost';
import { FakePanel } from './fakePanel';

function recordingLogger() {
  const lines: string[] = [];
  const rec = (level: string) => (m: string | Error) => void lines.push(`${level} ${String(m)}`);
  const logger: Logger = { trace: rec('trace'), debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
  return { logger, lines };
}

/** The handlers a test gives, the rest refusing as a request no test sends. */
function withStubs(given: Partial<Handlers<typeof P>>): Handlers<typeof P> {
  const stub = () => {
    throw new RequestError('not part of this test', 'bad-request');
  };
  return Object.fromEntries(Object.keys(P.requests).map((n) => [n, given[n as keyof typeof given] ?? stub])) as unknown as Handlers<
    typeof P
  >;
}

function setup(given: Partial<Handlers<typeof P>> = {}) {
  const handlers = withStubs(given);
  const panel = new FakePanel();
  const { logger, lines } = recordingLogger();
  const host = new WebviewPanelHost(panel, {
    protocol: P,
    streams: ['logs.append'],
    key: 'compute/analytics/etl',
    title: 'Compute: etl',
    html: () => '<html>page</html>',
    handlers,
    logger,
  });
  return { panel, host, lines };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WebviewPanelHost', () => {
  it('sets title and HTML, and posts nothing before ready', () => {
    const { panel, host } = setup();
    assert.equal(panel.title, 'Compute: etl');
    assert.equal(panel.webview.html, '<html>page</html>');
    host.notify('panel.init', { key: host.key, title: 'Compute: etl' });
    host.notify('logs.append', { firstSeq: 0, lines: ['a'] });
    host.notify('events.update', { events: [] });
    assert.deepEqual(panel.posted, []);
  });

  it('at ready, posts the latest waiting state of each name, drops stream notifications, then asks for a snapshot', () => {
    const { panel, host } = setup();
    const order: string[] = [];
    host.onDidBecomeReady(() => {
      order.push('ready');
      host.notify('logs.reset', { firstSeq: 0, lines: ['snapshot'], range: 'all' });
    });
    host.notify('events.update', { events: [] });
    host.notify('panel.init', { key: host.key, title: 't' });
    host.notify('logs.append', { firstSeq: 0, lines: ['lost'] });
    host.notify('events.update', { events: [], error: { message: 'You may not read events in analytics', code: 'forbidden' } });
    panel.send({ kind: 'ready' });
    assert.deepEqual(
      panel.posted.map((m) => m.name),
      ['panel.init', 'events.update', 'logs.reset'],
    );
    assert.equal(panel.posted[1].body.error.code, 'forbidden');
    assert.deepEqual(order, ['ready']);
    host.notify('logs.append', { firstSeq: 1, lines: ['live'] });
    assert.equal(panel.posted.at(-1).name, 'logs.append');
  });

  it('waits for a new ready after the page was hidden (VS Code destroyed it)', () => {
    const { panel, host } = setup();
    panel.send({ kind: 'ready' });
    panel.setVisible(false);
    assert.equal(host.isReady, false);
    host.notify('logs.append', { firstSeq: 0, lines: ['x'] });
    host.notify('logs.status', { streaming: true });
    assert.equal(panel.posted.length, 0);
    panel.setVisible(true);
    panel.send({ kind: 'ready' });
    assert.deepEqual(
      panel.posted.map((m) => m.name),
      ['logs.status'],
    );
  });

  it('drops and logs malformed and unknown messages, never calling a handler', async () => {
    let calls = 0;
    const { panel, lines } = setup({
      'logs.download': () => {
        calls++;
        return { saved: true };
      },
    });
    panel.send({ kind: 'ready' });
    for (const bad of [
      null,
      'ready',
      { kind: 'request', id: 1, name: 'logs.download' },
      { kind: 'request', id: 1, name: 'logs.download', args: { path: '/etc/passwd' } },
      { kind: 'request', id: 'x', name: 'logs.download', args: {} },
      { kind: 'request', id: 2, name: 'constructor', args: {} },
      { kind: 'exec', cmd: 'rm -rf /' },
    ]) {
      panel.send(bad);
    }
    await tick();
    assert.equal(calls, 0);
    assert.deepEqual(panel.posted, []);
    assert.equal(lines.filter((l) => l.startsWith('warn') && l.includes('dropped')).length, 7);
  });

  it('answers requests by id, with errors as data', async () => {
    const { panel, lines } = setup({
      'logs.download': () => ({ saved: true }),
      'logs.setRange': async () => {
        throw new RequestError('You may not read logs in analytics', 'forbidden');
      },
      'logs.openInEditor': () => {
        throw new Error('disk full');
      },
    });
    panel.send({ kind: 'ready' });
    panel.send({ kind: 'request', id: 5, name: 'logs.setRange', args: { range: '1h' } });
    panel.send({ kind: 'request', id: 6, name: 'logs.download', args: {} });
    panel.send({ kind: 'request', id: 7, name: 'logs.openInEditor', args: {} });
    panel.send({ kind: 'request', id: 8, name: 'action.run', args: { action: 'start' } });
    await tick();
    const byId = new Map(panel.posted.map((m) => [m.id, m]));
    assert.deepEqual(byId.get(6), { kind: 'response', id: 6, ok: true, result: { saved: true } });
    assert.deepEqual(byId.get(5).error, { message: 'You may not read logs in analytics', code: 'forbidden' });
    assert.deepEqual(byId.get(7).error, { message: 'disk full', code: 'failed' });
    assert.equal(byId.get(8).error.code, 'bad-request');
    assert.ok(lines.some((l) => l.startsWith('error') && l.includes('disk full')));
  });

  it('disposes with its panel, releasing what it owns, and posts nothing after', () => {
    const { panel, host } = setup();
    let released = 0;
    let disposedEvents = 0;
    host.own({ dispose: () => released++ });
    host.onDidDispose(() => disposedEvents++);
    panel.send({ kind: 'ready' });
    panel.dispose();
    host.notify('logs.status', { streaming: false });
    host.dispose();
    assert.deepEqual([released, disposedEvents, panel.posted.length], [1, 1, 0]);
  });

  it('closes its panel when disposed by the extension', () => {
    const { panel, host } = setup();
    host.dispose();
    assert.equal(panel.disposed, true);
  });
});
