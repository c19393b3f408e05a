import * as assert from 'node:assert/strict';
import type { GraphData } from '../../../shared/protocol/taskPage';
import {
  bytesText,
  countText,
  durationText,
  graphColumns,
  isChain,
  loadTone,
  stateTone,
  taskButtons,
} from '../../../webview/panels/task/model';

const v = (id: string, depth: number, o: Partial<GraphData['vertices'][number]> = {}) => ({
  id,
  name: id.toUpperCase(),
  parallelism: 2,
  status: 'RUNNING',
  depth,
  ...o,
});

describe('task page model', () => {
  it('buttons: in the extension’s order, refused ones disabled with the reason, the first offered change primary, running ones busy', () => {
    const b = taskButtons({
      list: [
        { action: 'stop', refusal: 'A FINISHED task cannot be stopped.' },
        { action: 'cancel', refusal: 'A FINISHED task cannot be stopped.' },
        { action: 'runAgain' },
        { action: 'showTaskLogs' },
        { action: 'showTaskOutput' },
      ],
      running: ['showTaskLogs'],
    });
    assert.deepEqual(
      b.map((x) => [x.action, x.enabled, x.secondary, x.busy]),
      [
        ['stop', false, true, false],
        ['cancel', false, true, false],
        ['runAgain', true, false, false],
        ['showTaskLogs', true, true, true],
        ['showTaskOutput', true, true, false],
      ],
    );
    assert.equal(b[0].title, 'A FINISHED task cannot be stopped.');
    assert.equal(b[0].label, 'Stop with Savepoint…');
  });

  it('state tones follow the state table’s colours', () => {
    assert.equal(stateTone('RUNNING'), 'success');
    assert.equal(stateTone('FAILED'), 'error');
    assert.equal(stateTone('RESTARTING'), 'warning');
    assert.equal(stateTone('FINISHED'), 'default');
  });

  it('the graph in columns by depth; a chain needs no input names, a fan-in does', () => {
    const chain: GraphData = {
      vertices: [v('src', 0), v('map', 1), v('sink', 2)],
      edges: [
        { from: 'src', to: 'map' },
        { from: 'map', to: 'sink', ship: 'HASH' },
      ],
    };
    const cols = graphColumns(chain);
    assert.deepEqual(
      cols.map((c) => c.vertices.map((x) => x.id)),
      [['src'], ['map'], ['sink']],
    );
    assert.deepEqual(cols[2].vertices[0].inputs, [{ name: 'MAP', ship: 'HASH' }]);
    assert.equal(isChain(cols), true);
    const join: GraphData = {
      vertices: [v('a', 0), v('b', 0), v('j', 1)],
      edges: [
        { from: 'a', to: 'j' },
        { from: 'b', to: 'j' },
      ],
    };
    const jc = graphColumns(join);
    assert.deepEqual(
      jc.map((c) => c.vertices.length),
      [2, 1],
    );
    assert.equal(isChain(jc), false);
  });

  it('load tones: backpressure first, then busy', () => {
    assert.equal(loadTone({ busyPercent: 10, backpressurePercent: 60 }), 'error');
    assert.equal(loadTone({ busyPercent: 90 }), 'warning');
    assert.equal(loadTone({}), 'default');
  });

  it('numbers, sizes and durations read short', () => {
    assert.equal(countText(999), '999');
    assert.equal(countText(1500), '1.5k');
    assert.equal(countText(2_500_000), '2.5M');
    assert.equal(countText(undefined), '—');
    assert.equal(bytesText(512), '512 B');
    assert.equal(bytesText(1536), '1.5 KiB');
    assert.equal(bytesText(300 * 2 ** 20), '300 MiB');
    assert.equal(durationText(250), '250 ms');
    assert.equal(durationText(3_723_000), '1h 2m');
    assert.equal(durationText(65_000), '1m 5s');
  });
});
