/**
 * The page's side of the protocol: requests paired with their responses by id, notifications routed
 * to handlers, the `ready` handshake, and the state VS Code keeps for the page while it is hidden or
 * across a window reload. No DOM here (see page.ts for the browser glue), so it is tested in Node.
 */
import * as l10n from '@vscode/l10n';
import {
  envelope,
  NotificationBody,
  NotificationName,
  Outcome,
  PageProtocol,
  parseHostMessage,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../shared/protocol/envelope';

/** The part of the object `acquireVsCodeApi()` returns that we use. */
export interface VsCodeApiLike {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * What the page saves with `setState`. `key` names the panel's resource: the extension's serializer
 * reads it to reopen the same panel after a window reload. The rest belongs to the page (tab, range...).
 */
export interface SavedState {
  readonly key?: string;
  readonly [field: string]: unknown;
}

interface Pending<P extends PageProtocol> {
  readonly name: RequestName<P>;
  readonly resolve: (outcome: Outcome<unknown>) => void;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

export interface ClientOptions {
  /** Where refused messages are reported; the console by default (visible in the webview developer tools). */
  readonly log?: (message: string) => void;
  /** A request unanswered this long resolves as a `timeout` error. 0 waits forever. */
  readonly timeoutMs?: number;
}

export class PageClient<P extends PageProtocol> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending<P>>();
  private readonly handlers = new Map<NotificationName<P>, Set<(body: never) => void>>();
  private readonly log: (message: string) => void;
  private readonly timeoutMs: number;
  private readySent = false;

  constructor(
    /** The page's protocol: what it may ask and be told, validated on arrival. */
    private readonly protocol: P,
    private readonly api: VsCodeApiLike,
    opts: ClientOptions = {},
  ) {
    this.log = opts.log ?? ((m) => console.warn(`[data-clusters] ${m}`));
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    // The key must be saved as soon as the page learns it, whoever else listens.
    this.on('panel.init' as NotificationName<P>, (body) => this.saveState({ key: (body as { key: string }).key }));
  }

  /** Tells the extension the page listens; call once, after the message listener is installed. */
  ready(): void {
    if (this.readySent) return;
    this.readySent = true;
    this.api.postMessage(envelope.ready());
  }

  /**
   * Sends a request; the promise never rejects. A failure (the extension's error, a timeout, a
   * malformed answer is dropped and so times out) comes back as `{ ok: false, error }` for the page to show.
   */
  request<N extends RequestName<P>>(name: N, args: RequestArgs<P, N>): Promise<Outcome<RequestResult<P, N>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer =
        this.timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              // The page shows this message (errorNote), so it is translated; the request name stays as it is.
              const message = l10n.t('No answer to {0} within {1} s', name, this.timeoutMs / 1000);
              resolve({ ok: false, error: { message, code: 'timeout' } });
            }, this.timeoutMs)
          : undefined;
      this.pending.set(id, { name, resolve: resolve as (o: Outcome<unknown>) => void, timer });
      this.api.postMessage(envelope.request(this.protocol, id, name, args));
    });
  }

  /** Subscribes to a notification; returns the unsubscribe function. */
  on<N extends NotificationName<P>>(name: N, handler: (body: NotificationBody<P, N>) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler as (body: never) => void);
    return () => set.delete(handler as (body: never) => void);
  }

  /** Handles one `message` event's data: validated, then routed; anything else is logged and dropped. */
  receive(data: unknown): void {
    const parsed = parseHostMessage(this.protocol, data, (id) => this.pending.get(id)?.name);
    if (!parsed.message) {
      this.log(`dropped a message from the extension: ${parsed.problem}`);
      return;
    }
    const m = parsed.message;
    if (m.kind === 'response') {
      const p = this.pending.get(m.id);
      if (!p) return; // checked by parseHostMessage; kept for the type
      this.pending.delete(m.id);
      if (p.timer !== undefined) clearTimeout(p.timer);
      p.resolve(m.ok ? { ok: true, value: m.result } : { ok: false, error: m.error });
      return;
    }
    for (const h of [...(this.handlers.get(m.name) ?? [])]) {
      try {
        (h as (body: unknown) => void)(m.body);
      } catch (err) {
        this.log(`handler of ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  getState<T extends SavedState = SavedState>(): T {
    const s = this.api.getState();
    return (typeof s === 'object' && s !== null ? s : {}) as T;
  }

  /** Merges `patch` into the saved state (VS Code keeps it while the panel is hidden and across reloads). */
  saveState(patch: Record<string, unknown>): void {
    this.api.setState({ ...this.getState(), ...patch });
  }
}
