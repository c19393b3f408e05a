/**
 * The tabs of each panel, the one table: a tab is its host half here (src/panels/cluster/<tab>.ts)
 * and its page half in webview/panels/cluster/tabs.ts; the ids are the protocol's (COMPUTE_TABS,
 * SESSION_TABS), so the compiler holds both tables to the same list.
 */
import type { ClusterKind } from '../../clusters/definition';
import type { ClusterPage, ClusterTab, ComputeTab, SessionTab } from '../../../shared/protocol/clusterPage';
import type { RequestName } from '../../../shared/protocol/envelope';
import { activityTab } from './activityTab';
import { configurationTab } from './configurationTab';
import { connectionsTab } from './connectionsTab';
import { computeDetailsTab, sessionDetailsTab } from './detailsTab';
import { eventsTab } from './eventsTab';
import { logsTab } from './logsTab';
import { startStopLogsTab } from './startStopLogsTab';
import { tasksTab } from './tasksTab';
import type { TabFactory } from './tab';

export const TAB_HOSTS: {
  readonly compute: Readonly<Record<ComputeTab, TabFactory>>;
  readonly session: Readonly<Record<SessionTab, TabFactory>>;
} = {
  compute: {
    details: computeDetailsTab,
    connections: connectionsTab,
    logs: logsTab,
    events: eventsTab,
    activity: activityTab,
    configuration: configurationTab,
  },
  session: {
    details: sessionDetailsTab,
    tasks: tasksTab,
    activity: startStopLogsTab,
  },
} satisfies Record<ClusterKind, unknown>;

/** The requests the panel answers itself; every other request of the page belongs to one tab. */
export const PANEL_REQUESTS = ['action.run', 'panel.showTab', 'panel.painted', 'panel.cspViolation'] as const;
export type PanelRequest = (typeof PANEL_REQUESTS)[number];
export const isPanelRequest = (name: RequestName<ClusterPage>): name is PanelRequest =>
  (PANEL_REQUESTS as readonly string[]).includes(name);

/**
 * Which tab answers each other request. A new request in CLUSTER_PAGE does not build until it is
 * named here, and a panel without that tab (a session panel asked for a snippet) refuses it.
 */
export const REQUEST_TABS: Readonly<Record<Exclude<RequestName<ClusterPage>, PanelRequest>, ClusterTab>> = {
  'logs.setRange': 'logs',
  'logs.setInstance': 'logs',
  'logs.download': 'logs',
  'logs.openInEditor': 'logs',
  'connections.copy': 'connections',
  'connections.insert': 'connections',
  'connections.setEndpoint': 'connections',
  'config.reveal': 'configuration',
  'diagnose.run': 'details',
  'tasks.open': 'tasks',
  'tasks.run': 'tasks',
};
