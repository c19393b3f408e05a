import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startSeededEmulator } from '../emulator/demo';
import { Emulator } from '../emulator/emulator';
import { openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { packageExtension } from '../harness/packaging';
import { CACHE } from '../harness/paths';
import { readmeScreenshot, screenshot, workbench } from './workbench';

/** The forms in a real VS Code against the demo seed: create a compute cluster, configure one, every tab in both themes. */
describe('Create and Configure forms', function () {
  this.timeout(8 * 60_000);
  let emulator: Emulator | undefined;
  let server: CodeServerInstance | undefined;
  let page: Page;
  let sidebar: Locator;
  const row = (cluster: string) =>
    sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${cluster}$`) }) });
  /** The form's page: the webview's outer frame, then its content frame. */
  const form = (): FrameLocator => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

  /** Switches the colour theme as a user does: "Preferences: Color Theme", then the theme's row (the picker labels "Default Light Modern" as "Light Modern"). */
  async function setTheme(theme: 'Default Light Modern' | 'Default Dark Modern'): Promise<void> {
    const light = theme.includes('Light');
    const label = theme.replace(/^Default /, '');
    await palette('Preferences: Color Theme');
    await page.keyboard.type(label);
    await quickPickRow(label).click();
    await page
      .locator(light ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark')
      .first()
      .waitFor({ timeout: 30_000 });
    // The open form follows: its body carries the theme kind VS Code gives webviews.
    if (await page.locator('iframe.webview.ready').count())
      await form()
        .locator(light ? 'body.vscode-light' : 'body.vscode-dark')
        .waitFor({ timeout: 30_000 });
  }

  /** The quick pick row whose label is exactly `label` (fuzzy matching ranks other rows first, e.g. "Browse Color Themes in Marketplace"). */
  const quickPickRow = (label: string) =>
    page
      .locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
      })
      .first();

  /** Toasts cover the form's footer buttons. */
  async function clearNotifications(): Promise<void> {
    await palette('Notifications: Clear All Notifications');
  }

  async function palette(command: string): Promise<void> {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor();
    await page.keyboard.type(command.replace(/…$/, ''));
    await quickPickRow(command).click();
  }

  async function contextMenu(name: string, item: string): Promise<void> {
    await row(name).click({ button: 'right' });
    const menuItem = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: new RegExp(`^${item}$`) }).first();
    await menuItem.waitFor({ timeout: 10_000 });
    await menuItem.hover();
    await page.keyboard.press('Enter');
  }

  const tabs = ['general', 'configurations', 'dependencies', 'docker', 'tags', 'review'] as const;

  async function shootTabs(prefix: string, theme: string): Promise<void> {
    for (const t of tabs) {
      await form().locator(`[data-tab="${t}"]`).click();
      await form().locator(`[data-tab="${t}"][aria-selected="true"]`).waitFor();
      if (t === 'review') await form().locator('pre.yaml').waitFor({ timeout: 30_000 });
      await screenshot(page, `${prefix}-${t}-${theme}`);
      if (t === 'general' || t === 'configurations' || t === 'review')
        await readmeScreenshot(page, `${prefix}-${t}-${theme}`, 'editor', form());
    }
  }

  /** What the user sees after a create: the cluster's detail panel, its header and Details tab as text. */
  async function detailsOf(name: string, title: string): Promise<string> {
    await page.locator('.tab', { hasText: title }).first().waitFor({ timeout: 30_000 });
    const panel = page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();
    await panel.locator('h1', { hasText: new RegExp(`^${name}$`) }).waitFor({ timeout: 30_000 });
    await screenshot(page, `form-${name}-details`);
    return panel.locator('body').innerText();
  }

  /** A notification toast with `text` (they are read, then cleared so they do not cover the forms' buttons). */
  async function toast(text: string | RegExp): Promise<string> {
    const t = page.locator('.notification-toast', { hasText: text }).first();
    await t.waitFor({ timeout: 30_000 });
    return t.innerText();
  }

  before(async () => {
    emulator = await startSeededEmulator('demo', { speed: 4 });
    const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', 'e2e-forms-kubeconfig.yaml'), 'admin', 'analytics');
    // A namespace of the test's own, without a quota, for the session cluster it creates.
    emulator.applyInternal({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e2e' } });
    server = await startCodeServer({
      name: 'e2e-forms',
      vsixes: [await packageExtension()],
      env: { KUBECONFIG: kubeconfig },
      settings: { 'dataClusters.namespaces': ['analytics', 'research', 'risk', 'e2e'] },
    });
    page = await openWorkbench(workbench.browser!, server.workspaceUrl, { colorScheme: 'dark', width: 1500, height: 1000 });
    await page.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
    sidebar = page.locator('#workbench\\.parts\\.sidebar');
    await row('reporting').waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await screenshot(page, `FAILED-forms-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  });
  after(async () => {
    await page?.context().close();
    await server?.stop();
    await emulator?.stop();
  });

  it('creates a compute cluster through the six tabs: it shows STARTING, then ACTIVE, and its details open', async () => {
    await palette('Data Clusters (Compute): New Compute…');
    const f = form();
    await f.locator('[data-field="name"]').waitFor({ timeout: 30_000 });
    // Next checks the tab: an invalid name keeps the form on General with its message.
    await f.locator('[data-field="name"]').fill('Bad Name');
    await f.locator('vscode-button', { hasText: 'Next' }).click();
    await f.locator('.msg.error', { hasText: 'lower-case' }).waitFor();
    assert.equal(await f.locator('[data-tab="general"] .mark').innerText(), '1');
    assert.equal(await f.locator('[data-tab="general"]').getAttribute('aria-selected'), 'true');
    await screenshot(page, 'form-compute-invalid-dark');
    await setTheme('Default Light Modern');
    await screenshot(page, 'form-compute-invalid-light');
    await setTheme('Default Dark Modern');
    await f.locator('[data-field="name"]').fill('e2e-etl');
    await f.locator('[data-field="namespace"]').selectOption('research');
    await f.locator('[data-field="description"]').fill('Nightly joins for the research dashboards');
    // One executor is worded in the singular.
    await f.locator('[data-field="executorCount"]').fill('1');
    await f.locator('[data-field="totals"]', { hasText: '(driver + 1 executor)' }).waitFor({ timeout: 10_000 });
    await f.locator('[data-field="executorCount"]').fill('2');
    // The totals follow the executor count once the page has read the field: wait for them.
    await f.locator('[data-field="totals"]', { hasText: /At full scale: 3 CPU, 12 GiB/ }).waitFor({ timeout: 10_000 });
    await f.locator('vscode-button', { hasText: 'Next' }).click();
    await f.locator('[data-list="env"] .linkbutton', { hasText: 'Add variable' }).click();
    await f.locator('[data-field="env[0].key"]').fill('SPARK_LOG_LEVEL');
    await f.locator('[data-field="env[0].value"]').fill('INFO');
    await f.locator('[data-list="sparkConf"] .linkbutton', { hasText: 'Add setting' }).click();
    await f.locator('[data-field="sparkConf[0].key"]').fill('spark.master');
    await f.locator('[data-field="sparkConf[0].value"]').fill('local');
    await f.locator('.msg.error', { hasText: 'spark.master is reserved' }).waitFor();
    await f.locator('[data-field="sparkConf[0].key"]').fill('spark.sql.shuffle.partitions');
    await f.locator('[data-field="sparkConf[0].value"]').fill('64');
    await f.locator('vscode-button', { hasText: 'Next' }).click();
    await f.locator('[data-list="packages"] .linkbutton', { hasText: 'Add package' }).click();
    await f.locator('[data-field="packages[0]"]').fill('org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1');
    await f.locator('[data-tab="tags"]').click();
    await f.locator('[data-list="tags"] .linkbutton', { hasText: 'Add tag' }).click();
    await f.locator('[data-field="tags[0].key"]').fill('team');
    await f.locator('[data-field="tags[0].value"]').fill('data');
    // Choosing a tab moves no other tab's label sideways.
    // (The callbacks run in the page: everything they use is defined inside them.)
    type Rect = { left: number; top: number; height: number };
    const tabLefts = () =>
      f
        .locator('[role="tab"]')
        .evaluateAll((ts) => ts.map((t) => Math.round((t as unknown as { getBoundingClientRect(): Rect }).getBoundingClientRect().left)));
    const onTags = await tabLefts();
    await f.locator('[data-tab="configurations"]').click();
    await f.locator('[data-tab="configurations"][aria-selected="true"]').waitFor();
    assert.deepEqual(await tabLefts(), onTags);
    // A row of fields lines up: the Source dropdown as tall as the text fields, Remove on the same line.
    const rowBoxes = await f
      .locator('[data-list="env"] table.rows tr')
      .nth(1)
      .locator('input, select, .linkbutton')
      .evaluateAll((es) =>
        es.map((e) => {
          const r = (e as unknown as { getBoundingClientRect(): Rect }).getBoundingClientRect();
          return { top: Math.round(r.top), height: Math.round(r.height) };
        }),
      );
    assert.equal(rowBoxes.length, 4, JSON.stringify(rowBoxes));
    for (const b of rowBoxes) assert.deepEqual(b, rowBoxes[0], JSON.stringify(rowBoxes));
    await shootTabs('form-compute', 'dark');
    // A narrow window: the editor is about 600 px wide beside the side bar.
    await page.setViewportSize({ width: 960, height: 1000 });
    for (const t of ['general', 'configurations', 'review'] as const) {
      await f.locator(`[data-tab="${t}"]`).click();
      await f.locator(`[data-tab="${t}"][aria-selected="true"]`).waitFor();
      await screenshot(page, `form-compute-${t}-narrow-dark`);
    }
    await page.setViewportSize({ width: 1500, height: 1000 });
    const yaml = await f.locator('pre.yaml').innerText();
    for (const part of ['kind: ConfigMap', 'name: compute.e2e-etl', 'kind: Deployment', 'name: e2e-etl-driver', 'kind: Service', 'uid:'])
      assert.ok(yaml.includes(part), part);
    await setTheme('Default Light Modern');
    await shootTabs('form-compute', 'light');
    await setTheme('Default Dark Modern');
    // The page counts Content-Security-Policy violations on its body, as the cluster page does.
    assert.equal(await f.locator('body').getAttribute('data-csp-violations'), '0');
    await f.locator('vscode-button', { hasText: 'Create' }).click();
    // Create starts the cluster and opens its details; the form closes.
    const details = await detailsOf('e2e-etl', 'Compute: e2e-etl');
    assert.match(details, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'the cluster ID');
    assert.match(details, /STARTING|ACTIVE/);
    await page.locator('.tab', { hasText: 'New Compute' }).waitFor({ state: 'detached' });
    await row('e2e-etl').locator('.codicon-loading').waitFor({ timeout: 30_000 });
    assert.match(await row('e2e-etl').locator('.label-description').innerText(), /^STARTING/);
    await screenshot(page, 'form-compute-created-starting');
    await row('e2e-etl').locator('.codicon-pass-filled').waitFor({ timeout: 120_000 });
    assert.match(await row('e2e-etl').locator('.label-description').innerText(), /^ACTIVE/);
    await screenshot(page, 'form-compute-created-active');
  });

  it('configures a STOPPED cluster: Name and Bundle are read-only, saving shows "Restart required"', async () => {
    // notebook runs in the seed: terminate it first, as a user would (Configure is for STOPPED or FAILED clusters).
    await row('notebook').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
    await contextMenu('notebook', 'Terminate…');
    const confirm = page.locator('.monaco-dialog-box', { hasText: 'Terminate compute cluster notebook?' });
    await confirm.locator('.monaco-button', { hasText: 'Yes, terminate it' }).click();
    await row('notebook')
      .locator('.label-description', { hasText: /^STOPPED/ })
      .waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await row('notebook').locator('.label-description').innerText(), /Restart required/);
    await clearNotifications();
    await contextMenu('notebook', 'Configure…');
    const f = form();
    await f.locator('[data-field="name"]').waitFor({ timeout: 30_000 });
    await page.locator('.tab.active', { hasText: 'Configure: notebook' }).waitFor();
    assert.equal(await f.locator('[data-field="name"]').getAttribute('readonly'), '');
    assert.equal(await f.locator('[data-field="bundle"]').isDisabled(), true);
    assert.equal(await f.locator('[data-field="name"]').inputValue(), 'notebook');
    await f.locator('[data-tab="docker"]').click();
    await f.locator('[data-field="image"]').fill('apache/spark:3.5.3');
    await f.locator('[data-tab="review"]').click();
    await f.locator('pre.yaml').waitFor({ timeout: 30_000 });
    assert.equal(await f.locator('[data-tab="review"]').innerText(), 'Review & Save');
    assert.match(await f.locator('pre.yaml').innerText(), /image: apache\/spark:3\.5\.3/);
    await screenshot(page, 'form-configure-review-dark');
    await setTheme('Default Light Modern');
    await screenshot(page, 'form-configure-review-light');
    await setTheme('Default Dark Modern');
    await f.locator('vscode-button', { hasText: 'Save' }).click();
    // A STOPPED cluster offers Start, not Restart: the notice names the action that applies the save.
    assert.match(await toast('notebook:'), /Start the cluster to apply it/);
    await row('notebook')
      .locator('.label-description', { hasText: /Restart required/ })
      .waitFor({ timeout: 30_000 });
    assert.match(await row('notebook').locator('.label-description').innerText(), /^STOPPED · .*Restart required/);
    await screenshot(page, 'form-configure-restart-required');
  });

  it('creates a session cluster through its form, then edits a Disabled one', async () => {
    await clearNotifications();
    // The view's + is there once connected (it stays whether or not the user may create: the command says why not).
    await page
      .locator('.pane-header .action-label[aria-label^="Create Session Cluster"]')
      .first()
      .waitFor({ state: 'attached', timeout: 60_000 });
    await palette('Data Clusters (Session): Create Session Cluster…');
    const f = form();
    await f.locator('[data-form="session"] [data-field="name"]').waitFor({ timeout: 30_000 });
    // research and risk each hold their one session cluster, all their ResourceQuota allows: they are not offered.
    assert.deepEqual(await f.locator('[data-field="namespace"] option').allInnerTexts(), ['analytics', 'e2e']);
    await f.locator('[data-field="namespace"]').selectOption('e2e');
    await f.locator('[data-field="name"]').fill('e2e-stream');
    await f.locator('[data-field="taskManagerMemory"]').fill('4 gigs');
    await f.locator('.msg.error', { hasText: 'Flink memory size' }).waitFor();
    await screenshot(page, 'form-session-create-invalid-dark');
    await setTheme('Default Light Modern');
    await screenshot(page, 'form-session-create-invalid-light');
    await setTheme('Default Dark Modern');
    await f.locator('[data-field="taskManagerMemory"]').fill('4096m');
    await f.locator('[data-field="description"]').fill('Clickstream enrichment for the research team');
    await f.locator('vscode-button', { hasText: 'Preview YAML' }).click();
    await f.locator('pre.yaml').waitFor({ timeout: 30_000 });
    assert.match(await f.locator('pre.yaml').innerText(), /kind: FlinkDeployment/);
    await screenshot(page, 'form-session-create-dark');
    await readmeScreenshot(page, 'form-session-dark', 'editor', f);
    await f.locator('pre.yaml').scrollIntoViewIfNeeded();
    await screenshot(page, 'form-session-create-yaml-dark');
    await setTheme('Default Light Modern');
    await screenshot(page, 'form-session-create-yaml-light');
    await f.locator('h1').scrollIntoViewIfNeeded();
    await screenshot(page, 'form-session-create-light');
    await readmeScreenshot(page, 'form-session-light', 'editor', f);
    await setTheme('Default Dark Modern');
    // The page counts Content-Security-Policy violations on its body, as the cluster page does.
    assert.equal(await f.locator('body').getAttribute('data-csp-violations'), '0');
    await f.locator('vscode-button', { hasText: 'Create' }).click();
    const details = await detailsOf('e2e-stream', 'Session cluster: e2e-stream');
    assert.match(details, /Owner\s*admin/);
    await page.locator('.tab', { hasText: 'Create Session Cluster' }).waitFor({ state: 'detached' });
    await row('e2e-stream').waitFor({ timeout: 30_000 });
    await row('e2e-stream')
      .locator('.label-description', { hasText: /^Running/ })
      .waitFor({ timeout: 120_000 });
    await screenshot(page, 'form-session-created-running');

    await contextMenu('fraud-rules', 'Edit…');
    await form().locator('[data-form="session"] [data-field="name"]').waitFor({ timeout: 30_000 });
    const e = form();
    assert.equal(await e.locator('[data-field="name"]').inputValue(), 'fraud-rules');
    assert.equal(await e.locator('[data-field="name"]').getAttribute('readonly'), '');
    await e.locator('[data-field="taskManagerReplicas"]').fill('3');
    await screenshot(page, 'form-session-edit-dark');
    await setTheme('Default Light Modern');
    await screenshot(page, 'form-session-edit-light');
    await setTheme('Default Dark Modern');
    await e.locator('vscode-button', { hasText: 'Save' }).click();
    assert.match(await toast('fraud-rules:'), /Start the cluster to apply it/);
    await page.locator('.tab', { hasText: 'Edit: fraud-rules' }).waitFor({ state: 'detached' });
  });
});
