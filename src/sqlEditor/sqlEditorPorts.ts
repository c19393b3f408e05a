/**
 * What the SQL editor's controller needs of the workbench, as ports: VS Code in the extension
 * (index.ts), fakes in tests. No vscode import.
 */
import type { Cluster, ComputeCluster, SessionCluster } from '../clusters/clusterModel';
import type { SqlTarget } from '../sql/sqlEngine';
import type { SqlRange } from '../sql/statements';

/** An open SQL document as the controller reads it. */
export interface SqlEditorDocument {
  /** Its URI as a string. */
  readonly uri: string;
  /** The name shown to the user (the file's base name, or "Untitled-1"). */
  readonly name: string;
  readonly text: string;
}

/** A cluster offered when the user chooses where a file runs. */
export interface ClusterPickItem {
  readonly label: string;
  readonly description: string;
  readonly target: SqlTarget;
}

export interface SqlEditorUi {
  /** A QuickPick of the clusters; undefined when the user pressed Escape. */
  pickCluster(items: readonly ClusterPickItem[], title: string, active?: SqlTarget): Promise<SqlTarget | undefined>;
  info(text: string): void;
  error(text: string): void;
  /** Opens a new untitled SQL editor holding `text`; answers its document. */
  openUntitled(text: string): Promise<SqlEditorDocument>;
}

/** A red squiggle on a document: the engine's message at the place it names. */
export interface SqlDiagnostic {
  readonly range: SqlRange;
  readonly message: string;
}

export interface SqlDiagnosticsPort {
  set(uri: string, diagnostics: readonly SqlDiagnostic[]): void;
}

/** Which cluster each file is bound to, remembered across sessions of the workspace. */
export interface SqlBindingStore {
  get(uri: string): SqlTarget | undefined;
  set(uri: string, target: SqlTarget | undefined): void;
}

/** The clusters SQL can run on, as the model knows them. */
export interface SqlClusterSource {
  computeClusters(): readonly ComputeCluster[];
  sessionClusters(): readonly SessionCluster[];
  get(kind: 'compute' | 'session', namespace: string, name: string): Cluster | undefined;
}

/** A CodeLens as the controller describes it: a title over a statement, and the command it runs. */
export interface SqlLens {
  readonly range: SqlRange;
  readonly title: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

/** The status-bar item of the active SQL editor. */
export interface SqlStatus {
  readonly text: string;
  readonly tooltip: string;
}
