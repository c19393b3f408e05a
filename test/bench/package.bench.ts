/**
 * What a user installs and waits for: the production .vsix's size, each bundle's size, and the
 * activation time in a real VS Code (code-server) against the demo emulator, from the activation
 * event (the Data Clusters icon clicked) to the views populated, split into
 * - loading the bundle (mostly the bundled Kubernetes client library), measured in the extension
 *   host and, repeatably, by requiring the bundle in plain Node;
 * - our own work: activate() and the connection up to the first tree rows (kubeconfig, identity,
 *   lists from the emulator, derivation). Target: 150 ms;
 * - VS Code drawing the rows.
 */
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../harness/paths';
import { bench, pct, runBench } from './report';
import { now, readMarks, screenshotOnFailure, startBenchWorkbench, waitForFile } from './benchWorkbench';

const KiB = 1024;

/** Loads a CommonJS bundle in a fresh Node with a stub `vscode` module; prints the require time in ms. */
const REQUIRE_SCRIPT = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  // Any member is a function (a class a module may extend at load time); the bundle's ESM interop
  // copies no own keys from a proxy, so its members are also what the prototype answers.
  if (request === 'vscode') {
    const member = function () {};
    const proto = new Proxy({}, { get: () => member });
    return new Proxy({}, { get: () => member, getPrototypeOf: () => proto });
  }
  return load.call(this, request, ...rest);
};
const t0 = performance.now();
require(process.argv[1]);
console.log(performance.now() - t0);
`;

function requireMs(bundle: string, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', REQUIRE_SCRIPT, bundle], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`requiring ${bundle} failed: ${r.stderr}`);
    times.push(Number(r.stdout.trim()));
  }
  return pct(times, 50);
}

async function main(): Promise<void> {
  // The production package, as `npm run package` makes it (the workbench below installs the same build).
  const wb = await startBenchWorkbench('bench-activation');
  try {
    const vsix = path.join(ROOT, '.vscode-test', 'data-clusters.vsix');
    bench('vsix_size', fs.statSync(vsix).size / KiB, 'KiB');
    bench('bundle_extension_js', fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size / KiB, 'KiB');
    for (const f of fs
      .readdirSync(path.join(ROOT, 'dist', 'webview'))
      .filter((f) => f.endsWith('.js'))
      .sort())
      bench(`bundle_webview_${f.replace(/\.js$/, '')}_js`, fs.statSync(path.join(ROOT, 'dist', 'webview', f)).size / KiB, 'KiB');

    // The activation event: a click on the Data Clusters icon opens its views (onView).
    const { page, sidebar } = wb;
    // The page's clock is the machine's, as the extension host's is: times are compared as wall-clock ms.
    const clicked = (await page.evaluate(`(() => {
      const icon = document.querySelector('.activitybar .action-item [aria-label^="Data Clusters"]');
      const t = performance.timeOrigin + performance.now();
      icon.click();
      return t;
    })()`)) as number;
    const firstRow = sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^adhoc-sql$/ }) });
    await firstRow.waitFor({ timeout: 60_000 });
    const rowDrawn = now();
    const m = await readMarks(wb.dir);
    const populated = Math.max(m.computePopulatedAt ?? NaN, m.sessionPopulatedAt ?? NaN);
    bench('activation_event_to_bundle_loaded', m.bundleLoadedAt - clicked, 'ms');
    bench('activation_activate_call', m.activateEndedAt - m.activateStartedAt, 'ms');
    bench('activation_activate_to_connection_created', (m.connectionCreatedAt ?? NaN) - m.activateStartedAt, 'ms');
    bench('activation_connection_created_to_scope_chosen', (m.scopeChosenAt ?? NaN) - (m.connectionCreatedAt ?? NaN), 'ms');
    bench('activation_scope_chosen_to_compute_listed', (m.computeListedAt ?? NaN) - (m.scopeChosenAt ?? NaN), 'ms');
    bench('activation_scope_chosen_to_session_listed', (m.sessionListedAt ?? NaN) - (m.scopeChosenAt ?? NaN), 'ms');
    bench('activation_listed_to_populated', populated - Math.max(m.computeListedAt ?? NaN, m.sessionListedAt ?? NaN), 'ms');
    bench('activation_activate_to_compute_populated', (m.computePopulatedAt ?? NaN) - m.activateStartedAt, 'ms');
    bench('activation_activate_to_session_populated', (m.sessionPopulatedAt ?? NaN) - m.activateStartedAt, 'ms');
    bench('activation_own_work', populated - m.activateStartedAt, 'ms');
    bench('activation_event_to_views_populated', populated - clicked, 'ms');
    // Upper bound on VS Code's drawing: the row is seen by a locator poll, not timestamped in the page.
    bench('activation_event_to_row_drawn', rowDrawn - clicked, 'ms');

    // The next session (a window reload: a new extension host, the views open from the start): the
    // watch scope is remembered, so the first lists go out without waiting for access reviews.
    fs.rmSync(path.join(wb.dir, 'probe-ready'), { force: true });
    // Reload Window, not a page reload: VS Code shuts the window down and saves its state, as when a
    // user closes it at night; a page reload can drop state not yet written.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Developer: Reload Window');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().click();
    await waitForFile(path.join(wb.dir, 'probe-ready'), 60_000);
    await firstRow.waitFor({ timeout: 60_000 });
    let warm = await readMarks(wb.dir);
    for (let i = 0; i < 100 && !(warm.computePopulatedAt && warm.sessionPopulatedAt); i++) {
      await new Promise((r) => setTimeout(r, 100));
      warm = await readMarks(wb.dir);
    }
    const warmPopulated = Math.max(warm.computePopulatedAt ?? NaN, warm.sessionPopulatedAt ?? NaN);
    bench(
      'activation_next_session_connection_created_to_scope_chosen',
      (warm.scopeChosenAt ?? NaN) - (warm.connectionCreatedAt ?? NaN),
      'ms',
    );
    bench('activation_next_session_own_work', warmPopulated - warm.activateStartedAt, 'ms');

    // The same bundle's load, repeatably, in plain Node (stub vscode): and the client library alone.
    bench('bundle_require_node', requireMs(path.join(ROOT, 'dist', 'extension.js')), 'ms');
    const clientOnly = path.join(ROOT, '.vscode-test', 'bench', 'client-node-only.js');
    await esbuild.build({
      stdin: { contents: "export * from '@kubernetes/client-node';", resolveDir: ROOT, loader: 'ts' },
      outfile: clientOnly,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      minify: true,
      logLevel: 'error',
    });
    bench('client_library_require_node', requireMs(clientOnly), 'ms');
    bench('client_library_size', fs.statSync(clientOnly).size / KiB, 'KiB');
  } catch (err) {
    await screenshotOnFailure(wb.page, 'activation');
    throw err;
  } finally {
    await wb.stop();
  }
}

runBench(main);
