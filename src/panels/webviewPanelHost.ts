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
import * as l10n from '@vscode/l10n';
import { Disposable, IDisposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage, Logger } from '../common/logger';
import {
  envelope,
  ErrorCode,
  HostMessage,
  NotificationBody,
  NotificationName,
  parsePageMessage,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../webview/common/protocol';

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

export type RequestHandlers = {
  readonly [N in RequestName]?: (args: RequestArgs<N>) => RequestResult<N> | PromiseLike<RequestResult<N>>;
};

/** Log appends are a stream: while the page is away they are dropped, and the ready snapshot replaces them. */
const STREAM_NOTIFICATIONS: ReadonlySet<NotificationName> = new Set(['logs.append']);

export interface WebviewPanelHostOptions {
  /** The resource the panel shows (one panel per key), saved by the page for restoring after reload. */
  readonly key: string;
  readonly title: string;
  /** Builds the page's HTML for this webview (a fresh nonce each time). */
  readonly html: (webview: WebviewLike) => string;
  readonly handlers: RequestHandlers;
  readonly logger: Logger;
}

export class WebviewPanelHost extends Disposable {
  readonly key: string;
  private ready = false;
  /** State notifications waiting for `ready`, the latest per name, in first-posted order. */
  private readonly waiting = new Map<NotificationName, HostMessage>();
  private readonly logger: Logger;
  private readonly handlers: RequestHandlers;
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
    opts: WebviewPanelHostOptions,
  ) {
    super();
    this.key = opts.key;
    this.logger = opts.logger;
    this.handlers = opts.handlers;
    panel.title = opts.title;
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
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
  notify<N extends NotificationName>(name: N, body: NotificationBody<N>): void {
    if (this.isDisposed) return;
    const message = envelope.notification(name, body);
    if (this.ready) {
      this.post(message);
    } else if (!STREAM_NOTIFICATIONS.has(name)) {
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

  /** Handles one message as if the page sent it: the webview's path, also used by the integration tests. */
  receive(data: unknown): void {
    if (this.isDisposed) return;
    const parsed = parsePageMessage(data);
    if (!parsed.message) {
      this.droppedCount++;
      this.logger.warn(`panel ${this.key}: dropped a message from the page: ${parsed.problem}`);
      return;
    }
    const m = parsed.message;
    if (m.kind === 'ready') {
      this.ready = true;
      for (const queued of [...this.waiting.values()]) this.post(queued);
      this.waiting.clear();
      this._onDidBecomeReady.fire();
      return;
    }
    void this.answer(m.id, m.name, m.args);
  }

  private async answer<N extends RequestName>(id: number, name: N, args: RequestArgs<N>): Promise<void> {
    const handler = this.handlers[name] as ((a: RequestArgs<N>) => RequestResult<N> | PromiseLike<RequestResult<N>>) | undefined;
    if (!handler) {
      this.post(envelope.error(id, { message: l10n.t('This panel does not handle {0}', name), code: 'bad-request' }));
      return;
    }
    try {
      const result = await handler(args);
      this.post(envelope.ok(id, name, result));
    } catch (err) {
      const code: ErrorCode = err instanceof RequestError ? err.code : 'failed';
      if (code === 'failed') this.logger.error(`panel ${this.key}: ${name} failed: ${errorMessage(err)}`);
      this.post(envelope.error(id, { message: errorMessage(err).slice(0, 4000), code }));
    }
  }

  private post(message: HostMessage): void {
    if (this.isDisposed) return;
    // postMessage rejects once the webview is gone; nothing useful to do then.
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }
}
