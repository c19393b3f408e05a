/**
 * Feeds a panel's log viewer from the extension's LogBuffer: raw lines in (sanitized here, once),
 * `logs.append` batches out at most every `flushMs`, and a full snapshot (`logs.reset` plus
 * appends, in chunks a message may carry) each time the page becomes ready, so a page that VS Code
 * destroyed while hidden comes back with everything the buffer holds.
 */
import type { ClusterPage } from '../../shared/protocol/clusterPage';
import { Disposable, toDisposable } from '../common/disposable';
import { ErrorData } from '../../shared/protocol/envelope';
import { MAX_LOG_LINES_PER_MESSAGE, TimeRange } from '../../shared/protocol/clusterPage';
import { DEFAULT_LOG_LIMITS, LogBuffer, LogBufferLimits, sanitizeForViewer } from '../../shared/logs/logBuffer';
import { WebviewPanelHost } from './webviewPanelHost';

export interface LogFeedOptions {
  readonly limits?: LogBufferLimits;
  /** Longest a line waits before it is posted; batching keeps the message count low at 20,000 lines/s. */
  readonly flushMs?: number;
  readonly range?: TimeRange;
  /** Lines per message (tests use small ones). */
  readonly chunk?: number;
}

export class LogFeed extends Disposable {
  readonly buffer: LogBuffer;
  private range: TimeRange;
  private instance: string | undefined;
  private status: { streaming: boolean; error?: ErrorData } = { streaming: false };
  /** Lines before this sequence have been posted to the current page. */
  private sentTo = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushMs: number;
  private readonly chunk: number;

  constructor(
    private readonly host: WebviewPanelHost<ClusterPage>,
    opts: LogFeedOptions = {},
  ) {
    super();
    this.buffer = new LogBuffer(opts.limits ?? DEFAULT_LOG_LIMITS);
    this.range = opts.range ?? 'all';
    this.flushMs = opts.flushMs ?? 50;
    this.chunk = Math.min(opts.chunk ?? 10_000, MAX_LOG_LINES_PER_MESSAGE);
    this._register(host.onDidBecomeReady(() => this.sendSnapshot()));
    this._register(toDisposable(() => clearTimeout(this.timer)));
    if (host.isReady) this.sendSnapshot();
  }

  get currentRange(): TimeRange {
    return this.range;
  }

  /** Adds raw lines from the pod log (control characters made visible, huge lines cut). */
  append(rawLines: readonly string[]): void {
    if (this.isDisposed || rawLines.length === 0) return;
    this.buffer.push(rawLines.map(sanitizeForViewer));
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }

  /** Starts over (a new range or instance): the page drops its copy too. */
  reset(range: TimeRange, instance?: string): void {
    this.range = range;
    this.instance = instance;
    this.buffer.clear();
    this.sendSnapshot();
  }

  setStatus(streaming: boolean, error?: ErrorData): void {
    this.status = error ? { streaming, error } : { streaming };
    this.host.notify('logs.status', this.status);
  }

  /** Posts what arrived since the last post (now, instead of at the next tick). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.isDisposed) return;
    // While the page is away the host would drop appends; the snapshot at ready covers them.
    if (!this.host.isReady) return;
    this.postFrom(Math.max(this.sentTo, this.buffer.firstSeq));
  }

  private sendSnapshot(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const first = this.buffer.firstSeq;
    const lines = this.buffer.slice(first, first + this.chunk);
    this.host.notify('logs.reset', { firstSeq: first, lines, range: this.range, ...(this.instance ? { instance: this.instance } : {}) });
    this.sentTo = first + lines.length;
    if (this.host.isReady) this.postFrom(this.sentTo);
    this.host.notify('logs.status', this.status);
  }

  private postFrom(from: number): void {
    const end = this.buffer.endSeq;
    for (let s = from; s < end; s += this.chunk) {
      this.host.notify('logs.append', { firstSeq: s, lines: this.buffer.slice(s, Math.min(end, s + this.chunk)) });
    }
    this.sentTo = end;
  }
}
