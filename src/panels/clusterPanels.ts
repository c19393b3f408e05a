/**
 * The detail panels of all clusters: one per cluster (opening it again reveals it), restored after
 * a window reload from the key the page saved. The only object extension.ts wires for panels.
 */
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import {
  ClusterPanel,
  ClusterPanelDeps,
  ClusterPanelInfo,
  ClusterRef,
  CLUSTER_VIEW_TYPE,
  PANEL_KEY_PATTERN,
  panelTitle,
  refOfKey,
} from './clusterPanel';
import { createWebviewPanel, prepareRestoredPanel } from './panelFactory';
import { PanelRegistry } from './panelRegistry';
import { panelSerializer } from './serializer';

export class ClusterPanels extends Disposable {
  private readonly registry = this._register(new PanelRegistry<ClusterPanel>());

  constructor(private readonly deps: ClusterPanelDeps) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(
        CLUSTER_VIEW_TYPE,
        panelSerializer<vscode.WebviewPanel>({
          keyPattern: PANEL_KEY_PATTERN,
          logger: deps.logger,
          restore: (panel, key) => {
            const ref = refOfKey(key)!;
            this.registry.add(new ClusterPanel(prepareRestoredPanel(panel, deps.extensionUri), ref, deps, Date.now()));
          },
        }),
      ),
    );
  }

  /** Opens (or reveals) the panel of a cluster. `askedAt` is when the user asked, for the first-paint measure. */
  open(ref: ClusterRef, askedAt = Date.now()): ClusterPanel {
    const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    return this.registry.openOrReveal(key, () => {
      const panel = createWebviewPanel(CLUSTER_VIEW_TYPE, panelTitle(ref), this.deps.extensionUri);
      return new ClusterPanel(panel, ref, this.deps, askedAt);
    });
  }

  get(key: string): ClusterPanel | undefined {
    return this.registry.get(key);
  }

  /** For tests and the benchmark: what each open panel shows and has seen. */
  info(): ClusterPanelInfo[] {
    return this.registry.all().map((p) => p.info());
  }
}
