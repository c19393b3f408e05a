import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import * as l10n from '@vscode/l10n';

/** Where the kubeconfig came from and what it says, or why there is none to use. */
export type KubeconfigState =
  | { readonly kind: 'missing'; readonly searched: readonly string[] }
  | { readonly kind: 'broken'; readonly file: string; readonly message: string }
  | {
      readonly kind: 'loaded';
      readonly files: readonly string[];
      readonly kubeConfig: KubeConfig;
      readonly currentContext: string;
      readonly cluster: Cluster;
      readonly user: User;
      /** The context's namespace, `default` when it names none (as kubectl does). */
      readonly namespace: string;
    };

export interface KubeconfigSources {
  /** The `dataClusters.kubeconfig` setting; empty means "use KUBECONFIG or ~/.kube/config". */
  readonly settingPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly homeDir?: string;
}

/**
 * Finds and reads kubeconfig files the way kubectl does: the files in KUBECONFIG merged (the first
 * file to define a name wins, as does the first current-context), else ~/.kube/config. The setting,
 * when set, overrides both. Every failure names the file and what is wrong with it.
 */
export class KubeconfigLoader {
  load(sources: KubeconfigSources = {}): KubeconfigState {
    const env = sources.env ?? process.env;
    const home = sources.homeDir ?? os.homedir();
    const candidates = this.candidateFiles(sources.settingPath, env, home);
    const existing = candidates.filter((f) => fs.existsSync(f));
    if (existing.length === 0) return { kind: 'missing', searched: candidates };

    const parts: { file: string; kc: KubeConfig }[] = [];
    for (const file of existing) {
      const result = this.parseFile(file);
      if ('message' in result) return broken(file, result.message);
      parts.push({ file, kc: result.kc });
    }
    return this.merge(parts);
  }

  candidateFiles(settingPath: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
    const expand = (p: string): string => path.resolve(p.startsWith('~') ? path.join(home, p.slice(1)) : p);
    if (settingPath?.trim()) return [expand(settingPath.trim())];
    const fromEnv = (env.KUBECONFIG ?? '')
      .split(path.delimiter)
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .map(expand);
    if (fromEnv.length > 0) return [...new Set(fromEnv)];
    return [path.join(home, '.kube', 'config')];
  }

  private parseFile(file: string): { kc: KubeConfig } | { message: string } {
    let text: string;
    try {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return { message: l10n.t('it is a directory, not a file') };
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      return { message: l10n.t('it cannot be read ({0})', (err as NodeJS.ErrnoException).code ?? String(err)) };
    }
    if (text.trim().length === 0) return { message: l10n.t('it is empty') };
    const kc = new KubeConfig();
    try {
      kc.loadFromString(text);
    } catch (err) {
      return { message: describeParseError(err) };
    }
    // kubectl resolves relative credential paths against the kubeconfig's own folder.
    const dir = path.dirname(file);
    const resolve = (p: string | undefined): string | undefined => (p && !path.isAbsolute(p) ? path.resolve(dir, p) : p);
    kc.clusters = kc.clusters.map((c) => ({ ...c, caFile: resolve(c.caFile) }));
    kc.users = kc.users.map((u) => ({ ...u, certFile: resolve(u.certFile), keyFile: resolve(u.keyFile) }));
    return { kc };
  }

  private merge(parts: { file: string; kc: KubeConfig }[]): KubeconfigState {
    const clusters = new Map<string, Cluster>();
    const users = new Map<string, User>();
    const contexts = new Map<string, Context & { file: string }>();
    let currentContext: string | undefined;
    let currentContextFile: string | undefined;
    for (const { file, kc } of parts) {
      for (const c of kc.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
      for (const u of kc.users) if (!users.has(u.name)) users.set(u.name, u);
      for (const c of kc.contexts) if (!contexts.has(c.name)) contexts.set(c.name, { ...c, file });
      if (!currentContext && kc.currentContext) {
        currentContext = kc.currentContext;
        currentContextFile = file;
      }
    }
    const files = parts.map((p) => p.file);
    const where = currentContextFile ?? files.join(', ');
    if (!currentContext) {
      return broken(files.join(', '), l10n.t('no current-context is set (kubectl config use-context NAME sets one)'));
    }
    const context = contexts.get(currentContext);
    if (!context) return broken(where, l10n.t('current-context "{0}" names no context in the file', currentContext));
    const cluster = clusters.get(context.cluster);
    if (!cluster)
      return broken(context.file, l10n.t('context "{0}" names cluster "{1}", which is not defined', context.name, context.cluster));
    const user = users.get(context.user);
    if (!user) return broken(context.file, l10n.t('context "{0}" names user "{1}", which is not defined', context.name, context.user));
    if (!/^https?:\/\//.test(cluster.server)) {
      return broken(context.file, l10n.t('cluster "{0}" has server "{1}", which is not an http(s) URL', cluster.name, cluster.server));
    }
    for (const f of [cluster.caFile, user.certFile, user.keyFile]) {
      if (f && !fs.existsSync(f)) return broken(context.file, l10n.t('the file {0} it names does not exist', f));
    }

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [...clusters.values()],
      users: [...users.values()],
      contexts: [...contexts.values()].map(({ file: _file, ...c }) => c),
      currentContext,
    });
    return { kind: 'loaded', files, kubeConfig, currentContext, cluster, user, namespace: context.namespace || 'default' };
  }
}

function describeParseError(err: unknown): string {
  const e = err as { name?: string; message?: string; mark?: { line?: number; column?: number } };
  if (e?.name === 'YAMLException') {
    if (e.mark?.line === undefined) return l10n.t('it is not valid YAML');
    return l10n.t('it is not valid YAML at line {0}, column {1}', e.mark.line + 1, (e.mark.column ?? 0) + 1);
  }
  // l10n-ignore: matches the message of a JavaScript TypeError, not shown
  const shapeError = e?.message?.includes('Cannot read properties');
  if (shapeError) return l10n.t('it is not a kubeconfig (expected clusters, users and contexts lists)');
  return l10n.t('it is not a valid kubeconfig: {0}', e?.message ?? String(err));
}

/** The kubeconfig cannot be used: `file` names where the fault is. */
function broken(file: string, message: string): KubeconfigState {
  return { kind: 'broken', file, message };
}
