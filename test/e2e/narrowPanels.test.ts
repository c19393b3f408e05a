import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { Emulator } from '../emulator/emulator';
import {
  type ExtensionWorkbench,
  fitTo,
  openExtensionWorkbench,
  openPanel,
  panelFrame,
  runCommand,
  screenshot,
  SCREENSHOTS,
  setTheme,
} from './workbench';

const WIDTHS = [500, 800, 1400] as const;
const COMPUTE_TABS = ['Details', 'Connections', 'Logs', 'Kubernetes Events', 'Activity', 'Configuration'] as const;
const SESSION_TABS = ['Details', 'Tasks', 'Start/stop logs'] as const;
const FORM_TABS = ['general', 'configurations', 'dependencies', 'docker', 'tags', 'review'] as const;
const NARROW = path.join(SCREENSHOTS, 'narrow');
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Rows of the past week in orders-stream's activity (the seed's are older): a start with log entries, a disable. */
function addRecentActivity(emulator: Emulator): void {
  const activity = structuredClone(emulator.api.store.get('/configmaps', 'streaming', 'session.orders-stream.activity'));
  const rows = JSON.parse(activity.data['activity.json']) as unknown[];
  const day = 86_400_000;
  rows.push(
    {
      action: 'start',
      user: 'dev@example.com',
      time: new Date(Date.now() - 2 * day).toISOString(),
      details: 'Started',
      outcome: 'succeeded',
      logLines: ['Applied FlinkDeployment orders-stream', 'JobManager ready after 41 s', '2 TaskManagers registered, 4 slots'],
    },
    {
      action: 'disable',
      user: 'dev@example.com',
      time: new Date(Date.now() - day).toISOString(),
      details: 'Disabled successfully; the TaskManagers terminated',
      outcome: 'succeeded',
    },
  );
  activity.data['activity.json'] = JSON.stringify(rows);
  delete activity.metadata.resourceVersion;
  emulator.applyInternal(activity);
}

/** What a page's layout is found to break at one width: empty when it reads well. */
interface Layout {
  width: number;
  scrollWidth: number;
  problems: string[];
}

/**
 * Measured inside the page (run by evaluate: no closure, DOM types described by what is used).
 * Reports: the page scrolling sideways; a tab header, header button or table cell (the events
 * table's shadow DOM included) not wholly inside the page's width; a word in a cell drawn on two
 * lines (a Range over each word has its rectangles on one line); a snippet whose text is cut off
 * (taller than its box, or wider without a scrollbar, or its box past its card).
 */
function measure(): Layout {
  type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };
  type El = {
    getBoundingClientRect(): Rect;
    querySelectorAll(s: string): ArrayLike<El>;
    closest(s: string): El | null;
    shadowRoot: El | null;
    textContent: string | null;
    tagName: string;
    scrollWidth: number;
    clientWidth: number;
    scrollHeight: number;
    clientHeight: number;
    offsetHeight: number;
    parentElement: El | null;
  };
  type TextNode = { data: string; parentElement: El | null };
  type RangeLike = { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getClientRects(): ArrayLike<Rect> };
  const g = globalThis as unknown as {
    document: {
      querySelectorAll(s: string): ArrayLike<El>;
      documentElement: El;
      body: El;
      createRange(): RangeLike;
      createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
    };
    getComputedStyle(e: unknown): { display: string; visibility: string };
  };
  const doc = g.document;
  const width = doc.documentElement.clientWidth;
  const problems: string[] = [];
  const shown = (e: El) => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && g.getComputedStyle(e).visibility !== 'hidden';
  };
  const name = (e: El) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const inside = (e: El, what: string) => {
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1)
      problems.push(`${what} ${name(e)} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${width}`);
  };
  const scrollWidth = Math.max(doc.documentElement.scrollWidth, doc.body.scrollWidth);
  if (scrollWidth > width) problems.push(`the page scrolls sideways: ${scrollWidth} > ${width}`);
  for (const h of Array.from(doc.querySelectorAll('vscode-tab-header'))) inside(h, 'tab header');
  for (const b of Array.from(doc.querySelectorAll('.actions vscode-button, .card-actions vscode-button, .pager vscode-button')))
    if (shown(b)) inside(b, 'button');
  const roots: El[] = [
    doc.documentElement,
    ...Array.from(doc.querySelectorAll('dc-events-table')).flatMap((t) => (t.shadowRoot ? [t.shadowRoot] : [])),
  ];
  const cells = roots.flatMap((r) => Array.from(r.querySelectorAll('th, td'))).filter(shown);
  for (const cell of cells) {
    inside(cell, 'table cell');
    const walker = doc.createTreeWalker(cell, 4 /* NodeFilter.SHOW_TEXT */);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      // Log entries scroll in their own box, never wrapped; a closed <details> draws nothing.
      if (t.parentElement?.closest('pre')) continue;
      // A word: up to a space or a hyphen (where any text wraps: "spark-|kubernetes-|executor"), or, in
      // the dotted identifiers of settings, a dot or a slash ("spark.|kubernetes.|executor.").
      for (const m of t.data.matchAll(/[^\s./-]+[./-]?/g)) {
        const range = doc.createRange();
        range.setStart(t, m.index);
        range.setEnd(t, m.index + m[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.bottom)));
        if (lines.size > 1) problems.push(`the word "${m[0]}" is broken over ${lines.size} lines in ${name(cell)}`);
      }
    }
  }
  for (const pre of Array.from(doc.querySelectorAll('pre.snippet'))) {
    if (pre.scrollHeight > pre.clientHeight + 1) problems.push(`snippet ${name(pre)} is cut at the bottom`);
    if (pre.scrollWidth > pre.clientWidth && pre.offsetHeight - pre.clientHeight <= 0)
      problems.push(`snippet ${name(pre)} is cut at the side, without a scrollbar`);
    const card = pre.closest('.card');
    if (card && pre.getBoundingClientRect().right > card.getBoundingClientRect().right + 1)
      problems.push(`snippet ${name(pre)} runs past its card`);
  }
  return { width, scrollWidth, problems };
}

/** The detail panels and the create form in an editor group 500, 800 and 1,400 px wide: every tab reads, nothing runs off the page. */
describe('Narrow editor groups', function () {
  this.timeout(12 * 60_000);
  let emulator: Emulator | undefined;
  let opened: ExtensionWorkbench | undefined;
  let page: Page;

  async function check(f: FrameLocator, what: string): Promise<Layout> {
    // tsx keeps function names by wrapping the inner functions in __name(): the page needs one too.
    await f.locator('html').evaluate('globalThis.__name ??= (fn) => fn');
    const layout = await f.locator('html').evaluate(measure);
    assert.deepEqual(layout.problems, [], `${what} at ${layout.width} px`);
    return layout;
  }

  async function shoot(name: string): Promise<void> {
    fs.mkdirSync(NARROW, { recursive: true });
    await page.locator('#workbench\\.parts\\.editor').screenshot({ path: path.join(NARROW, `${name}.png`) });
  }

  async function computeTabReady(f: FrameLocator, tab: (typeof COMPUTE_TABS)[number]): Promise<void> {
    if (tab === 'Details') await f.locator('dl.fields').first().waitFor({ timeout: 30_000 });
    if (tab === 'Connections') await f.locator('.card pre.snippet').first().waitFor({ timeout: 30_000 });
    if (tab === 'Logs') await f.locator('dc-log-viewer .row').first().waitFor({ timeout: 30_000 });
    if (tab === 'Kubernetes Events') await f.locator('dc-events-table td').first().waitFor({ timeout: 30_000 });
    if (tab === 'Activity') await activityTable(f).locator('td').first().waitFor({ timeout: 30_000 });
    if (tab === 'Configuration') await f.locator('table.config td').first().waitFor({ timeout: 30_000 });
  }

  async function sessionTabReady(f: FrameLocator, tab: (typeof SESSION_TABS)[number]): Promise<void> {
    if (tab === 'Details') await f.locator('dl.fields').first().waitFor({ timeout: 30_000 });
    if (tab === 'Tasks') await f.locator('table.grid td').first().waitFor({ timeout: 30_000 });
    if (tab === 'Start/stop logs') {
      await activityTable(f).locator('td').first().waitFor({ timeout: 30_000 });
      const closed = f.locator('table.grid details:not([open]) summary');
      for (let i = 0; i < 10 && (await closed.count()); i++) await closed.first().click();
    }
  }

  async function showTab(f: FrameLocator, label: string): Promise<void> {
    const header = f.locator('vscode-tab-header', { hasText: label }).first();
    await header.click();
    await f.locator('vscode-tab-header[active]', { hasText: label }).waitFor();
  }

  /** The table of actions and their outcomes (Activity, Start/stop logs). */
  const activityTable = (f: FrameLocator) => f.locator('table.grid', { has: f.locator('th', { hasText: /^Outcome$/ }) });

  /** The Outcome column's header, and the row's outcome badge, are within the page. */
  async function outcomeShown(f: FrameLocator, width: number): Promise<void> {
    const th = await activityTable(f)
      .locator('th', { hasText: /^Outcome$/ })
      .boundingBox();
    const html = await f.locator('html').boundingBox();
    assert.ok(th && html, 'the Outcome column is drawn');
    assert.ok(th.width > 10 && th.x + th.width <= html.x + width + 1, `the Outcome column is within the page: ${JSON.stringify(th)}`);
    const badge = await activityTable(f).locator('tbody tr').first().locator('td').last().boundingBox();
    assert.ok(badge && badge.x + badge.width <= html.x + width + 1, `the first row's outcome is within the page: ${JSON.stringify(badge)}`);
  }

  /** Stacked at 500 px (the column headers hidden), each task value but the state and name says its column. */
  async function stackedLabelsShown(f: FrameLocator): Promise<void> {
    const cells = await f
      .locator('table.grid.tasks tbody tr')
      .first()
      .locator('td[data-label]')
      .evaluateAll((tds) =>
        tds.map((td) => ({
          text: td.textContent?.trim() ?? '',
          label: td.getAttribute('data-label'),
          before: (globalThis as unknown as { getComputedStyle(e: unknown, p: string): { content: string } }).getComputedStyle(
            td,
            '::before',
          ).content,
        })),
      );
    const shown = cells.filter((c) => c.text);
    assert.ok(shown.length >= 3, `the first task shows its values: ${JSON.stringify(cells)}`);
    for (const c of shown) assert.equal(c.before, `"${c.label}: "`, `"${c.text}" says it is the ${c.label}`);
  }

  before(async () => {
    opened = await openExtensionWorkbench({
      name: 'e2e-narrow',
      namespace: 'analytics',
      namespaces: ['analytics', 'streaming', 'research'],
      width: 1400,
      height: 900,
      showRow: 'sales-etl',
    });
    ({ emulator, page } = opened);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `FAILED-narrow-${slug(this.currentTest.title).slice(0, 60)}`);
  });
  after(async () => {
    await opened?.close();
  });

  it('Compute panel: every tab at 500, 800 and 1,400 px reads without sideways scrolling or broken words', async () => {
    const f = await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    for (const target of WIDTHS) {
      const width = await fitTo(page, f, target);
      for (const tab of COMPUTE_TABS) {
        await showTab(f, tab);
        await computeTabReady(f, tab);
        await page.waitForTimeout(300);
        if (target === 500) await shoot(`compute-${slug(tab)}-500-dark`);
        await check(f, `Compute ${tab}`);
        if (tab === 'Activity') await outcomeShown(f, width);
      }
    }
  });

  it('Session panel: every tab at 500, 800 and 1,400 px, the start/stop logs keeping their Outcome column', async () => {
    addRecentActivity(emulator!);
    const f = await openPanel(page, 'orders-stream', 'Session cluster: orders-stream');
    for (const target of WIDTHS) {
      const width = await fitTo(page, f, target);
      for (const tab of SESSION_TABS) {
        await showTab(f, tab);
        await sessionTabReady(f, tab);
        await page.waitForTimeout(300);
        if (target === 500) await shoot(`session-${slug(tab)}-500-dark`);
        await check(f, `Session ${tab}`);
        if (tab === 'Start/stop logs') await outcomeShown(f, width);
        if (tab === 'Tasks' && target === 500) {
          await stackedLabelsShown(f);
          await setTheme(page, 'Default Light Modern');
          await shoot('session-tasks-500-light');
          await setTheme(page, 'Default Dark Modern');
        }
      }
    }
  });

  it('New compute form: every tab at 500 px without sideways scrolling', async () => {
    await runCommand(page, 'Data Clusters (Compute): New Compute…');
    const f = panelFrame(page);
    await f.locator('[data-field="name"]').waitFor({ timeout: 30_000 });
    // A valid form with a row in each list, so that every tab shows its tables and the review its YAML.
    await f.locator('[data-field="name"]').fill('narrow-etl');
    await f.locator('[data-field="description"]').fill('Nightly joins for the research dashboards, seen in a narrow editor');
    await f.locator('[data-tab="configurations"]').click();
    await f.locator('[data-list="env"] .linkbutton', { hasText: 'Add variable' }).click();
    await f.locator('[data-field="env[0].key"]').fill('SPARK_LOG_LEVEL');
    await f.locator('[data-field="env[0].value"]').fill('INFO');
    await f.locator('[data-list="sparkConf"] .linkbutton', { hasText: 'Add setting' }).click();
    await f.locator('[data-field="sparkConf[0].key"]').fill('spark.sql.shuffle.partitions');
    await f.locator('[data-field="sparkConf[0].value"]').fill('64');
    await f.locator('[data-tab="dependencies"]').click();
    await f.locator('[data-list="packages"] .linkbutton', { hasText: 'Add package' }).click();
    await f.locator('[data-field="packages[0]"]').fill('org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1');
    await f.locator('[data-tab="tags"]').click();
    await f.locator('[data-list="tags"] .linkbutton', { hasText: 'Add tag' }).click();
    await f.locator('[data-field="tags[0].key"]').fill('team');
    await f.locator('[data-field="tags[0].value"]').fill('data');
    await fitTo(page, f, 500);
    for (const t of FORM_TABS) {
      await f.locator(`[data-tab="${t}"]`).click();
      await f.locator(`[data-tab="${t}"][aria-selected="true"]`).waitFor();
      if (t === 'review') await f.locator('pre.yaml').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      await shoot(`form-compute-${t}-500-dark`);
      await check(f, `form ${t}`);
    }
  });
});
