/**
 * `npm run bench`: every benchmark in its own process, one after the other. The output is also kept
 * in test-results/bench/bench.log (with the run's date and load), and `npm run bench -- --write-readme`
 * then rewrites the READMEs' figure tables from that one log (test/bench/readmeTable.ts).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESULTS } from '../harness/paths';
import { writeReadmes } from './readmeTable';

const FILES = [
  'emulator.bench.ts',
  'model.bench.ts',
  'logs.bench.ts',
  'openSparkUi.bench.ts',
  'sparkSql.bench.ts',
  'jarUpload.bench.ts',
  'taskState.bench.ts',
  'taskLogs.bench.ts',
  'logViewer.bench.ts',
  'sqlResults.bench.ts',
  'flinkChangelog.bench.ts',
  'panelOpen.bench.ts',
  // The code-server benchmarks (package, liveUpdate) come last: they start a VS Code and a browser each.
  'package.bench.ts',
  'liveUpdate.bench.ts',
];

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function runOne(file: string, log: fs.WriteStream): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, file)], {
      stdio: ['inherit', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      log.write(d);
    });
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

async function main(): Promise<number> {
  const dir = path.join(RESULTS, 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'bench.log');
  const log = fs.createWriteStream(logFile);
  const started = new Date();
  log.write(`# run: ${started.toISOString()}, ${os.cpus().length} cores, load ${load()} (1/5/15 min) at the start\n`);
  let failed = 0;
  for (const file of FILES) {
    const status = await runOne(file, log);
    if (status !== 0) {
      console.error(`${file} failed (${status})`);
      failed++;
    }
  }
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  log.write(`# run: ${minutes} min, load ${load()} at the end\n`);
  await new Promise((r) => log.end(r));
  if (process.argv.includes('--write-readme')) {
    if (failed) console.error('not writing the READMEs: a benchmark failed, and a table is made from one complete run');
    else {
      writeReadmes(logFile);
      console.log(`READMEs' figure tables rewritten from ${path.relative(process.cwd(), logFile)}`);
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
