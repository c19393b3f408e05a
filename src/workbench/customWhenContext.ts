import type { KubeconfigState } from '../kube/kubeconfigLoader';

/**
 * Every context key the extension sets, with its type, in one place: `when` clauses in
 * package.json read exactly these (a test checks that each key here is read by one and that no
 * clause reads a key missing here).
 */
export interface CustomWhenContextKeys {
  /** Whether a kubeconfig was found and could be read. */
  'dataClusters.kubeconfig': KubeconfigState['kind'];
  /** The connection to the API server: none, connecting, ready or unreachable. */
  'dataClusters.connection': 'none' | 'connecting' | 'ready' | 'unreachable';
  /** The Flink operator's CRDs are not installed: the Session Clusters view says so. */
  'dataClusters.flinkCrdsMissing': boolean;
  /** Connected, and the view has no cluster: its welcome content offers the next step. */
  'dataClusters.computeEmpty': boolean;
  'dataClusters.sessionsEmpty': boolean;
  /** At least one driver log channel is open (Stop Following Driver Logs is offered). */
  'dataClusters.logsFollowing': boolean;
  /** The active SQL editor runs a statement (Cancel is offered in its title bar). */
  'dataClusters.sqlRunning': boolean;
}

export type CustomWhenContextKey = keyof CustomWhenContextKeys;

export const CUSTOM_WHEN_CONTEXT_KEYS: readonly CustomWhenContextKey[] = [
  'dataClusters.kubeconfig',
  'dataClusters.connection',
  'dataClusters.flinkCrdsMissing',
  'dataClusters.computeEmpty',
  'dataClusters.sessionsEmpty',
  'dataClusters.logsFollowing',
  'dataClusters.sqlRunning',
];

/**
 * Sets a context key, skipping the call when the value did not change (each one is an IPC round
 * trip). `setContext` is `vscode.commands.executeCommand('setContext', …)` in the extension.
 */
export class CustomWhenContext {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly setContext: (key: string, value: unknown) => unknown) {}

  set<K extends CustomWhenContextKey>(key: K, value: CustomWhenContextKeys[K]): void {
    if (this.values.has(key) && this.values.get(key) === value) return;
    this.values.set(key, value);
    void this.setContext(key, value);
  }

  get<K extends CustomWhenContextKey>(key: K): CustomWhenContextKeys[K] | undefined {
    return this.values.get(key) as CustomWhenContextKeys[K] | undefined;
  }
}
