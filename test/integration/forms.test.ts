import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import { computeFormFromSpec, ComputeFormValues, defaultComputeForm } from '../../shared/forms/computeForm';
import { mergeKeepingEdits } from '../../shared/forms/formModel';
import { defaultSessionForm, sessionFormFromSpec, SessionFormValues } from '../../shared/forms/sessionForm';
import { FLINK_VERSIONS } from '../../shared/clusters/sessionSpec';
import type { FormController } from '../../src/panels/forms/formController';
import {
  api,
  computeOf,
  copyComputeDefinition,
  ensureCompute,
  IT,
  kubectl,
  kubectlWith,
  recordingPrompts,
  sessionOf,
  Shown,
  until,
  watchDemo,
  WATCHED,
} from './support/workbench';

/** A namespace of these tests without a quota, for the clusters they create. */
const FORMS = 'it-forms';
/** A namespace whose ResourceQuota cannot hold a driver. */
const TIGHT = 'it-tight';

/** What the page sends: the form values as typed (the controller reads them the same way). */
const computeWire = (v: ComputeFormValues): ComputeFormValues => v;
const sessionWire = (v: SessionFormValues): SessionFormValues => v;

const cref = (namespace: string, name: string) => ({ kind: 'compute' as const, namespace, name });
const sref = (namespace: string, name: string) => ({ kind: 'session' as const, namespace, name });

function exists(namespace: string, kindName: string): boolean {
  return kubectl('-n', namespace, 'get', kindName, '--ignore-not-found', '-o', 'name').trim() !== '';
}

function definition(namespace: string, name: string, kind: 'compute' | 'session' = 'compute') {
  const cm = JSON.parse(kubectl('-n', namespace, 'get', 'configmap', `${kind}.${name}`, '-o', 'json'));
  return { cm, spec: JSON.parse(cm.data['spec.json']), generation: cm.metadata.annotations['dataclusters.io/generation'] as string };
}

/** A Disabled copy of a session cluster's definition under a new name, made with kubectl. */
function copySessionDefinition(fromNs: string, from: string, toNs: string, to: string): void {
  const { cm, spec } = definition(fromNs, from, 'session');
  kubectlWith(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `session.${to}`,
        namespace: toNs,
        labels: { ...cm.metadata.labels, 'dataclusters.io/cluster': to },
        annotations: {
          'dataclusters.io/generation': '1',
          'dataclusters.io/owner': cm.metadata.annotations['dataclusters.io/owner'] ?? 'admin',
        },
      },
      data: { 'spec.json': JSON.stringify({ ...spec, name: to }) },
    }),
    'create',
    '-f',
    '-',
  );
}

describe('Create and Configure forms (against the emulator)', function () {
  this.timeout(180_000);
  let a: DataClustersApi;
  let shown: Shown[];

  before(async () => {
    a = await api();
    await watchDemo(a);
    for (const ns of [FORMS, TIGHT])
      kubectlWith(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }), 'apply', '-f', '-');
    // 500m CPU and 1 GiB: less than the smallest driver node type.
    kubectlWith(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'tight-quota', namespace: TIGHT },
        spec: { hard: { 'requests.cpu': '500m', 'requests.memory': '1Gi' } },
      }),
      'apply',
      '-f',
      '-',
    );
    await vscode.workspace
      .getConfiguration('dataClusters')
      .update('namespaces', [...WATCHED, FORMS, TIGHT], vscode.ConfigurationTarget.Global);
    await until(
      () =>
        a.namespaces().includes(TIGHT) &&
        a.health()?.kind === 'ready' &&
        a.model()?.isReady('compute') &&
        a.model()?.isReady('session') &&
        a
          .model()!
          .resourceGroup(TIGHT)
          .quotas.some((q) => q.hard['requests.cpu'] === '500m' && q.used['requests.cpu'] !== undefined),
      60_000,
      `${FORMS} and ${TIGHT} watched, with the quota read`,
    );
  });
  beforeEach(() => {
    shown = [];
    a.setPrompts(recordingPrompts(shown));
  });
  afterEach(() => a.setPrompts(undefined));
  after(async () => {
    await vscode.workspace.getConfiguration('dataClusters').update('namespaces', WATCHED, vscode.ConfigurationTarget.Global);
  });

  /** Runs the command that opens a form and waits until the page has its namespaces (as a user sees the filled form). */
  async function openForm(command: string, key: string, arg?: unknown): Promise<FormController> {
    await vscode.commands.executeCommand(command, arg);
    const form = await until(() => a.form(key), 20_000, `the form ${key}`);
    await form.whenContextSent;
    return form;
  }

  const closed = (key: string) => until(() => !a.form(key), 20_000, `the form ${key} closed`);

  it('creates a compute cluster: the review shows the objects, Create writes them and the cluster starts', async () => {
    const name = 'form-etl';
    const form = await openForm('dataClusters.compute.create', 'compute/create');
    const values = computeWire({
      ...defaultComputeForm(FORMS, a.model()!.nodeTypes(FORMS)),
      name,
      description: 'Created through the form',
      executorCount: '2',
      packages: ['org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1'],
      tags: [{ key: 'team', value: 'data', fromSecret: false, secret: '', secretKey: '' }],
    });
    const review = await form.review({ compute: values });
    assert.deepEqual(review.fieldErrors, []);
    assert.deepEqual(review.messages, []);
    for (const part of [
      `name: compute.${name}`,
      'kind: Deployment',
      `name: ${name}-driver`,
      'kind: Service',
      'dataclusters.io/created-by: admin',
    ])
      assert.ok(review.yaml.includes(part), part);
    assert.equal(exists(FORMS, `configmap/compute.${name}`), false, 'the review writes nothing');

    assert.deepEqual(await form.submit({ compute: values }), { done: true, message: `Created ${name}; it is starting.`, fieldErrors: [] });
    await closed('compute/create');
    const { spec, generation, cm } = definition(FORMS, name);
    assert.equal(generation, '1');
    assert.equal(cm.metadata.annotations['dataclusters.io/created-by'], 'admin');
    assert.equal(spec.executorCount, 2);
    assert.deepEqual(spec.tags, { team: 'data' });
    await until(() => a.treeClusters('compute').includes(`${FORMS}/${name}`), 20_000, `${name} in the tree`);
    await until(() => computeOf(a, FORMS, name)?.state === 'STARTING', 30_000, `${name} STARTING`);
    assert.match(String(a.treeItem('compute', FORMS, name)!.description), /^STARTING/);
    await until(() => computeOf(a, FORMS, name)?.state === 'ACTIVE', 90_000, `${name} ACTIVE`);
    assert.match(String(a.treeItem('compute', FORMS, name)!.description), /^ACTIVE/);
    assert.deepEqual(shown, [], 'no refusal or error was shown');
  });

  it('refuses a name already taken on the Name field, writing nothing', async () => {
    const form = await openForm('dataClusters.compute.create', 'compute/create');
    const taken = computeWire({ ...defaultComputeForm(IT, a.model()!.nodeTypes(IT)), name: 'notebook' });
    const before = definition(IT, 'notebook').cm.metadata.resourceVersion;
    const r = await form.submit({ compute: taken });
    assert.equal(r.done, false);
    assert.equal(r.message, 'Some fields need attention; nothing was written.');
    assert.deepEqual(
      r.fieldErrors.map((e) => e.field),
      ['name'],
    );
    assert.match(r.fieldErrors[0].message, /notebook/);
    assert.equal(definition(IT, 'notebook').cm.metadata.resourceVersion, before);
    assert.ok(a.form('compute/create'), 'the form stays open with what was typed');
    await form.cancel({ dirty: false });
    await closed('compute/create');
  });

  it('refuses a driver the namespace quota cannot hold, on the Driver node field, before anything is written', async () => {
    const form = await openForm('dataClusters.compute.create', 'compute/create');
    const values = computeWire({ ...defaultComputeForm(TIGHT, a.model()!.nodeTypes(TIGHT)), name: 'form-big' });
    const review = await form.review({ compute: values });
    assert.equal(review.yaml, '');
    assert.deepEqual(
      review.fieldErrors.map((e) => e.field),
      ['driverNodeType'],
    );
    const r = await form.submit({ compute: values });
    assert.equal(r.done, false);
    assert.equal(r.message, 'Some fields need attention; nothing was written.');
    assert.equal(r.fieldErrors.length, 1);
    assert.equal(r.fieldErrors[0].field, 'driverNodeType');
    assert.match(
      r.fieldErrors[0].message,
      /^Exceeds the namespace's quota: the driver needs 1 CPU and 4 GiB, but only 0\.5 CPU \(quota tight-quota\) and 1 GiB \(quota tight-quota\) is left\./,
    );
    assert.equal(exists(TIGHT, 'configmap/compute.form-big'), false);
    assert.equal(exists(TIGHT, 'deployment/form-big-driver'), false);
    assert.ok(!a.treeClusters('compute').includes(`${TIGHT}/form-big`));
    await form.cancel({ dirty: false });
    await closed('compute/create');
  });

  it('configures a STOPPED cluster: the save bumps the generation and the tree shows "Restart required"', async () => {
    const name = 'form-conf';
    if (!exists(FORMS, `configmap/compute.${name}`)) copyComputeDefinition('analytics', 'reporting', FORMS, name);
    // Started once and terminated: its Deployment (replicas 0) keeps the generation it ran.
    await ensureCompute(a, FORMS, name, 'ACTIVE');
    const stopped = await ensureCompute(a, FORMS, name, 'STOPPED');
    assert.equal(stopped.restartRequired, false);
    const before = definition(FORMS, name);
    shown.splice(0); // Start and Terminate said what they did; what follows is the form's.

    const form = await openForm('dataClusters.compute.configure', `compute/edit/${FORMS}/${name}`, cref(FORMS, name));
    const values = computeWire({ ...computeFormFromSpec(stopped.spec!), executorCount: '4', image: 'apache/spark:3.5.3' });
    const review = await form.review({ compute: values });
    assert.deepEqual(review.fieldErrors, []);
    assert.match(review.yaml, new RegExp(`dataclusters.io/generation: '${Number(before.generation) + 1}'`));
    const r = await form.submit({ compute: values });
    assert.equal(r.done, true, JSON.stringify(r));
    await closed(`compute/edit/${FORMS}/${name}`);
    const after = definition(FORMS, name);
    assert.equal(after.generation, String(Number(before.generation) + 1));
    assert.equal(after.spec.executorCount, 4);
    assert.equal(after.spec.image, 'apache/spark:3.5.3');
    await until(() => computeOf(a, FORMS, name)?.restartRequired, 20_000, 'Restart required');
    assert.match(String(a.treeItem('compute', FORMS, name)!.description), /^STOPPED · Restart required/);
    assert.ok(a.treeDecoration('compute', FORMS, name), 'the amber badge');
    await until(() => shown.length, 5_000, 'the notification');
    assert.equal(shown.length, 1);
    assert.equal(shown[0].kind, 'info');
    // A STOPPED cluster offers Start, not Restart: the notice names the action that applies the save.
    assert.match(shown[0].message, new RegExp(`^${name}: .+\\. Start the cluster to apply it\\.$`));
  });

  it("a save after a change made with kubectl says who changed what, and a reload keeps the user's edits", async () => {
    const name = 'form-race';
    if (!exists(FORMS, `configmap/compute.${name}`)) copyComputeDefinition('analytics', 'reporting', FORMS, name);
    const c = await ensureCompute(a, FORMS, name, 'STOPPED');
    const key = `compute/edit/${FORMS}/${name}`;
    const form = await openForm('dataClusters.compute.configure', key, cref(FORMS, name));
    const base = computeWire(computeFormFromSpec(c.spec!));
    const mine = computeWire({ ...base, executorCount: String(Number(base.executorCount) + 1) });

    // Someone else saves a new image with kubectl while the form is open.
    const { cm, spec } = definition(FORMS, name);
    const theirImage = 'registry.example.com/spark:3.5.4-custom';
    cm.data['spec.json'] = JSON.stringify({ ...spec, image: theirImage });
    kubectlWith(JSON.stringify(cm), 'replace', '-f', '-');
    const afterKubectl = definition(FORMS, name).cm.metadata.resourceVersion;

    const refused = await form.submit({ compute: mine });
    assert.equal(refused.done, false);
    assert.deepEqual(refused.fieldErrors, []);
    assert.match(
      refused.conflict ?? '',
      new RegExp(
        `^Compute cluster ${name} was changed since you opened this form: someone outside Data Clusters changed Docker image, without counting a new generation \\(it is still generation ${c.generation}\\)\\. Nothing was overwritten\\. Reload to take their changes; your edits are kept, and saving then writes generation ${c.generation + 1}\\.$`,
      ),
    );
    assert.equal(definition(FORMS, name).cm.metadata.resourceVersion, afterKubectl, 'nothing was written');
    assert.ok(a.form(key), 'the form stays open');

    // Reload, as the banner's "Reload, keeping my edits" does: their image, my executor count.
    const fresh = await form.reload();
    assert.equal(fresh.resourceVersion, afterKubectl);
    assert.equal(fresh.compute!.image, theirImage);
    const merged = mergeKeepingEdits(base, mine, fresh.compute!);
    assert.equal(merged.image, theirImage);
    assert.equal(merged.executorCount, mine.executorCount);
    const saved = await form.submit({ compute: merged });
    assert.equal(saved.done, true, JSON.stringify(saved));
    await closed(key);
    const after = definition(FORMS, name).spec;
    assert.equal(after.image, theirImage);
    assert.equal(after.executorCount, Number(mine.executorCount));
  });

  it('creates a session cluster through its form: owned by the user, and it starts', async () => {
    const name = 'form-stream';
    const form = await openForm('dataClusters.session.create', 'session/create');
    const values = sessionWire({
      ...defaultSessionForm(FORMS, FLINK_VERSIONS),
      name,
      description: 'Created through the form',
      taskManagerReplicas: '2',
    });
    const review = await form.review({ session: values });
    assert.deepEqual(review.fieldErrors, []);
    assert.deepEqual(review.messages, []);
    assert.match(review.yaml, /kind: FlinkDeployment/);
    assert.equal(exists(FORMS, `flinkdeployment/${name}`), false, 'the review writes nothing');

    assert.deepEqual(await form.submit({ session: values }), { done: true, message: `Created ${name}; it is starting.`, fieldErrors: [] });
    await closed('session/create');
    const { cm, spec } = definition(FORMS, name, 'session');
    assert.equal(cm.metadata.annotations['dataclusters.io/owner'], 'admin');
    assert.equal(spec.taskManager.replicas, 2);
    assert.ok(exists(FORMS, `flinkdeployment/${name}`));
    await until(() => a.treeClusters('session').includes(`${FORMS}/${name}`), 20_000, `${name} in the tree`);
    await until(() => sessionOf(a, FORMS, name)?.status === 'Running', 90_000, `${name} Running`);
    assert.equal(sessionOf(a, FORMS, name)!.owner, 'admin');
    assert.deepEqual(shown, []);
  });

  it('edits a Disabled session cluster: the save bumps the generation and says to start it', async () => {
    const name = 'form-edit';
    if (!exists(IT, `configmap/session.${name}`)) copySessionDefinition('risk', 'fraud-rules', IT, name);
    const c = await until(() => sessionOf(a, IT, name)?.status === 'Disabled' && sessionOf(a, IT, name), 20_000, `${name} Disabled`);
    const before = definition(IT, name, 'session');
    const key = `session/edit/${IT}/${name}`;
    const form = await openForm('dataClusters.session.edit', key, sref(IT, name));
    const values = sessionWire({
      ...sessionFormFromSpec(c.spec!, IT),
      taskManagerReplicas: '3',
      description: 'Edited through the form',
    });
    const r = await form.submit({ session: values });
    assert.equal(r.done, true, JSON.stringify(r));
    await closed(key);
    const after = definition(IT, name, 'session');
    assert.equal(after.generation, String(Number(before.generation) + 1));
    assert.equal(after.spec.taskManager.replicas, 3);
    assert.equal(after.spec.description, 'Edited through the form');
    assert.equal(exists(IT, `flinkdeployment/${name}`), false, 'still Disabled: Edit does not start it');
    await until(() => shown.length, 5_000, 'the notification');
    assert.equal(shown[0].kind, 'info');
    assert.match(shown[0].message, new RegExp(`^${name}: .+\\. Start the cluster to apply it\\.$`));
  });

  it('refuses to open Edit on a session cluster that is not Disabled, saying why', async () => {
    const running = await until(
      () =>
        a
          .model()
          ?.sessionClusters()
          .find((s) => s.status === 'Running' && !s.operation),
      60_000,
      'a Running session cluster',
    );
    await vscode.commands.executeCommand('dataClusters.session.edit', sref(running.namespace, running.name));
    assert.equal(a.form(`session/edit/${running.namespace}/${running.name}`), undefined);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].kind, 'error');
    assert.equal(shown[0].message, `Cannot edit ${running.name}: it is Running. Disable it first; Edit is for Disabled session clusters.`);
  });
});
