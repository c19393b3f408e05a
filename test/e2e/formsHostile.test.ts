import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { Emulator } from '../emulator/emulator';
import { type ExtensionWorkbench, openExtensionWorkbench, runCommand, screenshot, treeRow } from './workbench';

/**
 * Markup a user may type, or a cluster's definition may hold. Each payload that ran would set
 * `window.__pwned` in the form's page; none has quotes, so the definition's JSON in the review's
 * YAML carries it letter for letter.
 */
const IMG = '<img src=x onerror=window.__pwned=1>';
const TEXTAREA = '</textarea><img src=x onerror=window.__pwned=2>';
const PRE = '</pre><svg onload=window.__pwned=3>';
const SCRIPT = '<script>window.__pwned=4</script>';
/** A URI Spark could fetch (no space): the jar and file rows accept it. */
const JAR = 's3a://bucket/<img/src=x/onerror=window.__pwned=5>.jar';
const FILE = 's3a://bucket/<svg/onload=window.__pwned=6>.json';
/** Names a user may try: the form refuses them with a message. */
const BAD_NAMES = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
/** The id of a field's message, as the form's widgets make it. */
const msgId = (field: string) => `#f-${field.replace(/[^A-Za-z0-9_-]/g, '_')}-msg`;

/** Rewrites a cluster's definition through the API, as any client would. */
function writeSpec(emulator: Emulator, ns: string, name: string, change: (spec: Record<string, any>) => Record<string, any>): void {
  const cm = structuredClone(emulator.api.store.get('/configmaps', ns, name));
  cm.data['spec.json'] = JSON.stringify(change(JSON.parse(cm.data['spec.json'])), null, 2);
  delete cm.metadata.resourceVersion;
  emulator.applyInternal(cm);
}

/** The forms in code-server with markup typed into every free-text field, or read from a cluster: always text, never run. */
describe('Forms: hostile text', function () {
  this.timeout(8 * 60_000);
  let opened: ExtensionWorkbench | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const cspMessages: string[] = [];

  const row = (cluster: string) => treeRow(page, cluster);
  /** The form's page: the visible webview's outer frame, then its content frame. */
  const form = (): FrameLocator =>
    page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();

  /** A command from the Command Palette, by its exact label. */
  async function contextMenu(name: string, item: string): Promise<void> {
    await row(name).click({ button: 'right' });
    const menuItem = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: new RegExp(`^${item}$`) }).first();
    await menuItem.waitFor({ timeout: 10_000 });
    await menuItem.hover();
    await page.keyboard.press('Enter');
  }

  /** Closes every editor (a form asks nothing: its draft is kept). */
  async function closeAllEditors(): Promise<void> {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
  }

  /** Shows a tab of the compute form and waits until it is the selected one. */
  async function showTab(f: FrameLocator, tab: string): Promise<void> {
    await f.locator(`[data-tab="${tab}"]`).click();
    await f.locator(`[data-tab="${tab}"][aria-selected="true"]`).waitFor();
  }

  /** The keys of a key/value list, in order, once its first row is shown. */
  async function keysOf(f: FrameLocator, list: string): Promise<string[]> {
    await f.locator(`[data-field="${list}[0].key"]`).waitFor();
    return f
      .locator(`[data-list="${list}"] input[data-field$=".key"]`)
      .evaluateAll((es) => es.map((e) => (e as unknown as { value: string }).value));
  }

  /** Fills a field and checks that it holds exactly what was typed. */
  async function type(f: FrameLocator, field: string, text: string): Promise<void> {
    const input = f.locator(`[data-field="${field}"]`);
    await input.fill(text);
    assert.equal(await input.inputValue(), text, `${field} keeps what was typed`);
  }

  /** A field's message, shown as text, naming the typed markup where the rule quotes it. */
  async function refusal(f: FrameLocator, field: string, expected: string | RegExp): Promise<string> {
    const m = f.locator(`.msg.error${msgId(field)}`);
    await m.waitFor({ timeout: 10_000 });
    const text = await m.innerText();
    if (typeof expected === 'string') assert.ok(text.includes(expected), `${field}: ${text}`);
    else assert.match(text, expected);
    return text;
  }

  /**
   * Nothing became markup and nothing ran: no element the payloads would make, no handler
   * attribute, no script holding the flag, the flag unset in the page, and the page counted no
   * Content-Security-Policy violation (the attribute must be there: a page that stopped counting fails).
   */
  async function assertInert(f: FrameLocator): Promise<void> {
    assert.equal(await f.locator('img').count(), 0, 'no img element');
    assert.equal(await f.locator('svg[onload], [onerror], [onload]').count(), 0, 'no element with an event handler attribute');
    const scripts = await f
      .locator('script')
      .evaluateAll(
        (ss) => ss.filter((s) => ((s as unknown as { textContent: string | null }).textContent ?? '').includes('__pwned')).length,
      );
    assert.equal(scripts, 0, 'no script element holding a payload');
    assert.equal(
      await f.locator('body').evaluate(() => (globalThis as unknown as Record<string, unknown>).__pwned),
      undefined,
      'no payload ran',
    );
    assert.equal(await f.locator('body').getAttribute('data-csp-violations'), '0', 'the page counts CSP violations, and has none');
  }

  /** The review's YAML as text: every string in it letter for letter, and nothing inside the <pre> but text. */
  async function assertYamlText(f: FrameLocator, strings: readonly string[]): Promise<void> {
    const pre = f.locator('pre.yaml');
    await pre.waitFor({ timeout: 30_000 });
    const yaml = (await pre.textContent()) ?? '';
    for (const s of strings) assert.ok(yaml.includes(s), `the review's YAML holds ${s} as text`);
    assert.equal(await pre.locator('*').count(), 0, 'the YAML is one text node: no element inside it');
  }

  before(async () => {
    opened = await openExtensionWorkbench({
      name: 'e2e-forms-hostile',
      namespace: 'analytics',
      namespaces: ['analytics', 'risk', 'e2e'],
      width: 1500,
      height: 1000,
      prepare: (emulator) => {
        // A namespace without a quota, for the session cluster the form reviews.
        emulator.applyInternal({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e2e' } });
        // Definitions holding markup, written through the API before the extension reads them: Configure and Edit open them.
        writeSpec(emulator, 'analytics', 'compute.reporting', (spec) => ({
          ...spec,
          description: TEXTAREA,
          env: { HOSTILE_TEXT: SCRIPT },
          sparkConf: { ...spec.sparkConf, 'spark.app.name': PRE },
          arguments: [IMG],
          javaOptions: `-Dtitle=${PRE}`,
          dependencies: { ...spec.dependencies, jars: [JAR], files: [FILE] },
          tags: { ...spec.tags, note: IMG },
        }));
        writeSpec(emulator, 'risk', 'session.fraud-rules', (spec) => ({
          ...spec,
          description: TEXTAREA,
          flinkConfiguration: { ...spec.flinkConfiguration, 'pipeline.name': PRE },
        }));
      },
      listen: (p) => {
        p.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        p.on('console', (m) => {
          if (/Content Security Policy|securitypolicyviolation/i.test(m.text())) cspMessages.push(m.text());
        });
      },
      showRow: 'reporting',
    });
    page = opened.page;
  });
  beforeEach(async () => {
    dialogs.length = 0;
    cspMessages.length = 0;
    if (await page.locator('.tabs-container .tab').count()) await closeAllEditors();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await screenshot(page, `FAILED-forms-hostile-${slug(this.currentTest.title).slice(0, 60)}`);
    // No page raised a dialog (alert) or logged a Content Security Policy violation during the test.
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(cspMessages, [], 'no Content Security Policy violation');
      assert.deepEqual(dialogs, [], 'no dialog from any page');
    }
  });
  after(async () => {
    await opened?.close();
  });

  it('New Compute: markup in every free-text field is refused or kept as text, and the review shows it as text', async () => {
    await runCommand(page, 'Data Clusters (Compute): New Compute…');
    const f = form();
    await f.locator('[data-field="name"]').waitFor({ timeout: 30_000 });
    // General: a name with markup is refused with the rule, as text; the description keeps it.
    for (const bad of BAD_NAMES) {
      await type(f, 'name', bad);
      await refusal(f, 'name', 'Use lower-case letters, digits and "-"');
      await assertInert(f);
    }
    await type(f, 'name', 'e2e-hostile');
    await f.locator(`.msg.error${msgId('name')}`).waitFor({ state: 'detached' });
    await type(f, 'description', TEXTAREA);

    // Configurations: keys with markup are refused, the message quoting them as text; values keep it.
    await showTab(f, 'configurations');
    await f.locator('[data-list="env"] .linkbutton', { hasText: 'Add variable' }).click();
    await type(f, 'env[0].key', IMG);
    await type(f, 'env[0].value', SCRIPT);
    await refusal(f, 'env[0].key', `"${IMG}" is not a valid environment variable name.`);
    await f.locator('[data-list="sparkConf"] .linkbutton', { hasText: 'Add setting' }).click();
    await type(f, 'sparkConf[0].key', IMG);
    await type(f, 'sparkConf[0].value', PRE);
    await refusal(f, 'sparkConf[0].key', `"${IMG}" is not a Spark setting`);
    await f.locator('[data-list="arguments"] .linkbutton', { hasText: 'Add argument' }).click();
    await type(f, 'arguments[0]', IMG);
    await type(f, 'javaOptions', `-Dtitle=${PRE}`);
    await screenshot(page, 'form-hostile-configurations');
    await assertInert(f);
    await type(f, 'env[0].key', 'HOSTILE_TEXT');
    await type(f, 'sparkConf[0].key', 'spark.app.name');
    await f.locator(`.msg.error${msgId('env[0].key')}`).waitFor({ state: 'detached' });
    await f.locator(`.msg.error${msgId('sparkConf[0].key')}`).waitFor({ state: 'detached' });

    // Dependencies: jar and file locations Spark could fetch, with markup in their path.
    await showTab(f, 'dependencies');
    await f.locator('[data-list="jars"] .linkbutton', { hasText: 'Add jar' }).click();
    await type(f, 'jars[0]', JAR);
    await f.locator('[data-list="files"] .linkbutton', { hasText: 'Add file' }).click();
    await type(f, 'files[0]', FILE);
    await f.locator('[data-list="files"] .linkbutton', { hasText: 'Add file' }).click();
    await type(f, 'files[1]', IMG);
    await refusal(f, 'files[1]', `"${IMG}" is not a URI Spark can fetch`);
    await assertInert(f);
    await f.locator('[data-list="files"] .linkbutton', { hasText: 'Remove' }).nth(1).click();
    await f.locator('[data-field="files[1]"]').waitFor({ state: 'detached' });

    // Docker settings: an image reference with markup is refused, quoted as text.
    await showTab(f, 'docker');
    const image = await f.locator('[data-field="image"]').inputValue();
    await type(f, 'image', IMG);
    await refusal(f, 'image', `"${IMG}" is not a valid image reference`);
    await assertInert(f);
    await type(f, 'image', image);

    // Tags: the key is refused, the value kept.
    await showTab(f, 'tags');
    await f.locator('[data-list="tags"] .linkbutton', { hasText: 'Add tag' }).click();
    await type(f, 'tags[0].key', IMG);
    await type(f, 'tags[0].value', IMG);
    await refusal(f, 'tags[0].key', `"${IMG}" is not a valid tag key`);
    await assertInert(f);
    await type(f, 'tags[0].key', 'note');

    // Every tab again: the fields hold the text as typed.
    await showTab(f, 'general');
    assert.equal(await f.locator('[data-field="description"]').inputValue(), TEXTAREA);
    await showTab(f, 'configurations');
    assert.equal(await f.locator('[data-field="env[0].value"]').inputValue(), SCRIPT);
    assert.equal(await f.locator('[data-field="sparkConf[0].value"]').inputValue(), PRE);
    assert.equal(await f.locator('[data-field="arguments[0]"]').inputValue(), IMG);

    // Review & Create: the server's dry run answers the objects; the summary and the YAML show the markup as text.
    await showTab(f, 'review');
    await assertYamlText(f, [TEXTAREA, SCRIPT, PRE, `-Dtitle=${PRE}`, IMG, JAR, FILE]);
    assert.equal(await f.locator('[data-tab="general"] .mark').count(), 0, 'no field is refused any more');
    const summary = (await f.locator('[data-field="summary"]').textContent()) ?? '';
    for (const s of [TEXTAREA, `HOSTILE_TEXT=${SCRIPT}`, `spark.app.name=${PRE}`, JAR, FILE, `note=${IMG}`])
      assert.ok(summary.includes(s), `the summary holds ${s} as text`);
    await screenshot(page, 'form-hostile-review');
    await assertInert(f);
  });

  it('Configure: a definition holding markup opens with it as text in every field, and reviews it as text', async () => {
    // reporting is STOPPED in the demo: Configure is offered.
    await row('reporting')
      .locator('.label-description', { hasText: /^STOPPED/ })
      .waitFor({ timeout: 60_000 });
    await contextMenu('reporting', 'Configure…');
    const f = form();
    await page.locator('.tab.active', { hasText: 'Configure: reporting' }).waitFor({ timeout: 30_000 });
    await f.locator('[data-field="name"]').waitFor({ timeout: 30_000 });
    assert.equal(await f.locator('[data-field="description"]').inputValue(), TEXTAREA);
    await assertInert(f);
    await showTab(f, 'configurations');
    assert.equal(await f.locator('[data-field="env[0].key"]').inputValue(), 'HOSTILE_TEXT');
    assert.equal(await f.locator('[data-field="env[0].value"]').inputValue(), SCRIPT);
    const sparkKeys = await keysOf(f, 'sparkConf');
    const app = sparkKeys.indexOf('spark.app.name');
    assert.ok(app >= 0, JSON.stringify(sparkKeys));
    assert.equal(await f.locator(`[data-field="sparkConf[${app}].value"]`).inputValue(), PRE);
    assert.equal(await f.locator('[data-field="arguments[0]"]').inputValue(), IMG);
    assert.equal(await f.locator('[data-field="javaOptions"]').inputValue(), `-Dtitle=${PRE}`);
    await assertInert(f);
    await showTab(f, 'dependencies');
    assert.equal(await f.locator('[data-field="jars[0]"]').inputValue(), JAR);
    assert.equal(await f.locator('[data-field="files[0]"]').inputValue(), FILE);
    await showTab(f, 'tags');
    const tagKeys = await keysOf(f, 'tags');
    const note = tagKeys.indexOf('note');
    assert.ok(note >= 0, JSON.stringify(tagKeys));
    assert.equal(await f.locator(`[data-field="tags[${note}].value"]`).inputValue(), IMG);
    // A change, so that the review's summary shows old → new with the markup on both sides.
    await type(f, `tags[${note}].value`, `${IMG} ${SCRIPT}`);
    await showTab(f, 'review');
    await assertYamlText(f, [TEXTAREA, SCRIPT, PRE, IMG, JAR, FILE, `${IMG} ${SCRIPT}`]);
    const changed = (await f.locator('[data-changed="tags"]').textContent()) ?? '';
    assert.ok(changed.includes(`note=${IMG}`) && changed.includes(`note=${IMG} ${SCRIPT}`), changed);
    await screenshot(page, 'form-hostile-configure-review');
    await assertInert(f);
  });

  it('Session cluster: markup in the description and Flink configuration, typed or read from the cluster, stays text', async () => {
    await runCommand(page, 'Data Clusters (Session): Create Session Cluster…');
    const f = form();
    await f.locator('[data-form="session"] [data-field="name"]').waitFor({ timeout: 30_000 });
    await f.locator('[data-field="namespace"]').selectOption('e2e');
    for (const bad of BAD_NAMES) {
      await type(f, 'name', bad);
      await refusal(f, 'name', 'Use lower-case letters, digits and "-"');
    }
    await type(f, 'name', 'e2e-hostile');
    await type(f, 'description', TEXTAREA);
    await f.locator('[data-list="flinkConfiguration"] .linkbutton', { hasText: 'Add option' }).click();
    await type(f, 'flinkConfiguration[0].key', IMG);
    await type(f, 'flinkConfiguration[0].value', PRE);
    await refusal(f, 'flinkConfiguration[0].key', `"${IMG}" is not a Flink option key.`);
    await assertInert(f);
    await type(f, 'flinkConfiguration[0].key', 'pipeline.name');
    await f.locator(`.msg.error${msgId('flinkConfiguration[0].key')}`).waitFor({ state: 'detached' });
    await f.locator('vscode-button', { hasText: 'Preview YAML' }).click();
    await assertYamlText(f, [TEXTAREA, PRE]);
    await screenshot(page, 'form-hostile-session-create');
    await assertInert(f);

    // Edit of a cluster whose definition holds markup (written before the extension started): the fields show it as text.
    await closeAllEditors();
    await contextMenu('fraud-rules', 'Edit…');
    const e = form();
    await page.locator('.tab.active', { hasText: 'Edit: fraud-rules' }).waitFor({ timeout: 30_000 });
    await e.locator('[data-form="session"] [data-field="name"]').waitFor({ timeout: 30_000 });
    assert.equal(await e.locator('[data-field="description"]').inputValue(), TEXTAREA);
    const keys = await keysOf(e, 'flinkConfiguration');
    const i = keys.indexOf('pipeline.name');
    assert.ok(i >= 0, JSON.stringify(keys));
    assert.equal(await e.locator(`[data-field="flinkConfiguration[${i}].value"]`).inputValue(), PRE);
    await e.locator('vscode-button', { hasText: 'Preview YAML' }).click();
    await assertYamlText(e, [TEXTAREA, PRE]);
    await screenshot(page, 'form-hostile-session-edit');
    await assertInert(e);
  });
});
