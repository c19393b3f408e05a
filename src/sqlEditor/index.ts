import * as vscode from 'vscode';
import type { Cluster, ClusterModel } from '../clusters/clusterModel';
import { registerCommandWithLogging } from '../commands/index';
import type { Event } from '../common/event';
import type { Logger } from '../common/logger';
import type { SqlEngineKind } from '../../shared/sql/sqlResult';
import type { SqlEngine, SqlResultsPort, SqlTarget } from '../sql/sqlEngine';
import { SqlRunner } from '../sql/sqlRunner';
import type { SqlRange } from '../sql/statements';
import { MementoSqlBindings } from './sqlBindings';
import { SQL_COMMANDS, SqlEditorController } from './sqlEditorController';
import type { SqlEditorDocument, SqlEditorUi } from './sqlEditorPorts';
import type { CustomWhenContext } from '../workbench/customWhenContext';
import type { ExtensionSettings } from '../settings/extensionSettings';

export { SQL_COMMANDS } from './sqlEditorController';

/** What the SQL editor needs from the extension. */
export interface SqlEditorDeps {
  /** The engine of a kind; undefined when there is none (the user is told so when they run). */
  readonly engines: (kind: SqlEngineKind) => SqlEngine | undefined;
  readonly results: SqlResultsPort;
  /** The current connection's model; undefined while not connected. */
  readonly model: () => ClusterModel | undefined;
  /** Fires when the connection changes (the status bar follows the bound cluster's state). */
  readonly onDidChangeConnection?: Event<{ whenReady(): Promise<unknown> } | undefined>;
  /** Why the user may not run SQL on a cluster (their rights), or undefined when they may. */
  readonly refusal?: (c: Cluster) => string | undefined;
  /** Where bindings are remembered: the workspace's state. */
  readonly memento: vscode.Memento;
  /** `dataClusters.sql.codeLens`, and the change event that says it changed. */
  readonly settings: Pick<ExtensionSettings, 'sqlCodeLens' | 'onDidChange'>;
  /** Where `dataClusters.sqlRunning` is set. */
  readonly when: CustomWhenContext;
  readonly logger: Logger;
  readonly showLog: () => void;
}

/** What registerSqlEditor gives back: its disposal, and what the integration tests reach through the api. */
export interface SqlEditorRegistration extends vscode.Disposable {
  readonly controller: SqlEditorController;
  readonly runner: SqlRunner;
  /** For tests: answers the cluster QuickPick and records messages instead of the user; undefined restores them. */
  setUi(ui: Partial<SqlEditorUi> | undefined): void;
  /** The status-bar item as shown now (text, tooltip, visible). */
  statusBar(): { text: string; tooltip: string; visible: boolean };
}

const SQL_SELECTOR: vscode.DocumentSelector = [{ language: 'sql' }];

const toRange = (r: SqlRange): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function docOf(d: vscode.TextDocument): SqlEditorDocument {
  return { uri: d.uri.toString(), name: d.uri.path.split('/').pop() || d.uri.toString(), text: d.getText() };
}

const vscodeUi: SqlEditorUi = {
  async pickCluster(items, title, active) {
    const picks = items.map((i) => ({ label: i.label, description: i.description, target: i.target }));
    const same = (t: SqlTarget) => !!active && t.kind === active.kind && t.namespace === active.namespace && t.name === active.name;
    // The bound cluster first, so Enter keeps it.
    picks.sort((a, b) => Number(same(b.target)) - Number(same(a.target)));
    const chosen = await vscode.window.showQuickPick(picks, { title, matchOnDescription: true });
    return chosen?.target;
  },
  info: (text) => void vscode.window.showInformationMessage(text),
  error: (text) => void vscode.window.showErrorMessage(text),
  async openUntitled(text) {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: text });
    await vscode.window.showTextDocument(doc);
    return docOf(doc);
  },
};

/**
 * The SQL editor in VS Code: a cluster bound to each `.sql` file (status bar), CodeLenses over
 * its statements, Ctrl/Cmd+Enter, Run All, Cancel, the engine's errors as diagnostics, and the
 * command that opens a new editor bound to a cluster. One call wires it.
 */
export function registerSqlEditor(deps: SqlEditorDeps): SqlEditorRegistration {
  const subscriptions: vscode.Disposable[] = [];
  const runner = new SqlRunner({ engines: deps.engines, results: deps.results });
  const diagnostics = vscode.languages.createDiagnosticCollection('dataClusters.sql');
  let override: Partial<SqlEditorUi> | undefined;
  const ui: SqlEditorUi = {
    pickCluster: (...a) => (override?.pickCluster ?? vscodeUi.pickCluster)(...a),
    info: (t) => (override?.info ?? vscodeUi.info)(t),
    error: (t) => (override?.error ?? vscodeUi.error)(t),
    openUntitled: (t) => (override?.openUntitled ?? vscodeUi.openUntitled)(t),
  };
  const controller = new SqlEditorController({
    runner,
    clusters: deps.model,
    refusal: deps.refusal,
    bindings: new MementoSqlBindings(deps.memento),
    ui,
    diagnostics: {
      set: (uri, list) =>
        diagnostics.set(
          vscode.Uri.parse(uri),
          list.map((d) => {
            const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, vscode.DiagnosticSeverity.Error);
            diagnostic.source = vscode.l10n.t('Data Clusters');
            return diagnostic;
          }),
        ),
    },
  });

  // The status bar: the active SQL editor's cluster; click to choose another.
  const status = vscode.window.createStatusBarItem('dataClusters.sql.cluster', vscode.StatusBarAlignment.Left, 100);
  status.name = vscode.l10n.t('SQL Cluster');
  status.command = SQL_COMMANDS.chooseCluster;
  const activeSql = (): vscode.TextEditor | undefined => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.languageId === 'sql' ? e : undefined;
  };
  // The bound cluster's state shows in the status bar: follow the current model's changes.
  let watched: { model: ClusterModel; sub: { dispose(): void } } | undefined;
  const watchModel = (): void => {
    const model = deps.model();
    if (watched?.model === model) return;
    watched?.sub.dispose();
    watched = model ? { model, sub: model.onDidChangeCluster(() => refreshStatus()) } : undefined;
  };
  const refreshStatus = (): void => {
    watchModel();
    const editor = activeSql();
    void vscode.commands.executeCommand(
      'setContext',
      'dataClusters.sqlRunning',
      !!editor && runner.isRunning(editor.document.uri.toString()),
    );
    if (!editor) {
      status.hide();
      return;
    }
    const s = controller.status(editor.document.uri.toString());
    status.text = s.text;
    status.tooltip = s.tooltip;
    status.show();
  };

  // CodeLenses over each statement.
  const lensesChanged = new vscode.EventEmitter<void>();
  const lensProvider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses: (document) => {
      if (!deps.settings.sqlCodeLens()) return [];
      return controller
        .lenses(docOf(document))
        .map((l) => new vscode.CodeLens(toRange(l.range), { title: l.title, command: l.command, arguments: [...l.args] }));
    },
  };

  const documentOf = (arg: unknown): vscode.TextDocument | undefined => {
    if (typeof arg === 'string' || arg instanceof vscode.Uri) {
      const uri = arg.toString();
      return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    }
    return activeSql()?.document;
  };
  const noEditor = (): undefined => {
    ui.info(vscode.l10n.t('Open a SQL file to run it.'));
    return undefined;
  };
  const command = (id: string, handler: (...args: any[]) => unknown): vscode.Disposable =>
    registerCommandWithLogging(id, handler, deps.logger, deps.showLog);

  subscriptions.push(
    diagnostics,
    status,
    lensesChanged,
    vscode.languages.registerCodeLensProvider(SQL_SELECTOR, lensProvider),
    controller.onDidChange(() => {
      lensesChanged.fire();
      refreshStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => refreshStatus()),
    // A new connection's model exists once it is ready.
    deps.onDidChangeConnection?.((conn) => {
      refreshStatus();
      void conn?.whenReady().then(refreshStatus, () => undefined);
    }) ?? { dispose: () => undefined },
    { dispose: () => watched?.sub.dispose() },
    deps.settings.onDidChange((key) => {
      if (key === 'sql.codeLens') lensesChanged.fire();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'sql' && e.contentChanges.length > 0) controller.edited(e.document.uri.toString());
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.languageId === 'sql') controller.closed(d.uri.toString());
    }),
    command(SQL_COMMANDS.run, async (arg?: unknown) => {
      const editor =
        arg === undefined ? activeSql() : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === String(arg));
      if (!editor) return noEditor();
      const sel = editor.selection;
      const doc = editor.document;
      return controller.runAt(docOf(doc), { start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) });
    }),
    command(SQL_COMMANDS.runStatement, async (uri: unknown, offset: unknown) => {
      const doc = documentOf(uri);
      if (!doc) return noEditor();
      const at = typeof offset === 'number' ? offset : 0;
      return controller.runAt(docOf(doc), { start: at, end: at });
    }),
    command(SQL_COMMANDS.runAll, async (uri?: unknown) => {
      const doc = documentOf(uri);
      if (!doc) return noEditor();
      return controller.runAll(docOf(doc));
    }),
    command(SQL_COMMANDS.cancel, (uri?: unknown) => {
      const doc = documentOf(uri);
      if (!doc) return noEditor();
      controller.cancel(doc.uri.toString());
      return undefined;
    }),
    command(SQL_COMMANDS.chooseCluster, async (uri?: unknown) => {
      const doc = documentOf(uri);
      if (!doc) return noEditor();
      return controller.chooseCluster(doc.uri.toString());
    }),
    command(SQL_COMMANDS.newEditor, async (target?: unknown, text?: unknown) => {
      const t = target as Partial<SqlTarget> | undefined;
      const valid = !!t && (t.kind === 'compute' || t.kind === 'session') && typeof t.namespace === 'string' && typeof t.name === 'string';
      const content = typeof text === 'string' ? text : '';
      const doc = valid
        ? await controller.newEditor({ kind: t.kind!, namespace: t.namespace!, name: t.name! }, content)
        : await ui.openUntitled(content);
      return doc.uri;
    }),
  );
  refreshStatus();

  return {
    controller,
    runner,
    setUi: (u) => (override = u),
    statusBar: () => ({ text: status.text, tooltip: typeof status.tooltip === 'string' ? status.tooltip : '', visible: !!activeSql() }),
    dispose: () => {
      runner.dispose();
      controller.dispose();
      for (const s of subscriptions.splice(0).reverse()) s.dispose();
    },
  };
}
