/**
 * The tabs of each panel, the one table: a tab is its host half here (src/panels/cluster/<tab>.ts)
 * and its page half in webview/panels/cluster/tabs.ts; the ids are the protocol's (COMPUTE_TABS,
 * SESSION_TABS), so the compiler holds both tables to the same list.
 */
import type { ClusterKind } from '../../clusters/definition';
import type { ComputeTab, SessionTab } from '../../../shared/protocol/clusterPage';
import { activityTab } from './activityTab';
import { configurationTab } from './configurationTab';
import { connectionsTab } from './connectionsTab';
import { computeDetailsTab, sessionDetailsTab } from './detailsTab';
import { eventsTab } from './eventsTab';
import { logsTab } from './logsTab';
import { sessionJobsTab } from './sessionJobsTab';
import { startStopLogsTab } from './startStopLogsTab';
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
    jobs: sessionJobsTab,
    activity: startStopLogsTab,
  },
} satisfies Record<ClusterKind, unknown>;
