import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeconfigLoader } from '../../../src/kube/kubeconfigLoader';

function kubeconfig(
  opts: {
    context?: string;
    server?: string;
    namespace?: string;
    cluster?: string;
    user?: string;
    current?: string | null;
    extra?: string;
  } = {},
): string {
  const ctx = opts.context ?? 'dev';
  const cluster = opts.cluster ?? 'c1';
  const user = opts.user ?? 'u1';
  return [
    'apiVersion: v1',
    'kind: Config',
    opts.current === null ? '' : `current-context: ${opts.current ?? ctx}`,
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: ${opts.server ?? 'https://127.0.0.1:6443'}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    '    token: abc',
    'contexts:',
    `- name: ${ctx}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${user}`,
    opts.namespace ? `    namespace: ${opts.namespace}` : '',
    opts.extra ?? '',
  ].join('\n');
}

describe('KubeconfigLoader', () => {
  let dir: string;
  let home: string;
  const loader = new KubeconfigLoader();
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcl-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports missing with every place it looked when nothing exists', () => {
    const state = loader.load({ env: {}, homeDir: home });
    assert.equal(state.kind, 'missing');
    assert.deepEqual(state.kind === 'missing' && state.searched, [path.join(home, '.kube', 'config')]);
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, with the context namespace', () => {
    write('home/.kube/config', kubeconfig({ namespace: 'team-a' }));
    const state = loader.load({ env: {}, homeDir: home });
    assert.equal(state.kind, 'loaded');
    if (state.kind !== 'loaded') return;
    assert.equal(state.currentContext, 'dev');
    assert.equal(state.namespace, 'team-a');
    assert.equal(state.cluster.server, 'https://127.0.0.1:6443');
  });

  it('defaults the namespace to "default" as kubectl does', () => {
    write('home/.kube/config', kubeconfig());
    const state = loader.load({ env: {}, homeDir: home });
    assert.equal(state.kind === 'loaded' && state.namespace, 'default');
  });

  it('merges KUBECONFIG files: the first file to define a name and the first current-context win', () => {
    const a = write('a.yaml', kubeconfig({ context: 'alpha', cluster: 'shared', server: 'https://first:1' }));
    const b = write('b.yaml', kubeconfig({ context: 'beta', cluster: 'shared', server: 'https://second:2', user: 'u2' }));
    const state = loader.load({ env: { KUBECONFIG: [a, b].join(path.delimiter) }, homeDir: home });
    assert.equal(state.kind, 'loaded');
    if (state.kind !== 'loaded') return;
    assert.equal(state.currentContext, 'alpha');
    assert.equal(state.cluster.server, 'https://first:1');
    assert.deepEqual(
      state.kubeConfig
        .getContexts()
        .map((c) => c.name)
        .sort(),
      ['alpha', 'beta'],
    );
    assert.deepEqual(state.files, [a, b]);
  });

  it('skips KUBECONFIG entries that do not exist but uses the ones that do', () => {
    const b = write('b.yaml', kubeconfig({ context: 'beta' }));
    const state = loader.load({ env: { KUBECONFIG: [path.join(dir, 'nope.yaml'), b].join(path.delimiter) }, homeDir: home });
    assert.equal(state.kind === 'loaded' && state.currentContext, 'beta');
  });

  it('prefers the setting over KUBECONFIG, expanding ~', () => {
    write('home/custom.yaml', kubeconfig({ context: 'from-setting' }));
    const env = write('env.yaml', kubeconfig({ context: 'from-env' }));
    const state = loader.load({ settingPath: '~/custom.yaml', env: { KUBECONFIG: env }, homeDir: home });
    assert.equal(state.kind === 'loaded' && state.currentContext, 'from-setting');
  });

  it('names the file and the line of invalid YAML', () => {
    const f = write('bad.yaml', 'clusters:\n  - name: x\n   bad: [');
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.equal(state.kind, 'broken');
    if (state.kind !== 'broken') return;
    assert.equal(state.file, f);
    assert.match(state.message, /not valid YAML at line \d+/);
  });

  it('says an empty file is empty', () => {
    const f = write('empty.yaml', '  \n');
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.deepEqual(state, { kind: 'broken', file: f, message: 'it is empty' });
  });

  it('names a missing server field the way client-node reports it', () => {
    const f = write('noserver.yaml', 'clusters:\n- name: c\n  cluster: {}\nusers: []\ncontexts: []\n');
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.equal(state.kind, 'broken');
    assert.match(state.kind === 'broken' ? state.message : '', /clusters\[0\]\.cluster\.server is missing/);
  });

  it('reports a current-context that names no context', () => {
    const f = write('k.yaml', kubeconfig({ current: 'ghost' }));
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.equal(state.kind, 'broken');
    assert.match(state.kind === 'broken' ? state.message : '', /current-context "ghost" names no context/);
  });

  it('reports a kubeconfig without current-context', () => {
    const f = write('k.yaml', kubeconfig({ current: null }));
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.match(state.kind === 'broken' ? state.message : '', /no current-context is set/);
  });

  it('reports a server that is not a URL', () => {
    const f = write('k.yaml', kubeconfig({ server: 'localhost:6443' }));
    const state = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.match(state.kind === 'broken' ? state.message : '', /not an http\(s\) URL/);
  });

  it('resolves relative certificate paths against the kubeconfig folder and reports missing ones', () => {
    const text = kubeconfig().replace(
      '    server: https://127.0.0.1:6443',
      '    server: https://127.0.0.1:6443\n    certificate-authority: certs/ca.crt',
    );
    const f = write('cfg/k.yaml', text);
    const missing = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.equal(missing.kind, 'broken');
    assert.match(
      missing.kind === 'broken' ? missing.message : '',
      new RegExp(`${path.join(dir, 'cfg', 'certs', 'ca.crt').replace(/[/\\.]/g, '\\$&')} it names does not exist`),
    );
    write('cfg/certs/ca.crt', 'x');
    const loaded = loader.load({ env: { KUBECONFIG: f }, homeDir: home });
    assert.equal(loaded.kind === 'loaded' && loaded.cluster.caFile, path.join(dir, 'cfg', 'certs', 'ca.crt'));
  });

  it('says when the path is a directory', () => {
    fs.mkdirSync(path.join(dir, 'adir'));
    const state = loader.load({ settingPath: path.join(dir, 'adir'), homeDir: home });
    assert.deepEqual(state, { kind: 'broken', file: path.join(dir, 'adir'), message: 'it is a directory, not a file' });
  });
});
