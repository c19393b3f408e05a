import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';

const EXTENSION_ID = 'dataclusters.data-clusters';

async function api(): Promise<DataClustersApi> {
  const ext = vscode.extensions.getExtension<DataClustersApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Resolves with the next kubeconfig state the extension reports after `action`. */
async function nextState(a: DataClustersApi, action: () => Thenable<unknown>): Promise<string> {
  const seen = new Promise<string>((resolve) => {
    const sub = a.onDidChangeKubeconfig((s) => {
      sub.dispose();
      resolve(s.kind);
    });
  });
  await action();
  return seen;
}

describe('Extension activation', () => {
  it('is installed, does not activate on "*", and activates with its API', async () => {
    const ext = vscode.extensions.getExtension<DataClustersApi>(EXTENSION_ID);
    assert.ok(ext);
    assert.equal(ext.packageJSON.activationEvents.includes('*'), false);
    const a = await api();
    assert.equal(ext.isActive, true);
    assert.equal(a.kubeconfigState(), 'loaded');
    assert.equal(a.currentContext(), 'emulator-admin');
  });

  it('contributes the Data Clusters container with the Compute, Session Clusters and Port Forwards views', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const views = ext.packageJSON.contributes.views.dataClusters as { id: string; name: string }[];
    assert.deepEqual(
      views.map((v) => [v.id, v.name]),
      [
        ['dataClusters.compute', 'Compute'],
        ['dataClusters.sessions', 'Session Clusters'],
        ['dataClusters.portForwards', 'Port Forwards'],
      ],
    );
    // VS Code creates a focus command per registered view; running it fails when the view is unknown.
    await vscode.commands.executeCommand('dataClusters.compute.focus');
    await vscode.commands.executeCommand('dataClusters.sessions.focus');
    await vscode.commands.executeCommand('dataClusters.portForwards.focus');
  });

  it('registers every command it contributes', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });
});

describe('Kubeconfig commands and settings', () => {
  const config = () => vscode.workspace.getConfiguration('dataClusters');
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-int-'));
  });
  afterEach(async () => {
    await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports a broken kubeconfig set in the settings, naming the file and the fault', async () => {
    const a = await api();
    const bad = path.join(dir, 'broken.yaml');
    fs.writeFileSync(bad, 'clusters: [\n');
    const kind = await nextState(a, () => config().update('kubeconfig', bad, vscode.ConfigurationTarget.Global));
    assert.equal(kind, 'broken');
    assert.match(a.kubeconfigError() ?? '', /broken\.yaml: it is not valid YAML at line 2/);
  });

  it('reports a missing kubeconfig file', async () => {
    const a = await api();
    const kind = await nextState(a, () => config().update('kubeconfig', path.join(dir, 'absent.yaml'), vscode.ConfigurationTarget.Global));
    assert.equal(kind, 'missing');
    assert.equal(a.currentContext(), undefined);
  });

  it('goes back to KUBECONFIG when the setting is cleared', async () => {
    const a = await api();
    await nextState(a, () => config().update('kubeconfig', path.join(dir, 'absent.yaml'), vscode.ConfigurationTarget.Global));
    const kind = await nextState(a, () => config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global));
    assert.equal(kind, 'loaded');
    assert.equal(a.currentContext(), 'emulator-admin');
  });

  it('Refresh re-reads the kubeconfig file', async () => {
    const a = await api();
    const file = path.join(dir, 'switching.yaml');
    const original = fs.readFileSync(process.env.KUBECONFIG!, 'utf8');
    fs.writeFileSync(file, original);
    await nextState(a, () => config().update('kubeconfig', file, vscode.ConfigurationTarget.Global));
    assert.equal(a.currentContext(), 'emulator-admin');
    fs.writeFileSync(file, original.replace(/emulator-admin/g, 'switched'));
    const kind = await nextState(a, () => vscode.commands.executeCommand('dataClusters.refresh'));
    assert.equal(kind, 'loaded');
    assert.equal(a.currentContext(), 'switched');
  });
});
