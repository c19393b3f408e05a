/**
 * The message protocol between the extension and its webviews, typed once for both sides.
 * Every message has a `type`; requests carry an `id` that their response repeats. A webview
 * sends `ready` once its script runs; the extension sends nothing before that.
 */
export type WebviewToExtension =
  { readonly type: 'ready' } | { readonly type: 'request'; readonly id: number; readonly command: string; readonly args?: unknown };

export type ExtensionToWebview =
  | { readonly type: 'state'; readonly state: unknown }
  | { readonly type: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string };

/** Validates a message arriving from a webview; anything else is dropped by the caller. */
export function parseWebviewMessage(value: unknown): WebviewToExtension | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.type === 'ready' && Object.keys(m).length === 1) return { type: 'ready' };
  if (
    m.type === 'request' &&
    Number.isSafeInteger(m.id) &&
    typeof m.command === 'string' &&
    m.command.length > 0 &&
    m.command.length <= 100
  ) {
    return { type: 'request', id: m.id as number, command: m.command, args: m.args };
  }
  return undefined;
}
