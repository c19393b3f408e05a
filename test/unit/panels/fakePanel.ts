import { Emitter } from '../../../src/common/event';
import { PanelLike, WebviewLike } from '../../../src/panels/webviewPanelHost';

/** A webview panel that records what is posted to it and lets a test play the page. */
export class FakePanel implements PanelLike {
  readonly posted: any[] = [];
  readonly receive = new Emitter<unknown>();
  private readonly disposeEmitter = new Emitter<void>();
  private readonly viewState = new Emitter<{ webviewPanel: { visible: boolean } }>();
  title = '';
  visible = true;
  revealed = 0;
  disposed = false;
  readonly webview: WebviewLike & { html: string } = {
    html: '',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    postMessage: (m: unknown) => {
      // What crosses the boundary is structured-cloned: a test sees a copy, as the page would.
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return Promise.resolve(true);
    },
    onDidReceiveMessage: this.receive.event,
  };
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewState.event;

  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
  /** The page says something. */
  send(m: unknown): void {
    this.receive.fire(m);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire({ webviewPanel: { visible } });
  }
}
