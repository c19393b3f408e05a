/**
 * Browser glue of every panel: acquires the VS Code API once, listens for messages, then sends
 * `ready` (in that order, so no message of the extension can arrive before someone listens).
 */
import type { PageProtocol } from '../../shared/protocol/envelope';
import { PageClient, VsCodeApiLike } from './client';

declare function acquireVsCodeApi(): VsCodeApiLike;

let client: PageClient<PageProtocol> | undefined;

/** The page's one client, speaking the page's own protocol; the first call installs the listener and sends `ready`. */
export function connectPage<P extends PageProtocol>(protocol: P): PageClient<P> {
  if (client) return client as unknown as PageClient<P>;
  const c = new PageClient(protocol, acquireVsCodeApi());
  window.addEventListener('message', (event: MessageEvent<unknown>) => c.receive(event.data));
  client = c as unknown as PageClient<PageProtocol>;
  // Let the caller subscribe to notifications first (same task), then say we are ready.
  queueMicrotask(() => c.ready());
  return c;
}
