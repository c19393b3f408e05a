/**
 * The host half of one tab of the cluster panel: what requests it answers, what it follows on the
 * connection, and what it posts when the page is (re)loaded, shows it, or the cluster changes.
 * The controller calls these; tabs.ts names which tabs each kind of panel has.
 */
import type { Cluster, ClusterModel } from '../../clusters/clusterModel';
import type { ClusterRef } from '../../clusters/clusterRef';
import type { ClusterConnection } from '../../clusters/connection';
import type { IDisposable } from '../../common/disposable';
import type { Logger } from '../../common/logger';
import type { TaskService } from '../../clusters/session/tasks/taskTypes';
import type { ClusterPage, ClusterTab } from '../../../shared/protocol/clusterPage';
import type { Handlers, NotificationBody, NotificationName } from '../../../shared/protocol/envelope';
import type { WebviewPanelHost } from '../webviewPanelHost';
import type { PanelUi } from './panelUi';

/** A connection whose cache and model exist. */
export type Connected = ClusterConnection & { readonly model: ClusterModel };

/** What the panel offers its tabs. */
export interface TabContext {
  readonly ref: ClusterRef;
  readonly key: string;
  readonly ui: PanelUi;
  readonly logger: Logger;
  readonly host: WebviewPanelHost<ClusterPage>;
  /** The connection the panel follows, once it has a model. */
  connection(): Connected | undefined;
  /** The connection's task service (session clusters), when there is one. */
  tasks(): TaskService | undefined;
  /** The same, or the refusal the page shows while there is none. */
  needConnection(): Connected;
  /** The cluster as last seen (kept after it is deleted). */
  cluster(): Cluster | undefined;
  deleted(): boolean;
  /** The tab the page shows. */
  shownTab(): ClusterTab | undefined;
  /** Another tab's host half of this panel (Diagnose reads the events and the log the other tabs hold). */
  peer(tab: ClusterTab): ClusterTabHost | undefined;
  /** Posts to the page (or into its HTML while the first paint is assembled). */
  notify<N extends NotificationName<ClusterPage>>(name: N, body: NotificationBody<ClusterPage, N>): void;
  /** Posts the cluster's update again (the header and the tabs that read it). */
  postCluster(): void;
}

export interface ClusterTabHost extends IDisposable {
  /** The page's requests this tab answers. */
  readonly handlers?: Partial<Handlers<ClusterPage>>;
  /** The panel follows a connection now: subscribe to what the tab follows; the subscriptions end at the next change or the close. */
  bind?(conn: Connected): readonly IDisposable[] | void;
  /** After each `ready` and for the page's HTML: post what the tab shows (`shown`: it is the tab on screen). */
  post?(shown: boolean): void;
  /** The page shows this tab now. */
  show?(): void;
  /** The page showed this tab and shows another now. */
  hide?(): void;
  /** The cluster changed in the model. */
  clusterChanged?(shown: boolean): void;
  /** What the tab adds to the panel's info (tests and the benchmark read it). */
  info?(): Partial<TabInfo>;
}

/** The tabs' part of ClusterPanelInfo. */
export interface TabInfo {
  readonly eventsWatched: boolean;
  readonly logLines: number;
  /** The Connections tab's endpoint. */
  readonly endpoint: 'in-cluster' | 'port-forward' | 'external';
}

export type TabFactory = (ctx: TabContext) => ClusterTabHost;
