/**
 * One cluster's detail panel, compute ("Compute: {name}") or session ("Session cluster: {name}"):
 * posts structured views of the watch cache as it changes, runs the header's actions through the
 * same commands as the tree (so the confirmations are the same), and starts the costly feeds (log
 * stream, events watch) only for the tab that shows them.
 */
import { CLUSTER_PAGE, type ClusterPage } from '../../shared/protocol/clusterPage';
import * as vscode from 'vscode';
import { readActivity } from '../clusters/activity';
import { ClusterEventsWatcher, EventSummary } from '../clusters/clusterEvents';
import type { Cluster, ComputeCluster } from '../clusters/clusterModel';
import { newestPod } from '../clusters/compute/computeState';
import type { ClusterConnection } from '../clusters/connection';
import { activityName, ClusterKind } from '../clusters/definition';
import { logInstances } from '../clusters/driverLogs';
import { availableActions } from '../clusters/permissions';
import { isViewAction } from '../../shared/clusters/stateTable';
import { Disposable, IDisposable, toDisposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage, Logger } from '../common/logger';
import {
  availableSnippetTypes,
  DRIVER_PORTS,
  Endpoint,
  EndpointKind,
  externalEndpoint,
  generateSnippets,
  inClusterEndpoint,
  portForwardEndpoint,
  ServiceLike,
  servesArrowFlight,
  SNIPPET_TYPES,
  Snippet,
  SnippetType,
} from '../connections';
import { RESOURCES } from '../kube/resources';
import { podLogBatches } from '../kube/podLogs';
import { envelope, HostMessage, NotificationBody, NotificationName } from '../../shared/protocol/envelope';
import type { CommandsData, EventRow, SnippetCard, TimeRange } from '../../shared/protocol/clusterPage';
import type { ErrorData } from '../../shared/protocol/envelope';
import {
  activityRows,
  computeView,
  DRIVER_INSTANCE,
  InstanceChoice,
  logInstanceChoices,
  parseInstance,
  resourceUsage,
  sessionJobs,
  sessionView,
} from './clusterViews';
import { diagnose } from './diagnose';
import { LogFeed } from './logFeed';
import { pageHtmlFor } from './panelFactory';
import { PanelLogStream } from './panelLogStream';
import { RegisteredPanel } from './panelRegistry';
import { revealSparkValue, sparkConfigEntries } from './sparkConfig';
import { PanelLike, RequestError, WebviewPanelHost } from './webviewPanelHost';

export const CLUSTER_VIEW_TYPE = 'dataClusters.cluster';
export const PANEL_KEY_PATTERN = /^(compute|session)\/[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface ClusterRef {
  readonly kind: ClusterKind;
  readonly namespace: string;
  readonly name: string;
}

export function refOfKey(key: string): ClusterRef | undefined {
  if (!PANEL_KEY_PATTERN.test(key)) return undefined;
  const [kind, namespace, name] = key.split('/') as [ClusterKind, string, string];
  return { kind, namespace, name };
}

export const panelTitle = (ref: ClusterRef): string =>
  ref.kind === 'compute' ? vscode.l10n.t('Compute: {0}', ref.name) : vscode.l10n.t('Session cluster: {0}', ref.name);

export interface ClusterPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly connection: () => ClusterConnection | undefined;
  readonly onDidChangeConnection: Event<unknown>;
  readonly logger: Logger;
  readonly tailLines: () => number;
  /** Where the endpoint chosen per cluster is kept (workspaceState, shared with the snippet commands). */
  readonly memento?: vscode.Memento;
}

/** The key the snippet commands remember a cluster's choice under: the panel and the commands agree. */
const snippetChoiceKey = (namespace: string, name: string) => `dataClusters.connectionSnippet/${namespace}/${name}`;
/** The Connections tab's name of an endpoint (looked up when used: translations load after this module). */
function endpointLabel(kind: EndpointKind): string {
  if (kind === 'in-cluster') return vscode.l10n.t('In-cluster');
  return kind === 'port-forward' ? vscode.l10n.t('Local port-forward') : vscode.l10n.t('External');
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
const ACTION_COMMANDS: Record<ClusterKind, Record<string, string>> = {
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
const LIFECYCLE = new Set(['start', 'terminate', 'restart', 'configure', 'delete', 'disable', 'edit']);

export interface ClusterPanelInfo {
  readonly key: string;
  readonly title: string;
  readonly ready: boolean;
  readonly deleted: boolean;
  readonly tab: string;
  readonly dropped: number;
  readonly cspViolations: number;
  readonly firstPaintMs?: number;
  readonly eventsWatched: boolean;
  readonly logLines: number;
  /** The Connections tab's endpoint. */
  readonly endpoint: EndpointKind;
}

export class ClusterPanel extends Disposable implements RegisteredPanel {
  readonly key: string;
  readonly host: WebviewPanelHost<ClusterPage>;
  private readonly feed: LogFeed;
  private readonly _onDidDispose = this._register(new Emitter<void>());
  readonly onDidDispose: Event<void> = this._onDidDispose.event;
  private last?: Cluster;
  private deleted = false;
  private tab = '';
  private readonly running = new Set<string>();
  private commands: CommandsData = { sparkUi: false, sparkMetricsUi: false, flinkUi: false, configure: false, edit: false };
  private bound?: { conn: ClusterConnection; subs: IDisposable[] };
  private bindTimer?: ReturnType<typeof setTimeout>;
  private events?: { watcher: ClusterEventsWatcher; sub: IDisposable };
  private eventsState?: { rows: EventRow[]; error?: ErrorData };
  private logStream?: PanelLogStream;
  private range: TimeRange = 'all';
  private instance: InstanceChoice = { kind: DRIVER_INSTANCE };
  private instanceId = DRIVER_INSTANCE;
  private snippets = new Map<string, Snippet>();
  private readonly snippetTypes = new Map<string, SnippetType>();
  private endpointKind: EndpointKind = 'in-cluster';
  private connectionsSeq = 0;
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
    this.key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    const remembered = deps.memento?.get<{ endpoint?: unknown }>(snippetChoiceKey(ref.namespace, ref.name))?.endpoint;
    if (remembered === 'in-cluster' || remembered === 'port-forward' || remembered === 'external') this.endpointKind = remembered;
    const title = panelTitle(ref);
    this.host = this._register(
      new WebviewPanelHost(panel, {
        protocol: CLUSTER_PAGE,
        streams: ['logs.append'],
        key: this.key,
        title,
        html: pageHtmlFor(deps.extensionUri, 'cluster', title, () => this.initialMessages()),
        logger: deps.logger,
        handlers: {
          'action.run': ({ action }) => this.runAction(action),
          'panel.showTab': ({ tab }) => (this.showTab(tab), {}),
          'logs.setRange': ({ range }) => (this.restartLogs(range, this.instanceId), {}),
          'logs.setInstance': ({ instance }) => (this.restartLogs(this.range, instance), {}),
          'logs.download': () => this.downloadLogs(),
          'logs.openInEditor': () => this.openLogsInEditor(),
          'connections.copy': ({ id }) => this.copySnippet(id),
          'connections.insert': ({ id }) => this.insertSnippet(id),
          'connections.setEndpoint': ({ endpoint }) => this.setEndpoint(endpoint),
          'config.reveal': ({ key }) => this.revealValue(key),
          'diagnose.run': () => this.diagnose(),
          'panel.painted': () => (this.painted(), {}),
          'panel.cspViolation': ({ directive, blocked }) => {
            this.cspViolations++;
            deps.logger.error(`panel ${this.key}: Content Security Policy violation: ${directive} blocked ${blocked}`);
            return {};
          },
        },
      }),
    );
    this.feed = this._register(new LogFeed(this.host));
    this._register(this.host.onDidDispose(() => this.dispose()));
    this._register(
      this.host.onDidBecomeReady(() => {
        this.firstReadyMs ??= Date.now() - openedAt;
        this.sendAll();
      }),
    );
    this._register(this.host.onDidChangeVisibility(() => this.syncEvents()));
    this._register(deps.onDidChangeConnection(() => this.bind()));
    this._register(toDisposable(() => this.unbind()));
    this._register(toDisposable(() => this.stopEvents()));
    this._register(toDisposable(() => this.logStream?.dispose()));
    this.bind();
    void this.refreshCommands();
  }

  reveal(): void {
    this.host.reveal();
  }

  info(): ClusterPanelInfo {
    return {
      key: this.key,
      title: panelTitle(this.ref),
      ready: this.host.isReady,
      deleted: this.deleted,
      tab: this.tab,
      dropped: this.host.dropped,
      cspViolations: this.cspViolations,
      ...(this.firstPaintMs !== undefined ? { firstPaintMs: this.firstPaintMs } : {}),
      eventsWatched: !!this.events,
      logLines: this.feed.buffer.size,
      endpoint: this.endpointKind,
    };
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearTimeout(this.bindTimer);
    this._onDidDispose.fire();
    super.dispose();
  }

  // ---- the connection and the cache ----

  private conn(): ClusterConnection {
    const c = this.bound?.conn;
    if (!c?.model) throw new RequestError(vscode.l10n.t('Not connected to a Kubernetes cluster yet.'), 'unavailable');
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
    const model = conn.model;
    const { kind, namespace, name } = this.ref;
    const activity = activityName(kind, name);
    const subs: IDisposable[] = [
      model.onDidChangeCluster((changes) => {
        if (changes.some((c) => c.key === this.key)) {
          this.postCluster();
          if (kind === 'compute') {
            this.postInstances();
            if (this.tab === 'connections') this.postConnections();
            if (this.tab === 'configuration') this.postConfig();
          }
        }
      }),
      model.cache.onDidChange(({ kind: k, changes }) => {
        if (k === 'configMaps' && changes.some((c) => c.object.metadata.namespace === namespace && c.object.metadata.name === activity))
          this.postActivity();
        if (kind === 'session' && k === 'flinkSessionJobs') this.postCluster();
      }),
      model.onDidChangeResourceGroup((ns) => ns === namespace && kind === 'session' && this.postCluster()),
      conn.permissions.onDidChange(() => this.postCluster()),
    ];
    this.bound = { conn, subs };
    void model.whenReady(kind).then(() => {
      if (this.bound?.conn !== conn) return;
      this.sendAll();
    });
    if (this.logStream) this.restartLogs(this.range, this.instanceId);
    this.syncEvents(true);
  }

  private unbind(): void {
    for (const s of this.bound?.subs ?? []) s.dispose();
    this.bound = undefined;
  }

  private async refreshCommands(): Promise<void> {
    const all = new Set(await vscode.commands.getCommands(true));
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
    this.bound ??= { conn, subs: [] };
    this.capture = [];
    try {
      this.notify('panel.init', { key: this.key, title: panelTitle(this.ref) });
      this.postCluster();
      this.postActivity();
      if (this.ref.kind === 'compute') this.postInstances();
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
    // Who the panel is comes first: the page saves the key (to be restored after a reload) and says which tab shows.
    this.notify('panel.init', { key: this.key, title: panelTitle(this.ref) });
    this.postCluster();
    this.postActivity();
    if (this.ref.kind === 'compute') this.postInstances();
    if (this.tab === 'connections') this.postConnections();
    if (this.tab === 'configuration') this.postConfig();
    if (this.eventsState)
      this.notify('events.update', {
        events: this.eventsState.rows,
        ...(this.eventsState.error ? { error: this.eventsState.error } : {}),
      });
    void this.refreshCommands();
  }

  private postCluster(): void {
    const conn = this.bound?.conn;
    const model = conn?.model;
    if (!model || !model.isReady(this.ref.kind)) return;
    const now = model.get(this.ref.kind, this.ref.namespace, this.ref.name);
    if (now) {
      this.last = now;
      this.deleted = false;
    } else {
      // Deleted by anyone, through any client: keep the last known data, disable every action.
      this.deleted = true;
    }
    const c = this.last;
    const avail = c ? availableActions(c, conn.permissions) : { actions: [], denied: [] };
    const actions = {
      // Once deleted, the last state's buttons stay in place, disabled by the page (and refused here).
      allowed: avail.actions.filter((a) => !isViewAction(a)),
      denied: avail.denied.filter((d) => !isViewAction(d.action)).map((d) => ({ action: d.action, reason: d.reason.slice(0, 1000) })),
      running: [...this.running],
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

  private postActivity(): void {
    const model = this.bound?.conn.model;
    if (!model) return;
    const cm = model.cache.get('configMaps', this.ref.namespace, activityName(this.ref.kind, this.ref.name));
    // Once the cluster is deleted its activity goes with it (owner reference): keep what was shown.
    if (!cm && this.deleted) return;
    this.notify('activity.update', { rows: activityRows(readActivity(cm)) });
  }

  // ---- actions ----

  private async runAction(action: string): Promise<{ started: boolean }> {
    const command = ACTION_COMMANDS[this.ref.kind][action];
    if (!command) throw new RequestError(vscode.l10n.t('Unknown action {0}.', action), 'bad-request');
    if (this.deleted) throw new RequestError(vscode.l10n.t('{0} has been deleted.', this.ref.name), 'not-found');
    const conn = this.conn();
    if (LIFECYCLE.has(action)) {
      const c = conn.model!.get(this.ref.kind, this.ref.namespace, this.ref.name);
      if (!c) throw new RequestError(vscode.l10n.t('{0} no longer exists in {1}.', this.ref.name, this.ref.namespace), 'not-found');
      const avail = availableActions(c, conn.permissions);
      const denied = avail.denied.find((d) => d.action === action);
      if (denied) throw new RequestError(denied.reason, 'forbidden');
      if (!avail.actions.includes(action))
        throw new RequestError(vscode.l10n.t('{0} is not possible while {1} is in its current state.', action, this.ref.name), 'conflict');
    }
    if (!(await vscode.commands.getCommands(true)).includes(command))
      throw new RequestError(vscode.l10n.t('{0} is not available in this version of Data Clusters.', action), 'unavailable');
    this.running.add(action);
    this.postCluster();
    const done = () => {
      this.running.delete(action);
      this.postCluster();
    };
    // Not awaited: the command asks its confirmation and reports its own outcome; the button shows
    // the action as running until the command returns, then the model's operation marker takes over.
    void vscode.commands
      .executeCommand(command, { kind: this.ref.kind, namespace: this.ref.namespace, name: this.ref.name })
      .then(done, (e) => {
        this.deps.logger.error(`panel ${this.key}: ${command} failed: ${errorMessage(e)}`);
        done();
      });
    return { started: true };
  }

  private showTab(tab: string): void {
    this.tab = tab;
    if (tab === 'logs' && !this.logStream && this.ref.kind === 'compute') this.restartLogs(this.range, this.instanceId);
    if (tab === 'connections') this.postConnections();
    if (tab === 'configuration') this.postConfig();
    this.syncEvents();
  }

  private painted(): void {
    if (this.firstPaintMs !== undefined) return;
    this.firstPaintMs = Date.now() - this.openedAt;
    this.deps.logger.info(
      `panel ${this.key} first painted with data ${this.firstPaintMs} ms after it was opened ` +
        `(page ready after ${this.firstReadyMs ?? '?'} ms)`,
    );
  }

  // ---- logs ----

  private postInstances(): void {
    const model = this.bound?.conn.model;
    if (!model || this.ref.kind !== 'compute') return;
    const instances = logInstances(model, this.ref.namespace, this.ref.name);
    const restarts = (pod: string) => {
      const p = model.cache.get('pods', this.ref.namespace, pod);
      return Number(p?.status?.containerStatuses?.[0]?.restartCount ?? 0) || 0;
    };
    this.notify('logs.instances', { instances: logInstanceChoices(instances, restarts), selected: this.instanceId });
  }

  private restartLogs(range: TimeRange, instanceId: string): void {
    const choice = parseInstance(instanceId);
    if (!choice) throw new RequestError(vscode.l10n.t('Unknown log instance {0}.', instanceId), 'bad-request');
    const conn = this.bound?.conn;
    this.range = range;
    this.instance = choice;
    this.instanceId = instanceId;
    this.logStream?.dispose();
    this.logStream = undefined;
    this.feed.reset(range, instanceId);
    this.postInstances();
    if (!conn?.model) return;
    this.logStream = new PanelLogStream(
      conn.model,
      conn.transport,
      this.ref.namespace,
      this.ref.name,
      range,
      this.instance,
      { append: (lines) => this.feed.append(lines), setStatus: (s, e) => this.feed.setStatus(s, e) },
      this.deps.tailLines(),
    ).start();
  }

  private async downloadLogs(): Promise<{ saved: boolean }> {
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save the driver log of {0}', this.ref.name),
      defaultUri: vscode.Uri.joinPath(
        vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()),
        'spark-driver-logs.txt',
      ),
      filters: { [vscode.l10n.t('Text')]: ['txt', 'log'] },
    });
    if (!target) return { saved: false };
    await vscode.workspace.fs.writeFile(target, Buffer.from(this.feed.buffer.toText(), 'utf8'));
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} lines to {1}.', this.feed.buffer.size, target.fsPath));
    return { saved: true };
  }

  private async openLogsInEditor(): Promise<Record<string, never>> {
    const doc = await vscode.workspace.openTextDocument({ content: this.feed.buffer.toText(), language: 'log' });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return {};
  }

  // ---- events: watched only while the Events tab shows in a visible panel ----

  private syncEvents(rebind = false): void {
    const want = this.tab === 'events' && this.host.visible && !!this.bound?.conn.model && !this.deleted;
    if (rebind || !want) this.stopEvents();
    if (want && !this.events) void this.startEvents();
  }

  private stopEvents(): void {
    this.events?.sub.dispose();
    this.events?.watcher.dispose();
    this.events = undefined;
  }

  private async startEvents(): Promise<void> {
    const conn = this.bound!.conn;
    const { kind, namespace, name } = this.ref;
    const allowed = await conn.access.can({ verb: 'list', resource: 'events', namespace }).catch(() => true);
    if (this.bound?.conn !== conn || this.events || this.tab !== 'events') return;
    if (!allowed) {
      this.eventsState = { rows: [], error: { message: vscode.l10n.t('You may not read events in {0}.', namespace), code: 'forbidden' } };
      this.notify('events.update', { events: [], error: this.eventsState.error });
      return;
    }
    const watcher = new ClusterEventsWatcher(conn.transport, namespace, kind, name, () =>
      conn.model!.cache.itemsOfCluster('pods', namespace, name),
    );
    const post = (s: EventSummary) => {
      this.eventsState = { rows: eventRows(s) };
      this.notify('events.update', { events: this.eventsState.rows });
    };
    this.events = { watcher, sub: watcher.onDidChange(post) };
    watcher.start();
    void watcher.whenSynced().then(() => this.events?.watcher === watcher && post(watcher.summary()));
  }

  // ---- connections ----

  private postConnections(): void {
    void this.postConnectionsFor(this.endpointKind);
  }

  /** The cards for one endpoint; a slower answer (the external endpoint reads the driver Service) never overwrites a newer one. */
  private async postConnectionsFor(kind: EndpointKind): Promise<void> {
    const conn = this.bound?.conn;
    const c = this.last;
    if (!conn || c?.kind !== 'compute') return;
    const seq = ++this.connectionsSeq;
    let endpoint: Endpoint | undefined;
    let error: ErrorData | undefined;
    if (kind === 'in-cluster') endpoint = inClusterEndpoint(c.name, c.namespace);
    // The driver's own ports until the forward runs: Copy and Insert start it and use the local ports it got.
    else if (kind === 'port-forward') endpoint = portForwardEndpoint({ ...DRIVER_PORTS });
    else {
      const template = vscode.workspace.getConfiguration('dataClusters').get<string>('externalHostTemplate', '').trim();
      const service = await conn.writer.tryGet<ServiceLike>(RESOURCES.services, c.namespace, `${c.name}-driver`).catch(() => undefined);
      endpoint = externalEndpoint(service, template, { name: c.name, namespace: c.namespace });
      if (!endpoint)
        error = {
          message: vscode.l10n.t(
            '{0} has no external endpoint: its Service {1} has no LoadBalancer ingress or NodePort, and the setting dataClusters.externalHostTemplate is empty. Set it to the host your platform exposes drivers on, or use a port-forward.',
            c.name,
            `${c.name}-driver`,
          ),
          code: 'unavailable',
        };
    }
    if (seq !== this.connectionsSeq || this.isDisposed) return;
    const cards: SnippetCard[] = [];
    this.snippets.clear();
    this.snippetTypes.clear();
    if (endpoint) {
      const target = {
        name: c.name,
        namespace: c.namespace,
        arrowFlight: servesArrowFlight(c.spec?.arrowFlight, conn.computeRenderOptions().arrowFlightServerImage),
        endpoint,
        state: c.state,
        ...(conn.permissions.username ? { user: conn.permissions.username } : {}),
      };
      for (const type of availableSnippetTypes(target)) {
        try {
          const label = SNIPPET_TYPES.find((t) => t.type === type)?.label ?? type;
          for (const s of generateSnippets(type, target)) {
            this.snippets.set(s.id, s);
            this.snippetTypes.set(s.id, type);
            cards.push({
              id: s.id.slice(0, 100),
              type,
              label,
              title: s.title.slice(0, 300),
              language: s.language,
              text: s.text.slice(0, 20_000),
              notes: s.notes.slice(0, 20).map((n) => n.slice(0, 2000)),
            });
          }
        } catch (e) {
          error = { message: errorMessage(e).slice(0, 4000), code: 'failed' };
        }
      }
    }
    const where = endpoint ? `${endpointLabel(kind)}: ${endpoint.host}` : endpointLabel(kind);
    this.notify('connections.update', {
      cards: cards.slice(0, 50),
      endpoint: where.slice(0, 300),
      endpointKind: kind,
      state: c.state,
      ...(error ? { error } : {}),
    });
  }

  private async setEndpoint(kind: EndpointKind): Promise<Record<string, never>> {
    this.endpointKind = kind;
    const key = snippetChoiceKey(this.ref.namespace, this.ref.name);
    const before = this.deps.memento?.get<Record<string, unknown>>(key);
    await this.deps.memento?.update(key, { ...(typeof before === 'object' && before ? before : {}), endpoint: kind });
    await this.postConnectionsFor(kind);
    return {};
  }

  /**
   * Port-forward and external snippets go through the connection commands, which start the forward
   * (ClusterForwards, listed under Port Forwards) and put the local ports it got into the snippet.
   */
  private async viaCommand(id: string, purpose: 'insert' | 'copy'): Promise<Record<string, never>> {
    const s = this.snippet(id);
    const type = this.snippetTypes.get(id);
    const command = purpose === 'insert' ? 'dataClusters.compute.insertSnippet' : 'dataClusters.compute.copyConnectionString';
    await vscode.commands.executeCommand(command, {
      kind: 'compute',
      namespace: this.ref.namespace,
      name: this.ref.name,
      type,
      endpoint: this.endpointKind,
      variant: s.id,
    });
    return {};
  }

  private snippet(id: string): Snippet {
    const s = this.snippets.get(id);
    if (!s) throw new RequestError(vscode.l10n.t('That snippet is no longer offered; the tab has been refreshed.'), 'not-found');
    return s;
  }

  private async copySnippet(id: string): Promise<Record<string, never>> {
    if (this.endpointKind !== 'in-cluster') return this.viaCommand(id, 'copy');
    const s = this.snippet(id);
    await vscode.env.clipboard.writeText(s.text);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the {0} snippet.', s.title));
    return {};
  }

  /** Into the editor the user worked in last, at its cursor; else a new untitled document of the snippet's language. */
  private async insertSnippet(id: string): Promise<Record<string, never>> {
    if (this.endpointKind !== 'in-cluster') return this.viaCommand(id, 'insert');
    const s = this.snippet(id);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
    if (editor) {
      await editor.edit((b) => b.replace(editor.selection, s.text));
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    } else {
      const doc = await vscode.workspace.openTextDocument({ content: s.text, language: s.language });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
    }
    return {};
  }

  // ---- configuration ----

  private postConfig(): void {
    const model = this.bound?.conn.model;
    const c = this.last;
    if (!model || c?.kind !== 'compute') return;
    if (!c.spec) {
      const message = vscode.l10n.t('The definition of {0} cannot be read: {1}', c.name, c.problems.map((p) => p.message).join(' '));
      this.notify('config.update', { entries: [], error: { message: message.slice(0, 4000), code: 'failed' } });
      return;
    }
    this.notify('config.update', {
      entries: sparkConfigEntries(c.spec, model.nodeTypes(c.namespace), this.bound!.conn.computeRenderOptions()).slice(0, 2000),
    });
  }

  private async revealValue(key: string): Promise<{ value: string }> {
    const model = this.conn().model!;
    const c = this.last;
    if (c?.kind !== 'compute' || !c.spec) throw new RequestError(vscode.l10n.t('The configuration cannot be read.'), 'not-found');
    const value = revealSparkValue(c.spec, model.nodeTypes(c.namespace), key, this.conn().computeRenderOptions());
    if (value === undefined) throw new RequestError(vscode.l10n.t('{0} is not set.', key), 'not-found');
    return { value: value.slice(0, 20_000) };
  }

  // ---- diagnose ----

  private async diagnose(): Promise<{ summary: string; details: string[] }> {
    const conn = this.conn();
    const model = conn.model!;
    const c = (model.get('compute', this.ref.namespace, this.ref.name) ?? this.last) as ComputeCluster | undefined;
    if (!c || c.kind !== 'compute') throw new RequestError(vscode.l10n.t('Diagnose is for compute clusters.'), 'bad-request');
    const pods = model.cache.itemsOfCluster('pods', c.namespace, c.name);
    const pod = newestPod(pods.filter((p) => p.metadata.labels?.['spark-role'] === 'driver'));
    const [warnings, logLines] = await Promise.all([this.warningEvents(conn), this.lastLogLines(conn, pod?.metadata.name, pod)]);
    const quota = model.resourceGroup(c.namespace).quotas[0];
    return diagnose({
      namespace: c.namespace,
      state: c.state,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(pod ? { pod } : {}),
      warnings,
      logLines,
      ...(quota
        ? { quota: { hardCpu: quota.hard['requests.cpu'] ?? quota.hard.cpu, usedCpu: quota.used['requests.cpu'] ?? quota.used.cpu } }
        : {}),
      ...(c.driverNodeType && 'cpuMillicores' in c.driverNodeType ? { driverCpuMillicores: c.driverNodeType.cpuMillicores } : {}),
    });
  }

  private async warningEvents(conn: ClusterConnection): Promise<{ reason: string; message: string; count: number }[]> {
    const pick = (s: EventSummary) =>
      s.events.filter((e) => e.type === 'Warning').map((e) => ({ reason: e.reason, message: e.message, count: e.count }));
    if (this.events) return pick(this.events.watcher.summary());
    if (!(await conn.access.can({ verb: 'list', resource: 'events', namespace: this.ref.namespace }).catch(() => true))) return [];
    const w = new ClusterEventsWatcher(conn.transport, this.ref.namespace, 'compute', this.ref.name, () =>
      conn.model!.cache.itemsOfCluster('pods', this.ref.namespace, this.ref.name),
    );
    try {
      w.start();
      await Promise.race([w.whenSynced(), new Promise((r) => setTimeout(r, 5000))]);
      return pick(w.summary());
    } finally {
      w.dispose();
    }
  }

  /** The log lines Diagnose reads: the panel's own when it streams the driver, else the tail (and a crashed container's previous one). */
  private async lastLogLines(conn: ClusterConnection, pod: string | undefined, podObject: unknown): Promise<string[]> {
    const b = this.feed.buffer;
    if (b.size > 0 && this.instance.kind === 'driver') return b.slice(Math.max(b.firstSeq, b.endSeq - 500), b.endSeq);
    if (!pod) return [];
    const restarted = Number((podObject as any)?.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0;
    const read = async (previous: boolean) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 5000);
      const out: string[] = [];
      try {
        for await (const batch of podLogBatches(conn.transport, this.ref.namespace, pod, { tailLines: 200, previous }, abort.signal))
          out.push(...batch);
      } catch {
        /* a container that never started has no log: nothing to add */
      } finally {
        clearTimeout(timer);
      }
      return out;
    };
    return [...(restarted ? await read(true) : []), ...(await read(false))];
  }
}

function eventRows(s: EventSummary): EventRow[] {
  return s.events.slice(0, 5000).map((e) => ({
    type: e.type.slice(0, 64),
    reason: e.reason.slice(0, 256),
    message: e.message.slice(0, 8192),
    object: e.object.slice(0, 512),
    count: Number.isSafeInteger(e.count) && e.count >= 0 ? e.count : 1,
    ...(e.firstTime ? { firstTime: String(e.firstTime).slice(0, 64) } : {}),
    ...(e.lastTime ? { lastTime: String(e.lastTime).slice(0, 64) } : {}),
  }));
}

/** A panel restored after its cluster was deleted has no data: it shows the name and the banner. */
function placeholderCompute(ref: ClusterRef) {
  return {
    id: '',
    name: ref.name,
    namespace: ref.namespace,
    state: 'UNKNOWN' as const,
    singleNode: false,
    executorCount: 0,
    tags: [],
    description: '',
    restartRequired: false,
    arrowFlight: false,
    problems: [],
  };
}

function placeholderSession(ref: ClusterRef) {
  return {
    id: '',
    name: ref.name,
    namespace: ref.namespace,
    status: 'Unknown' as const,
    cpu: 0,
    memory: '',
    description: '',
    restartRequired: false,
  };
}
