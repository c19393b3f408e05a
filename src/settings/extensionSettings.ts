import * as vscode from 'vscode';
import { ComputeRenderOptions, SpotPlacement, spotPlacementOf } from '../clusters/compute/renderOptions';

export const SETTINGS_SECTION = 'dataClusters';

/** Typed reads of the extension's settings; one place knows their names. */
export class ExtensionSettings {
  kubeconfigPath(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('kubeconfig', '').trim();
  }

  async setKubeconfigPath(value: string): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('kubeconfig', value, vscode.ConfigurationTarget.Global);
  }

  /** Namespaces to watch; empty means the context's namespace. */
  namespaces(): string[] {
    const v = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('namespaces', []);
    return Array.isArray(v)
      ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x.trim().length > 0).map((x) => x.trim()))]
      : [];
  }

  async setNamespaces(value: string[]): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('namespaces', value, vscode.ConfigurationTarget.Global);
  }

  /** The kubeconfig context to use; empty means the kubeconfig's current-context. */
  context(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('context', '').trim();
  }

  async setContext(value: string): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('context', value, vscode.ConfigurationTarget.Global);
  }

  /** Keep a jar uploaded to a session cluster's JobManager after its run starts (default: delete it). */
  tasksKeepUploadedJars(): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('tasks.keepUploadedJars', false) === true;
  }

  /** Notify when a task this workspace started fails while nobody looks (default on). */
  tasksNotifyFailures(): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('tasks.notifyFailures', true) !== false;
  }

  /** A CodeLens over each statement of a `.sql` file (default on). */
  sqlCodeLens(): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('sql.codeLens', true) !== false;
  }

  logTailLines(): number {
    const n = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('logTailLines', 1000);
    return Number.isInteger(n) && n >= 0 ? n : 1000;
  }

  logPauseWhenHiddenSeconds(): number {
    const n = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('logPauseWhenHiddenSeconds', 60);
    return Number.isFinite(n) && n >= 1 ? n : 60;
  }

  /** Host for the external endpoint, with `{name}` and `{namespace}`; empty when the platform has none. */
  externalHostTemplate(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('externalHostTemplate', '').trim();
  }

  /** URL of a compute cluster's metrics dashboard, with `{name}`, `{namespace}` and `{id}`; empty until set. */
  sparkMetricsUrlTemplate(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('sparkMetricsUrlTemplate', '').trim();
  }

  async setSparkMetricsUrlTemplate(value: string): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('sparkMetricsUrlTemplate', value, vscode.ConfigurationTarget.Global);
  }

  /** Image of the Flight SQL server run beside Arrow Flight drivers; empty: no cluster serves Arrow Flight. */
  arrowFlightServerImage(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('arrowFlight.serverImage', '').trim();
  }

  /** Spot executors' node selector and tolerations (Karpenter's label by default); entries Kubernetes would refuse are left out. */
  spotPlacement(): SpotPlacement {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return spotPlacementOf(config.get<unknown>('spot.nodeSelector'), config.get<unknown>('spot.tolerations', [])).placement;
  }

  /** What compute workloads are rendered with: read at each Start, dry run and Configuration tab. */
  computeRenderOptions(): ComputeRenderOptions {
    const image = this.arrowFlightServerImage();
    return { spot: this.spotPlacement(), ...(image ? { arrowFlightServerImage: image } : {}) };
  }

  onDidChange(listener: (key: string) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      for (const key of ['kubeconfig', 'namespaces', 'context', 'logTailLines', 'sql.codeLens']) {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`)) listener(key);
      }
    });
  }
}
