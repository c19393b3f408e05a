/**
 * The VS Code calls that make a panel: options, resource roots and the HTML shell. One of the four
 * files of src/panels that import vscode, with the ones that wire the panels to the workbench
 * (clusterPanels.ts, cluster/vscodePanelUi.ts, forms/formPanels.ts); the controllers, the tabs and
 * the hosts behind them import none and are tested with fakes.
 */
import * as vscode from 'vscode';
import { makeNonce, panelHtml } from './html';
import { PanelLike, WebviewLike } from './webviewPanelHost';

/** Built page bundles (esbuild.mjs writes them) and our stylesheets: all a page may load. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: localResourceRoots(extensionUri),
    // The page keeps its state with setState and is rebuilt from a snapshot at each ready, so
    // there is no need to keep a hidden page's memory alive.
    retainContextWhenHidden: false,
    enableFindWidget: false,
  };
}

/** `entry` names a bundle under dist/webview (webview/panels/<entry>.ts). */
export function pageHtmlFor(
  extensionUri: vscode.Uri,
  entry: string,
  title: string,
  /** Messages embedded in the page for its first paint (see PanelHtmlOptions.initial). */
  initial?: () => readonly unknown[],
): (webview: WebviewLike) => string {
  // l10n-ignore: programmer error, entries are the bundle names written in code
  if (!/^[a-zA-Z0-9-]+$/.test(entry)) throw new Error(`invalid webview entry ${entry}`);
  return (webview) => {
    const w = webview as vscode.Webview;
    return panelHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      title,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${entry}.js`)).toString(),
      styleUris: [w.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')).toString()],
      ...(initial ? { initial: initial() } : {}),
      ...(vscode.l10n.bundle ? { l10n: vscode.l10n.bundle } : {}),
    });
  };
}

export function createWebviewPanel(viewType: string, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(
    viewType,
    title,
    { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    webviewOptions(extensionUri),
  );
}

/** A restored panel gets our options again: what it was saved with may predate a change of them. */
export function prepareRestoredPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): PanelLike {
  panel.webview.options = webviewOptions(extensionUri);
  return panel;
}
