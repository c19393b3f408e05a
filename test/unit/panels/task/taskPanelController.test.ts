import * as assert from 'node:assert/strict';
import { parseHostMessage } from '../../../../shared/protocol/envelope';
import { TASK_PAGE } from '../../../../shared/protocol/taskPage';
import { silentLogger } from '../../../../src/common/logger';
import { TaskPanelController } from '../../../../src/panels/task/taskPanelController';
import { FakePanel } from '../fakePanel';
import { EXCEPTIONS, FakeService, FakeUi, job, KEY, ManualTimers, task } from './fakes';

const REFRESH = 2000;

function open(o: { service?: FakeService | undefined } = {}) {
  const service = 'service' in o ? o.service : new FakeService();
  const panel = new FakePanel();
  const ui = new FakeUi();
  const timers = new ManualTimers();
  const found = new Map([['com.example.orders.OrderEnricher|OrderEnricher.java', { uri: 'file:///ws/src/OrderEnricher.java' }]]);
  const controller = new TaskPanelController(panel, KEY, {
    service: () => service,
    logger: silentLogger,
    ui,
    locator: { find: async (c, f) => found.get(`${c}|${f}`) },
    html: () => () => '<html></html>',
    refreshMs: REFRESH,
    schedule: timers.schedule,
  });
  let id = 0;
  const request = async (name: string, args: unknown): Promise<any> => {
    const reply = await controller.host.receive({ kind: 'request', id: ++id, name, args });
    assert.ok(reply, `an answer to ${name}`);
    return reply;
  };
  const notes = (name: string) => panel.posted.filter((m) => m.kind === 'notification' && m.name === name).map((m) => m.body);
  const last = (name: string) => notes(name).at(-1);
  /** Runs the due refresh and waits for its read. */
  const tick = async () => {
    const n = timers.fire(REFRESH);
    await controller.whenIdle();
    return n;
  };
  return { service: service!, panel, ui, timers, controller, request, notes, last, tick };
}

describe('TaskPanelController (fakes for the task service and the JobManager)', () => {
  it('posts the task and its actions after ready, every message valid against TASK_PAGE, titled Task: {name}', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    assert.equal(p.panel.title, 'Task: enrich');
    const u = p.last('task.update');
    assert.equal(u.task.name, 'enrich');
    assert.equal(u.task.state, 'RUNNING');
    assert.deepEqual(u.task.subtasks, [{ state: 'RUNNING', count: 4 }]);
    assert.deepEqual(
      u.actions.list.map((a: any) => a.action),
      ['stop', 'cancel', 'runAgain', 'showTaskLogs', 'showTaskOutput'],
    );
    assert.equal(p.service.watching, 1, 'the job list is kept fresh while the panel shows');
    await p.request('panel.showTab', { tab: 'graph' });
    await p.controller.whenIdle();
    for (const m of p.panel.posted) {
      const parsed = parseHostMessage(TASK_PAGE, m, () => 'panel.showTab');
      assert.equal(parsed.problem, undefined, JSON.stringify(m).slice(0, 200));
    }
    p.panel.dispose();
    assert.equal(p.service.watching, 0);
  });

  it('reads the shown tab only: the graph with edges from the plan, and busy/backpressure from the deltas between reads', async () => {
    const p = open();
    p.service.restApi.jobs = [job(0, 0, 10_000), job(2000, 400, 12_000)];
    p.panel.send({ kind: 'ready' });
    await p.controller.whenIdle();
    assert.deepEqual(p.service.restApi.calls, ['exceptions'], 'Overview reads the exception history only (its restart count)');
    await p.request('panel.showTab', { tab: 'graph' });
    await p.controller.whenIdle();
    const first = p.last('graph.update');
    assert.equal(first.noJob, false);
    assert.deepEqual(
      first.data.vertices.map((v: any) => [v.name, v.depth]),
      [
        ['Source: orders', 0],
        ['Map -> enrich', 1],
        ['Sink: <b>print</b>', 2],
      ],
    );
    assert.deepEqual(first.data.edges, [
      { from: 'src', to: 'map', ship: 'FORWARD' },
      { from: 'map', to: 'sink', ship: 'HASH' },
    ]);
    assert.equal(first.data.vertices[1].busyPercent, undefined, 'one read has no delta');
    assert.equal(await p.tick(), 1);
    const map = p.last('graph.update').data.vertices[1];
    // 2000 ms busy over 2000 ms × 2 subtasks = 50 %; 400 ms backpressured = 10 %.
    assert.equal(map.busyPercent, 50);
    assert.equal(map.backpressurePercent, 10);
    assert.equal(map.recordsIn, 1500);
    assert.deepEqual(p.service.restApi.calls, ['exceptions', `job ${'a'.repeat(32)}`, `job ${'a'.repeat(32)}`]);
  });

  it('refreshes the shown tab while visible and live; stops when hidden, and when the task has ended', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    await p.controller.whenIdle();
    p.service.restApi.calls.length = 0; // the Overview's restart count
    await p.request('panel.showTab', { tab: 'checkpoints' });
    await p.controller.whenIdle();
    assert.equal(p.controller.info().polling, true);
    assert.equal(p.last('refresh.status').live, true);
    await p.tick();
    assert.equal(p.service.restApi.calls.length, 2);
    // Hidden: the timer is gone, so nothing reads until the page is back.
    p.panel.setVisible(false);
    assert.equal(p.controller.info().polling, false);
    assert.equal(p.timers.pending.size, 0);
    assert.equal(p.service.watching, 0);
    // Shown again: the page is rebuilt, says ready, and the tab is read at once.
    p.panel.setVisible(true);
    p.panel.send({ kind: 'ready' });
    await p.controller.whenIdle();
    assert.equal(p.service.restApi.calls.length, 3);
    assert.equal(p.controller.info().polling, true);
    // The task ends: one last read of the shown tab, then no more refreshing.
    p.service.set(task({ state: 'FINISHED', endTime: 1_700_000_100_000 }));
    await p.controller.whenIdle();
    assert.equal(p.service.restApi.calls.length, 4);
    assert.equal(p.controller.info().polling, false);
    assert.equal(p.last('refresh.status').live, false);
    assert.equal(p.last('task.update').task.state, 'FINISHED');
  });

  it('never overlaps reads: refreshes asked for during a read make one more read after it', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    await p.controller.whenIdle();
    p.service.restApi.calls.length = 0; // the Overview's restart count
    let release!: () => void;
    p.service.restApi.hold = new Promise<void>((r) => (release = r));
    const shown = p.request('panel.showTab', { tab: 'configuration' });
    await shown;
    const r1 = p.request('panel.refresh', {});
    const r2 = p.request('panel.refresh', {});
    await new Promise((r) => setImmediate(r));
    assert.equal(p.service.restApi.calls.length, 1);
    assert.equal(p.controller.info().loading, true);
    p.service.restApi.hold = undefined;
    release();
    await Promise.all([r1, r2]);
    await p.controller.whenIdle();
    assert.equal(p.service.restApi.calls.length, 2);
    const c = p.last('configuration.update').data;
    assert.equal(c.executionMode, 'PIPELINED');
    assert.deepEqual(c.user, [
      { key: 'b<script>', value: '<img>' },
      { key: 'rate', value: '100' },
    ]);
  });

  it('a failed read keeps the last data beside the error; Retry reads again and clears it', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    await p.request('panel.showTab', { tab: 'graph' });
    await p.controller.whenIdle();
    p.service.restApi.failNext = Object.assign(new Error('Service temporarily unavailable due to an ongoing leader election.'), {
      status: 503,
    });
    await p.tick();
    const failed = p.last('graph.update');
    assert.equal(failed.error.code, 'unavailable');
    assert.match(failed.error.message, /leader election/);
    assert.equal(failed.data.vertices.length, 3, 'the last data stays');
    assert.equal(p.controller.info().polling, true, 'a live task keeps refreshing after a failure');
    assert.equal((await p.request('panel.refresh', {})).ok, true);
    await p.controller.whenIdle();
    assert.equal(p.last('graph.update').error, undefined);
  });

  it('replays what the page showed after it is rebuilt, before any new read ends', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    await p.request('panel.showTab', { tab: 'exceptions' });
    await p.controller.whenIdle();
    p.panel.setVisible(false);
    p.panel.posted.length = 0;
    p.service.restApi.hold = new Promise<void>(() => {});
    p.panel.setVisible(true);
    p.panel.send({ kind: 'ready' });
    const names = p.panel.posted.filter((m) => m.kind === 'notification').map((m) => m.name);
    const at = (n: string) => names.indexOf(n);
    assert.ok(at('panel.init') >= 0 && at('panel.init') < at('task.update') && at('task.update') < at('exceptions.update'), names.join());
    const x = p.last('exceptions.update');
    assert.equal(x.data.history.length, 2);
    assert.equal(p.controller.info().loading, true);
  });

  it('the Overview shows the restart count before Exceptions was ever opened, and counts again when the job changes state', async () => {
    const p = open();
    const history = (n: number) => ({
      ...EXCEPTIONS,
      exceptionHistory: {
        truncated: false,
        entries: Array.from({ length: n }, (_, i) => ({ ...EXCEPTIONS.exceptionHistory.entries[0], timestamp: i })),
      },
    });
    p.panel.send({ kind: 'ready' });
    await p.controller.whenIdle();
    assert.equal(p.controller.info().tab, 'overview');
    assert.equal(p.last('task.update').task.restarts, 2);
    assert.deepEqual(p.service.restApi.calls, ['exceptions']);
    assert.equal(p.timers.pending.size, 0, 'the Overview sets no timer of its own');
    // The job restarts: the count is read again.
    p.service.restApi.exceptionsAnswer = history(3);
    p.service.set(task({ state: 'RESTARTING' }));
    await p.controller.whenIdle();
    assert.equal(p.last('task.update').task.restarts, 3);
    // Another refresh of the same state reads nothing.
    p.service.set(task({ state: 'RESTARTING' }));
    await p.controller.whenIdle();
    assert.equal(p.service.restApi.calls.length, 2);
    // It fails: the entry that ended the job is no restart.
    p.service.restApi.exceptionsAnswer = history(5);
    p.service.set(task({ state: 'FAILED', endTime: 1_700_000_100_000 }));
    await p.controller.whenIdle();
    assert.equal(p.last('task.update').task.restarts, 4);
    assert.equal(p.service.restApi.calls.length, 3);
  });

  it('exceptions: newest first, restarts counted, workspace frames linked, and a frame opens its file at its line', async () => {
    const p = open();
    p.panel.send({ kind: 'ready' });
    await p.request('panel.showTab', { tab: 'exceptions' });
    await p.controller.whenIdle();
    const x = p.last('exceptions.update').data;
    assert.match(x.root.name, /order 17 has no customer/);
    assert.deepEqual(
      x.history.map((e: any) => e.timestamp),
      [5000, 1000],
    );
    assert.equal(x.history[0].taskName, 'Map -> enrich (1/2)');
    const frame = x.root.trace[1];
    assert.deepEqual(
      { className: frame.className, file: frame.file, line: frame.line, inWorkspace: frame.inWorkspace },
      { className: 'com.example.orders.OrderEnricher', file: 'OrderEnricher.java', line: 42, inWorkspace: true },
    );
    assert.equal(x.history[1].trace[1].inWorkspace, false, 'a JDK frame is no link');
    assert.equal(p.last('task.update').task.restarts, 2);
    const opened = await p.request('frame.open', { className: frame.className, file: frame.file, line: 42 });
    assert.deepEqual(opened.result, { opened: true });
    assert.deepEqual(p.ui.opened, [{ uri: 'file:///ws/src/OrderEnricher.java', line: 42 }]);
    // Validated on arrival: a path instead of a class never reaches the handler.
    const dropped = p.controller.info().dropped;
    await p.controller.host.receive({ kind: 'request', id: 99, name: 'frame.open', args: { className: '/etc/passwd', file: 'passwd.x' } });
    await p.controller.host.receive({ kind: 'request', id: 98, name: 'action.run', args: { action: 'rm -rf' } });
    assert.equal(p.controller.info().dropped, dropped + 2);
    assert.equal(p.ui.opened.length, 1);
    const missing = await p.request('frame.open', { className: 'java.lang.Thread', file: 'Thread.java', line: 1 });
    assert.equal(missing.error.code, 'not-found');
  });

  it('actions: refusals travel with the buttons and refuse the request; an offered one runs its command with the task', async () => {
    const p = open();
    p.service.set(task({ state: 'FINISHED' }));
    p.panel.send({ kind: 'ready' });
    const list = p.last('task.update').actions.list;
    const stop = list.find((a: any) => a.action === 'stop');
    assert.match(stop.refusal, /FINISHED task cannot be stopped/);
    const refused = await p.request('action.run', { action: 'stop' });
    assert.equal(refused.error.code, 'conflict');
    assert.equal(refused.error.message, stop.refusal);
    const ran = await p.request('action.run', { action: 'runAgain' });
    assert.deepEqual(ran.result, { started: true });
    assert.equal(p.ui.executed[0].command, 'dataClusters.runTaskAgain');
    assert.equal((p.ui.executed[0].arg as any).key, KEY);
    const logs = await p.request('action.run', { action: 'showTaskLogs' });
    assert.equal(logs.ok, true);
    assert.equal(p.ui.executed[1].command, 'dataClusters.showTaskLogs');
    // A managed task offers suspend; the command is not registered in this build.
    p.service.set(task({ managed: true, state: 'RUNNING' }));
    const unavailable = await p.request('action.run', { action: 'suspend' });
    assert.equal(unavailable.error.code, 'unavailable');
    assert.deepEqual(
      p.last('task.update').actions.list.map((a: any) => a.action),
      ['suspend', 'resume', 'runAgain', 'delete', 'showTaskLogs', 'showTaskOutput'],
    );
  });

  it('a task without a job says so in its tabs; a task gone from the cluster keeps its data and offers nothing', async () => {
    const p = open();
    p.service.set(task({ jobId: undefined, state: 'RECONCILING', managed: true }));
    p.panel.send({ kind: 'ready' });
    await p.request('panel.showTab', { tab: 'graph' });
    assert.equal(p.last('graph.update').noJob, true);
    assert.deepEqual(p.service.restApi.calls, []);
    p.service.set(undefined);
    const u = p.last('task.update');
    assert.equal(u.gone, true);
    assert.equal(u.task.name, 'enrich');
    assert.ok(u.actions.list.every((a: any) => a.refusal));
    assert.equal(p.controller.info().gone, true);
  });

  it('waits for a task service after a reload, then shows the task', async () => {
    const service = new FakeService();
    const holder: { current?: FakeService } = {};
    const panel = new FakePanel();
    const timers = new ManualTimers();
    const c = new TaskPanelController(panel, KEY, {
      service: () => holder.current,
      logger: silentLogger,
      ui: new FakeUi(),
      locator: { find: async () => undefined },
      html: () => () => '',
      schedule: timers.schedule,
    });
    panel.send({ kind: 'ready' });
    const before = panel.posted.filter((m) => m.name === 'task.update').at(-1)?.body;
    assert.equal(before?.task, undefined);
    assert.equal(panel.title, 'Task: enrich');
    holder.current = service;
    timers.fire(1000);
    const after = panel.posted.filter((m) => m.name === 'task.update').at(-1).body;
    assert.equal(after.task.jobName, 'Order enrichment');
    c.dispose();
  });
});
