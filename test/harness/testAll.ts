import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS, ROOT } from './paths';
import { startProcess } from './processes';
import type { LayerSummary } from './summaryReporter';

/** Everything CI runs, in order; test layers leave test-results/<layer>.json behind. */
const STEPS: { name: string; script: string; layer?: string }[] = [
  { name: 'typecheck', script: 'typecheck' },
  { name: 'lint', script: 'lint' },
  { name: 'unit', script: 'test:unit', layer: 'unit' },
  { name: 'conformance', script: 'test:conformance', layer: 'conformance' },
  { name: 'integration', script: 'test:integration', layer: 'integration' },
  { name: 'e2e', script: 'test:e2e', layer: 'e2e' },
];

function runScript(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = startProcess('npm', ['run', '-s', script], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

function readSummary(layer: string): LayerSummary | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(RESULTS, `${layer}.json`), 'utf8')) as LayerSummary;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const steps = only.length ? STEPS.filter((s) => only.includes(s.name)) : STEPS;
  for (const s of steps) if (s.layer) fs.rmSync(path.join(RESULTS, `${s.layer}.json`), { force: true });

  const report: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let stepFailed = false;
  for (const step of steps) {
    const started = Date.now();
    console.log(`\n=== ${step.name} (npm run ${step.script}) ===`);
    const code = await runScript(step.script);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (!step.layer) {
      report.push(`${step.name.padEnd(12)} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${secs} s`);
      if (code !== 0) stepFailed = true;
      continue;
    }
    const summary = readSummary(step.layer);
    if (!summary) {
      report.push(`${step.name.padEnd(12)} FAILED: no results (exit ${code}) in ${secs} s`);
      stepFailed = true;
      failed++;
      continue;
    }
    passed += summary.passed;
    failed += summary.failed;
    skipped += summary.pending;
    if (code !== 0 || summary.failed > 0 || summary.passed === 0) stepFailed = true;
    report.push(
      `${step.name.padEnd(12)} ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} skipped in ${secs} s${code !== 0 ? ` (exit ${code})` : ''}`,
    );
  }
  console.log('\n=== summary ===');
  for (const line of report) console.log(line);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return stepFailed || failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
