/**
 * The platform's floor for opening a panel: the same path as ours (createWebviewPanel, a strict
 * CSP, one nonce'd module script loaded from the extension's files through asWebviewUri), with a
 * page that does nothing but say "painted" two frames after it runs. The command opens and closes
 * such a panel `count` times (once by default) and logs the times from the command to "painted", measured as the
 * cluster panel measures its own (command start to the page's painted message). A page that does not
 * say "painted" within 30 s is no figure: the command logs `webview floor failed:` and throws.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PAINT_TIMEOUT_MS = 30_000;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Webview floor', { log: true });
  const media = vscode.Uri.joinPath(context.extensionUri, 'dist');
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('dataClustersBench.webviewFloor', async (count = 1) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = Date.now();
        const panel = vscode.window.createWebviewPanel(
          'dataClustersBench.floor',
          'Trivial webview',
          { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
          { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
        );
        const painted = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage((m) => m === 'painted' && resolve()));
        const nonce = randomBytes(16).toString('base64url');
        const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'page.js'));
        panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${panel.webview.cspSource}">
<title>Trivial webview</title></head><body><h1>painted</h1>
<script type="module" nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
        const timedOut = Symbol('timed out');
        const outcome = await Promise.race([painted, sleep(PAINT_TIMEOUT_MS).then(() => timedOut)]);
        panel.dispose();
        if (outcome === timedOut) {
          const message = `the trivial page did not say painted within ${PAINT_TIMEOUT_MS} ms`;
          log.error(`webview floor failed: ${message}`);
          throw new Error(message);
        }
        times.push(Date.now() - started);
        await sleep(300);
      }
      log.info(`webview floor opens: ${times.join(' ')}`);
      return times;
    }),
  );
}

export function deactivate(): void {
  /* nothing to release */
}
