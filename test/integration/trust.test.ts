import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import {
  answering,
  api,
  computeOf,
  ensureCompute,
  kubectl,
  recordingPrompts,
  sessionOf,
  Shown,
  until,
  watchDemo,
  IT,
} from './support/workbench';

const NS = IT;
const ref = (name: string, kind: 'compute' | 'session' = 'compute', namespace = NS) => ({ kind, namespace, name });
const annotation = (name: string, key: string) =>
  kubectl('-n', NS, 'get', 'configmap', `compute.${name}`, '-o', `jsonpath={.metadata.annotations.${key.replace(/\./g, '\\.')}}`);
const driverLines = (lines: readonly string[]) => lines.filter((l) => !l.startsWith('──'));

describe('A core that can be trusted (in VS Code, against the emulator)', function () {
  this.timeout(120_000);
  let a: DataClustersApi;
  let shown: Shown[];

  before(async () => {
    a = await api();
    await watchDemo(a);
  });
  beforeEach(async () => {
    shown = [];
    // A test that switched contexts leaves a new connection behind: wait for it as a user would.
    await watchDemo(a);
  });
  afterEach(() => {
    a.setPrompts(undefined);
    a.setConfirmations(undefined);
  });

  it('offers from the palette only the clusters whose state allows the action', async () => {
    await ensureCompute(a, NS, 'reporting', 'STOPPED');
    await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.compute.terminate');
    await vscode.commands.executeCommand('dataClusters.compute.start');
    const [terminate, start] = shown.filter((s) => s.kind === 'pick');
    const names = (s: Shown) => s.options.map((o) => o.replace(/^\$\([^)]*\) /, ''));
    assert.match(terminate.message, /compute cluster to terminate/);
    assert.ok(names(terminate).includes('notebook') && !names(terminate).includes('reporting'), terminate.options.join(', '));
    assert.ok(names(start).includes('reporting') && !names(start).includes('notebook'), start.options.join(', '));
  });

  it('offers Open Details on every cluster of both kinds, and Show Start/Stop Logs on every session cluster', async () => {
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.openDetails');
    await vscode.commands.executeCommand('dataClusters.session.showLogs');
    const [details, logs] = shown.filter((s) => s.kind === 'pick');
    const model = a.model()!;
    const all = [...model.computeClusters(), ...model.sessionClusters()].map((c) => c.name).sort();
    assert.deepEqual(details.options.map((o) => o.replace(/^\$\([^)]*\) /, '')).sort(), all);
    assert.deepEqual(
      logs.options.map((o) => o.replace(/^\$\([^)]*\) /, '')).sort(),
      model
        .sessionClusters()
        .map((c) => c.name)
        .sort(),
    );
  });

  it('refuses an action the state does not allow with a message that says why, and Retry asks again', async () => {
    await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    const before = computeOf(a, NS, 'notebook')!.definitionResourceVersion;
    let retried = false;
    a.setPrompts(recordingPrompts(shown, (s) => (s.kind === 'error' && !retried ? ((retried = true), 'Retry') : undefined)));
    await vscode.commands.executeCommand('dataClusters.compute.start', ref('notebook'));
    const errors = await until(() => {
      const e = shown.filter((s) => s.kind === 'error');
      return e.length >= 2 && e;
    });
    assert.equal(errors[0].message, 'Cannot start compute cluster notebook: it is ACTIVE.');
    assert.deepEqual(errors[0].options, ['Show Driver Logs', 'Retry', 'Show Log']);
    assert.equal(errors[1].message, errors[0].message, 'Retry ran the command again');
    assert.equal(computeOf(a, NS, 'notebook')!.definitionResourceVersion, before, 'nothing was written');
  });

  it('shows an action that died as interrupted, offers actions again, and the next action takes over', async () => {
    await ensureCompute(a, NS, 'reporting', 'STOPPED');
    const dead = {
      action: 'restart',
      user: 'someone',
      startedAt: '2026-11-22T08:30:00Z',
      heartbeatAt: '2026-11-22T08:30:00Z',
      holder: 'gone',
    };
    kubectl('-n', NS, 'annotate', '--overwrite', 'configmap', 'compute.reporting', `dataclusters.io/operation=${JSON.stringify(dead)}`);
    const item = await until(() => {
      const i = a.treeItem('compute', NS, 'reporting');
      return String(i?.description).includes('interrupted') && i;
    });
    assert.equal(String(item.description).split(' · ')[0], 'STOPPED (interrupted: Restart by someone at 2026-11-22T08:30:00Z)');
    assert.match(String(item.contextValue), /\bcan-start\b/);
    a.setPrompts(recordingPrompts(shown));
    await vscode.commands.executeCommand('dataClusters.compute.start', ref('reporting'));
    assert.deepEqual(
      shown.map((s) => `${s.kind}: ${s.message}`),
      ['info: Compute cluster reporting started.'],
    );
    assert.equal(annotation('reporting', 'dataclusters.io/operation'), '', 'the marker was cleared');
    await until(() => computeOf(a, NS, 'reporting')?.state === 'ACTIVE', 60_000, 'reporting ACTIVE');
  });

  it('offers nothing that changes a cluster while another window runs an action on it, and says who', async () => {
    await ensureCompute(a, NS, 'reporting', 'STOPPED');
    const live = {
      action: 'start',
      user: 'colleague@example.com',
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      holder: 'other-window',
    };
    kubectl('-n', NS, 'annotate', '--overwrite', 'configmap', 'compute.reporting', `dataclusters.io/operation=${JSON.stringify(live)}`);
    try {
      const item = await until(() => {
        const i = a.treeItem('compute', NS, 'reporting');
        return String(i?.description).startsWith('STOPPED (Start…)') && i;
      });
      assert.doesNotMatch(String(item.contextValue), /\bcan-(start|configure|delete)\b/);
      assert.match(String(item.contextValue), /\bcan-openDetails\b/);
      a.setPrompts(recordingPrompts(shown));
      await vscode.commands.executeCommand('dataClusters.compute.start', ref('reporting'));
      const error = await until(() => shown.find((s) => s.kind === 'error'));
      assert.equal(error.message, 'Cannot start compute cluster reporting: start by colleague@example.com is in progress.');
    } finally {
      kubectl('-n', NS, 'annotate', 'configmap', 'compute.reporting', 'dataclusters.io/operation-');
    }
  });

  it('escapes cluster strings in tooltips', async () => {
    const cm = JSON.parse(kubectl('-n', NS, 'get', 'configmap', 'compute.reporting', '-o', 'json'));
    const original = cm.data['spec.json'];
    const spec = { ...JSON.parse(original), description: '<img src=x onerror=alert(1)> **bold** [link](command:workbench.action.quit)' };
    kubectl(
      '-n',
      NS,
      'patch',
      'configmap',
      'compute.reporting',
      '--type',
      'merge',
      '-p',
      JSON.stringify({ data: { 'spec.json': JSON.stringify(spec) } }),
    );
    try {
      const tooltip = await until(() => {
        const t = a.treeItem('compute', NS, 'reporting')?.tooltip as vscode.MarkdownString | undefined;
        return t?.value.includes('onerror') && t;
      });
      assert.equal(tooltip.supportHtml, false);
      assert.equal(tooltip.isTrusted, false);
      assert.ok(tooltip.value.includes('\\*\\*bold\\*\\*'), tooltip.value);
      assert.ok(tooltip.value.includes('\\[link\\]\\(command:workbench.action.quit\\)'), 'no link is made of a cluster string');
      assert.ok(tooltip.value.includes('onerror=alert\\(1\\)\\>'), tooltip.value);
    } finally {
      kubectl(
        '-n',
        NS,
        'patch',
        'configmap',
        'compute.reporting',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { 'spec.json': original } }),
      );
    }
  });

  it('marks a cluster whose configuration is newer than its workload with the amber Restart required', async () => {
    const c = await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    assert.equal(a.treeDecoration('compute', NS, 'notebook'), undefined);
    kubectl('-n', NS, 'annotate', '--overwrite', 'configmap', 'compute.notebook', `dataclusters.io/generation=${c.generation + 1}`);
    try {
      const decoration = await until(() => a.treeDecoration('compute', NS, 'notebook'));
      assert.equal(decoration.badge, 'R');
      assert.equal(decoration.tooltip, 'Restart required');
      assert.equal((decoration.color as vscode.ThemeColor).id, 'list.warningForeground');
      assert.match(String(a.treeItem('compute', NS, 'notebook')!.description), /Restart required$/);
    } finally {
      kubectl('-n', NS, 'annotate', '--overwrite', 'configmap', 'compute.notebook', `dataclusters.io/generation=${c.generation}`);
    }
    await until(() => !a.treeDecoration('compute', NS, 'notebook'), 20_000, 'the badge gone');
  });

  it('gates menus by permission: a viewer is not offered Terminate, and the tooltip says why', async () => {
    // The viewer may read the demo namespaces, not change them.
    await until(() => computeOf(a, 'analytics', 'notebook')?.state === 'ACTIVE', 60_000, 'analytics/notebook ACTIVE');
    const config = vscode.workspace.getConfiguration('dataClusters');
    await config.update('context', 'emulator-viewer', vscode.ConfigurationTarget.Global);
    try {
      const item = await until(() => {
        const i = a.treeItem('compute', 'analytics', 'notebook');
        return i && /Not offered/.test((i.tooltip as vscode.MarkdownString).value) && i;
      }, 30_000);
      assert.doesNotMatch(String(item.contextValue), /\bcan-(terminate|restart|delete)\b/);
      assert.match(String(item.contextValue), /\bcan-showDriverLogs\b/);
      // Markdown's appendText keeps spaces as &nbsp; and escapes punctuation: read it as a user would.
      const text = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.match(text, /Not offered:\*\* You may not patch deployments in analytics\./);
    } finally {
      await config.update('context', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(
      () => /\bcan-terminate\b/.test(String(a.treeItem('compute', 'analytics', 'notebook')?.contextValue)),
      30_000,
      'admin menus back',
    );
  });

  it('reuses one Start/Stop Logs channel per session cluster', async () => {
    const name = a.model()!.sessionClusters()[0].name;
    const ns = a.model()!.sessionClusters()[0].namespace;
    await vscode.commands.executeCommand('dataClusters.session.showLogs', ref(name, 'session', ns));
    await vscode.commands.executeCommand('dataClusters.session.showLogs', ref(name, 'session', ns));
    assert.equal(a.activityChannels().filter((t) => t === `Session cluster: ${name}`).length, 1);
    assert.ok(sessionOf(a, ns, name));
  });

  it('streams real driver lines into the channel, and Download saves what the channel shows', async () => {
    await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref('notebook'));
    const lines = await until(() => {
      const l = a.logLines('Spark driver: notebook');
      return l?.some((x) => / INFO (SparkContext|HiveThriftServer2|SparkExecuteStatementOperation|BlockManagerInfo)/.test(x)) && l;
    });
    assert.ok(driverLines(lines).length > 0);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-download-')), 'spark-driver-logs.txt');
    a.setPrompts(recordingPrompts(shown, undefined, file));
    await vscode.commands.executeCommand('dataClusters.compute.downloadDriverLogs', ref('notebook'));
    const saved = fs.readFileSync(file, 'utf8').split('\n');
    for (const l of driverLines(lines).slice(0, 5)) assert.ok(saved.includes(l), `saved: ${l}`);
    assert.match(shown.find((s) => s.kind === 'info')!.message, /^Saved \d+ lines to /);
    await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', ref('notebook'));
  });

  it('shows only the logTailLines last lines when a log opens', async () => {
    const c = await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    const config = vscode.workspace.getConfiguration('dataClusters');
    await config.update('logTailLines', 3, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', ref('notebook'));
      await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref('notebook'));
      const first = await until(() => driverLines(a.logLines('Spark driver: notebook') ?? [])[0]);
      const whole = kubectl('-n', NS, 'logs', c.driverPod!).trimEnd().split('\n');
      const at = whole.indexOf(first);
      assert.ok(whole.length > 6, 'the log is longer than the tail');
      assert.ok(at >= whole.length - 6, `the first line shown is among the last ones (${at} of ${whole.length}), not the whole log`);
    } finally {
      await config.update('logTailLines', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', ref('notebook'));
    }
  });

  it('pauses a hidden log and, shown again, goes on with the lines printed meanwhile, none twice', async () => {
    const c = await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    const title = 'Spark driver: notebook';
    const config = vscode.workspace.getConfiguration('dataClusters');
    await config.update('logPauseWhenHiddenSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref('notebook'));
      await until(() => a.logFollowing(title) === true && driverLines(a.logLines(title) ?? []).length > 0, 20_000, 'following');
      // Hiding counts only once the user has seen the channel in the Output view.
      await until(
        () =>
          vscode.window.visibleTextEditors.some(
            (e) => e.document.uri.scheme === 'output' && decodeURIComponent(e.document.uri.toString()).includes(title),
          ),
        20_000,
        'the log channel in view',
      );
      await vscode.commands.executeCommand('dataClusters.showOutput');
      await until(() => a.logFollowing(title) === false, 20_000, 'paused while hidden');
      const last = driverLines(a.logLines(title)!).at(-1)!;
      // The driver goes on printing while nobody follows it.
      await until(
        () => {
          const whole = kubectl('-n', NS, 'logs', c.driverPod!).trimEnd().split('\n');
          return whole.length - 1 - whole.lastIndexOf(last) >= 2;
        },
        60_000,
        'lines printed while paused',
      );
      await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref('notebook'));
      await until(() => a.logFollowing(title) === true, 20_000, 'resumed');
      await until(
        () => driverLines(a.logLines(title)!).length - driverLines(a.logLines(title)!).lastIndexOf(last) > 2,
        20_000,
        'missed lines',
      );
      const channel = driverLines(a.logLines(title)!);
      const whole = kubectl('-n', NS, 'logs', c.driverPod!).trimEnd().split('\n');
      const start = whole.indexOf(channel[0]);
      assert.ok(start >= 0);
      assert.deepEqual(channel, whole.slice(start, start + channel.length), 'the channel is the log, in order, with no gap or repeat');
      assert.ok(a.logLines(title)!.some((l) => l.startsWith('── Resumed following')));
    } finally {
      await config.update('logPauseWhenHiddenSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', ref('notebook'));
    }
  });

  it('follows the new driver after a restart', async () => {
    const c = await ensureCompute(a, NS, 'notebook', 'ACTIVE');
    const title = 'Spark driver: notebook';
    await vscode.commands.executeCommand('dataClusters.compute.showDriverLogs', ref('notebook'));
    await until(() => driverLines(a.logLines(title) ?? []).length > 0, 20_000, 'first lines');
    a.setConfirmations(answering(true, []));
    await vscode.commands.executeCommand('dataClusters.compute.restart', ref('notebook'));
    const next = await until(() => {
      const now = computeOf(a, NS, 'notebook');
      return now?.state === 'ACTIVE' && now.driverPod !== c.driverPod && now.driverPod;
    }, 60_000);
    const lines = await until(() => {
      const l = a.logLines(title)!;
      const at = l.findIndex((x) => x === `── Driver restarted: following ${next} ──`);
      return at >= 0 && l.slice(at).some((x) => /Running Spark version/.test(x)) && l;
    }, 60_000);
    assert.ok(lines.length > 0);
    await vscode.commands.executeCommand('dataClusters.compute.stopDriverLogs', ref('notebook'));
  });
});
