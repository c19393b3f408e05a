/**
 * Kubernetes Events: the events of the cluster's workload, watched for as long as the panel is
 * open (not only while the tab shows), so the tab's `warnings / total` badge is live at a glance.
 * The watch ends when the panel closes, the connection changes or the cluster is deleted.
 */
import * as l10n from '@vscode/l10n';
import { ClusterEventsWatcher, EventSummary } from '../../clusters/clusterEvents';
import { toDisposable } from '../../common/disposable';
import type { EventRow } from '../../../shared/protocol/clusterPage';
import type { ErrorData } from '../../../shared/protocol/envelope';
import type { ClusterTabHost, Connected, TabContext, TabInfo } from './tab';

export class EventsTab implements ClusterTabHost {
  private watch?: { conn: Connected; watcher: ClusterEventsWatcher; synced: boolean };
  private state?: { rows: EventRow[]; error?: ErrorData };
  /** Counts starts, so an answer for an older connection is dropped. */
  private generation = 0;

  constructor(private readonly ctx: TabContext) {}

  bind(conn: Connected) {
    this.start(conn);
    return [toDisposable(() => this.stop())];
  }

  /** Deleted: nothing more to watch; back again (created anew under the same name): watch it. */
  clusterChanged(): void {
    const conn = this.ctx.connection();
    if (this.ctx.deleted()) this.stop();
    else if (conn && !this.watch) this.start(conn);
  }

  post(): void {
    if (this.state) this.ctx.notify('events.update', { events: this.state.rows, ...(this.state.error ? { error: this.state.error } : {}) });
  }

  info(): Partial<TabInfo> {
    return { eventsWatched: !!this.watch };
  }

  /** What the watch holds once it listed; undefined before (or when not allowed). */
  summary(): EventSummary | undefined {
    return this.watch?.synced ? this.watch.watcher.summary() : undefined;
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    this.generation++;
    this.watch?.watcher.dispose();
    this.watch = undefined;
  }

  private start(conn: Connected): void {
    if (this.ctx.deleted()) return;
    this.stop();
    const generation = this.generation;
    const { kind, namespace, name } = this.ctx.ref;
    void conn.access
      .can({ verb: 'list', resource: 'events', namespace })
      .catch(() => true)
      .then((allowed) => {
        if (generation !== this.generation) return;
        if (!allowed) {
          this.state = { rows: [], error: { message: l10n.t('You may not read events in {0}.', namespace), code: 'forbidden' } };
          this.post();
          return;
        }
        const watcher = new ClusterEventsWatcher(conn.transport, namespace, kind, name, () =>
          conn.model.cache.itemsOfCluster('pods', namespace, name),
        );
        const watch = { conn, watcher, synced: false };
        this.watch = watch;
        const update = (s: EventSummary) => {
          if (this.watch !== watch) return;
          this.state = { rows: eventRows(s) };
          this.post();
        };
        watcher.onDidChange(update);
        watcher.start();
        void watcher.whenSynced().then(() => {
          watch.synced = true;
          update(watcher.summary());
        });
      });
  }
}

export const eventsTab = (ctx: TabContext): ClusterTabHost => new EventsTab(ctx);

function eventRows(s: EventSummary): EventRow[] {
  return s.events.slice(0, 5000).map((e) => ({
    type: e.type.slice(0, 64),
    reason: e.reason.slice(0, 256),
    message: e.message.slice(0, 8192),
    object: e.object.slice(0, 512),
    count: Number.isSafeInteger(e.count) && e.count >= 0 ? e.count : 1,
    ...(e.firstTime ? { firstTime: String(e.firstTime).slice(0, 64) } : {}),
    ...(e.lastTime ? { lastTime: String(e.lastTime).slice(0, 64) } : {}),
  }));
}
