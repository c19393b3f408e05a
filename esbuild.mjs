// Builds the extension (Node, CommonJS) and the webview bundles (browser, ESM).
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems in the format VS Code's $esbuild-watch problem matcher reads. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const extensionOptions = {
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The oldest VS Code we support (1.100) runs extensions on Node 20.
  target: 'node20',
  // @kubernetes/client-node is ESM-only; bundling converts it to CommonJS so it loads
  // in every extension host, whatever its Node version does with require(esm).
  mainFields: ['module', 'main'],
  external: ['vscode'],
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  legalComments: production ? 'external' : 'none',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  logLevel: 'warning',
  plugins: watch ? [problemReporter] : [],
};

// Page bundles: webview/panels/<entry>.ts and webview/forms/<entry>.ts, each built to dist/webview/<entry>.js
// (helpers of a page live in a subfolder, which is not an entry).
const webviewDirs = ['webview/panels', 'webview/forms'];
const webviewEntries = webviewDirs.flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => ({ in: join(dir, f), out: f.slice(0, -3) }))
    : [],
);

/** @type {import('esbuild').BuildOptions} */
const webviewOptions = {
  entryPoints: webviewEntries,
  outdir: 'dist/webview',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  plugins: watch ? [problemReporter] : [],
};

// The Spark Connect client's libraries (gRPC, the proto loader, Arrow: a third of the code) are a
// bundle of their own, required on the first Spark statement (src/sql/sparkConnect/libs.ts), so
// activation does not load them.
const sparkConnectLibsOut = './sparkConnectLibs.js';
extensionOptions.plugins = [
  ...extensionOptions.plugins,
  {
    name: 'spark-connect-libs-on-first-use',
    setup(build) {
      build.onResolve({ filter: /^\.\/libsBundle$/ }, () => ({ path: sparkConnectLibsOut, external: true }));
    },
  },
];
/** @type {import('esbuild').BuildOptions} */
const sparkConnectLibsOptions = {
  ...extensionOptions,
  plugins: watch ? [problemReporter] : [],
  entryPoints: ['src/sql/sparkConnect/libsBundle.ts'],
  outfile: join('dist', sparkConnectLibsOut),
};

const builds = [extensionOptions, sparkConnectLibsOptions, ...(webviewEntries.length ? [webviewOptions] : [])];

// A clean dist keeps stale files (say, a development source map) out of a production package.
rmSync('dist', { recursive: true, force: true });

// The Spark Connect client loads the vendored protocol at run time (src/sql/sparkConnect/protos.ts):
// ship the .proto files beside the bundle, in dist/proto (.vscodeignore lets them in).
const protoSource = 'vendor/spark-connect/spark/connect';
const protoTarget = 'dist/proto/spark/connect';
mkdirSync(protoTarget, { recursive: true });
for (const f of readdirSync(protoSource).filter((f) => f.endsWith('.proto'))) copyFileSync(join(protoSource, f), join(protoTarget, f));

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
