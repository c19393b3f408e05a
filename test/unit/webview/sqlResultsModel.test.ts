import * as assert from 'node:assert/strict';
import type { RowQuery, RunSummary } from '../../../shared/protocol/sqlResultsPage';
import { cellText, compareKeys, sortKey } from '../../../shared/sql/cellText';
import {
  columnWidthCh,
  countText,
  elapsedText,
  isNumericType,
  nextSort,
  statementLine,
  viewsOf,
  WindowCache,
} from '../../../webview/panels/sqlResults/model';

const q: RowQuery = { view: 'rows', filters: [] };
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i, cells: [from + i] }));

function summary(o: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 1,
    statement: 'SELECT 1',
    engine: 'spark',
    cluster: 'sales-etl',
    namespace: 'analytics',
    phase: 'done',
    startedAt: 0,
    elapsedMs: 0,
    running: false,
    columns: [{ name: 'n', type: 'int' }],
    changelog: false,
    received: 1500,
    kept: 1500,
    tableRows: 0,
    evicted: 0,
    limitReached: false,
    paused: false,
    rowLimit: 100_000,
    released: false,
    version: 3,
    ...o,
  };
}

describe('SQL results page: the window it holds and what its header says', () => {
  it('asks a block around what shows, then nothing while it covers the view and the rows did not change', () => {
    const c = new WindowCache();
    c.reset(1, q, 1_000_000);
    const plan = c.plan(500, 540, 7)!;
    assert.ok(plan.start < 500 && plan.start + plan.count > 540, JSON.stringify(plan));
    assert.ok(plan.count <= 1000);
    assert.equal(c.plan(500, 540, 7), undefined, 'the same ask is on its way');
    assert.equal(c.accept({ runId: 1, version: 7, total: 1_000_000, start: plan.start, rows: rows(plan.start, plan.count) }, q), true);
    assert.equal(c.plan(510, 545, 7), undefined, 'covered');
    assert.deepEqual(c.row(520), { id: 520, cells: [520] });
    assert.ok(c.plan(510, 545, 8), 'newer rows: ask again');
    assert.ok(c.plan(900_000, 900_040, 8), 'far away: ask');
  });

  it('drops an answer for another run or query, and asks again after a failure', () => {
    const c = new WindowCache();
    c.reset(2, q, 10);
    assert.equal(c.accept({ runId: 1, version: 1, total: 10, start: 0, rows: rows(0, 10) }, q), false);
    assert.equal(
      c.accept({ runId: 2, version: 1, total: 10, start: 0, rows: rows(0, 10) }, { view: 'rows', filters: [{ column: 0, text: 'x' }] }),
      false,
    );
    assert.ok(c.plan(0, 10, 1));
    c.failed();
    assert.ok(c.plan(0, 10, 1), 'the same ask again once it failed');
  });

  it('says elapsed time, counts and phases in words, and cycles a column’s sort', () => {
    assert.equal(elapsedText(850), '850 ms');
    assert.equal(elapsedText(12_400), '12.4 s');
    assert.equal(elapsedText(185_000), '3 min 05 s');
    assert.equal(countText(summary(), 'rows', undefined), '1,500 rows');
    assert.equal(countText(summary(), 'rows', 20), '20 of 1,500 rows');
    assert.equal(
      countText(summary({ changelog: true, received: 250, kept: 100, evicted: 150, tableRows: 3 }), 'changes', undefined),
      '250 changes · 150 oldest evicted',
    );
    assert.equal(countText(summary({ changelog: true, tableRows: 3 }), 'table', undefined), '3 rows');
    assert.deepEqual(viewsOf({ changelog: true }), ['table', 'changes']);
    assert.deepEqual(nextSort(undefined, 2), { column: 2, descending: false });
    assert.deepEqual(nextSort({ column: 2, descending: false }, 2), { column: 2, descending: true });
    assert.equal(nextSort({ column: 2, descending: true }, 2), undefined);
    assert.deepEqual(nextSort({ column: 2, descending: true }, 1), { column: 1, descending: false });
  });

  it('right-aligns numeric types, sizes columns from their values within bounds, and shows a statement on one line', () => {
    assert.equal(isNumericType('decimal(10,2)'), true);
    assert.equal(isNumericType('BIGINT NOT NULL'), true);
    assert.equal(isNumericType('string'), false);
    assert.equal(columnWidthCh('id', 'int', [1, 22]), 6);
    assert.equal(columnWidthCh('note', 'string', ['x'.repeat(500)]), 48);
    assert.equal(statementLine('SELECT *\n  FROM t\n WHERE x = 1'), 'SELECT * FROM t WHERE x = 1');
    assert.equal(statementLine('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  });

  it('shows a cell as text the same way the host filters it: NULL as NULL, nested as JSON', () => {
    assert.equal(cellText(null), 'NULL');
    assert.equal(cellText(false), 'false');
    assert.equal(cellText([{ key: 'a', value: 1 }]), '[{"key":"a","value":1}]');
    assert.ok(compareKeys(sortKey('9.5'), sortKey('10')) < 0, 'decimals as text compare by value');
    assert.ok(compareKeys(sortKey(null), sortKey(1)) > 0, 'NULL last');
  });
});
