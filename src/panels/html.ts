/**
 * The HTML shell of every panel: a strict Content Security Policy, one nonce'd module script, our
 * stylesheets, and nothing else. Pure (no vscode) so it is tested directly; the panel code passes
 * in the webview's `cspSource` and resource URIs.
 */
import { randomBytes } from 'node:crypto';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. Every interpolated value goes through it. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** 128 bits of randomness, base64url (valid in a CSP nonce source); a fresh one for every HTML set. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Scripts only by nonce, styles and fonts only from the extension's own files, images also as data:
 * URIs. No 'unsafe-inline', no 'unsafe-eval': our components style themselves through constructable
 * stylesheets and CSSOM properties, which CSP does not block, and never through style attributes.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // l10n-ignore: programmer error, the nonce comes from makeNonce
  if (!/^[A-Za-z0-9_-]+$/.test(nonce)) throw new Error('invalid nonce');
  // A cspSource is a list of sources; code-server's reads "'self' https://*.vscode-cdn.net". A
  // semicolon, comma or any quoted keyword other than 'self' could add directives or loosen them: refuse it.
  const sources = cspSource.trim().split(/\s+/);
  if (!cspSource.trim() || sources.some((x) => x !== "'self'" && /[;,'"]/.test(x)))
    // l10n-ignore: programmer error, the cspSource comes from VS Code
    throw new Error(`invalid cspSource ${JSON.stringify(cspSource)}`);
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface PanelHtmlOptions {
  readonly cspSource: string;
  readonly nonce: string;
  readonly title: string;
  /** The webview URI of the page's bundle (dist/webview/<entry>.js). */
  readonly scriptUri: string;
  /** Webview URIs of stylesheets, in order. */
  readonly styleUris: readonly string[];
  /**
   * Messages the page handles before its first paint, so it paints with data without a round trip.
   * Embedded as a JSON data block (`<script type="application/json">`): never executed, read as
   * text and JSON.parse'd by the page, and validated there like any message.
   */
  readonly initial?: readonly unknown[];
  /** The display language's translations (`vscode.l10n.bundle`), read by the page before it renders; none for English. */
  readonly l10n?: Readonly<Record<string, string>>;
}

/** JSON that cannot end its `<script>` element or open a comment: `<`, `>` and `&` as \u escapes. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A JSON data block the page reads as text (never executed), or nothing. */
function dataBlock(id: string, nonce: string, value: unknown): string {
  if (value === undefined) return '';
  return `  <script type="application/json" id="${id}" nonce="${escapeHtml(nonce)}">${jsonForScript(value)}</script>\n`;
}

export function panelHtml(o: PanelHtmlOptions): string {
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  const styles = o.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  const blocks =
    dataBlock('l10n-bundle', o.nonce, o.l10n) + dataBlock('initial-messages', o.nonce, o.initial?.length ? o.initial : undefined);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeHtml(o.title)}</title>
${styles}
</head>
<body>
  <main id="root" aria-busy="true"></main>
${blocks}  <script type="module" nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
