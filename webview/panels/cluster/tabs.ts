/**
 * The tabs of each panel, the one table: a tab is its page half here (webview/panels/cluster/<tab>.ts)
 * and its host half in src/panels/cluster/tabs.ts; the ids and their order are the protocol's
 * (COMPUTE_TABS, SESSION_TABS), so the compiler holds both tables to the same list.
 */
import type { ComputeTab, SessionTab } from '../../../shared/protocol/clusterPage';
import { activityTab } from './activity';
import { configurationTab } from './configuration';
import { connectionsTab } from './connections';
import { computeDetailsTab, sessionDetailsTab } from './details';
import { eventsTab } from './events';
import { logsTab } from './logs';
import type { ComputeUpdate, PageTab, SessionUpdate } from './page';
import { startStopLogsTab } from './startStopLogs';
import { tasksTab } from './tasks';

export const PAGE_TABS: {
  readonly compute: Readonly<Record<ComputeTab, PageTab<ComputeUpdate>>>;
  readonly session: Readonly<Record<SessionTab, PageTab<SessionUpdate>>>;
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
};
