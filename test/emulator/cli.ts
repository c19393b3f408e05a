import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { startSeededEmulator } from './demo';
import type { EmulatorUser } from './emulator';

const USAGE = `Kubernetes API emulator for Data Clusters (test equipment)

  npm run emulator -- [serve] --seed demo|empty|FILE.yaml --kubeconfig PATH [--port N] [--speed X]
                      [--user admin|developer|viewer|nobody] [--namespace NS] [--no-controllers]
      Serves until stopped (Ctrl-C). The kubeconfig has one context per user.
      --no-controllers: a bare API server, like kube-apiserver without a controller-manager,
      scheduler or kubelet: no pods from Deployments, pods stay Pending, no Flink operator, no
      garbage collection, namespaces stay Terminating.

  npm run emulator -- load --kubeconfig PATH --namespace NS --cluster NAME [--executors N] [--seconds S]
      Sends load to a compute cluster: Spark requests executors, then releases them after the idle timeout.

  npm run emulator -- fault --kubeconfig PATH [--latency-ms N] [--fail CODE --count N [--retry-after S]]
                      [--drop-watches] [--gone-on-next-watch] [--restart]
`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** POSTs to an emulator control route using the admin context of a kubeconfig. */
async function control(kubeconfig: string, route: string, body: unknown): Promise<unknown> {
  const kc = yaml.load(fs.readFileSync(kubeconfig, 'utf8')) as any;
  const cluster = kc.clusters[0].cluster;
  const admin = kc.users.find((u: any) => u.name === 'emulator-admin')?.user ?? kc.users[0].user;
  const url = new URL(`/emulator/${route}`, cluster.server);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
        headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'serve';
  const args = command === argv[0] ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) return void console.log(USAGE);
  const kubeconfig = path.resolve(flag(args, 'kubeconfig') ?? 'emulator-kubeconfig.yaml');

  if (command === 'load') {
    console.log(
      await control(kubeconfig, 'spark/load', {
        namespace: flag(args, 'namespace'),
        cluster: flag(args, 'cluster'),
        executors: flag(args, 'executors'),
        seconds: flag(args, 'seconds'),
      }),
    );
    return;
  }
  if (command === 'fault') {
    const fail = flag(args, 'fail');
    console.log(
      await control(kubeconfig, args.includes('--restart') ? 'restart' : 'faults', {
        latencyMs: flag(args, 'latency-ms'),
        failNext: fail
          ? {
              code: Number(fail),
              count: Number(flag(args, 'count') ?? 1),
              retryAfterSeconds: flag(args, 'retry-after') ? Number(flag(args, 'retry-after')) : undefined,
            }
          : undefined,
        dropWatches: args.includes('--drop-watches'),
        goneOnNextWatch: args.includes('--gone-on-next-watch'),
      }),
    );
    return;
  }
  if (command !== 'serve') throw new Error(`unknown command ${command}\n\n${USAGE}`);
  const seed = flag(args, 'seed') ?? 'demo';
  const emulator = await startSeededEmulator(seed, {
    port: Number(flag(args, 'port') ?? 0),
    speed: Number(flag(args, 'speed') ?? 1),
    controllers: !args.includes('--no-controllers'),
  });
  emulator.writeKubeconfig(
    kubeconfig,
    (flag(args, 'user') ?? 'admin') as EmulatorUser,
    flag(args, 'namespace') ?? (seed === 'demo' ? 'analytics' : 'default'),
  );
  console.log(`[emulator] serving ${emulator.url}${args.includes('--no-controllers') ? ' (bare API server: no controllers)' : ''}`);
  console.log(`[emulator] kubeconfig: ${kubeconfig}  (contexts: emulator-admin, emulator-developer, emulator-viewer, emulator-nobody)`);
  console.log(`[emulator] try: KUBECONFIG=${kubeconfig} kubectl get deploy,flinkdeployments -A`);
  const stop = async () => {
    await emulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
