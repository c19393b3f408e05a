import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startSeededEmulator } from '../emulator/demo';
import { Emulator } from '../emulator/emulator';
import { openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { packageExtension } from '../harness/packaging';
import { CACHE } from '../harness/paths';
import { screenshot, workbench } from './workbench';

/**
 * Registers the suite's hooks: before all, an emulator with the demo seed, a code-server with our
 * extension pointed at it and a page showing Data Clusters (handed to `ready`); a screenshot of every
 * failing test; everything stopped after. Returns the locator of a cluster's row.
 */
function useDemoWorkbench(
  name: string,
  speed: number,
  firstRow: string,
  ready: (page: Page, sidebar: Locator) => void,
): { row: (cluster: string) => Locator } {
  let emulator: Emulator | undefined;
  let server: CodeServerInstance | undefined;
  let page: Page | undefined;
  let sidebar: Locator | undefined;
  const row = (cluster: string) =>
    sidebar!.locator('.monaco-list-row', { has: page!.locator('.label-name', { hasText: new RegExp(`^${cluster}$`) }) });
  before(async () => {
    emulator = await startSeededEmulator('demo', { speed });
    const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', `${name}-kubeconfig.yaml`), 'admin', 'analytics');
    server = await startCodeServer({ name, vsixes: [await packageExtension()], env: { KUBECONFIG: kubeconfig } });
    page = await openWorkbench(workbench.browser!, server.workspaceUrl, { colorScheme: 'dark', width: 1500 });
    await page.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
    sidebar = page.locator('#workbench\\.parts\\.sidebar');
    ready(page, sidebar);
    await row(firstRow).waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await screenshot(page, `FAILED-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  });
  after(async () => {
    await page?.context().close();
    await server?.stop();
    await emulator?.stop();
  });
  return { row };
}

/** What a user does first: right-click a cluster and act on it, watching the tree follow. */
describe('Tree actions on the demo clusters', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  // 2x: STARTING lasts a few seconds, long enough to be seen, as it is for a user.
  const { row } = useDemoWorkbench('e2e-actions', 2, 'reporting', (p) => (page = p));

  async function contextMenu(name: string, item: string): Promise<void> {
    await row(name).click({ button: 'right' });
    const menuItem = page.locator('.context-view .monaco-menu .action-item .action-label', {
      hasText: new RegExp(`^${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    });
    await menuItem.first().waitFor({ timeout: 10_000 });
    await menuItem.first().click();
    await page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(async () => {
        // A menu that stays open did not take the click: choose the item with the keyboard instead.
        await menuItem.first().hover();
        await page.keyboard.press('Enter');
      });
  }

  it('offers exactly the actions the state allows in the context menu', async () => {
    await row('ml-features').locator('.codicon-error').waitFor({ timeout: 60_000 });
    await row('reporting').click({ button: 'right' });
    const items = page.locator('.context-view .monaco-menu .action-item .action-label');
    await items.first().waitFor();
    const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await screenshot(page, 'tree-context-menu-stopped');
    await page.keyboard.press('Escape');
    assert.ok(labels.includes('Start'), labels.join('|'));
    assert.ok(labels.includes('Delete…'), labels.join('|'));
    assert.ok(!labels.includes('Terminate…'), labels.join('|'));
    assert.ok(!labels.includes('Restart…'), labels.join('|'));
  });

  it('terminates a FAILED cluster through the modal confirmation', async () => {
    await contextMenu('ml-features', 'Terminate…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Terminate compute cluster ml-features\?/);
    await screenshot(page, 'tree-terminate-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Yes, terminate it' }).click();
    await row('ml-features')
      .locator('.label-description', { hasText: /^STOPPED/ })
      .waitFor({ timeout: 60_000 });
  });

  it('starts a STOPPED cluster from the context menu: the icon goes STARTING, then ACTIVE', async () => {
    await contextMenu('reporting', 'Start');
    await row('reporting').locator('.codicon-loading').waitFor({ timeout: 30_000 });
    await screenshot(page, 'tree-starting');
    await row('reporting').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
    assert.match(await row('reporting').locator('.label-description').innerText(), /^ACTIVE/);
    await screenshot(page, 'tree-active');
  });

  it('deletes a cluster only once its exact name is typed', async () => {
    await contextMenu('ml-features', 'Delete…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    // The prompt says what deleting does before anything is typed.
    await page.locator('.quick-input-message', { hasText: 'This cannot be undone' }).waitFor();
    await input.fill('ml-feature');
    await page.locator('.quick-input-message', { hasText: 'Type ml-features exactly to confirm.' }).waitFor();
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await input.isVisible(), 'a wrong name must not be accepted');
    await screenshot(page, 'tree-delete-typed-name');
    await input.fill('ml-features');
    await page.keyboard.press('Enter');
    await row('ml-features').waitFor({ state: 'detached', timeout: 60_000 });
  });
});

describe('Dialog-driven commands on the demo clusters', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  let sidebar: Locator;
  const { row } = useDemoWorkbench('e2e-dialogs', 10, 'sales-etl', (p, sb) => ((page = p), (sidebar = sb)));
  const quickInput = () => page.locator('.quick-input-widget');

  async function palette(command: string): Promise<void> {
    await page.keyboard.press('F1');
    await quickInput().waitFor();
    await page.keyboard.type(command);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  it("Open Details opens the cluster's panel with its facts", async () => {
    await row('sales-etl').click();
    await page.locator('.tab', { hasText: 'Compute: sales-etl' }).first().waitFor({ timeout: 30_000 });
    const panel = page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();
    await panel.locator('dd', { hasText: 'Running 2/4' }).first().waitFor({ timeout: 30_000 });
    const text = await panel.locator('body').innerText();
    await screenshot(page, 'open-details');
    assert.match(text, /sales-etl/);
    assert.match(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'the cluster ID');
    assert.match(text, /Running 2\/4 \+ Scaling 1\/4/);
  });

  it('Select Namespaces lists the namespaces and watches the chosen ones', async () => {
    await palette('Data Clusters: Select Namespaces');
    const items = page.locator('.quick-input-list .monaco-list-row');
    await items.filter({ hasText: 'streaming' }).first().waitFor();
    const labels = await items.allInnerTexts();
    for (const ns of ['analytics', 'streaming', 'risk'])
      assert.ok(
        labels.some((l) => l.includes(ns)),
        labels.join('|'),
      );
    // Filter to the namespace, tick it with the keyboard, accept.
    await page.keyboard.type('streaming');
    // The list re-renders as it filters: click the row once it is the only one left.
    await page.waitForFunction(
      `(() => { const rows = document.querySelectorAll('.quick-input-list .monaco-list-row'); return rows.length === 1 && rows[0].textContent.includes('streaming'); })()`,
    );
    await items.filter({ hasText: 'streaming' }).first().click();
    await page.locator('.quick-input-widget .monaco-button, .quick-input-widget a', { hasText: /^OK$/ }).first().click();
    await sidebar.getByText('Context emulator-admin · 2 namespaces').first().waitFor({ timeout: 30_000 });
    await row('orders-stream').waitFor({ timeout: 30_000 });
  });

  it('Switch Context offers every kubeconfig context and connects as the chosen user', async () => {
    await palette('Data Clusters: Switch Context');
    const items = page.locator('.quick-input-list .monaco-list-row');
    await items.filter({ hasText: 'emulator-viewer' }).first().waitFor();
    const labels = await items.allInnerTexts();
    for (const c of ['emulator-admin', 'emulator-developer', 'emulator-viewer', 'emulator-nobody'])
      assert.ok(
        labels.some((l) => l.includes(c)),
        labels.join('|'),
      );
    await items.filter({ hasText: 'emulator-viewer' }).first().click();
    await sidebar
      .getByText(/^Context emulator-viewer · /)
      .first()
      .waitFor({ timeout: 30_000 });
    await row('sales-etl').waitFor({ timeout: 30_000 });
  });

  it('Download Driver Logs saves the log through a save dialog', async () => {
    await row('notebook').click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Download Driver Logs…$/ }).first();
    await item.waitFor();
    await item.hover();
    await page.keyboard.press('Enter');
    await quickInput().waitFor();
    await screenshot(page, 'download-save-dialog');
    const input = page.locator('.quick-input-widget input');
    const target = path.join(CACHE, 'runs', 'e2e-dialogs', 'spark-driver-logs.txt');
    await input.fill(target);
    // code-server's save dialog is a quick input: its OK button confirms the typed path.
    await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
    await page.locator('.notifications-toasts', { hasText: /Saved \d+ lines/ }).waitFor({ timeout: 30_000 });
    const fs = await import('node:fs');
    assert.match(fs.readFileSync(target, 'utf8'), /Following driver pod notebook-driver/);
  });
});
