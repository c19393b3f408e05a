import type { ClusterModel } from './clusters/clusterModel';
import type { ConnectionHealth } from './clusters/connection';
import type { Event } from './common/event';
import type { Confirmations } from './commands/confirmations';
import type { KubeconfigState } from './kube/kubeconfigLoader';
import type { FileDecoration, TreeItem, Uri } from 'vscode';
import type { Prompts } from './commands/prompts';
import type { PortForwardInfo } from './kube/portForward';
import type { ClusterPanelInfo } from './panels/cluster/clusterPanelController';
import type { FormController } from './panels/forms/formController';
import type { FlinkTask, TaskRunParams } from './clusters/session/tasks/taskTypes';
import type { WizardUi } from './commands/tasks/wizardUi';
import type { SqlEngine, SqlResultsPort, SqlTarget } from './sql/sqlEngine';
import type { SqlEditorUi } from './sqlEditor/sqlEditorPorts';

/** What activate() returns: used by our integration tests, and by other extensions that depend on us. */
export interface DataClustersApi {
  readonly kubeconfigState: () => KubeconfigState['kind'];
  readonly kubeconfigError: () => string | undefined;
  readonly currentContext: () => string | undefined;
  readonly onDidChangeKubeconfig: Event<KubeconfigState>;
  /** The connection's health, and its model once connected. */
  readonly health: () => ConnectionHealth | undefined;
  readonly model: () => ClusterModel | undefined;
  readonly namespaces: () => readonly string[];
  /** Tree content as shown: "namespace/name" per cluster item. */
  readonly treeClusters: (kind: 'compute' | 'session') => string[];
  /** The tree item of one cluster as the view renders it (description, tooltip, contextValue). */
  readonly treeItem: (kind: 'compute' | 'session', namespace: string, name: string) => TreeItem | undefined;
  /** Titles of the session clusters' start/stop log channels. */
  readonly activityChannels: () => string[];
  /** Titles of the open log channels. */
  readonly logChannels: () => string[];
  /** Whether a log channel is streaming (false once paused while hidden). */
  readonly logFollowing: (title: string) => boolean | undefined;
  /** For tests: answers quick picks and records notifications instead of the user. */
  readonly setPrompts: (p: Prompts | undefined) => void;
  /** The decoration a cluster's tree item gets (the amber "Restart required" badge), if any. */
  readonly treeDecoration: (kind: 'compute' | 'session', namespace: string, name: string) => FileDecoration | undefined;
  /** The lines a log channel holds (what the user sees, and what Download saves). */
  readonly logLines: (title: string) => readonly string[] | undefined;
  /** For tests: answers the confirmations commands ask (the real ones are modal dialogs). */
  readonly setConfirmations: (c: Confirmations | undefined) => void;
  /** The Port Forwards view's forwards, each with its row as shown: "label | 127.0.0.1:local → remote · state". */
  readonly portForwards: () => (PortForwardInfo & { readonly row: string })[];
  /** For tests: replaces vscode.env.openExternal for the Open … UI commands; undefined restores it. */
  readonly setOpenExternal: (open: ((uri: Uri) => Thenable<boolean>) | undefined) => void;
  /** For tests: the open form of a key ("compute/create", "session/edit/risk/fraud-rules"), to call its requests. */
  readonly form: (key: string) => FormController | undefined;
  /** For tests: the open detail panels (key, deleted banner, tab, refused messages, CSP violations, first paint). */
  readonly panels: () => ClusterPanelInfo[];
  /**
   * For tests: hands a panel a message as if its page sent it (to check that malformed ones are
   * dropped); settles with the answer the panel posted, or undefined when it dropped the message.
   */
  readonly panelReceive: (key: string, message: unknown) => Promise<unknown>;
  /** For tests: answers the Run Task wizard's steps instead of the QuickInput; undefined restores it. */
  readonly setTaskWizardUi: (ui: WizardUi | undefined) => void;
  /** The runs this workspace remembers, most recent first. */
  readonly taskRuns: () => readonly TaskRunParams[];
  /** The tasks of a session cluster as the task service knows them; undefined while it knows none (or has no service). */
  readonly tasks: (namespace: string, cluster: string) => readonly FlinkTask[] | undefined;
  /** Whether the current connection has a task service (the JobManagers' REST and the FlinkSessionJobs). */
  readonly hasTaskService: () => boolean;
  /** For tests: the SQL engines the editor runs on (a fake); undefined restores the product's. */
  readonly setSqlEngines: (engines: ((kind: 'spark' | 'flink') => SqlEngine | undefined) | undefined) => void;
  /** For tests: where SQL runs report instead of the results panel; undefined restores it. */
  readonly setSqlResults: (results: SqlResultsPort | undefined) => void;
  /** For tests: answers the SQL editor's cluster QuickPick and records its messages; undefined restores them. */
  readonly setSqlEditorUi: (ui: Partial<SqlEditorUi> | undefined) => void;
  /** The SQL status-bar item as shown (text, tooltip, whether the active editor is SQL). */
  readonly sqlStatusBar: () => { text: string; tooltip: string; visible: boolean };
  /** The cluster a SQL document (its URI as a string) is bound to. */
  readonly sqlBinding: (uri: string) => SqlTarget | undefined;
  /**
   * For the activation benchmark: wall-clock times (performance.timeOrigin + performance.now(), ms)
   * at which the bundle had loaded, activate() began and returned, the first connection had chosen
   * its scope and listed each kind, and each view's tree first returned clusters.
   */
  readonly marks: () => ActivationMarks;
}

export interface ActivationMarks {
  readonly bundleLoadedAt: number;
  readonly activateStartedAt: number;
  readonly activateEndedAt: number;
  readonly connectionCreatedAt?: number;
  readonly scopeChosenAt?: number;
  readonly computeListedAt?: number;
  readonly sessionListedAt?: number;
  readonly computePopulatedAt?: number;
  readonly sessionPopulatedAt?: number;
}
