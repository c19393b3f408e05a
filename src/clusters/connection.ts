import { KubeConfig } from '@kubernetes/client-node';
import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Logger, silentLogger } from '../common/logger';
import { AccessReviewer } from '../kube/access';
import { KubeApiError } from '../kube/kubeApiError';
import { KubeTransport } from '../kube/kubeTransport';
import { KubeWriter } from '../kube/kubeWriter';
import { chooseScope } from './clusterEvents';
import { CACHED, CacheScope, ClusterCache, FirstPages, requestClusterWidePages } from './clusterCache';
import { ClusterModel } from './clusterModel';
import { ComputeLifecycle } from './compute/computeLifecycle';
import { ComputeRenderOptions } from './compute/renderOptions';
import { FIELD_MANAGER } from './definition';
import { PermissionModel } from './permissions';
import { SessionLifecycle } from './session/sessionLifecycle';
import * as l10n from '@vscode/l10n';

export type ConnectionHealth =
  | { readonly kind: 'connecting' }
  /** `forbidden` names every watch the user may not list ("You may not list flinkdeployments in analytics"). */
  | { readonly kind: 'ready'; readonly flinkCrdsMissing: boolean; readonly forbidden?: string }
  | { readonly kind: 'unreachable'; readonly error: string };

export interface ConnectionOptions {
  readonly namespaces: readonly string[];
  readonly logger?: Logger;
  /** The watch scope chosen last time for the same server, user and namespaces (a Memento in VS Code). */
  readonly scopeMemory?: ScopeMemory;
  /** The platform's choices for compute workloads (spot placement, Flight SQL server), read when used. */
  readonly computeRender?: () => ComputeRenderOptions;
}

export interface ScopeMemory {
  get(key: string): unknown;
  set(key: string, scope: CacheScope): void;
}

/** What decides the scope: who asks where, and for which namespaces. */
export function scopeKey(kc: KubeConfig, namespaces: readonly string[]): string {
  return JSON.stringify([kc.getCurrentCluster()?.server ?? '', kc.getCurrentUser()?.name ?? '', [...namespaces].sort()]);
}

function asScope(value: unknown): CacheScope | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.allNamespaces === true) return { allNamespaces: true };
  if (Array.isArray(v.namespaces) && v.namespaces.every((n) => typeof n === 'string')) return { namespaces: v.namespaces as string[] };
  return undefined;
}

/**
 * Everything that talks to one cluster through one kubeconfig context: transport, access, the
 * watch cache and model, and the lifecycle actions. A context or namespace change makes a new one.
 */
export class ClusterConnection extends Disposable {
  private readonly _onDidChangeHealth = this._register(new Emitter<ConnectionHealth>());
  readonly onDidChangeHealth: Event<ConnectionHealth> = this._onDidChangeHealth.event;
  readonly transport: KubeTransport;
  readonly access: AccessReviewer;
  readonly writer: KubeWriter;
  /** What the user may do in the watched namespaces, from cached access reviews. */
  readonly permissions: PermissionModel;
  private _cache?: ClusterCache;
  private _model?: ClusterModel;
  private _health: ConnectionHealth = { kind: 'connecting' };
  compute!: ComputeLifecycle;
  session!: SessionLifecycle;
  private readonly ready: Promise<void>;
  private readonly _onDidInvalidateScope = this._register(new Emitter<void>());
  /** The remembered cluster-wide scope is no longer allowed: the owner should connect again. */
  readonly onDidInvalidateScope: Event<void> = this._onDidInvalidateScope.event;

  constructor(
    readonly kc: KubeConfig,
    readonly options: ConnectionOptions,
  ) {
    super();
    this.transport = new KubeTransport(kc);
    this._register({ dispose: () => this.transport.dispose() });
    this.access = new AccessReviewer(this.transport, kc);
    this.writer = new KubeWriter(this.transport, FIELD_MANAGER);
    this.permissions = this._register(new PermissionModel(this.access, options.logger));
    this.ready = this.connect();
  }

  get health(): ConnectionHealth {
    return this._health;
  }

  get model(): ClusterModel | undefined {
    return this._model;
  }

  /** Resolves once the cache and model exist; each kind's clusters show from `model.whenReady(kind)`. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private setHealth(h: ConnectionHealth): void {
    if (JSON.stringify(h) === JSON.stringify(this._health)) return;
    this._health = h;
    this._onDidChangeHealth.fire(h);
  }

  /** What a compute cluster's workload is rendered with now: the lifecycle, dry runs and the Configuration tab use the same. */
  computeRenderOptions(): ComputeRenderOptions {
    return this.options.computeRender?.() ?? {};
  }

  private async connect(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    const namespaces = this.options.namespaces;
    const memory = this.options.scopeMemory;
    const key = scopeKey(this.kc, namespaces);
    const remembered = asScope(memory?.get(key));
    const ask = async (): Promise<CacheScope | undefined> => {
      try {
        const chosen = await chooseScope(this.access, namespaces);
        memory?.set(key, chosen);
        return chosen;
      } catch (e) {
        // Access reviews failing usually means the server is unreachable; the cache will say so.
        logger.warn(`Could not ask for access: ${(e as Error).message}`);
        return undefined;
      }
    };
    let scope: CacheScope = { namespaces };
    let firstPages: FirstPages = {};
    if (remembered) {
      // The first list does not wait for access reviews whose answer is known from last time; they
      // are asked again meanwhile. A cluster-wide scope no longer allowed would leave the watches
      // refused, so the owner reconnects; a scope that could now be wider is used next time.
      scope = remembered;
      void ask().then((now) => {
        if (now && 'allNamespaces' in remembered && !('allNamespaces' in now) && !this.isDisposed) this._onDidInvalidateScope.fire();
      });
    } else if (namespaces.length > 1) {
      // The reviews choose between watching everything and each namespace. Meanwhile the
      // cluster-wide lists go out, on the same connections: when the answer is everything, the
      // first lists are already under way; when it is not, they are cancelled and not used.
      const prefetch = new AbortController();
      const pages = requestClusterWidePages(this.transport, prefetch.signal);
      scope = (await ask()) ?? scope;
      if ('allNamespaces' in scope && !this.isDisposed) firstPages = pages;
      else prefetch.abort();
    } else {
      scope = (await ask()) ?? scope;
    }
    if (this.isDisposed) return;
    const cache = this._register(new ClusterCache(this.transport, scope, logger, {}, firstPages));
    // Cluster-wide watches hold every namespace; the model keeps only the ones the user chose.
    const model = this._register(new ClusterModel(cache, { namespaces: this.options.namespaces }));
    this._cache = cache;
    this._model = model;
    const ctx = { writer: this.writer, model, access: this.access, logger };
    this.compute = new ComputeLifecycle(ctx, { render: () => this.computeRenderOptions() });
    this.session = new SessionLifecycle(ctx);
    this._register(cache.onDidChangeHealth(() => this.updateHealth()));
    cache.start();
    // Asked after the first lists went out: menus need the answers, the first rows do not.
    void this.permissions.refresh(namespaces);
    this.updateHealth();
  }

  private updateHealth(): void {
    const health = this._cache?.health() ?? [];
    const errorOf = (s: (typeof health)[number]['state']) => (s.phase === 'retrying' ? s.error : undefined);
    const core = health.filter((h) => h.kind === 'configMaps');
    const coreErrors = core.map((h) => errorOf(h.state)).filter((e): e is KubeApiError => !!e);
    if (
      coreErrors.length &&
      coreErrors.length === core.length &&
      coreErrors.every((e) => e.code === 0 || e.code >= 500 || e.code === 401)
    ) {
      return this.setHealth({ kind: 'unreachable', error: coreErrors[0].message });
    }
    if (
      !this._model ||
      health.some(
        (h) => h.kind === 'configMaps' && h.state.phase === 'connecting' && !this._cache!.status('configMaps', h.namespace ?? '').listed,
      )
    )
      return this.setHealth({ kind: 'connecting' });
    const flinkCrdsMissing = health.some((h) => h.kind === 'flinkDeployments' && errorOf(h.state)?.code === 404);
    // Name every watch the user may not list, so the reason for an Unknown state is one click away.
    const forbidden = health
      .filter((h) => errorOf(h.state)?.code === 403)
      .map((h) =>
        h.namespace
          ? l10n.t('{0} in {1}', CACHED[h.kind].resource.plural, h.namespace)
          : l10n.t('{0} in all namespaces', CACHED[h.kind].resource.plural),
      );
    this.setHealth({
      kind: 'ready',
      flinkCrdsMissing,
      ...(forbidden.length ? { forbidden: l10n.t('You may not list {0}.', forbidden.join(', ')) } : {}),
    });
  }

  /** The Refresh command: list everything again. */
  resync(): void {
    this.access.invalidate();
    void this.permissions.refresh(this.options.namespaces);
    this._cache?.resync();
  }
}
