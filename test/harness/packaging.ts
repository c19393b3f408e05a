import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE, ROOT } from './paths';
import { run } from './processes';

const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/**
 * A fresh folder for a test-only extension (test equipment, never published): its manifest (a
 * package.json to copy, or the manifest itself), a README that says what it is, and a licence.
 */
export function stageTestOnlyExtension(dest: string, manifest: string | object, readme: string): void {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(path.join(dest, 'dist'), { recursive: true });
  if (typeof manifest === 'string') fs.copyFileSync(manifest, path.join(dest, 'package.json'));
  else fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dest, 'README.md'), `${readme} Test equipment; never published.\n`);
  fs.writeFileSync(path.join(dest, 'LICENSE'), 'Apache-2.0\n');
}

/** Packages a staged test-only extension folder as `out` (it has no repository). */
export async function packageStaged(dest: string, out: string): Promise<string> {
  await run(process.execPath, [VSCE, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], {
    cwd: dest,
    quiet: true,
  });
  return out;
}

/** Builds the extension and packages it as a .vsix, the only form code-server installs. */
export async function packageExtension(options: { production?: boolean; out?: string } = {}): Promise<string> {
  await run(process.execPath, [path.join(ROOT, 'esbuild.mjs'), ...(options.production ? ['--production'] : [])], {
    cwd: ROOT,
    quiet: true,
  });
  fs.mkdirSync(CACHE, { recursive: true });
  const out = options.out ?? path.join(CACHE, 'data-clusters.vsix');
  // The README's pictures are relative links into media/screenshots/, which the .vsix leaves out:
  // vsce rewrites such links only for a GitHub or GitLab repository URL, and refuses to package otherwise.
  await run(process.execPath, [VSCE, 'package', '--no-dependencies', '--skip-license', '--no-rewrite-relative-links', '--out', out], {
    cwd: ROOT,
    quiet: true,
  });
  return out;
}

function listTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const NODE_BUNDLE: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'error',
};

/**
 * Bundles a mocha runner (`runner.js`) and every test/integration suite (`suites.js`) into `outDir`.
 * Suites are a separate bundle so they load after mocha has put describe/it on the global object.
 */
export async function bundleIntegrationSuites(runnerEntry: string, outDir: string): Promise<void> {
  await esbuild.build({ ...NODE_BUNDLE, entryPoints: [runnerEntry], outfile: path.join(outDir, 'runner.js') });
  const tests = listTests(path.join(ROOT, 'test', 'integration'));
  await esbuild.build({
    ...NODE_BUNDLE,
    stdin: { contents: tests.map((t) => `import ${JSON.stringify(t)};`).join('\n'), resolveDir: ROOT, loader: 'ts' },
    outfile: path.join(outDir, 'suites.js'),
  });
}

/**
 * Packages the test-only extension that runs test/integration/**\/*.test.ts with mocha inside the
 * extension host, next to ours, where `vscode` is the real API.
 */
export async function packageTestExtension(): Promise<string> {
  const src = path.join(ROOT, 'test', 'integration', 'extension');
  const dest = path.join(CACHE, 'test-extension');
  stageTestOnlyExtension(dest, path.join(src, 'package.json'), 'Runs the Data Clusters integration tests inside VS Code.');
  await bundleIntegrationSuites(path.join(src, 'runner.ts'), path.join(dest, 'dist'));
  return packageStaged(dest, path.join(CACHE, 'data-clusters-tests.vsix'));
}

/**
 * Packages the test-only extension of the panel-open benchmark that opens trivial webviews: the
 * platform's floor (test/bench/floorExtension).
 */
export async function packageFloorExtension(): Promise<string> {
  const src = path.join(ROOT, 'test', 'bench', 'floorExtension');
  const dest = path.join(CACHE, 'floor-extension');
  stageTestOnlyExtension(dest, path.join(src, 'package.json'), 'Opens trivial webviews for the panel-open benchmark.');
  await esbuild.build({
    ...NODE_BUNDLE,
    sourcemap: false,
    entryPoints: [path.join(src, 'extension.ts')],
    outfile: path.join(dest, 'dist', 'extension.js'),
  });
  await esbuild.build({
    entryPoints: [path.join(src, 'page.ts')],
    outfile: path.join(dest, 'dist', 'page.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'error',
  });
  return packageStaged(dest, path.join(CACHE, 'data-clusters-webview-floor.vsix'));
}

/**
 * Packages a language pack with no translations for VS Code itself: it only makes `locale` a
 * display language the workbench accepts (VS Code turns a locale without a pack back into English),
 * so extensions' own `*.<locale>.json` files are used. Test equipment; never published.
 */
export async function packageLanguagePack(locale: string, outDir: string): Promise<string> {
  const dest = path.join(outDir, `language-pack-${locale}`);
  const manifest = {
    name: `test-language-pack-${locale}`,
    displayName: `Test language pack (${locale})`,
    description: 'An empty language pack for testing an extension in another display language.',
    publisher: 'dataclusters-tests',
    version: '0.0.1',
    license: 'Apache-2.0',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName: locale,
          localizedLanguageName: locale,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  stageTestOnlyExtension(dest, manifest, `An empty ${locale} language pack for the Data Clusters tests.`);
  fs.mkdirSync(path.join(dest, 'translations'));
  fs.writeFileSync(path.join(dest, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  return packageStaged(dest, path.join(outDir, `language-pack-${locale}.vsix`));
}
