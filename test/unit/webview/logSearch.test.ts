import * as assert from 'node:assert/strict';
import { LogBuffer } from '../../../shared/logs/logBuffer';
import { LogSearch } from '../../../webview/components/logViewer/search';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i}${(from + i) % 3 ? '' : ' needle'}`);

describe('log viewer search', () => {
  it('finds every matching line, counts them, and steps through them both ways, wrapping', () => {
    const buf = new LogBuffer();
    buf.push(lines(0, 10)); // needles at 0, 3, 6, 9
    const s = new LogSearch();
    s.query = 'needle';
    s.run(buf);
    assert.deepEqual(s.hits, [0, 3, 6, 9]);
    assert.equal(s.label(), '? of 4');
    // Nothing selected: forward starts at the first match from the top of the view, backward at the last.
    assert.equal(
      s.stepFrom(1, () => 4),
      2,
    );
    assert.equal(
      s.stepFrom(-1, () => 4),
      3,
    );
    s.current = s.firstFrom(4);
    assert.equal(s.currentSeq, 6);
    assert.equal(s.label(), '3 of 4');
    assert.equal(
      s.stepFrom(1, () => 0),
      3,
    );
    s.current = 3;
    assert.equal(
      s.stepFrom(1, () => 0),
      0,
    );
    // Below the last match, going to one starts again at the first.
    assert.equal(s.firstFrom(10), 0);
  });

  it('searches lines as they arrive and drops matches as their lines are evicted, keeping the selection', () => {
    const buf = new LogBuffer({ maxLines: 10, maxChars: 1 << 20 });
    buf.push(lines(0, 10));
    const s = new LogSearch();
    s.query = 'needle';
    s.run(buf);
    s.current = 2; // line 6
    buf.push(lines(10, 15)); // evicts 0..4, adds a needle at 12
    s.extend(buf);
    assert.deepEqual(s.hits, [6, 9, 12]);
    assert.equal(s.currentSeq, 6);
    buf.push(lines(15, 18)); // evicts 5..7: the selected match goes
    s.extend(buf);
    assert.deepEqual(s.hits, [9, 12, 15]);
    assert.equal(s.current, -1);
  });

  it('says when there is nothing to find, and nothing without a query', () => {
    const buf = new LogBuffer();
    buf.push(lines(0, 5));
    const s = new LogSearch();
    s.run(buf);
    assert.deepEqual([s.hits, s.label()], [[], '']);
    s.query = 'haystack';
    s.run(buf);
    assert.equal(s.label(), 'No results');
    assert.equal(
      s.stepFrom(1, () => 0),
      undefined,
    );
  });
});
