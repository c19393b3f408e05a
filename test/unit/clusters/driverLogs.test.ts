import * as assert from 'node:assert/strict';
import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterModel } from '../../../src/clusters/clusterModel';
import { renderComputeWorkload } from '../../../src/clusters/compute/computeRenderer';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { commonLabels } from '../../../src/clusters/definition';
import { DriverLogFollower, logInstances } from '../../../src/clusters/driverLogs';
import { AccessReviewer } from '../../../src/kube/access';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

describe('driver logs and access', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let cache: ClusterCache;
  let model: ClusterModel;
  before(async () => {
    fx = await startEmulator();
    fx.namespace('dl');
    const spec = { ...defaultComputeSpec('etl', 'dl', BUILTIN_NODE_TYPES), executorCount: 2 };
    const def = fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'compute.etl',
        namespace: 'dl',
        labels: commonLabels('compute', 'etl'),
        annotations: { 'dataclusters.io/generation': '1' },
      },
      data: { 'spec.json': JSON.stringify(spec) },
    });
    for (const o of renderComputeWorkload(spec, { name: def.metadata.name, uid: def.metadata.uid, generation: 1 }, BUILTIN_NODE_TYPES))
      fx.emulator.applyInternal(o);
    cache = new ClusterCache(new KubeTransport(fx.kc()), { namespaces: ['dl'] }).start();
    model = new ClusterModel(cache);
    await cache.whenSynced();
    model.refreshAll();
  });
  after(async () => {
    model?.dispose();
    cache?.dispose();
    await fx?.emulator.stop();
  });

  it('follows the driver, and switches to the new driver pod after a restart, saying so', async () => {
    const lines: string[] = [];
    const follower = new DriverLogFollower(model, new KubeTransport(fx.kc()), 'dl', 'etl', { tailLines: 100 });
    follower.onDidAppend((b) => lines.push(...b));
    follower.start();
    await until(() => lines.some((l) => /Running Spark version/.test(l)), 10_000, 'startup lines');
    const firstPod = model.get('compute', 'dl', 'etl')!;
    assert.match(lines[0], /── Following driver pod etl-driver-/);
    fx.emulator.api.delete(fx.emulator.api.mustType('', 'pods'), 'dl', (firstPod as any).driverPod, { gracePeriodSeconds: 0 });
    await until(() => lines.some((l) => /── Driver restarted: following etl-driver-/.test(l)), 10_000, 'switch marker');
    const marker = lines.findIndex((l) => /Driver restarted/.test(l));
    await until(() => lines.slice(marker).some((l) => /Running Spark version/.test(l)), 10_000, 'new driver lines');
    assert.notEqual((model.get('compute', 'dl', 'etl') as any).driverPod, (firstPod as any).driverPod);
    follower.dispose();
  });

  it('lists the driver and executors as log instances', async () => {
    fx.emulator.spark.load('dl', 'etl', 2, 30);
    const instances = await until(() => {
      const i = logInstances(model, 'dl', 'etl');
      return i.length === 3 ? i : undefined;
    }, 10_000);
    assert.deepEqual(
      instances.map((i) => i.role),
      ['driver', 'executor', 'executor'],
    );
    assert.match(instances[1].pod, /^etl-exec-1$/);
  });

  it('tells who the user is and what they may do, caching the answers', async () => {
    const devTransport = new KubeTransport(fx.kc('developer'));
    const reviewer = new AccessReviewer(devTransport, fx.kc('developer'));
    assert.deepEqual(await reviewer.whoAmI(), {
      username: 'dev@example.com',
      groups: ['data-engineers', 'system:authenticated'],
      source: 'SelfSubjectReview',
    });
    assert.equal(await reviewer.can({ verb: 'create', group: 'flink.apache.org', resource: 'flinkdeployments', namespace: 'dl' }), false);
    const before = devTransport.requestCount;
    assert.equal(await reviewer.can({ verb: 'create', group: 'flink.apache.org', resource: 'flinkdeployments', namespace: 'dl' }), false);
    assert.equal(devTransport.requestCount, before, 'cached');
    const admin = new AccessReviewer(new KubeTransport(fx.kc()), fx.kc());
    assert.equal(await admin.can({ verb: 'create', group: 'flink.apache.org', resource: 'flinkdeployments', namespace: 'dl' }), true);
  });
});
