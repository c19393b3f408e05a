import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Logger, silentLogger } from '../common/logger';
import { KubeApiError } from './kubeApiError';
import { KubeTransport, LineSplitter } from './kubeTransport';
import { apiVersion as apiVersionOf, collectionPath, KubeObject, objectKey, ResourceDescriptor } from './resources';

export interface ObjectChange<T extends KubeObject> {
  readonly type: 'added' | 'modified' | 'deleted';
  readonly object: T;
  readonly previous?: T;
}

export type InformerState =
  | { readonly phase: 'connecting' }
  | { readonly phase: 'synced' }
  | { readonly phase: 'retrying'; readonly error: KubeApiError; readonly retryInMs: number; readonly failures: number }
  | { readonly phase: 'stopped' };

export interface InformerOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly logger?: Logger;
  /** First retry delay; doubles per consecutive failure up to maxBackoffMs, with ±50% jitter. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Server-side watch timeout; a random value in [t, 2t) spreads reconnects as client-go does. */
  readonly watchTimeoutSeconds?: number;
  readonly pageSize?: number;
  readonly random?: () => number;
  /**
   * The first page of the first list, already requested (see `requestListPage`) with the same
   * namespace, selector and page size; when it fails, the informer lists as it would have.
   */
  readonly firstPage?: Promise<ListPage<KubeObject> | undefined>;
  /**
   * Leaves out `metadata.managedFields` (server-side apply's bookkeeping, often the largest part of
   * an object) from what the informer keeps, for callers that never read it.
   */
  readonly dropManagedFields?: boolean;
}

/** One page of a list, as the API server answers it. */
export interface ListPage<T extends KubeObject> {
  readonly metadata: { readonly resourceVersion: string; readonly continue?: string };
  readonly items: T[];
}

/** Requests one page of a list as an informer does (no retries: the informer retries itself). */
export function requestListPage<T extends KubeObject>(
  transport: KubeTransport,
  resource: ResourceDescriptor,
  opts: Pick<InformerOptions, 'namespace' | 'labelSelector' | 'pageSize'>,
  signal: AbortSignal,
  token?: string,
): Promise<ListPage<T>> {
  return transport.request<ListPage<T>>('GET', collectionPath(resource, opts.namespace), {
    query: { labelSelector: opts.labelSelector, limit: opts.pageSize ?? 5000, continue: token },
    signal,
    maxRetries: 0,
  });
}

/** Waits, or stops waiting when aborted; removes its abort listener either way (one per retry otherwise). */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Keeps a local copy of one resource (in one namespace, or all) with one list and then one watch,
 * never polling: bookmarks keep the resourceVersion fresh, a 410 relists and reports only real
 * differences, failures reconnect with jittered exponential backoff that honours Retry-After.
 */
export class Informer<T extends KubeObject = KubeObject> extends Disposable {
  private readonly _onDidChangeObjects = this._register(new Emitter<ObjectChange<T>[]>());
  readonly onDidChangeObjects: Event<ObjectChange<T>[]> = this._onDidChangeObjects.event;
  private readonly _onDidChangeState = this._register(new Emitter<InformerState>());
  readonly onDidChangeState: Event<InformerState> = this._onDidChangeState.event;

  private readonly objects = new Map<string, T>();
  private resourceVersion = '';
  private _state: InformerState = { phase: 'connecting' };
  private readonly stop = new AbortController();
  private watchAbort?: AbortController;
  private needList = true;
  private started = false;
  private _listed = false;
  private synced!: Promise<void>;
  private resolveSynced!: () => void;
  private readonly logger: Logger;
  private firstPage?: Promise<ListPage<KubeObject> | undefined>;

  constructor(
    private readonly transport: KubeTransport,
    readonly resource: ResourceDescriptor,
    private readonly opts: InformerOptions = {},
  ) {
    super();
    this.logger = opts.logger ?? silentLogger;
    this.firstPage = opts.firstPage?.catch(() => undefined);
    this.synced = new Promise((r) => (this.resolveSynced = r));
    this._register({ dispose: () => this.stop.abort() });
  }

  get state(): InformerState {
    return this._state;
  }

  get namespace(): string | undefined {
    return this.opts.namespace;
  }

  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Whether a list has completed once: until then the informer knows nothing and says so. */
  get listed(): boolean {
    return this._listed;
  }

  /** Resolves after the first complete list. */
  whenSynced(): Promise<void> {
    return this.synced;
  }

  items(): T[] {
    return [...this.objects.values()];
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  get size(): number {
    return this.objects.size;
  }

  start(): this {
    if (!this.started) {
      this.started = true;
      void this.run();
    }
    return this;
  }

  /** Drops the watch and lists again; what changed meanwhile is reported as changes. */
  resync(): void {
    this.needList = true;
    this.watchAbort?.abort();
  }

  private setState(s: InformerState): void {
    this._state = s;
    this._onDidChangeState.fire(s);
  }

  private get describe(): string {
    // l10n-ignore: only written to the log
    const where = this.opts.namespace ? ` in ${this.opts.namespace}` : ' (all namespaces)';
    return `${this.resource.plural}${where}${this.opts.labelSelector ? ` [${this.opts.labelSelector}]` : ''}`;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stop.signal.aborted) {
      try {
        if (this.needList) {
          await this.list();
          this.needList = false;
          failures = 0;
          this._listed = true;
          if (this._state.phase !== 'synced') this.setState({ phase: 'synced' });
          this.resolveSynced();
        }
        await this.watch();
        // The server closed the watch (timeout, restart): resume from the last version.
        failures = 0;
      } catch (e) {
        if (this.stop.signal.aborted) break;
        const err = e instanceof KubeApiError ? e : new KubeApiError(String((e as Error)?.message ?? e), 0, 'Unknown');
        if (err.isGone) {
          this.logger.info(`${this.describe}: resourceVersion ${this.resourceVersion} expired; listing again`);
          this.needList = true;
          continue;
        }
        failures++;
        const delay = this.backoff(failures, err);
        this.logger.warn(`${this.describe}: ${err.message} (retrying in ${delay} ms)`);
        this.setState({ phase: 'retrying', error: err, retryInMs: delay, failures });
        await sleep(delay, this.stop.signal);
        if (this._state.phase === 'retrying') this.setState({ phase: 'connecting' });
      }
    }
    this.setState({ phase: 'stopped' });
  }

  private backoff(failures: number, err: KubeApiError): number {
    if (err.retryAfterSeconds !== undefined) return err.retryAfterSeconds * 1000;
    const base = this.opts.initialBackoffMs ?? 500;
    const max = this.opts.maxBackoffMs ?? 30_000;
    const raw = Math.min(max, base * 2 ** (failures - 1));
    const random = this.opts.random ?? Math.random;
    return Math.round(raw * (0.5 + random()));
  }

  private async list(): Promise<void> {
    const fresh = new Map<string, T>();
    let token: string | undefined;
    let rv = '';
    do {
      const prefetched = token === undefined ? await this.takeFirstPage() : undefined;
      const page = prefetched ?? (await requestListPage<T>(this.transport, this.resource, this.opts, this.stop.signal, token));
      for (const item of page.items) {
        // List items carry no kind; restore it so consumers can tell objects apart.
        const obj = this.kept(item);
        fresh.set(objectKey(obj), obj);
      }
      token = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (token);

    const changes: ObjectChange<T>[] = [];
    for (const [key, obj] of fresh) {
      const old = this.objects.get(key);
      if (!old) changes.push({ type: 'added', object: obj });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion || old.metadata.uid !== obj.metadata.uid)
        changes.push({ type: 'modified', object: obj, previous: old });
    }
    for (const [key, old] of this.objects) if (!fresh.has(key)) changes.push({ type: 'deleted', object: old });
    this.objects.clear();
    for (const [k, v] of fresh) this.objects.set(k, v);
    this.resourceVersion = rv;
    if (changes.length) this._onDidChangeObjects.fire(changes);
  }

  /** An object as the informer keeps it: with its kind (list items carry none), managedFields left out if asked. */
  private kept(item: T): T {
    const o = { apiVersion: apiVersionOf(this.resource), kind: this.resource.kind, ...item };
    if (this.opts.dropManagedFields && item.metadata?.managedFields) {
      const { managedFields: _dropped, ...metadata } = item.metadata;
      o.metadata = metadata;
    }
    return o;
  }

  /** The page requested ahead, once: a failed one (or none) leaves the list to request it. */
  private async takeFirstPage(): Promise<ListPage<T> | undefined> {
    const first = this.firstPage;
    this.firstPage = undefined;
    return (await first) as ListPage<T> | undefined;
  }

  private async watch(): Promise<void> {
    const abort = new AbortController();
    this.watchAbort = abort;
    const onStop = () => abort.abort();
    this.stop.signal.addEventListener('abort', onStop, { once: true });
    const base = this.opts.watchTimeoutSeconds ?? 300;
    let failure: KubeApiError | undefined;
    const lines = new LineSplitter((line) => {
      if (failure) return;
      let event: { type: string; object: any };
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      failure = this.apply(event);
      if (failure) abort.abort();
    });
    try {
      await this.transport.stream(
        collectionPath(this.resource, this.opts.namespace),
        {
          watch: 'true',
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: 'true',
          labelSelector: this.opts.labelSelector,
          timeoutSeconds: Math.floor(base + (this.opts.random ?? Math.random)() * base),
        },
        (chunk) => lines.push(chunk),
        abort.signal,
        'application/json',
        // A watch that resumed after a failure without a relist (API server restart, dropped
        // connection) is live again as soon as the server accepts it.
        () => {
          if (this._state.phase !== 'synced' && !this.needList) this.setState({ phase: 'synced' });
        },
      );
      lines.flush();
    } finally {
      this.stop.signal.removeEventListener('abort', onStop);
    }
    if (failure) throw failure;
  }

  /** Applies one watch event; returns the error an ERROR event carries. */
  private apply(event: { type: string; object: any }): KubeApiError | undefined {
    const obj = event.object;
    switch (event.type) {
      case 'BOOKMARK':
        this.resourceVersion = obj?.metadata?.resourceVersion ?? this.resourceVersion;
        return undefined;
      case 'ERROR':
        return KubeApiError.fromStatus(obj?.code ?? 500, obj);
      case 'ADDED':
      case 'MODIFIED': {
        const o = this.kept(obj);
        const key = objectKey(o);
        const previous = this.objects.get(key);
        this.objects.set(key, o);
        this.resourceVersion = o.metadata.resourceVersion;
        this._onDidChangeObjects.fire([previous ? { type: 'modified', object: o, previous } : { type: 'added', object: o }]);
        return undefined;
      }
      case 'DELETED': {
        const o = this.kept(obj);
        const key = objectKey(o);
        this.objects.delete(key);
        this.resourceVersion = o.metadata.resourceVersion;
        this._onDidChangeObjects.fire([{ type: 'deleted', object: o }]);
        return undefined;
      }
      default:
        return undefined;
    }
  }
}
