import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { chooseScope, ClusterEventsWatcher, compareResourceVersions, summarizeEvents } from '../../../src/clusters/clusterEvents';
import { AccessReviewer } from '../../../src/kube/access';
import { Informer } from '../../../src/kube/informer';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { RESOURCES } from '../../../src/kube/resources';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

describe('cluster events, scope and exec credentials (against the emulator)', function () {
  this.timeout(20_000);
  let fx: EmulatorFixture;
  before(async () => {
    fx = await startEmulator();
    fx.namespace('ev');
  });
  after(() => fx.emulator.stop());

  it('counts warnings and totals, newest first', () => {
    const e = (type: string, reason: string, count: number, last: string) => ({
      metadata: { name: reason, uid: reason, resourceVersion: '1' },
      type,
      reason,
      message: reason,
      count,
      lastTimestamp: last,
      involvedObject: { kind: 'Pod', name: 'p' },
    });
    const s = summarizeEvents([
      e('Normal', 'Pulled', 1, '2026-01-01T00:00:01Z'),
      e('Warning', 'BackOff', 7, '2026-01-01T00:00:03Z'),
      e('Warning', 'Failed', 2, '2026-01-01T00:00:02Z'),
    ]);
    assert.deepEqual([s.warnings, s.total], [9, 10]);
    assert.deepEqual(
      s.events.map((x) => x.reason),
      ['BackOff', 'Failed', 'Pulled'],
    );
  });

  it('orders events of the same second by their later write first, keeping cause before effect reversed', () => {
    // A kubelet's Pulled, Created and Started of one container share a second; listed in the cache's
    // (arbitrary) order, with resourceVersions in the order they were written.
    const e = (reason: string, rv: string, last: string, created = last) => ({
      metadata: { name: reason, uid: reason, resourceVersion: rv, creationTimestamp: created },
      type: 'Normal',
      reason,
      message: reason,
      count: 1,
      lastTimestamp: last,
      involvedObject: { kind: 'Pod', name: 'p' },
    });
    const s = summarizeEvents([
      e('Created', '1041', '2026-01-01T00:00:05Z'),
      e('Scheduled', '1000', '2026-01-01T00:00:01Z'),
      e('Started', '1042', '2026-01-01T00:00:05Z'),
      e('Pulled', '1040', '2026-01-01T00:00:05Z'),
      // Seen again later: its last time wins over its old resourceVersion order.
      e('BackOff', '999', '2026-01-01T00:00:09Z', '2026-01-01T00:00:00Z'),
    ]);
    assert.deepEqual(
      s.events.map((x) => x.reason),
      ['BackOff', 'Started', 'Created', 'Pulled', 'Scheduled'],
    );
    // Without comparable versions, the later creation comes first.
    const t = summarizeEvents([
      e('Pulled', 'a', '2026-01-01T00:00:05Z', '2026-01-01T00:00:04Z'),
      e('Started', 'b', '2026-01-01T00:00:05Z', '2026-01-01T00:00:05Z'),
    ]);
    assert.deepEqual(
      t.events.map((x) => x.reason),
      ['Started', 'Pulled'],
    );
  });

  it('compares resourceVersions as the integers the API server writes', () => {
    assert.ok(compareResourceVersions('10', '9') > 0);
    assert.ok(compareResourceVersions('9', '10') < 0);
    assert.equal(compareResourceVersions('42', '42'), 0);
    assert.ok(compareResourceVersions('12345678901234567890', '12345678901234567889') > 0);
    assert.equal(compareResourceVersions('abc', '1'), 0);
    assert.equal(compareResourceVersions(undefined, '1'), 0);
  });

  it("watches only one cluster's events", async () => {
    fx.emulator.applyInternal({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'etl-driver', namespace: 'ev', labels: { 'dataclusters.io/cluster': 'etl' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'etl' } },
        template: {
          metadata: { labels: { a: 'etl', 'dataclusters.io/cluster': 'etl', 'spark-role': 'driver' } },
          spec: { containers: [{ name: 'd', image: 'app:crashloop' }] },
        },
      },
    });
    fx.emulator.applyInternal({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'other-driver', namespace: 'ev' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'other' } },
        template: { metadata: { labels: { a: 'other' } }, spec: { containers: [{ name: 'd', image: 'app:1' }] } },
      },
    });
    const transport = new KubeTransport(fx.kc());
    const pods = new Informer(transport, RESOURCES.pods, { namespace: 'ev', labelSelector: 'dataclusters.io/cluster=etl' }).start();
    const w = new ClusterEventsWatcher(transport, 'ev', 'compute', 'etl', () => pods.items()).start();
    try {
      const s = await until(() => {
        const x = w.summary();
        return x.warnings > 0 && x.events.some((e) => e.reason === 'Started') ? x : undefined;
      }, 10_000);
      assert.ok(
        s.events.every((e) => /etl-driver/.test(e.object)),
        s.events.map((e) => e.object).join(','),
      );
      assert.ok(s.events.some((e) => e.reason === 'BackOff'));
    } finally {
      w.dispose();
      pods.dispose();
    }
  });

  it('watches cluster-wide only when the user may list everywhere and wants several namespaces', async () => {
    assert.deepEqual(await chooseScope(new AccessReviewer(new KubeTransport(fx.kc()), fx.kc()), ['a', 'b']), { allNamespaces: true });
    assert.deepEqual(await chooseScope(new AccessReviewer(new KubeTransport(fx.kc()), fx.kc()), ['a']), { namespaces: ['a'] });
    assert.deepEqual(await chooseScope(new AccessReviewer(new KubeTransport(fx.kc('developer')), fx.kc('developer')), ['a', 'b']), {
      namespaces: ['a', 'b'],
    });
  });

  it('asks no access review before the first list when one namespace is watched', async () => {
    const asked: string[] = [];
    const access = new AccessReviewer(new KubeTransport(fx.kc()), fx.kc());
    const can = access.can.bind(access);
    access.can = (a) => (asked.push(a.resource), can(a));
    assert.deepEqual(await chooseScope(access, ['a']), { namespaces: ['a'] });
    assert.equal(asked.length, 0, asked.join());
    await chooseScope(access, ['a', 'b']);
    assert.ok(asked.includes('configmaps'));
  });

  it('authenticates with an exec credential plugin, as client-node runs it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-exec-'));
    const plugin = path.join(dir, 'cred.sh');
    fs.writeFileSync(
      plugin,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${fx.emulator.token('admin')}"}}'\n`,
      { mode: 0o755 },
    );
    const base = fx.kc();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: base.clusters,
      users: [
        { name: 'exec', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args: [], interactiveMode: 'Never' } },
      ],
      contexts: [{ name: 'exec', cluster: base.clusters[0].name, user: 'exec' }],
      currentContext: 'exec',
    });
    const r = await new KubeTransport(kc).request('GET', '/api/v1/namespaces/ev');
    assert.equal(r.metadata.name, 'ev');
  });
});
