import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterChange, ClusterModel, ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { startSeededEmulator } from '../../emulator/demo';
import { Emulator } from '../../emulator/emulator';
import { DEMO_NAMESPACES } from '../../emulator/seeds/demo';
import { until } from '../support/emulatorFixture';

describe('ClusterModel on the demo seed', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let cache: ClusterCache;
  let model: ClusterModel;
  const changes: ClusterChange[] = [];

  before(async () => {
    emulator = await startSeededEmulator('demo', {
      speed: 20,
      bookmarkIntervalMs: 500,
      timings: { schedule: 100, pull: 400, start: 100, ready: 300, crash: 500, backoff: 1000, kill: 200 },
    });
    const file = emulator.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-model-')), 'kubeconfig.yaml'));
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    cache = new ClusterCache(new KubeTransport(kc), { namespaces: DEMO_NAMESPACES }).start();
    model = new ClusterModel(cache, { startTimeoutMs: 60_000 });
    model.onDidChangeCluster((c) => changes.push(...c));
    await cache.whenSynced();
    model.refreshAll();
  });
  after(async () => {
    model?.dispose();
    cache?.dispose();
    await emulator?.stop();
  });

  const compute = (name: string) => model.computeClusters().find((c) => c.name === name) as ComputeCluster;
  const session = (name: string) => model.sessionClusters().find((c) => c.name === name) as SessionCluster;

  it('derives a compute cluster in every driver state', async () => {
    await until(() => compute('sales-etl')?.executors === 'Running 2/4 + Scaling 1/4', 15_000, 'sales-etl executors');
    const sales = compute('sales-etl');
    assert.equal(sales.state, 'ACTIVE');
    assert.equal(sales.billed, true);
    assert.equal(sales.autoScaling, '30 min');
    assert.equal((sales.driverNodeType as { name: string }).name, 'driver-medium');
    assert.match(sales.id, /^[0-9a-f-]{36}$/);
    await until(() => compute('ml-features')?.state === 'FAILED', 10_000, 'ml-features FAILED');
    assert.match(compute('ml-features').reason!, /^The driver keeps crashing: .*; last exit: code \d+/);
    assert.match(compute('ml-features').reasonRaw!, /^CrashLoopBackOff: back-off \S+ restarting failed container=spark-driver pod=/);
    await until(() => compute('campaigns')?.state === 'FAILED', 10_000, 'campaigns FAILED');
    assert.match(compute('campaigns').reason!, /^The driver's image \S+ (does not exist|cannot be pulled)/);
    assert.match(compute('campaigns').reasonRaw!, /ImagePullBackOff|ErrImagePull/);
    assert.equal(compute('adhoc-sql').state, 'STARTING');
    const reporting = compute('reporting');
    assert.equal(reporting.state, 'STOPPED');
    assert.equal(reporting.restartRequired, true);
    assert.deepEqual([reporting.generation, reporting.workloadGeneration], [4, 3]);
    await until(() => compute('notebook')?.state === 'ACTIVE', 10_000, 'notebook ACTIVE');
    assert.equal(compute('notebook').executors, 'Single node');
  });

  it('derives a session cluster in every status, with owner, resources and session jobs', async () => {
    await until(
      () => session('orders-stream')?.status === 'Running' && session('attribution')?.status === 'Failed',
      15_000,
      'session states',
    );
    const orders = session('orders-stream');
    assert.equal(orders.owner, 'dev@example.com');
    assert.equal(orders.cpu, 3);
    assert.equal(orders.memory, '6 GiB');
    assert.equal(orders.sessionJobs, 2);
    assert.ok(orders.lastUpdate);
    assert.equal(session('clickstream').status, 'Starting');
    assert.equal(session('alerts').status, 'Disabling');
    assert.equal(session('fraud-rules').status, 'Disabled');
    assert.match(session('attribution').reason!, /ImagePullBackOff|ErrImagePull/);
  });

  it('reports the namespace resource group', async () => {
    const rg = await until(() => {
      const g = model.resourceGroup('analytics');
      return g.quotas[0]?.used['requests.cpu'] ? g : undefined;
    });
    assert.equal(rg.quotas[0].hard['requests.cpu'], '16');
  });

  it('emits one change for the cluster that changed, soon after the API change', async () => {
    changes.length = 0;
    const t = emulator.api.mustType('apps', 'deployments');
    const started = Date.now();
    emulator.api.patch(t, 'analytics', 'notebook-driver', 'application/merge-patch+json', { spec: { replicas: 0 } });
    const change = await until(
      () => changes.find((c) => c.name === 'notebook' && (c.cluster as ComputeCluster)?.state === 'STOPPED'),
      2000,
    );
    assert.ok(Date.now() - started < 250, `took ${Date.now() - started} ms`);
    // Clusters whose derived view stays the same emit nothing (crash-looping ones do change on their own).
    const stable = ['reporting', 'orders-stream', 'fraud-rules', 'alerts'];
    assert.deepEqual(
      changes.filter((c) => stable.includes(c.name)).map((c) => c.name),
      [],
    );
    assert.equal(change.kind, 'compute');
  });

  it('drops a cluster deleted by someone else', async () => {
    emulator.api.delete(emulator.api.mustType('', 'configmaps'), 'risk', 'session.fraud-rules');
    const gone = await until(() => changes.find((c) => c.name === 'fraud-rules' && c.cluster === undefined));
    assert.equal(gone.key, 'session/risk/fraud-rules');
    assert.equal(session('fraud-rules'), undefined);
  });
});
