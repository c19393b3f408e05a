import * as l10n from '@vscode/l10n';
import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Logger } from '../common/logger';
import { ClusterConnection, ConnectionHealth, ScopeMemory } from '../clusters/connection';
import { ClusterKind } from '../clusters/definition';
import { KubeconfigState } from '../kube/kubeconfigLoader';
import type { KubeconfigModel } from '../kube/kubeconfigModel';
import type { ExtensionSettings } from '../settings/extensionSettings';
import type { CustomWhenContext } from './customWhenContext';

/** What the manager drives in the workbench: the two trees, their decorations, and the log channels. */
export interface ConnectionViews {
  /** Points a view at the model once its kind is listed; undefined empties it. */
  show(kind: ClusterKind, connection: ClusterConnection | undefined, namespaces: readonly string[]): void;
  /** How many clusters a view shows now. */
  count(kind: ClusterKind): number;
  /** A line above a view's clusters (VS Code hides welcome content while a view has one). */
  setMessage(kind: ClusterKind, message: string | undefined): void;
  /** The connection is going away: close what belongs to it. */
  reset(): void;
}

/** Makes connections of our own in production; tests pass a factory of theirs. */
export type ConnectionFactory = (state: Extract<KubeconfigState, { kind: 'loaded' }>, namespaces: readonly string[]) => ClusterConnection;

/**
 * Owns the connection to the current kubeconfig context: (re)connects when the kubeconfig,
 * context or namespaces change, reflects its health in context keys and view messages, and hands
 * each view its model as soon as that view's kinds are listed. The Compute view does not wait for
 * the (slower) Flink custom resources, and neither view shows a state derived from a list that has
 * not arrived.
 */
export class ConnectionManager extends Disposable {
  private readonly _onDidChangeConnection = this._register(new Emitter<ClusterConnection | undefined>());
  readonly onDidChangeConnection: Event<ClusterConnection | undefined> = this._onDidChangeConnection.event;
  private _connection?: ClusterConnection;
  private connectionSubs: { dispose(): void }[] = [];
  private _namespaces: readonly string[] = [];
  private _contextName?: string;
  /** The views pointed at a model: only those are emptied on a reconnect. */
  private readonly showing = new Set<ClusterKind>();

  constructor(
    private readonly kubeconfig: KubeconfigModel,
    private readonly settings: ExtensionSettings,
    private readonly views: ConnectionViews,
    private readonly when: CustomWhenContext,
    private readonly logger: Logger,
    scopeMemory?: ScopeMemory,
    private readonly makeConnection: ConnectionFactory = (state, namespaces) =>
      new ClusterConnection(state.kubeConfig, {
        namespaces,
        computeRender: () => settings.computeRenderOptions(),
        logger,
        scopeMemory,
      }),
  ) {
    super();
    this._register(kubeconfig.onDidChangeKubeconfig((state) => this.connect(state)));
    this._register(
      settings.onDidChange((key) => {
        if (key === 'kubeconfig') kubeconfig.reload();
        else if (key === 'namespaces' || key === 'context') this.connect(kubeconfig.state);
      }),
    );
    this._register({ dispose: () => this.drop() });
  }

  get connection(): ClusterConnection | undefined {
    return this._connection;
  }

  get namespaces(): readonly string[] {
    return this._namespaces;
  }

  get contextName(): string | undefined {
    return this._contextName;
  }

  private drop(): void {
    this.connectionSubs.forEach((d) => d.dispose());
    this.connectionSubs = [];
    this._connection?.dispose();
    this._connection = undefined;
  }

  /** (Re)connects for the current kubeconfig, context and namespaces. */
  connect(state: KubeconfigState = this.kubeconfig.state): void {
    this.drop();
    this.views.reset();
    // A view that shows nothing already is left alone: emptying it again would be a tree change,
    // and VS Code holds every tree change in the 200 ms after another one, the first rows included.
    for (const kind of this.showing) this.views.show(kind, undefined, []);
    this.showing.clear();
    this.when.set('dataClusters.kubeconfig', state.kind);
    if (state.kind !== 'loaded') {
      this._contextName = undefined;
      this.showHealth(undefined);
      this._onDidChangeConnection.fire(undefined);
      return;
    }
    const kc = state.kubeConfig;
    const wanted = this.settings.context();
    // The loaded KubeConfig is shared across reconnects: always set the context, so clearing the
    // setting goes back to the kubeconfig's own current-context instead of the last one chosen.
    if (wanted && kc.getContextObject(wanted)) kc.setCurrentContext(wanted);
    else {
      if (wanted)
        this.logger.warn(`The context ${wanted} (setting dataClusters.context) is not in the kubeconfig; using ${state.currentContext}.`);
      kc.setCurrentContext(state.currentContext);
    }
    this._contextName = kc.getCurrentContext();
    const contextNamespace = kc.getContextObject(this._contextName)?.namespace || 'default';
    this._namespaces = this.settings.namespaces().length ? this.settings.namespaces() : [contextNamespace];
    const conn = this.makeConnection(state, this._namespaces);
    this._connection = conn;
    this.connectionSubs.push(conn.onDidChangeHealth((h) => this.showHealth(h)));
    this.connectionSubs.push(
      conn.onDidInvalidateScope(() => {
        this.logger.info('Cluster-wide watches are no longer allowed; watching each namespace instead.');
        if (this._connection === conn) this.connect(this.kubeconfig.state);
      }),
    );
    this.showHealth(conn.health);
    void conn.whenReady().then(() => {
      const model = conn.model;
      if (this._connection !== conn || !model) return;
      this.connectionSubs.push(model.onDidChangeCluster(() => this.showEmpty()));
      for (const kind of ['compute', 'session'] as const) {
        void model.whenReady(kind).then(() => {
          if (this._connection !== conn) return;
          this.showing.add(kind);
          this.views.show(kind, conn, this._namespaces);
          this.showEmpty();
        });
      }
    });
    this._onDidChangeConnection.fire(conn);
  }

  private showHealth(h: ConnectionHealth | undefined): void {
    this.when.set('dataClusters.connection', h?.kind ?? 'none');
    this.when.set('dataClusters.flinkCrdsMissing', h?.kind === 'ready' && h.flinkCrdsMissing);
    this.showMessages();
  }

  private showEmpty(): void {
    const model = this._connection?.model;
    this.when.set('dataClusters.computeEmpty', !!model?.isReady('compute') && this.views.count('compute') === 0);
    this.when.set('dataClusters.sessionsEmpty', !!model?.isReady('session') && this.views.count('session') === 0);
    this.showMessages();
  }

  /** VS Code shows a view's welcome content only while it has no message: say where we are only above clusters. */
  private showMessages(): void {
    const h = this._connection?.health;
    const context = this._contextName;
    const where = (): string =>
      this._namespaces.length > 1
        ? l10n.t('Context {0} · {1} namespaces', context ?? '', this._namespaces.length)
        : l10n.t('Context {0} · namespace {1}', context ?? '', this._namespaces[0] ?? '');
    for (const kind of ['compute', 'session'] as const) {
      const hasClusters = this.views.count(kind) > 0;
      this.views.setMessage(
        kind,
        h?.kind === 'ready' && h.forbidden ? h.forbidden : h?.kind === 'ready' && hasClusters && context ? where() : undefined,
      );
    }
  }

  /** What is wrong with the connection, in one sentence (welcome content cannot show dynamic text). */
  problem(): string {
    const state = this.kubeconfig.state;
    const h = this._connection?.health;
    if (state.kind === 'broken') return l10n.t('The kubeconfig {0} cannot be used: {1}', state.file, state.message);
    if (state.kind === 'missing') return l10n.t('No kubeconfig found (looked for {0}).', state.searched.join(', '));
    if (h?.kind === 'unreachable')
      return l10n.t('{0} (context {1}, server {2})', h.error, this._contextName ?? '?', this._connection?.transport.server ?? '?');
    if (h?.kind === 'ready' && h.forbidden) return h.forbidden;
    return l10n.t('No problem: connected.');
  }
}
