/** `npm run bench`: every benchmark in its own process, one after the other. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

let failed = 0;
// The code-server benchmarks (package, liveUpdate) come last: they start a VS Code and a browser each.
for (const file of [
  'emulator.bench.ts',
  'model.bench.ts',
  'logs.bench.ts',
  'openSparkUi.bench.ts',
  'logViewer.bench.ts',
  'panelOpen.bench.ts',
  'package.bench.ts',
  'liveUpdate.bench.ts',
]) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${file} failed (${r.status ?? r.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
