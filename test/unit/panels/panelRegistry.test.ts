import * as assert from 'node:assert/strict';
import type { Handlers } from '../../../shared/protocol/envelope';
import { CLUSTER_PAGE as P } from '../../../shared/protocol/clusterPage';
import { PanelRegistry } from '../../../src/panels/panelRegistry';
import { panelSerializer, savedPanelKey } from '../../../src/panels/serializer';
import { WebviewPanelHost } from '../../../src/panels/webviewPanelHost';
import { silentLogger } from '../../../src/common/logger';
import { FakePanel } from './fakePanel';

const host = (key: string, panel = new FakePanel()) =>
  new WebviewPanelHost(panel, {
    protocol: P,
    key,
    title: key,
    html: () => '',
    handlers: {} as Handlers<typeof P>,
    logger: silentLogger,
  });

describe('PanelRegistry', () => {
  it('keeps one panel per key: opening again reveals it', () => {
    const reg = new PanelRegistry<WebviewPanelHost<typeof P>>();
    let made = 0;
    const create = () => (made++, host('compute/a/x'));
    const first = reg.openOrReveal('compute/a/x', create);
    const second = reg.openOrReveal('compute/a/x', create);
    assert.equal(first, second);
    assert.equal(made, 1);
    assert.equal((first.panel as FakePanel).revealed, 1);
    reg.openOrReveal('compute/a/y', () => host('compute/a/y'));
    assert.equal(reg.size, 2);
  });

  it('forgets a panel the user closed, so the next open makes a new one', () => {
    const reg = new PanelRegistry<WebviewPanelHost<typeof P>>();
    const first = reg.openOrReveal('k', () => host('k'));
    first.panel.dispose();
    assert.equal(reg.get('k'), undefined);
    const second = reg.openOrReveal('k', () => host('k'));
    assert.notEqual(first, second);
  });

  it('a restored panel with a key already open replaces the old one; dispose closes all', () => {
    const reg = new PanelRegistry<WebviewPanelHost<typeof P>>();
    const a = reg.add(host('k'));
    const b = reg.add(host('k'));
    assert.equal((a.panel as FakePanel).disposed, true);
    assert.equal(reg.get('k'), b);
    reg.dispose();
    assert.equal((b.panel as FakePanel).disposed, true);
    assert.equal(reg.size, 0);
    const late = reg.add(host('late'));
    assert.equal((late.panel as FakePanel).disposed, true);
  });
});

describe('panelSerializer', () => {
  const keyPattern = /^compute\/[a-z0-9-]+\/[a-z0-9-]+$/;

  it('reads only a valid saved key', () => {
    assert.equal(savedPanelKey({ key: 'compute/analytics/etl', tab: 'logs' }, keyPattern), 'compute/analytics/etl');
    for (const bad of [undefined, null, 'compute/a/b', { key: 3 }, { key: 'compute/../x' }, { key: '<img src=x>' }]) {
      assert.equal(savedPanelKey(bad, keyPattern), undefined);
    }
  });

  it('restores a panel from its saved key into the registry', async () => {
    const reg = new PanelRegistry<WebviewPanelHost<typeof P>>();
    const s = panelSerializer<FakePanel>({ keyPattern, logger: silentLogger, restore: (panel, key) => void reg.add(host(key, panel)) });
    const panel = new FakePanel();
    await s.deserializeWebviewPanel(panel, { key: 'compute/analytics/etl' });
    assert.equal(reg.get('compute/analytics/etl')?.panel, panel);
    assert.equal(panel.disposed, false);
  });

  it('closes a panel it cannot restore', async () => {
    const s = panelSerializer<FakePanel>({
      keyPattern,
      logger: silentLogger,
      restore: () => {
        throw new Error('cluster gone');
      },
    });
    const noKey = new FakePanel();
    await s.deserializeWebviewPanel(noKey, undefined);
    const failing = new FakePanel();
    await s.deserializeWebviewPanel(failing, { key: 'compute/a/b' });
    assert.deepEqual([noKey.disposed, failing.disposed], [true, true]);
  });
});
