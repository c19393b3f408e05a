import * as assert from 'node:assert/strict';
import { age, badgeText, countEvents, newestFirst } from '../../../webview/components/eventsModel';
import type { EventRow } from '../../../shared/protocol/clusterPage';

const ev = (reason: string, type: string, lastTime: string | undefined, count = 1): EventRow => ({
  type,
  reason,
  message: '',
  object: 'pod/x',
  count,
  lastTime,
});

describe('events model', () => {
  const rows = [
    ev('Scheduled', 'Normal', '2025-05-01T10:00:00Z'),
    ev('BackOff', 'Warning', '2025-05-01T10:05:00Z', 12),
    ev('NoTime', 'Normal', undefined),
    ev('Pulled', 'Normal', '2025-05-01T10:01:00Z', 2),
    ev('Failed', 'Warning', '2025-05-01T10:04:00Z'),
  ];
  it('orders newest first, events without time last', () =>
    assert.deepEqual(
      newestFirst(rows).map((r) => r.reason),
      ['BackOff', 'Failed', 'Pulled', 'Scheduled', 'NoTime'],
    ));
  it('counts occurrences for the warnings / total badge', () => {
    assert.deepEqual(countEvents(rows), { warnings: 13, total: 17 });
    assert.equal(badgeText(countEvents(rows)), '13 / 17');
    assert.equal(badgeText(countEvents([])), '0 / 0');
  });
  it('formats ages', () => {
    const now = Date.parse('2025-05-01T12:00:00Z');
    assert.deepEqual(
      ['2025-05-01T11:59:30Z', '2025-05-01T11:30:00Z', '2025-05-01T09:00:00Z', '2025-04-28T12:00:00Z', undefined].map((t) => age(t, now)),
      ['30s', '30m', '3h', '3d', ''],
    );
  });
});
