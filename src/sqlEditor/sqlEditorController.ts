import * as l10n from '@vscode/l10n';
import type { Cluster } from '../clusters/clusterModel';
import type { SqlTarget } from '../sql/sqlEngine';
import { engineOf, SqlRunner, SqlRunReport } from '../sql/sqlRunner';
import { LineIndex, splitStatements, SqlDialect, SqlStatement, statementAt, statementsIn } from '../sql/statements';
import type {
  ClusterPickItem,
  SqlBindingStore,
  SqlClusterSource,
  SqlDiagnosticsPort,
  SqlEditorDocument,
  SqlEditorUi,
  SqlLens,
  SqlStatus,
} from './sqlEditorPorts';

/** The commands the editor contributes (package.json names them too). */
export const SQL_COMMANDS = {
  run: 'dataClusters.sql.run',
  runAll: 'dataClusters.sql.runAll',
  cancel: 'dataClusters.sql.cancel',
  chooseCluster: 'dataClusters.sql.chooseCluster',
  newEditor: 'dataClusters.sql.newEditor',
  /** A CodeLens's run: (uri, offset of the statement). */
  runStatement: 'dataClusters.sql.runStatement',
} as const;

export interface SqlEditorControllerDeps {
  readonly runner: SqlRunner;
  /** The connection's clusters; undefined while not connected. */
  readonly clusters: () => SqlClusterSource | undefined;
  /** Why the user may not run SQL on the cluster (their rights), or undefined when they may. */
  readonly refusal?: (c: Cluster) => string | undefined;
  readonly bindings: SqlBindingStore;
  readonly ui: SqlEditorUi;
  readonly diagnostics: SqlDiagnosticsPort;
}

/** A selection in a document, as offsets; empty when it is only the cursor. */
export interface SqlSelection {
  readonly start: number;
  readonly end: number;
}

const targetOf = (c: Cluster): SqlTarget => ({ kind: c.kind, namespace: c.namespace, name: c.name });
const isUp = (c: Cluster): boolean => (c.kind === 'compute' ? c.state === 'ACTIVE' : c.status === 'Running');
export const dialectOf = (target: SqlTarget | undefined): SqlDialect => (target?.kind === 'session' ? 'flink' : 'spark');

/**
 * The SQL editor's behaviour without VS Code: which cluster a file runs on, what its CodeLenses
 * and status bar say, running the statement under the cursor, the selection or the whole file,
 * cancelling, and turning an engine's refusal into a diagnostic at its place.
 */
export class SqlEditorController {
  private readonly listeners = new Set<(uri: string | undefined) => void>();
  private readonly subscription: { dispose(): void };
  private readonly againSubscription: { dispose(): void };

  constructor(private readonly deps: SqlEditorControllerDeps) {
    this.subscription = deps.runner.onDidChangeRun((uri) => this.fire(uri));
    // Run Again from Savepoint in the results panel: a run of the editor, its refusal shown as for the others.
    this.againSubscription = deps.runner.onDidAskRunAgain((ask) => void this.run(ask.doc, ask.target, [ask.statement], ask.savepoint));
  }

  /** Heard when a document's binding or run changes (undefined: any document). */
  onDidChange(listener: (uri: string | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  bindingOf(uri: string): SqlTarget | undefined {
    return this.deps.bindings.get(uri);
  }

  bind(uri: string, target: SqlTarget | undefined): void {
    this.deps.bindings.set(uri, target);
    this.fire(uri);
  }

  /** The clusters SQL can run on now: ACTIVE compute clusters and Running session clusters the user may reach. */
  candidates(): ClusterPickItem[] {
    const source = this.deps.clusters();
    if (!source) return [];
    const all: Cluster[] = [...source.computeClusters(), ...source.sessionClusters()];
    return all
      .filter((c) => isUp(c) && !this.deps.refusal?.(c))
      .map((c) => ({
        label: c.name,
        description:
          c.kind === 'compute'
            ? l10n.t('Spark SQL · compute cluster · {0}', c.namespace)
            : l10n.t('Flink SQL · session cluster · {0}', c.namespace),
        target: targetOf(c),
      }));
  }

  /** Asks which cluster the document runs on and remembers it; undefined when the user chose none. */
  async chooseCluster(uri: string): Promise<SqlTarget | undefined> {
    if (!this.deps.clusters()) {
      this.deps.ui.info(l10n.t('Not connected to a Kubernetes cluster.'));
      return undefined;
    }
    const items = this.candidates();
    if (items.length === 0) {
      this.deps.ui.info(
        l10n.t('No cluster to run SQL on: start a compute cluster (ACTIVE) or a session cluster (Running) you may use, then choose it.'),
      );
      return undefined;
    }
    const chosen = await this.deps.ui.pickCluster(items, l10n.t('Choose a cluster to run on'), this.bindingOf(uri));
    if (!chosen) return undefined;
    const before = this.bindingOf(uri);
    this.bind(uri, chosen);
    // A session lives on its cluster: a file bound elsewhere starts a new one on its next run.
    if (before && (before.kind !== chosen.kind || before.namespace !== chosen.namespace || before.name !== chosen.name))
      this.deps.runner.close(uri);
    return chosen;
  }

  /** Why SQL cannot run on the target now, or undefined when it can. */
  refusalOf(target: SqlTarget): string | undefined {
    const source = this.deps.clusters();
    if (!source) return l10n.t('Not connected to a Kubernetes cluster.');
    const c = source.get(target.kind, target.namespace, target.name);
    if (!c) return l10n.t('{0} is not in the watched namespaces any more: choose another cluster.', target.name);
    if (c.kind === 'compute' && c.state !== 'ACTIVE')
      return l10n.t('{0} is {1}: Spark SQL runs only on an ACTIVE compute cluster.', c.name, c.state);
    if (c.kind === 'session' && c.status !== 'Running')
      return l10n.t('{0} is {1}: Flink SQL runs only on a Running session cluster.', c.name, c.status);
    return this.deps.refusal?.(c);
  }

  status(uri: string): SqlStatus {
    const target = this.bindingOf(uri);
    if (!target) return { text: `$(database) ${l10n.t('No cluster')}`, tooltip: l10n.t("Choose a cluster to run this file's SQL on") };
    const refusal = this.refusalOf(target);
    if (refusal) return { text: `$(warning) ${target.name}`, tooltip: l10n.t('{0} Click to choose another cluster.', refusal) };
    const running = this.deps.runner.isRunning(uri);
    const icon = running ? '$(loading~spin)' : '$(database)';
    const tooltip =
      target.kind === 'compute'
        ? l10n.t('Spark SQL on the compute cluster {0} ({1}). Click to choose another cluster.', target.name, target.namespace)
        : l10n.t('Flink SQL on the session cluster {0} ({1}). Click to choose another cluster.', target.name, target.namespace);
    return { text: `${icon} ${target.name}`, tooltip };
  }

  /** The statements of a document, split by the rules of the engine it is bound to. */
  statements(doc: SqlEditorDocument): SqlStatement[] {
    return splitStatements(doc.text, dialectOf(this.bindingOf(doc.uri)));
  }

  /** The CodeLenses over a document's statements. */
  lenses(doc: SqlEditorDocument): SqlLens[] {
    const statements = this.statements(doc);
    const target = this.bindingOf(doc.uri);
    if (!target) {
      return statements.map((s) => ({
        range: s.range,
        title: l10n.t('Choose a cluster to run on…'),
        command: SQL_COMMANDS.chooseCluster,
        args: [doc.uri],
      }));
    }
    const running = this.deps.runner.runningStatement(doc.uri);
    const out: SqlLens[] = [];
    statements.forEach((s, i) => {
      if (running && running.start === s.start && running.text === s.text) {
        out.push({ range: s.range, title: `$(loading~spin) ${l10n.t('Running on {0}…', target.name)}`, command: '', args: [] });
        out.push({ range: s.range, title: l10n.t('Cancel'), command: SQL_COMMANDS.cancel, args: [doc.uri] });
        return;
      }
      out.push({
        range: s.range,
        title: `$(play) ${l10n.t('Run on {0}', target.name)}`,
        command: SQL_COMMANDS.runStatement,
        args: [doc.uri, s.start],
      });
      if (i === 0 && statements.length > 1)
        out.push({ range: s.range, title: l10n.t('Run All'), command: SQL_COMMANDS.runAll, args: [doc.uri] });
    });
    return out;
  }

  /** Ctrl/Cmd+Enter: the selection's statements, or the statement under the cursor. */
  async runAt(doc: SqlEditorDocument, selection: SqlSelection): Promise<SqlRunReport | undefined> {
    const target = await this.targetFor(doc.uri);
    if (!target) return undefined;
    let statements: SqlStatement[];
    if (selection.end > selection.start) statements = statementsIn(doc.text, selection.start, selection.end, dialectOf(target));
    else {
      const one = statementAt(splitStatements(doc.text, dialectOf(target)), selection.start, new LineIndex(doc.text));
      statements = one ? [one] : [];
    }
    return this.run(doc, target, statements);
  }

  /** Runs every statement of the document in order, stopping at the first error. */
  async runAll(doc: SqlEditorDocument): Promise<SqlRunReport | undefined> {
    const target = await this.targetFor(doc.uri);
    if (!target) return undefined;
    return this.run(doc, target, splitStatements(doc.text, dialectOf(target)));
  }

  cancel(uri: string): void {
    if (!this.deps.runner.cancel(uri)) this.deps.ui.info(l10n.t('Nothing is running in this editor.'));
  }

  /** `dataClusters.sql.newEditor`: a new untitled SQL editor bound to `target`, holding `text`. */
  async newEditor(target: SqlTarget, text = ''): Promise<SqlEditorDocument> {
    const doc = await this.deps.ui.openUntitled(text);
    this.bind(doc.uri, target);
    return doc;
  }

  /** The document was closed: its session ends; an untitled one's binding is forgotten. */
  closed(uri: string): void {
    this.deps.runner.close(uri);
    this.deps.diagnostics.set(uri, []);
    if (uri.startsWith('untitled:')) this.deps.bindings.set(uri, undefined);
  }

  /** The document was edited: its diagnostics no longer point at what the engine saw. */
  edited(uri: string): void {
    this.deps.diagnostics.set(uri, []);
  }

  dispose(): void {
    this.subscription.dispose();
    this.againSubscription.dispose();
    this.listeners.clear();
  }

  /** The document's cluster, asking the user when it has none; undefined when it cannot run now (said why). */
  private async targetFor(uri: string): Promise<SqlTarget | undefined> {
    const target = this.bindingOf(uri) ?? (await this.chooseCluster(uri));
    if (!target) return undefined;
    const refusal = this.refusalOf(target);
    if (refusal) {
      this.deps.ui.error(refusal);
      return undefined;
    }
    return target;
  }

  private async run(
    doc: SqlEditorDocument,
    target: SqlTarget,
    statements: readonly SqlStatement[],
    savepoint?: string,
  ): Promise<SqlRunReport | undefined> {
    if (statements.length === 0) {
      this.deps.ui.info(l10n.t('No SQL statement here: put the cursor in a statement or select one.'));
      return undefined;
    }
    this.deps.diagnostics.set(doc.uri, []);
    const report = await this.deps.runner.run(doc, target, statements, savepoint !== undefined ? { savepoint } : {});
    const failure = report.failure;
    if (failure?.range) this.deps.diagnostics.set(doc.uri, [{ range: failure.range, message: failure.message }]);
    else if (failure)
      this.deps.ui.error(l10n.t('{0} on {1}: {2}', engineOf(target) === 'spark' ? 'Spark SQL' : 'Flink SQL', target.name, failure.message));
    return report;
  }

  private fire(uri: string | undefined): void {
    for (const l of [...this.listeners]) l(uri);
  }
}
