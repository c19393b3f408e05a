/**
 * Release rule: every user-facing string goes through `vscode.l10n.t` / `l10n.t` or
 * package.nls.json. These tests scan every .ts under src/ and webview/ with the checker in
 * test/unit/support/l10nChecker.ts, check package.json against package.nls.json, and check that the
 * committed l10n/bundle.l10n.json is what `vscode-l10n-dev export` makes of today's sources.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkL10nSource, collectSignatures, L10nReport, L10nViolation } from '../support/l10nChecker';
import { packageNlsProblems } from '../support/l10nPackage';

const ROOT = path.join(__dirname, '../../..');

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []))
    .sort();
}

const FILES = [...tsFiles('shared'), ...tsFiles('src'), ...tsFiles('webview')];
const SOURCES = FILES.map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
/** Parameter names of the whole tree, so `button('Start')` is known to pass a label wherever button is declared. */
const SIGNATURES = collectSignatures(SOURCES);
const REPORTS = new Map<string, L10nReport>(SOURCES.map(({ file, text }) => [file, checkL10nSource(file, text, SIGNATURES)]));

/** One line per finding, then a count per file, so a failure says what is left and where. */
function describeViolations(violations: readonly L10nViolation[]): string {
  const perFile = new Map<string, number>();
  for (const v of violations) perFile.set(v.file, (perFile.get(v.file) ?? 0) + 1);
  const lines = violations.map((v) => `  ${v.file}:${v.line} [${v.rule}] ${JSON.stringify(v.text)}`);
  const files = [...perFile].sort((a, b) => b[1] - a[1]).map(([f, n]) => `  ${n}\t${f}`);
  return `${violations.length} finding(s) in ${perFile.size} file(s):\n${files.join('\n')}\n\n${lines.join('\n')}`;
}

/** The areas of the tree, each its own test so a failure names the area and its files. */
const AREAS: readonly { name: string; includes: (file: string) => boolean }[] = [
  ...['src/kube', 'src/clusters', 'src/connections', 'src/common', 'src/settings'].map((dir) => ({
    name: dir,
    includes: (f: string) => f.startsWith(`${dir}/`),
  })),
  ...['src/commands', 'src/views', 'src/workbench', 'src/panels', 'src/logs'].map((dir) => ({
    name: dir,
    includes: (f: string) => f.startsWith(`${dir}/`),
  })),
  { name: 'src/*.ts (extension entry and API)', includes: (f) => /^src\/[^/]+\.ts$/.test(f) },
  { name: 'shared', includes: (f) => f.startsWith('shared/') },
  { name: 'webview', includes: (f) => f.startsWith('webview/') },
];

describe('localization: the checker bites', () => {
  const rules = (source: string) => checkL10nSource('case.ts', source).violations.map((v) => `${v.line}:${v.rule}:${v.text}`);

  it('reports a literal sentence shown to the user', () =>
    assert.deepEqual(rules("function f() {\n  void vscode.window.showErrorMessage('Could not start');\n}\n"), [
      '2:literal:Could not start',
    ]));

  it('reports a template whose static text is a sentence or a piece of one, wherever it is', () =>
    assert.deepEqual(rules('const f = (name: string) => `Could not start ${name}`;\nconst g = (at: string) => ` (started ${at})`;\n'), [
      '1:literal:Could not start {}',
      '2:literal: (started {})',
    ]));

  it('reports prose that names code, and leaves code and snippet lines alone', () =>
    assert.deepEqual(
      rules(
        [
          'const a = (p: number) => [`Spark Connect on port ${p}. Use it with SparkSession.builder.remote(...), its clients, or SPARK_REMOTE.`];',
          "const b = ['from pyspark.sql import SparkSession', 'spark = SparkSession.builder.remote(url).getOrCreate()'];",
        ].join('\n'),
      ),
      ['1:literal:Spark Connect on port {}. Use it with SparkSession.builder.remote(...), its clients, or SPARK_REM...'],
    ));

  it('reports a one-word label in a user-facing position, and leaves the same word as a value alone', () =>
    assert.deepEqual(
      rules(
        [
          "const item = { label: 'Start', id: 'Start' };",
          "if (phase === 'Running') item.description = 'Running';",
          "const TAB_LABELS = { general: 'General' };",
          "throw new ClusterOperationError('Conflict', 'Conflict');",
        ].join('\n'),
      ),
      ['1:literal:Start', '2:literal:Running', '3:literal:General', '4:literal:Conflict'],
    ));

  it('reports a state in capitals where a person reads it, and leaves it alone where code compares or stores it', () =>
    assert.deepEqual(
      rules(
        [
          "function f(item: TreeItem, c: Cluster) {",
          "  item.description = 'STOPPED';",
          "  const label = c.state === 'STOPPED' ? 'STOPPED' : c.state;",
          "  return { state: 'STOPPED', title: 'FAILED', phase: 'RUNNING' };",
          '}',
        ].join('\n'),
      ),
      ['2:literal:STOPPED', '3:literal:STOPPED', '4:literal:FAILED'],
    ));

  it('reports labels in a table that spells its keys for display, whatever it is called; a value equal to its key is a code', () =>
    assert.deepEqual(
      rules(
        [
          "const STATES = { active: 'Active', notRunning: 'Not running', stopped: 'stopped' };",
          "const PHASES = { Running: 'Running', kind: 'Compute', ready: 'READY' };",
        ].join('\n'),
      ),
      ['1:literal:Active', '1:literal:Not running'],
    ));

  it('reports a label passed to a parameter named like one (label, title, text, message...)', () =>
    assert.deepEqual(
      rules(
        [
          'function button(label: string, onClick: () => void, id?: string) {}',
          "const a = () => button('Previous', go, 'Previous');",
          'const b = (n: number) => html`<summary>${n} log ${n === 1 ? "entry" : "entries"}</summary>`;',
        ].join('\n'),
      ),
      ['2:literal:Previous', '3:literal:log', '3:literal:entry', '3:literal:entries'],
    ));

  it('reports text and user-facing attributes of an html template, not tags, classes or styles', () =>
    assert.deepEqual(
      rules(
        [
          'const a = () => html`<b>Start</b>`;',
          'const b = () => html`<vscode-button class="primary" title="Delete…" @click=${go}></vscode-button>`;',
          'const c = () => html`<div class="row ${cls}" style="display: none"><span>${n}</span></div>`;',
          "const d = () => html`<p>${ok ? 'Ready' : nothing}</p>`;",
          "const e = () => html`<p class=${over ? 'totals over' : 'totals'} title=${'Over the quota'}></p>`;",
        ].join('\n'),
      ),
      ['1:literal:Start', '2:literal:Delete…', '4:literal:Ready', '5:literal:Over the quota'],
    ));

  it('reports l10n.t at module top level, with a variable message, or with a template that substitutes', () =>
    assert.deepEqual(
      rules(
        [
          "const TITLE = l10n.t('Clusters');",
          'function f(msg: string, n: number) {',
          '  return [l10n.t(msg), vscode.l10n.t(`Found ${n}`), l10n.t(`Fine`), l10n.t({ message: "Fine {0}", args: [n], comment: "c" })];',
          '}',
        ].join('\n'),
      ),
      ["1:top-level-call:'Clusters'", '3:message-not-literal:msg', '3:message-not-literal:`Found ${n}`'],
    ));

  it('reports a marker without a reason, and honours one with a reason on the line or the line above', () => {
    const report = checkL10nSource(
      'case.ts',
      [
        '// l10n-ignore:',
        "const a = () => showErrorMessage('Could not start');",
        '// l10n-ignore: snippet content the tool parses',
        "const b = 'Authentication: Username and password';",
        "const c = 'Authentication: Username and password'; // l10n-ignore: snippet content",
      ].join('\n'),
    );
    assert.deepEqual(
      report.violations.map((v) => `${v.line}:${v.rule}`),
      ['1:marker-without-reason', '2:literal'],
    );
    assert.deepEqual(
      report.markers.map((m) => m.line),
      [3, 5],
    );
  });

  it('exempts a whole file only with a reasoned file marker in its header', () => {
    const body = "export const check = (v: unknown) => (typeof v === 'string' ? [] : ['expected a string, got something else']);";
    const marked = checkL10nSource('schema.ts', `/** Message schemas. */\n// l10n-ignore-file: problems go to the log\n${body}`);
    assert.deepEqual(marked.violations, []);
    assert.deepEqual(
      marked.markers.map((m) => m.reason),
      ['whole file: problems go to the log'],
    );
    const bare = checkL10nSource('schema.ts', `// l10n-ignore-file:\n${body}`);
    assert.deepEqual(
      bare.violations.map((v) => v.rule),
      ['marker-without-reason'],
    );
    const unmarked = checkL10nSource('schema.ts', body);
    assert.deepEqual(
      unmarked.violations.map((v) => v.rule),
      ['literal'],
    );
  });

  it('leaves code alone: identifiers, keys, kinds, paths, URLs, imports, types, case labels, CSS, logger calls', () =>
    assert.deepEqual(
      rules(
        [
          "import { html } from 'lit';",
          "type Phase = 'Not running' | 'Running';",
          "const o = { 'Content-Type': 'application/json', kind: 'FlinkDeployment', path: '/api/v1/namespaces', url: 'https://x.io/a b' };",
          'function f(s: string, log: Logger) {',
          "  switch (s) { case 'Pod is running': return 'dataClusters.compute'; }",
          '  log.warn(`Could not list ${s}; retrying`);',
          "  this.logger.error('The watch failed again');",
          '  const item = { label: `$(server) ${s}` };',
          "  return s === 'Some value here' ? 'spark.executor.memory' : 'kebab-case-name';",
          '}',
          'const style = css`:host { display: block; }`;',
          "const re = /Could not start/; const sel = '.row > .cell';",
        ].join('\n'),
      ),
      [],
    ));
});

describe('localization: no user-facing literal outside l10n.t', () => {
  for (const area of AREAS) {
    it(`${area.name}`, () => {
      const violations = FILES.filter(area.includes).flatMap((f) => REPORTS.get(f)?.violations ?? []);
      assert.ok(violations.length === 0, describeViolations(violations));
    });
  }

  const markers = [...REPORTS.values()].flatMap((r) => r.markers);
  it(`exemptions: ${markers.length} "// l10n-ignore: <reason>" markers, each with a reason`, () => {
    // The count is in the title so a review sees the exemptions grow; the rule that a reason is
    // required is enforced per marker by the area tests above (marker-without-reason).
    for (const m of markers) assert.ok(m.reason.length >= 3, `${m.file}:${m.line}: give the marker a reason`);
  });
});

describe('localization: package.json and package.nls.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

  it('every user-facing contribution is a %key% of package.nls.json, and every key is used', () => {
    const problems = packageNlsProblems(pkg, nls);
    assert.ok(problems.length === 0, problems.join('\n'));
  });

  it('the check bites: a literal title, an unknown key and an unused key are reported', () =>
    assert.deepEqual(
      packageNlsProblems(
        {
          displayName: '%displayName%',
          contributes: {
            commands: [{ command: 'x.start', title: 'Start', category: '%missing%' }],
            viewsWelcome: [{ view: 'x', contents: 'No kubeconfig found. Choose one.', when: 'x == y' }],
          },
        },
        { displayName: 'X', unused: 'Y' },
      ),
      [
        'contributes.commands[0].title: "Start" is literal text; use %key% and package.nls.json',
        'contributes.commands[0].category: %missing% is not a key of package.nls.json',
        'contributes.viewsWelcome[0].contents: "No kubeconfig found. Choose one." is literal text; use %key% and package.nls.json',
        'package.nls.json: unused is not used by package.json',
      ],
    ));
});

describe('localization: the committed bundle', () => {
  it("l10n/bundle.l10n.json is what `npm run l10n` exports from today's sources", function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-export-'));
    try {
      const cli = require.resolve('@vscode/l10n-dev/dist/cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, './shared', './src', './webview'], { cwd: ROOT, stdio: 'pipe' });
      const exported = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const missing = Object.keys(exported).filter((k) => !(k in committed));
      const stale = Object.keys(committed).filter((k) => !(k in exported));
      assert.ok(
        missing.length === 0 && stale.length === 0,
        [
          'Run npm run l10n and commit l10n/bundle.l10n.json.',
          `Missing: ${JSON.stringify(missing, null, 1)}`,
          `Stale: ${JSON.stringify(stale, null, 1)}`,
        ].join('\n'),
      );
      assert.deepEqual(committed, exported);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
