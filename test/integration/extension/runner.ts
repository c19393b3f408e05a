import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { SummaryReporter } from '../../harness/summaryReporter';

/**
 * Runs inside the extension host when the harness sets DATA_CLUSTERS_TEST_RESULTS: loads the
 * bundled suites, runs them with mocha and writes the summary there. Without that variable it does
 * nothing, so a stray install is harmless.
 */
export function activate(): void {
  const output = process.env.DATA_CLUSTERS_TEST_RESULTS;
  if (!output) return;
  void runSuites(output);
}

async function runSuites(output: string): Promise<void> {
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      timeout: 60_000,
      color: false,
      grep: process.env.DATA_CLUSTERS_TEST_GREP || undefined,
      reporter: SummaryReporter as unknown as Mocha.ReporterConstructor,
      reporterOptions: { layer: 'integration', output, print: false },
    });
    mocha.suite.emit('pre-require', globalThis, 'integration-suites', mocha);
    // A computed path keeps esbuild from bundling the suites into the runner.
    const suites = path.join(__dirname, 'suites.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time on purpose
    require(suites);
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (err) {
    fs.writeFileSync(
      output,
      JSON.stringify({
        layer: 'integration',
        passed: 0,
        failed: 1,
        pending: 0,
        durationMs: 0,
        failures: [{ title: 'loading the integration suites', error: String((err as Error)?.stack ?? err) }],
        lines: [],
      }),
    );
  }
}

export function deactivate(): void {
  /* nothing to release */
}
