/**
 * The extension's side of one webview panel: validates every message from the page, answers
 * requests by id (a failure travels back as data), and posts nothing until the page says `ready`.
 *
 * With `retainContextWhenHidden: false` VS Code destroys the page while its tab is hidden and loads
 * it again when shown; the new page sends `ready` again. So the host treats "not ready" as a normal
 * state, not only a start-up one: state notifications are kept (the latest of each name), stream
 * notifications (log appends) are dropped, and `onDidBecomeReady` listeners send a full snapshot
 * that covers what was dropped.
 *
 * Only type imports of vscode: unit tests drive the host with a fake panel.
 */
import { Disposable, IDisposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage, Logger } from '../common/logger';
import {
  envelope,
  ErrorCode,
  Handlers,
  HostMessage,
  NotificationBody,
  NotificationName,
  PageProtocol,
  parsePageMessage,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../shared/protocol/envelope';

/** The parts of vscode.Webview the host uses. */
export interface WebviewLike {
  html: string;
  readonly cspSource: string;
  postMessage(message: unknown): PromiseLike<boolean>;
  readonly onDidReceiveMessage: Event<any>;
}

/** The parts of vscode.WebviewPanel the host uses; a vscode.WebviewPanel is one. */
export interface PanelLike {
  readonly webview: WebviewLike;
  title: string;
  readonly visible: boolean;
  reveal(viewColumn?: number, preserveFocus?: boolean): void;
  dispose(): void;
  readonly onDidDispose: Event<void>;
  readonly onDidChangeViewState: Event<{ readonly webviewPanel: { readonly visible: boolean } }>;
}

/** A failure a handler wants the page to show with a specific code (else the code is `failed`). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export interface WebviewPanelHostOptions<P extends PageProtocol> {
  /** The page's protocol: what it may ask and be told, validated on arrival. */
  readonly protocol: P;
  /** The resource the panel shows (one panel per key), saved by the page for restoring after reload. */
  readonly key: string;
  readonly title: string;
  /** Builds the page's HTML for this webview (a fresh nonce each time). */
  readonly html: (webview: WebviewLike) => string;
  /** One handler per request of the page (the compiler checks the table is complete). */
  readonly handlers: Handlers<P>;
  /**
   * Notifications that are a stream (log appends): while the page is away they are dropped, and the
   * ready snapshot replaces them. Every other notification is state: the latest of each is kept.
   */
  readonly streams?: readonly NotificationName<P>[];
  readonly logger: Logger;
}

export class WebviewPanelHost<P extends PageProtocol> extends Disposable {
  readonly key: string;
  private ready = false;
  /** State notifications waiting for `ready`, the latest per name, in first-posted order. */
  private readonly waiting = new Map<NotificationName<P>, HostMessage<P>>();
  private readonly logger: Logger;
  private readonly protocol: P;
  private readonly handlers: Handlers<P>;
  private readonly streams: ReadonlySet<NotificationName<P>>;
  private droppedCount = 0;

  private readonly _onDidBecomeReady = this._register(new Emitter<void>());
  /** Fires at every `ready` (first load and each reload after the tab was hidden): send a full snapshot. */
  readonly onDidBecomeReady: Event<void> = this._onDidBecomeReady.event;
  private readonly _onDidDispose = this._register(new Emitter<void>());
  readonly onDidDispose: Event<void> = this._onDidDispose.event;
  private readonly _onDidChangeVisibility = this._register(new Emitter<boolean>());
  readonly onDidChangeVisibility: Event<boolean> = this._onDidChangeVisibility.event;

  constructor(
    readonly panel: PanelLike,
    opts: WebviewPanelHostOptions<P>,
  ) {
    super();
    this.key = opts.key;
    this.logger = opts.logger;
    this.protocol = opts.protocol;
    this.handlers = opts.handlers;
    this.streams = new Set(opts.streams ?? []);
    panel.title = opts.title;
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    this._register(
      panel.onDidChangeViewState(({ webviewPanel }) => {
        // A hidden page is destroyed; whatever is posted now would be lost, so wait for the next ready.
        if (!webviewPanel.visible) this.ready = false;
        this._onDidChangeVisibility.fire(webviewPanel.visible);
      }),
    );
    // The user closed the panel (or VS Code did): release everything we hold for it.
    this._register(panel.onDidDispose(() => this.dispose()));
    panel.webview.html = opts.html(panel.webview);
  }

  get isReady(): boolean {
    return this.ready;
  }

  get visible(): boolean {
    return !this.isDisposed && this.panel.visible;
  }

  set title(value: string) {
    if (!this.isDisposed) this.panel.title = value;
  }

  /** Ties `d` (a watcher, a log stream the panel started) to the panel's life. */
  own<T extends IDisposable>(d: T): T {
    return this._register(d);
  }

  reveal(): void {
    if (!this.isDisposed) this.panel.reveal(undefined, false);
  }

  /** Pushes a notification now if the page is ready, else keeps it (state) or drops it (stream). */
  notify<N extends NotificationName<P>>(name: N, body: NotificationBody<P, N>): void {
    if (this.isDisposed) return;
    const message = envelope.notification(this.protocol, name, body);
    if (this.ready) {
      this.post(message);
    } else if (!this.streams.has(name)) {
      this.waiting.delete(name); // re-insert: a newer state goes after the others
      this.waiting.set(name, message);
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.ready = false;
    this.waiting.clear();
    this._onDidDispose.fire();
    super.dispose();
    // Disposing our own panel is how a programmatic close (say, after Delete) ends it; harmless twice.
    this.panel.dispose();
  }

  /** Messages from the page refused so far (malformed or unknown). */
  get dropped(): number {
    return this.droppedCount;
  }

  /**
   * Handles one message as if the page sent it: the webview's path, also used by the integration
   * tests, which await it: it settles with the answer once posted (undefined when the message was
   * dropped or needs none).
   */
  receive(data: unknown): Promise<HostMessage<P> | undefined> {
    if (this.isDisposed) return Promise.resolve(undefined);
    const parsed = parsePageMessage(this.protocol, data);
    if (!parsed.message) {
      this.droppedCount++;
      this.logger.warn(`panel ${this.key}: dropped a message from the page: ${parsed.problem}`);
      return Promise.resolve(undefined);
    }
    const m = parsed.message;
    if (m.kind === 'ready') {
      this.ready = true;
      for (const queued of [...this.waiting.values()]) this.post(queued);
      this.waiting.clear();
      this._onDidBecomeReady.fire();
      return Promise.resolve(undefined);
    }
    return this.answer(m.id, m.name, m.args);
  }

  private async answer<N extends RequestName<P>>(id: number, name: N, args: RequestArgs<P, N>): Promise<HostMessage<P>> {
    const handler = this.handlers[name] as (a: RequestArgs<P, N>) => RequestResult<P, N> | PromiseLike<RequestResult<P, N>>;
    let reply: HostMessage<P>;
    try {
      const result = await handler(args);
      reply = envelope.ok(this.protocol, id, name, result);
    } catch (err) {
      const code: ErrorCode = err instanceof RequestError ? err.code : 'failed';
      if (code === 'failed') this.logger.error(`panel ${this.key}: ${name} failed: ${errorMessage(err)}`);
      reply = envelope.error(this.protocol, id, { message: errorMessage(err).slice(0, 4000), code });
    }
    this.post(reply);
    return reply;
  }

  private post(message: HostMessage<P>): void {
    if (this.isDisposed) return;
    // postMessage rejects once the webview is gone; nothing useful to do then.
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }
}
