import * as assert from 'node:assert/strict';
import { activePeriods, billedTime, billedWithin, formatDuration } from '../../../../shared/clusters/billing';

const H = 3_600_000;
const D = 24 * H;
const now = Date.parse('2026-11-29T12:00:00Z');
const at = (msBeforeNow: number) => new Date(now - msBeforeNow).toISOString();

describe('billed driver time from the activity', () => {
  it('counts start → terminate periods inside each window', () => {
    const rows = [
      { action: 'create', time: at(40 * D) },
      { action: 'start', time: at(35 * D), outcome: 'succeeded' as const },
      { action: 'terminate', time: at(35 * D - 10 * H), outcome: 'succeeded' as const },
      { action: 'start', time: at(10 * D) },
      { action: 'terminate', time: at(10 * D - 5 * H) },
      { action: 'start', time: at(2 * D) },
      { action: 'terminate', time: at(2 * D - 3 * H) },
    ];
    const b = billedTime(rows, now, false);
    assert.equal(b.last7DaysMs, 3 * H);
    assert.equal(b.last30DaysMs, 8 * H);
  });

  it('clips a period that began before the window', () => {
    const rows = [
      { action: 'start', time: at(8 * D) },
      { action: 'terminate', time: at(6 * D) },
    ];
    assert.equal(billedTime(rows, now, false).last7DaysMs, 1 * D);
  });

  it('counts an open period until now only while the driver is ACTIVE', () => {
    const rows = [{ action: 'start', time: at(5 * H) }];
    assert.equal(billedTime(rows, now, true).last7DaysMs, 5 * H);
    assert.equal(billedTime(rows, now, false).last7DaysMs, 0);
  });

  it('ignores failed and cancelled starts; a failed restart ends the period; a restart while running keeps it', () => {
    const rows = [
      { action: 'start', time: at(20 * H), outcome: 'failed' as const },
      { action: 'start', time: at(10 * H), outcome: 'cancelled' as const },
      { action: 'start', time: at(8 * H) },
      { action: 'restart', time: at(6 * H) },
      { action: 'restart', time: at(4 * H), outcome: 'failed' as const },
      { action: 'terminate', time: at(2 * H), outcome: 'failed' as const },
    ];
    assert.deepEqual(activePeriods(rows, now, false), [{ start: now - 8 * H, end: now - 4 * H }]);
  });

  it('sorts rows by time and skips unreadable times', () => {
    const rows = [
      { action: 'terminate', time: at(1 * H) },
      { action: 'start', time: 'yesterday' },
      { action: 'start', time: at(3 * H) },
    ];
    assert.equal(billedWithin(activePeriods(rows, now, false), now, 7), 2 * H);
  });

  it('formats hours and minutes', () => {
    assert.equal(formatDuration(0), '0 min');
    assert.equal(formatDuration(45 * 60_000), '45 min');
    assert.equal(formatDuration(3 * H + 5 * 60_000), '3 h 05 min');
    assert.equal(formatDuration(26 * H), '26 h 00 min');
  });
});
