import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { writeOfflineKubeconfig } from '../harness/fixtures';
import { packageExtension } from '../harness/packaging';
import { CACHE, RESULTS } from '../harness/paths';

/** Shared by every e2e suite: one code-server with our extension, one browser. */
export const workbench: { server?: CodeServerInstance; browser?: Browser } = {};

export const SCREENSHOTS = path.join(RESULTS, 'e2e');

export async function newWorkbenchPage(colorScheme: 'light' | 'dark' = 'dark'): Promise<Page> {
  if (!workbench.server || !workbench.browser) throw new Error('the e2e workbench is not started');
  return openWorkbench(workbench.browser, workbench.server.workspaceUrl, { colorScheme });
}

/** A page on any URL in the shared browser (for servers other than the shared code-server). */
export async function newBrowserPage(url: string, colorScheme: 'light' | 'dark' = 'dark'): Promise<Page> {
  if (!workbench.browser) throw new Error('the e2e browser is not started');
  return openWorkbench(workbench.browser, url, { colorScheme });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Mocha root hooks: start code-server and the browser once for the whole e2e layer. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60_000);
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    const vsix = await packageExtension();
    const kubeconfig = writeOfflineKubeconfig(path.join(CACHE, 'fixtures', 'e2e-kubeconfig.yaml'), 'e2e');
    workbench.server = await startCodeServer({ name: 'e2e', vsixes: [vsix], env: { KUBECONFIG: kubeconfig } });
    workbench.browser = await launchBrowser();
  },
  async afterAll(): Promise<void> {
    await workbench.browser?.close();
    await workbench.server?.stop();
  },
};
