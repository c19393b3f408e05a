import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import type { ComputeCluster, SessionCluster } from '../../src/clusters/clusterModel';
import type { Confirmations } from '../../src/commands/confirmations';

const EXTENSION_ID = 'dataclusters.data-clusters';
const DEMO = ['analytics', 'streaming', 'marketing', 'risk', 'research', 'ops'];

async function api(): Promise<DataClustersApi> {
  return vscode.extensions.getExtension<DataClustersApi>(EXTENSION_ID)!.activate();
}

async function until<T>(fn: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Answers every confirmation with `answer`, recording what was asked. */
function answering(answer: boolean, asked: string[]): Confirmations {
  return {
    terminate: async (n) => (asked.push(`terminate ${n}`), answer),
    restart: async (n) => (asked.push(`restart ${n}`), answer),
    deleteCompute: async (n) => (asked.push(`delete ${n}`), answer),
    deleteSession: async (n) => (asked.push(`delete session ${n}`), answer),
    disable: async (n, jobs) => (asked.push(`disable ${n} (${jobs} jobs)`), answer),
  };
}

describe('Cluster views and commands (against the emulator)', function () {
  this.timeout(60_000);
  let a: DataClustersApi;
  const compute = (ns: string, name: string) => a.model()?.get('compute', ns, name) as ComputeCluster | undefined;
  const session = (ns: string, name: string) => a.model()?.get('session', ns, name) as SessionCluster | undefined;

  before(async () => {
    a = await api();
    await vscode.workspace.getConfiguration('dataClusters').update('namespaces', DEMO, vscode.ConfigurationTarget.Global);
    await until(() => a.health()?.kind === 'ready' && a.treeClusters('compute').length >= 6, 30_000, 'the demo clusters in the tree');
  });
  after(async () => {
    a.setConfirmations(undefined);
    await vscode.workspace.getConfiguration('dataClusters').update('namespaces', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists both kinds from every watched namespace', () => {
    assert.deepEqual(a.namespaces(), DEMO);
    for (const c of ['analytics/sales-etl', 'analytics/reporting', 'analytics/notebook', 'marketing/campaigns'])
      assert.ok(a.treeClusters('compute').includes(c), c);
    for (const c of ['streaming/orders-stream', 'research/clickstream', 'risk/fraud-rules', 'marketing/attribution', 'ops/alerts'])
      assert.ok(a.treeClusters('session').includes(c), c);
  });

  it('terminates (here a FAILED cluster) only after the confirmation says yes', async () => {
    await until(() => compute('analytics', 'ml-features')?.state === 'FAILED', 30_000, 'ml-features FAILED');
    const asked: string[] = [];
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.terminate', {
      kind: 'compute',
      namespace: 'analytics',
      name: 'ml-features',
    });
    assert.deepEqual(asked, ['terminate ml-features']);
    assert.equal(compute('analytics', 'ml-features')!.state, 'FAILED');
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.terminate', {
      kind: 'compute',
      namespace: 'analytics',
      name: 'ml-features',
    });
    await until(() => compute('analytics', 'ml-features')?.state === 'STOPPED', 30_000, 'ml-features STOPPED');
  });

  it('starts a STOPPED compute cluster in the room that freed, clearing "Restart required"', async () => {
    assert.equal(compute('analytics', 'reporting')?.restartRequired, true);
    await vscode.commands.executeCommand('dataClusters.compute.start', { kind: 'compute', namespace: 'analytics', name: 'reporting' });
    const c = await until(
      () => compute('analytics', 'reporting')?.state === 'ACTIVE' && compute('analytics', 'reporting'),
      30_000,
      'reporting ACTIVE',
    );
    assert.equal(c.restartRequired, false);
  });

  it('refuses Start on an ACTIVE cluster, changing nothing', async () => {
    const before = compute('analytics', 'reporting')!.definitionResourceVersion;
    await vscode.commands.executeCommand('dataClusters.compute.start', { kind: 'compute', namespace: 'analytics', name: 'reporting' });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(compute('analytics', 'reporting')!.state, 'ACTIVE');
    assert.equal(compute('analytics', 'reporting')!.definitionResourceVersion, before);
  });

  it('opens a driver log channel that follows the driver', async () => {
    await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', {
      kind: 'compute',
      namespace: 'analytics',
      name: 'notebook',
    });
    assert.ok(a.logChannels().includes('Spark driver: notebook'), a.logChannels().join(','));
  });

  it('pauses a driver log hidden past the grace period, and resumes it when shown', async () => {
    await vscode.workspace.getConfiguration('dataClusters').update('logPauseWhenHiddenSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', {
        kind: 'compute',
        namespace: 'analytics',
        name: 'notebook',
      });
      await until(
        () =>
          vscode.window.visibleTextEditors.some(
            (e) => e.document.uri.scheme === 'output' && decodeURIComponent(e.document.uri.toString()).includes('Spark driver: notebook'),
          ),
        10_000,
        'the log channel in view',
      );
      assert.equal(a.logFollowing('Spark driver: notebook'), true);
      // Another channel takes the Output view.
      await vscode.commands.executeCommand('dataClusters.showOutput');
      await until(() => a.logFollowing('Spark driver: notebook') === false, 10_000, 'paused while hidden');
      await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', {
        kind: 'compute',
        namespace: 'analytics',
        name: 'notebook',
      });
      await until(() => a.logFollowing('Spark driver: notebook') === true, 10_000, 'resumed when shown');
    } finally {
      await vscode.workspace
        .getConfiguration('dataClusters')
        .update('logPauseWhenHiddenSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('stops following a driver log on request, closing its stream', async () => {
    await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', {
      kind: 'compute',
      namespace: 'analytics',
      name: 'notebook',
    });
    assert.ok(!a.logChannels().includes('Spark driver: notebook'), a.logChannels().join(','));
  });

  it('restarts only after the confirmation says yes, onto a new driver pod', async () => {
    const asked: string[] = [];
    await until(() => compute('analytics', 'notebook')?.state === 'ACTIVE' && !compute('analytics', 'notebook')?.operation, 30_000);
    const before = compute('analytics', 'notebook')!.driverPod;
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.restart', { kind: 'compute', namespace: 'analytics', name: 'notebook' });
    assert.equal(compute('analytics', 'notebook')!.driverPod, before);
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.restart', { kind: 'compute', namespace: 'analytics', name: 'notebook' });
    await until(
      () => compute('analytics', 'notebook')?.state === 'ACTIVE' && compute('analytics', 'notebook')?.driverPod !== before,
      30_000,
      'a new ACTIVE driver',
    );
    assert.deepEqual(asked, ['restart notebook', 'restart notebook']);
  });

  it('starts a Disabled session cluster', async () => {
    await vscode.commands.executeCommand('dataClusters.session.start', { kind: 'session', namespace: 'risk', name: 'fraud-rules' });
    await until(() => session('risk', 'fraud-rules')?.status === 'Running', 30_000, 'fraud-rules Running');
  });

  it('refuses to delete a session cluster that is not Disabled', async () => {
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.session.delete', { kind: 'session', namespace: 'risk', name: 'fraud-rules' });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(session('risk', 'fraud-rules'));
  });

  it('disables a session cluster after warning how many jobs it terminates', async () => {
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    await until(() => session('streaming', 'orders-stream')?.status === 'Running', 30_000);
    await vscode.commands.executeCommand('dataClusters.session.disable', {
      kind: 'session',
      namespace: 'streaming',
      name: 'orders-stream',
    });
    assert.deepEqual(asked, ['disable orders-stream (2 jobs)']);
    await until(() => session('streaming', 'orders-stream')?.status === 'Disabled', 30_000, 'Disabled');
    assert.equal(session('streaming', 'orders-stream')!.sessionJobs, 0);
  });

  it('deletes a Disabled session cluster after the typed confirmation', async () => {
    const asked: string[] = [];
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.session.delete', { kind: 'session', namespace: 'streaming', name: 'orders-stream' });
    assert.deepEqual(asked, ['delete session orders-stream']);
    await until(() => !a.treeClusters('session').includes('streaming/orders-stream'), 30_000, 'orders-stream gone');
  });

  it('deletes a compute cluster only when its name is typed', async () => {
    const asked: string[] = [];
    a.setConfirmations(answering(false, asked));
    await vscode.commands.executeCommand('dataClusters.compute.delete', { kind: 'compute', namespace: 'analytics', name: 'reporting' });
    assert.ok(compute('analytics', 'reporting'));
    a.setConfirmations(answering(true, asked));
    await vscode.commands.executeCommand('dataClusters.compute.delete', { kind: 'compute', namespace: 'analytics', name: 'reporting' });
    await until(() => !a.treeClusters('compute').includes('analytics/reporting'), 30_000, 'reporting gone from the tree');
    assert.deepEqual(asked, ['delete reporting', 'delete reporting']);
  });
});
