import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { ClusterConnection } from '../clusters/connection';
import { DriverLogFollower } from '../clusters/driverLogs';
import { LineBatcher } from '../common/lineBatcher';

const KEEP_LINES = 100_000;
const FLUSH_MS = 100;

/** One output channel following one driver (or executor), appending in batches so floods do not stall the editor. */
class LogChannel extends Disposable {
  readonly channel: vscode.OutputChannel;
  private readonly batcher: LineBatcher;

  constructor(
    readonly title: string,
    follower: DriverLogFollower,
  ) {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(title));
    this.batcher = new LineBatcher((text) => this.channel.append(text), FLUSH_MS, KEEP_LINES);
    this._register(this.batcher);
    this._register(follower);
    this._register(follower.onDidAppend((lines) => this.batcher.push(lines)));
    follower.start();
  }

  lines(): readonly string[] {
    return this.batcher.lines();
  }
}

/** The log channels of the current connection, one per cluster and instance, reused when asked again. */
export class DriverLogChannels extends Disposable {
  private readonly channels = new Map<string, LogChannel & { namespace: string; cluster: string; pod?: string }>();

  constructor(private readonly tailLines: () => number) {
    super();
    this._register({ dispose: () => this.closeAll() });
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', 'dataClusters.logsFollowing', this.channels.size > 0);
  }

  open(): { title: string; namespace: string; cluster: string; pod?: string }[] {
    return [...this.channels.values()].map((c) => ({ title: c.title, namespace: c.namespace, cluster: c.cluster, pod: c.pod }));
  }

  show(connection: ClusterConnection, namespace: string, cluster: string, pod?: string): LogChannel {
    const key = `${namespace}/${cluster}/${pod ?? 'driver'}`;
    let ch = this.channels.get(key);
    if (!ch) {
      const follower = new DriverLogFollower(connection.model!, connection.transport, namespace, cluster, { tailLines: this.tailLines(), pod });
      ch = Object.assign(new LogChannel(pod ? `Spark executor: ${pod}` : `Spark driver: ${cluster}`, follower), { namespace, cluster, pod });
      this.channels.set(key, ch);
      this.changed();
    }
    ch.channel.show(true);
    return ch;
  }

  get(namespace: string, cluster: string, pod?: string): LogChannel | undefined {
    return this.channels.get(`${namespace}/${cluster}/${pod ?? 'driver'}`);
  }

  /** Stops following and removes one channel (the Stop command). */
  close(namespace: string, cluster: string, pod?: string): void {
    const key = `${namespace}/${cluster}/${pod ?? 'driver'}`;
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
