/**
 * Logs: the driver's (or an executor's) log for a time range, streamed from when the tab first
 * shows, with the Instance dropdown, Download and Open in Editor.
 */
import * as l10n from '@vscode/l10n';
import { logInstances } from '../../clusters/driverLogs';
import type { TimeRange } from '../../../shared/protocol/clusterPage';
import { DRIVER_INSTANCE, InstanceChoice, logInstanceChoices, parseInstance } from '../clusterViews';
import { LogFeed } from '../logFeed';
import { RequestError } from '../webviewPanelHost';
import { PanelLogStream } from './panelLogStream';
import type { ClusterTabHost, TabContext, TabInfo } from './tab';

export class LogsTab implements ClusterTabHost {
  /** Made when the log is first asked for (the host exists by then). */
  private feed?: LogFeed;
  private stream?: PanelLogStream;
  private range: TimeRange = 'all';
  private instance: InstanceChoice = { kind: DRIVER_INSTANCE };
  private instanceId = DRIVER_INSTANCE;

  readonly handlers = {
    'logs.setRange': ({ range }: { range: TimeRange }) => (this.restart(range, this.instanceId), {}),
    'logs.setInstance': ({ instance }: { instance: string }) => (this.restart(this.range, instance), {}),
    'logs.download': () => this.download(),
    'logs.openInEditor': () => this.openInEditor(),
  };

  constructor(private readonly ctx: TabContext) {}

  private feedOf(): LogFeed {
    return (this.feed ??= new LogFeed(this.ctx.host));
  }

  /** A new connection: a stream that ran goes on against it. */
  bind(): void {
    if (this.stream) this.restart(this.range, this.instanceId);
  }

  show(): void {
    if (!this.stream) this.restart(this.range, this.instanceId);
  }

  post(): void {
    this.postInstances();
  }

  clusterChanged(): void {
    this.postInstances();
  }

  info(): Partial<TabInfo> {
    return { logLines: this.feed?.buffer.size ?? 0 };
  }

  /** The last lines of the driver's log when this tab streams it (Diagnose reads them). */
  driverLines(max: number): string[] | undefined {
    const b = this.feed?.buffer;
    if (!b || b.size === 0 || this.instance.kind !== 'driver') return undefined;
    return b.slice(Math.max(b.firstSeq, b.endSeq - max), b.endSeq);
  }

  dispose(): void {
    this.stream?.dispose();
    this.feed?.dispose();
  }

  private postInstances(): void {
    const model = this.ctx.connection()?.model;
    if (!model) return;
    const { namespace, name } = this.ctx.ref;
    const restarts = (pod: string) => {
      const p = model.cache.get('pods', namespace, pod);
      return Number(p?.status?.containerStatuses?.[0]?.restartCount ?? 0) || 0;
    };
    this.ctx.notify('logs.instances', {
      instances: logInstanceChoices(logInstances(model, namespace, name), restarts),
      selected: this.instanceId,
    });
  }

  private restart(range: TimeRange, instanceId: string): void {
    const choice = parseInstance(instanceId);
    if (!choice) throw new RequestError(l10n.t('Unknown log instance {0}.', instanceId), 'bad-request');
    const conn = this.ctx.connection();
    this.range = range;
    this.instance = choice;
    this.instanceId = instanceId;
    this.stream?.dispose();
    this.stream = undefined;
    const feed = this.feedOf();
    feed.reset(range, instanceId);
    this.postInstances();
    if (!conn) return;
    this.stream = new PanelLogStream(
      conn.model,
      conn.transport,
      this.ctx.ref.namespace,
      this.ctx.ref.name,
      range,
      this.instance,
      { append: (lines) => feed.append(lines), setStatus: (s, e) => feed.setStatus(s, e) },
      this.ctx.ui.settings.logTailLines(),
    ).start();
  }

  private async download(): Promise<{ saved: boolean }> {
    const buffer = this.feedOf().buffer;
    const where = await this.ctx.ui.saveText(
      {
        title: l10n.t('Save the driver log of {0}', this.ctx.ref.name),
        defaultName: 'spark-driver-logs.txt',
        filterName: l10n.t('Text'),
        extensions: ['txt', 'log'],
      },
      buffer.toText(),
    );
    if (where === undefined) return { saved: false };
    this.ctx.ui.info(l10n.t('Saved {0} lines to {1}.', buffer.size, where));
    return { saved: true };
  }

  private async openInEditor(): Promise<Record<string, never>> {
    await this.ctx.ui.openDocument(this.feedOf().buffer.toText(), 'log');
    return {};
  }
}

export const logsTab = (ctx: TabContext): ClusterTabHost => new LogsTab(ctx);
