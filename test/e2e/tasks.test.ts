import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT } from '../harness/paths';
import {
  escapeRegExp,
  type ExtensionWorkbench,
  fitTo,
  openExtensionWorkbench,
  openPanel,
  panelFrame,
  README_SCREENSHOTS,
  readmeScreenshot,
  runCommand,
  screenshot,
  SCREENSHOTS,
  setTheme,
} from './workbench';

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const THEMES = ['Default Dark Modern', 'Default Light Modern'] as const;
const modeOf = (theme: (typeof THEMES)[number]) => (theme.includes('Light') ? 'light' : 'dark');
/** The task the Explorer runs from the demo workspace's jar: it fails on its 20th record, every attempt. */
const FAILING = 'orders-e2e';

/**
 * The Flink tasks loop as a user drives it in code-server: the demo's session cluster with its tasks
 * in the tree, a workspace jar run from the Explorer through the wizard, its failure told in one
 * sentence and traced to the workspace's source, its printed output, the cluster panel's Tasks tab.
 */
describe('Flink tasks on a session cluster', function () {
  this.timeout(10 * 60_000);
  let opened: ExtensionWorkbench | undefined;
  let page: Page;

  const sidebar = () => page.locator('#workbench\\.parts\\.sidebar');
  const row = (name: string): Locator =>
    sidebar()
      .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
      .first();

  /** The Data Clusters side bar (its activity bar button toggles the side bar when it already shows). */
  async function showDataClusters(): Promise<void> {
    const button = page.locator('.activitybar .action-item', { has: page.locator('[aria-label^="Data Clusters"]') }).first();
    if (!(await sidebar().isVisible()) || !/\bchecked\b/.test((await button.getAttribute('class')) ?? '')) await button.click();
    await row('orders-stream').waitFor({ timeout: 60_000 });
  }

  /** orders-stream expanded, its task rows under it. */
  async function expandOrdersStream(): Promise<void> {
    await showDataClusters();
    const cluster = row('orders-stream');
    if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.locator('.monaco-tl-twistie').click();
    await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: 'orders-stream' }).waitFor();
  }

  async function contextMenu(target: Locator, item: string): Promise<void> {
    await target.click({ button: 'right' });
    const menuItem = page.locator('.context-view .monaco-menu .action-item .action-label', {
      hasText: new RegExp(`^${escapeRegExp(item)}$`),
    });
    await menuItem.first().waitFor({ timeout: 10_000 });
    await menuItem.first().click();
    await page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(async () => {
        await menuItem.first().hover();
        await page.keyboard.press('Enter');
      });
  }

  async function showTab(f: FrameLocator, label: string): Promise<void> {
    await f.locator('vscode-tab-header', { hasText: label }).first().click();
    await f.locator('vscode-tab-header[active]', { hasText: label }).waitFor();
  }

  /** No editor open: the panel a test opens has the editor area to itself. */
  async function closeAllEditors(): Promise<void> {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
  }

  /** The task's panel, opened from its tree row (Open Task is the row's command). */
  async function openTask(name: string): Promise<FrameLocator> {
    await expandOrdersStream();
    return openPanel(page, name, `Task: ${name}`);
  }

  /** Step `step` of the wizard (its title says "n/6"): what is typed replaces the proposed value, Enter accepts. */
  async function answer(step: number, text: string, prompt?: RegExp): Promise<void> {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `(${step}/6)` }).waitFor({ timeout: 30_000 });
    if (prompt) await page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor();
    await page.locator('.quick-input-widget input').press('ControlOrMeta+A');
    await page.keyboard.type(text);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
  }

  /** Runs the demo jar from the Explorer's context menu, typing each answer of the wizard. */
  async function runFailingJar(): Promise<void> {
    await page.locator('.activitybar .action-item [aria-label^="Explorer"]').first().click();
    const explorer = page.locator('.explorer-folders-view');
    const entry = (name: string) => explorer.locator('.monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).first();
    for (const folder of ['orders-job', 'target']) {
      await entry(folder).waitFor({ timeout: 30_000 });
      if ((await entry(folder).getAttribute('aria-expanded')) !== 'true') await entry(folder).click();
    }
    await contextMenu(entry('orders-job-1.0.jar'), 'Run Task…');
    await page.locator('.quick-input-widget', { hasText: 'Run orders-job-1.0.jar' }).waitFor({ timeout: 30_000 });
    await answer(1, 'orders-stream');
    await answer(2, FAILING, /The task name/);
    await answer(3, 'com.example.orders.OrdersJob');
    await answer(4, '2', /Parallelism: \d+ of \d+ slots free on orders-stream/);
    await screenshot(page, 'task-run-wizard-parallelism');
    await answer(5, '--fail-after 20 --rate 10', /Program arguments/);
    await page.locator('.quick-input-widget .quick-input-title', { hasText: '(6/6)' }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'No savepoint' }).first().click();
  }

  before(async () => {
    opened = await openExtensionWorkbench({
      name: 'e2e-tasks',
      namespace: 'streaming',
      namespaces: ['analytics', 'streaming'],
      width: 1500,
      height: 950,
      workspaceFrom: path.join(ROOT, 'demo', 'workspace'),
      listen: (p) =>
        p.on('console', (m) => {
          if (m.text().includes('[data-clusters]')) console.log(`    [page] ${m.text()}`);
        }),
    });
    page = opened.page;
    await showDataClusters();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `FAILED-tasks-${slug(this.currentTest.title).slice(0, 60)}`);
      // A wizard left open (it ignores focus out) would stand in the next test's way.
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    }
  });
  after(async () => {
    await opened?.close();
  });

  it("the Session Clusters tree shows orders-stream's tasks under it with their states", async () => {
    await expandOrdersStream();
    await row('orders-enrich')
      .locator('.label-description', { hasText: /^RUNNING\b/ })
      .waitFor({ timeout: 90_000 });
    await row('orders-replay')
      .locator('.label-description', { hasText: /^SUSPENDED\b/ })
      .waitFor({ timeout: 30_000 });
    assert.match(await row('orders-enrich').locator('.label-description').innerText(), /parallelism 2/);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await readmeScreenshot(page, `tasks-tree-${modeOf(theme)}`, 'tree');
    }
    await setTheme(page, 'Default Dark Modern');
  });

  it('runs the workspace jar from the Explorer; its failure is told in one sentence and its frame opens the source at the line', async () => {
    await closeAllEditors();
    await runFailingJar();
    // The task is in the tree under its cluster.
    await expandOrdersStream();
    await row(FAILING).waitFor({ timeout: 60_000 });
    // The restart strategy gives up (3 attempts, 1 s apart): one notification with the first line of the cause.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Task ${FAILING} failed` }).first();
    await toast.waitFor({ timeout: 120_000 });
    const message = (await toast.locator('.notification-list-item-message').innerText()).trim();
    assert.match(message, new RegExp(`^Task ${FAILING} failed: .*IllegalStateException: Order \\d+ has no customer`));
    assert.doesNotMatch(message, /\n|\tat /, 'one sentence, no stack trace');
    await row(FAILING)
      .locator('.label-description', { hasText: /^FAILED\b/ })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'task-failed-notification');
    // Show Exceptions: the task panel on its Exceptions tab, the stack trace with a link to the workspace's source.
    await toast.locator('.monaco-button', { hasText: 'Show Exceptions' }).click();
    await page
      .locator('.tab', { hasText: `Task: ${FAILING}` })
      .first()
      .waitFor({ timeout: 30_000 });
    const f = panelFrame(page);
    await f.locator('vscode-tab-header[active]', { hasText: 'Exceptions' }).waitFor({ timeout: 30_000 });
    const trace = f.locator('.exception .trace').first();
    await trace.waitFor({ timeout: 30_000 });
    assert.match(await trace.innerText(), /IllegalStateException: Order \d+ has no customer/);
    const link = f.locator('.frame.in-workspace a', { hasText: /OrderEnricher\.java:\d+/ }).first();
    const text = await link.innerText();
    const line = Number(/OrderEnricher\.java:(\d+)/.exec(text)![1]);
    const source = fs.readFileSync(
      path.join(ROOT, 'demo/workspace/orders-job/src/main/java/com/example/orders/OrderEnricher.java'),
      'utf8',
    );
    assert.match(source.split('\n')[line - 1], /throw new IllegalStateException/, `line ${line} of OrderEnricher.java throws`);
    await readmeScreenshot(page, 'task-panel-exceptions-failed-dark', 'editor', f);
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: /^OrderEnricher\.java/ }).waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'task-frame-opened-source');
  });

  it("Show Task Output opens the task's output channel with the print sink's lines", async () => {
    await expandOrdersStream();
    await row('orders-enrich')
      .locator('.label-description', { hasText: /^RUNNING\b/ })
      .waitFor({ timeout: 90_000 });
    await contextMenu(row('orders-enrich'), 'Show Task Output');
    const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
    await output.waitFor({ timeout: 30_000 });
    const channel = await page
      .locator('.part.panel select.monaco-select-box')
      .first()
      .evaluate((s) => {
        const sel = s as unknown as { options: ArrayLike<{ text: string }>; selectedIndex: number };
        return sel.options[sel.selectedIndex]?.text ?? '';
      });
    assert.equal(channel, 'Flink task orders-enrich: output');
    // Flink's print sink: "<subtask>> <record>" at parallelism 2, after the TaskManager pod that printed it.
    await page
      .locator('.part.panel .view-line', { hasText: /^\[orders-stream-taskmanager-[\w-]+\]\s\d+>\sOrdersJobEvent\{/ })
      .first()
      .waitFor({ timeout: 60_000 });
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await screenshot(page, `task-output-${modeOf(theme)}`);
      await readmeScreenshotOfPanel(`task-output-${modeOf(theme)}`);
    }
    await setTheme(page, 'Default Dark Modern');
  });

  /** The Output view (the workbench's panel part), cropped, written beside the README's pictures. */
  async function readmeScreenshotOfPanel(name: string): Promise<void> {
    const box = await page.locator('.part.panel').first().boundingBox();
    assert.ok(box, 'the panel part is on screen');
    fs.mkdirSync(README_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(README_SCREENSHOTS, `${name}.png`), clip: box });
  }

  it("the cluster panel's Tasks tab lists orders-stream's tasks", async () => {
    await closeAllEditors();
    await showDataClusters();
    await row('orders-stream').click();
    const tab = page.locator('.tab', { hasText: 'Session cluster: orders-stream' }).first();
    await tab.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Enter'));
    await tab.waitFor({ timeout: 30_000 });
    const f = panelFrame(page);
    await f.locator('h1', { hasText: /^orders-stream$/ }).waitFor({ timeout: 30_000 });
    await showTab(f, 'Tasks');
    for (const name of ['orders-enrich', 'orders-replay'])
      await f.locator('table.grid td', { hasText: name }).first().waitFor({ timeout: 30_000 });
    const rows = await f.locator('table.grid tbody tr').allInnerTexts();
    assert.ok(
      rows.some((r) => /orders-enrich/.test(r) && /RUNNING/.test(r)),
      rows.join('|'),
    );
    assert.ok(
      rows.some((r) => /orders-replay/.test(r) && /SUSPENDED/.test(r)),
      rows.join('|'),
    );
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await readmeScreenshot(page, `tasks-tab-${modeOf(theme)}`, 'editor', f);
    }
    await setTheme(page, 'Default Dark Modern');
  });

  it('the task panel: Overview, Graph and Exceptions in dark and light, wide and 500 px wide', async () => {
    await closeAllEditors();
    const f = await openTask('orders-enrich');
    const ready: Record<string, () => Promise<void>> = {
      Overview: () => f.locator('dl').first().waitFor({ timeout: 30_000 }),
      Graph: () => f.locator('article.vertex').first().waitFor({ timeout: 30_000 }),
      Exceptions: () => f.locator('.exception, p.note', { hasText: /\S/ }).first().waitFor({ timeout: 30_000 }),
    };
    for (const theme of THEMES) {
      await setTheme(page, theme);
      for (const tab of Object.keys(ready)) {
        await showTab(f, tab);
        await ready[tab]();
        await page.waitForTimeout(300);
        await readmeScreenshot(page, `task-panel-${slug(tab)}-${modeOf(theme)}`, 'editor', f);
      }
    }
    await setTheme(page, 'Default Dark Modern');
    // 500 px wide: the page reads without scrolling sideways.
    const narrow = await openTask('orders-enrich');
    const size = page.viewportSize()!;
    try {
      await fitTo(page, narrow, 500);
      const dir = path.join(SCREENSHOTS, 'narrow');
      fs.mkdirSync(dir, { recursive: true });
      for (const tab of Object.keys(ready)) {
        await showTab(narrow, tab);
        await page.waitForTimeout(500);
        await page.locator('#workbench\\.parts\\.editor').screenshot({ path: path.join(dir, `task-panel-${slug(tab)}-500-dark.png`) });
        const sideways = await narrow
          .locator('html')
          .evaluate(
            (h) =>
              (h as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth -
              (h as unknown as { clientWidth: number }).clientWidth,
          );
        assert.ok(sideways <= 1, `${tab} scrolls sideways by ${sideways} px at 500 px`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  });
});
