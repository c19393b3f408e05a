/** Activity: the cluster's actions as its activity ConfigMap records them (the page computes billed time from them). */
import { readActivity } from '../../clusters/activity';
import { activityName } from '../../clusters/definition';
import { activityRows } from '../clusterViews';
import type { ClusterTabHost, Connected, TabContext } from './tab';

/** Posts the activity rows when the activity ConfigMap changes, and after each ready. */
export class ActivityFeed implements ClusterTabHost {
  constructor(private readonly ctx: TabContext) {}

  bind(conn: Connected) {
    const { kind, namespace, name } = this.ctx.ref;
    const activity = activityName(kind, name);
    return [
      conn.model.cache.onDidChange(({ kind: k, changes }) => {
        if (k === 'configMaps' && changes.some((c) => c.object.metadata.namespace === namespace && c.object.metadata.name === activity))
          this.post();
      }),
    ];
  }

  post(): void {
    const model = this.ctx.connection()?.model;
    if (!model) return;
    const { kind, namespace, name } = this.ctx.ref;
    const cm = model.cache.get('configMaps', namespace, activityName(kind, name));
    // Once the cluster is deleted its activity goes with it (owner reference): keep what was shown.
    if (!cm && this.ctx.deleted()) return;
    this.ctx.notify('activity.update', { rows: activityRows(readActivity(cm)) });
  }

  dispose(): void {}
}

export const activityTab = (ctx: TabContext): ClusterTabHost => new ActivityFeed(ctx);
