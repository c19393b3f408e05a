/**
 * Restoring panels after a window reload. VS Code hands `deserializeWebviewPanel` the state the page
 * saved with `setState`; the page saves its panel key there (webview/common/client.ts), and the
 * key is all we need to rebuild the panel from the live cache. Structural types only, so it is
 * tested without VS Code; the object returned is a vscode.WebviewPanelSerializer.
 */
import { errorMessage, Logger } from '../common/logger';
import { PanelLike } from './webviewPanelHost';

/** The saved key, or undefined for anything else (state is page data: never trusted). */
export function savedPanelKey(state: unknown, pattern: RegExp): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const key = (state as { key?: unknown }).key;
  return typeof key === 'string' && key.length <= 300 && pattern.test(key) ? key : undefined;
}

export interface PanelSerializerOptions<P extends PanelLike> {
  /** Keys this view type accepts, e.g. /^compute\/[a-z0-9-]+\/[a-z0-9-]+$/. */
  readonly keyPattern: RegExp;
  /** Rebuilds the panel for `key` around the given webview panel (sets options and HTML). */
  readonly restore: (panel: P, key: string) => void | PromiseLike<void>;
  readonly logger: Logger;
}

export function panelSerializer<P extends PanelLike>(
  o: PanelSerializerOptions<P>,
): { deserializeWebviewPanel(panel: P, state: unknown): Promise<void> } {
  return {
    async deserializeWebviewPanel(panel, state) {
      const key = savedPanelKey(state, o.keyPattern);
      if (!key) {
        // Nothing to show it with: an empty panel after reload would only confuse.
        o.logger.warn('dropped a restored panel without a valid saved key');
        panel.dispose();
        return;
      }
      try {
        await o.restore(panel, key);
      } catch (err) {
        o.logger.error(`could not restore the panel ${key}: ${errorMessage(err)}`);
        panel.dispose();
      }
    },
  };
}
