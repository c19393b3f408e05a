/**
 * Connections: snippet cards for the ten tools against the endpoint chosen for this cluster (kept
 * per cluster, shared with the snippet commands), with Copy and Insert.
 */
import * as l10n from '@vscode/l10n';
import { errorMessage } from '../../common/logger';
import {
  servesArrowFlight,
  availableSnippetTypes,
  connectionChoiceKey,
  EndpointKind,
  generateSnippets,
  resolveEndpoint,
  SNIPPET_TYPES,
  Snippet,
  SnippetType,
} from '../../connections';
import type { SnippetCard } from '../../../shared/protocol/clusterPage';
import type { ErrorData } from '../../../shared/protocol/envelope';
import { RequestError } from '../webviewPanelHost';
import type { ClusterTabHost, TabContext, TabInfo } from './tab';

/** The tab's name of an endpoint (looked up when used: translations load after this module). */
function endpointLabel(kind: EndpointKind): string {
  if (kind === 'in-cluster') return l10n.t('In-cluster');
  return kind === 'port-forward' ? l10n.t('Local port-forward') : l10n.t('External');
}

export class ConnectionsTab implements ClusterTabHost {
  private endpointKind: EndpointKind = 'in-cluster';
  private readonly snippets = new Map<string, Snippet>();
  private readonly snippetTypes = new Map<string, SnippetType>();
  private seq = 0;
  private disposed = false;

  readonly handlers = {
    'connections.copy': ({ id }: { id: string }) => this.copy(id),
    'connections.insert': ({ id }: { id: string }) => this.insert(id),
    'connections.setEndpoint': ({ endpoint }: { endpoint: EndpointKind }) => this.setEndpoint(endpoint),
  };

  constructor(private readonly ctx: TabContext) {
    const remembered = (ctx.ui.memento.get(connectionChoiceKey(ctx.ref.namespace, ctx.ref.name)) as { endpoint?: unknown } | undefined)
      ?.endpoint;
    if (remembered === 'in-cluster' || remembered === 'port-forward' || remembered === 'external') this.endpointKind = remembered;
  }

  show(): void {
    void this.postFor(this.endpointKind);
  }

  post(shown: boolean): void {
    if (shown) void this.postFor(this.endpointKind);
  }

  clusterChanged(shown: boolean): void {
    this.post(shown);
  }

  info(): Partial<TabInfo> {
    return { endpoint: this.endpointKind };
  }

  dispose(): void {
    this.disposed = true;
  }

  /** The cards for one endpoint; a slower answer (the external endpoint reads the driver Service) never overwrites a newer one. */
  private async postFor(kind: EndpointKind): Promise<void> {
    const conn = this.ctx.connection();
    const c = this.ctx.cluster();
    if (!conn || c?.kind !== 'compute') return;
    const seq = ++this.seq;
    let error: ErrorData | undefined;
    const resolved = await resolveEndpoint(kind, c, {
      writer: conn.writer,
      externalHostTemplate: this.ctx.ui.settings.externalHostTemplate(),
    });
    const endpoint = resolved.endpoint;
    if (!resolved.endpoint)
      error = {
        message: l10n.t(
          '{0} has no external endpoint: its Service {1} has no LoadBalancer ingress or NodePort, and the setting dataClusters.externalHostTemplate is empty. Set it to the host your platform exposes drivers on, or use a port-forward.',
          c.name,
          resolved.service,
        ),
        code: 'unavailable',
      };
    if (seq !== this.seq || this.disposed) return;
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
    this.ctx.notify('connections.update', {
      cards: cards.slice(0, 50),
      endpoint: where.slice(0, 300),
      endpointKind: kind,
      state: c.state,
      ...(error ? { error } : {}),
    });
  }

  private async setEndpoint(kind: EndpointKind): Promise<Record<string, never>> {
    this.endpointKind = kind;
    const key = connectionChoiceKey(this.ctx.ref.namespace, this.ctx.ref.name);
    const before = this.ctx.ui.memento.get(key);
    await this.ctx.ui.memento.update(key, { ...(typeof before === 'object' && before ? before : {}), endpoint: kind });
    await this.postFor(kind);
    return {};
  }

  /**
   * Port-forward and external snippets go through the connection commands, which start the forward
   * (ClusterForwards, listed under Port Forwards) and put the local ports it got into the snippet.
   */
  private async viaCommand(id: string, purpose: 'insert' | 'copy'): Promise<Record<string, never>> {
    const s = this.snippet(id);
    const command = purpose === 'insert' ? 'dataClusters.compute.insertSnippet' : 'dataClusters.compute.copyConnectionString';
    await this.ctx.ui.executeCommand(command, {
      kind: 'compute',
      namespace: this.ctx.ref.namespace,
      name: this.ctx.ref.name,
      type: this.snippetTypes.get(id),
      endpoint: this.endpointKind,
      variant: s.id,
    });
    return {};
  }

  private snippet(id: string): Snippet {
    const s = this.snippets.get(id);
    if (!s) throw new RequestError(l10n.t('That snippet is no longer offered; the tab has been refreshed.'), 'not-found');
    return s;
  }

  private async copy(id: string): Promise<Record<string, never>> {
    if (this.endpointKind !== 'in-cluster') return this.viaCommand(id, 'copy');
    const s = this.snippet(id);
    await this.ctx.ui.writeClipboard(s.text);
    this.ctx.ui.info(l10n.t('Copied the {0} snippet.', s.title));
    return {};
  }

  private async insert(id: string): Promise<Record<string, never>> {
    if (this.endpointKind !== 'in-cluster') return this.viaCommand(id, 'insert');
    const s = this.snippet(id);
    await this.ctx.ui.insertText(s.text, s.language);
    return {};
  }
}

export const connectionsTab = (ctx: TabContext): ClusterTabHost => new ConnectionsTab(ctx);
