import * as vscode from 'vscode';
import { DataClustersApi } from './api';
import { ClusterConnection, ConnectionHealth } from './clusters/connection';
import { ClusterCommands } from './commands/clusterCommands';
import { registerCommandWithLogging } from './commands/index';
import { Confirmations, modalConfirmations } from './commands/confirmations';
import { ConnectionCommands } from './commands/connectionCommands';
import { KubeconfigCommands } from './commands/kubeconfigCommands';
import { KubeconfigLoader, KubeconfigState } from './kube/kubeconfigLoader';
import { KubeconfigModel } from './kube/kubeconfigModel';
import { DriverLogChannels } from './logs/driverLogChannels';
import { ExtensionSettings } from './settings/extensionSettings';
import { ClusterDecorationProvider } from './views/clusterDecorations';
import { ClusterTreeDataProvider } from './views/clusterTreeDataProvider';

const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);

/** Wires the object graph and registers it; behaviour lives in the objects. */
export function activate(context: vscode.ExtensionContext): DataClustersApi {
  const log = vscode.window.createOutputChannel('Data Clusters', { log: true });
  const showLog = (): void => log.show(true);
  const settings = new ExtensionSettings();
  const kubeconfig = new KubeconfigModel(new KubeconfigLoader(), () => ({ settingPath: settings.kubeconfigPath() }), log);
  const trees = { compute: new ClusterTreeDataProvider('compute'), session: new ClusterTreeDataProvider('session') };
  const decorations = new ClusterDecorationProvider();
  const logs = new DriverLogChannels(
    () => settings.logTailLines(),
    () => settings.logPauseWhenHiddenSeconds() * 1000,
  );
  let confirmations: Confirmations = modalConfirmations;
  let connection: ClusterConnection | undefined;
  let namespaces: readonly string[] = [];
  let contextName: string | undefined;

  /** VS Code shows a view's welcome content only while it has no message: say where we are only above clusters. */
  const showMessages = (): void => {
    const h = connection?.health;
    const where = namespaces.length > 1 ? `${namespaces.length} namespaces` : `namespace ${namespaces[0] ?? ''}`;
    for (const tree of [trees.compute, trees.session]) {
      const hasClusters = tree.clusterNames().length > 0;
      tree.view.message =
        h?.kind === 'ready' && h.forbidden
          ? h.forbidden
          : h?.kind === 'ready' && hasClusters && contextName
            ? `Context ${contextName} · ${where}`
            : undefined;
    }
  };
  const showHealth = (h: ConnectionHealth | undefined): void => {
    setContext('dataClusters.connection', h?.kind ?? 'none');
    setContext('dataClusters.connectionError', h?.kind === 'unreachable' ? h.error : '');
    setContext('dataClusters.flinkCrdsMissing', h?.kind === 'ready' && h.flinkCrdsMissing);
    showMessages();
  };
  const showEmpty = (): void => {
    setContext('dataClusters.computeEmpty', !!connection?.model && trees.compute.clusterNames().length === 0);
    setContext('dataClusters.sessionsEmpty', !!connection?.model && trees.session.clusterNames().length === 0);
    showMessages();
  };

  /** (Re)connects for the current kubeconfig, context and namespaces. */
  const connect = (state: KubeconfigState): void => {
    connection?.dispose();
    connection = undefined;
    logs.closeAll();
    trees.compute.setModel(undefined, []);
    trees.session.setModel(undefined, []);
    decorations.setModel(undefined);
    setContext('dataClusters.kubeconfig', state.kind);
    setContext('dataClusters.kubeconfigError', state.kind === 'broken' ? `${state.file}: ${state.message}` : '');
    if (state.kind !== 'loaded') {
      contextName = undefined;
      showHealth(undefined);
      showEmpty();
      return;
    }
    const kc = state.kubeConfig;
    const wanted = settings.context();
    if (wanted && kc.getContextObject(wanted)) kc.setCurrentContext(wanted);
    else if (wanted)
      log.warn(`The context ${wanted} (setting dataClusters.context) is not in the kubeconfig; using ${state.currentContext}.`);
    contextName = kc.getCurrentContext();
    const ctxNamespace = kc.getContextObject(contextName)?.namespace || 'default';
    namespaces = settings.namespaces().length ? settings.namespaces() : [ctxNamespace];
    const conn = new ClusterConnection(kc, {
      namespaces,
      sessionClustersPerNamespace: () => settings.sessionClustersPerNamespace(),
      logger: log,
    });
    connection = conn;
    conn.onDidChangeHealth(showHealth);
    showHealth(conn.health);
    void conn.whenReady().then(() => {
      if (connection !== conn || !conn.model) return;
      trees.compute.setModel(conn.model, namespaces);
      trees.session.setModel(conn.model, namespaces);
      decorations.setModel(conn.model);
      conn.model.onDidChangeCluster(showEmpty);
      showEmpty();
    });
  };

  context.subscriptions.push(
    log,
    kubeconfig,
    trees.compute,
    trees.session,
    decorations,
    logs,
    { dispose: () => connection?.dispose() },
    kubeconfig.onDidChangeKubeconfig(connect),
    settings.onDidChange((key) => {
      if (key === 'kubeconfig') kubeconfig.reload();
      else if (key === 'namespaces' || key === 'context') connect(kubeconfig.state);
    }),
    new KubeconfigCommands(kubeconfig, settings, log, showLog),
    new ConnectionCommands(kubeconfig, settings, () => connection, log, showLog),
    new ClusterCommands(
      () => connection,
      trees,
      logs,
      () => confirmations,
      log,
      showLog,
    ),
    registerCommandWithLogging('dataClusters.showProblem', () => showProblem(), log, showLog),
  );

  /** Welcome content cannot show dynamic text, so its link shows the actual error here. */
  const showProblem = (): void => {
    const state = kubeconfig.state;
    const h = connection?.health;
    const message =
      state.kind === 'broken'
        ? `The kubeconfig ${state.file} cannot be used: ${state.message}`
        : state.kind === 'missing'
          ? `No kubeconfig found (looked for ${state.searched.join(', ')}).`
          : h?.kind === 'unreachable'
            ? `${h.error} (context ${contextName ?? '?'}, server ${connection?.transport.server ?? '?'})`
            : 'No problem: connected.';
    void vscode.window.showErrorMessage(message, 'Retry', 'Choose Kubeconfig File…').then((choice) => {
      if (choice === 'Retry') void vscode.commands.executeCommand('dataClusters.refresh');
      if (choice === 'Choose Kubeconfig File…') void vscode.commands.executeCommand('dataClusters.chooseKubeconfig');
    });
  };
  connect(kubeconfig.state);

  return {
    kubeconfigState: () => kubeconfig.state.kind,
    kubeconfigError: () => (kubeconfig.state.kind === 'broken' ? `${kubeconfig.state.file}: ${kubeconfig.state.message}` : undefined),
    currentContext: () => (kubeconfig.state.kind === 'loaded' ? kubeconfig.state.currentContext : undefined),
    onDidChangeKubeconfig: kubeconfig.onDidChangeKubeconfig,
    health: () => connection?.health,
    model: () => connection?.model,
    namespaces: () => namespaces,
    treeClusters: (kind) => trees[kind].clusterNames(),
    logChannels: () => logs.titles(),
    logFollowing: (title) => logs.isFollowing(title),
    setConfirmations: (c) => (confirmations = c ?? modalConfirmations),
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
