import * as assert from 'node:assert/strict';
import { CLUSTER_PAGE as P } from '../../../shared/protocol/clusterPage';
import { PageClient, VsCodeApiLike } from '../../../webview/common/client';
import { envelope } from '../../../shared/protocol/envelope';

class FakeApi implements VsCodeApiLike {
  readonly posted: any[] = [];
  state: unknown = undefined;
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  getState() {
    return this.state;
  }
  setState(s: unknown) {
    this.state = s;
  }
}

function setup(timeoutMs = 0) {
  const api = new FakeApi();
  const logged: string[] = [];
  const client = new PageClient(P, api, { log: (m) => logged.push(m), timeoutMs });
  return { api, logged, client };
}

describe('PageClient', () => {
  it('sends ready once', () => {
    const { api, client } = setup();
    client.ready();
    client.ready();
    assert.deepEqual(api.posted, [{ kind: 'ready' }]);
  });

  it('pairs responses with requests by id, whatever their order', async () => {
    const { api, client } = setup();
    const a = client.request('logs.download', {});
    const b = client.request('action.run', { action: 'start' });
    const [ra, rb] = api.posted;
    assert.notEqual(ra.id, rb.id);
    client.receive(envelope.ok(P, rb.id, 'action.run', { started: true }));
    client.receive(envelope.error(P, ra.id, { message: 'You may not read logs in analytics', code: 'forbidden' }));
    assert.deepEqual(await b, { ok: true, value: { started: true } });
    assert.deepEqual(await a, { ok: false, error: { message: 'You may not read logs in analytics', code: 'forbidden' } });
    assert.equal(client.pendingCount, 0);
  });

  it('drops and logs a response whose result does not fit its request, and one for no request', async () => {
    const { api, client, logged } = setup(30);
    const a = client.request('logs.download', {});
    client.receive({ kind: 'response', id: api.posted[0].id, ok: true, result: { started: true } });
    client.receive(envelope.ok(P, 999, 'logs.download', { saved: true }));
    assert.equal(logged.length, 2);
    // The bad answer was not acted on: the request ends by timing out, as data.
    const r = await a;
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'timeout');
  });

  it('routes valid notifications to their handlers and drops malformed or unknown ones', () => {
    const { client, logged } = setup();
    const seen: unknown[] = [];
    const off = client.on('logs.append', (b) => seen.push(b.firstSeq));
    client.receive(envelope.notification(P, 'logs.append', { firstSeq: 5, lines: ['x'] }));
    client.receive({ kind: 'notification', name: 'logs.append', body: { firstSeq: '5', lines: [] } });
    client.receive({ kind: 'notification', name: 'eval', body: {} });
    client.receive('<img src=x onerror=alert(1)>');
    off();
    client.receive(envelope.notification(P, 'logs.append', { firstSeq: 6, lines: [] }));
    assert.deepEqual(seen, [5]);
    assert.equal(logged.length, 3);
  });

  it('keeps handling after a handler throws', () => {
    const { client, logged } = setup();
    const seen: number[] = [];
    client.on('logs.append', () => {
      throw new Error('boom');
    });
    client.on('logs.append', (b) => seen.push(b.firstSeq));
    client.receive(envelope.notification(P, 'logs.append', { firstSeq: 1, lines: [] }));
    assert.deepEqual(seen, [1]);
    assert.match(logged[0], /boom/);
  });

  it('saves the panel key from panel.init and merges state patches', () => {
    const { api, client } = setup();
    client.saveState({ tab: 'logs' });
    client.receive(envelope.notification(P, 'panel.init', { key: 'compute/analytics/etl', title: 'Compute: etl' }));
    assert.deepEqual(api.state, { tab: 'logs', key: 'compute/analytics/etl' });
    assert.equal(client.getState().key, 'compute/analytics/etl');
  });
});
