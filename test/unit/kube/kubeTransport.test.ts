import * as assert from 'node:assert/strict';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { EmulatorFixture, startEmulator } from '../support/emulatorFixture';

describe('KubeTransport connections (against the emulator)', function () {
  this.timeout(20_000);
  let fx: EmulatorFixture;
  before(async () => {
    fx = await startEmulator();
  });
  after(async () => {
    await fx?.emulator.stop();
  });

  it('sends one request after another over one kept-alive TLS connection', async () => {
    const transport = new KubeTransport(fx.kc());
    const before = fx.emulator.server.connections.opened;
    try {
      for (let i = 0; i < 5; i++) await transport.request('GET', '/api/v1/namespaces');
      assert.equal(fx.emulator.server.connections.opened - before, 1);
    } finally {
      transport.dispose();
    }
  });

  it('resumes the TLS session of its first connection for the connections concurrent requests open', async () => {
    const transport = new KubeTransport(fx.kc());
    const { opened, resumed } = fx.emulator.server.connections;
    try {
      await transport.request('GET', '/api/v1/namespaces');
      await Promise.all(Array.from({ length: 4 }, () => transport.request('GET', '/api/v1/namespaces')));
      const newOnes = fx.emulator.server.connections.opened - opened;
      assert.ok(newOnes >= 2, `concurrent requests open connections of their own (${newOnes})`);
      assert.equal(fx.emulator.server.connections.resumed - resumed, newOnes - 1, 'every connection after the first resumed');
    } finally {
      transport.dispose();
    }
  });
});
