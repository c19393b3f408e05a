import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { DataClustersApi } from './api';
import { ClusterForwardsHolder } from './clusters/clusterForwards';
import { ClusterKind } from './clusters/definition';
import { ClusterCommands } from './commands/clusterCommands';
import { Confirmations, modalConfirmations } from './commands/confirmations';
import { ConnectionCommands } from './commands/connectionCommands';
import { ConnectionSnippetCommands } from './commands/connectionSnippetCommands';
import { FormCommands } from './commands/formCommands';
import { registerCommandWithLogging } from './commands/index';
import { KubeconfigCommands } from './commands/kubeconfigCommands';
import { setPrompts } from './commands/prompts';
import { TaskCommands } from './commands/taskCommands';
import { quickInputWizardUi } from './commands/tasks/quickInputWizardUi';
import { sessionRunRefusal } from './commands/tasks/runTaskCommand';
import type { WizardUi } from './commands/tasks/wizardUi';
import { KubeconfigLoader } from './kube/kubeconfigLoader';
import { KubeconfigModel } from './kube/kubeconfigModel';
import { DriverLogChannels } from './logs/driverLogChannels';
import { FormPanels } from './panels/forms/formPanels';
import { ClusterPanels } from './panels/clusterPanels';
import { ExtensionSettings } from './settings/extensionSettings';
import { ClusterDecorationProvider } from './views/clusterDecorations';
import { ClusterTreeDataProvider } from './views/clusterTreeDataProvider';
import { clusterUri } from './views/clusterTreeItems';
import { PortForwardTreeDataProvider } from './views/portForwardTreeDataProvider';
import { ConnectionManager } from './workbench/connectionManager';
import { CustomWhenContext } from './workbench/customWhenContext';
import { WorkspaceTaskRunStore } from './workbench/taskRunStore';
import { FlinkRestClient } from './clusters/session/tasks/flinkRestClient';
import { inspectJar } from './clusters/session/tasks/jarInspector';
import { jobTaskManagerPods } from './clusters/session/tasks/taskLogs';
import { TaskServicesHolder } from './clusters/session/tasks/taskServices';
import type { TaskService } from './clusters/session/tasks/taskTypes';
import { TaskLogChannels } from './logs/taskLogChannels';
import { TaskPanels } from './panels/task/taskPanels';
import type { SqlEngine, SqlResultsPort } from './sql/sqlEngine';
import { registerSqlEditor } from './sqlEditor/index';
import { sqlRefusal } from './sqlEditor/sqlRefusal';
import { SqlResultsPanels } from './panels/sql/sqlResultsPanels';
import { productSqlEngines } from './sql/productEngines';
import { CatalogCommands } from './views/catalog/catalogCommands';
import type { CatalogDeps } from './views/catalog/catalogTree';

/** Wall-clock time (ms, sub-millisecond) comparable across processes, for the activation benchmark's marks. */
const now = (): number => performance.timeOrigin + performance.now();
/** When this module's body ran: after the whole bundle (client library included) was loaded. */
const bundleLoadedAt = now();

/** Wires the object graph and registers it; behaviour lives in the objects. */
export function activate(context: vscode.ExtensionContext): DataClustersApi {
  const activateStartedAt = now();
  // Models, kube code and pages do not import vscode; they translate through @vscode/l10n, given
  // the bundle VS Code picked for the display language (none for English, the source language).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel(vscode.l10n.t('Data Clusters'), { log: true });
  const showLog = (): void => log.show(true);
  const when = new CustomWhenContext((key, value) => vscode.commands.executeCommand('setContext', key, value));
  const settings = new ExtensionSettings();
  const kubeconfig = new KubeconfigModel(new KubeconfigLoader(), () => ({ settingPath: settings.kubeconfigPath() }), log);
  // The SQL engines need the port-forwards made below; the Catalog rows ask for them only when expanded.
  let sqlEngines: (kind: 'spark' | 'flink') => SqlEngine | undefined = () => undefined;
  const catalog: CatalogDeps = { engines: (kind) => sqlEngines(kind), sqlEnabled: (c) => c.sql?.ready === true };
  const trees: Record<ClusterKind, ClusterTreeDataProvider> = {
    compute: new ClusterTreeDataProvider('compute', catalog),
    session: new ClusterTreeDataProvider('session', catalog),
  };
  const decorations = new ClusterDecorationProvider();
  const logs = new DriverLogChannels(
    () => settings.logTailLines(),
    () => settings.logPauseWhenHiddenSeconds() * 1000,
    when,
  );
  let confirmations: Confirmations = modalConfirmations;
  // Made once the port-forwards exist (below); the tree asks for the current service when a connection shows.
  let taskServices: TaskServicesHolder | undefined = undefined;
  const currentTasks = (): TaskService | undefined => taskServices?.current();
  const connections = new ConnectionManager(
    kubeconfig,
    settings,
    {
      show: (kind, conn, namespaces) => {
        trees[kind].setModel(conn?.model, namespaces, conn?.permissions);
        if (kind === 'session') trees.session.setTaskService(conn ? taskServices?.current() : undefined);
        if (kind === 'compute' || !conn) decorations.setModel(conn?.model);
      },
      count: (kind) => trees[kind].clusterNames().length,
      setMessage: (kind, message) => trees[kind].setMessage(message),
      reset: () => logs.closeAll(),
    },
    when,
    log,
    // Cluster-wide or per-namespace watches, remembered per server, user and namespaces, so the
    // first lists of a later session do not wait for the access reviews that decide it.
    {
      get: (key) => context.globalState.get(`dataClusters.watchScope:${key}`),
      set: (key, scope) => void context.globalState.update(`dataClusters.watchScope:${key}`, scope),
    },
  );
  const panels = new ClusterPanels({
    extensionUri: context.extensionUri,
    connection: () => connections.connection,
    onDidChangeConnection: connections.onDidChangeConnection,
    logger: log,
    settings,
    memento: context.workspaceState,
    tasks: currentTasks,
  });
  const clusterCommands = new ClusterCommands(
    () => connections.connection,
    trees,
    logs,
    () => confirmations,
    log,
    showLog,
    panels,
    currentTasks,
  );
  const forms = new FormPanels(
    context,
    () => connections.connection,
    () => connections.namespaces,
    log,
  );

  context.subscriptions.push(
    log,
    kubeconfig,
    trees.compute,
    trees.session,
    decorations,
    logs,
    connections,
    new KubeconfigCommands(kubeconfig, settings, log, showLog),
    new ConnectionCommands(kubeconfig, settings, () => connections.connection, log, showLog),
    clusterCommands,
    forms,
    new FormCommands(
      forms,
      () => connections.connection,
      () => connections.namespaces,
      log,
      showLog,
    ),
    panels,
    registerCommandWithLogging('dataClusters.showProblem', () => showProblem(), log, showLog),
  );

  /** Welcome content cannot show dynamic text, so its link shows the actual error here. */
  const showProblem = (): void => {
    const retry = vscode.l10n.t('Retry');
    const choose = vscode.l10n.t('Choose Kubeconfig File…');
    void vscode.window.showErrorMessage(connections.problem(), retry, choose).then((choice) => {
      if (choice === retry) void vscode.commands.executeCommand('dataClusters.refresh');
      if (choice === choose) void vscode.commands.executeCommand('dataClusters.chooseKubeconfig');
    });
  };
  // Connections: port-forwards live as long as the connection they go through.
  const forwards = new ClusterForwardsHolder(connections);
  const portForwards = new PortForwardTreeDataProvider(forwards);
  let openExternal = (uri: vscode.Uri): Thenable<boolean> => vscode.env.openExternal(uri);
  context.subscriptions.push(
    forwards,
    portForwards,
    new ConnectionSnippetCommands(
      () => connections.connection,
      forwards,
      settings,
      context.workspaceState,
      () => openExternal,
      log,
      showLog,
    ),
  );
  // Tasks on session clusters: the current connection's task service, the runs this workspace
  // remembers, the task panels and the per-task log and output channels.
  const taskRuns = new WorkspaceTaskRunStore(context.workspaceState);
  taskServices = new TaskServicesHolder(connections, () => forwards.forwards(), {
    store: taskRuns,
    restFactory: (baseUrl) => new FlinkRestClient(baseUrl),
    readJar: async (file) => vscode.workspace.fs.readFile(vscode.Uri.file(file)),
    settings: { keepUploadedJars: () => settings.tasksKeepUploadedJars() },
    logger: log,
  });
  const taskPanels = new TaskPanels({
    extensionUri: context.extensionUri,
    service: currentTasks,
    onDidChangeService: connections.onDidChangeConnection,
    logger: log,
  });
  const taskChannels = new TaskLogChannels(
    () => connections.connection?.transport,
    (title) => vscode.window.createOutputChannel(title),
    () => settings.logTailLines(),
    async (task) => {
      const service = currentTasks();
      if (!service || !task.jobId) throw new Error(vscode.l10n.t('Not connected to a Kubernetes cluster.'));
      return jobTaskManagerPods(await service.rest(task), task.jobId);
    },
  );
  let taskWizardUi: WizardUi = quickInputWizardUi;
  context.subscriptions.push(
    taskServices,
    taskServices.onDidChange(() => trees.session.setTaskService(currentTasks())),
    taskPanels,
    taskChannels,
    new TaskCommands(
      {
        connection: () => connections.connection,
        onDidChangeConnection: connections.onDidChangeConnection,
        tasks: { current: currentTasks },
        store: taskRuns,
        views: {
          openTask: (task, options) => void taskPanels.openTask(task, options),
          showTaskLogs: (task) => taskChannels.showLogs(task),
          showTaskOutput: (task) => taskChannels.showOutput(task),
        },
        jars: { inspectJar },
        runRefusal: (c) => sessionRunRefusal(c, connections.connection?.permissions),
        confirm: () => confirmations,
        wizardUi: () => taskWizardUi,
        notifyFailures: () => settings.tasksNotifyFailures(),
      },
      log,
      showLog,
    ),
  );
  // SQL from the editor: a cluster per .sql file, its statements run on the cluster's engine.
  // Tests replace the engines and the results panel through the api.
  const product = productSqlEngines(() => forwards.forwards());
  const productEngines = product.engines;
  sqlEngines = productEngines;
  const sqlPanels = new SqlResultsPanels({ extensionUri: context.extensionUri, logger: log });
  let sqlResults: SqlResultsPort = sqlPanels;
  const sqlEditor = registerSqlEditor({
    engines: (kind) => sqlEngines(kind),
    results: { begin: (run) => sqlResults.begin(run) },
    model: () => connections.connection?.model,
    onDidChangeConnection: connections.onDidChangeConnection,
    refusal: (c) => sqlRefusal(c, connections.connection?.permissions),
    memento: context.workspaceState,
    settings,
    when,
    logger: log,
    showLog,
  });
  context.subscriptions.push(product, sqlPanels, sqlEditor, new CatalogCommands((kind) => trees[kind].catalogs, log, showLog));
  // Activation benchmark: when the first connection has chosen its scope (access reviews) and listed each kind.
  const connectMarks: { connectionCreatedAt?: number; scopeChosenAt?: number; computeListedAt?: number; sessionListedAt?: number } = {};
  const firstConnection = connections.onDidChangeConnection((conn) => {
    if (!conn) return;
    firstConnection.dispose();
    connectMarks.connectionCreatedAt = now();
    void conn.whenReady().then(() => {
      connectMarks.scopeChosenAt = now();
      void conn.model?.whenReady('compute').then(() => (connectMarks.computeListedAt = now()));
      void conn.model?.whenReady('session').then(() => (connectMarks.sessionListedAt = now()));
    });
  });
  context.subscriptions.push(firstConnection);
  connections.connect();
  const activateEndedAt = now();

  return {
    marks: () => ({
      bundleLoadedAt,
      activateStartedAt,
      activateEndedAt,
      ...connectMarks,
      computePopulatedAt: trees.compute.firstPopulatedAt,
      sessionPopulatedAt: trees.session.firstPopulatedAt,
    }),
    kubeconfigState: () => kubeconfig.state.kind,
    kubeconfigError: () => (kubeconfig.state.kind === 'broken' ? `${kubeconfig.state.file}: ${kubeconfig.state.message}` : undefined),
    currentContext: () => (kubeconfig.state.kind === 'loaded' ? kubeconfig.state.currentContext : undefined),
    onDidChangeKubeconfig: kubeconfig.onDidChangeKubeconfig,
    health: () => connections.connection?.health,
    model: () => connections.connection?.model,
    namespaces: () => connections.namespaces,
    treeClusters: (kind) => trees[kind].clusterNames(),
    treeItem: (kind, namespace, name) => trees[kind].itemOf(namespace, name),
    logChannels: () => logs.titles(),
    activityChannels: () => clusterCommands.activityChannelTitles(),
    logFollowing: (title) => logs.isFollowing(title),
    setConfirmations: (c) => (confirmations = c ?? modalConfirmations),
    setPrompts,
    treeDecoration: (kind, namespace, name) => decorations.provideFileDecoration(clusterUri(kind, namespace, name)),
    logLines: (title) => logs.linesOf(title),
    portForwards: () => portForwards.rows(),
    setOpenExternal: (open) => (openExternal = open ?? ((uri) => vscode.env.openExternal(uri))),
    form: (key) => forms.controller(key),
    panels: () => panels.info(),
    panelReceive: async (key, message) => panels.get(key)?.host.receive(message),
    setTaskWizardUi: (ui) => (taskWizardUi = ui ?? quickInputWizardUi),
    taskRuns: () => taskRuns.list(),
    tasks: (namespace, cluster) => currentTasks()?.tasksOf({ namespace, cluster }),
    hasTaskService: () => currentTasks() !== undefined,
    setSqlEngines: (engines) => (sqlEngines = engines ?? productEngines),
    setSqlResults: (results) => (sqlResults = results ?? sqlPanels),
    setSqlEditorUi: (ui) => sqlEditor.setUi(ui),
    sqlStatusBar: () => sqlEditor.statusBar(),
    sqlBinding: (uri) => sqlEditor.controller.bindingOf(uri),
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
