import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterModel } from '../../../src/clusters/clusterModel';
import { FIELD_MANAGER } from '../../../src/clusters/definition';
import { OperationContext } from '../../../src/clusters/operations';
import { AccessReviewer } from '../../../src/kube/access';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { KubeWriter } from '../../../src/kube/kubeWriter';
import { EmulatorUser } from '../../emulator/emulator';
import { EmulatorFixture } from './emulatorFixture';

/** The object graph the extension builds, for one user against the emulator. */
export function operationContext(
  fx: EmulatorFixture,
  namespaces: string[],
  user: EmulatorUser = 'admin',
): OperationContext & { cache: ClusterCache; dispose(): void } {
  const kc = fx.kc(user);
  const transport = new KubeTransport(kc);
  const cache = new ClusterCache(transport, { namespaces }).start();
  const model = new ClusterModel(cache);
  void cache.whenSynced().then(() => model.refreshAll());
  return {
    writer: new KubeWriter(transport, FIELD_MANAGER),
    model,
    access: new AccessReviewer(transport, kc),
    cache,
    dispose() {
      model.dispose();
      cache.dispose();
    },
  };
}
