import * as assert from 'node:assert/strict';
import { parseAnsi } from '../../../webview/components/ansi';

const E = '\u001b';

describe('parseAnsi', () => {
  it('leaves a plain line as one segment', () => assert.deepEqual(parseAnsi('hello <b>'), [{ text: 'hello <b>', classes: '' }]));

  it('maps colours and attributes to classes and resets', () => {
    assert.deepEqual(parseAnsi(`${E}[1;31mERROR${E}[0m done`), [
      { text: 'ERROR', classes: 'ansi-fg-1 ansi-bold' },
      { text: ' done', classes: '' },
    ]);
    assert.deepEqual(parseAnsi(`${E}[92;44mx${E}[39my${E}[49mz`), [
      { text: 'x', classes: 'ansi-fg-10 ansi-bg-4' },
      { text: 'y', classes: 'ansi-bg-4' },
      { text: 'z', classes: '' },
    ]);
    assert.deepEqual(parseAnsi(`${E}[mplain`), [{ text: 'plain', classes: '' }]);
  });

  it('keeps 256-colour codes below 16, skips true colour without eating what follows', () => {
    assert.deepEqual(parseAnsi(`${E}[38;5;9ma${E}[38;5;200mb`), [{ text: 'ab', classes: 'ansi-fg-9' }]);
    assert.deepEqual(parseAnsi(`${E}[38;2;255;0;0;1mx`), [{ text: 'x', classes: 'ansi-bold' }]);
  });

  it('swaps colours for inverse, with classes for the default colours', () => {
    assert.deepEqual(parseAnsi(`${E}[7mx`), [{ text: 'x', classes: 'ansi-inverse-fg ansi-inverse-bg' }]);
    assert.deepEqual(parseAnsi(`${E}[31;7mx`), [{ text: 'x', classes: 'ansi-inverse-fg ansi-bg-1' }]);
  });

  it('drops other CSI sequences and keeps markup as text', () => {
    assert.deepEqual(parseAnsi(`${E}[2K${E}[1A<img src=x onerror=alert(1)>`), [{ text: '<img src=x onerror=alert(1)>', classes: '' }]);
    assert.deepEqual(parseAnsi(`${E}[0m`), [{ text: '', classes: '' }]);
  });

  it('handles a long line with many codes quickly', () => {
    const line = `${E}[31ma${E}[0m`.repeat(2000);
    const started = Date.now();
    const segs = parseAnsi(line);
    assert.ok(Date.now() - started < 100);
    assert.equal(segs.map((s) => s.text).join(''), 'a'.repeat(2000));
  });
});
