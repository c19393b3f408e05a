import type { ExtensionToWebview, WebviewToExtension } from './messages';

interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Sends `ready` and calls `onMessage` for each message from the extension. */
export function connect(onMessage: (message: ExtensionToWebview) => void): (message: WebviewToExtension) => void {
  window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => onMessage(event.data));
  api.postMessage({ type: 'ready' });
  return (message) => api.postMessage(message);
}
