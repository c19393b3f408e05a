import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT } from '../harness/paths';
import {
  escapeRegExp,
  type ExtensionWorkbench,
  fitTo,
  openExtensionWorkbench,
  panelFrame,
  readmeScreenshot,
  screenshot,
  setTheme,
  treeRow,
} from './workbench';

/**
 * SQL from the editor as a user drives it in code-server, on the demo's clusters and the demo
 * workspace's `sql/` files: Spark SQL on sales-etl (its Spark Connect served by a real SQL engine
 * in the emulator), an error placed on the statement, a million-row result paused at the row
 * limit, the Catalog in the tree; Flink SQL on orders-stream after Enable SQL, its grouped query a
 * live changelog.
 */
describe('SQL from the editor', function () {
  this.timeout(10 * 60_000);
  let opened: ExtensionWorkbench | undefined;
  let page: Page;

  before(async () => {
    opened = await openExtensionWorkbench({
      name: 'e2e-sql',
      namespace: 'analytics',
      namespaces: ['analytics', 'streaming'],
      width: 1500,
      height: 950,
      workspaceFrom: path.join(ROOT, 'demo', 'workspace'),
      showRow: 'sales-etl',
    });
    page = opened.page;
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await screenshot(page, `sql-failed-${this.currentTest.title.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });
  after(async () => opened?.close());

  const editor = (): Locator => page.locator('.editor-group-container.active .monaco-editor').first();
  const lens = (text: string): Locator =>
    // A lens reads its codicon, then its words.
    page.locator('.monaco-editor .codelens-decoration a', { hasText: new RegExp(`${escapeRegExp(text)}$`) });

  async function openFile(name: string): Promise<void> {
    // Already open: its tab (the focus may be in the results panel's page, which keeps keys to itself).
    const tab = page.locator(`.tab[data-resource-name="${name}"]`).first();
    if (await tab.count()) {
      await tab.click();
      await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).first().waitFor();
      return;
    }
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    // The file's tab is the active one of the active group (the results panel beside it may have had the focus).
    await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).first().waitFor();
  }

  /** Chooses `cluster` in the cluster picker the editor opens. */
  async function chooseCluster(cluster: string): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(cluster);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: cluster }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** Opens a workspace file and binds it to `cluster` through the palette, so a test needs no other first. */
  async function bind(file: string, cluster: string): Promise<void> {
    await openFile(file);
    // The status bar item of a SQL editor names its cluster ("No cluster" when unbound); a click chooses.
    await page
      .locator('.statusbar-item', { has: page.locator('.codicon-database') })
      .first()
      .click();
    await chooseCluster(cluster);
    await page.locator('.statusbar-item', { hasText: cluster }).first().waitFor();
    await lens(`Run on ${cluster}`).first().waitFor();
  }

  async function expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: 60_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle());
  }

  async function contextMenu(target: Locator, item: string): Promise<void> {
    await target.click({ button: 'right' });
    const entry = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRegExp(item)}$`) });
    await entry.first().waitFor({ timeout: 10_000 });
    await entry.first().click();
    // The menu can take the click as a hover only: Enter on the hovered entry chooses it.
    await page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(async () => {
        await entry.first().hover();
        await page.keyboard.press('Enter');
      });
  }

  /** Collapses or expands a view of the side bar by its header. */
  async function showView(title: string, expanded: boolean): Promise<void> {
    const header = page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: title }).first();
    if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
    await page.locator(`#workbench\\.parts\\.sidebar .pane-header[aria-expanded="${expanded}"]`, { hasText: title }).first().waitFor();
  }

  /** Moves the tree's focus down from the focused row to the row named `name` (the list scrolls with it). */
  async function focusDownTo(name: string): Promise<Locator> {
    const row = treeRow(page, name);
    for (let i = 0; i < 20 && !((await row.isVisible()) && /\bfocused\b/.test((await row.getAttribute('class')) ?? '')); i++)
      await page.keyboard.press('ArrowDown');
    await row.waitFor();
    return row;
  }

  /** The results panel's page, once its status shows `phase`. */
  async function results(phase: RegExp, timeout = 60_000): Promise<FrameLocator> {
    const f = panelFrame(page);
    await f.locator('.sql-status vscode-badge', { hasText: phase }).first().waitFor({ timeout });
    return f;
  }

  /** What a paste would put in: VS Code's clipboard in a browser is the page's. */
  const clipboard = async (): Promise<string> => (await page.evaluate('navigator.clipboard.readText()')) as string;

  const headers = async (f: FrameLocator): Promise<string[]> =>
    (await f.locator('[role=columnheader] .gh-name').allInnerTexts()).map((t) => t.trim());

  it('runs Spark SQL from a .sql file on sales-etl: the cluster chosen once, the rows typed in the panel beside it', async () => {
    await openFile('sales.sql');
    await lens('Choose a cluster to run on…').first().click();
    await chooseCluster('sales-etl');
    // The status bar names the bound cluster, and each statement's lens now runs there.
    await page.locator('.statusbar-item', { hasText: 'sales-etl' }).first().waitFor();
    await lens('Run on sales-etl').first().click();
    const f = await results(/^Done$/);
    await f.locator('.sql-status', { hasText: '3 rows' }).waitFor();
    assert.deepEqual(await headers(f), ['status', 'orders', 'revenue']);
    const types = (await f.locator('[role=columnheader] .gh-type').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(types.slice(0, 2), ['string', 'bigint']);
    assert.match(types[2], /^decimal\(\d+,2\)$/);
    const firstRow = (await f.locator('[role=row] [role=gridcell]').allInnerTexts()).slice(0, 3);
    assert.equal(firstRow[0], 'cancelled');
    assert.match(firstRow[1], /^[\d,]+$/);
    assert.ok(await lens('Run on sales-etl').first().isVisible(), 'the lenses run on sales-etl');
    await readmeScreenshot(page, 'sql-spark-dark', 'editor');
    await setTheme(page, 'Default Light Modern');
    await readmeScreenshot(page, 'sql-spark-light', 'editor');
    await setTheme(page, 'Default Dark Modern');
  });

  it('sorts, filters and searches the rows fetched; selected rows copy with their column names, one cell as it is', async () => {
    await bind('sales.sql', 'sales-etl');
    await lens('Run on sales-etl').first().click();
    const f = await results(/^Done$/);
    await f.locator('.sql-status', { hasText: '3 rows' }).waitFor();
    const status = (): Promise<string[]> => f.locator('[role=row] [role=gridcell][data-c="0"]').allInnerTexts();
    const shows = async (want: string[]): Promise<void> => {
      for (const [i, text] of want.entries())
        await f
          .locator('[role=row]')
          .nth(i)
          .locator('[role=gridcell][data-c="0"]', { hasText: new RegExp(`^${text}$`) })
          .waitFor();
      assert.deepEqual(await status(), want);
    };
    // Sort by revenue: ascending, descending, then the engine's order again.
    const revenue = f.locator('[role=columnheader]', { hasText: 'revenue' });
    await revenue.locator('.gh-name').click();
    await f.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'revenue' }).waitFor();
    await shows(['cancelled', 'shipped', 'open']);
    await revenue.locator('.gh-name').click();
    await f.locator('[role=columnheader][aria-sort=descending]', { hasText: 'revenue' }).waitFor();
    await shows(['open', 'shipped', 'cancelled']);
    await revenue.locator('.gh-name').click();
    await shows(['cancelled', 'open', 'shipped']);
    // A column's filter keeps the rows whose text holds it; the count says how many of all.
    await f.locator('[role=columnheader]', { hasText: 'status' }).locator('.gh-filter').fill('ship');
    await f.locator('.sql-status', { hasText: '1 of 3 rows' }).waitFor();
    await shows(['shipped']);
    await f.locator('[role=columnheader]', { hasText: 'status' }).locator('.gh-filter').fill('');
    await f.locator('.sql-status', { hasText: /\b3 rows/ }).waitFor();
    // Search marks the matching cell and selects its row.
    await f.locator('.sql-search').fill('open');
    await f.locator('.sql-search').press('Enter');
    await f.locator('.gc.match', { hasText: /^open$/ }).waitFor();
    // Rows 1 to 3 selected by their numbers, copied with the column names, as a spreadsheet pastes them.
    await f.locator('[role=row] .gutter', { hasText: /^1$/ }).click();
    await f.locator('[role=row] .gutter', { hasText: /^3$/ }).click({ modifiers: ['Shift'] });
    await f.locator('vscode-button', { hasText: /^\s*Copy selection\s*$/ }).click();
    await f.getByText('Copied 3 rows with their column names.').waitFor();
    const rows = (await clipboard()).split(/\r?\n/);
    assert.equal(rows[0], 'status\torders\trevenue');
    assert.equal(rows.length, 4);
    assert.match(rows[2], /^open\t\d+\t\d+\.\d{2}$/);
    // One cell, Ctrl+C in the grid: its text alone.
    await f.locator('[role=row]', { hasText: 'shipped' }).locator('[role=gridcell][data-c="2"]').click();
    await f.locator('.grid-scroll').press('Control+c');
    await f.getByText('Copied the cell.').waitFor();
    assert.match(await clipboard(), /^\d+\.\d{2}$/);
  });

  it('an engine error lands as a squiggle on the statement, in the engine’s own words', async () => {
    await bind('sales.sql', 'sales-etl');
    await lens('Run on sales-etl').nth(1).click();
    const f = await results(/^Failed$/);
    const banner = f.locator('.banner-error');
    await banner.waitFor();
    assert.match(await banner.innerText(), /TABLE_OR_VIEW_NOT_FOUND/);
    await editor().locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'sql-error');
  });

  it('a million-row result pauses at the row limit with the grid scrolling to its last row; Fetch more goes on; Cancel stops it', async () => {
    await bind('sales.sql', 'sales-etl');
    await lens('Run on sales-etl').nth(2).click();
    const f = await results(/^Paused at the row limit$/, 120_000);
    // Fetching stops at the first batch past the limit (100,000 rows by default).
    const count = async (): Promise<number> =>
      Number(/([\d,]+) rows/.exec(await f.locator('.sql-status').innerText())![1].replace(/,/g, ''));
    const paused = await count();
    assert.ok(paused >= 100_000 && paused < 200_000, `${paused} rows when paused`);
    // The page holds only the rows in view: scrolled to the end, it shows the last row fetched.
    await f.locator('.grid-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = new RegExp(`^${paused.toLocaleString('en-US').replace(/,/g, ',?')}$`);
    await f.locator('[role=row] .gutter', { hasText: last }).first().waitFor({ timeout: 30_000 });
    const inPage = await f.locator('[role=row]').count();
    assert.ok(inPage < 300, `the page holds ${inPage} rows`);
    await fitTo(page, f, 500);
    await screenshot(page, 'sql-results-500');
    await setTheme(page, 'Default Light Modern');
    await screenshot(page, 'sql-results-500-light');
    await setTheme(page, 'Default Dark Modern');
    await page.setViewportSize({ width: 1500, height: 950 });
    await f.locator('vscode-button', { hasText: /^\s*Fetch more\s*$/ }).click();
    // Fetching goes on from where it paused: the count grows past it.
    const status = f.locator('.sql-status');
    await status.filter({ hasNotText: new RegExp(`\\b${paused.toLocaleString('en-US')} rows`) }).waitFor({ timeout: 60_000 });
    assert.ok((await count()) > paused, 'more rows after Fetch more');
    await f.locator('vscode-button', { hasText: /^\s*Cancel\s*$/ }).click();
    await results(/^Cancelled$/);
  });

  it('the Catalog under sales-etl browses catalogs, databases, tables and columns; Select Top 100 opens a bound editor', async () => {
    // The Compute view gets the side bar's height, as a user browsing a catalog would make it.
    await showView('Session Clusters', false);
    await showView('Port Forwards', false);
    await expand(treeRow(page, 'sales-etl'));
    await expand(treeRow(page, 'Catalog'));
    await expand(treeRow(page, 'spark_catalog'));
    // Expanding by its twistie leaves the focus on the row: the arrow keys go on from there.
    await expand(treeRow(page, 'sales'));
    const orders = await focusDownTo('orders');
    await expand(orders);
    await treeRow(page, 'order_id').waitFor();
    await readmeScreenshot(page, 'sql-catalog-dark', 'tree');
    await setTheme(page, 'Default Light Modern');
    await readmeScreenshot(page, 'sql-catalog-light', 'tree');
    await setTheme(page, 'Default Dark Modern');
    await contextMenu(orders, 'Select Top 100');
    const line = page.locator('.monaco-editor .view-line', { hasText: 'spark_catalog' }).first();
    await line.waitFor();
    assert.equal((await line.innerText()).replace(/\u00a0/g, ' '), 'SELECT * FROM `spark_catalog`.`sales`.`orders` LIMIT 100');
    await page.locator('.statusbar-item', { hasText: 'sales-etl' }).first().waitFor();
    await showView('Session Clusters', true);
    await showView('Port Forwards', true);
  });

  it('Flink SQL on orders-stream after Enable SQL: the grouped query is a live changelog, as a table and as changes; stopped with a savepoint, it runs again from it', async () => {
    await showView('Session Clusters', true);
    const cluster = treeRow(page, 'orders-stream');
    await cluster.waitFor();
    await contextMenu(cluster, 'Enable SQL');
    // The gateway is ready when its Catalog shows under the cluster.
    await expand(cluster);
    const sessions = page.locator('#workbench\\.parts\\.sidebar .pane', {
      has: page.locator('.pane-header', { hasText: 'Session Clusters' }),
    });
    await sessions
      .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Catalog$/ }) })
      .first()
      .waitFor({ timeout: 120_000 });
    await openFile('clicks.sql');
    await lens('Choose a cluster to run on…').first().click();
    await chooseCluster('orders-stream');
    await lens('Run on orders-stream').first().click();
    await results(/^Done$/);
    await lens('Run on orders-stream').nth(1).click();
    const f = await results(/^Live$/);
    // The current table: one row per user, their counts updated in place.
    await f.locator('.sql-status', { hasText: /\b6 rows\b/ }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await headers(f), ['user_id', 'clicks']);
    await readmeScreenshot(page, 'sql-flink-table-dark', 'editor');
    await f.locator('vscode-button', { hasText: /^\s*Changelog\s*$/ }).click();
    await f.locator('[role=row] .op-before').first().waitFor();
    await readmeScreenshot(page, 'sql-flink-changelog-dark', 'editor');
    await setTheme(page, 'Default Light Modern');
    await readmeScreenshot(page, 'sql-flink-changelog-light', 'editor');
    await setTheme(page, 'Default Dark Modern');
    // Stop with a savepoint, then run the statement again from it in the same editor session.
    await f.locator('vscode-button', { hasText: /^\s*Stop with Savepoint\s*$/ }).click();
    await f.locator('.banner', { hasText: /Stopped with a savepoint at s3:\/\// }).waitFor({ timeout: 60_000 });
    await f.locator('vscode-button', { hasText: /^\s*Run Again from Savepoint\s*$/ }).click();
    await results(/^Live$/);
    await f.locator('.sql-status', { hasText: /\b6 rows\b/ }).waitFor({ timeout: 60_000 });
    await f.locator('vscode-button', { hasText: /^\s*Cancel\s*$/ }).click();
    await results(/^Cancelled$/);
  });
});
