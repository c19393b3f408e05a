import * as assert from 'node:assert/strict';
import type { Handlers } from '../../../shared/protocol/envelope';
import { CLUSTER_PAGE as P } from '../../../shared/protocol/clusterPage';
import { silentLogger } from '../../../src/common/logger';
import { LogFeed } from '../../../src/panels/logFeed';
import { LogBuffer } from '../../../shared/logs/logBuffer';
import { WebviewPanelHost } from '../../../src/panels/webviewPanelHost';
import { applyAppend, applyReset } from '../../../webview/common/logMirror';
import { FakePanel } from './fakePanel';

function setup(opts: ConstructorParameters<typeof LogFeed>[1] = {}) {
  const panel = new FakePanel();
  const host = new WebviewPanelHost(panel, {
    protocol: P,
    key: 'k',
    title: 't',
    html: () => '',
    handlers: {} as Handlers<typeof P>,
    logger: silentLogger,
  });
  const feed = new LogFeed(host, { flushMs: 1, chunk: 3, ...opts });
  /** The page's mirror, fed with what was posted. */
  const mirror = () => {
    const b = new LogBuffer();
    for (const m of panel.posted) {
      if (m.name === 'logs.reset') applyReset(b, m.body);
      if (m.name === 'logs.append') applyAppend(b, m.body);
    }
    return b;
  };
  return { panel, host, feed, mirror };
}

describe('LogFeed', () => {
  it('posts nothing before ready, then a chunked snapshot of everything kept', () => {
    const { panel, feed, mirror } = setup();
    feed.append(['a', 'b', 'c', 'd', 'e\u0000']);
    feed.flush();
    assert.equal(panel.posted.length, 0);
    panel.send({ kind: 'ready' });
    assert.deepEqual(
      panel.posted.map((m) => m.name),
      ['logs.reset', 'logs.append', 'logs.status'],
    );
    assert.deepEqual(mirror().slice(0, 10), ['a', 'b', 'c', 'd', 'e\\x00']);
  });

  it('batches live lines and keeps the page mirror equal to the buffer, across a hide and show', () => {
    const { panel, feed, mirror } = setup();
    panel.send({ kind: 'ready' });
    feed.append(['1', '2']);
    feed.append(['3', '4']);
    feed.flush();
    assert.deepEqual(mirror().slice(0, 10), ['1', '2', '3', '4']);
    panel.setVisible(false);
    feed.append(['5']);
    feed.flush();
    panel.posted.length = 0;
    panel.setVisible(true);
    panel.send({ kind: 'ready' });
    assert.deepEqual(mirror().slice(0, 10), ['1', '2', '3', '4', '5']);
  });

  it('resets for a new range, and reports status with errors as data', () => {
    const { panel, feed, mirror } = setup();
    panel.send({ kind: 'ready' });
    feed.append(['old']);
    feed.flush();
    feed.reset('15m', 'etl-driver');
    feed.append(['new']);
    feed.flush();
    const m = mirror();
    assert.deepEqual(m.slice(0, 10), ['new']);
    assert.equal(panel.posted.find((x) => x.name === 'logs.reset' && x.body.range === '15m').body.instance, 'etl-driver');
    feed.setStatus(false, { message: 'You may not read logs in analytics', code: 'forbidden' });
    assert.deepEqual(panel.posted.at(-1).body, {
      streaming: false,
      error: { message: 'You may not read logs in analytics', code: 'forbidden' },
    });
  });

  it('flushes by itself after flushMs', async () => {
    const { panel, feed } = setup();
    panel.send({ kind: 'ready' });
    panel.posted.length = 0;
    feed.append(['x']);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(panel.posted[0]?.name, 'logs.append');
  });
});
