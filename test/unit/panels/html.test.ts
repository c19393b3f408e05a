import * as assert from 'node:assert/strict';
import { jsonForScript, contentSecurityPolicy, escapeHtml, makeNonce, panelHtml } from '../../../src/panels/html';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

describe('panel HTML', () => {
  it('escapes every HTML-significant character', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });

  it('makes fresh, CSP-valid nonces', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a, makeNonce());
  });

  it('builds a strict CSP: nothing by default, scripts by nonce, no unsafe-*', () => {
    const csp = contentSecurityPolicy(cspSource, 'abc');
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-abc'; style-src ${cspSource}; font-src ${cspSource}; img-src ${cspSource} data:; base-uri 'none'; form-action 'none'`,
    );
    assert.doesNotMatch(csp, /unsafe/);
    assert.throws(() => contentSecurityPolicy("x; script-src 'unsafe-inline'", 'abc'));
    assert.throws(() => contentSecurityPolicy(cspSource, "a' 'unsafe-eval"));
    assert.throws(() => contentSecurityPolicy("'self' 'unsafe-inline'", 'abc'));
    assert.throws(() => contentSecurityPolicy("https://a, 'unsafe-eval'", 'abc'));
  });

  it("accepts code-server's cspSource: 'self' and a wildcard host", () => {
    const csp = contentSecurityPolicy("'self' https://*.vscode-cdn.net", 'abc');
    assert.match(csp, /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
    assert.doesNotMatch(csp, /unsafe/);
  });

  it('puts the title and URIs in as text, with one nonce-bearing module script and no inline style or script', () => {
    const html = panelHtml({
      cspSource,
      nonce: 'n0nce',
      title: 'Compute: <img src=x onerror=alert(1)>',
      scriptUri: 'https://x/dist/webview/cluster.js?"><script>',
      styleUris: ['https://x/media/webview.css'],
    });
    assert.ok(html.includes('<title>Compute: &lt;img src=x onerror=alert(1)&gt;</title>'));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(
      html,
      /<script type="module" nonce="n0nce" src="https:\/\/x\/dist\/webview\/cluster.js\?&quot;&gt;&lt;script&gt;"><\/script>/,
    );
    assert.doesNotMatch(html, /style=|<style/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/webview.css">/);
  });

  it('embeds the first messages as a JSON data block that no string can end or turn into markup', () => {
    const hostile = {
      kind: 'notification',
      name: 'compute.update',
      body: { description: '</script><script>alert(1)</script><!-- & \u2028' },
    };
    const html = panelHtml({ cspSource, nonce: 'n0nce', title: 't', scriptUri: 'https://x/c.js', styleUris: [], initial: [hostile] });
    const m = /<script type="application\/json" id="initial-messages" nonce="n0nce">([^<]*)<\/script>/.exec(html);
    assert.ok(m, 'one data block');
    assert.equal(html.match(/<\/script>/g)?.length, 2);
    assert.doesNotMatch(m[1], /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(m[1]), [hostile]);
  });

  it("embeds the display language's translations as a data block the page reads before it renders", () => {
    const l10n = { Details: 'Détails', 'Delete…': '</script><b>Löschen…</b>' };
    const html = panelHtml({ cspSource, nonce: 'n0nce', title: 't', scriptUri: 'https://x/c.js', styleUris: [], l10n });
    const m = /<script type="application\/json" id="l10n-bundle" nonce="n0nce">([^<]*)<\/script>/.exec(html);
    assert.ok(m, 'one bundle block');
    assert.ok(html.indexOf('id="l10n-bundle"') < html.indexOf('type="module"'), 'before the page script');
    assert.deepEqual(JSON.parse(m[1]), l10n);
  });

  it('has no data block when there is nothing to embed', () => {
    const html = panelHtml({ cspSource, nonce: 'n0nce', title: 't', scriptUri: 'https://x/c.js', styleUris: [], initial: [] });
    assert.doesNotMatch(html, /application\/json/);
    assert.equal(jsonForScript('a<b'), '"a\\u003cb"');
  });
});
