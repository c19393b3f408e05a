/** Session jobs: the FlinkSessionJobs running on the cluster; they ride on the session update, posted again when one changes. */
import type { ClusterTabHost, TabContext } from './tab';

export function sessionJobsTab(ctx: TabContext): ClusterTabHost {
  return {
    bind: (conn) => [conn.model.cache.onDidChange(({ kind }) => kind === 'flinkSessionJobs' && ctx.postCluster())],
    dispose() {},
  };
}
