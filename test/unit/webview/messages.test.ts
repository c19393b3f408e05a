import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../webview/common/messages';

describe('parseWebviewMessage', () => {
  it('accepts the ready handshake and well-formed requests', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, command: 'start', args: { a: 1 } }), {
      type: 'request',
      id: 3,
      command: 'start',
      args: { a: 1 },
    });
  });

  for (const [why, value] of [
    ['null', null],
    ['a string', 'ready'],
    ['an unknown type', { type: 'eval', code: 'x' }],
    ['ready with extra fields', { type: 'ready', html: '<b>' }],
    ['a request without id', { type: 'request', command: 'start' }],
    ['a request with a fractional id', { type: 'request', id: 1.5, command: 'start' }],
    ['a request with an empty command', { type: 'request', id: 1, command: '' }],
    ['a request with a huge command', { type: 'request', id: 1, command: 'x'.repeat(101) }],
  ] as const) {
    it(`rejects ${why}`, () => assert.equal(parseWebviewMessage(value), undefined));
  }
});
