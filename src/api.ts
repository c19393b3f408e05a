import type { Event } from './common/event';
import type { KubeconfigState } from './kube/kubeconfigLoader';

/** What activate() returns: used by our integration tests, and by other extensions that depend on us. */
export interface DataClustersApi {
  readonly kubeconfigState: () => KubeconfigState['kind'];
  readonly kubeconfigError: () => string | undefined;
  readonly currentContext: () => string | undefined;
  readonly onDidChangeKubeconfig: Event<KubeconfigState>;
}
