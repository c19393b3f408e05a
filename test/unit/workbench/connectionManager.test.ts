import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterConnection } from '../../../src/clusters/connection';
import { ClusterKind } from '../../../src/clusters/definition';
import { Emitter } from '../../../src/common/event';
import { silentLogger } from '../../../src/common/logger';
import { KubeconfigLoader } from '../../../src/kube/kubeconfigLoader';
import { KubeconfigModel } from '../../../src/kube/kubeconfigModel';
import type { ExtensionSettings } from '../../../src/settings/extensionSettings';
import { ConnectionManager, ConnectionViews } from '../../../src/workbench/connectionManager';
import { CUSTOM_WHEN_CONTEXT_KEYS, CustomWhenContext } from '../../../src/workbench/customWhenContext';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

/** Settings as the user set them, changeable by the test. */
class FakeSettings {
  readonly changed = new Emitter<string>();
  readonly onDidChange = this.changed.event;
  constructor(
    public file: string,
    public ctx: string,
    public ns: string[],
  ) {}
  kubeconfigPath = () => this.file;
  context = () => this.ctx;
  namespaces = () => this.ns;
}

/** Records what the manager tells the views, as the trees would show it. */
class RecordingViews implements ConnectionViews {
  readonly shown: { kind: ClusterKind; at: number; connection?: ClusterConnection }[] = [];
  readonly current: Partial<Record<ClusterKind, ClusterConnection>> = {};
  readonly messages: Partial<Record<ClusterKind, string>> = {};
  /** The views told to show nothing, in order. */
  readonly emptied: ClusterKind[] = [];
  resets = 0;
  show(kind: ClusterKind, connection: ClusterConnection | undefined): void {
    this.current[kind] = connection;
    if (connection) this.shown.push({ kind, at: Date.now(), connection });
    else this.emptied.push(kind);
  }
  count(kind: ClusterKind): number {
    const model = this.current[kind]?.model;
    return model ? (kind === 'compute' ? model.computeClusters() : model.sessionClusters()).length : 0;
  }
  setMessage(kind: ClusterKind, message: string | undefined): void {
    this.messages[kind] = message;
  }
  reset(): void {
    this.resets++;
  }
}

describe('ConnectionManager (against the emulator)', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  const managers: ConnectionManager[] = [];

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
  });
  after(async () => {
    await fx?.emulator.stop();
  });
  afterEach(() => managers.splice(0).forEach((m) => m.dispose()));

  function manager(settings: FakeSettings) {
    const keys = new Map<string, unknown>();
    const when = new CustomWhenContext((k, v) => keys.set(k, v));
    const kubeconfig = new KubeconfigModel(new KubeconfigLoader(), () => ({ settingPath: settings.kubeconfigPath() }), silentLogger);
    const views = new RecordingViews();
    const m = new ConnectionManager(kubeconfig, settings as unknown as ExtensionSettings, views, when, silentLogger);
    managers.push(m);
    return { m, views, keys, kubeconfig };
  }

  it('shows each view once its kinds are listed, with the context keys the menus and welcome content read', async () => {
    const { m, views, keys } = manager(new FakeSettings(fx.kubeconfigFile, 'emulator-admin', ['analytics', 'streaming']));
    m.connect();
    assert.equal(keys.get('dataClusters.kubeconfig'), 'loaded');
    await until(() => views.current.compute && views.current.session, 15_000, 'both views shown');
    assert.equal(keys.get('dataClusters.connection'), 'ready');
    assert.equal(keys.get('dataClusters.computeEmpty'), false);
    assert.ok(views.count('compute') > 0 && views.count('session') > 0);
    assert.equal(views.messages.compute, 'Context emulator-admin · 2 namespaces');
  });

  it('shows the Compute view without waiting for a slow FlinkDeployment list, and no session cluster before it', async () => {
    let heldLists = 0;
    // Custom resources are served slowly by real API servers: hold their list until the test says.
    fx.emulator.server.faults.delay = (method, p) => (method === 'GET' && p.endsWith('/flinkdeployments') ? (heldLists++, 20_000) : 0);
    const { m, views } = manager(new FakeSettings(fx.kubeconfigFile, 'emulator-admin', ['streaming']));
    try {
      m.connect();
      await until(() => views.current.compute, 15_000, 'compute view');
      assert.ok(heldLists > 0, 'the FlinkDeployment list was asked for');
      assert.equal(views.current.session, undefined, 'the Session Clusters view waits for its list');
      const model = m.connection!.model!;
      assert.equal(model.isReady('session'), false);
      assert.equal(model.sessionClusters().length, 0, 'no session cluster is claimed Disabled before its FlinkDeployment is known');
    } finally {
      fx.emulator.server.faults.delay = undefined;
    }
    // A fresh connection, with the list served at normal speed, shows the view and the real state.
    m.connect();
    await until(() => views.current.session, 15_000, 'session view after the list');
    const orders = m.connection!.model!.get('session', 'streaming', 'orders-stream');
    assert.equal(orders?.kind === 'session' && orders.status, 'Running');
  });

  it('names the forbidden watch and shows a session cluster it cannot see as Unknown, with nothing destructive offered', async () => {
    // The developer may read definitions and workloads in `restricted`, but not FlinkDeployments.
    const ns = fx.namespace('restricted');
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'core-only', namespace: ns },
      rules: [{ apiGroups: ['', 'apps'], resources: ['*'], verbs: ['*'] }],
    });
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'core-only', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'core-only' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'session.owned',
        namespace: ns,
        labels: { 'app.kubernetes.io/managed-by': 'data-clusters', 'dataclusters.io/kind': 'session', 'dataclusters.io/cluster': 'owned' },
        annotations: { 'dataclusters.io/owner': 'dev@example.com' },
      },
      data: { 'spec.json': '{}' },
    });
    const { m, views } = manager(new FakeSettings(fx.kubeconfigFile, 'emulator-developer', [ns]));
    m.connect();
    await until(() => views.current.session, 15_000, 'session view shown');
    const conn = m.connection!;
    const owned = conn.model!.get('session', ns, 'owned')!;
    assert.equal(owned.kind === 'session' && owned.status, 'Unknown');
    assert.match(owned.reason ?? '', /You may not list flink deployments in restricted/);
    await until(() => conn.health.kind === 'ready' && conn.health.forbidden, 10_000, 'forbidden health');
    assert.match((conn.health as { forbidden: string }).forbidden, /flinkdeployments in restricted/);
    assert.equal(views.messages.session, (conn.health as { forbidden: string }).forbidden);
    await assert.rejects(conn.session.delete(ns, 'owned'), /Cannot delete session cluster owned: it is Unknown: You may not list/);
  });

  it('reconnects when the namespaces change, closing what belonged to the old connection', async () => {
    const settings = new FakeSettings(fx.kubeconfigFile, 'emulator-admin', ['analytics']);
    const { m, views } = manager(settings);
    m.connect();
    await until(() => views.current.compute, 15_000, 'compute view');
    const first = m.connection!;
    // Views that show nothing yet are not emptied (each emptying is a tree change VS Code debounces).
    assert.deepEqual(views.emptied, []);
    await until(() => views.current.session, 15_000, 'session view');
    settings.ns = ['streaming'];
    settings.changed.fire('namespaces');
    assert.deepEqual([...views.emptied].sort(), ['compute', 'session']);
    assert.notEqual(m.connection, first);
    assert.ok(first.isDisposed, 'the old connection is disposed');
    assert.ok(views.resets >= 2);
    await until(() => views.current.compute?.model?.computeClusters().every((c) => c.namespace === 'streaming'), 15_000, 'new scope');
  });

  it('goes back to the kubeconfig current-context when the context setting is cleared', async () => {
    const settings = new FakeSettings(fx.kubeconfigFile, 'emulator-viewer', ['analytics']);
    const { m, views } = manager(settings);
    m.connect();
    await until(() => views.current.compute, 15_000, 'compute view');
    assert.equal(m.contextName, 'emulator-viewer');
    settings.ctx = '';
    settings.changed.fire('context');
    assert.equal(m.contextName, 'emulator-admin');
    assert.equal(m.connection!.kc.getCurrentUser()?.name, 'emulator-admin');
  });

  it('says so when there is no kubeconfig, and empties the views', async () => {
    const broken = path.join(path.dirname(fx.kubeconfigFile), 'broken.yaml');
    fs.writeFileSync(broken, 'clusters: [this is not: a kubeconfig');
    const { m, views, keys } = manager(new FakeSettings(broken, '', []));
    m.connect();
    assert.equal(keys.get('dataClusters.kubeconfig'), 'broken');
    assert.equal(keys.get('dataClusters.connection'), 'none');
    assert.equal(views.current.compute, undefined);
    assert.match(m.problem(), /cannot be used/);
  });
});

describe('Context keys', () => {
  it('are each read by a when clause in package.json, and no clause reads an undeclared one', () => {
    const pkg = fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8');
    // View ids and tree item values are compared with `view ==` / `viewItem ==`: they are not context keys.
    const clauses = [...pkg.matchAll(/"when": "([^"]*)"/g)]
      .map((m) => m[1])
      .join(' ')
      .replace(/\b(view|viewItem) *[=!]= *[\w.-]+/g, '');
    const read = new Set([...clauses.matchAll(/\b(dataClusters\.[A-Za-z]+)\b(?! *[=!]~)/g)].map((m) => m[1]));
    for (const key of CUSTOM_WHEN_CONTEXT_KEYS) assert.ok(read.has(key), `${key} is set but no when clause reads it`);
    for (const key of read) assert.ok((CUSTOM_WHEN_CONTEXT_KEYS as readonly string[]).includes(key), `${key} is read but never set`);
  });
});
