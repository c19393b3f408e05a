import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { errorMessage, Logger } from '../common/logger';
import { ClusterForwardsHolder } from '../clusters/clusterForwards';
import { ComputeCluster, SessionCluster } from '../clusters/clusterModel';
import { ClusterConnection } from '../clusters/connection';
import { COMPUTE_STATES, SESSION_STATES } from '../../shared/clusters/stateTable';
import {
  connectionChoiceKey,
  ConnectionTarget,
  Endpoint,
  EndpointKind,
  expandUrlTemplate,
  generateSnippets,
  inClusterHost,
  PortName,
  portForwardEndpoint,
  servesArrowFlight,
  resolveEndpoint,
  Snippet,
  SNIPPET_TYPES,
  SnippetType,
  SPARK_METRICS_URL_EXAMPLE,
} from '../connections';
import { PortForwardError, PortForwardInfo } from '../kube/portForward';
import { ExtensionSettings } from '../settings/extensionSettings';
import { allows, ClusterRef, PickAction, pickCluster, refFromArg } from './clusterPicker';
import { ActionableError, registerCommandWithLogging, requireConnection, startOffer, UserCancelledError } from './index';

/** What the user chose last for a cluster, kept in workspaceState so the next insert starts there. */
interface SnippetChoice {
  readonly type: SnippetType;
  readonly endpoint: EndpointKind;
  /** Snippet id, e.g. `jdbc-http`. */
  readonly variant?: string;
}

/** Optional fields on the command argument that skip a picker (panels' Connections cards, tests). */
interface SnippetArg {
  readonly type?: SnippetType;
  readonly endpoint?: EndpointKind;
  readonly variant?: string;
}

/** What Insert Connection Snippet… and Copy Connection String return: for panels and tests. */
export interface SnippetResult {
  readonly id: string;
  readonly language: string;
  readonly text: string;
  readonly notes: readonly string[];
  /** The document it went into (insert only). */
  readonly uri?: string;
}

const ENDPOINT_ORDER: readonly EndpointKind[] = ['in-cluster', 'port-forward', 'external'];

const choiceKey = (ref: ClusterRef) => connectionChoiceKey(ref.namespace, ref.name);

/**
 * The connection commands: insert or copy a snippet for a compute cluster through one of its three
 * endpoints, open the Spark UI, the Spark metrics dashboard and the Flink UI, and stop the
 * port-forwards they start.
 */
export class ConnectionSnippetCommands extends Disposable {
  constructor(
    private readonly connection: () => ClusterConnection | undefined,
    private readonly forwards: ClusterForwardsHolder,
    private readonly settings: ExtensionSettings,
    private readonly memento: vscode.Memento,
    /** Opens a URL outside VS Code; tests record it instead of opening a browser tab. */
    private readonly openExternal: () => (uri: vscode.Uri) => Thenable<boolean>,
    logger: Logger,
    showLog: () => void,
  ) {
    super();
    const register = (id: string, fn: (...args: any[]) => unknown): void =>
      void this._register(registerCommandWithLogging(id, fn, logger, showLog));
    register('dataClusters.compute.insertSnippet', (arg) => this.insertSnippet(arg));
    register('dataClusters.compute.copyConnectionString', (arg) => this.copyConnectionString(arg));
    register('dataClusters.compute.openSparkUi', (arg) => this.openSparkUi(arg));
    register('dataClusters.compute.openSparkMetricsUi', (arg) => this.openSparkMetricsUi(arg));
    register('dataClusters.session.openFlinkUi', (arg) => this.openFlinkUi(arg));
    register('dataClusters.portForwards.stop', (arg) => this.stopForward(arg));
    register('dataClusters.portForwards.stopAll', () => this.stopAllForwards());
  }

  private need(): ClusterConnection {
    return requireConnection(this.connection());
  }

  private async resolve(kind: 'compute' | 'session', action: PickAction, arg: unknown): Promise<ClusterRef> {
    const ref = refFromArg(arg) ?? refFromArg((arg as { node?: unknown })?.node);
    const conn = this.need();
    if (ref && ref.kind !== kind)
      throw new ActionableError(
        kind === 'compute'
          ? vscode.l10n.t('{0} is not a compute cluster.', ref.name)
          : vscode.l10n.t('{0} is not a session cluster.', ref.name),
      );
    return ref ?? pickCluster(conn.model!, kind, action, conn.permissions);
  }

  private compute(conn: ClusterConnection, ref: ClusterRef): ComputeCluster {
    const c = conn.model!.get('compute', ref.namespace, ref.name) as ComputeCluster | undefined;
    if (!c) throw new ActionableError(vscode.l10n.t('Compute cluster {0} no longer exists in {1}.', ref.name, ref.namespace));
    return c;
  }

  // ---- snippets ---------------------------------------------------------------------------------

  private async insertSnippet(arg: unknown): Promise<SnippetResult> {
    const { cluster, snippet } = await this.chooseSnippet(arg, 'insert');
    // The Output panel's log documents can be the active editor too: never insert into one of those.
    const active = vscode.window.activeTextEditor;
    const scheme = active?.document.uri.scheme;
    const editor = active && scheme !== 'output' && vscode.workspace.fs.isWritableFileSystem(scheme!) !== false ? active : undefined;
    let uri: vscode.Uri | undefined;
    // Insert at the cursor (replacing a selection, as typing would); a read-only editor refuses the
    // edit, and then the snippet opens on its own like with no editor at all.
    if (editor && (await editor.edit((b) => b.replace(editor.selection, snippet.text)))) uri = editor.document.uri;
    else {
      const doc = await vscode.workspace.openTextDocument({ language: snippet.language, content: snippet.text });
      await vscode.window.showTextDocument(doc);
      uri = doc.uri;
    }
    void vscode.window.showInformationMessage(
      `${vscode.l10n.t('Inserted {0} for {1}.', snippet.title, cluster.name)} ${snippet.notes.join(' ')}`.trim(),
    );
    return { id: snippet.id, language: snippet.language, text: snippet.text, notes: snippet.notes, uri: uri.toString() };
  }

  private async copyConnectionString(arg: unknown): Promise<SnippetResult> {
    const { cluster, snippet } = await this.chooseSnippet(arg, 'copy');
    await vscode.env.clipboard.writeText(snippet.text);
    void vscode.window.showInformationMessage(
      `${vscode.l10n.t('Copied {0} for {1}.', snippet.title, cluster.name)} ${snippet.notes.join(' ')}`.trim(),
    );
    return { id: snippet.id, language: snippet.language, text: snippet.text, notes: snippet.notes };
  }

  /** Cluster (ACTIVE first), type, endpoint, then the transport when the tool has two; remembered per cluster. */
  private async chooseSnippet(arg: unknown, purpose: 'insert' | 'copy'): Promise<{ cluster: ComputeCluster; snippet: Snippet }> {
    const conn = this.need();
    const ref = await this.resolve('compute', 'insertSnippet', arg);
    const cluster = this.compute(conn, ref);
    const given = (arg ?? {}) as SnippetArg;
    const last = this.memento.get<SnippetChoice>(choiceKey(ref));
    const state = COMPUTE_STATES[cluster.state].label;
    const active = cluster.state === 'ACTIVE';
    const arrowFlight = servesArrowFlight(cluster.spec?.arrowFlight, conn.computeRenderOptions().arrowFlightServerImage);

    const type =
      given.type ??
      (await pick(
        lastFirst(
          SNIPPET_TYPES.filter((t) => t.type !== 'arrow-flight' || arrowFlight).map((t) => ({
            label: t.label,
            detail: t.detail,
            value: t.type,
          })),
          last?.type,
        ),
        toolPickerTitle(purpose, cluster.name, active ? undefined : state),
      ));

    const template = this.settings.externalHostTemplate();
    const endpointKind =
      given.endpoint ??
      (await pick(
        lastFirst(
          ENDPOINT_ORDER.map((e) => ({
            label:
              e === 'in-cluster'
                ? `$(server-environment) ${vscode.l10n.t('In-cluster DNS')}`
                : e === 'port-forward'
                  ? `$(plug) ${vscode.l10n.t('Local port-forward')}`
                  : `$(globe) ${vscode.l10n.t('External')}`,
            description:
              e === 'in-cluster'
                ? inClusterHost(cluster.name, cluster.namespace)
                : e === 'port-forward'
                  ? '127.0.0.1'
                  : template || undefined,
            detail:
              e === 'in-cluster'
                ? vscode.l10n.t('For tools running inside the Kubernetes cluster')
                : e === 'port-forward'
                  ? active
                    ? vscode.l10n.t('The extension forwards free local ports to the driver while VS Code runs (see Port Forwards)')
                    : vscode.l10n.t('Needs a running driver: {0} is {1}', cluster.name, state)
                  : vscode.l10n.t("The Service's LoadBalancer or NodePort, or the host from dataClusters.externalHostTemplate"),
            value: e,
          })),
          last?.endpoint,
        ),
        vscode.l10n.t('{0}: where does the tool run?', cluster.name),
      ));

    if (endpointKind === 'port-forward' && !active) {
      throw new ActionableError(
        vscode.l10n.t(
          'A port-forward needs a running driver, and compute cluster {0} is {1}. Start it, or choose the in-cluster or external endpoint: those snippets can be copied now and work once the cluster is ACTIVE.',
          cluster.name,
          state,
        ),
        [
          ...startOffer(cluster, conn.permissions, ref),
          {
            title: vscode.l10n.t('Choose Another Endpoint'),
            run: () =>
              vscode.commands.executeCommand(
                purpose === 'insert' ? 'dataClusters.compute.insertSnippet' : 'dataClusters.compute.copyConnectionString',
                { ...ref, type },
              ),
          },
        ],
      );
    }

    // The variants are known before any forward runs: list them with the driver's own ports.
    const provisional = await this.endpoint(conn, cluster, endpointKind);
    const target = (endpoint: Endpoint): ConnectionTarget => ({
      name: cluster.name,
      namespace: cluster.namespace,
      arrowFlight,
      endpoint,
      state: cluster.state,
      user: conn.permissions.username,
    });
    const variants = snippetsOf(type, target(provisional));
    const variant =
      variants.length === 1
        ? variants[0]
        : (variants.find((v) => v.id === given.variant) ??
          (await pick(
            lastFirst(
              variants.map((v) => ({
                label: v.title,
                // What tells the transports apart: the notes every snippet of this target shares are left out.
                detail: v.notes.slice(0, v.notes.length - v.sharedNotes).join(' '),
                value: v,
              })),
              variants.find((v) => v.id === last?.variant),
            ),
            vscode.l10n.t('{0}: choose the transport', cluster.name),
          )));

    let snippet = variant;
    if (endpointKind === 'port-forward') {
      const info = await this.forward(
        () => this.forwards.forwards()!.forwardDriver(cluster.namespace, cluster.name, portsOf(variant)),
        ref,
        purpose === 'insert' ? 'dataClusters.compute.insertSnippet' : 'dataClusters.compute.copyConnectionString',
      );
      const local: Partial<Record<PortName, number>> = {};
      for (const p of info.ports) if (p.name) local[p.name as PortName] = p.local;
      snippet = snippetsOf(type, target(portForwardEndpoint(local))).find((s) => s.id === variant.id) ?? variant;
    }
    await this.memento.update(choiceKey(ref), { type, endpoint: endpointKind, variant: snippet.id } satisfies SnippetChoice);
    return { cluster, snippet };
  }

  /** The endpoint of the chosen kind; an external one the cluster does not offer says what to set. */
  private async endpoint(conn: ClusterConnection, c: ComputeCluster, kind: EndpointKind): Promise<Endpoint> {
    const r = await resolveEndpoint(kind, c, { writer: conn.writer, externalHostTemplate: this.settings.externalHostTemplate() });
    if (r.endpoint) return r.endpoint;
    throw new ActionableError(
      vscode.l10n.t(
        'Compute cluster {0} has no external endpoint: its Service {1} has no LoadBalancer ingress or NodePort, and the setting dataClusters.externalHostTemplate is empty. Set it to the host your platform exposes drivers on (e.g. {name}.{namespace}.spark.example.com), or use a port-forward.',
        c.name,
        r.service,
      ),
      [
        {
          title: vscode.l10n.t('Open Setting'),
          run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'dataClusters.externalHostTemplate'),
        },
      ],
    );
  }

  // ---- web UIs ----------------------------------------------------------------------------------

  /** The Spark UI is served by the driver on 4040: forward to it and open it where the user's browser is. */
  private async openSparkUi(arg: unknown): Promise<string> {
    const conn = this.need();
    const ref = await this.resolve('compute', 'openSparkUi', arg);
    const c = this.compute(conn, ref);
    return this.openUi(
      conn,
      c,
      ref,
      'openSparkUi',
      () =>
        vscode.l10n.t(
          'The Spark UI is served by the driver, so it opens only while the cluster is ACTIVE; compute cluster {0} is {1}.',
          c.name,
          COMPUTE_STATES[c.state].label,
        ),
      () => this.forwards.forwards()!.forwardDriver(c.namespace, c.name, ['spark-ui']),
    );
  }

  private async openFlinkUi(arg: unknown): Promise<string> {
    const conn = this.need();
    const ref = await this.resolve('session', 'openFlinkUi', arg);
    const c = conn.model!.get('session', ref.namespace, ref.name) as SessionCluster | undefined;
    if (!c) throw new ActionableError(vscode.l10n.t('Session cluster {0} no longer exists in {1}.', ref.name, ref.namespace));
    return this.openUi(
      conn,
      c,
      ref,
      'openFlinkUi',
      () =>
        vscode.l10n.t(
          'The Flink UI is served by the JobManager, so it opens only while the session cluster is Running; {0} is {1}.',
          c.name,
          SESSION_STATES[c.status].label,
        ),
      () => this.forwards.forwards()!.forwardFlinkRest(c.namespace, c.name),
    );
  }

  /** A web UI: refused (with Start when allowed) while the cluster cannot serve it, else forwarded and opened. */
  private async openUi(
    conn: ClusterConnection,
    c: ComputeCluster | SessionCluster,
    ref: ClusterRef,
    action: 'openSparkUi' | 'openFlinkUi',
    refusal: () => string,
    start: () => Promise<PortForwardInfo>,
  ): Promise<string> {
    if (!allows(c, action, conn.permissions)) throw new ActionableError(refusal(), startOffer(c, conn.permissions, ref));
    const info = await this.forward(start, ref, `dataClusters.${c.kind}.${action}`);
    return this.openLocal(info.ports[0].local, '/');
  }

  /** asExternalUri maps the local port to one the user's browser reaches (remote and browser-based VS Code alike). */
  private async openLocal(port: number, path: string): Promise<string> {
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}${path}`));
    await this.openExternal()(external);
    return external.toString(true);
  }

  private async openSparkMetricsUi(arg: unknown): Promise<string> {
    const conn = this.need();
    const ref = await this.resolve('compute', 'openSparkMetricsUi', arg);
    const c = this.compute(conn, ref);
    let template = this.settings.sparkMetricsUrlTemplate();
    if (!template) {
      const setTemplate = vscode.l10n.t('Set URL Template…');
      const openSettings = vscode.l10n.t('Open Settings');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Open Spark Metrics UI opens your metrics dashboard (for example Grafana) for the cluster. Set its URL template first: {name}, {namespace} and {id} are replaced.',
        ),
        setTemplate,
        openSettings,
      );
      if (choice === openSettings)
        void vscode.commands.executeCommand('workbench.action.openSettings', 'dataClusters.sparkMetricsUrlTemplate');
      if (choice !== setTemplate) throw new UserCancelledError();
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Spark metrics URL template'),
        prompt: vscode.l10n.t(
          'The dashboard URL of one compute cluster; {name}, {namespace} and {id} are replaced. The example is a Grafana dashboard.',
        ),
        value: SPARK_METRICS_URL_EXAMPLE,
        ignoreFocusOut: true,
        validateInput: (v) =>
          expandUrlTemplate(v, { name: 'n', namespace: 'ns', id: 'id' }) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL.'),
      });
      if (!value) throw new UserCancelledError();
      await this.settings.setSparkMetricsUrlTemplate(value.trim());
      template = value.trim();
    }
    const url = expandUrlTemplate(template, { name: c.name, namespace: c.namespace, id: c.id });
    if (!url)
      throw new ActionableError(vscode.l10n.t('The setting dataClusters.sparkMetricsUrlTemplate is not an http(s) URL: {0}', template), [
        {
          title: vscode.l10n.t('Open Setting'),
          run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'dataClusters.sparkMetricsUrlTemplate'),
        },
      ]);
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(url, true));
    await this.openExternal()(external);
    return external.toString(true);
  }

  // ---- port-forwards ----------------------------------------------------------------------------

  /** Starts a forward with progress, turning its failures into messages with the next step. */
  private async forward(start: () => Promise<PortForwardInfo>, ref: ClusterRef, command: string): Promise<PortForwardInfo> {
    this.need();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Port-forwarding to {0}…', ref.name) },
        () => start(),
      );
    } catch (e) {
      if (!(e instanceof PortForwardError)) throw e;
      const retry = { title: vscode.l10n.t('Retry'), run: () => vscode.commands.executeCommand(command, ref) };
      switch (e.reason) {
        case 'Forbidden':
        case 'Unauthorized':
          throw new ActionableError(e.message);
        case 'NoPod':
        case 'PodGone':
        case 'PodNotRunning':
          throw new ActionableError(e.message, [
            retry,
            {
              title: ref.kind === 'compute' ? vscode.l10n.t('Show Driver Logs') : vscode.l10n.t('Show Logs'),
              run: () =>
                vscode.commands.executeCommand(
                  ref.kind === 'compute' ? 'dataClusters.compute.showDriverLogs' : 'dataClusters.session.showLogs',
                  ref,
                ),
            },
          ]);
        default:
          throw new ActionableError(e.message, [retry]);
      }
    }
  }

  private async stopForward(arg: unknown): Promise<void> {
    const forwards = this.forwards.forwards();
    const list = forwards?.list() ?? [];
    let id = (arg as Partial<PortForwardInfo> | undefined)?.id;
    if (!id) {
      if (!list.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No port-forward is running.'));
        throw new UserCancelledError();
      }
      id = (
        await pick(
          list.map((f) => ({
            label: f.label,
            description: f.ports.map((p) => `127.0.0.1:${p.local} → ${p.remote}`).join(', '),
            value: f,
          })),
          vscode.l10n.t('Stop which port-forward?'),
        )
      ).id;
    }
    await forwards?.stop(id);
  }

  private async stopAllForwards(): Promise<void> {
    await this.forwards.forwards()?.stopAll();
  }
}

/** The snippets of a type for a target; an unavailable type reads as a message, not a stack. */
function snippetsOf(type: SnippetType, target: ConnectionTarget): Snippet[] {
  try {
    return generateSnippets(type, target);
  } catch (e) {
    throw new ActionableError(errorMessage(e));
  }
}

/** The driver ports a snippet connects to: the Thrift server's binary or HTTP port, or the gRPC port of its type. */
function portsOf(s: Snippet): PortName[] {
  if (s.transport === 'binary') return ['thrift'];
  if (s.transport === 'http') return ['thrift-http'];
  return [s.type === 'arrow-flight' ? 'arrow-flight' : 'spark-connect'];
}

/** Moves the item chosen last time to the top, marked, so Enter repeats the last choice. */
function lastFirst<T extends { label: string; description?: string; value: unknown }>(items: T[], last: unknown): T[] {
  const i = items.findIndex((x) => x.value === last);
  if (i < 0) return items;
  const chosen = { ...items[i], description: [items[i].description, vscode.l10n.t('last used')].filter(Boolean).join(' · ') };
  return [chosen, ...items.slice(0, i), ...items.slice(i + 1)];
}

async function pick<V>(items: (vscode.QuickPickItem & { value: V })[], title: string): Promise<V> {
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  if (!picked) throw new UserCancelledError();
  return picked.value;
}

/** The tool picker's title; `state` is given while the cluster is not ACTIVE, to say the snippet works once it is. */
function toolPickerTitle(purpose: 'insert' | 'copy', name: string, state: string | undefined): string {
  if (purpose === 'insert')
    return state === undefined
      ? vscode.l10n.t('Insert a connection snippet for {0}: choose the tool', name)
      : vscode.l10n.t('Insert a connection snippet for {0} · {1}: works once the cluster is ACTIVE: choose the tool', name, state);
  return state === undefined
    ? vscode.l10n.t('Copy a connection string for {0}: choose the tool', name)
    : vscode.l10n.t('Copy a connection string for {0} · {1}: works once the cluster is ACTIVE: choose the tool', name, state);
}
