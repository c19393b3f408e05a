import * as vscode from 'vscode';
import { CustomWhenContext } from '../workbench/customWhenContext';
import { Disposable } from '../common/disposable';
import { ClusterConnection } from '../clusters/connection';
import { DriverLogFollower, LogCursor } from '../clusters/driverLogs';
import { LineBatcher } from '../common/lineBatcher';

const KEEP_LINES = 100_000;
const FLUSH_MS = 100;

/** One output channel following one driver (or executor), appending in batches so floods do not stall the editor. */
class LogChannel extends Disposable {
  readonly channel: vscode.OutputChannel;
  private readonly batcher: LineBatcher;
  private follower?: DriverLogFollower;
  private hiddenTimer?: NodeJS.Timeout;
  /** Where the paused follower stopped: the next one goes on from there. */
  private cursor?: LogCursor;
  /** Seen in the Output view at least once: only then does hiding it mean the user looked away. */
  private seen = false;

  constructor(
    readonly title: string,
    private readonly makeFollower: (resumeFrom: LogCursor | undefined) => DriverLogFollower,
  ) {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(title));
    this.batcher = this._register(new LineBatcher((text) => this.channel.append(text), FLUSH_MS, KEEP_LINES));
    this._register({ dispose: () => (this.follower?.dispose(), this.hiddenTimer && clearTimeout(this.hiddenTimer)) });
    this.follow(undefined);
  }

  get following(): boolean {
    return !!this.follower;
  }

  private follow(resumeFrom: LogCursor | undefined): void {
    const f = this.makeFollower(resumeFrom);
    f.onDidAppend((lines) => this.batcher.push(lines));
    this.follower = f;
    if (resumeFrom)
      this.batcher.push([`── ${vscode.l10n.t('Resumed following: the lines printed while this log was hidden come next')} ──`]);
    f.start();
  }

  /** Called when the visible editors change: stop streaming once hidden for `graceMs`, resume when shown. */
  visibility(visible: boolean, graceMs: number): void {
    if (visible) {
      this.seen = true;
      if (this.hiddenTimer) clearTimeout(this.hiddenTimer);
      this.hiddenTimer = undefined;
      if (!this.follower) this.follow(this.cursor);
      return;
    }
    if (!this.seen || !this.follower || this.hiddenTimer) return;
    this.hiddenTimer = setTimeout(() => {
      this.hiddenTimer = undefined;
      this.cursor = this.follower?.cursor ?? this.cursor;
      this.follower?.dispose();
      this.follower = undefined;
      this.batcher.push([
        `── ${vscode.l10n.t('Paused: this log was hidden, so it stopped streaming; show it again to go on where it stopped')} ──`,
      ]);
    }, graceMs);
  }

  lines(): readonly string[] {
    return this.batcher.lines();
  }
}

/** One channel per cluster and pod: the driver's (followed across restarts) or one executor's. */
const channelKey = (namespace: string, cluster: string, pod?: string) => `${namespace}/${cluster}/${pod ?? 'driver'}`;

/** The log channels of the current connection, one per cluster and instance, reused when asked again. */
export class DriverLogChannels extends Disposable {
  private readonly channels = new Map<string, LogChannel & { namespace: string; cluster: string; pod?: string }>();

  constructor(
    private readonly tailLines: () => number,
    private readonly hiddenGraceMs: () => number,
    private readonly when?: CustomWhenContext,
  ) {
    super();
    this._register({ dispose: () => this.closeAll() });
    // An output channel in view is a text editor with the `output` scheme (there is no onHide event).
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => this.visibilityChanged(editors)));
  }

  private visibilityChanged(editors: readonly vscode.TextEditor[]): void {
    const shown = editors.filter((e) => e.document.uri.scheme === 'output').map((e) => decodeURIComponent(e.document.uri.toString()));
    for (const ch of this.channels.values())
      ch.visibility(
        shown.some((u) => u.includes(ch.title)),
        this.hiddenGraceMs(),
      );
  }

  linesOf(title: string): readonly string[] | undefined {
    return [...this.channels.values()].find((c) => c.title === title)?.lines();
  }

  isFollowing(title: string): boolean | undefined {
    return [...this.channels.values()].find((c) => c.title === title)?.following;
  }

  private changed(): void {
    this.when?.set('dataClusters.logsFollowing', this.channels.size > 0);
  }

  open(): { title: string; namespace: string; cluster: string; pod?: string }[] {
    return [...this.channels.values()].map((c) => ({ title: c.title, namespace: c.namespace, cluster: c.cluster, pod: c.pod }));
  }

  show(connection: ClusterConnection, namespace: string, cluster: string, pod?: string): LogChannel {
    const key = channelKey(namespace, cluster, pod);
    let ch = this.channels.get(key);
    if (!ch) {
      const makeFollower = (resumeFrom: LogCursor | undefined) =>
        new DriverLogFollower(connection.model!, connection.transport, namespace, cluster, {
          tailLines: this.tailLines(),
          pod,
          resumeFrom,
        });
      const title = pod ? vscode.l10n.t('Spark executor: {0}', pod) : vscode.l10n.t('Spark driver: {0}', cluster);
      ch = Object.assign(new LogChannel(title, makeFollower), {
        namespace,
        cluster,
        pod,
      });
      this.channels.set(key, ch);
      this.changed();
    }
    ch.channel.show(true);
    return ch;
  }

  get(namespace: string, cluster: string, pod?: string): LogChannel | undefined {
    return this.channels.get(channelKey(namespace, cluster, pod));
  }

  /** Stops following and removes one channel (the Stop command). */
  close(namespace: string, cluster: string, pod?: string): void {
    const key = channelKey(namespace, cluster, pod);
    this.channels.get(key)?.dispose();
    this.channels.delete(key);
    this.changed();
  }

  closeAll(): void {
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
    this.changed();
  }

  titles(): string[] {
    return [...this.channels.values()].map((c) => c.title);
  }
}
