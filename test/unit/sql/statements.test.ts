import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { errorRange, LineIndex, splitStatements, statementAt, statementsIn } from '../../../src/sql/statements';

const texts = (sql: string, dialect?: 'spark' | 'flink') => splitStatements(sql, dialect).map((s) => s.text);

describe('SQL statements', () => {
  it('splits on ; and leaves out empty statements and comment-only ones', () => {
    assert.deepEqual(texts('SELECT 1; SELECT 2;;\n  -- nothing here\n;SELECT 3'), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
    assert.deepEqual(texts(''), []);
    assert.deepEqual(texts(' ;\n; -- a;b\n/* c;d */'), []);
  });

  it('does not split inside strings, quoted identifiers, backticks and comments', () => {
    const sql = ['SELECT \'a;b\', "c;d", `e;f` FROM t -- g;h', "WHERE x = 'it''s; fine' /* i;\n j */ AND y = 1;", 'USE `my;db`'].join('\n');
    assert.deepEqual(texts(sql), [
      "SELECT 'a;b', \"c;d\", `e;f` FROM t -- g;h\nWHERE x = 'it''s; fine' /* i;\n j */ AND y = 1",
      'USE `my;db`',
    ]);
  });

  it('reads backslash escapes in Spark strings but not in Flink ones', () => {
    const sql = "SELECT 'a\\';b'; SELECT 2";
    assert.deepEqual(texts(sql, 'spark'), ["SELECT 'a\\';b'", 'SELECT 2']);
    assert.deepEqual(texts(sql, 'flink'), ["SELECT 'a\\'", "b'; SELECT 2"]);
  });

  it('starts a statement at its first token, after leading comments, with its range in the document', () => {
    const sql = '-- the orders\n\n  SELECT *\n  FROM sales.orders ;\r\nSELECT 2';
    const [a, b] = splitStatements(sql);
    assert.equal(a.text, 'SELECT *\n  FROM sales.orders');
    assert.deepEqual(a.range, { start: { line: 2, character: 2 }, end: { line: 3, character: 19 } });
    assert.equal(a.terminatorEnd, sql.indexOf(';') + 1);
    assert.deepEqual(b.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 8 } });
    assert.equal(b.terminatorEnd, sql.length);
  });

  it('runs an unterminated string or comment to the end', () => {
    assert.deepEqual(texts("SELECT 'abc; SELECT 2"), ["SELECT 'abc; SELECT 2"]);
    assert.deepEqual(texts('SELECT 1 /* ; SELECT 2'), ['SELECT 1']);
  });

  it('finds the statement under the cursor, its ; and the rest of its line included', () => {
    const sql = 'SELECT 1;  \n\nSELECT 2; SELECT 3;\n';
    const all = splitStatements(sql);
    const lines = new LineIndex(sql);
    const at = (offset: number) => statementAt(all, offset, lines)?.text;
    assert.equal(at(0), 'SELECT 1');
    assert.equal(at(8), 'SELECT 1');
    assert.equal(at(9), 'SELECT 1');
    assert.equal(at(11), 'SELECT 1', 'trailing blanks after the ;');
    assert.equal(at(12), undefined, 'the blank line between');
    assert.equal(at(sql.indexOf('SELECT 3') - 1), 'SELECT 2');
    assert.equal(at(sql.indexOf('SELECT 3') + 3), 'SELECT 3');
    assert.equal(at(sql.length), undefined);
  });

  it('splits a selection with offsets in the whole document', () => {
    const sql = 'SELECT 0;\nSELECT 1; SELECT 2; SELECT 3';
    const from = sql.indexOf('SELECT 1');
    const got = statementsIn(sql, from, sql.indexOf('SELECT 3'));
    assert.deepEqual(
      got.map((s) => [s.text, sql.slice(s.start, s.end), s.range.start]),
      [
        ['SELECT 1', 'SELECT 1', { line: 1, character: 0 }],
        ['SELECT 2', 'SELECT 2', { line: 1, character: 10 }],
      ],
    );
  });

  it("maps an engine's line and column onto the word in the document", () => {
    const sql = '-- report\nSELECT 1;\nSELECT *\n  FROM sales.ordrs\n  WHERE 1 = 1';
    const lines = new LineIndex(sql);
    const stmt = splitStatements(sql)[1];
    // Spark: "line 2 pos 7" (pos 0-based) → column 8.
    assert.deepEqual(errorRange(stmt, lines, 2, 8), { start: { line: 3, character: 7 }, end: { line: 3, character: 18 } });
    assert.deepEqual(errorRange(stmt, lines, 1, 1), { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
    assert.deepEqual(errorRange(stmt, lines), stmt.range, 'no position: the whole statement');
    assert.deepEqual(errorRange(stmt, lines, 9, 1), stmt.range, 'a line past the statement: the whole statement');
  });

  it('turns offsets into positions and back across \\n, \\r\\n and \\r', () => {
    const sql = 'a\nbc\r\nd\re';
    const lines = new LineIndex(sql);
    assert.deepEqual(lines.positionAt(sql.indexOf('c')), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(sql.indexOf('e')), { line: 3, character: 0 });
    assert.equal(lines.offsetAt({ line: 1, character: 99 }), sql.indexOf('\r\n'));
    for (let o = 0; o <= sql.length; o++) {
      if (sql[o - 1] === '\r' && sql[o] === '\n') continue; // inside a line break: no position of its own
      assert.equal(lines.offsetAt(lines.positionAt(o)), o, `offset ${o}`);
    }
  });

  describe('properties', () => {
    const chars = (alphabet: string[], max = 8) => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((a) => a.join(''));
    const tricky = ['a', ';', ' ', '-', '/', '*', '\n', 'x', '--', '/*', '*/'];
    const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,6}$/);
    const single = chars([...tricky, '"', '`', "''"]).map((s) => `'${s}'`);
    const double = chars([...tricky, "'", '`', '""']).map((s) => `"${s}"`);
    const backtick = chars([...tricky, "'", '"', '``']).map((s) => `\`${s}\``);
    const block = chars(tricky.filter((t) => t !== '*/' && t !== '*'))
      .map((s) => `/*${s}*/`)
      .filter((s) => s.indexOf('*/') === s.length - 2);
    const line = chars(tricky.filter((t) => t !== '\n')).map((s) => `--${s}\n`);
    const code = fc.oneof(word, single, double, backtick, fc.constantFrom('(', ')', ',', '=', '1', '*'));
    const gap = fc.oneof(
      fc.constantFrom(' ', '\n', '\t', '\r\n'),
      block.map((b) => ` ${b} `),
      line.map((l) => ` ${l}`),
    );
    const statement = fc
      .tuple(code, fc.array(fc.tuple(gap, code), { maxLength: 6 }))
      .map(([head, rest]) => head + rest.map(([g, c]) => g + c).join(''));
    const filler = fc.array(gap, { maxLength: 3 }).map((g) => g.join(''));
    const script = fc.tuple(filler, fc.array(fc.tuple(statement, filler, filler), { maxLength: 6 }), fc.boolean());

    const build = ([lead, parts, trailingSemicolon]: [string, [string, string, string][], boolean]) => {
      let sql = lead;
      parts.forEach(([s, before, after], i) => {
        sql += s + before + (i < parts.length - 1 || trailingSemicolon ? ';' : '') + after;
      });
      return { sql, statements: parts.map(([s]) => s) };
    };

    for (const dialect of ['spark', 'flink'] as const) {
      it(`gives back the statements a script was made of (${dialect})`, () => {
        fc.assert(
          fc.property(script, (input) => {
            const { sql, statements } = build(input);
            const got = splitStatements(sql, dialect);
            assert.deepEqual(
              got.map((s) => s.text),
              statements,
            );
            for (const s of got) assert.equal(sql.slice(s.start, s.end), s.text);
          }),
          { numRuns: 500 },
        );
      });
    }

    it('never throws, and its statements are ordered, disjoint slices of the text with their ranges', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...tricky, "'", '"', '`', '\\', '\r', 'é', '\u00a0') }), (sql) => {
          const lines = new LineIndex(sql);
          let previous = 0;
          for (const s of splitStatements(sql)) {
            assert.ok(previous <= s.start && s.start < s.end && s.end <= s.terminatorEnd && s.terminatorEnd <= sql.length);
            assert.equal(s.text, sql.slice(s.start, s.end));
            assert.equal(s.text.trimStart(), s.text);
            // Only an unterminated string may end in blanks: it runs to the end of the text.
            if (s.text.trimEnd() !== s.text) assert.equal(s.end, sql.length);
            assert.deepEqual(s.range, { start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
            previous = s.terminatorEnd;
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('splitting one statement again gives it back alone', () => {
      fc.assert(
        fc.property(statement, (s) => {
          assert.deepEqual(texts(s), [s]);
          assert.deepEqual(texts(`${s};`), [s]);
        }),
      );
    });

    it('the statement under any cursor inside a statement is that statement', () => {
      fc.assert(
        fc.property(script, fc.nat(), (input, n) => {
          const { sql } = build(input);
          const all = splitStatements(sql);
          if (all.length === 0) return;
          const s = all[n % all.length];
          const offset = s.start + (n % (s.end - s.start + 1));
          assert.equal(statementAt(all, offset, new LineIndex(sql)), s);
        }),
      );
    });
  });
});
