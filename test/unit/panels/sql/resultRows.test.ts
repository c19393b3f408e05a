import * as assert from 'node:assert/strict';
import type { RowQuery } from '../../../../shared/protocol/sqlResultsPage';
import type { ChangeKind, SqlCell } from '../../../../shared/sql/sqlResult';
import { csvChunks, cutCell, jsonChunks, tsvText, uniqueNames, windowCell } from '../../../../src/panels/sql/exportText';
import { ResultRows } from '../../../../src/panels/sql/resultRows';
import { RowView } from '../../../../src/panels/sql/rowView';

const q = (o: Partial<RowQuery> = {}): RowQuery => ({ view: 'rows', filters: [], ...o });
const all = (store: ResultRows, view: RowQuery['view']) => Array.from({ length: store.count(view) }, (_, i) => store.at(view, i)!.cells);
const apply = (store: ResultRows, changes: [ChangeKind, ...SqlCell[]][]) =>
  store.append(
    changes.map(([, ...cells]) => cells),
    changes.map(([k]) => k),
  );

describe('SQL results: the rows the host keeps', () => {
  it('appends a query’s rows and reads any position', () => {
    const s = new ResultRows(false, 1000);
    s.append([
      [1, 'a'],
      [2, null],
    ]);
    s.append([[3, 'c']]);
    assert.equal(s.count('rows'), 3);
    assert.deepEqual(s.at('rows', 1), { id: 1, cells: [2, null] });
    assert.equal(s.at('rows', 3), undefined);
    assert.equal(s.version, 2);
  });

  it('applies a changelog by upsert key: an update keeps the row in place, a delete removes it', () => {
    const s = new ResultRows(true, 1000, [0]);
    apply(s, [
      ['+I', 'berlin', 1],
      ['+I', 'paris', 1],
      ['-U', 'berlin', 1],
      ['+U', 'berlin', 2],
      ['+I', 'rome', 5],
      ['-D', 'paris', 1],
    ]);
    assert.deepEqual(all(s, 'table'), [
      ['berlin', 2],
      ['rome', 5],
    ]);
    assert.equal(s.tableRows, 2);
    assert.deepEqual(
      Array.from({ length: s.count('changes') }, (_, i) => s.at('changes', i)!.kind),
      ['+I', '+I', '-U', '+U', '+I', '-D'],
    );
  });

  it('without an upsert key, a retraction removes one identical row and the next +U takes its place (as the SQL client does)', () => {
    const s = new ResultRows(true, 1000);
    apply(s, [
      ['+I', 'a', 1],
      ['+I', 'b', 1],
      ['+I', 'a', 1],
      ['-U', 'a', 1],
      ['+U', 'a', 2],
      ['-D', 'b', 1],
      ['-D', 'zzz', 9],
    ]);
    assert.deepEqual(all(s, 'table'), [
      ['a', 1],
      ['a', 2],
    ]);
  });

  it('caps the raw changelog, evicting the oldest, and the table at the same bound', () => {
    const s = new ResultRows(true, 100, [0]);
    for (let i = 0; i < 250; i++) apply(s, [['+I', i, `v${i}`]]);
    assert.equal(s.received, 250);
    assert.equal(s.kept, 100);
    assert.equal(s.evicted, 150);
    assert.deepEqual(s.at('changes', 0), { id: 150, cells: [150, 'v150'], kind: '+I' });
    assert.deepEqual(s.byId('changes', 249)?.cells, [249, 'v249']);
    assert.equal(s.byId('changes', 10), undefined, 'an evicted change is gone');
    assert.equal(s.tableRows, 100);
    assert.deepEqual(s.at('table', 0)?.cells, [150, 'v150']);
  });

  it('stays consistent through many updates (holes compacted)', () => {
    const s = new ResultRows(true, 10_000, [0]);
    for (let i = 0; i < 50; i++) apply(s, [['+I', i, 0]]);
    for (let round = 1; round <= 200; round++)
      for (let i = 0; i < 50; i++)
        apply(s, [
          ['-U', i, round - 1],
          ['+U', i, round],
        ]);
    assert.equal(s.tableRows, 50);
    assert.deepEqual(
      all(s, 'table'),
      Array.from({ length: 50 }, (_, i) => [i, 200]),
    );
  });

  it('lets the rows of an old run go and keeps the counts', () => {
    const s = new ResultRows(false, 1000);
    s.append([[1], [2]]);
    s.release();
    assert.equal(s.released, true);
    assert.equal(s.at('rows', 0), undefined);
  });
});

describe('SQL results: sort, filter and find over what was fetched', () => {
  const store = () => {
    const s = new ResultRows(false, 1000);
    s.append([
      [1, 'Berlin', '10.50'],
      [2, 'paris', null],
      [3, 'Bern', '9.5'],
      [4, null, '100'],
    ]);
    return s;
  };

  it('sorts numbers given as text by value, NULL last both ways, ties in arrival order', () => {
    const v = new RowView(store());
    const col = (query: RowQuery, c: number) => {
      const { total, at } = v.resolve(query);
      return Array.from({ length: total }, (_, i) => at(i)!.cells[c]);
    };
    assert.deepEqual(col(q({ sort: { column: 2, descending: false } }), 2), ['9.5', '10.50', '100', null]);
    assert.deepEqual(col(q({ sort: { column: 2, descending: true } }), 2), ['100', '10.50', '9.5', null]);
    assert.deepEqual(col(q({ sort: { column: 1, descending: false } }), 1), ['Berlin', 'Bern', 'paris', null]);
  });

  it('filters per column, case-insensitively, NULL matched by its word; all filters must match', () => {
    const v = new RowView(store());
    const ids = (query: RowQuery) => {
      const { total, at } = v.resolve(query);
      return Array.from({ length: total }, (_, i) => at(i)!.id);
    };
    assert.deepEqual(ids(q({ filters: [{ column: 1, text: 'BER' }] })), [0, 2]);
    assert.deepEqual(ids(q({ filters: [{ column: 2, text: 'null' }] })), [1]);
    assert.deepEqual(
      ids(
        q({
          filters: [
            { column: 1, text: 'ber' },
            { column: 2, text: '9' },
          ],
        }),
      ),
      [2],
    );
  });

  it('extends a filter over appended rows without losing earlier matches', () => {
    const s = store();
    const v = new RowView(s);
    const query = q({ filters: [{ column: 1, text: 'b' }] });
    assert.equal(v.resolve(query).total, 2);
    s.append([[5, 'Bonn', '1']]);
    const r = v.resolve(query);
    assert.equal(r.total, 3);
    assert.equal(r.at(2)!.id, 4);
  });

  it('finds the next and the previous row with a matching cell, wrapping, and counts them', () => {
    const v = new RowView(store());
    assert.deepEqual(v.find(q(), 'ber', -1, false), { position: 0, matches: 2 });
    assert.deepEqual(v.find(q(), 'ber', 0, false), { position: 2, matches: 2 });
    assert.deepEqual(v.find(q(), 'ber', 2, false), { position: 0, matches: 2 });
    assert.deepEqual(v.find(q(), 'ber', 0, true), { position: 2, matches: 2 });
    assert.deepEqual(v.find(q(), 'nowhere', 0, false), { matches: 0 });
  });
});

describe('SQL results: text for the clipboard and for files', () => {
  const cols = ['id', 'name', 'tags'];
  const rows = [{ cells: [1, 'a,"b"', ['x', 'y']] as SqlCell[] }, { cells: [2, null, { k: 1 }] as SqlCell[] }];

  it('writes CSV per RFC 4180: quotes where needed, NULL as an empty field, nested values as JSON', () => {
    assert.equal([...csvChunks(cols, rows, false)].join(''), 'id,name,tags\r\n1,"a,""b""","[""x"",""y""]"\r\n2,,"{""k"":1}"\r\n');
  });

  it('writes JSON as an array of objects, a repeated column name suffixed, a change’s kind as op', () => {
    assert.deepEqual(JSON.parse([...jsonChunks(['id', 'id'], [{ cells: [1, 2] }], false)].join('')), [{ id: 1, id_2: 2 }]);
    assert.deepEqual(JSON.parse([...jsonChunks(['op', 'n'], [{ cells: [3], kind: '-U' }], true)].join('')), [{ op: '-U', n: 3 }]);
    assert.deepEqual(JSON.parse([...jsonChunks(['n'], [], false)].join('')), []);
    assert.deepEqual(uniqueNames(['a', 'a', 'a']), ['a', 'a_2', 'a_3']);
  });

  it('copies tab-separated with the column names first, or one cell alone', () => {
    assert.equal(tsvText(cols, rows, false, true), 'id\tname\ttags\r\n1\t"a,""b"""\t"[""x"",""y""]"\r\n2\t\t"{""k"":1}"');
    assert.equal(tsvText(['n'], [{ cells: ['line\nbreak'] }], false, false), '"line\nbreak"');
  });

  it('cuts long text and big nested values on their way to the page, and turns NaN into its word', () => {
    const long = 'x'.repeat(5000);
    const c = cutCell({ s: long, list: Array.from({ length: 300 }, (_, i) => i) });
    assert.equal(c.cut, true);
    const v = c.value as { s: string; list: SqlCell[] };
    assert.equal(v.s.length, 4001);
    assert.equal(v.list.length, 201);
    assert.equal(windowCell(Number.NaN), 'NaN');
    assert.equal(windowCell(42), 42);
    assert.deepEqual(cutCell('short'), { value: 'short', cut: false });
  });
});
