import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { LineBatcher } from '../../../src/common/lineBatcher';

describe('LineBatcher', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('hands on everything pushed within an interval as one append, in order', () => {
    const sink = sinon.spy();
    const b = new LineBatcher(sink, 100);
    b.push(['a', 'b']);
    b.push(['c']);
    sinon.assert.notCalled(sink);
    clock.tick(100);
    sinon.assert.calledOnceWithExactly(sink, 'a\nb\nc\n');
    b.push(['d']);
    clock.tick(100);
    sinon.assert.calledWith(sink.secondCall, 'd\n');
    assert.equal(b.linesAppended, 4);
  });

  it('keeps only the last lines for Download', () => {
    const b = new LineBatcher(() => undefined, 100, 10);
    for (let i = 0; i < 1000; i++) b.push([`line ${i}`]);
    assert.deepEqual(
      b.lines(),
      Array.from({ length: 10 }, (_, i) => `line ${990 + i}`),
    );
    b.dispose();
  });
});
