import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DataClustersApi } from '../../src/api';
import type { FlinkTask } from '../../src/clusters/session/tasks/taskTypes';
import type { InputStep, PickStep, StepAnswer, WizardUi } from '../../src/commands/tasks/wizardUi';
import { api, ensureSession, recordingPrompts, sessionOf, Shown, until, watchDemo } from './support/workbench';

const NS = 'streaming';
const CLUSTER = 'orders-stream';
const ENTRY = 'org.example.WordCount';

type Step = { kind: 'pick'; step: PickStep<unknown> } | { kind: 'input'; step: InputStep };

/**
 * Answers the Run Task wizard as a user would: the cluster by name, the entry class typed when the
 * jar shows none, the rest as offered. Records every step (and the message when it cannot start).
 */
function wizardAnswering(cluster: string, steps: Step[], messages: string[]): WizardUi {
  return {
    pick: async <T>(step: PickStep<T>): Promise<StepAnswer<T>> => {
      steps.push({ kind: 'pick', step: step as PickStep<unknown> });
      if (step.validationMessage) return undefined;
      const byLabel = step.items.find((i) => i.label === cluster && !i.disabled);
      if (byLabel) return { value: byLabel.value };
      if (/class/i.test(step.placeholder)) {
        const offered = step.items.find((i) => i.value === ENTRY);
        return { value: offered ? offered.value : step.freeText!.value(ENTRY) };
      }
      return { value: step.active as T };
    },
    input: async (step) => {
      steps.push({ kind: 'input', step });
      return step.validationMessage ? undefined : { value: step.value };
    },
    message: (text) => void messages.push(text),
  };
}

/** A jar in the workspace whose manifest, stored uncompressed, names its main class. */
async function workspaceJar(name: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, 'jobs', name);
  const manifest = `Manifest-Version: 1.0\r\nMain-Class: ${ENTRY}\r\n\r\n`;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`PK\u0003\u0004META-INF/MANIFEST.MF\n${manifest}`, 'latin1'));
  return uri;
}

describe('Tasks on a session cluster (in VS Code, against the emulator)', function () {
  this.timeout(180_000);
  let a: DataClustersApi;
  let shown: Shown[];
  let steps: Step[];
  let messages: string[];

  before(async () => {
    a = await api();
    await watchDemo(a);
    await ensureSession(a, NS, CLUSTER, 'Running');
  });
  beforeEach(() => {
    shown = [];
    steps = [];
    messages = [];
  });
  afterEach(() => {
    a.setPrompts(undefined);
    a.setTaskWizardUi(undefined);
    a.setConfirmations(undefined);
  });

  it('refuses a user who may not run tasks, saying why, before asking anything else', async () => {
    const config = vscode.workspace.getConfiguration('dataClusters');
    await config.update('context', 'emulator-viewer', vscode.ConfigurationTarget.Global);
    try {
      await until(() => a.health()?.kind === 'ready' && sessionOf(a, NS, CLUSTER)?.status === 'Running', 30_000, 'the viewer connected');
      // The viewer's rights are reviewed after the first lists: wait until the tree says what it may not do.
      await until(() => /Not offered/.test(String((a.treeItem('session', NS, CLUSTER)?.tooltip as vscode.MarkdownString)?.value)), 30_000);
      a.setPrompts(recordingPrompts(shown));
      a.setTaskWizardUi(wizardAnswering(CLUSTER, steps, messages));
      const result = await vscode.commands.executeCommand('dataClusters.runTask', await workspaceJar('refused-1.0.jar'));
      assert.equal(result, undefined);
      assert.deepEqual(steps, [], 'no step was shown');
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0], /^You may not run tasks on any Running session cluster: .*orders-stream/);
      assert.deepEqual(
        shown.filter((s) => s.kind === 'error'),
        [],
      );
    } finally {
      await config.update('context', undefined, vscode.ConfigurationTarget.Global);
    }
    await watchDemo(a);
  });

  describe('the loop: run, stop with a savepoint, run again from it', function () {
    /** The jobs a test started, cancelled after it so the next finds the cluster's slots free. */
    let started: FlinkTask[];

    before(() => assert.ok(a.hasTaskService(), 'the connection has a task service'));
    beforeEach(() => (started = []));
    afterEach(async () => {
      a.setPrompts(recordingPrompts([]));
      for (const t of started) {
        const now = a.tasks(NS, CLUSTER)?.find((x) => x.jobId === t.jobId);
        if (now && now.state === 'RUNNING') await vscode.commands.executeCommand('dataClusters.cancelTask', now.key);
      }
    });

    /** Runs a workspace jar through the wizard and waits for its job RUNNING in the list. */
    async function runJar(jarName: string): Promise<FlinkTask> {
      a.setPrompts(recordingPrompts(shown));
      a.setTaskWizardUi(wizardAnswering(CLUSTER, steps, messages));
      const task = await vscode.commands.executeCommand<FlinkTask>('dataClusters.runTask', await workspaceJar(jarName));
      assert.ok(task, `the run answered its task (${[...messages, ...shown.map((s) => s.message)].join(' | ')})`);
      started.push(task);
      await until(() => a.tasks(NS, CLUSTER)?.find((t) => t.jobId === task.jobId && t.state === 'RUNNING'), 60_000, 'the task RUNNING');
      return task;
    }

    it('runs a workspace jar through the wizard; the task appears, RUNNING, and the user is told', async () => {
      const task = await runJar('word-count-1.0.jar');
      assert.equal(task.name, 'word-count');
      assert.deepEqual(
        steps.map((s) => `${s.step.step}/${s.step.totalSteps}`),
        ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6'],
      );
      assert.match((steps[3].step as InputStep).prompt, /^Parallelism: \d+ of \d+ slots free on orders-stream\.$/);
      assert.equal(a.taskRuns()[0]?.name, 'word-count', 'the run is remembered');
      const listed = a.tasks(NS, CLUSTER)!.find((t) => t.jobId === task.jobId)!;
      assert.equal(listed.runName, 'word-count');
      await until(() => shown.find((s) => s.kind === 'info' && s.message === 'Task word-count is running on orders-stream.'));
      assert.deepEqual(shown.find((s) => s.message.startsWith('Task word-count is running'))?.options, ['Open Task', 'Show Output']);
    });

    it('stops it with a savepoint, then Run Again restores from that savepoint in one action', async () => {
      const task = await runJar('stop-and-again-1.0.jar');
      shown.length = 0;
      const location = await vscode.commands.executeCommand<string>('dataClusters.stopTask', task.key);
      assert.ok(location, `a savepoint location (${shown.map((s) => s.message).join(' | ')})`);
      assert.ok(
        shown.some((s) => s.kind === 'info' && s.message === `Task stop-and-again stopped with a savepoint at ${location}.`),
        shown.map((s) => s.message).join(' | '),
      );
      await until(() => a.tasks(NS, CLUSTER)?.find((t) => t.jobId === task.jobId && t.state !== 'RUNNING'), 60_000, 'the old job stopped');

      const again = (await vscode.commands.executeCommand<FlinkTask>('dataClusters.runTaskAgain', task.key))!;
      assert.ok(again, shown.map((s) => s.message).join(' | '));
      started.push(again);
      assert.notEqual(again.jobId, task.jobId, 'a new job');
      assert.equal(again.runName ?? 'stop-and-again', 'stop-and-again');
      await until(() => a.tasks(NS, CLUSTER)?.find((t) => t.jobId === again.jobId && t.state === 'RUNNING'), 60_000, 'the new job RUNNING');
    });

    it('refuses an action the task does not allow, with the reason', async () => {
      const task = await runJar('refuse-resume-1.0.jar');
      shown.length = 0;
      await vscode.commands.executeCommand('dataClusters.resumeTask', task.key);
      const error = await until(() => shown.find((s) => s.kind === 'error'));
      assert.equal(error.message, 'Only tasks the operator runs for a FlinkSessionJob can be resumed; run it again instead.');
      await vscode.commands.executeCommand('dataClusters.cancelTask', task.key);
      await until(() => a.tasks(NS, CLUSTER)?.find((t) => t.jobId === task.jobId && t.state === 'CANCELED'), 60_000, 'cancelled');
    });
  });
});
