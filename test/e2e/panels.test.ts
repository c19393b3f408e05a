import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { Emulator } from '../emulator/emulator';
import {
  type ExtensionWorkbench,
  openExtensionWorkbench,
  openPanel,
  panelFrame,
  readmeScreenshot,
  screenshot,
  setTheme,
  treeRow,
} from './workbench';

const XSS = '<img src=x onerror=alert(1)>';
const COMPUTE_TABS = ['Details', 'Connections', 'Logs', 'Kubernetes Events', 'Activity', 'Configuration'] as const;
const SESSION_TABS = ['Details', 'Tasks', 'Start/stop logs'] as const;
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** What Diagnose says of ml-features, whose image crashes at start (the emulator's `crashloop` tag): exit code 1 and the log's last error. */
const ML_FEATURES_DIAGNOSIS =
  'CrashLoopBackOff: the driver keeps exiting (exit code 1, Error); last error: SparkContext: Error initializing: java.lang.IllegalArgumentException: Invalid configuration';

/** The definition of a demo cluster, as the demo seeded it: read before any test writes markup into it. */
const seeded = new Map<string, string>();

/** Rewrites a cluster's definition through the API, as any client would. */
function writeSpec(emulator: Emulator, ns: string, name: string, change: (spec: Record<string, any>) => Record<string, any>): void {
  const cm = structuredClone(emulator.api.store.get('/configmaps', ns, name));
  const key = `${ns}/${name}`;
  if (!seeded.has(key)) seeded.set(key, cm.data['spec.json']);
  cm.data['spec.json'] = JSON.stringify(change(JSON.parse(cm.data['spec.json'])), null, 2);
  delete cm.metadata.resourceVersion;
  emulator.applyInternal(cm);
}

/** Rows of a cluster's activity log, rewritten through the API. */
function writeActivity(emulator: Emulator, ns: string, name: string, change: (rows: any[]) => any[]): void {
  const activity = structuredClone(emulator.api.store.get('/configmaps', ns, name));
  activity.data['activity.json'] = JSON.stringify(change(JSON.parse(activity.data['activity.json'])));
  delete activity.metadata.resourceVersion;
  emulator.applyInternal(activity);
}

const SALES_DEF = ['analytics', 'compute.sales-etl'] as const;
const ORDERS_DEF = ['streaming', 'session.orders-stream'] as const;
const ORDERS_ACTIVITY = ['streaming', 'session.orders-stream.activity'] as const;

/** Markup where users type free text and where the cluster writes, for sales-etl: description, a tag, a secret-looking setting, an event. */
async function injectComputeHostility(emulator: Emulator): Promise<void> {
  writeSpec(emulator, ...SALES_DEF, (spec) => ({
    ...spec,
    description: `Nightly ETL ${XSS}`,
    tags: { team: 'sales', note: XSS },
    sparkConf: { ...spec.sparkConf, 'spark.hadoop.fs.s3a.secret.key': 'do-not-show-me' },
  }));
  const driver = await emulator.waitFor(
    () =>
      emulator.api.store
        .list('/pods', 'analytics')
        .find((p) => p.metadata.labels?.['dataclusters.io/cluster'] === 'sales-etl' && p.metadata.labels?.['spark-role'] === 'driver'),
    60_000,
    'the sales-etl driver pod',
  );
  emulator.events.record(driver, 'Warning', 'Hostile', XSS);
}

/** Markup for orders-stream: its description, and a start of yesterday whose log entries carry markup. */
function injectSessionHostility(emulator: Emulator): void {
  writeSpec(emulator, ...ORDERS_DEF, (spec) => ({ ...spec, description: `Nightly ETL ${XSS}` }));
  writeActivity(emulator, ...ORDERS_ACTIVITY, (rows) => [
    ...rows,
    {
      action: 'start',
      user: 'dev@example.com',
      time: new Date(Date.now() - 86_400_000).toISOString(),
      details: 'Started',
      outcome: 'succeeded',
      logLines: ['Applied FlinkDeployment orders-stream', `JobManager said: ${XSS}`],
    },
  ]);
}

/** The demo's own texts again (the README's pictures show them): the seeded definitions, no markup in activity or events. */
function restoreDemoTexts(emulator: Emulator): void {
  for (const [ns, name] of [SALES_DEF, ORDERS_DEF]) {
    const text = seeded.get(`${ns}/${name}`);
    if (text) writeSpec(emulator, ns, name, () => JSON.parse(text));
  }
  writeActivity(emulator, ...ORDERS_ACTIVITY, (rows) => rows.filter((r) => !JSON.stringify(r).includes(XSS)));
  const events = emulator.api.mustType('', 'events');
  for (const e of emulator.api.store.list('/events', 'analytics'))
    if (e.reason === 'Hostile') emulator.api.delete(events, 'analytics', e.metadata.name);
}

/** A start of the session cluster two days ago with its log entries, so that the past week's start/stop logs show one (the README's picture). */
function addSessionStart(emulator: Emulator): void {
  const lines = ['Applied FlinkDeployment orders-stream', 'JobManager ready after 41 s', '2 TaskManagers registered, 4 slots'];
  writeActivity(emulator, ...ORDERS_ACTIVITY, (rows) =>
    rows.some((r) => JSON.stringify(r.logLines) === JSON.stringify(lines))
      ? rows
      : [
          ...rows,
          {
            action: 'start',
            user: 'dev@example.com',
            time: new Date(Date.now() - 2 * 86_400_000).toISOString(),
            details: 'Started',
            outcome: 'succeeded',
            logLines: lines,
          },
        ],
  );
}

/** Log lines go to the running container (a container that starts later begins a new log). */
async function injectHostileLogLines(emulator: Emulator): Promise<void> {
  const driver = await emulator.waitFor(
    () =>
      emulator.api.store
        .list('/pods', 'analytics')
        .find(
          (p) =>
            p.metadata.labels?.['dataclusters.io/cluster'] === 'sales-etl' &&
            p.metadata.labels?.['spark-role'] === 'driver' &&
            p.status?.containerStatuses?.[0]?.state?.running,
        ),
    60_000,
    'the sales-etl driver container running',
  );
  emulator.logs.append(driver.metadata.uid, 'spark-driver', `26/11/29 10:00:00 WARN Query: ${XSS}`);
  emulator.logs.append(driver.metadata.uid, 'spark-driver', '\u001b[31mERROR\u001b[0m in colour \u001b[1;32mgreen bold\u001b[0m');
  // Wider than any window: read by scrolling sideways to its end.
  emulator.logs.append(
    driver.metadata.uid,
    'spark-driver',
    `26/11/29 10:00:01 INFO Plan: ${'Project [id#1, name#2] '.repeat(40)}needle at the far end`,
  );
}

/** The detail panels in code-server: every tab of both kinds in dark and light, acting from the header, no markup from the cluster. */
describe('Detail panels', function () {
  this.timeout(10 * 60_000);
  let emulator: Emulator | undefined;
  let opened: ExtensionWorkbench | undefined;
  let page: Page;
  let sidebar: Locator;
  const dialogs: string[] = [];
  const cspMessages: string[] = [];

  const row = (cluster: string) => treeRow(page, cluster);
  async function showTab(f: FrameLocator, label: string): Promise<void> {
    await f.locator('vscode-tab-header', { hasText: label }).first().click();
    await page.waitForTimeout(300);
  }

  /** A vscode-button by its exact label (its shadow DOM adds whitespace around the text). */
  const btn = (f: FrameLocator, label: string) =>
    f.locator('vscode-button').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });

  /** The page counts its Content Security Policy violations on its body: the count must be there, and zero. */
  async function assertNoViolations(f: FrameLocator): Promise<void> {
    assert.equal(await f.locator('body').getAttribute('data-csp-violations'), '0', 'the page reports its CSP violations, and has none');
  }

  /** Closes every editor; an inserted snippet is not saved (the editor asks: Don't Save). */
  async function closeAllEditors(): Promise<void> {
    await runCommand('View: Close All Editors');
    const tabs = page.locator('.tabs-container .tab');
    const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Don.t Save$/ }).first();
    for (let asked = 0; asked < 5; asked++) {
      const next = await Promise.race([
        tabs
          .first()
          .waitFor({ state: 'detached', timeout: 15_000 })
          .then(
            () => 'closed' as const,
            () => 'open' as const,
          ),
        dontSave.waitFor({ timeout: 15_000 }).then(
          () => 'asked' as const,
          () => 'open' as const,
        ),
      ]);
      if (next === 'closed') return;
      if (next === 'asked') await dontSave.click();
    }
    assert.equal(await tabs.count(), 0, 'every editor closed');
  }

  /** A command from the Command Palette, by its exact label (the row's text also holds its keybinding). */
  async function runCommand(label: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    await page
      .locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
      })
      .first()
      .click();
  }

  before(async () => {
    opened = await openExtensionWorkbench({
      name: 'e2e-panels',
      namespace: 'analytics',
      namespaces: ['analytics', 'streaming'],
      width: 1500,
      height: 950,
      listen: (p) => {
        p.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        p.on('console', (m) => {
          if (m.text().includes('[data-clusters]')) console.log(`    [page] ${m.text()}`);
          if (/Content Security Policy|securitypolicyviolation/i.test(m.text())) cspMessages.push(m.text());
        });
      },
      showRow: 'sales-etl',
    });
    ({ emulator, page } = opened);
    sidebar = page.locator('#workbench\\.parts\\.sidebar');
  });
  // Each test stands alone: no editor left open by another, the dark theme, and its own record of dialogs and CSP reports.
  beforeEach(async () => {
    dialogs.length = 0;
    cspMessages.length = 0;
    await closeAllEditors();
    if (!(await page.locator('.monaco-workbench.vs-dark').count())) await setTheme(page, 'Default Dark Modern');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `FAILED-panels-${slug(this.currentTest.title).slice(0, 60)}`);
    // No page raised a dialog or reported a Content Security Policy violation during the test.
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(cspMessages, [], 'no Content Security Policy violation');
      assert.deepEqual(dialogs, [], 'no dialog from any page');
    }
  });
  after(async () => {
    await opened?.close();
  });

  /** Waits until a compute tab shows its data (the events of the demo seed, before any hostile one). */
  async function computeTabReady(f: FrameLocator, tab: (typeof COMPUTE_TABS)[number], event: string | RegExp): Promise<void> {
    if (tab === 'Details') await f.locator('dd', { hasText: 'Running 2/4' }).first().waitFor({ timeout: 30_000 });
    if (tab === 'Connections') await f.locator('.card').first().waitFor({ timeout: 30_000 });
    if (tab === 'Logs') await f.locator('dc-log-viewer .row').first().waitFor({ timeout: 30_000 });
    if (tab === 'Kubernetes Events') await f.locator('dc-events-table td', { hasText: event }).first().waitFor({ timeout: 30_000 });
    if (tab === 'Activity') await f.locator('.billing').waitFor({ timeout: 30_000 });
    if (tab === 'Configuration') await f.locator('table.config').waitFor({ timeout: 30_000 });
  }

  /** Opens every closed list of log entries on the Start/stop logs tab. */
  async function expandLogEntries(f: FrameLocator): Promise<void> {
    await f.locator('table.grid td', { hasText: 'start' }).first().waitFor({ timeout: 30_000 });
    const closed = f.locator('table.grid details:not([open]) summary');
    for (let i = 0; i < 10 && (await closed.count()); i++) await closed.first().click();
  }

  it("README pictures: every tab of both panels in light and dark, with the demo seed's data", async () => {
    // The demo's own texts (other tests write markup into them), and a start with log entries for the session's picture.
    restoreDemoTexts(emulator!);
    addSessionStart(emulator!);
    const compute = await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
      await setTheme(page, theme);
      const mode = theme.includes('Light') ? 'light' : 'dark';
      for (const tab of COMPUTE_TABS) {
        await showTab(compute, tab);
        await computeTabReady(compute, tab, /\S/);
        // The log follows its end: let the last lines settle.
        if (tab === 'Logs') await page.waitForTimeout(1000);
        await readmeScreenshot(page, `panel-compute-${slug(tab)}-${mode}`, 'editor', compute);
      }
    }
    const session = await openPanel(page, 'orders-stream', 'Session cluster: orders-stream');
    for (const theme of ['Default Light Modern', 'Default Dark Modern'] as const) {
      await setTheme(page, theme);
      const mode = theme.includes('Light') ? 'light' : 'dark';
      for (const tab of SESSION_TABS) {
        await showTab(session, tab);
        if (tab === 'Details') await session.locator('dl.fields').first().waitFor({ timeout: 30_000 });
        if (tab === 'Tasks') await session.locator('table.grid td', { hasText: 'orders-enrich' }).waitFor({ timeout: 30_000 });
        if (tab === 'Start/stop logs') await expandLogEntries(session);
        await readmeScreenshot(page, `panel-session-${slug(tab)}-${mode}`, 'editor', session);
      }
    }
  });

  it('Compute: every tab in dark and light, hostile strings shown as text', async () => {
    await injectComputeHostility(emulator!);
    const f = await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    await f.locator('.breadcrumb', { hasText: 'Compute' }).waitFor();
    await injectHostileLogLines(emulator!);
    for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
      await setTheme(page, theme);
      const mode = theme.includes('Light') ? 'light' : 'dark';
      for (const tab of COMPUTE_TABS) {
        await showTab(f, tab);
        await computeTabReady(f, tab, XSS);
        await screenshot(page, `panel-compute-${slug(tab)}-${mode}`);
      }
    }
    await setTheme(page, 'Default Dark Modern');
    // The markup is on screen as text, and nowhere an element.
    await showTab(f, 'Details');
    assert.match(await f.locator('.description').innerText(), /Nightly ETL <img src=x onerror=alert\(1\)>/);
    assert.ok((await f.locator('.tag').allInnerTexts()).includes(`note: ${XSS}`));
    assert.equal(await f.locator('img').count(), 0);
    await showTab(f, 'Logs');
    // Search runs over every line kept, so the early lines are found however far the log scrolled.
    const search = f.locator('dc-log-viewer vscode-textfield input');
    await search.fill('WARN Query');
    await search.press('Enter');
    await f.locator('dc-log-viewer .row.current', { hasText: XSS }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'panel-compute-logs-search-dark');
    // The viewer takes the page's remaining height: its bottom border sits inside the window, and
    // the page itself does not scroll. Long lines scroll sideways, with a scrollbar, and a match far
    // right is scrolled into view.
    const logLayout = () =>
      f.locator('dc-log-viewer').evaluate((v) => {
        type Rect = { bottom: number; left: number; right: number };
        type El = { getBoundingClientRect(): Rect; querySelector(s: string): El | null; shadowRoot: El | null };
        type Scroller = El & { scrollWidth: number; clientWidth: number; offsetHeight: number; clientHeight: number };
        const w = globalThis as unknown as { innerHeight: number; document: { documentElement: { scrollHeight: number } } };
        const viewer = v as unknown as El;
        const scroller = viewer.shadowRoot!.querySelector('.scroller') as Scroller;
        const box = scroller.getBoundingClientRect();
        const mark = scroller.querySelector('.row.current mark')?.getBoundingClientRect();
        return {
          bottom: viewer.getBoundingClientRect().bottom,
          window: w.innerHeight,
          page: w.document.documentElement.scrollHeight,
          sideways: scroller.scrollWidth > scroller.clientWidth,
          scrollbar: scroller.offsetHeight - scroller.clientHeight,
          markInView: mark ? mark.left >= box.left && mark.right <= box.right : undefined,
        };
      });
    const fitted = await logLayout();
    assert.ok(fitted.bottom <= fitted.window && fitted.bottom >= fitted.window - 24, JSON.stringify(fitted));
    assert.ok(fitted.page <= fitted.window, JSON.stringify(fitted));
    await search.fill('needle at the far end');
    await search.press('Enter');
    await f.locator('dc-log-viewer .row.current', { hasText: 'needle at the far end' }).waitFor({ timeout: 10_000 });
    const far = await logLayout();
    assert.ok(far.sideways && far.scrollbar > 0, JSON.stringify(far));
    assert.equal(far.markInView, true, JSON.stringify(far));
    // A shorter window: the viewer follows it. Its new height is awaited (a ResizeObserver in the
    // page), then measured.
    await f.locator('dc-log-viewer').evaluate((v) => {
      type Observer = { observe(e: unknown): void; disconnect(): void };
      type Entry = { contentRect: { height: number } };
      const g = globalThis as unknown as {
        ResizeObserver: new (cb: (entries: Entry[]) => void) => Observer;
        __viewerResized?: Promise<number>;
      };
      const initial = (v as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height;
      g.__viewerResized = new Promise((resolve) => {
        const observer = new g.ResizeObserver((entries) => {
          const h = entries[entries.length - 1].contentRect.height;
          if (Math.abs(h - initial) < 1) return;
          observer.disconnect();
          resolve(h);
        });
        observer.observe(v);
      });
    });
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width, height: size.height - 120 });
    await f
      .locator('dc-log-viewer')
      .evaluate(() =>
        Promise.race([
          (globalThis as unknown as { __viewerResized: Promise<number> }).__viewerResized,
          new Promise((_, reject) => setTimeout(() => reject(new Error('the log viewer did not follow the window')), 10_000)),
        ]),
      );
    const shorter = await logLayout();
    await page.setViewportSize(size);
    assert.ok(shorter.bottom <= shorter.window && shorter.bottom >= shorter.window - 24, JSON.stringify(shorter));
    assert.ok(shorter.window < fitted.window, JSON.stringify(shorter));
    await search.fill('in colour');
    await search.press('Enter');
    await f.locator('dc-log-viewer .row.current span[class*="ansi-"]').first().waitFor({ timeout: 10_000 });
    await showTab(f, 'Kubernetes Events');
    assert.match(await f.locator('vscode-tab-header', { hasText: 'Kubernetes Events' }).innerText(), /\d+ \/ \d+/);
    assert.equal(await f.locator('img').count(), 0);
    await showTab(f, 'Configuration');
    const secret = f.locator('tr', { hasText: 'spark.hadoop.fs.s3a.secret.key' });
    assert.doesNotMatch(await secret.innerText(), /do-not-show-me/);
    await secret.locator('vscode-button').filter({ hasText: 'Reveal' }).click();
    await secret.locator('td', { hasText: 'do-not-show-me' }).waitFor();
    await screenshot(page, 'panel-compute-configuration-revealed-dark');
    await assertNoViolations(f);
  });

  it('Connections: the endpoint is chosen in the tab; a port-forward snippet starts the forward and gets its local port', async () => {
    const f = await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    await showTab(f, 'Connections');
    const select = f.locator('vscode-single-select#endpoint');
    await select.waitFor({ timeout: 30_000 });
    await f.locator('.endpoint .note', { hasText: /^In-cluster: sales-etl-driver\./ }).waitFor({ timeout: 30_000 });
    // Each snippet is one code block: its background behind the whole block (none on the lines' own
    // <code>), long lines scrolling sideways with a scrollbar, and the block reachable by Tab.
    const blocks = await f.locator('.card pre.snippet').evaluateAll((pres) =>
      pres.map((p) => {
        type El = { scrollWidth: number; clientWidth: number; offsetHeight: number; clientHeight: number; tabIndex: number };
        const pre = p as unknown as El & { querySelector(s: string): unknown };
        const css = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle;
        return {
          overflows: pre.scrollWidth > pre.clientWidth,
          scrollbar: pre.offsetHeight - pre.clientHeight,
          tabIndex: pre.tabIndex,
          codeBackground: css(pre.querySelector('code')).backgroundColor,
        };
      }),
    );
    assert.ok(blocks.length > 0);
    for (const b of blocks) {
      assert.equal(b.tabIndex, 0, JSON.stringify(b));
      assert.equal(b.codeBackground, 'rgba(0, 0, 0, 0)', JSON.stringify(b));
      if (b.overflows) assert.ok(b.scrollbar > 0, JSON.stringify(b));
    }
    assert.ok(
      blocks.some((b) => b.overflows),
      'a snippet wider than its card',
    );
    // The option list renders in the element's shadow root; the keyboard chooses, as a user can.
    await select.click();
    await select.press('ArrowDown');
    await select.press('Enter');
    await f.locator('.endpoint .note', { hasText: 'Local port-forward: 127.0.0.1' }).waitFor({ timeout: 30_000 });
    await f.locator('.card pre.snippet', { hasText: '127.0.0.1' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'panel-compute-connections-port-forward-dark');
    const card = f.locator('.card').first();
    await card.locator('vscode-button', { hasText: 'Insert into editor' }).click();
    // The snippet opens in an editor with the forward's local port; the forward is listed under Port Forwards.
    const editor = page.locator('.editor-instance .view-lines', { hasText: '127.0.0.1' });
    await editor.first().waitFor({ timeout: 60_000 });
    await row('sales-etl').click();
    await panelFrame(page)
      .locator('h1', { hasText: /^sales-etl$/ })
      .waitFor();
    assert.ok(await sidebar.locator('.monaco-list-row', { hasText: 'sales-etl (analytics)' }).count());
    // Remembered for the cluster: the page built again shows the port-forward; back to in-cluster for the rest of the run.
    await showTab(panelFrame(page), 'Connections');
    await panelFrame(page).locator('.endpoint .note', { hasText: 'Local port-forward: 127.0.0.1' }).waitFor({ timeout: 30_000 });
    await panelFrame(page).locator('vscode-single-select#endpoint').click();
    await panelFrame(page).locator('vscode-single-select#endpoint').press('ArrowUp');
    await panelFrame(page).locator('vscode-single-select#endpoint').press('Enter');
    await panelFrame(page)
      .locator('.endpoint .note', { hasText: /^In-cluster:/ })
      .waitFor({ timeout: 30_000 });
  });

  it('opening the same cluster again reveals its panel instead of a second one', async () => {
    await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    await row('reporting').click();
    await page.locator('.tab', { hasText: 'Compute: reporting' }).first().waitFor();
    await row('sales-etl').click();
    await panelFrame(page)
      .locator('h1', { hasText: /^sales-etl$/ })
      .waitFor();
    assert.equal(await page.locator('.tab', { hasText: 'Compute: sales-etl' }).count(), 1);
  });

  it('acts from the header: Terminate asks the tree confirmation, then the panel follows to STOPPED', async () => {
    // notebook, ACTIVE in the demo, is terminated here and nowhere else.
    const f = await openPanel(page, 'notebook', 'Compute: notebook');
    await f.locator('header.title .state vscode-badge', { hasText: 'ACTIVE' }).waitFor({ timeout: 60_000 });
    await showTab(f, 'Details');
    const configure = btn(f, 'Configure');
    assert.equal(await configure.getAttribute('title'), 'Terminate the cluster to configure it');
    await btn(f, 'Terminate…').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Terminate compute cluster notebook\?/);
    await screenshot(page, 'panel-compute-terminate-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Yes, terminate it' }).click();
    await f.locator('header.title .state vscode-badge', { hasText: 'STOPPED' }).waitFor({ timeout: 60_000 });
    await btn(f, 'Start').waitFor();
    await screenshot(page, 'panel-compute-after-terminate-dark');
  });

  it('Diagnose explains a FAILED driver; deleting the cluster elsewhere shows the banner and keeps the data', async () => {
    const f = await openPanel(page, 'ml-features', 'Compute: ml-features');
    await f.locator('header.title .state vscode-badge', { hasText: 'FAILED' }).waitFor({ timeout: 60_000 });
    // The header offers what the state table allows a FAILED cluster, and the Spark pages.
    const header = ['Terminate…', 'Restart…', 'Spark UI', 'Spark Metrics UI'];
    for (const label of header) assert.equal(await btn(f, label).count(), 1, `${label} in the header`);
    // The events badge counts at a glance (the crash loop's warnings), before the Events tab was ever shown.
    await f
      .locator('vscode-tab-header', { hasText: 'Kubernetes Events' })
      .locator('vscode-badge', { hasText: /^[1-9]\d* \/ \d+$/ })
      .waitFor({ timeout: 30_000 });
    await btn(f, 'Diagnose').click();
    await f.locator('.diagnosis strong').waitFor({ timeout: 30_000 });
    assert.equal((await f.locator('.diagnosis strong').innerText()).trim(), ML_FEATURES_DIAGNOSIS);
    await screenshot(page, 'panel-compute-diagnose-dark');
    // Deleted by someone else, through the API: the definition goes.
    emulator!.api.delete(emulator!.api.mustType('', 'configmaps'), 'analytics', 'compute.ml-features');
    await f.locator('.banner-warning', { hasText: 'This compute has been deleted' }).waitFor({ timeout: 30_000 });
    assert.match(await f.locator('dl.fields').first().innerText(), /ml-features/);
    // Deleted, not its last state: the badge says so and no action is offered.
    await f.locator('header.title .state vscode-badge', { hasText: 'Deleted' }).waitFor({ timeout: 10_000 });
    assert.equal(await f.locator('header.title .state vscode-badge', { hasText: 'FAILED' }).count(), 0);
    assert.equal(await f.locator('.actions vscode-button').count(), 0);
    await screenshot(page, 'panel-compute-deleted-dark');
  });

  it('Session cluster: every tab in dark and light, the gated actions, hostile description as text', async () => {
    injectSessionHostility(emulator!);
    const f = await openPanel(page, 'orders-stream', 'Session cluster: orders-stream');
    await f.locator('.breadcrumb', { hasText: 'Session clusters' }).waitFor();
    for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
      await setTheme(page, theme);
      const mode = theme.includes('Light') ? 'light' : 'dark';
      for (const tab of SESSION_TABS) {
        await showTab(f, tab);
        if (tab === 'Tasks') await f.locator('table.grid td', { hasText: 'orders-enrich' }).waitFor({ timeout: 30_000 });
        if (tab === 'Start/stop logs') {
          await expandLogEntries(f);
          await f.locator('pre.log-entries', { hasText: XSS }).waitFor();
        }
        await screenshot(page, `panel-session-${slug(tab)}-${mode}`);
      }
    }
    await setTheme(page, 'Default Dark Modern');
    await showTab(f, 'Details');
    assert.match(await f.locator('.description').innerText(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await f.locator('img').count(), 0);
    assert.ok(await btn(f, 'Disable…').isVisible());
    assert.equal(await btn(f, 'Start').count(), 0);
    await assertNoViolations(f);
    // Disable asks with the job count (the tree's confirmation); answering no changes nothing.
    await btn(f, 'Disable…').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Disable session cluster orders-stream\?/);
    await screenshot(page, 'panel-session-disable-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('comes back after a window reload, showing the same cluster on the same tab', async () => {
    let f = await openPanel(page, 'sales-etl', 'Compute: sales-etl');
    await showTab(f, 'Activity');
    await f.locator('.billing').waitFor({ timeout: 30_000 });
    // The page saved its key and tab (setState). Developer: Reload Window, as a user reloads: the
    // workbench stores its editors (a browser refresh may cut that short), then loads again.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Developer: Reload Window');
    await Promise.all([
      page.waitForEvent('load', { timeout: 60_000 }),
      page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().click(),
    ]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tab', { hasText: 'Compute: sales-etl' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.tab', { hasText: 'Compute: sales-etl' }).first().click();
    f = panelFrame(page);
    // Restored by the serializer from the saved key: the same cluster, live from the cache again.
    await f.locator('h1', { hasText: /^sales-etl$/ }).waitFor({ timeout: 60_000 });
    await f.locator('.breadcrumb', { hasText: 'Compute' }).waitFor();
    await f.locator('.billing').waitFor({ timeout: 30_000 });
    await showTab(f, 'Details');
    assert.match(await f.locator('dl.fields').first().innerText(), /sales-etl/);
    assert.match(await f.locator('dl.fields').nth(1).innerText(), /analytics/);
    assert.equal(await page.locator('.tab', { hasText: 'Compute: sales-etl' }).count(), 1);
    await screenshot(page, 'panel-compute-restored-after-reload-dark');
    await assertNoViolations(f);
  });
});
