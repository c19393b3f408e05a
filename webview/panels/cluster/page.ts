/**
 * What the cluster page's parts share: the one client, the state the page keeps while hidden, the
 * request helper that shows a refusal, and the redraw every part asks for.
 */
import { CLUSTER_PAGE, type ClusterPage, type ClusterTab, isClusterTab, type TimeRange } from '../../../shared/protocol/clusterPage';
import type { ErrorData, NotificationBody } from '../../../shared/protocol/envelope';
import { connectPage } from '../../common/page';
import { pageRedraw } from '../../common/panelPage';
import type { TemplateResult } from '../../components';

export const client = connectPage(CLUSTER_PAGE);
export type PageClient = typeof client;

export type ComputeUpdate = NotificationBody<ClusterPage, 'compute.update'>;
export type SessionUpdate = NotificationBody<ClusterPage, 'session.update'>;

const saved = client.getState<{ key?: string; tab?: string; range?: TimeRange }>();

/** The page half of one tab: tabs.ts lists them, the host half is src/panels/cluster/<tab>.ts. */
export interface PageTab<U> {
  /** The tab header's words (looked up when drawn, after the translations are in place). */
  label(): string;
  /** A counter beside the label. */
  badge?(u: U): string | undefined;
  content(u: U): TemplateResult;
  /** Subscribes to the notifications the tab shows; called once, as the page starts. */
  listen?(client: PageClient): void;
}

/** The state the whole page reads. */
export const page = {
  key: saved.key ?? '',
  title: '',
  tab: (saved.tab !== undefined && isClusterTab(saved.tab) ? saved.tab : 'details') as ClusterTab,
  range: saved.range ?? ('all' as TimeRange),
  compute: undefined as ComputeUpdate | undefined,
  session: undefined as SessionUpdate | undefined,
  requestError: undefined as ErrorData | undefined,
};

/** The redraw every part asks for, and `call`: a request's value, or undefined when refused (the refusal shows above the tabs). */
export const { update, onUpdate, call } = pageRedraw(page);
