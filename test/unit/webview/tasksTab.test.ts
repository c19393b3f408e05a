import * as assert from 'node:assert/strict';
import type { TaskRowData } from '../../../shared/protocol/clusterPage';
import { TASK_STATES_IN_ORDER } from '../../../shared/clusters/taskStates';
import { tasksTabView, taskTone } from '../../../webview/model/tasks';

const row = (name: string, o: Partial<TaskRowData> = {}): TaskRowData => ({
  key: `ns/c/${name}`,
  name,
  state: 'RUNNING',
  managed: false,
  ...o,
});
const update = (status: 'Running' | 'Disabled', jobs: { name: string; state: string }[] = [], deleted = false) => ({
  cluster: { status },
  deleted,
  jobs,
});

describe('the Tasks tab page', () => {
  it('shows the tasks once known, the FlinkSessionJobs before, and counts what it shows', () => {
    const jobs = [{ name: 'orders-stream-job-1', state: 'RUNNING' }];
    const before = tasksTabView(update('Running', jobs), { known: false, tasks: [] });
    assert.deepEqual(before.body, { kind: 'sessionJobs', jobs });
    assert.equal(before.badge, '1');
    const after = tasksTabView(update('Running', jobs), { known: true, tasks: [row('a'), row('b')] });
    assert.equal(after.body.kind, 'tasks');
    assert.equal(after.badge, '2');
  });

  it('says how to run a task when there is none, and offers Run Task… only on a Running cluster', () => {
    const running = tasksTabView(update('Running'), { known: true, tasks: [] });
    assert.equal(running.body.kind, 'empty');
    assert.match((running.body as { text: string }).text, /Run Task…/);
    assert.equal(running.run.enabled, true);
    const disabled = tasksTabView(update('Disabled'), { known: false, tasks: [] });
    assert.equal(disabled.run.enabled, false);
    assert.match(disabled.run.title, /Start the cluster/);
    assert.match((disabled.body as { text: string }).text, /Start it/);
    assert.equal(tasksTabView(update('Running', [], true), { known: true, tasks: [] }).run.enabled, false, 'not on a deleted cluster');
  });

  it('colours the state badges from the task state table', () => {
    assert.equal(taskTone('FAILED'), 'error');
    assert.equal(taskTone('RUNNING'), 'success');
    assert.equal(taskTone('RESTARTING'), 'warning');
    assert.equal(taskTone('FINISHED'), 'default');
    assert.equal(taskTone('something else'), 'default');
    for (const s of TASK_STATES_IN_ORDER) assert.ok(['default', 'warning', 'error', 'success'].includes(taskTone(s)));
  });
});
