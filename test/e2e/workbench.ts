import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import * as UPNG from 'upng-js';
import { startSeededEmulator } from '../emulator/demo';
import type { Emulator } from '../emulator/emulator';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { writeOfflineKubeconfig } from '../harness/fixtures';
import { packageExtension } from '../harness/packaging';
import { CACHE, RESULTS, ROOT } from '../harness/paths';

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

/**
 * The README's pictures (media/screenshots/) are taken by the suites that reach each state. They
 * are written there only with DATA_CLUSTERS_UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so that
 * an ordinary run, CI's on a clean clone included, never changes a committed file; without it the
 * same crops go to test-results/e2e/readme/.
 */
export const UPDATE_README_SCREENSHOTS = process.env.DATA_CLUSTERS_UPDATE_SCREENSHOTS === '1';
export const README_SCREENSHOTS = UPDATE_README_SCREENSHOTS ? path.join(ROOT, 'media', 'screenshots') : path.join(SCREENSHOTS, 'readme');

/** README pictures of the editor area stop at this height (the panels' suite has 883 px). */
const MAX_EDITOR_HEIGHT = 780;

/** What a README picture shows: the Data Clusters side bar (activity bar to the Port Forwards view), or the editor area (a panel or a form with its tab). */
export type ReadmeArea = 'tree' | 'editor';

async function areaClip(page: Page, area: ReadmeArea): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = async (selector: string) => {
    const b = await page.locator(selector).first().boundingBox();
    if (!b) throw new Error(`${selector} is not on screen`);
    return b;
  };
  if (area === 'editor') {
    const e = await box('#workbench\\.parts\\.editor');
    return { x: Math.round(e.x), y: Math.round(e.y), width: Math.round(e.width), height: Math.round(e.height) };
  }
  const bar = await box('#workbench\\.parts\\.activitybar');
  const side = await box('#workbench\\.parts\\.sidebar');
  // Down to the Port Forwards view's header, which only says that none run.
  const forwards = await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: 'Port Forwards' }).first().boundingBox();
  const bottom = forwards ? forwards.y : side.y + side.height;
  return {
    x: Math.round(bar.x),
    y: Math.round(side.y),
    width: Math.round(side.x + side.width - bar.x),
    height: Math.round(bottom - side.y),
  };
}

/**
 * A README picture: `area` cropped at the page's fixed viewport and scale 1, reduced to a 256-colour
 * palette (text stays sharp; the file is a fraction of Chromium's), written as `name`.png. With
 * `content` (the page of a panel or form) the editor area is cut 16 px right of and below the
 * page's content instead of at its edges, so that a short tab or a narrow form brings no empty
 * half. The pointer rests on the activity bar's empty middle first, so that no button shows its
 * hover.
 */
export async function readmeScreenshot(page: Page, name: string, area: ReadmeArea, content?: FrameLocator): Promise<string> {
  const viewport = page.viewportSize();
  // An editor area taller than the picture: the window is made shorter while it is taken, so that a
  // page sized to the window (the log viewer) is pictured whole rather than cut at the picture's edge.
  const editor = area === 'editor' ? await page.locator('#workbench\\.parts\\.editor').first().boundingBox() : null;
  const excess = viewport && editor ? Math.ceil(editor.height - MAX_EDITOR_HEIGHT) : 0;
  if (viewport && excess > 0) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height - excess });
    await page.waitForTimeout(700);
  }
  try {
    return await takeReadmeScreenshot(page, name, area, content);
  } finally {
    if (viewport && excess > 0) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300);
    }
  }
}

async function takeReadmeScreenshot(page: Page, name: string, area: ReadmeArea, content?: FrameLocator): Promise<string> {
  const viewport = page.viewportSize();
  await page.mouse.move(24, Math.round((viewport?.height ?? 900) / 2));
  await page.waitForTimeout(300);
  const clip = await areaClip(page, area);
  if (content) {
    const body = (await content.locator('body').boundingBox())!;
    // The e2e code is typed without the DOM library: the element is described by what is used.
    type Rect = { left: number; top: number; right: number; bottom: number };
    type Box = { getBoundingClientRect(): Rect; children: ArrayLike<{ getBoundingClientRect(): Rect }> };
    // The extent of the body's children from its top left corner: the same whether the page is scrolled or not.
    const extent = await content.locator('body').evaluate((b) => {
      const body = b as unknown as Box;
      const { left, top } = body.getBoundingClientRect();
      const rects = Array.from(body.children, (c) => c.getBoundingClientRect());
      return { right: Math.max(0, ...rects.map((r) => r.right - left)), bottom: Math.max(0, ...rects.map((r) => r.bottom - top)) };
    });
    // A page as wide as the editor (its scrollbar aside) is shown whole, with the editor's own toolbar.
    const width = Math.round(body.x + extent.right + 16 - clip.x);
    if (width < clip.width - 24) clip.width = Math.max(640, width);
    clip.height = Math.min(clip.height, Math.max(320, Math.round(body.y + extent.bottom + 16 - clip.y)));
  }
  // A taller page is shown by its top: the rest adds bytes, not information.
  if (area === 'editor') clip.height = Math.min(clip.height, MAX_EDITOR_HEIGHT);
  const png = await page.screenshot({ clip });
  const rgba = UPNG.toRGBA8(UPNG.decode(Uint8Array.from(png).buffer));
  fs.mkdirSync(README_SCREENSHOTS, { recursive: true });
  const file = path.join(README_SCREENSHOTS, `${name}.png`);
  fs.writeFileSync(file, Buffer.from(UPNG.encode(rgba, clip.width, clip.height, 256)));
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

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs a command from the Command Palette by its exact label (a trailing ellipsis is not typed). */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${label.replace(/…$/, '')}`);
  await page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    })
    .first()
    .click();
}

/** The Data Clusters tree's row of `cluster`, by its label exactly. */
export const treeRow = (page: Page, cluster: string): Locator =>
  page
    .locator('#workbench\\.parts\\.sidebar')
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(cluster)}$`) }) })
    .first();

/** The page of the visible panel (code-server nests it: webview iframe, then its active frame). */
export const panelFrame = (page: Page): FrameLocator =>
  page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();

/**
 * Opens the panel of a tree row (its label `name`) by a click, and waits for its editor tab `title`
 * and the page's heading `name`.
 */
export async function openPanel(page: Page, name: string, title: string): Promise<FrameLocator> {
  await treeRow(page, name).click();
  const tab = page.locator('.tab', { hasText: title }).first();
  // A click on the row that already has the focus can be taken as a mere selection: Enter opens it too.
  await tab.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Enter'));
  await tab.waitFor({ timeout: 30_000 });
  const f = panelFrame(page);
  await f.locator('h1', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).waitFor({ timeout: 30_000 });
  return f;
}

export type Theme = 'Default Dark Modern' | 'Default Light Modern';

/** Through the theme picker, as a user does (the webviews follow the workbench theme). */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  // The picker labels themes without the "Default" of their settings id.
  const label = theme.replace(/^Default /, '');
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator(theme.includes('Light') ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
}

/**
 * Sizes the window so that the panel's page `f` is `target` px wide: the workbench around the editor
 * (activity bar, side bar) keeps its width as the window changes, so the difference is measured and
 * the window set again until the page's own width is within a few pixels. Answers that width.
 */
export async function fitTo(page: Page, f: FrameLocator, target: number): Promise<number> {
  const pageWidth = () => f.locator('html').evaluate((h) => (h as unknown as { clientWidth: number }).clientWidth);
  let width = await pageWidth();
  for (let i = 0; i < 6 && Math.abs(width - target) > 6; i++) {
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width + (target - width), height: size.height });
    // The workbench lays the editor out on the resize event: wait until the page's width follows.
    const before = width;
    for (let waited = 0; waited < 40 && (await pageWidth()) === before; waited++) await page.waitForTimeout(100);
    await page.waitForTimeout(300);
    width = await pageWidth();
  }
  // A vertical scrollbar (10 px) comes and goes with the tab shown: "close" allows for it.
  assert.ok(Math.abs(width - target) <= 16, `the page is ${width} px wide, not ${target}`);
  return width;
}

/** A suite's own workbench: the extension in a code-server of its own, against a demo emulator. */
export interface ExtensionWorkbench {
  readonly emulator: Emulator;
  readonly page: Page;
  /** Closes the page, then stops code-server and the emulator. */
  close(): Promise<void>;
}

export interface ExtensionWorkbenchOptions {
  /** Names the code-server instance and its kubeconfig (`<name>-kubeconfig.yaml` in the fixtures). */
  readonly name: string;
  /** The namespace of the kubeconfig's context (the admin user's). */
  readonly namespace: string;
  /** The `dataClusters.namespaces` setting. */
  readonly namespaces: readonly string[];
  /** The browser window's size. */
  readonly width: number;
  readonly height: number;
  /** The folder code-server opens a copy of. */
  readonly workspaceFrom?: string;
  /** Writes to the emulator before the extension first reads it. */
  readonly prepare?: (emulator: Emulator) => void;
  /** Subscribes to the page's events (dialogs, console) as soon as it opens. */
  readonly listen?: (page: Page) => void;
  /** Shows the Data Clusters view, then waits for this cluster's row. */
  readonly showRow?: string;
}

/**
 * Opens a suite's workbench in the shared browser (dark): the demo emulator at 4x, the packaged
 * extension in code-server reading it through an admin kubeconfig. What it started is stopped again
 * when a step fails.
 */
export async function openExtensionWorkbench(o: ExtensionWorkbenchOptions): Promise<ExtensionWorkbench> {
  const emulator = await startSeededEmulator('demo', { speed: 4 });
  let server: CodeServerInstance | undefined;
  let page: Page | undefined;
  const close = async (): Promise<void> => {
    await page?.context().close();
    await server?.stop();
    await emulator.stop();
  };
  try {
    const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', `${o.name}-kubeconfig.yaml`), 'admin', o.namespace);
    o.prepare?.(emulator);
    server = await startCodeServer({
      name: o.name,
      vsixes: [await packageExtension()],
      env: { KUBECONFIG: kubeconfig },
      workspaceFrom: o.workspaceFrom,
      settings: { 'dataClusters.namespaces': [...o.namespaces] },
    });
    const opened = (page = await openWorkbench(workbench.browser!, server.workspaceUrl, {
      colorScheme: 'dark',
      width: o.width,
      height: o.height,
    }));
    o.listen?.(opened);
    if (o.showRow) {
      await opened.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
      await treeRow(opened, o.showRow).waitFor({ timeout: 60_000 });
    }
    return { emulator, page: opened, close };
  } catch (err) {
    await close();
    throw err;
  }
}
