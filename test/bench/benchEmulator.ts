/**
 * The emulator a benchmark measures against, serving in its own process as an API server would
 * (test/emulator/cli.ts `serve`): started with a seed and a speed, ready once it says it serves.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface BenchEmulator {
  /** The kubeconfig it wrote (its contexts: emulator-admin, -developer, -viewer, -nobody). */
  readonly kc: KubeConfig;
  stop(): void;
}

/** Starts the emulator with `seed` (`demo` or `empty`) at `speed` times real time; resolves once it serves. */
export async function startBenchEmulator(seed: 'demo' | 'empty', speed: number): Promise<BenchEmulator> {
  const kubeconfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-emulator-')), 'kubeconfig.yaml');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '..', 'emulator', 'cli.ts'),
      'serve',
      '--seed',
      seed,
      '--kubeconfig',
      kubeconfig,
      '--speed',
      String(speed),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c) => ((out += c), /serving/.test(out) && resolve()));
      child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    });
  } catch (err) {
    child.kill();
    throw err;
  }
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { kc, stop: () => child.kill() };
}
