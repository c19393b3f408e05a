/**
 * Browser glue of every panel: acquires the VS Code API once, listens for messages, then sends
 * `ready` (in that order, so no message of the extension can arrive before someone listens).
 */
import { PageClient, VsCodeApiLike } from './client';

declare function acquireVsCodeApi(): VsCodeApiLike;

let client: PageClient | undefined;

/** The page's one client; the first call installs the listener and sends `ready`. */
export function connectPage(): PageClient {
  if (client) return client;
  const c = new PageClient(acquireVsCodeApi());
  window.addEventListener('message', (event: MessageEvent<unknown>) => c.receive(event.data));
  client = c;
  // Let the caller subscribe to notifications first (same task), then say we are ready.
  queueMicrotask(() => c.ready());
  return c;
}
