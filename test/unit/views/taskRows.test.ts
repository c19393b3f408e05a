import * as assert from 'node:assert/strict';
import { TASK_STATES, TASK_STATES_IN_ORDER } from '../../../shared/clusters/taskStates';
import { durationText } from '../../../shared/text/taskText';
import { ClusterTasks } from '../../../src/views/clusterTasks';
import { escapeMarkdownText, stateRefusal, taskRow } from '../../../src/views/taskRows';
import { FakeTaskService, fakeTask } from '../support/fakeTaskService';

const ref = { namespace: 'streaming', cluster: 'orders-stream' };
const NOW = Date.parse('2026-12-01T12:00:00Z');

/** What Markdown shows of an escaped string: every backslash escape undone. */
const shown = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('task rows of the Session clusters view', () => {
  it('take icon and colour from the task state table, for every state', () => {
    for (const state of TASK_STATES_IN_ORDER) {
      const r = taskRow(fakeTask({ ...ref, name: 'j', state }), stateRefusal, NOW);
      assert.deepEqual(r.icon, { id: TASK_STATES[state].icon, ...(TASK_STATES[state].color ? { color: TASK_STATES[state].color } : {}) });
      assert.match(r.description, new RegExp(`^${state}`));
      assert.match(r.contextValue, new RegExp(`^dataClusters\\.task state-${state}\\b`));
    }
  });

  it('describe state · duration · parallelism', () => {
    const r = taskRow(fakeTask({ ...ref, name: 'j', startTime: NOW - 125_000, parallelism: 4 }), stateRefusal, NOW);
    assert.equal(r.description, 'RUNNING · 2 min 5 s · parallelism 4');
    assert.equal(durationText(3 * 3600_000 + 60_000), '3 h 1 min');
    assert.equal(durationText(undefined), '');
  });

  it('flag the offered actions as the cluster rows do, and the looking actions always', () => {
    const own = taskRow(fakeTask({ ...ref, name: 'a', state: 'RUNNING', runName: 'a' }), stateRefusal, NOW).contextValue.split(' ');
    assert.deepEqual(own, [
      'dataClusters.task',
      'state-RUNNING',
      'can-stop',
      'can-cancel',
      'can-runAgain',
      'can-openTask',
      'can-showTaskLogs',
      'can-showTaskOutput',
    ]);
    const managed = taskRow(fakeTask({ ...ref, name: 'b', state: 'SUSPENDED', managed: true }), stateRefusal, NOW).contextValue;
    assert.match(managed, /\bcan-resume\b/);
    assert.match(managed, /\bcan-delete\b/);
    assert.doesNotMatch(managed, /\bcan-(stop|cancel|suspend|runAgain)\b/);
    // The service's refusal (rights) takes precedence over the state table.
    const denied = taskRow(fakeTask({ ...ref, name: 'c', state: 'RUNNING', runName: 'c' }), () => 'You may not.', NOW);
    assert.doesNotMatch(denied.contextValue, /\bcan-(stop|cancel|suspend|resume|runAgain|delete)\b/);
    assert.match(denied.tooltip, /Not offered:\*\* You may not\\\./);
  });

  it('open the task on click', () => {
    const t = fakeTask({ ...ref, name: 'j' });
    const r = taskRow(t, stateRefusal, NOW);
    assert.equal(r.command.command, 'dataClusters.openTask');
    assert.deepEqual(r.command.arguments, [t]);
    assert.equal(r.id, `task/${t.key}`);
  });

  it('escape every string from the cluster in the tooltip, and say why a failed task failed', () => {
    const hostile = '**bold** [link](https://evil.example) <img src=x> $(zap) `code`\n# heading';
    const failure = 'java.lang.IllegalStateException: Order <42> has no *customer*';
    const r = taskRow(fakeTask({ ...ref, name: hostile, state: 'FAILED', failure, jobName: hostile, jobId: 'abc' }), stateRefusal, NOW);
    assert.doesNotMatch(r.tooltip, /(?<!\\)\*\*bold/);
    assert.doesNotMatch(r.tooltip, /(?<!\\)\[link\]/);
    assert.doesNotMatch(r.tooltip, /(?<!\\)<img/);
    assert.doesNotMatch(r.tooltip, /(?<!\\)\$\(zap\)/);
    assert.doesNotMatch(r.tooltip, /^#/m);
    assert.ok(shown(r.tooltip).includes('java.lang.IllegalStateException: Order <42> has no *customer*'));
    assert.match(r.tooltip, /^\$\(error\) \*\*/);
    // The failure sentence comes right after the state.
    const lines = r.tooltip.split('\n');
    assert.match(lines.find((l) => l.startsWith('**Failure:**')) ?? '', /Order/);
    assert.ok(r.tooltip.indexOf('**Failure:**') < r.tooltip.indexOf('**Job ID:**'));
  });

  it('escape markdown so that it reads back as the text', () => {
    const s = '_a_ *b* `c` [d](e) #f |g| ~h~ $(i) <j> & \\k';
    assert.equal(shown(escapeMarkdownText(s)), s);
  });
});

describe('ClusterTasks: the tree watches a cluster only while it is expanded', () => {
  it('watches on expand, drops on collapse, moves the watches to a new service and ends them on dispose', () => {
    const changed: string[] = [];
    const tasks = new ClusterTasks((r) => changed.push(`${r.namespace}/${r.cluster}`));
    const a = new FakeTaskService();
    assert.equal(tasks.expanded({ namespace: ref.namespace, name: ref.cluster }), undefined, 'nothing without a service');
    tasks.setService(a);
    assert.equal(a.watching(ref), 0);
    assert.equal(tasks.expanded({ namespace: ref.namespace, name: ref.cluster }), undefined, 'not known yet');
    tasks.expanded({ namespace: ref.namespace, name: ref.cluster });
    assert.equal(a.watching(ref), 1, 'one watch however often the children are asked for');
    a.set(ref, [fakeTask({ ...ref, name: 'j' })]);
    assert.deepEqual(changed, ['streaming/orders-stream']);
    assert.equal(tasks.expanded({ namespace: ref.namespace, name: ref.cluster })?.length, 1);
    tasks.collapsed({ namespace: ref.namespace, name: ref.cluster });
    assert.equal(a.watching(ref), 0);

    tasks.expanded({ namespace: ref.namespace, name: ref.cluster });
    const b = new FakeTaskService();
    tasks.setService(b);
    assert.equal(a.watching(ref), 0, 'the old service is no longer watched');
    assert.equal(b.watching(ref), 1, 'the expanded cluster is watched through the new one');
    a.set(ref, []);
    assert.equal(changed.length, 1, 'the old service is no longer heard');
    tasks.dispose();
    assert.equal(b.watching(ref), 0);
  });

  it('offers to expand a cluster with tasks or session jobs, or a Running one', () => {
    const tasks = new ClusterTasks(() => {});
    const s = new FakeTaskService();
    const c = { namespace: ref.namespace, name: ref.cluster, status: 'Disabled', sessionJobs: 0 } as any;
    assert.equal(tasks.mayHaveTasks(c), false, 'without a service, as before');
    tasks.setService(s);
    assert.equal(tasks.mayHaveTasks(c), false);
    assert.equal(tasks.mayHaveTasks({ ...c, status: 'Running' }), true);
    assert.equal(tasks.mayHaveTasks({ ...c, sessionJobs: 1 }), true);
    s.set(ref, [fakeTask({ ...ref, name: 'j', state: 'FINISHED' })]);
    assert.equal(tasks.mayHaveTasks(c), true);
  });
});
