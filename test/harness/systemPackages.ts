import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Debian packages the harness needs (the browser for UI tests, a font, and what code-server's
 * install compiles with), from the list .ci/run installs too: one package per line, `#` comments.
 */
export const DEBIAN_PACKAGES: readonly string[] = fs
  .readFileSync(path.join(__dirname, 'debian-packages.txt'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean);
export const CHROMIUM = '/usr/bin/chromium';

function missing(): string[] {
  return DEBIAN_PACKAGES.filter((p) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !status.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

/** Installs the Debian packages that are missing when running as root; otherwise says exactly what to run. */
export function ensureSystemPackages(): void {
  const need = missing();
  if (need.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing Debian packages: ${need.join(' ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${need.join(' ')}`,
    );
  }
  console.log(`[harness] installing Debian packages: ${need.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...need], { stdio: 'inherit', env });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is still missing after installing chromium`);
}
