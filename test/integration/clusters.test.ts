import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import { resourceGroupItem } from '../../src/views/clusterTreeItems';
import {
  answering,
  api,
  computeOf,
  copyComputeDefinition,
  copySessionDefinition,
  copyTask,
  ensureCompute,
  ensureSession,
  recordingPrompts,
  sessionOf,
  Shown,
  until,
  watchDemo,
  IT,
  kubectl,
  WATCHED,
} from './support/workbench';

const cref = (namespace: string, name: string) => ({ kind: 'compute' as const, namespace, name });
const sref = (namespace: string, name: string) => ({ kind: 'session' as const, namespace, name });

describe('Cluster views and commands (against the emulator)', function () {
  this.timeout(120_000);
  let a: DataClustersApi;
  let shown: Shown[];

  before(async () => {
    a = await api();
    await watchDemo(a);
  });
  beforeEach(() => (shown = []));
  afterEach(() => {
    a.setConfirmations(undefined);
    a.setPrompts(undefined);
  });

  it('lists both kinds from every watched namespace', () => {
    assert.deepEqual(a.namespaces(), WATCHED);
    for (const c of ['analytics/sales-etl', 'analytics/notebook', 'marketing/campaigns'])
      assert.ok(a.treeClusters('compute').includes(c), c);
    for (const c of ['research/clickstream', 'marketing/attribution', 'ops/alerts']) assert.ok(a.treeClusters('session').includes(c), c);
  });

  it("sizes a namespace's resource group as the clusters' rows are, and shows a quantity it cannot read as written", () => {
    const group = (hard: Record<string, string>, used: Record<string, string>) => ({
      namespace: 'streaming',
      quotas: [{ name: 'q', hard, used }],
    });
    const item = resourceGroupItem(
      group({ 'requests.cpu': '16', 'requests.memory': '64Gi' }, { 'requests.cpu': '3', 'requests.memory': '6Gi' }),
    );
    assert.equal(item?.label, 'Resource group: 3 CPU / 16 CPU · 6 GiB / 64 GiB');
    const odd = resourceGroupItem(group({ cpu: '1500m', memory: 'lots' }, { cpu: '500m' }));
    assert.equal(odd?.label, 'Resource group: 0.5 CPU / 1.5 CPU · 0 MiB / lots');
  });

  it('terminates only after the confirmation says yes', async () => {
    await ensureCompute(a, IT, 'notebook', 'ACTIVE');
    const asked: string[] = [];
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.terminate', cref(IT, 'notebook'));
    assert.deepEqual(asked, ['terminate notebook']);
    assert.equal(computeOf(a, IT, 'notebook')!.state, 'ACTIVE');
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.terminate', cref(IT, 'notebook'));
    await until(() => computeOf(a, IT, 'notebook')?.state === 'STOPPED', 60_000, 'notebook STOPPED');
    assert.equal(computeOf(a, IT, 'notebook')!.executors, 'Single node');
  });

  it('terminating a FAILED cluster stops it and clears its executor column', async () => {
    // A cluster of the tests' own whose image does not exist (a copy of the demo's campaigns): started, its driver fails.
    if (!computeOf(a, IT, 'broken')) copyComputeDefinition('marketing', 'campaigns', IT, 'broken');
    const settled = await ensureCompute(a, IT, 'broken', 'STOPPED');
    assert.match(settled.spec?.image ?? '', /-missing$/);
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.compute.start', cref(IT, 'broken'));
    await until(() => computeOf(a, IT, 'broken')?.state === 'FAILED', 90_000, 'broken FAILED');
    a.setConfirmations(answering(true, []));
    await vscode.commands.executeCommand('dataClusters.compute.terminate', cref(IT, 'broken'));
    const c = await until(() => computeOf(a, IT, 'broken')?.state === 'STOPPED' && computeOf(a, IT, 'broken'), 60_000, 'broken STOPPED');
    assert.equal(c.executors, '', 'a cluster whose driver is not running shows no executor text');
    assert.doesNotMatch(String(a.treeItem('compute', IT, 'broken')!.description), /executors/);
  });

  it('starts a STOPPED compute cluster, clearing "Restart required"', async () => {
    await ensureCompute(a, IT, 'reporting', 'STOPPED');
    await vscode.commands.executeCommand('dataClusters.compute.start', cref(IT, 'reporting'));
    const c = await until(
      () => computeOf(a, IT, 'reporting')?.state === 'ACTIVE' && computeOf(a, IT, 'reporting'),
      60_000,
      'reporting ACTIVE',
    );
    assert.equal(c.restartRequired, false);
    assert.equal(a.treeDecoration('compute', IT, 'reporting'), undefined);
  });

  it('refuses Start on an ACTIVE cluster with the reason and a way on, writing nothing', async () => {
    await ensureCompute(a, IT, 'reporting', 'ACTIVE');
    const before = computeOf(a, IT, 'reporting')!.definitionResourceVersion;
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.compute.start', cref(IT, 'reporting'));
    assert.deepEqual(shown, [
      {
        kind: 'error',
        message: 'Cannot start compute cluster reporting: it is ACTIVE.',
        options: ['Show Driver Logs', 'Retry', 'Show Log'],
      },
    ]);
    assert.equal(computeOf(a, IT, 'reporting')!.definitionResourceVersion, before);
  });

  it('asks driver or executor when executors run, and stops following on request', async () => {
    a.setPrompts(recordingPrompts(shown, (s) => (s.kind === 'pick' ? s.options[0] : undefined)));
    await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', cref('analytics', 'sales-etl'));
    assert.equal(shown[0].message, 'Logs of sales-etl: choose an instance');
    assert.equal(shown[0].options[0], '$(server-process) Driver');
    assert.ok(
      shown[0].options.some((o) => /^\$\(server\) sales-etl-.*exec-\d+$/.test(o)),
      shown[0].options.join(', '),
    );
    assert.ok(a.logChannels().includes('Spark driver: sales-etl'));
    await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', cref('analytics', 'sales-etl'));
    assert.ok(!a.logChannels().includes('Spark driver: sales-etl'), a.logChannels().join(','));
  });

  it('restarts only after the confirmation says yes, onto a new driver pod', async () => {
    const before = (await ensureCompute(a, IT, 'notebook', 'ACTIVE')).driverPod;
    const asked: string[] = [];
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.restart', cref(IT, 'notebook'));
    assert.equal(computeOf(a, IT, 'notebook')!.driverPod, before);
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.restart', cref(IT, 'notebook'));
    await until(
      () => computeOf(a, IT, 'notebook')?.state === 'ACTIVE' && computeOf(a, IT, 'notebook')?.driverPod !== before,
      60_000,
      'a new ACTIVE driver',
    );
    assert.deepEqual(asked, ['restart notebook', 'restart notebook']);
  });

  it('starts a Disabled session cluster', async () => {
    await ensureSession(a, 'risk', 'fraud-rules', 'Disabled');
    await vscode.commands.executeCommand('dataClusters.session.start', sref('risk', 'fraud-rules'));
    await until(() => sessionOf(a, 'risk', 'fraud-rules')?.status === 'Running', 60_000, 'fraud-rules Running');
  });

  it('refuses to delete a session cluster that is not Disabled, saying why', async () => {
    await ensureSession(a, 'risk', 'fraud-rules', 'Running');
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.session.delete', sref('risk', 'fraud-rules'));
    assert.deepEqual(asked, ['delete session fraud-rules']);
    assert.deepEqual(shown, [
      { kind: 'error', message: 'Cannot delete session cluster fraud-rules: it is Running.', options: ['Show Logs', 'Retry', 'Show Log'] },
    ]);
    assert.equal(sessionOf(a, 'risk', 'fraud-rules')?.status, 'Running');
  });

  it('disables a session cluster after warning how many running tasks it terminates', async () => {
    // Its own cluster, so the demo's orders-stream stays for the tests that use its tasks: a copy with
    // one running task and one suspended; Disable terminates only the running one.
    copySessionDefinition('streaming', 'orders-stream', IT, 'orders-disable');
    await until(() => sessionOf(a, IT, 'orders-disable'), 30_000, 'orders-disable in the model');
    await ensureSession(a, IT, 'orders-disable', 'Running');
    copyTask('streaming', 'orders-enrich', IT, 'orders-disable', 'enrich-copy', 'running');
    copyTask('streaming', 'orders-enrich', IT, 'orders-disable', 'replay-copy', 'suspended');
    await until(
      () => {
        const states = (a.tasks(IT, 'orders-disable') ?? []).map((t) => `${t.name} ${t.state}`).sort();
        return states.join(',') === 'enrich-copy RUNNING,replay-copy SUSPENDED';
      },
      60_000,
      'one running and one suspended task on orders-disable',
    );
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.session.disable', sref(IT, 'orders-disable'));
    assert.deepEqual(asked, ['disable orders-disable (1 jobs)']);
    await until(() => sessionOf(a, IT, 'orders-disable')?.status === 'Disabled', 60_000, 'Disabled');
    assert.equal(sessionOf(a, IT, 'orders-disable')!.sessionJobs, 0);
  });

  it('finishes an interrupted disable (a week-old marker, as the demo leaves on alerts) with Disable', async () => {
    // The state the test needs, made here: a running session cluster whose definition still carries
    // the marker of a disable that died a week ago (the demo's own alerts may have finished meanwhile).
    await ensureSession(a, 'risk', 'fraud-rules', 'Running');
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    kubectl(
      '-n',
      'risk',
      'annotate',
      'configmap',
      'session.fraud-rules',
      `dataclusters.io/operation=${JSON.stringify({ action: 'disable', user: 'admin', startedAt: weekAgo })}`,
      '--overwrite',
    );
    const stuck = await until(
      () => sessionOf(a, 'risk', 'fraud-rules')?.interrupted?.action === 'disable' && sessionOf(a, 'risk', 'fraud-rules'),
      30_000,
      'the interrupted disable in the model',
    );
    assert.ok(!stuck.operation, 'a week-old marker is not a running action');
    assert.match(String(a.treeItem('session', 'risk', 'fraud-rules')!.contextValue), /\bcan-disable\b/);
    a.setConfirmations(answering(true, []));
    await vscode.commands.executeCommand('dataClusters.session.disable', sref('risk', 'fraud-rules'));
    await until(() => sessionOf(a, 'risk', 'fraud-rules')?.status === 'Disabled', 60_000, 'fraud-rules Disabled');
    assert.equal(sessionOf(a, 'risk', 'fraud-rules')!.interrupted, undefined, 'the marker is cleared');
  });

  it('deletes a Disabled session cluster after the typed confirmation', async () => {
    copySessionDefinition('streaming', 'orders-stream', IT, 'orders-delete');
    await until(() => sessionOf(a, IT, 'orders-delete'), 30_000, 'orders-delete in the model');
    await ensureSession(a, IT, 'orders-delete', 'Disabled');
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.session.delete', sref(IT, 'orders-delete'));
    assert.deepEqual(asked, ['delete session orders-delete']);
    await until(() => !a.treeClusters('session').includes(`${IT}/orders-delete`), 60_000, 'orders-delete gone');
  });

  it('deletes a compute cluster only when its name is typed', async () => {
    copyComputeDefinition(IT, 'reporting', IT, 'doomed');
    await until(() => computeOf(a, IT, 'doomed'), 30_000, 'doomed in the model');
    const asked: string[] = [];
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.delete', cref(IT, 'doomed'));
    assert.ok(computeOf(a, IT, 'doomed'));
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.delete', cref(IT, 'doomed'));
    await until(() => !a.treeClusters('compute').includes(`${IT}/doomed`), 60_000, 'doomed gone from the tree');
    assert.deepEqual(asked, ['delete doomed', 'delete doomed']);
  });
});
