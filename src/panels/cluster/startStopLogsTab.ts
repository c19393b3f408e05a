/** Start/stop logs (session clusters): the starts, disables and edits of the past week with their log lines, from the activity ConfigMap. */
import { ActivityFeed } from './activityTab';
import type { ClusterTabHost, TabContext } from './tab';

export const startStopLogsTab = (ctx: TabContext): ClusterTabHost => new ActivityFeed(ctx);
