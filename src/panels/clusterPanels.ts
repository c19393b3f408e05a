/**
 * The detail panels of all clusters: one per cluster (opening it again reveals it), restored after
 * a window reload from the key the page saved. The only object extension.ts wires for panels.
 */
import * as vscode from 'vscode';
import type { ClusterRef } from '../clusters/clusterRef';
import { keyOfRef, refOfKey } from '../clusters/clusterRef';
import { Disposable } from '../common/disposable';
import {
  ClusterPanelController,
  ClusterPanelDeps,
  ClusterPanelInfo,
  CLUSTER_VIEW_TYPE,
  PANEL_KEY_PATTERN,
  panelTitle,
} from './cluster/clusterPanelController';
import type { PanelSettings } from './cluster/panelUi';
import { vscodePanelUi } from './cluster/vscodePanelUi';
import { createWebviewPanel, pageHtmlFor, prepareRestoredPanel } from './panelFactory';
import { PanelRegistry } from './panelRegistry';
import { panelSerializer } from './serializer';

export interface ClusterPanelsDeps extends Omit<ClusterPanelDeps, 'ui' | 'html'> {
  readonly extensionUri: vscode.Uri;
  readonly settings: PanelSettings;
  /** Where the endpoint chosen per cluster is kept (workspaceState, shared with the snippet commands). */
  readonly memento: vscode.Memento;
}

export class ClusterPanels extends Disposable {
  private readonly registry = this._register(new PanelRegistry<ClusterPanelController>());
  private readonly deps: ClusterPanelDeps;

  constructor(private readonly options: ClusterPanelsDeps) {
    super();
    this.deps = {
      connection: options.connection,
      onDidChangeConnection: options.onDidChangeConnection,
      logger: options.logger,
      ...(options.tasks ? { tasks: options.tasks } : {}),
      ui: vscodePanelUi(options.settings, options.memento),
      html: (title, initial) => pageHtmlFor(options.extensionUri, 'cluster', title, initial),
    };
    this._register(
      vscode.window.registerWebviewPanelSerializer(
        CLUSTER_VIEW_TYPE,
        panelSerializer<vscode.WebviewPanel>({
          keyPattern: PANEL_KEY_PATTERN,
          logger: options.logger,
          restore: (panel, key) => {
            const ref = refOfKey(key)!;
            this.registry.add(new ClusterPanelController(prepareRestoredPanel(panel, options.extensionUri), ref, this.deps, Date.now()));
          },
        }),
      ),
    );
  }

  /** Opens (or reveals) the panel of a cluster. `askedAt` is when the user asked, for the first-paint measure. */
  open(ref: ClusterRef, askedAt = Date.now()): ClusterPanelController {
    return this.registry.openOrReveal(keyOfRef(ref), () => {
      const panel = createWebviewPanel(CLUSTER_VIEW_TYPE, panelTitle(ref), this.options.extensionUri);
      return new ClusterPanelController(panel, ref, this.deps, askedAt);
    });
  }

  get(key: string): ClusterPanelController | undefined {
    return this.registry.get(key);
  }

  /** For tests and the benchmark: what each open panel shows and has seen. */
  info(): ClusterPanelInfo[] {
    return this.registry.all().map((p) => p.info());
  }
}
