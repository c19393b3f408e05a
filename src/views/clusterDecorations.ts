import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { ClusterModel } from '../clusters/clusterModel';
import { RESTART_REQUIRED } from '../../shared/clusters/stateTable';
import { clusterUri, DECORATION_SCHEME } from './clusterTreeItems';

/** The amber "Restart required" marker on cluster items: a badge and a warning-coloured label. */
export class ClusterDecorationProvider extends Disposable implements vscode.FileDecorationProvider {
  private readonly _onDidChangeFileDecorations = this._register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this._onDidChangeFileDecorations.event;
  private model?: ClusterModel;
  private modelSub?: vscode.Disposable;

  constructor() {
    super();
    this._register(vscode.window.registerFileDecorationProvider(this));
    this._register({ dispose: () => this.modelSub?.dispose() });
  }

  setModel(model: ClusterModel | undefined): void {
    this.modelSub?.dispose();
    this.model = model;
    this.modelSub = model?.onDidChangeCluster((changes) =>
      this._onDidChangeFileDecorations.fire(changes.map((c) => clusterUri(c.kind, c.namespace, c.name))),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME || !this.model) return undefined;
    const [, kind, namespace, name] = uri.path.split('/');
    const c = this.model.get(kind as 'compute' | 'session', namespace, name);
    if (!c?.restartRequired) return undefined;
    const badge = vscode.l10n.t({ message: 'R', comment: ['The badge of a cluster that needs a restart: one or two letters'] });
    return new vscode.FileDecoration(badge, RESTART_REQUIRED.label, new vscode.ThemeColor(RESTART_REQUIRED.color));
  }
}
