import * as assert from 'node:assert/strict';
import { CLUSTER_PAGE as P } from '../../../shared/protocol/clusterPage';
import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterModel, ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { computeView, resourceUsage, sessionJobs, sessionView } from '../../../src/panels/clusterViews';
import { DEMO_NAMESPACES } from '../../emulator/seeds/demo';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

/** Every demo cluster's view passes the page's own validators: a refused update would leave the panel empty. */
describe('panel views of the demo clusters', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let cache: ClusterCache;
  let model: ClusterModel;
  before(async () => {
    fx = await startEmulator({ load: 'demo' });
    cache = new ClusterCache(new KubeTransport(fx.kc()), { namespaces: [...DEMO_NAMESPACES] }).start();
    model = new ClusterModel(cache);
    await model.whenReady('compute');
    await model.whenReady('session');
    await until(() => model.sessionClusters().length >= 5 && model.computeClusters().length >= 6, 10_000, 'the demo clusters');
  });
  after(async () => {
    model.dispose();
    cache.dispose();
    await fx.emulator.stop();
  });

  const actions = { allowed: [], denied: [], running: [] };
  const commands = { sparkUi: false, sparkMetricsUi: false, flinkUi: false, configure: false, edit: false };

  it('compute views', () => {
    for (const c of model.computeClusters() as ComputeCluster[]) {
      const body = { cluster: computeView(c, model), deleted: false, actions, commands };
      const p = P.notifications['compute.update'].body.check(JSON.parse(JSON.stringify(body)), c.name);
      assert.equal(p, undefined, p);
    }
  });

  it('session views, jobs and resource groups', () => {
    for (const c of model.sessionClusters() as SessionCluster[]) {
      const body = {
        cluster: sessionView(c),
        deleted: false,
        actions,
        commands,
        jobs: sessionJobs(model, c.namespace, c.name),
        resources: resourceUsage(model, c.namespace),
      };
      const p = P.notifications['session.update'].body.check(JSON.parse(JSON.stringify(body)), c.name);
      assert.equal(p, undefined, p);
    }
  });
});
