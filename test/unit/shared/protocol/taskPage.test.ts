import * as assert from 'node:assert/strict';
import { envelope, parseHostMessage, parsePageMessage } from '../../../../shared/protocol/envelope';
import { TASK_PAGE as P } from '../../../../shared/protocol/taskPage';

const taskBody = {
  task: {
    key: 'streaming/orders/enrich',
    name: 'enrich',
    namespace: 'streaming',
    cluster: 'orders',
    state: 'FAILED',
    managed: false,
    failure: '<img src=x onerror=alert(1)> order 17 has no customer',
    subtasks: [],
    args: ['--rate', '<script>'],
  },
  gone: false,
  actions: { list: [{ action: 'stop', refusal: 'A FAILED task cannot be stopped.' }, { action: 'runAgain' }], running: [] },
};

describe('task page protocol', () => {
  it('accepts a task update with markup in its strings (they are data, shown as text)', () => {
    const p = parseHostMessage(P, envelope.notification(P, 'task.update', taskBody as never), () => undefined);
    assert.ok(p.message, p.problem);
  });
  for (const [why, patch] of [
    ['a state Flink does not have', { task: { ...taskBody.task, state: 'EXPLODED' } }],
    ['an extra field', { task: { ...taskBody.task, html: '<b>' } }],
    ['an action that is not the panel’s', { actions: { list: [{ action: 'rm -rf' }], running: [] } }],
  ] as const) {
    it(`refuses a task update with ${why}`, () => {
      const p = parseHostMessage(P, { kind: 'notification', name: 'task.update', body: { ...taskBody, ...patch } }, () => undefined);
      assert.ok(p.problem);
    });
  }

  it('accepts the page’s requests and refuses their malformed forms', () => {
    assert.ok(parsePageMessage(P, envelope.request(P, 1, 'action.run', { action: 'runAgain' })).message);
    assert.ok(parsePageMessage(P, envelope.request(P, 2, 'panel.showTab', { tab: 'exceptions' })).message);
    assert.ok(parsePageMessage(P, envelope.request(P, 3, 'panel.refresh', {})).message);
    const frame = { className: 'com.example.orders.OrderEnricher$Lookup', file: 'OrderEnricher.java', line: 42 };
    assert.ok(parsePageMessage(P, envelope.request(P, 4, 'frame.open', frame)).message);
    const bad: [string, unknown][] = [
      ['action.run', { action: 'openSettings' }],
      ['panel.showTab', { tab: 'secrets' }],
      ['panel.refresh', { now: true }],
      ['frame.open', { ...frame, className: '../../etc/passwd' }],
      ['frame.open', { ...frame, file: '../secret.java' }],
      ['frame.open', { ...frame, file: 'a/B.java' }],
      ['frame.open', { ...frame, line: 0 }],
      ['frame.open', { ...frame, line: 1.5 }],
      ['frame.open', { className: 'a.B' }],
      ['panel.openFile', { path: '/etc/passwd' }],
    ];
    for (const [name, args] of bad)
      assert.ok(parsePageMessage(P, { kind: 'request', id: 9, name, args }).problem, `${name} ${JSON.stringify(args)}`);
  });

  it('checks a tab’s body: a trace line’s class must be a class name, percentages stay within 0–100', () => {
    const line = { text: 'at a.B.c(B.java:1)', className: 'a.B', method: 'c', file: 'B.java', line: 1, inWorkspace: true };
    const ok = { noJob: false, data: { history: [{ name: 'x', trace: [line] }], truncated: false } };
    assert.ok(parseHostMessage(P, { kind: 'notification', name: 'exceptions.update', body: ok }, () => undefined).message);
    const evil = { ...ok, data: { history: [{ name: 'x', trace: [{ ...line, className: 'a.B"><img>' }] }], truncated: false } };
    assert.ok(parseHostMessage(P, { kind: 'notification', name: 'exceptions.update', body: evil }, () => undefined).problem);
    const vertex = { id: 'v', name: 'Map', parallelism: 2, status: 'RUNNING', depth: 0, busyPercent: 101 };
    const graph = { noJob: false, data: { vertices: [vertex], edges: [] } };
    assert.ok(parseHostMessage(P, { kind: 'notification', name: 'graph.update', body: graph }, () => undefined).problem);
  });

  it('checks a frame.open result against its request', () => {
    assert.ok(parseHostMessage(P, envelope.ok(P, 5, 'frame.open', { opened: true }), () => 'frame.open').message);
    assert.ok(parseHostMessage(P, { kind: 'response', id: 5, ok: true, result: { opened: 'yes' } }, () => 'frame.open').problem);
  });
});
