import * as path from 'node:path';
import { startSeededEmulator } from '../emulator/demo';
import { DEMO_NAMESPACES } from '../emulator/seeds/demo';
import { startCodeServer } from './codeServer';
import { packageExtension } from './packaging';
import { CACHE, ROOT } from './paths';

/** The demo workspace: a Flink job project with its jar, opened as a copy so the repository stays clean. */
const DEMO_WORKSPACE = path.join(ROOT, 'demo', 'workspace');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * `npm start`: starts the Kubernetes emulator with the demo seed (or uses $KUBECONFIG with
 * --no-emulator), builds and packages the extension, installs it into a code-server of its own
 * pointed at that kubeconfig, and serves it on 127.0.0.1, printing the URL. The workspace is a
 * fresh copy of demo/workspace (a Flink job project with its jar). Ctrl-C stops it all.
 */
async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.PORT ?? 8080);
  const useOwnCluster = process.argv.includes('--no-emulator');
  let kubeconfig: string;
  let stopEmulator = async () => undefined as void;
  if (useOwnCluster) {
    if (!process.env.KUBECONFIG) throw new Error('--no-emulator needs KUBECONFIG to name your kubeconfig');
    kubeconfig = process.env.KUBECONFIG;
  } else {
    console.log('[start] starting the Kubernetes emulator with the demo seed…');
    const emulator = await startSeededEmulator(arg('seed') ?? 'demo', {
      port: Number(arg('emulator-port') ?? 0),
      speed: Number(arg('speed') ?? 1),
    });
    kubeconfig = emulator.writeKubeconfig(path.join(CACHE, 'demo', 'kubeconfig.yaml'), 'admin', 'analytics');
    stopEmulator = () => emulator.stop();
    console.log(`[start] emulator at ${emulator.url}`);
  }
  console.log('[start] building and packaging the extension…');
  const vsix = await packageExtension({ production: true });
  const server = await startCodeServer({
    name: 'start',
    vsixes: [vsix],
    port,
    workspaceFrom: DEMO_WORKSPACE,
    env: { KUBECONFIG: kubeconfig },
    settings: useOwnCluster ? {} : { 'dataClusters.namespaces': [...DEMO_NAMESPACES] },
  });
  console.log('');
  console.log(`Data Clusters is running in VS Code at: ${server.workspaceUrl}`);
  console.log(`  kubeconfig: ${kubeconfig}`);
  console.log(`  workspace:  ${server.workspace} (a copy of demo/workspace: the orders-job Flink project and its jar)`);
  if (!useOwnCluster) console.log(`  kubectl:    KUBECONFIG=${kubeconfig} kubectl get deploy,pods,flinkdeployments -A`);
  console.log(`  code-server log: ${server.logFile}`);
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  await stopEmulator();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
