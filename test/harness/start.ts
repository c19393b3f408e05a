import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { writeOfflineKubeconfig } from './fixtures';
import { packageExtension } from './packaging';
import { CACHE } from './paths';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * `npm start`: builds and packages the extension, installs it into a code-server of its own and
 * serves it on 127.0.0.1, printing the URL. Stops everything it started on Ctrl-C.
 */
async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.PORT ?? 8080);
  console.log('[start] building and packaging the extension…');
  const vsix = await packageExtension({ production: true });
  const kubeconfig = process.env.KUBECONFIG ?? writeOfflineKubeconfig(path.join(CACHE, 'fixtures', 'demo-kubeconfig.yaml'), 'demo');
  const server = await startCodeServer({ name: 'start', vsixes: [vsix], port, env: { KUBECONFIG: kubeconfig } });
  console.log('');
  console.log(`Data Clusters is running in VS Code at: ${server.workspaceUrl}`);
  console.log(`  kubeconfig: ${kubeconfig}`);
  console.log(`  code-server log: ${server.logFile}`);
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
