import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { writeOfflineKubeconfig } from '../harness/fixtures';
import { bundleIntegrationSuites } from '../harness/packaging';
import { CACHE, ROOT } from '../harness/paths';
import { run } from '../harness/processes';

/**
 * `npm run test:electron`: the integration suites in a desktop VS Code that @vscode/test-electron
 * downloads. For machines with internet access; CI uses code-server (npm run test:integration).
 */
async function main(): Promise<void> {
  await run(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, quiet: true });
  const outDir = path.join(CACHE, 'electron');
  await bundleIntegrationSuites(path.join(ROOT, 'test', 'electron', 'index.ts'), outDir);
  const kubeconfig = writeOfflineKubeconfig(path.join(CACHE, 'fixtures', 'integration-kubeconfig.yaml'));
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.0',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(outDir, 'runner.js'),
    extensionTestsEnv: { KUBECONFIG: kubeconfig },
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
