/**
 * A SQL document split into the statements it holds, each with where it stands in the document, so
 * the editor can run the one under the cursor, put a CodeLens over each and map an engine's error
 * back onto the text. A `;` ends a statement only outside string literals, quoted identifiers,
 * backticks and comments.
 */

/** A place in a document: 0-based line and character (UTF-16 code units), as editors count. */
export interface SqlPosition {
  readonly line: number;
  readonly character: number;
}

export interface SqlRange {
  readonly start: SqlPosition;
  readonly end: SqlPosition;
}

export interface SqlStatement {
  /** The statement as sent: from its first token to its last, comments inside kept, without the `;`. */
  readonly text: string;
  /** Offsets into the document: `text` is `document.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Where the statement's terminator ends (after its `;`), or `end` when it has none. */
  readonly terminatorEnd: number;
  readonly range: SqlRange;
}

/**
 * The dialect's rules for string literals: Spark reads `\` as an escape inside quotes (`'it\'s'`);
 * Flink, as Calcite, does not (`'C:\'` is a whole literal). Both double a quote to escape it.
 */
export type SqlDialect = 'spark' | 'flink';

/** Offsets of the line starts, to turn offsets into positions in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.starts.push(i + 1);
      else if (ch === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): SqlPosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: SqlPosition): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    // Not past the line's own end (its line break excluded).
    let lineEnd = next;
    if (pos.line + 1 < this.starts.length) {
      lineEnd--;
      if (lineEnd > start && this.text.charCodeAt(lineEnd) === 10 && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    }
    return start + Math.max(0, Math.min(pos.character, lineEnd - start));
  }
}

/** What the scanner is inside of at a character. */
type Mode = 'code' | 'single' | 'double' | 'backtick' | 'line' | 'block';

/**
 * Splits `text` into its statements, in order. Statements holding only comments and whitespace are
 * left out; an unterminated string or comment runs to the end of the text (the engine says why).
 */
export function splitStatements(text: string, dialect: SqlDialect = 'spark'): SqlStatement[] {
  const lines = new LineIndex(text);
  const out: SqlStatement[] = [];
  const backslash = dialect === 'spark';
  let mode: Mode = 'code';
  /** The first and the end of the last character of the current statement that are not comment or whitespace. */
  let first = -1;
  let last = -1;
  const flush = (terminatorEnd: number): void => {
    if (first >= 0) {
      out.push({
        text: text.slice(first, last),
        start: first,
        end: last,
        terminatorEnd,
        range: { start: lines.positionAt(first), end: lines.positionAt(last) },
      });
    }
    first = -1;
    last = -1;
  };
  const token = (from: number, to: number): void => {
    if (first < 0) first = from;
    last = to;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    switch (mode) {
      case 'code':
        if (ch === ';') {
          flush(i + 1);
          i++;
        } else if (ch === '-' && text[i + 1] === '-') {
          mode = 'line';
          i += 2;
        } else if (ch === '/' && text[i + 1] === '*') {
          mode = 'block';
          i += 2;
        } else if (ch === "'" || ch === '"' || ch === '`') {
          mode = ch === "'" ? 'single' : ch === '"' ? 'double' : 'backtick';
          token(i, i + 1);
          i++;
        } else {
          if (!isSpace(ch)) token(i, i + 1);
          i++;
        }
        break;
      case 'single':
      case 'double':
      case 'backtick': {
        const quote = mode === 'single' ? "'" : mode === 'double' ? '"' : '`';
        if (ch === '\\' && backslash && mode !== 'backtick' && i + 1 < text.length) {
          token(i, i + 2);
          i += 2;
          break;
        }
        // A doubled quote closes and reopens: the same split either way.
        if (ch === quote) mode = 'code';
        token(i, i + 1);
        i++;
        break;
      }
      case 'line':
        if (ch === '\n' || ch === '\r') mode = 'code';
        i++;
        break;
      case 'block':
        if (ch === '*' && text[i + 1] === '/') {
          mode = 'code';
          i += 2;
        } else i++;
        break;
    }
  }
  flush(text.length);
  return out;
}

const isSpace = (ch: string): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff';

/**
 * The statement the cursor at `offset` means: the one it stands in (its `;` and the rest of that
 * line included), else the one that ends earlier on the cursor's line, else the one that starts
 * later on it; undefined on a line with none (a blank line between statements).
 */
export function statementAt(statements: readonly SqlStatement[], offset: number, lines: LineIndex): SqlStatement | undefined {
  const inside =
    statements.find((s) => s.start <= offset && offset <= s.end) ?? statements.find((s) => s.end < offset && offset <= s.terminatorEnd);
  if (inside) return inside;
  const line = lines.positionAt(offset).line;
  const before = [...statements].reverse().find((s) => s.terminatorEnd <= offset && lines.positionAt(s.terminatorEnd).line === line);
  if (before) return before;
  return statements.find((s) => s.start >= offset && s.range.start.line === line);
}

/** The statements of a selection `[from, to)`, with offsets and ranges in the whole document. */
export function statementsIn(text: string, from: number, to: number, dialect: SqlDialect = 'spark'): SqlStatement[] {
  const lines = new LineIndex(text);
  return splitStatements(text.slice(from, to), dialect).map((s) => ({
    text: s.text,
    start: s.start + from,
    end: s.end + from,
    terminatorEnd: s.terminatorEnd + from,
    range: { start: lines.positionAt(s.start + from), end: lines.positionAt(s.end + from) },
  }));
}

/**
 * Where an engine's error lands in the document: `line`/`column` are 1-based and relative to the
 * statement as sent; the range covers the word there (the name the engine could not resolve), or
 * the whole statement when the engine gave no position or one outside the statement.
 */
export function errorRange(statement: SqlStatement, lines: LineIndex, line?: number, column?: number): SqlRange {
  if (line === undefined || line < 1) return statement.range;
  const inner = new LineIndex(statement.text);
  const at = inner.offsetAt({ line: line - 1, character: Math.max(0, (column ?? 1) - 1) });
  if (line - 1 >= lineCount(statement.text)) return statement.range;
  let end = at;
  while (end < statement.text.length && /[\w$.`"]/.test(statement.text[end])) end++;
  if (end === at) end = Math.min(statement.text.length, at + 1);
  if (end === at) return statement.range;
  return { start: lines.positionAt(statement.start + at), end: lines.positionAt(statement.start + end) };
}

const lineCount = (text: string): number => new LineIndex(text).positionAt(text.length).line + 1;
