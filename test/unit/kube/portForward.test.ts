import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { PortForwardError, PortForwardInfo, PortForwardManager } from '../../../src/kube/portForward';
import { startSeededEmulator } from '../../emulator/demo';
import { Emulator, EmulatorUser } from '../../emulator/emulator';
import { until } from '../support/emulatorFixture';

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

function refusesConnection(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('PortForwardManager against the emulator (demo seed)', function () {
  this.timeout(40_000);
  let emulator: Emulator;
  let kubeconfigFile: string;
  const managers: PortForwardManager[] = [];

  const kc = (user: EmulatorUser = 'admin') => {
    const k = new KubeConfig();
    k.loadFromFile(kubeconfigFile);
    k.setCurrentContext(`emulator-${user}`);
    return k;
  };
  const manager = (user: EmulatorUser = 'admin', opts = {}) => {
    const m = new PortForwardManager(kc(user), { resolveIntervalMs: 50, resolveTimeoutMs: 20_000, ...opts });
    managers.push(m);
    return m;
  };
  const runningPod = (ns: string, match: (labels: Record<string, string>) => boolean): string | undefined =>
    emulator.api.store
      .list('/pods', ns)
      .find((p) => match(p.metadata.labels ?? {}) && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp)?.metadata.name;
  const sparkDriver = () => runningPod('analytics', (l) => l['dataclusters.io/cluster'] === 'sales-etl' && l['spark-role'] === 'driver');
  const flinkJobManager = () => runningPod('streaming', (l) => l.app === 'orders-stream' && l.component === 'jobmanager');

  before(async () => {
    emulator = await startSeededEmulator('demo', {
      speed: 20,
      bookmarkIntervalMs: 500,
      timings: { schedule: 100, pull: 400, start: 100, ready: 300, crash: 500, backoff: 1000, kill: 200 },
    });
    kubeconfigFile = emulator.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-pf-')), 'kubeconfig.yaml'));
    await until(() => sparkDriver() && flinkJobManager(), 15_000, 'the sales-etl driver and orders-stream JobManager');
  });
  afterEach(async () => {
    for (const m of managers.splice(0)) await m.stopAll();
  });
  after(async () => {
    await emulator?.stop();
  });

  it('forwards 127.0.0.1 to the Spark UI of sales-etl on 4040', async () => {
    const m = manager();
    const changes: (readonly PortForwardInfo[])[] = [];
    m.onDidChange((list) => changes.push(list));
    const info = await m.start({
      namespace: 'analytics',
      resolvePod: async () => sparkDriver(),
      ports: [{ name: 'spark-ui', remote: 4040 }],
      label: 'sales-etl: Spark UI',
      key: 'compute/analytics/sales-etl/ui',
    });
    assert.equal(info.pod, sparkDriver());
    assert.equal(info.state, 'active');
    assert.equal(info.ports[0].remote, 4040);
    assert.ok(info.ports[0].local > 0);
    const page = await get(info.ports[0].local, '/jobs/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>sales-etl - Spark Jobs<\/title>/);
    assert.match(page.body, /Path: \/jobs\//);
    assert.deepEqual(
      m.list().map((f) => f.id),
      [info.id],
    );
    assert.ok(changes.length >= 1, 'onDidChange fired');
    // The same key gives the running forward back instead of a second one.
    const again = await m.start({
      namespace: 'analytics',
      resolvePod: async () => sparkDriver(),
      ports: [{ remote: 4040 }],
      key: info.key,
    });
    assert.equal(again.id, info.id);
    assert.equal(m.list().length, 1);
  });

  it('forwards to the Flink REST API of orders-stream: /overview answers', async () => {
    const m = manager();
    const info = await m.start({
      namespace: 'streaming',
      resolvePod: async () => flinkJobManager(),
      ports: [{ name: 'rest', remote: 8081 }],
    });
    const res = await get(info.ports[0].local, '/overview');
    assert.equal(res.status, 200);
    const overview = JSON.parse(res.body);
    assert.equal(overview['flink-version'], '1.20.0');
    assert.equal(typeof overview['slots-total'], 'number');
  });

  it('leaves nothing listening after stop, and reports the change', async () => {
    const m = manager();
    const info = await m.start({
      namespace: 'analytics',
      resolvePod: async () => sparkDriver(),
      ports: [{ remote: 4040 }, { remote: 15002 }],
    });
    assert.equal((await get(info.ports[0].local, '/')).status, 200);
    let last: readonly PortForwardInfo[] | undefined;
    m.onDidChange((l) => (last = l));
    await m.stop(info.id);
    assert.deepEqual(last, []);
    assert.deepEqual(m.list(), []);
    for (const p of info.ports) assert.equal(await refusesConnection(p.local), true, `port ${p.local} still listens`);
  });

  it('fails clearly when the local port is already in use, and leaves no forward', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const m = manager();
      await assert.rejects(
        m.start({
          namespace: 'analytics',
          resolvePod: async () => sparkDriver(),
          ports: [{ remote: 4040 }, { remote: 15002, local: taken }],
        }),
        (e: unknown) =>
          e instanceof PortForwardError &&
          e.reason === 'PortInUse' &&
          e.message.includes(`Local port ${taken} on 127.0.0.1 is already in use`),
      );
      assert.deepEqual(m.list(), []);
    } finally {
      blocker.close();
    }
  });

  for (const user of ['viewer', 'nobody'] as const) {
    it(`tells a user without pods/portforward (${user}) it is not allowed (403), listening on nothing`, async () => {
      const m = manager(user);
      const pod = sparkDriver()!;
      await assert.rejects(
        m.start({ namespace: 'analytics', resolvePod: async () => pod, ports: [{ remote: 4040 }] }),
        (e: unknown) =>
          e instanceof PortForwardError &&
          e.reason === 'Forbidden' &&
          e.status === 403 &&
          e.message.startsWith(`Not allowed to port-forward to pod ${pod} in namespace analytics (403 Forbidden)`),
      );
      assert.deepEqual(m.list(), []);
    });
  }

  it('explains when there is no pod to forward to', async () => {
    const m = manager();
    await assert.rejects(
      m.start({
        namespace: 'analytics',
        resolvePod: async () => undefined,
        ports: [{ remote: 4040 }],
        noPodMessage: 'reporting is STOPPED: start it to open the Spark UI.',
      }),
      (e: unknown) =>
        e instanceof PortForwardError && e.reason === 'NoPod' && e.message === 'reporting is STOPPED: start it to open the Spark UI.',
    );
  });

  it('finds the new driver pod when the old one goes away', async () => {
    const m = manager();
    const first = sparkDriver()!;
    const info = await m.start({ namespace: 'analytics', resolvePod: async () => sparkDriver(), ports: [{ remote: 4040 }] });
    assert.equal((await get(info.ports[0].local, '/')).status, 200);
    // Delete the driver pod: its ReplicaSet creates a replacement, as after a restart.
    emulator.api.delete(emulator.api.mustType('', 'pods'), 'analytics', first);
    await until(() => !emulator.api.store.list('/pods', 'analytics').some((p) => p.metadata.name === first), 10_000, 'the old pod gone');
    await until(() => sparkDriver() && sparkDriver() !== first, 15_000, 'a replacement driver pod');
    const page = await get(info.ports[0].local, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /sales-etl - Spark Jobs/);
    assert.equal(m.get(info.id)!.pod, sparkDriver());
    assert.notEqual(m.get(info.id)!.pod, first);
  });

  it('disposes every forward', async () => {
    const m = new PortForwardManager(kc());
    const info = await m.start({ namespace: 'analytics', resolvePod: async () => sparkDriver(), ports: [{ remote: 4040 }] });
    m.dispose();
    await until(() => m.list().length === 0, 2000, 'forwards stopped');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await refusesConnection(info.ports[0].local), true);
  });
});
