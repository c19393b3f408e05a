import * as assert from 'node:assert/strict';
import type { TaskRunParams } from '../../../src/clusters/session/tasks/taskTypes';
import { ClusterChoice, RunWizardInput, runTaskWizard } from '../../../src/commands/tasks/runTaskWizard';
import type { InputStep, PickStep, StepAnswer, WizardUi } from '../../../src/commands/tasks/wizardUi';

type Shown = { kind: 'pick'; step: PickStep<unknown> } | { kind: 'input'; step: InputStep };
type Answer = (s: Shown) => StepAnswer<unknown>;

/** A WizardUi answering each step from a script, recording what every step showed. */
function scripted(answers: Answer[]): WizardUi & { shown: Shown[]; messages: string[] } {
  const shown: Shown[] = [];
  const messages: string[] = [];
  const next = (s: Shown): StepAnswer<unknown> => {
    shown.push(s);
    const answer = answers.shift();
    if (!answer) throw new Error(`no answer scripted for step ${s.step.step}: ${s.step.title}`);
    return answer(s);
  };
  return {
    shown,
    messages,
    pick: async <T>(step: PickStep<T>) => next({ kind: 'pick', step: step as PickStep<unknown> }) as StepAnswer<T>,
    input: async (step: InputStep) => next({ kind: 'input', step }) as StepAnswer<string>,
    message: (text) => void messages.push(text),
  };
}

/** Answers with the item whose label is `label`. */
const choose =
  (label: string): Answer =>
  (s) => {
    assert.equal(s.kind, 'pick');
    const item = (s.step as PickStep<unknown>).items.find((i) => i.label === label);
    assert.ok(item, `item ${label} among ${(s.step as PickStep<unknown>).items.map((i) => i.label).join(', ')}`);
    return { value: item.value };
  };
const typeText =
  (text: string): Answer =>
  (s) => {
    if (s.kind === 'pick') {
      assert.ok(s.step.freeText, 'the pick takes free text');
      return { value: s.step.freeText.value(text) };
    }
    return { value: text };
  };
const accept: Answer = (s) => (s.kind === 'input' ? { value: s.step.value } : { value: s.step.active });
const back: Answer = () => 'back';
const escape: Answer = () => undefined;

const RUNNING: ClusterChoice = { namespace: 'research', cluster: 'clickstream', status: 'Running' };
const DENIED: ClusterChoice = {
  namespace: 'ops',
  cluster: 'alerts',
  status: 'Running',
  refusal: 'Only the owner (ana) or an administrator of ops may run tasks.',
};
const STOPPED: ClusterChoice = { namespace: 'marketing', cluster: 'attribution', status: 'Disabled', refusal: 'attribution is Disabled.' };

function input(over: Partial<RunWizardInput> = {}): RunWizardInput {
  return {
    source: { kind: 'jar', path: '/ws/jobs/target/fraud-detection-1.2-SNAPSHOT.jar' },
    clusters: [STOPPED, DENIED, RUNNING],
    slots: async () => ({ total: 8, free: 3 }),
    jar: async () => ({ mainClass: 'com.example.FraudJob', classesWithMain: ['com.example.FraudJob', 'com.example.Backfill'] }),
    runs: [],
    lastSavepoint: () => undefined,
    ...over,
  };
}

describe('Run Task wizard', () => {
  it('walks the steps with defaults from the jar and answers the run parameters', async () => {
    const ui = scripted([choose('clickstream'), accept, accept, accept, typeText(`--window "5 minutes" --name 'a b'`), accept]);
    const result = await runTaskWizard(ui, input());
    assert.ok('params' in result);
    assert.deepEqual(result.params, {
      namespace: 'research',
      cluster: 'clickstream',
      name: 'fraud-detection',
      source: { kind: 'jar', path: '/ws/jobs/target/fraud-detection-1.2-SNAPSHOT.jar' },
      entryClass: 'com.example.FraudJob',
      args: ['--window', '5 minutes', '--name', 'a b'],
      parallelism: 1,
      savepointPath: undefined,
      allowNonRestoredState: undefined,
    } satisfies TaskRunParams);
    assert.deepEqual(
      ui.shown.map((s) => `${s.step.step}/${s.step.totalSteps}`),
      ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6'],
    );
  });

  it('shows clusters it cannot run on disabled with their reason, and refuses them inline', async () => {
    const ui = scripted([choose('alerts'), choose('clickstream'), escape]);
    await runTaskWizard(ui, input());
    const first = ui.shown[0].step as PickStep<unknown>;
    assert.equal(first.items[0].label, 'clickstream', 'the cluster it can run on comes first');
    assert.equal(first.items.find((i) => i.label === 'alerts')?.disabled, DENIED.refusal);
    assert.equal(first.items.find((i) => i.label === 'attribution')?.detail, STOPPED.refusal);
    assert.equal(ui.shown[1].step.step, 1, 'a refused cluster keeps the wizard on its step');
    assert.equal(ui.shown[1].step.validationMessage, DENIED.refusal);
    assert.equal(ui.shown[2].step.step, 2);
  });

  it('says why when no cluster can be run on, without opening a step', async () => {
    const ui = scripted([]);
    const none = await runTaskWizard(ui, input({ clusters: [STOPPED] }));
    assert.ok('cancelled' in none);
    assert.deepEqual(ui.messages, ['No session cluster is Running. Start one, then run the task.']);
    const denied = scripted([]);
    await runTaskWizard(denied, input({ clusters: [STOPPED, DENIED] }));
    assert.match(denied.messages[0], /may not run tasks on any Running session cluster: Only the owner \(ana\)/);
  });

  it('skips the cluster step when invoked on a cluster it can run on', async () => {
    const ui = scripted([accept, accept, accept, accept, accept]);
    const result = await runTaskWizard(ui, input({ preselected: { namespace: 'research', cluster: 'clickstream' } }));
    assert.ok('params' in result);
    assert.equal(result.params.cluster, 'clickstream');
    assert.equal(ui.shown[0].step.totalSteps, 5);
  });

  it('checks the name inline: DNS-1123, and unique in the workspace unless it is the same run', async () => {
    const other: TaskRunParams = {
      namespace: 'research',
      cluster: 'clickstream',
      name: 'fraud-detection',
      source: { kind: 'jar', path: '/ws/other.jar' },
      args: [],
    };
    const ui = scripted([choose('clickstream'), typeText('Fraud_Job'), typeText('fraud-detection'), typeText('fraud-job'), escape]);
    await runTaskWizard(ui, input({ runs: [other] }));
    const name = ui.shown[1].step as InputStep;
    assert.equal(name.value, 'fraud-detection-2', 'the default steps around a name another run holds');
    assert.match(ui.shown[2].step.validationMessage ?? '', /DNS-1123/);
    assert.match(ui.shown[3].step.validationMessage ?? '', /already has a task named fraud-detection/);
    assert.equal((ui.shown[3].step as InputStep).value, 'fraud-detection', 'the refused text stays for correcting');
    assert.equal(ui.shown[4].step.step, 3);

    const same = { ...other, source: input().source };
    const reuse = scripted([choose('clickstream'), typeText('fraud-detection'), escape]);
    await runTaskWizard(reuse, input({ runs: [same] }));
    assert.equal(reuse.shown[2].step.step, 3, 'the same jar on the same cluster re-uses its name');
  });

  it('offers the Main-Class first, then the classes with main, and takes a typed class', async () => {
    const ui = scripted([choose('clickstream'), accept, typeText('not a class'), typeText('com.example.Other'), escape]);
    const result = await runTaskWizard(ui, input());
    const entry = ui.shown[2].step as PickStep<unknown>;
    assert.deepEqual(
      entry.items.map((i) => i.label),
      ['com.example.FraudJob', 'com.example.Backfill'],
    );
    assert.equal(entry.active, 'com.example.FraudJob');
    assert.match(ui.shown[3].step.validationMessage ?? '', /not a Java class name/);
    assert.ok('cancelled' in result);
    assert.equal(result.cancelled.entryClass, 'com.example.Other');
  });

  it('shows the free slots and refuses more parallelism than that, with the reason', async () => {
    const ui = scripted([choose('clickstream'), accept, accept, typeText('4'), typeText('0'), typeText('3'), escape]);
    const result = await runTaskWizard(ui, input());
    const parallelism = ui.shown[3].step as InputStep;
    assert.equal(parallelism.prompt, 'Parallelism: 3 of 8 slots free on clickstream.');
    assert.equal(parallelism.validate('4'), 'Only 3 of 8 slots are free on clickstream.');
    assert.equal(ui.shown[4].step.validationMessage, 'Only 3 of 8 slots are free on clickstream.');
    assert.equal(ui.shown[5].step.validationMessage, 'Enter a whole number of 1 or more.');
    assert.ok('cancelled' in result);
    assert.equal(result.cancelled.parallelism, 3);
  });

  it('refuses unbalanced quotes in the arguments', async () => {
    const ui = scripted([choose('clickstream'), accept, accept, accept, typeText('--name "open'), escape]);
    await runTaskWizard(ui, input());
    assert.equal(ui.shown[5].step.validationMessage, 'A quote (") is not closed.');
  });

  it("offers the task's last savepoint, then asks about non-restored state (one more step)", async () => {
    const ui = scripted([
      choose('clickstream'),
      accept,
      accept,
      accept,
      accept,
      choose('s3://sp/savepoint-1'),
      choose('Allow non-restored state'),
    ]);
    const result = await runTaskWizard(
      ui,
      input({ lastSavepoint: (name) => (name === 'fraud-detection' ? 's3://sp/savepoint-1' : undefined) }),
    );
    assert.ok('params' in result);
    assert.equal(result.params.savepointPath, 's3://sp/savepoint-1');
    assert.equal(result.params.allowNonRestoredState, true);
    assert.deepEqual(
      ui.shown.map((s) => `${s.step.step}/${s.step.totalSteps}`),
      ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6', '7/7'],
    );
  });

  it('goes back a step keeping what was entered, and Escape keeps every answer for the next open', async () => {
    const ui = scripted([choose('clickstream'), typeText('fraud'), back, accept, typeText('com.example.Backfill'), typeText('2'), escape]);
    const first = await runTaskWizard(ui, input());
    assert.equal((ui.shown[3].step as InputStep).value, 'fraud', 'Back shows the name entered');
    assert.ok('cancelled' in first);

    const again = scripted([accept, accept, accept, accept, accept, accept]);
    const second = await runTaskWizard(again, input({ draft: first.cancelled }));
    assert.equal(
      (again.shown[0].step as PickStep<unknown>).active && (again.shown[0].step as PickStep<{ cluster: string }>).active?.cluster,
      'clickstream',
    );
    assert.ok('params' in second);
    assert.equal(second.params.name, 'fraud');
    assert.equal(second.params.entryClass, 'com.example.Backfill');
    assert.equal(second.params.parallelism, 2);
  });

  it('runs a jar URI as a FlinkSessionJob with the savepoint upgrade mode, the entry class optional', async () => {
    const ui = scripted([choose('clickstream'), accept, choose('The Main-Class of the jar'), accept, accept, accept]);
    const result = await runTaskWizard(
      ui,
      input({ source: { kind: 'uri', jarURI: 'https://repo.example.com/jobs/top-pages-2.0.jar' }, jar: undefined }),
    );
    assert.ok('params' in result);
    assert.equal(result.params.name, 'top-pages');
    assert.equal(result.params.entryClass, undefined);
    assert.equal(result.params.upgradeMode, 'savepoint');
  });

  it('asks for a typed class when the jar shows none (or cannot be read)', async () => {
    const ui = scripted([choose('clickstream'), accept, typeText('com.example.Typed'), escape]);
    const result = await runTaskWizard(ui, input({ jar: async () => Promise.reject(new Error('not a zip')) }));
    const entry = ui.shown[2].step as PickStep<unknown>;
    assert.equal(entry.items.length, 0);
    assert.match(entry.placeholder, /No class with a main method/);
    assert.ok('cancelled' in result);
    assert.equal(result.cancelled.entryClass, 'com.example.Typed');
  });
});
