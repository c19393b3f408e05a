import * as assert from 'node:assert/strict';
import { FORM_PAGE } from '../../../../shared/protocol/formPage';
import { CLUSTER_PAGE as P } from '../../../../shared/protocol/clusterPage';
import { envelope, parseHostMessage, parsePageMessage, RequestName } from '../../../../shared/protocol/envelope';
import { arr, int, is, obj, optional, str } from '../../../../shared/protocol/schema';

describe('schema', () => {
  const s = obj({ a: str({ max: 3 }), n: optional(int({ min: 0 })), xs: arr(int(), { max: 2 }) });
  it('accepts exactly the described shape', () => {
    assert.ok(is(s, { a: 'abc', xs: [1] }));
    assert.ok(is(s, { a: '', n: 0, xs: [] }));
  });
  for (const [why, v] of [
    ['an unknown key', { a: 'a', xs: [], extra: 1 }],
    ['a long string', { a: 'abcd', xs: [] }],
    ['a missing key', { xs: [] }],
    ['a fractional int', { a: 'a', n: 1.5, xs: [] }],
    ['NaN', { a: 'a', n: Number.NaN, xs: [] }],
    ['too many items', { a: 'a', xs: [1, 2, 3] }],
    ['a bad item', { a: 'a', xs: ['1'] }],
    ['an array', []],
    ['a class instance', new Date()],
  ] as const) {
    it(`refuses ${why}`, () => assert.ok(!is(s, v)));
  }
  it('refuses an object with an own __proto__ key', () => assert.ok(!is(s, JSON.parse('{"a":"a","xs":[],"__proto__":{"x":1}}'))));
});

describe('parsePageMessage', () => {
  it('accepts ready and well-formed requests', () => {
    assert.deepEqual(parsePageMessage(P, { kind: 'ready' }).message, { kind: 'ready' });
    assert.deepEqual(parsePageMessage(P, { kind: 'request', id: 3, name: 'logs.setRange', args: { range: '15m' } }).message, {
      kind: 'request',
      id: 3,
      name: 'logs.setRange',
      args: { range: '15m' },
    });
    assert.ok(parsePageMessage(P, envelope.request(P, 1, 'action.run', { action: 'terminate' })).message);
  });

  for (const [why, value] of [
    ['null', null],
    ['a string', 'ready'],
    ['an unknown kind', { kind: 'eval', code: 'x' }],
    ['ready with extra fields', { kind: 'ready', html: '<b>' }],
    ['a request without id', { kind: 'request', name: 'logs.download', args: {} }],
    ['a request with id 0', { kind: 'request', id: 0, name: 'logs.download', args: {} }],
    ['a request with a fractional id', { kind: 'request', id: 1.5, name: 'logs.download', args: {} }],
    ['an unknown request', { kind: 'request', id: 1, name: 'exec', args: {} }],
    ['a request named after an Object.prototype key', { kind: 'request', id: 1, name: 'toString', args: {} }],
    ['bad arguments', { kind: 'request', id: 1, name: 'logs.setRange', args: { range: '2d' } }],
    ['extra arguments', { kind: 'request', id: 1, name: 'logs.download', args: { path: '/etc/passwd' } }],
    ['an action name with markup', { kind: 'request', id: 1, name: 'action.run', args: { action: '<img src=x>' } }],
  ] as const) {
    it(`refuses ${why}, saying why`, () => {
      const r = parsePageMessage(P, value);
      assert.equal(r.message, undefined);
      assert.equal(typeof r.problem, 'string');
    });
  }
});

describe('parseHostMessage', () => {
  const pending = new Map<number, RequestName<typeof P>>([[7, 'logs.download']]);
  const nameOf = (id: number) => pending.get(id);

  it('accepts notifications with valid bodies', () => {
    const m = envelope.notification(P, 'logs.append', { firstSeq: 10, lines: ['a', 'b'] });
    assert.deepEqual(parseHostMessage(P, m, nameOf).message, m);
    const ev = envelope.notification(P, 'events.update', {
      events: [{ type: 'Warning', reason: 'BackOff', message: '<img src=x onerror=alert(1)>', object: 'pod/a', count: 2 }],
    });
    assert.ok(parseHostMessage(P, ev, nameOf).message);
  });

  it('checks a response against the schema of the request it answers', () => {
    assert.ok(parseHostMessage(P, envelope.ok(P, 7, 'logs.download', { saved: true }), nameOf).message);
    assert.match(String(parseHostMessage(P, { kind: 'response', id: 7, ok: true, result: { saved: 'yes' } }, nameOf).problem), /saved/);
  });

  it('accepts errors as data', () => {
    const m = envelope.error(P, 7, { message: 'You may not read logs in analytics', code: 'forbidden' });
    assert.deepEqual(parseHostMessage(P, m, nameOf).message, m);
  });

  for (const [why, value] of [
    ['a response to no pending request', { kind: 'response', id: 8, ok: true, result: { saved: true } }],
    ['an error without a code', { kind: 'response', id: 7, ok: false, error: { message: 'x' } }],
    ['an error with an unknown code', { kind: 'response', id: 7, ok: false, error: { message: 'x', code: 'E42' } }],
    ['an unknown notification', { kind: 'notification', name: 'html', body: {} }],
    ['a log line too long', { kind: 'notification', name: 'logs.append', body: { firstSeq: 0, lines: ['x'.repeat(20_000)] } }],
    ['a negative sequence', { kind: 'notification', name: 'logs.append', body: { firstSeq: -1, lines: [] } }],
    ['a message from elsewhere', { type: 'webpackOk' }],
  ] as const) {
    it(`refuses ${why}`, () => assert.equal(parseHostMessage(P, value, nameOf).message, undefined));
  }
});

describe('a protocol per page', () => {
  it("refuses another page's requests and notifications: each host and page knows only its own", () => {
    assert.match(
      parsePageMessage(P, { kind: 'request', id: 1, name: 'form.submit', args: {} }).problem ?? '',
      /unknown request "form.submit"/,
    );
    assert.match(
      parsePageMessage(FORM_PAGE, { kind: 'request', id: 1, name: 'action.run', args: { action: 'start' } }).problem ?? '',
      /unknown request/,
    );
    const note = { kind: 'notification', name: 'compute.update', body: {} };
    assert.match(parseHostMessage(FORM_PAGE, note, () => undefined).problem ?? '', /unknown notification "compute.update"/);
    // What both pages share is in both tables.
    for (const page of [P, FORM_PAGE]) {
      assert.equal(
        parsePageMessage(page, { kind: 'request', id: 2, name: 'panel.cspViolation', args: { directive: 'script-src', blocked: 'inline' } })
          .problem,
        undefined,
      );
    }
  });
});
