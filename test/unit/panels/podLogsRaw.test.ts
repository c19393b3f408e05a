import * as assert from 'node:assert/strict';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { podLogBatches } from '../../../src/kube/podLogs';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

/** The panels' log viewer renders ANSI colours itself: it asks for raw lines; the default stays sanitized. */
describe('pod logs for the log viewer (raw lines)', function () {
  this.timeout(20_000);
  let fx: EmulatorFixture;
  let transport: KubeTransport;
  before(async () => {
    fx = await startEmulator();
    transport = new KubeTransport(fx.kc());
    fx.namespace('raw');
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'raw' },
      spec: { containers: [{ name: 'main', image: 'app:1' }] },
    });
    const pod = await until(() => {
      const p = fx.emulator.api.store.get('/pods', 'raw', 'p');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    fx.emulator.logs.append(pod.metadata.uid, 'main', '\u001b[31mred\u001b[0m <img src=x onerror=alert(1)>');
  });
  after(() => fx.emulator.stop());

  const read = async (raw: boolean) => {
    const out: string[] = [];
    for await (const b of podLogBatches(transport, 'raw', 'p', { tailLines: 1, raw })) out.push(...b);
    return out;
  };

  it('keeps colour codes when raw', async () => {
    assert.deepEqual(await read(true), ['\u001b[31mred\u001b[0m <img src=x onerror=alert(1)>']);
  });
  it('escapes them by default, as before', async () => {
    assert.deepEqual(await read(false), ['\\x1b[31mred\\x1b[0m <img src=x onerror=alert(1)>']);
  });
});
