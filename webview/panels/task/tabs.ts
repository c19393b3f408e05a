/**
 * The tabs of the task page, the one table: a tab is its page half here (webview/panels/task/<tab>.ts)
 * and its host half in src/panels/task/taskTabs.ts; the ids and their order are the protocol's (TASK_TABS).
 */
import type { TaskTab } from '../../../shared/protocol/taskPage';
import { checkpointsTab } from './checkpoints';
import { configurationTab } from './configuration';
import { exceptionsTab } from './exceptions';
import { graphTab } from './graph';
import { overviewTab } from './overview';
import type { PageTab } from './page';

export const PAGE_TABS: Readonly<Record<TaskTab, PageTab>> = {
  overview: overviewTab,
  graph: graphTab,
  exceptions: exceptionsTab,
  checkpoints: checkpointsTab,
  configuration: configurationTab,
};
