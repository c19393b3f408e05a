import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startSeededEmulator } from '../emulator/demo';
import { Emulator } from '../emulator/emulator';
import { openWorkbench } from '../harness/browser';
import { CodeServerInstance, startCodeServer } from '../harness/codeServer';
import { packageExtension, packageLanguagePack } from '../harness/packaging';
import { CACHE, ROOT } from '../harness/paths';
import { run } from '../harness/processes';
import { screenshot, SCREENSHOTS, workbench } from './workbench';
import { defaultComputeSpec } from '../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../shared/clusters/nodeTypes';

/**
 * The extension in the pseudo-locale `qps-ploc`, in a real VS Code (code-server): what the user
 * sees comes from the bundles, not from English literals.
 *
 * How the locale is set up, at test time and outside the repository's shipped files:
 * - `vscode-l10n-dev generate-pseudo` writes `*.qps-ploc.json` next to its inputs (it has no
 *   output option), so l10n/bundle.l10n.json and package.nls.json are copied to a temporary folder
 *   first and pseudo-localized there.
 * - The normal test .vsix is installed (it must not carry any `qps-ploc` file), then the two
 *   pseudo files are copied into the installed extension's folder: `bundle.l10n.qps-ploc.json`
 *   into its `l10n/` (the manifest's `l10n`), `package.nls.qps-ploc.json` next to package.json.
 * - code-server starts with `--locale qps-ploc`. Alone, that is not enough: VS Code resolves a
 *   display language only through an installed language pack, and turns a locale without one
 *   back into English (`vscode.env.language` stays `en` and no extension file of the locale is
 *   read). So an empty language pack for `qps-ploc` (packageLanguagePack: `localizations` with a
 *   translation file for VS Code that has no messages) is installed first. The server finds
 *   language packs in the user-data-dir's languagepacks.json, which an install through
 *   code-server's command line (`--install-extension`) does not write, so the test writes the
 *   pack's entry as VS Code would. The workbench then runs in `qps-ploc` with its own strings in
 *   English, and the extension host's
 *   `vscode.env.language` is `qps-ploc`, which makes VS Code read the extension's
 *   `bundle.l10n.qps-ploc.json` (`vscode.l10n`) and `package.nls.qps-ploc.json` (manifest).
 *   The pack translates nothing of ours, so every pseudo string below came from our files.
 *
 * Pseudo-localization replaces every Latin letter with an accented look-alike and doubles vowels
 * ("Details" → "Ḓḗḗŧȧȧīŀş"); the expected texts are read from the generated files, and any word
 * of plain ASCII letters left on screen is either data or English that escaped the bundles.
 */
const LOCALE = 'qps-ploc';

/**
 * Text in plain ASCII letters that may stay on screen in any language, each with its reason. Anything
 * else in ASCII letters that is not data (names, descriptions, tags, settings, log lines, snippets,
 * recorded activity, read from the cluster) is English that escaped the bundles, and fails the run.
 */
const ALLOWED: readonly { readonly text: string; readonly reason: string }[] = [
  ...['CPU', 'GiB', 'MiB'].map((text) => ({ text, reason: 'a unit symbol, not translated by design (shared/text/format.ts)' })),
  ...['Python', 'JDBC', 'dbt', 'Tableau', 'Power BI', 'Superset', 'Metabase', 'Redash', 'Spark Connect', 'Arrow Flight'].map((text) => ({
    text,
    reason: 'the name of a tool or protocol on a connection card, the same in every language',
  })),
  { text: 'cliservice', reason: "the Thrift server's HTTP path inside a translated sentence, typed as is" },
  { text: 'spark.hadoop.hive.server2.transport.mode=http', reason: 'a Spark setting inside a translated sentence, typed as is' },
  {
    text: '{organization}/{cluster}',
    reason: "the placeholders of the Databricks path dbt-spark's http method speaks, as its docs name them",
  },
  { text: 'dryRun=All', reason: "the API server's dry-run parameter inside a translated sentence, as kubectl writes it" },
  { text: 'managedFields', reason: 'a Kubernetes field name inside a translated sentence' },
  {
    text: 'Data Clusters (Compute): New Compute…',
    reason: "VS Code shows a translated command's English original beside it in the Command Palette, so either can be searched",
  },
];
/** Words of plain ASCII letters, not parts of names, addresses or dotted keys. */
const ASCII_WORDS = /(?<![\w@.-])[A-Za-z][A-Za-z']{2,}(?![\w@.-])/g;
/** Kubernetes names (clusters, namespaces, node types) are data wherever they show. */
const KUBERNETES_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ACCENTED = /[\u0100-\u024f\u1e00-\u1eff]/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CLUSTER_NAMES = ['sales-etl', 'reporting', 'ml-features', 'orders-stream'];

describe(`Pseudo-localized (${LOCALE}): views, Command Palette, detail panel and form`, function () {
  this.timeout(10 * 60_000);
  let emulator: Emulator | undefined;
  let server: CodeServerInstance | undefined;
  let page: Page;
  let sidebar: Locator;
  let tmp: string;
  /** Messages with a translator comment are objects ({ message, comment }), keyed `message/comment`. */
  let bundle: Record<string, string | { message: string }>;
  let nlsPseudo: Record<string, string>;
  /** Files of the installed .vsix whose name mentions the pseudo-locale (none expected). */
  let shippedPseudoFiles: string[] = [];
  /** Where the language pack came from: the server's own bookkeeping or this test. */
  let languagePackSource = '';
  /** Lines on screen with words of plain ASCII letters that are neither data nor allowed, per place. */
  const english: string[] = [];
  /** Allowed texts seen, so the report says which entries are still needed. */
  const allowedSeen = new Set<string>();

  /** The pseudo text of an English message of the code bundle, with its placeholders filled in. */
  function t(message: string, ...args: (string | number)[]): string {
    const entry = bundle[message];
    const pseudo = typeof entry === 'string' ? entry : entry?.message;
    assert.ok(pseudo !== undefined, `"${message}" is in l10n/bundle.l10n.json`);
    assert.notEqual(pseudo, message, `"${message}" is transformed`);
    return pseudo.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
  }
  /** A pattern for a pseudo message whose placeholders (`{0}`, `{running}`) are numbers. */
  const tNumbers = (message: string) => new RegExp(escapeRegExp(t(message)).replace(/\\\{\w+\\\}/g, '\\d+'));
  function nls(key: string): string {
    const pseudo = nlsPseudo[key];
    assert.ok(pseudo !== undefined, `${key} is in package.nls.json`);
    return pseudo;
  }
  /** CSS may show a title in capitals; both sides in capitals compare what the user reads. */
  const sameCaps = (a: string | null, b: string) => assert.equal(a?.trim().toUpperCase(), b.toUpperCase());

  /**
   * Records each line that still has a word of plain ASCII letters once the data and the allowed
   * texts are taken out. `data` are texts known to be data or to be read by another tool as written
   * (names, descriptions, log lines, events, snippets, settings): taken out wherever they occur.
   */
  function noteEnglish(where: string, text: string, data: readonly string[] = []): void {
    // Markdown (the tooltips) may render spaces as no-break spaces.
    const spaces = (t: string) => t.replace(/\u00a0/g, ' ');
    const known = [...new Set(data.flatMap((d) => spaces(d).split('\n')).map((l) => l.trim()))]
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
    for (const line of spaces(text)
      .split('\n')
      .map((l) => l.trim())) {
      let rest = line;
      for (const d of known) rest = rest.replace(new RegExp(`(?<![A-Za-z])${escapeRegExp(d)}(?![A-Za-z])`, 'g'), ' ');
      for (const a of ALLOWED) {
        const bounded = new RegExp(`(?<![A-Za-z])${escapeRegExp(a.text)}(?![A-Za-z])`, 'g');
        if (bounded.test(rest)) allowedSeen.add(a.text);
        rest = rest.replace(bounded, ' ');
      }
      const words = rest.match(ASCII_WORDS);
      if (words) english.push(`${where}: ${JSON.stringify(line)}  [${words.join(', ')}]`);
    }
  }

  /** The namespaces and the clusters' names: Kubernetes names, data wherever they show. */
  function names(): string[] {
    const store = emulator!.api.store;
    return [
      ...store.list('/namespaces').map((n) => n.metadata.name as string),
      ...store.list('/configmaps').flatMap((cm) => {
        const m = /^(?:compute|session)\.([^.]+)$/.exec(cm.metadata.name as string);
        return m ? [m[1]] : [];
      }),
    ].filter((n) => KUBERNETES_NAME.test(n));
  }

  /** What the cluster holds for a compute cluster, shown as written: its description, tags and recorded activity. */
  function clusterData(namespace: string, name: string): string[] {
    const store = emulator!.api.store;
    const spec = JSON.parse(store.get('/configmaps', namespace, `compute.${name}`).data['spec.json']) as {
      description?: string;
      tags?: Record<string, string>;
      image?: string;
    };
    const activity = JSON.parse(store.get('/configmaps', namespace, `compute.${name}.activity`)?.data?.['activity.json'] ?? '[]') as {
      details?: string;
    }[];
    return [
      spec.description ?? '',
      spec.image ?? '',
      ...Object.entries(spec.tags ?? {}).map(([k, v]) => `${k}: ${v}`),
      // Written in the language of whoever acted, and read by everyone who shares the cluster.
      ...activity.map((r) => r.details ?? ''),
    ];
  }

  const row = (cluster: string) =>
    sidebar
      .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(cluster)}$`) }) })
      .first();
  /** The page of the visible webview (code-server nests it: webview iframe, then its active frame). */
  const frame = (): FrameLocator =>
    page.locator('iframe.webview.ready:visible').last().contentFrame().locator('#active-frame').contentFrame();

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'data-clusters-pseudo-'));
    // The pseudo bundles, generated from copies: the tool writes next to its inputs.
    fs.copyFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), path.join(tmp, 'bundle.l10n.json'));
    fs.copyFileSync(path.join(ROOT, 'package.nls.json'), path.join(tmp, 'package.nls.json'));
    const cli = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    await run(
      process.execPath,
      [cli, 'generate-pseudo', '-l', LOCALE, path.join(tmp, 'bundle.l10n.json'), path.join(tmp, 'package.nls.json')],
      {
        cwd: tmp,
        quiet: true,
      },
    );
    const bundleFile = path.join(tmp, `bundle.l10n.${LOCALE}.json`);
    const nlsFile = path.join(tmp, `package.nls.${LOCALE}.json`);
    bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8')) as typeof bundle;
    nlsPseudo = JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string>;

    const vsix = await packageExtension({ out: path.join(tmp, 'data-clusters.vsix') });
    const languagePack = await packageLanguagePack(LOCALE, tmp);
    emulator = await startSeededEmulator('demo', { speed: 4 });
    const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', 'e2e-pseudo-kubeconfig.yaml'), 'admin', 'analytics');
    server = await startCodeServer({
      name: 'e2e-pseudo',
      vsixes: [languagePack, vsix],
      env: { KUBECONFIG: kubeconfig },
      settings: { 'dataClusters.namespaces': ['analytics', 'streaming'] },
      args: ['--locale', LOCALE],
      beforeStart: ({ userDataDir, extensionsDir }) => {
        const ext = fs.readdirSync(extensionsDir).find((d) => d.startsWith('dataclusters.data-clusters-'));
        assert.ok(ext, `the extension is installed in ${extensionsDir}`);
        const dir = path.join(extensionsDir, ext);
        shippedPseudoFiles = fs
          .readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.includes(LOCALE) || /\.qps-/.test(f));
        fs.copyFileSync(bundleFile, path.join(dir, 'l10n', path.basename(bundleFile)));
        fs.copyFileSync(nlsFile, path.join(dir, path.basename(nlsFile)));
        // The server resolves the display language from languagepacks.json; an install from the command
        // line leaves it unwritten (seen with code-server 4.139), so the entry is written as VS Code would.
        const packsFile = path.join(userDataDir, 'languagepacks.json');
        const packs = fs.existsSync(packsFile) ? (JSON.parse(fs.readFileSync(packsFile, 'utf8')) as Record<string, unknown>) : {};
        languagePackSource = LOCALE in packs ? 'recorded by the install' : 'written by the test';
        if (!(LOCALE in packs)) {
          const pack = fs.readdirSync(extensionsDir).find((d) => d.startsWith(`dataclusters-tests.test-language-pack-${LOCALE}-`));
          assert.ok(pack, 'the language pack is installed');
          packs[LOCALE] = {
            hash: 'test',
            extensions: [{ extensionIdentifier: { id: `dataclusters-tests.test-language-pack-${LOCALE}` }, version: '0.0.1' }],
            translations: { vscode: path.join(extensionsDir, pack, 'translations', 'main.i18n.json') },
            label: LOCALE,
          };
          fs.writeFileSync(packsFile, JSON.stringify(packs));
        }
        console.log(`    [pseudo] language pack ${languagePackSource}`);
      },
    });
    page = await openWorkbench(workbench.browser!, server.workspaceUrl, { colorScheme: 'dark', width: 1500, height: 950 });
    page.on('console', (m) => {
      if (m.text().includes('[data-clusters]')) console.log(`    [page] ${m.text()}`);
    });
    sidebar = page.locator('#workbench\\.parts\\.sidebar');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await screenshot(page, `FAILED-pseudo-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  });
  after(async () => {
    await page?.context().close();
    await server?.stop();
    await emulator?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`the workbench runs in ${LOCALE}, and the .vsix carries no pseudo files`, async () => {
    assert.deepEqual(shippedPseudoFiles, [], 'no qps-ploc file in the installed .vsix');
    // The workbench's language is the extension host's vscode.env.language (its appLanguage).
    assert.equal(await page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE), LOCALE);
  });

  it('views: the container and view titles, the rows and their tooltips are pseudo-localized; cluster names are not', async () => {
    // The activity bar item is found by its pseudo title (manifest → package.nls.qps-ploc.json).
    const container = nls('viewsContainers.dataClusters.title');
    await page.locator(`.activitybar .action-item [aria-label^="${container}"]`).first().click();
    await row('sales-etl').waitFor({ timeout: 90_000 });
    sameCaps(await sidebar.locator('.composite.title h2').textContent(), container);
    const headers = (await sidebar.locator('.pane-header h3.title').allTextContents()).map((h) => h.trim().toUpperCase());
    for (const key of ['views.compute.name', 'views.sessions.name'])
      assert.ok(headers.includes(nls(key).toUpperCase()), `${key} in ${headers.join(', ')}`);
    assert.ok(!headers.includes('COMPUTE'), 'no English view title');

    // Compute row: state id, then the executors text from the code bundle (vscode.l10n via @vscode/l10n in src/clusters).
    const sales = row('sales-etl');
    const computeDescription = sales.locator('.label-description');
    await computeDescription.filter({ hasText: tNumbers('Running {running}/{max}') }).waitFor({ timeout: 60_000 });
    assert.equal(await sales.locator('.label-name').textContent(), 'sales-etl', 'the cluster name is data');
    // Session row: its state label is translated (Flink's status words are ours to translate).
    const session = row('orders-stream');
    await session.locator('.label-description', { hasText: t('Running') }).waitFor({ timeout: 60_000 });
    assert.equal(await session.locator('.label-name').textContent(), 'orders-stream');
    assert.doesNotMatch(await session.locator('.label-description').innerText(), /\bRunning\b/);
    // Namespace groups: "{0} clusters".
    const group = sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^analytics$/ }) }).first();
    assert.match(await group.locator('.label-description').innerText(), tNumbers('{0} clusters'));
    for (const r of await sidebar.locator('.monaco-list-row').all())
      noteEnglish('tree row', (await r.locator('.label-name, .label-description').allInnerTexts()).join(' | '), names());

    // The tooltip (Markdown built with vscode.l10n.t): its row labels, with the name untouched.
    const hover = page.locator('.monaco-hover', { hasText: t('Namespace') });
    for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await sales.locator('.label-name').hover();
      await hover.waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5_000 });
    const tip = await hover.innerText();
    for (const label of ['Namespace', 'Driver', 'Executors', 'Billing', 'Created by'])
      assert.ok(tip.includes(`${t(label)}:`), `${label} in ${tip}`);
    assert.match(tip, /\bsales-etl\b/);
    assert.doesNotMatch(tip, /\b(Namespace|Driver|Billing|Created by):/);
    noteEnglish('compute tooltip (sales-etl)', tip, [...names(), ...clusterData('analytics', 'sales-etl')]);
    await screenshot(page, 'pseudo-tree-tooltip');
    await page.mouse.move(700, 900);
  });

  it('detail panel: the editor title and the tab labels inside the webview are pseudo-localized; the name is not', async () => {
    await row('sales-etl').click();
    const tab = page.locator('.tab', { hasText: t('Compute: {0}', 'sales-etl') }).first();
    await tab.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Enter'));
    await tab.waitFor({ timeout: 30_000 });
    const f = frame();
    await f.locator('h1', { hasText: /^sales-etl$/ }).waitFor({ timeout: 30_000 });
    // The state badge reads the state table's label, as the tree row does.
    const active = t('ACTIVE/The state of a compute cluster, written in capitals as the product names its states.');
    await f.locator('.state', { hasText: active }).first().waitFor({ timeout: 30_000 });
    const headers = f.locator('vscode-tab-header');
    await headers.first().waitFor();
    const labels = (await headers.allInnerTexts()).map((s) => s.trim());
    assert.ok(labels[0]?.startsWith(t('Details')), `tab labels: ${labels.join(' | ')}`);
    for (const label of ['Details', 'Connections', 'Logs', 'Activity', 'Configuration'])
      assert.ok(
        labels.some((l) => l.startsWith(t(label))),
        `${label} → ${t(label)} in ${labels.join(' | ')}`,
      );
    for (const l of labels) assert.match(l, ACCENTED, `"${l}" is pseudo-localized`);
    // The Details tab: the executors line as on the tree row, in the page's own bundle copy.
    await f
      .locator('dd', { hasText: tNumbers('Running {running}/{max}') })
      .first()
      .waitFor({ timeout: 30_000 });
    const body = await f.locator('body').innerText();
    assert.doesNotMatch(body, /\bRunning \d+\/\d+/);
    noteEnglish('compute panel, Details', body, [...names(), ...clusterData('analytics', 'sales-etl')]);
    await screenshot(page, 'pseudo-panel-compute-details');
    // Every other tab, rendered after the switch: its content for the list of English left over.
    const ready: Record<string, string> = {
      Connections: '.card',
      Logs: 'dc-log-viewer .row',
      'Kubernetes Events': 'dc-events-table',
      Activity: '.billing',
      Configuration: 'table.config',
    };
    for (const [label, selector] of Object.entries(ready)) {
      await headers
        .filter({ hasText: t(label) })
        .first()
        .click();
      await f.locator(selector).first().waitFor({ timeout: 30_000 });
      // Snippets, log lines and Kubernetes' event messages are read as written: not ours to translate.
      const data = [
        ...(await f.locator('pre').allInnerTexts()),
        ...(await f.locator('dc-log-viewer .row').allInnerTexts()),
        ...(await f.locator('dc-events-table td').allInnerTexts()),
        // The Spark settings' keys and values, as Spark reads them.
        ...(await f.locator('table.config td.mono').allInnerTexts()),
        ...names(),
        ...clusterData('analytics', 'sales-etl'),
      ];
      noteEnglish(`compute panel, ${label}`, await f.locator('body').innerText(), data);
      if (label === 'Connections') await screenshot(page, 'pseudo-panel-compute-connections');
    }
  });

  it('Command Palette: a manifest command title comes from package.nls; it opens a form with pseudo-localized tabs', async () => {
    const title = nls('commands.compute.create.title');
    const category = nls('commands.category.DataClustersCompute');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title.replace(/…$/, '')}`);
    const command = page.locator('.quick-input-list .monaco-list-row', { hasText: `${category}: ${title}` }).first();
    await command.waitFor({ timeout: 30_000 });
    noteEnglish('Command Palette row', (await command.innerText()).replace(/\n/g, ' · '));
    await command.click();
    await page
      .locator('.tab', { hasText: t('New Compute') })
      .first()
      .waitFor({ timeout: 30_000 });
    const f = frame();
    await f.locator('[data-tab="general"]').waitFor({ timeout: 30_000 });
    assert.equal((await f.locator('[data-tab="general"]').innerText()).trim(), t('General'));
    assert.equal((await f.locator('[data-tab="review"]').innerText()).trim(), t('Review & Create'));
    for (const tabName of await f.locator('[role="tab"]').allInnerTexts()) assert.match(tabName, ACCENTED, `form tab "${tabName}"`);
    await screenshot(page, 'pseudo-form-compute-general');
    // A valid name, so that Review shows the server's dry run of the objects.
    await f.locator('[data-field="name"]').fill('pseudo-etl');
    for (const tab of ['general', 'configurations', 'dependencies', 'docker', 'tags', 'review']) {
      await f.locator(`[data-tab="${tab}"]`).click();
      await f.locator(`[data-tab="${tab}"][aria-selected="true"]`).waitFor();
      if (tab === 'review') await f.locator('pre.yaml').waitFor({ timeout: 30_000 });
      noteEnglish(`New Compute form, ${tab}`, await f.locator('body').innerText(), [
        ...(await f.locator('pre').allInnerTexts()),
        ...names(),
        // The image the form proposes, as a registry names it.
        defaultComputeSpec('pseudo-etl', 'analytics', BUILTIN_NODE_TYPES).image,
      ]);
    }
  });

  it('cluster and namespace names are data: shown as they are, never transformed', async () => {
    const shown = (await sidebar.locator('.monaco-list-row .label-name').allTextContents()).map((n) => n.trim());
    for (const name of [...CLUSTER_NAMES, 'analytics', 'streaming']) assert.ok(shown.includes(name), `${name} in ${shown.join(', ')}`);
  });

  it('no English left over: every word of plain ASCII letters on screen is data or allowed with its reason', () => {
    const report = path.join(SCREENSHOTS, 'pseudo-locale-ascii-words.txt');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(report, english.map((l) => `${l}\n`).join(''));
    const unused = ALLOWED.filter((a) => !allowedSeen.has(a.text)).map((a) => a.text);
    if (unused.length) console.log(`    allowed texts not seen in this run: ${unused.join(', ')}`);
    assert.ok(english.length === 0, `${english.length} line(s) with English left over (${report}):\n${english.join('\n')}`);
  });
});
