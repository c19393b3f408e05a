/**
 * What the code-server benchmarks share: the demo emulator, our production .vsix and the probe
 * extension (test/bench/extension) installed into a fresh code-server, and one browser page on it.
 */
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSeededEmulator } from '../emulator/demo';
import { Emulator } from '../emulator/emulator';
import { DEMO_NAMESPACES } from '../emulator/seeds/demo';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { packageExtension, packageStaged, stageTestOnlyExtension } from '../harness/packaging';
import type { ActivationMarks } from '../../src/api';
import { CACHE, RESULTS } from '../harness/paths';

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the page's and the extension host's. */
export const now = (): number => performance.timeOrigin + performance.now();

/** Packages the probe extension (test equipment, never published). */
export async function packageProbe(): Promise<string> {
  const src = path.join(__dirname, 'extension');
  const dest = path.join(CACHE, 'bench-probe');
  stageTestOnlyExtension(dest, path.join(src, 'package.json'), 'Data Clusters benchmark probe.');
  await esbuild.build({
    entryPoints: [path.join(src, 'probe.ts')],
    outfile: path.join(dest, 'dist', 'probe.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
  });
  return packageStaged(dest, path.join(CACHE, 'data-clusters-bench-probe.vsix'));
}

export interface BenchWorkbench {
  readonly emulator: Emulator;
  readonly kubeconfig: string;
  readonly server: CodeServerInstance;
  readonly browser: Browser;
  readonly page: Page;
  /** The folder the probe extension reads and writes. */
  readonly dir: string;
  readonly sidebar: ReturnType<Page['locator']>;
  stop(): Promise<void>;
}

/** Starts it all; the page shows the workbench with Data Clusters not yet activated (its view is not open). */
export async function startBenchWorkbench(name: string): Promise<BenchWorkbench> {
  const emulator = await startSeededEmulator('demo', { speed: 1 });
  const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', `${name}-kubeconfig.yaml`), 'admin', 'analytics');
  const dir = path.join(CACHE, 'bench', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const vsixes = [await packageExtension({ production: true }), await packageProbe()];
  const server = await startCodeServer({
    name,
    vsixes,
    env: { KUBECONFIG: kubeconfig, DATA_CLUSTERS_BENCH_DIR: dir },
    // As `npm start` shows the demo: every namespace, so both views have clusters, grouped by namespace.
    settings: { 'dataClusters.namespaces': [...DEMO_NAMESPACES] },
  });
  const browser = await launchBrowser();
  const page = await openWorkbench(browser, server.workspaceUrl, { colorScheme: 'dark', width: 1500 });
  await waitForFile(path.join(dir, 'probe-ready'), 60_000);
  return {
    emulator,
    kubeconfig,
    server,
    browser,
    page,
    dir,
    sidebar: page.locator('#workbench\\.parts\\.sidebar'),
    async stop() {
      await browser.close().catch(() => undefined);
      await server.stop();
      await emulator.stop();
    },
  };
}

export async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${path.basename(file)} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Data Clusters' activation marks, read through the probe. */
export async function readMarks(dir: string): Promise<ActivationMarks> {
  const file = path.join(dir, 'marks.json');
  fs.rmSync(file, { force: true });
  fs.writeFileSync(path.join(dir, 'marks-request'), String(Date.now()));
  await waitForFile(file, 10_000);
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { active: boolean; marks?: ActivationMarks };
  if (!r.active || !r.marks) throw new Error('Data Clusters is not active');
  return r.marks;
}

/**
 * Installs, in the page, a MutationObserver that resolves `window.__rowSeen` with the page's
 * wall-clock time at the first DOM change after which the tree row labelled `label` has a
 * description that matches `pattern` (or, with `negate`, does not). Page code is a string: this
 * project's TypeScript has no DOM types.
 */
export async function watchRow(page: Page, label: string, pattern: string, negate = false): Promise<void> {
  await page.evaluate(`(() => {
    const label = ${JSON.stringify(label)}, re = new RegExp(${JSON.stringify(pattern)}), negate = ${negate};
    const matches = () => {
      for (const row of document.querySelectorAll('.monaco-list-row')) {
        if (row.querySelector('.label-name')?.textContent?.trim() !== label) continue;
        return re.test(row.querySelector('.label-description')?.textContent ?? '') !== negate;
      }
      return false;
    };
    window.__rowSeen = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!matches()) return;
        const t = performance.timeOrigin + performance.now();
        observer.disconnect();
        resolve(t);
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  })()`);
}

/** The time the row watched by watchRow changed, or an error after timeoutMs. */
export async function rowSeen(page: Page, timeoutMs = 10_000): Promise<number> {
  return page.evaluate(`Promise.race([
    window.__rowSeen,
    new Promise((_, reject) => setTimeout(() => reject(new Error('row did not change')), ${timeoutMs})),
  ])`) as Promise<number>;
}

export function kubectl(kubeconfig: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], (err, _out, stderr) =>
      err ? reject(new Error(stderr || String(err))) : resolve(),
    ),
  );
}

/** A picture of the page when a benchmark fails, under test-results/bench/. */
export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  const dir = path.join(RESULTS, 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `FAILED-${name}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  console.error(`screenshot: ${file}`);
}
