import * as assert from 'node:assert/strict';
import { newestFirstByTime, pageOf, withinDays } from '../../../webview/model/pagination';

describe('pagination of the activity', () => {
  const items = Array.from({ length: 57 }, (_, i) => i);
  it('cuts 20 rows per page and says which', () => {
    const p = pageOf(items, 1);
    assert.deepEqual(p.rows, items.slice(20, 40));
    assert.deepEqual([p.page, p.pages, p.from, p.to, p.total], [1, 3, 21, 40, 57]);
    assert.deepEqual(pageOf(items, 2).rows, items.slice(40));
  });
  it('clamps a page out of range (rows went away while the user was on the last page)', () => {
    assert.equal(pageOf(items, 9).page, 2);
    assert.equal(pageOf(items, -1).page, 0);
    assert.equal(pageOf(items, Number.NaN).page, 0);
    const empty = pageOf([], 3);
    assert.deepEqual([empty.page, empty.pages, empty.from, empty.to], [0, 1, 0, 0]);
  });
  it('orders newest first and keeps a week', () => {
    const rows = [{ time: '2026-11-20T00:00:00Z' }, { time: 'bad' }, { time: '2026-11-28T00:00:00Z' }];
    assert.deepEqual(
      newestFirstByTime(rows).map((r) => r.time),
      ['2026-11-28T00:00:00Z', '2026-11-20T00:00:00Z', 'bad'],
    );
    assert.deepEqual(withinDays(rows, Date.parse('2026-11-29T00:00:00Z'), 7), [{ time: '2026-11-28T00:00:00Z' }]);
  });
});
