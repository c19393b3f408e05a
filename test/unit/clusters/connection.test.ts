import * as assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnection, ConnectionHealth } from '../../../src/clusters/connection';
import { startEmulator, until } from '../support/emulatorFixture';

describe('ClusterConnection health (what the views tell the user)', function () {
  this.timeout(20_000);

  it('is ready, and says when the Flink operator CRDs are missing', async () => {
    const fx = await startEmulator({ flinkCrds: false });
    const conn = new ClusterConnection(fx.kc(), { namespaces: ['default'], sessionClustersPerNamespace: () => 1 });
    try {
      // Ready comes first; the note follows once the FlinkDeployment watch gets its 404.
      const h = await until(
        () => (conn.health.kind === 'ready' && conn.health.flinkCrdsMissing ? conn.health : undefined),
        10_000,
        'ready, CRDs missing',
      );
      assert.deepEqual(h, { kind: 'ready', flinkCrdsMissing: true } satisfies ConnectionHealth);
    } finally {
      conn.dispose();
      await fx.emulator.stop();
    }
  });

  it('is ready without that note when the CRDs are there', async () => {
    const fx = await startEmulator();
    const conn = new ClusterConnection(fx.kc(), { namespaces: ['default'], sessionClustersPerNamespace: () => 1 });
    try {
      await until(() => conn.health.kind === 'ready', 10_000, 'ready');
      assert.deepEqual(conn.health, { kind: 'ready', flinkCrdsMissing: false });
      assert.ok(conn.model);
    } finally {
      conn.dispose();
      await fx.emulator.stop();
    }
  });

  it('is unreachable, with the reason, when nothing answers', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:9', skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const conn = new ClusterConnection(kc, { namespaces: ['default'], sessionClustersPerNamespace: () => 1 });
    try {
      const h = await until(() => (conn.health.kind === 'unreachable' ? conn.health : undefined), 10_000, 'unreachable');
      assert.match(h.error, /nothing is listening at https:\/\/127\.0\.0\.1:9/);
    } finally {
      conn.dispose();
    }
  });
});
