import type { ClusterModel } from './clusters/clusterModel';
import type { ConnectionHealth } from './clusters/connection';
import type { Event } from './common/event';
import type { Confirmations } from './commands/confirmations';
import type { KubeconfigState } from './kube/kubeconfigLoader';
import type { TreeItem } from 'vscode';
import type { ClusterPanelInfo } from './panels/clusterPanel';

/** What activate() returns: used by our integration tests, and by other extensions that depend on us. */
export interface DataClustersApi {
  readonly kubeconfigState: () => KubeconfigState['kind'];
  readonly kubeconfigError: () => string | undefined;
  readonly currentContext: () => string | undefined;
  readonly onDidChangeKubeconfig: Event<KubeconfigState>;
  /** The connection's health, and its model once connected. */
  readonly health: () => ConnectionHealth | undefined;
  readonly model: () => ClusterModel | undefined;
  readonly namespaces: () => readonly string[];
  /** Tree content as shown: "namespace/name" per cluster item. */
  readonly treeClusters: (kind: 'compute' | 'session') => string[];
  /** The tree item of one cluster as the view renders it (description, tooltip, contextValue). */
  readonly treeItem: (kind: 'compute' | 'session', namespace: string, name: string) => TreeItem | undefined;
  /** Titles of the session clusters' start/stop log channels. */
  readonly activityChannels: () => string[];
  /** Titles of the open log channels. */
  readonly logChannels: () => string[];
  /** Whether a log channel is streaming (false once paused while hidden). */
  readonly logFollowing: (title: string) => boolean | undefined;
  /** For tests: answers the confirmations commands ask (the real ones are modal dialogs). */
  readonly setConfirmations: (c: Confirmations | undefined) => void;
  /** For tests: the open detail panels (key, deleted banner, tab, refused messages, CSP violations, first paint). */
  readonly panels: () => ClusterPanelInfo[];
  /** For tests: hands a panel a message as if its page sent it (to check that malformed ones are dropped). */
  readonly panelReceive: (key: string, message: unknown) => void;
}
