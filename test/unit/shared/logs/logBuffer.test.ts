import * as assert from 'node:assert/strict';
import { LogBuffer, MAX_VIEW_LINE_CHARS, sanitizeForViewer, stripSgr } from '../../../../shared/logs/logBuffer';

describe('LogBuffer', () => {
  it('keeps the newest lines up to its line limit, numbered by a growing sequence', () => {
    const b = new LogBuffer({ maxLines: 3, maxChars: 1000 });
    assert.equal(b.push(['a', 'b']), 0);
    assert.equal(b.push(['c', 'd', 'e']), 2);
    assert.deepEqual([b.firstSeq, b.endSeq, b.size], [2, 5, 3]);
    assert.deepEqual(b.slice(0, 10), ['c', 'd', 'e']);
    assert.equal(b.get(1), undefined);
    assert.equal(b.get(4), 'e');
  });

  it('bounds the characters it holds, keeping at least the newest line', () => {
    const b = new LogBuffer({ maxLines: 100, maxChars: 10 });
    b.push(['12345', '12345', '1234']);
    assert.deepEqual(b.slice(0, 3), ['12345', '1234']);
    b.push(['x'.repeat(50)]);
    assert.equal(b.size, 1);
    assert.equal(b.totalChars, 50);
  });

  it('searches every kept line, not only a window, by visible text', () => {
    const b = new LogBuffer({ maxLines: 10_000, maxChars: 1e9 });
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 1000 === 7 ? `\u001b[31mERROR\u001b[0m at ${i}` : `info ${i}`));
    b.push(lines);
    assert.deepEqual(b.search('error').matches, [7, 1007, 2007, 3007, 4007, 5007, 6007, 7007, 8007, 9007]);
    assert.deepEqual(b.search('error', { caseSensitive: true }).matches, []);
    assert.deepEqual(b.search('ERROR at 1', { caseSensitive: true }).matches, [1007]);
    assert.deepEqual(b.search('error', { fromSeq: 9000 }).matches, [9007]);
    assert.deepEqual(b.search('error', { limit: 2 }), { matches: [7, 1007], truncated: true });
    // The colour codes are not text: "31m" is not in the line as a reader sees it.
    assert.deepEqual(b.search('31m').matches, []);
  });

  it('treats the query as text, not a pattern', () => {
    const b = new LogBuffer({ maxLines: 10, maxChars: 1000 });
    b.push(['a.b', 'axb', '(x)*']);
    assert.deepEqual(b.search('a.b').matches, [0]);
    assert.deepEqual(b.search('(X)*').matches, [2]);
  });

  it('keeps matches valid by sequence across eviction, and forgets evicted plain copies', () => {
    const b = new LogBuffer({ maxLines: 2, maxChars: 1000 });
    b.push(['\u001b[1mhit\u001b[0m', 'miss', '\u001b[1mhit\u001b[0m']);
    assert.deepEqual(b.search('hit').matches, [2]);
    assert.equal(b.text(2), 'hit');
    assert.equal(b.toText(), 'miss\nhit\n');
  });

  it('clears and continues numbering', () => {
    const b = new LogBuffer({ maxLines: 5, maxChars: 1000 });
    b.push(['a', 'b']);
    b.clear();
    assert.deepEqual([b.firstSeq, b.endSeq, b.size, b.totalChars], [2, 2, 0, 0]);
    b.push(['c']);
    assert.equal(b.get(2), 'c');
    b.clear(100);
    assert.equal(b.firstSeq, 100);
  });
});

describe('sanitizeForViewer', () => {
  it('keeps clean lines and SGR colours as they are', () => {
    assert.equal(sanitizeForViewer('plain'), 'plain');
    assert.equal(sanitizeForViewer('\u001b[1;31mred\u001b[0m'), '\u001b[1;31mred\u001b[0m');
  });
  it('makes other control and bidi characters visible and drops a trailing CR', () => {
    assert.equal(sanitizeForViewer('a\u0000b\u0007\u001b]0;title\u0007\r'), 'a\\x00b\\x07\\x1b]0;title\\x07');
    assert.equal(sanitizeForViewer('x\u202ey'), 'x\\u{202e}y');
    assert.equal(sanitizeForViewer('tab\there'), 'tab\there');
  });
  it('cuts a 1 MB line quickly, saying how much was cut', () => {
    const started = Date.now();
    const out = sanitizeForViewer('\u0001'.repeat(1024 * 1024));
    assert.ok(Date.now() - started < 200);
    assert.ok(out.length < MAX_VIEW_LINE_CHARS * 4 + 100);
    assert.match(out, /\[line cut: 1032192 more characters\]$/);
  });
  it('stripSgr leaves what a reader sees', () => assert.equal(stripSgr('\u001b[32mok\u001b[0m done'), 'ok done'));
});
