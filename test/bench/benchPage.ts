/**
 * A webview page as the browser benchmarks load it: built from its entry as the product's page
 * bundles are (esbuild, browser ESM, minified) with the panels' stylesheet, and served over
 * loopback under the panels' strict CSP (the meta CSP VS Code's webviews rely on, also sent as a
 * header so it applies from the first byte). Other paths (a host frame, an event stream) are the
 * benchmark's own.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { makeNonce, panelHtml } from '../../src/panels/html';

const root = path.join(__dirname, '..', '..');

export interface BenchPageServer {
  readonly origin: string;
  close(): void;
}

/**
 * Builds `entry` (relative to the repository) and serves it: `pagePath` answers the panel HTML
 * titled `title`, `/page.js` and `/webview.css` the built files; `other` may answer any other path
 * (it returns false to let a 404 go out).
 */
export async function serveBenchPage(o: {
  readonly entry: string;
  readonly title: string;
  readonly pagePath: string;
  readonly other?: (url: URL, res: http.ServerResponse, origin: string) => boolean;
}): Promise<BenchPageServer> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-page-'));
  await esbuild.build({
    entryPoints: [path.join(root, o.entry)],
    outfile: path.join(out, 'page.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(root, 'media', 'webview.css'), path.join(out, 'webview.css'));
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === o.pagePath) {
      const html = panelHtml({
        cspSource: origin,
        nonce: makeNonce(),
        title: o.title,
        scriptUri: `${origin}/page.js`,
        styleUris: [`${origin}/webview.css`],
      });
      const csp = /content="([^"]+)"/.exec(html)?.[1].replace(/&#39;/g, "'") ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (o.other?.(url, res, origin)) return;
    const file = path.join(out, path.basename(url.pathname));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    close: () => {
      server.closeAllConnections();
      server.close();
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}
