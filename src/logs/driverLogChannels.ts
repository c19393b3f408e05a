import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { ClusterConnection } from '../clusters/connection';
import { DriverLogFollower } from '../clusters/driverLogs';

const KEEP_LINES = 100_000;
const FLUSH_MS = 100;

/** One output channel following one driver (or executor), appending in batches so floods do not stall the editor. */
class LogChannel extends Disposable {
  readonly channel: vscode.OutputChannel;
  private buffer: string[] = [];
  private readonly kept: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    readonly title: string,
    follower: DriverLogFollower,
  ) {
    super();
    this.channel = this._register(vscode.window.createOutputChannel(title));
    this._register(follower);
    this._register(follower.onDidAppend((lines) => this.push(lines)));
    this._register({ dispose: () => this.timer && clearTimeout(this.timer) });
    follower.start();
  }

  private push(lines: string[]): void {
    for (const l of lines) this.buffer.push(l);
    this.kept.push(...lines);
    if (this.kept.length > KEEP_LINES * 1.2) this.kept.splice(0, this.kept.length - KEEP_LINES);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.buffer.length) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.channel.append(text);
  }

  lines(): readonly string[] {
    return this.kept;
  }
}

/** The log channels of the current connection, one per cluster and instance, reused when asked again. */
export class DriverLogChannels extends Disposable {
  private readonly channels = new Map<string, LogChannel>();

  constructor(private readonly tailLines: () => number) {
    super();
    this._register({ dispose: () => this.closeAll() });
  }

  show(connection: ClusterConnection, namespace: string, cluster: string, pod?: string): LogChannel {
    const key = `${namespace}/${cluster}/${pod ?? 'driver'}`;
    let ch = this.channels.get(key);
    if (!ch) {
      const follower = new DriverLogFollower(connection.model!, connection.transport, namespace, cluster, { tailLines: this.tailLines(), pod });
      ch = new LogChannel(pod ? `Spark executor: ${pod}` : `Spark driver: ${cluster}`, follower);
      this.channels.set(key, ch);
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
  }

  closeAll(): void {
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
  }

  titles(): string[] {
    return [...this.channels.values()].map((c) => c.title);
  }
}
