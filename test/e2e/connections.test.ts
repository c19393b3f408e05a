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

/** What a user does to hook a tool up: the palette, three quick picks, and the snippet in an editor. */
describe('Connection snippets and port-forwards in code-server', function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator | undefined;
  let server: CodeServerInstance | undefined;
  let page: Page;
  let sidebar: Locator;
  const quickInput = () => page.locator('.quick-input-widget');
  const rows = () => page.locator('.quick-input-list .monaco-list-row');
  const row = (cluster: string) =>
    sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${cluster}$`) }) });

  before(async () => {
    emulator = await startSeededEmulator('demo', { speed: 10 });
    const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', 'e2e-connections-kubeconfig.yaml'), 'admin', 'analytics');
    server = await startCodeServer({ name: 'e2e-connections', vsixes: [await packageExtension()], env: { KUBECONFIG: kubeconfig } });
    page = await openWorkbench(workbench.browser!, server.workspaceUrl, { colorScheme: 'dark', width: 1500 });
    await page.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
    sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await row('sales-etl').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
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

  async function palette(command: string): Promise<void> {
    await page.keyboard.press('F1');
    await quickInput().waitFor();
    await page.keyboard.type(command);
    await rows().filter({ hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** The quick pick's rows as read aloud, in order: label, description and detail (a label's icon reads as its name and two spaces). */
  async function ariaLabels(): Promise<string[]> {
    const aria = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return aria.map((a) => a.replace(/^[a-z0-9~-]+\s{2,}/, '').trim());
  }

  /** The labels of the rows (for pickers whose labels hold no comma). */
  async function labels(): Promise<string[]> {
    return (await ariaLabels()).map((a) => a.split(',')[0].trim());
  }

  /** Waits for the quick pick titled like `title`, filters it to `label` and accepts the row with exactly that label. */
  async function choose(title: RegExp, label: string): Promise<string[]> {
    await page.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
    await rows().first().waitFor();
    const all = await labels();
    await page.locator('.quick-input-widget input').fill(label);
    const deadline = Date.now() + 10_000;
    while (!(await ariaLabels())[0]?.startsWith(label)) {
      if (Date.now() > deadline) throw new Error(`no row labelled ${label}: ${(await ariaLabels()).join('|')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.keyboard.press('Enter');
    return all;
  }

  /** The editor's text as Monaco renders it (non-breaking spaces back to spaces). */
  async function editorText(): Promise<string> {
    const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await lines.waitFor();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  it('Insert Connection Snippet… from the palette: cluster (ACTIVE first), tool, endpoint, transport, into a new editor', async () => {
    await palette('Data Clusters (Compute): Insert Connection Snippet');
    const clusters = await choose(/Choose the compute cluster/, 'sales-etl');
    // ACTIVE ones come first: sales-etl and notebook run in the demo, the others do not.
    assert.deepEqual(clusters.slice(0, 2).sort(), ['notebook', 'sales-etl'], clusters.join('|'));
    const tools = await choose(/choose the tool/, 'JDBC');
    assert.deepEqual(tools, ['Python', 'JDBC', 'dbt', 'Tableau', 'Power BI', 'Superset', 'Metabase', 'Redash', 'Spark Connect']);
    const endpoints = await choose(/where does the tool run/, 'In-cluster DNS');
    assert.deepEqual(endpoints, ['In-cluster DNS', 'Local port-forward', 'External']);
    await screenshot(page, 'connections-pick-transport');
    await choose(/choose the transport/, 'JDBC (Hive driver, binary transport)');
    await page.locator('.tab.active', { hasText: /Untitled/ }).waitFor({ timeout: 15_000 });
    const text = await editorText();
    assert.match(text, /jdbc:hive2:\/\/sales-etl-driver\.analytics\.svc\.cluster\.local:10000\/default/);
    assert.match(text, /org\.apache\.hive\.jdbc\.HiveDriver/);
    await screenshot(page, 'connections-snippet-in-editor');
  });

  it('remembers the tool chosen for the cluster: it comes first, marked "last used"', async () => {
    await palette('Data Clusters (Compute): Insert Connection Snippet');
    await choose(/Choose the compute cluster/, 'sales-etl');
    await page.locator('.quick-input-title', { hasText: /choose the tool/ }).waitFor();
    await rows().first().waitFor();
    assert.equal((await labels())[0], 'JDBC');
    assert.match(await rows().first().innerText(), /last used/);
    await screenshot(page, 'connections-remembered-tool');
    await page.keyboard.press('Escape');
  });

  it('Open Spark UI from the context menu lists the forward in Port Forwards; Stop removes it', async () => {
    await row('sales-etl').click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Open Spark UI$/ }).first();
    await item.waitFor();
    await item.hover();
    await page.keyboard.press('Enter');
    const forwards = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Port Forwards/i }) });
    const header = forwards.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const forward = forwards.locator('.monaco-list-row', { hasText: 'sales-etl (analytics): Spark UI' });
    await forward.waitFor({ timeout: 30_000 });
    assert.match(await forward.innerText(), /127\.0\.0\.1:\d+ → 4040 · active/);
    await screenshot(page, 'connections-port-forwards-view');
    await forward.hover();
    await forward.locator('.action-label[aria-label^="Stop Port Forward"]').click();
    await forward.waitFor({ state: 'detached', timeout: 15_000 });
  });
});
