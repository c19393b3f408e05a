/**
 * One cluster's detail panel, compute ("Compute: {name}") or session ("Session cluster: {name}"):
 * posts structured views of the watch cache as it changes, runs the header's actions through the
 * same commands as the tree (so the confirmations are the same), and hands each tab its part
 * (tabs.ts names them; each tab's host half is its own file here).
 *
 * No vscode import: the workbench comes in through `PanelUi`, so tests drive it with fakes.
 */
import * as l10n from '@vscode/l10n';
import { CLUSTER_PAGE, type ClusterPage, type ClusterTab } from '../../../shared/protocol/clusterPage';
import type { CommandsData } from '../../../shared/protocol/clusterPage';
import { envelope, Handlers, HostMessage, NotificationBody, NotificationName, RequestName } from '../../../shared/protocol/envelope';
import { type ClusterAction, isClusterAction, isViewAction } from '../../../shared/clusters/stateTable';
import type { Cluster } from '../../clusters/clusterModel';
import { CLUSTER_KEY_PATTERN, ClusterRef, keyOfRef } from '../../clusters/clusterRef';
import type { ClusterConnection } from '../../clusters/connection';
import type { ClusterKind } from '../../clusters/definition';
import type { TaskService } from '../../clusters/session/tasks/taskTypes';
import { availableActions } from '../../clusters/permissions';
import { Disposable, IDisposable, toDisposable } from '../../common/disposable';
import { Emitter, Event } from '../../common/event';
import { errorMessage, Logger } from '../../common/logger';
import { computeView, resourceUsage, sessionJobs, sessionView } from '../clusterViews';
import type { RegisteredPanel } from '../panelRegistry';
import { PanelLike, RequestError, WebviewLike, WebviewPanelHost } from '../webviewPanelHost';
import type { PanelUi } from './panelUi';
import type { ClusterTabHost, Connected, TabContext, TabInfo } from './tab';
import { isPanelRequest, PanelRequest, REQUEST_TABS, TAB_HOSTS } from './tabs';

export const CLUSTER_VIEW_TYPE = 'dataClusters.cluster';
/** The keys a restored panel may carry (the cluster key: `compute/analytics/sales-etl`). */
export const PANEL_KEY_PATTERN = CLUSTER_KEY_PATTERN;

export const panelTitle = (ref: ClusterRef): string =>
  ref.kind === 'compute' ? l10n.t('Compute: {0}', ref.name) : l10n.t('Session cluster: {0}', ref.name);

export interface ClusterPanelDeps {
  readonly connection: () => ClusterConnection | undefined;
  readonly onDidChangeConnection: Event<unknown>;
  readonly logger: Logger;
  readonly ui: PanelUi;
  /** The current connection's task service (the Tasks tab of a session cluster), when there is one. */
  readonly tasks?: () => TaskService | undefined;
  /** The page's HTML for a webview, with the messages embedded for its first paint. */
  readonly html: (title: string, initial: () => readonly unknown[]) => (webview: WebviewLike) => string;
}

/** Commands other parts of the extension provide; buttons for missing ones say they are unavailable. */
const OPTIONAL_COMMANDS = {
  sparkUi: 'dataClusters.compute.openSparkUi',
  sparkMetricsUi: 'dataClusters.compute.openSparkMetricsUi',
  flinkUi: 'dataClusters.session.openFlinkUi',
  configure: 'dataClusters.compute.configure',
  edit: 'dataClusters.session.edit',
} as const satisfies Record<keyof CommandsData, string>;

/** Header actions and the command each runs (lifecycle commands ask the tree's confirmations). */
const ACTION_COMMANDS: Readonly<Record<ClusterKind, Partial<Record<ClusterAction, string>>>> = {
  compute: {
    start: 'dataClusters.compute.start',
    terminate: 'dataClusters.compute.terminate',
    restart: 'dataClusters.compute.restart',
    configure: OPTIONAL_COMMANDS.configure,
    delete: 'dataClusters.compute.delete',
    openSparkUi: OPTIONAL_COMMANDS.sparkUi,
    openSparkMetricsUi: OPTIONAL_COMMANDS.sparkMetricsUi,
  },
  session: {
    start: 'dataClusters.session.start',
    disable: 'dataClusters.session.disable',
    edit: OPTIONAL_COMMANDS.edit,
    delete: 'dataClusters.session.delete',
    openFlinkUi: OPTIONAL_COMMANDS.flinkUi,
  },
};

export interface ClusterPanelInfo extends TabInfo {
  readonly key: string;
  readonly title: string;
  readonly ready: boolean;
  readonly deleted: boolean;
  readonly tab: string;
  readonly dropped: number;
  readonly cspViolations: number;
  readonly firstPaintMs?: number;
}

export class ClusterPanelController extends Disposable implements RegisteredPanel {
  readonly key: string;
  readonly title: string;
  readonly host: WebviewPanelHost<ClusterPage>;
  private readonly _onDidDispose = this._register(new Emitter<void>());
  readonly onDidDispose: Event<void> = this._onDidDispose.event;
  private readonly tabs = new Map<ClusterTab, ClusterTabHost>();
  private last?: Cluster;
  private deleted = false;
  private tab?: ClusterTab;
  private readonly running = new Set<ClusterAction>();
  private commands: CommandsData = { sparkUi: false, sparkMetricsUi: false, flinkUi: false, configure: false, edit: false };
  private bound?: { conn: Connected; subs: IDisposable[] };
  private bindTimer?: ReturnType<typeof setTimeout>;
  private cspViolations = 0;
  private firstPaintMs?: number;
  private firstReadyMs?: number;
  /** While set, notifications are collected here (for the page's HTML) instead of posted. */
  private capture?: HostMessage<ClusterPage>[];

  constructor(
    panel: PanelLike,
    readonly ref: ClusterRef,
    private readonly deps: ClusterPanelDeps,
    /** When the user asked for the panel (Date.now()), for the first-paint measure. */
    private readonly openedAt: number,
  ) {
    super();
    this.key = keyOfRef(ref);
    this.title = panelTitle(ref);
    // The tabs first: the page's HTML embeds what they post (their host comes right after, before any message).
    const ctx = this.tabContext();
    for (const [id, make] of Object.entries(TAB_HOSTS[ref.kind]) as [ClusterTab, (c: TabContext) => ClusterTabHost][])
      this.tabs.set(id, make(ctx));
    this._register(toDisposable(() => this.tabs.forEach((t) => t.dispose())));
    this.host = this._register(
      new WebviewPanelHost(panel, {
        protocol: CLUSTER_PAGE,
        streams: ['logs.append'],
        key: this.key,
        title: this.title,
        html: deps.html(this.title, () => this.initialMessages()),
        logger: deps.logger,
        handlers: this.handlers(),
      }),
    );
    this._register(this.host.onDidDispose(() => this.dispose()));
    this._register(
      this.host.onDidBecomeReady(() => {
        this.firstReadyMs ??= Date.now() - openedAt;
        this.sendAll();
      }),
    );
    this._register(deps.onDidChangeConnection(() => this.bind()));
    this._register(toDisposable(() => this.unbind()));
    this.bind();
    void this.refreshCommands();
  }

  reveal(): void {
    this.host.reveal();
  }

  info(): ClusterPanelInfo {
    const tabs: Partial<TabInfo> = Object.assign({}, ...[...this.tabs.values()].map((t) => t.info?.() ?? {}));
    return {
      key: this.key,
      title: this.title,
      ready: this.host.isReady,
      deleted: this.deleted,
      tab: this.tab ?? '',
      dropped: this.host.dropped,
      cspViolations: this.cspViolations,
      ...(this.firstPaintMs !== undefined ? { firstPaintMs: this.firstPaintMs } : {}),
      eventsWatched: tabs.eventsWatched ?? false,
      logLines: tabs.logLines ?? 0,
      endpoint: tabs.endpoint ?? 'in-cluster',
    };
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearTimeout(this.bindTimer);
    this._onDidDispose.fire();
    super.dispose();
  }

  /** Every request of the page: the panel's own, else the one tab REQUEST_TABS names, else refused. */
  private handlers(): Handlers<ClusterPage> {
    const own: Pick<Handlers<ClusterPage>, PanelRequest> = {
      'action.run': ({ action }) => this.runAction(action),
      'panel.showTab': ({ tab }) => (this.showTab(tab), {}),
      'panel.painted': () => (this.painted(), {}),
      'panel.cspViolation': ({ directive, blocked }) => {
        this.cspViolations++;
        this.deps.logger.error(`panel ${this.key}: Content Security Policy violation: ${directive} blocked ${blocked}`);
        return {};
      },
    };
    const table: Partial<Record<RequestName<ClusterPage>, (args: never) => unknown>> = {};
    for (const name of Object.keys(CLUSTER_PAGE.requests) as RequestName<ClusterPage>[]) {
      table[name] = (args: never) => {
        const handler = (isPanelRequest(name) ? own[name] : this.tabs.get(REQUEST_TABS[name])?.handlers?.[name]) as
          ((a: never) => unknown) | undefined;
        if (!handler) throw new RequestError(l10n.t('This panel does not offer {0}.', name), 'bad-request');
        return handler(args);
      };
    }
    return table as Handlers<ClusterPage>;
  }

  private tabContext(): TabContext {
    const host = () => this.host;
    return {
      ref: this.ref,
      key: this.key,
      ui: this.deps.ui,
      logger: this.deps.logger,
      get host() {
        return host();
      },
      connection: () => this.bound?.conn,
      tasks: () => this.deps.tasks?.(),
      needConnection: () => this.conn(),
      cluster: () => this.last,
      deleted: () => this.deleted,
      shownTab: () => this.tab,
      peer: (tab) => this.tabs.get(tab),
      notify: (name, body) => this.notify(name, body),
      postCluster: () => this.postCluster(),
    };
  }

  // ---- the connection and the cache ----

  private conn(): Connected {
    const c = this.bound?.conn;
    if (!c) throw new RequestError(l10n.t('Not connected to a Kubernetes cluster yet.'), 'unavailable');
    return c;
  }

  /** Follows the current connection (a context or namespace change makes a new one); waits for one after a reload. */
  private bind(): void {
    if (this.isDisposed) return;
    const conn = this.deps.connection();
    if (this.bound?.conn === conn && conn?.model) return;
    this.unbind();
    clearTimeout(this.bindTimer);
    if (!conn?.model) {
      this.bindTimer = setTimeout(() => this.bind(), 300);
      return;
    }
    const connected = conn as Connected;
    const model = connected.model;
    const subs: IDisposable[] = [
      model.onDidChangeCluster((changes) => {
        if (!changes.some((c) => c.key === this.key)) return;
        this.postCluster();
        for (const [id, t] of this.tabs) t.clusterChanged?.(id === this.tab);
      }),
      conn.permissions.onDidChange(() => this.postCluster()),
    ];
    this.bound = { conn: connected, subs };
    for (const t of this.tabs.values()) subs.push(...(t.bind?.(connected) ?? []));
    void model.whenReady(this.ref.kind).then(() => {
      if (this.bound?.conn !== connected) return;
      this.sendAll();
    });
  }

  private unbind(): void {
    for (const s of this.bound?.subs ?? []) s.dispose();
    this.bound = undefined;
  }

  private async refreshCommands(): Promise<void> {
    const all = new Set(await this.deps.ui.commands());
    const next = Object.fromEntries(Object.entries(OPTIONAL_COMMANDS).map(([k, id]) => [k, all.has(id)])) as unknown as CommandsData;
    if (JSON.stringify(next) === JSON.stringify(this.commands)) return;
    this.commands = next;
    this.postCluster();
  }

  private notify<N extends NotificationName<ClusterPage>>(name: N, body: NotificationBody<ClusterPage, N>): void {
    if (this.capture) this.capture.push(envelope.notification(CLUSTER_PAGE, name, body));
    else this.host.notify(name, body);
  }

  /**
   * What the page paints first, embedded in its HTML when the cache already holds the cluster (a
   * click in the tree): the page paints with data before any message. Empty after a reload, when
   * the connection comes later; the snapshot at `ready` covers both cases.
   */
  private initialMessages(): HostMessage<ClusterPage>[] {
    const conn = this.deps.connection();
    if (!conn?.model?.isReady(this.ref.kind)) return [];
    const bound = this.bound;
    this.bound ??= { conn: conn as Connected, subs: [] };
    this.capture = [];
    try {
      this.postEverything();
      return this.capture;
    } catch (err) {
      this.deps.logger.warn(`panel ${this.key}: no data in the page's HTML: ${errorMessage(err)}`);
      return [];
    } finally {
      this.capture = undefined;
      this.bound = bound;
    }
  }

  /** Everything the page shows, after each ready (a page VS Code destroyed while hidden starts empty). */
  private sendAll(): void {
    if (this.host.isDisposed) return;
    this.postEverything();
    void this.refreshCommands();
  }

  private postEverything(): void {
    // Who the panel is comes first: the page saves the key (to be restored after a reload) and says which tab shows.
    this.notify('panel.init', { key: this.key, title: this.title });
    this.postCluster();
    for (const [id, t] of this.tabs) t.post?.(id === this.tab);
  }

  private postCluster(): void {
    const conn = this.bound?.conn;
    const model = conn?.model;
    if (!conn || !model || !model.isReady(this.ref.kind)) return;
    const now = model.get(this.ref.kind, this.ref.namespace, this.ref.name);
    // Deleted by anyone, through any client: keep the last known data; no action is offered any more.
    this.deleted = !now;
    if (now) this.last = now;
    const c = this.last;
    const avail = c && !this.deleted ? availableActions(c, conn.permissions) : { actions: [], denied: [] };
    const lifecycle = (a: string): a is ClusterAction => isClusterAction(a) && !isViewAction(a);
    const actions = {
      allowed: avail.actions.filter(lifecycle),
      denied: avail.denied.flatMap((d) => (lifecycle(d.action) ? [{ action: d.action, reason: d.reason.slice(0, 1000) }] : [])),
      running: this.deleted ? [] : [...this.running],
    };
    if (this.ref.kind === 'compute') {
      const view = c?.kind === 'compute' ? computeView(c, model) : placeholderCompute(this.ref);
      this.notify('compute.update', { cluster: view, deleted: this.deleted, actions, commands: this.commands });
    } else {
      const view = c?.kind === 'session' ? sessionView(c) : placeholderSession(this.ref);
      this.notify('session.update', {
        cluster: view,
        deleted: this.deleted,
        actions,
        commands: this.commands,
        jobs: this.deleted ? [] : sessionJobs(model, this.ref.namespace, this.ref.name),
        resources: resourceUsage(model, this.ref.namespace),
      });
    }
  }

  // ---- actions ----

  private async runAction(action: ClusterAction): Promise<{ started: boolean }> {
    const command = ACTION_COMMANDS[this.ref.kind][action];
    if (!command) throw new RequestError(l10n.t('Unknown action {0}.', action), 'bad-request');
    if (this.deleted) throw new RequestError(l10n.t('{0} has been deleted.', this.ref.name), 'not-found');
    const conn = this.conn();
    if (!isViewAction(action)) {
      const c = conn.model.get(this.ref.kind, this.ref.namespace, this.ref.name);
      if (!c) throw new RequestError(l10n.t('{0} no longer exists in {1}.', this.ref.name, this.ref.namespace), 'not-found');
      const avail = availableActions(c, conn.permissions);
      const denied = avail.denied.find((d) => d.action === action);
      if (denied) throw new RequestError(denied.reason, 'forbidden');
      if (!avail.actions.includes(action))
        throw new RequestError(l10n.t('{0} is not possible while {1} is in its current state.', action, this.ref.name), 'conflict');
    }
    if (!(await this.deps.ui.commands()).includes(command))
      throw new RequestError(l10n.t('{0} is not available in this version of Data Clusters.', action), 'unavailable');
    this.running.add(action);
    this.postCluster();
    const done = () => {
      this.running.delete(action);
      this.postCluster();
    };
    // Not awaited: the command asks its confirmation and reports its own outcome; the button shows
    // the action as running until the command returns, then the model's operation marker takes over.
    void Promise.resolve(
      this.deps.ui.executeCommand(command, { kind: this.ref.kind, namespace: this.ref.namespace, name: this.ref.name }),
    ).then(done, (e) => {
      this.deps.logger.error(`panel ${this.key}: ${command} failed: ${errorMessage(e)}`);
      done();
    });
    return { started: true };
  }

  private showTab(tab: ClusterTab): void {
    const was = this.tab;
    this.tab = tab;
    if (was !== undefined && was !== tab) this.tabs.get(was)?.hide?.();
    this.tabs.get(tab)?.show?.();
  }

  private painted(): void {
    if (this.firstPaintMs !== undefined) return;
    this.firstPaintMs = Date.now() - this.openedAt;
    this.deps.logger.info(
      `panel ${this.key} first painted with data ${this.firstPaintMs} ms after it was opened ` +
        `(page ready after ${this.firstReadyMs ?? '?'} ms)`,
    );
  }
}

/** A panel restored after its cluster was deleted has no data: it shows the name and the banner. */
function placeholder(ref: ClusterRef) {
  return { id: '', name: ref.name, namespace: ref.namespace, description: '', restartRequired: false };
}

function placeholderCompute(ref: ClusterRef) {
  return {
    ...placeholder(ref),
    state: 'UNKNOWN' as const,
    singleNode: false,
    executorCount: 0,
    tags: [],
    arrowFlight: false,
    problems: [],
  };
}

function placeholderSession(ref: ClusterRef) {
  return { ...placeholder(ref), status: 'Unknown' as const, cpu: 0, memory: '' };
}
