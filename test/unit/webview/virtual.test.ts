import * as assert from 'node:assert/strict';
import {
  fillHeight,
  followAfterScroll,
  isAtBottom,
  lowerBound,
  MAX_SCROLL_HEIGHT_PX,
  rowWindow,
  scrollLeftToReveal,
  scrollTopFor,
} from '../../../webview/components/virtual';

describe('rowWindow', () => {
  it('renders the visible rows plus overscan', () => {
    assert.deepEqual(rowWindow({ scrollTop: 0, viewportHeight: 100, rowHeight: 20, rowCount: 1000, overscan: 2 }), {
      start: 0,
      end: 8,
      offsetY: 0,
      contentHeight: 20_000,
    });
    assert.deepEqual(rowWindow({ scrollTop: 1010, viewportHeight: 100, rowHeight: 20, rowCount: 1000, overscan: 2 }), {
      start: 48,
      end: 58,
      offsetY: 960,
      contentHeight: 20_000,
    });
  });

  it('clamps at the ends and with few rows', () => {
    const w = rowWindow({ scrollTop: 1e9, viewportHeight: 100, rowHeight: 20, rowCount: 1000, overscan: 0 });
    assert.equal(w.end, 1000);
    assert.ok(w.start <= 995);
    assert.deepEqual(rowWindow({ scrollTop: 50, viewportHeight: 500, rowHeight: 20, rowCount: 3 }), {
      start: 0,
      end: 3,
      offsetY: 0,
      contentHeight: 60,
    });
    assert.deepEqual(rowWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 20, rowCount: 0 }), {
      start: 0,
      end: 0,
      offsetY: 0,
      contentHeight: 0,
    });
  });

  it('scales past the browser height limit and still reaches the last row', () => {
    const rows = 2_000_000;
    const top = rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 18, rowCount: rows, overscan: 0 });
    assert.equal(top.contentHeight, MAX_SCROLL_HEIGHT_PX);
    assert.equal(top.start, 0);
    const bottom = rowWindow({ scrollTop: MAX_SCROLL_HEIGHT_PX - 400, viewportHeight: 400, rowHeight: 18, rowCount: rows, overscan: 0 });
    assert.equal(bottom.end, rows);
    assert.ok(bottom.offsetY <= MAX_SCROLL_HEIGHT_PX - 400);
  });
});

describe('scrollTopFor', () => {
  it('centres a row and clamps', () => {
    assert.equal(scrollTopFor(500, { viewportHeight: 100, rowHeight: 20, rowCount: 1000 }), 9960);
    assert.equal(scrollTopFor(0, { viewportHeight: 100, rowHeight: 20, rowCount: 1000 }), 0);
    assert.equal(scrollTopFor(999, { viewportHeight: 100, rowHeight: 20, rowCount: 1000 }), 19_900);
  });
  it('puts a scaled row inside the window rendered for its scrollTop', () => {
    const i = { viewportHeight: 400, rowHeight: 18, rowCount: 2_000_000 };
    for (const row of [0, 12_345, 1_000_000, 1_999_999]) {
      const w = rowWindow({ ...i, scrollTop: scrollTopFor(row, i), overscan: 0 });
      assert.ok(row >= w.start && row < w.end, `row ${row} in [${w.start}, ${w.end})`);
    }
  });
});

describe('follow mode', () => {
  const s = { viewportHeight: 100, contentHeight: 1000 };
  it('pauses when the user scrolls up', () =>
    assert.equal(followAfterScroll(true, { ...s, scrollTop: 850, previousScrollTop: 900 }), false));
  it('stays paused while scrolling around above the bottom', () =>
    assert.equal(followAfterScroll(false, { ...s, scrollTop: 860, previousScrollTop: 850 }), false));
  it('resumes at the bottom', () => assert.equal(followAfterScroll(false, { ...s, scrollTop: 898, previousScrollTop: 850 }), true));
  it('is not paused by content growing under a view we keep at the bottom', () =>
    assert.equal(followAfterScroll(true, { viewportHeight: 100, contentHeight: 2000, scrollTop: 900, previousScrollTop: 900 }), true));
  it('isAtBottom allows a few pixels', () => assert.ok(isAtBottom(897, 100, 1000)));
});

describe('lowerBound', () => {
  it('finds the first index at or above a value', () => {
    assert.deepEqual(
      [0, 1, 5, 9, 10].map((x) => lowerBound([1, 5, 9], x)),
      [0, 0, 1, 2, 3],
    );
    assert.equal(lowerBound([], 3), 0);
  });
});

describe('scrollLeftToReveal', () => {
  const view = { scrollLeft: 0, viewportWidth: 800 };
  it('leaves a match that is wholly in view where it is', () => {
    assert.equal(scrollLeftToReveal({ ...view, left: 100, width: 40 }), 0);
    assert.equal(scrollLeftToReveal({ left: 1300, width: 40, scrollLeft: 1000, viewportWidth: 800 }), 1000);
  });
  it('centres a match past the right edge, or left of the view', () => {
    assert.equal(scrollLeftToReveal({ ...view, left: 1500, width: 40 }), 1120);
    assert.equal(scrollLeftToReveal({ left: 20, width: 40, scrollLeft: 1000, viewportWidth: 800 }), 0);
    assert.equal(scrollLeftToReveal({ left: 900, width: 40, scrollLeft: 1000, viewportWidth: 800 }), 520);
  });
  it('puts the start of a match wider than the view at its left edge', () => {
    assert.equal(scrollLeftToReveal({ ...view, left: 2000, width: 1000 }), 2000);
  });
});

describe('fillHeight', () => {
  it('ends the page at the window bottom, less what follows the element', () => {
    assert.equal(fillHeight({ viewportHeight: 780, top: 230, below: 16, minHeight: 200 }), 534);
    // A taller window after a resize: the element grows by as much.
    assert.equal(fillHeight({ viewportHeight: 980, top: 230, below: 16, minHeight: 200 }), 734);
  });
  it('keeps a least height in a short window', () => {
    assert.equal(fillHeight({ viewportHeight: 300, top: 230, below: 16, minHeight: 200 }), 200);
  });
});
