import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CacheScope } from '../../../src/clusters/clusterCache';
import { ClusterConnection, ConnectionHealth, scopeKey, ScopeMemory } from '../../../src/clusters/connection';
import { commonLabels } from '../../../src/clusters/definition';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { startEmulator, until } from '../support/emulatorFixture';
import { injectFault } from '../support/requestFaults';

class MapMemory implements ScopeMemory {
  readonly map = new Map<string, CacheScope>();
  get(key: string): unknown {
    return this.map.get(key);
  }
  set(key: string, scope: CacheScope): void {
    this.map.set(key, scope);
  }
}

describe('ClusterConnection health (what the views tell the user)', function () {
  this.timeout(20_000);

  it('is ready, and says when the Flink operator CRDs are missing', async () => {
    const fx = await startEmulator({ flinkCrds: false });
    const conn = new ClusterConnection(fx.kc(), { namespaces: ['default'] });
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
    const conn = new ClusterConnection(fx.kc(), { namespaces: ['default'] });
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
    const conn = new ClusterConnection(kc, { namespaces: ['default'] });
    try {
      const h = await until(() => (conn.health.kind === 'unreachable' ? conn.health : undefined), 10_000, 'unreachable');
      assert.match(h.error, /nothing is listening at https:\/\/127\.0\.0\.1:9/);
    } finally {
      conn.dispose();
    }
  });
});

describe('ClusterConnection with credentials that cannot be produced', function () {
  this.timeout(20_000);

  async function healthWith(command: string): Promise<ConnectionHealth> {
    const fx = await startEmulator();
    const cluster = fx.kc().getCurrentCluster()!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'gke-user', exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command, args: [], env: [] } }],
      contexts: [{ name: 'gke', cluster: cluster.name, user: 'gke-user' }],
      currentContext: 'gke',
    });
    const conn = new ClusterConnection(kc, { namespaces: ['default'] });
    try {
      return await until(() => (conn.health.kind === 'unreachable' ? conn.health : undefined), 10_000, 'unreachable');
    } finally {
      conn.dispose();
      await fx.emulator.stop();
    }
  }

  it('says which credential plugin is not installed', async () => {
    const h = await healthWith('no-such-auth-plugin');
    assert.equal(
      h.kind === 'unreachable' && h.error,
      'The credential plugin no-such-auth-plugin that the kubeconfig user gke-user runs is not installed or not on the PATH of VS Code. ' +
        'Install it, or choose another context.',
    );
  });

  it("passes on a failing plugin's own words, which name the login to run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-plugin-'));
    const plugin = path.join(dir, 'auth-plugin');
    fs.writeFileSync(plugin, '#!/bin/sh\necho "You do not currently have an active account. Please run: gcloud auth login" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const h = await healthWith(plugin);
    assert.ok(h.kind === 'unreachable');
    assert.match(h.error, /^The credential plugin .*auth-plugin of the kubeconfig user gke-user failed: .*Please run: gcloud auth login/);
  });
});

describe('ClusterConnection watch scope remembered between sessions', function () {
  this.timeout(20_000);
  const SSAR = /selfsubjectaccessreviews$/;

  it('lists without waiting for access reviews whose answer it remembers, and remembers what they say now', async () => {
    const fx = await startEmulator();
    let release!: () => void;
    const held = injectFault(fx.emulator.server, {
      method: 'POST',
      path: SSAR,
      fail: 'hold',
      release: new Promise<void>((r) => (release = r)),
    });
    const memory = new MapMemory();
    const namespaces = ['alpha', 'beta'];
    memory.set(scopeKey(fx.kc(), namespaces), { namespaces });
    const conn = new ClusterConnection(fx.kc(), { namespaces, scopeMemory: memory });
    try {
      await conn.whenReady();
      await conn.model!.whenReady('compute');
      assert.ok(held.seen.length > 0, 'the access reviews were asked meanwhile');
      release();
      // The admin may list everywhere: next time, one cluster-wide watch per kind.
      await until(() => 'allNamespaces' in (memory.map.get(scopeKey(fx.kc(), namespaces)) ?? {}), 10_000, 'remembered wide');
    } finally {
      release();
      held.remove();
      conn.dispose();
      await fx.emulator.stop();
    }
  });

  it('lists cluster-wide while the access reviews decide, and uses those lists when they allow watching everything', async () => {
    const fx = await startEmulator();
    fx.namespace('alpha');
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'compute.etl', namespace: 'alpha', labels: commonLabels('compute', 'etl') },
      data: { 'spec.json': JSON.stringify(defaultComputeSpec('etl', 'alpha', BUILTIN_NODE_TYPES)) },
    });
    let release!: () => void;
    const held = injectFault(fx.emulator.server, {
      method: 'POST',
      path: SSAR,
      fail: 'hold',
      release: new Promise<void>((r) => (release = r)),
    });
    const lists = injectFault(fx.emulator.server, { method: 'GET', path: /^\/api\/v1\/configmaps$/, skip: Infinity, fail: 500 });
    const namespaces = ['alpha', 'beta'];
    const memory = new MapMemory();
    const conn = new ClusterConnection(fx.kc(), { namespaces, scopeMemory: memory });
    try {
      await until(() => held.seen.length > 0 && lists.seen.length > 0, 10_000, 'the reviews and the cluster-wide list at once');
      assert.equal(conn.model, undefined, 'the scope is not chosen yet');
      release();
      await conn.whenReady();
      await conn.model!.whenReady('compute');
      assert.deepEqual(memory.map.get(scopeKey(fx.kc(), namespaces)), { allNamespaces: true });
      assert.deepEqual(
        conn.model!.computeClusters().map((c) => c.name),
        ['etl'],
      );
      const listed = lists.seen.filter((r) => r.query.get('watch') !== 'true');
      assert.equal(listed.length, 1, 'the list requested ahead is the one used');
    } finally {
      release();
      held.remove();
      lists.remove();
      conn.dispose();
      await fx.emulator.stop();
    }
  });

  it('lists each namespace when the reviews do not allow watching everything, whatever the lists requested ahead said', async () => {
    const fx = await startEmulator();
    const namespaces = ['analytics', 'streaming'];
    for (const ns of namespaces) fx.namespace(ns);
    const memory = new MapMemory();
    const conn = new ClusterConnection(fx.kc('developer'), { namespaces, scopeMemory: memory });
    try {
      await conn.whenReady();
      await conn.model!.whenReady('compute');
      assert.deepEqual(memory.map.get(scopeKey(fx.kc('developer'), namespaces)), { namespaces });
      assert.ok(
        conn.model!.cache.health().every((h) => h.namespace !== undefined),
        'no cluster-wide watch',
      );
    } finally {
      conn.dispose();
      await fx.emulator.stop();
    }
  });

  it('asks first when it remembers nothing, and says so when a remembered cluster-wide scope is no longer allowed', async () => {
    const fx = await startEmulator();
    const memory = new MapMemory();
    const namespaces = ['alpha', 'beta'];
    const key = scopeKey(fx.kc('developer'), namespaces);
    memory.set(key, { allNamespaces: true });
    const conn = new ClusterConnection(fx.kc('developer'), { namespaces, scopeMemory: memory });
    try {
      await new Promise<void>((resolve) => conn.onDidInvalidateScope(() => resolve()));
      assert.deepEqual(memory.map.get(key), { namespaces });
    } finally {
      conn.dispose();
    }
    const fresh = new MapMemory();
    const reviews = injectFault(fx.emulator.server, { method: 'POST', path: SSAR, skip: Infinity, fail: 500 });
    const again = new ClusterConnection(fx.kc('developer'), { namespaces, scopeMemory: fresh });
    try {
      await again.whenReady();
      assert.ok(reviews.seen.length > 0, 'asked before the first list');
      assert.deepEqual(fresh.map.get(key), { namespaces });
    } finally {
      reviews.remove();
      again.dispose();
      await fx.emulator.stop();
    }
  });
});
