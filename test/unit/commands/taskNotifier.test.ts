import * as assert from 'node:assert/strict';
import type { TaskState } from '../../../shared/clusters/taskStates';
import type { FlinkTask, SessionRef, TaskService } from '../../../src/clusters/session/tasks/taskTypes';
import { Emitter } from '../../../src/common/event';
import { TaskNotifier } from '../../../src/commands/tasks/taskNotifier';
import { sessionRefOf, taskKeyOf } from '../../../src/commands/tasks/taskPorts';

const REF: SessionRef = { namespace: 'research', cluster: 'clickstream' };

const task = (name: string, state: TaskState, over: Partial<FlinkTask> = {}): FlinkTask => ({
  ...REF,
  key: `research/clickstream/${name}`,
  name,
  jobId: `job-${name}`,
  state,
  managed: false,
  ...over,
});

/** A task service whose task list the test sets; counts the watches held. */
class FakeService {
  readonly changed = new Emitter<SessionRef>();
  readonly onDidChange = this.changed.event;
  list: FlinkTask[] = [];
  watches = 0;
  tasksOf = (): readonly FlinkTask[] => this.list;
  watch = () => (this.watches++, { dispose: () => void this.watches-- });
  set(...tasks: FlinkTask[]): void {
    this.list = tasks;
    this.changed.fire(REF);
  }
  asService = (): TaskService => this as unknown as TaskService;
}

function setup(ours: (t: FlinkTask) => boolean = (t) => t.runName !== undefined, enabled = true, noticeMs = 60_000) {
  const service = new FakeService();
  let current: TaskService | undefined = service.asService();
  const told: string[] = [];
  const closes = new Emitter<string>();
  const notifier = new TaskNotifier(
    { current: () => current },
    ours,
    {
      running: (t) => {
        told.push(`running ${t.name}`);
        return {
          dispose: () => {
            told.push(`closed running ${t.name}`);
            closes.fire(t.name);
          },
        };
      },
      failed: (t) => void told.push(`failed ${t.name}: ${t.failure}`),
    },
    () => enabled,
    10 * 60_000,
    noticeMs,
  );
  notifier.ensure();
  return { service, told, notifier, closes, setCurrent: (s: TaskService | undefined) => (current = s) };
}

describe('Task notifications', () => {
  it('tells once when a task this workspace started turns FAILED, with its reason', () => {
    const { service, told } = setup();
    service.set(task('mine', 'RUNNING', { runName: 'mine' }), task('theirs', 'RUNNING'));
    service.set(task('mine', 'FAILED', { runName: 'mine', failure: 'NullPointerException in Enricher' }), task('theirs', 'FAILED'));
    service.set(task('mine', 'FAILED', { runName: 'mine', failure: 'NullPointerException in Enricher' }), task('theirs', 'FAILED'));
    assert.deepEqual(told, ['failed mine: NullPointerException in Enricher']);
  });

  it('is not news when a task is first seen already FAILED, nor with notifications off', () => {
    const { service, told } = setup();
    service.set(task('old', 'FAILED', { runName: 'old' }));
    assert.deepEqual(told, []);
    const off = setup(undefined, false);
    off.service.set(task('mine', 'RUNNING', { runName: 'mine' }));
    off.service.set(task('mine', 'FAILED', { runName: 'mine' }));
    assert.deepEqual(off.told, []);
  });

  it('tells once when a task just run is RUNNING, watching its cluster until then and while the notice shows', () => {
    const { service, told, notifier } = setup();
    notifier.afterRun(task('new', 'CREATED', { runName: 'new' }));
    assert.equal(service.watches, 1);
    service.set(task('new', 'INITIALIZING', { runName: 'new' }));
    assert.deepEqual(told, []);
    service.set(task('new', 'RUNNING', { runName: 'new' }));
    service.set(task('new', 'RUNNING', { runName: 'new' }));
    assert.deepEqual(told, ['running new']);
    assert.equal(service.watches, 1, 'watched while the notice says it runs');
    notifier.dispose();
    assert.deepEqual(told, ['running new', 'closed running new'], 'the notice closes with the notifier');
    assert.equal(service.watches, 0);
  });

  it('closes the running notice when the same job then fails, before the failure is told', () => {
    const { service, told, notifier } = setup();
    notifier.afterRun(task('new', 'CREATED', { runName: 'new' }));
    service.set(task('new', 'RUNNING', { runName: 'new' }));
    service.set(task('new', 'FAILED', { runName: 'new', failure: 'NullPointerException in Enricher' }));
    assert.deepEqual(told, ['running new', 'closed running new', 'failed new: NullPointerException in Enricher']);
    assert.equal(service.watches, 0);
  });

  it('closes the running notice when the job ends, and after it has shown long enough', async () => {
    const ended = setup();
    ended.notifier.afterRun(task('new', 'CREATED', { runName: 'new' }));
    ended.service.set(task('new', 'RUNNING', { runName: 'new' }));
    ended.service.set(task('new', 'FINISHED', { runName: 'new' }));
    assert.deepEqual(ended.told, ['running new', 'closed running new']);
    const timed = setup(undefined, true, 5);
    const closed = new Promise((resolve) => timed.closes.event(resolve));
    timed.notifier.afterRun(task('long', 'RUNNING', { runName: 'long' }));
    assert.equal(await closed, 'long');
    assert.deepEqual(timed.told, ['running long', 'closed running long']);
    assert.equal(timed.service.watches, 0);
  });

  it('tells a failure of a task just run even when it was never seen running, and only once', () => {
    const { service, told, notifier } = setup(() => true, false);
    notifier.afterRun(task('new', 'FAILED', { failure: 'ClassNotFoundException: com.example.Job' }));
    service.set(task('new', 'FAILED', { failure: 'ClassNotFoundException: com.example.Job' }));
    assert.deepEqual(told, ['failed new: ClassNotFoundException: com.example.Job']);
    assert.equal(service.watches, 0);
  });

  it('tells a new job of the same task again, and follows the connection to its new service', () => {
    const { service, told, setCurrent, notifier } = setup();
    service.set(task('t', 'RUNNING', { runName: 't' }));
    service.set(task('t', 'FAILED', { runName: 't' }));
    service.set(task('t', 'RUNNING', { runName: 't', jobId: 'job-2' }));
    service.set(task('t', 'FAILED', { runName: 't', jobId: 'job-2' }));
    assert.equal(told.length, 2);
    const next = new FakeService();
    setCurrent(next.asService());
    notifier.ensure();
    assert.equal(service.changed.listenerCount, 0, 'the old service is let go');
    next.set(task('u', 'RUNNING', { runName: 'u' }));
    next.set(task('u', 'FAILED', { runName: 'u' }));
    assert.equal(told.length, 3);
  });
});

describe('Task command arguments', () => {
  it('reads the task key from a task, a tree node or item holding one, or the key itself', () => {
    const t = task('a', 'RUNNING');
    assert.equal(taskKeyOf(t), t.key);
    assert.equal(taskKeyOf({ task: t }), t.key);
    assert.equal(taskKeyOf({ node: { task: t } }), t.key);
    assert.equal(taskKeyOf({ key: 'ns/c/x' }), 'ns/c/x');
    assert.equal(taskKeyOf('ns/c/x'), 'ns/c/x');
    assert.equal(taskKeyOf(undefined), undefined);
    assert.equal(taskKeyOf({ kind: 'session', namespace: 'ns', name: 'c' }), undefined);
  });

  it('reads the session cluster from a cluster node or a SessionRef, not from a task', () => {
    assert.deepEqual(sessionRefOf({ kind: 'session', namespace: 'ns', name: 'c' }), { namespace: 'ns', cluster: 'c' });
    assert.deepEqual(sessionRefOf({ namespace: 'ns', cluster: 'c' }), { namespace: 'ns', cluster: 'c' });
    assert.equal(sessionRefOf({ kind: 'compute', namespace: 'ns', name: 'c' }), undefined);
    assert.equal(sessionRefOf(task('a', 'RUNNING')), undefined);
  });
});
