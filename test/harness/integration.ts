import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, openWorkbench } from './browser';
import { startCodeServer } from './codeServer';
import { startSeededEmulator } from '../emulator/demo';
import { packageExtension, packageTestExtension } from './packaging';
import { CACHE, RESULTS } from './paths';
import type { LayerSummary } from './summaryReporter';

const TIMEOUT_MS = Number(process.env.DATA_CLUSTERS_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

/**
 * Runs test/integration inside a real VS Code: packages our extension and the test-runner
 * extension, installs both into a fresh code-server, connects a browser (which starts the
 * extension host), waits for the runner's summary and prints it.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const [ours, tests] = [await packageExtension(), await packageTestExtension()];
  const output = path.join(RESULTS, 'integration.json');
  fs.rmSync(output, { force: true });
  const runDir = path.join(CACHE, 'runs', 'integration');
  // The demo seed at 10x speed: clusters in every state, and room to run actions on them.
  const emulator = await startSeededEmulator('demo', { speed: 10 });
  const kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'fixtures', 'integration-kubeconfig.yaml'), 'admin', 'analytics');

  const server = await startCodeServer({
    name: 'integration',
    vsixes: [ours, tests],
    env: { DATA_CLUSTERS_TEST_RESULTS: output, KUBECONFIG: kubeconfig, DATA_CLUSTERS_TEST_GREP: process.env.DATA_CLUSTERS_TEST_GREP ?? '' },
  });
  const browser = await launchBrowser();
  try {
    await openWorkbench(browser, server.workspaceUrl);
    const summary = await waitForSummary(output, TIMEOUT_MS);
    if (summary.passed === 0 && summary.failed > 0) printExtensionHostLog(server.userDataDir);
    for (const line of summary.lines) console.log(line);
    console.log(
      `[harness] integration layer took ${Math.round((Date.now() - started) / 1000)} s (code-server log: ${path.relative(process.cwd(), server.logFile)}, run folder ${path.relative(process.cwd(), runDir)})`,
    );
    return summary.failed > 0 || summary.passed === 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
    await emulator.stop();
  }
}

/** When the runner never reported, the extension host's own log usually says why. */
function printExtensionHostLog(userDataDir: string): void {
  const logs = fs
    .readdirSync(path.join(userDataDir, 'logs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'remoteexthost.log');
  for (const e of logs) {
    console.log(`--- ${path.join(e.parentPath, e.name)} (last 40 lines) ---`);
    console.log(fs.readFileSync(path.join(e.parentPath, e.name), 'utf8').split('\n').slice(-40).join('\n'));
  }
}

async function waitForSummary(file: string, timeoutMs: number): Promise<LayerSummary> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as LayerSummary;
      } catch {
        /* being written */
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const summary: LayerSummary = {
    layer: 'integration',
    passed: 0,
    failed: 1,
    pending: 0,
    durationMs: timeoutMs,
    failures: [{ title: 'integration run', error: `no results within ${timeoutMs} ms` }],
    lines: [`integration: no results within ${timeoutMs} ms (did the test extension activate?)`],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summary));
  return summary;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
