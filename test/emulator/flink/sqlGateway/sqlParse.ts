/**
 * The emulated SQL Gateway's parser: the slice of Flink SQL its streaming engine runs (SHOW, USE,
 * SET/RESET, CREATE/DROP TABLE and DATABASE, DESCRIBE, SELECT with WHERE, GROUP BY and LIMIT).
 * Positions are 1-based line/column as Calcite reports them, and a parse error reads as Flink's:
 * `Encountered "x" at line 1, column 10.`
 */

export interface Token {
  readonly kind: 'ident' | 'quoted' | 'string' | 'number' | 'symbol' | 'eof';
  readonly text: string;
  /** Upper-cased for identifiers (keywords compare on it); the value for quoted and strings. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export class SqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** A validation failure with Calcite's `From line a, column b to line c, column d: ` prefix when positioned. */
export class SqlValidationError extends Error {
  constructor(message: string, at?: { from: Token; to: Token }) {
    super(
      at ? `From line ${at.from.line}, column ${at.from.column} to line ${at.to.endLine}, column ${at.to.endColumn}: ${message}` : message,
    );
  }
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (sql[i] === '\n') {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      advance(1);
      continue;
    }
    if (sql.startsWith('--', i)) {
      while (i < sql.length && sql[i] !== '\n') advance(1);
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      advance((end < 0 ? sql.length : end + 2) - i);
      continue;
    }
    const start = { line, column: col, at: i };
    let kind: Token['kind'];
    let value: string;
    if (c === "'" || c === '`') {
      let v = '';
      advance(1);
      for (;;) {
        if (i >= sql.length)
          throw new SqlSyntaxError(`Lexical error at line ${start.line}, column ${start.column}.  Encountered: <EOF> after : "${c}${v}"`);
        if (sql[i] === c && sql[i + 1] === c) {
          v += c;
          advance(2);
        } else if (sql[i] === c) {
          advance(1);
          break;
        } else {
          v += sql[i];
          advance(1);
        }
      }
      kind = c === "'" ? 'string' : 'quoted';
      value = v;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(sql.slice(i))!;
      advance(m[0].length);
      kind = 'number';
      value = m[0];
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      advance(m[0].length);
      kind = 'ident';
      value = m[0].toUpperCase();
    } else {
      const two = sql.slice(i, i + 2);
      const sym = ['<=', '>=', '<>', '!=', '||'].includes(two) ? two : c;
      if (!'(),;=*.<>+-/%'.includes(sym[0])) throw new SqlSyntaxError(`Lexical error at line ${line}, column ${col}.  Encountered: "${c}"`);
      advance(sym.length);
      kind = 'symbol';
      value = sym;
    }
    tokens.push({
      kind,
      text: sql.slice(start.at, i),
      value,
      line: start.line,
      column: start.column,
      endLine: line,
      endColumn: Math.max(1, col - 1),
    });
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '<EOF>', line, column: col, endLine: line, endColumn: col });
  return tokens;
}

export type Expr =
  | { readonly op: 'col'; readonly name: string; readonly tok: Token }
  | { readonly op: 'lit'; readonly value: null | boolean | number | string; readonly tok: Token }
  | { readonly op: 'star'; readonly tok: Token }
  | {
      readonly op: 'agg';
      readonly fn: 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVG';
      readonly arg: Expr | 'star';
      readonly tok: Token;
      readonly end: Token;
    }
  | { readonly op: 'bin'; readonly fn: string; readonly left: Expr; readonly right: Expr; readonly tok: Token }
  | { readonly op: 'not'; readonly arg: Expr; readonly tok: Token }
  | { readonly op: 'isnull'; readonly arg: Expr; readonly negate: boolean; readonly tok: Token };

export interface SelectItem {
  readonly expr: Expr;
  readonly alias?: string;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
}

type Select = Extract<Statement, { kind: 'select' }>;

export type Statement =
  | {
      readonly kind: 'show';
      readonly what: 'CATALOGS' | 'DATABASES' | 'TABLES' | 'VIEWS' | 'CURRENT CATALOG' | 'CURRENT DATABASE' | 'JOBS';
    }
  | { readonly kind: 'useCatalog'; readonly name: string }
  | { readonly kind: 'useDatabase'; readonly path: readonly string[] }
  | { readonly kind: 'set'; readonly key?: string; readonly value?: string }
  | { readonly kind: 'reset'; readonly key?: string }
  | { readonly kind: 'createDatabase'; readonly path: readonly string[]; readonly ifNotExists: boolean }
  | {
      readonly kind: 'createTable';
      readonly path: readonly string[];
      readonly ifNotExists: boolean;
      readonly columns: readonly ColumnDef[];
      readonly primaryKey?: readonly string[];
      readonly options: Readonly<Record<string, string>>;
      readonly pathToken: Token;
    }
  | {
      readonly kind: 'insert';
      readonly path: readonly string[];
      readonly pathToken: Token;
      readonly endToken: Token;
      readonly query: Select;
    }
  | { readonly kind: 'dropTable'; readonly path: readonly string[]; readonly ifExists: boolean; readonly pathToken: Token }
  | { readonly kind: 'describe'; readonly path: readonly string[]; readonly pathToken: Token; readonly endToken: Token }
  | {
      readonly kind: 'select';
      readonly items: readonly SelectItem[];
      readonly from?: { readonly path: readonly string[]; readonly tok: Token; readonly end: Token };
      readonly where?: Expr;
      readonly groupBy: readonly Expr[];
      readonly limit?: number;
    };

const RESERVED = new Set(['FROM', 'WHERE', 'GROUP', 'BY', 'LIMIT', 'AS', 'AND', 'OR', 'NOT', 'IS', 'NULL', 'SELECT', 'ORDER', 'HAVING']);

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  get peek(): Token {
    return this.t[this.i];
  }

  private fail(tok = this.peek): never {
    const shown = tok.kind === 'eof' ? '<EOF>' : tok.kind === 'string' ? `'${tok.value}'` : tok.text;
    throw new SqlSyntaxError(`Encountered "${shown}" at line ${tok.line}, column ${tok.column}.`);
  }

  isKw(...kws: string[]): boolean {
    return kws.every((k, n) => this.t[this.i + n]?.kind === 'ident' && this.t[this.i + n].value === k);
  }

  kw(...kws: string[]): void {
    for (const k of kws) {
      if (!this.isKw(k)) this.fail();
      this.i++;
    }
  }

  accept(...kws: string[]): boolean {
    if (!this.isKw(...kws)) return false;
    this.i += kws.length;
    return true;
  }

  sym(s: string): Token {
    const tok = this.peek;
    if (tok.kind !== 'symbol' || tok.value !== s) this.fail();
    this.i++;
    return tok;
  }

  acceptSym(s: string): boolean {
    if (this.peek.kind === 'symbol' && this.peek.value === s) return !!++this.i;
    return false;
  }

  name(): string {
    const tok = this.peek;
    if (tok.kind === 'quoted') return this.t[this.i++].value;
    if (tok.kind === 'ident' && !RESERVED.has(tok.value)) return this.t[this.i++].text;
    return this.fail();
  }

  path(): { path: string[]; tok: Token; end: Token } {
    const tok = this.peek;
    const path = [this.name()];
    while (this.acceptSym('.')) path.push(this.name());
    return { path, tok, end: this.t[this.i - 1] };
  }

  string(): string {
    const tok = this.peek;
    if (tok.kind !== 'string') this.fail();
    this.i++;
    return tok.value;
  }

  end(): void {
    this.acceptSym(';');
    if (this.peek.kind !== 'eof') this.fail();
  }

  statement(): Statement {
    let s: Statement;
    if (this.accept('SHOW')) s = this.show();
    else if (this.accept('USE')) {
      if (this.accept('CATALOG')) s = { kind: 'useCatalog', name: this.name() };
      else s = { kind: 'useDatabase', path: this.path().path };
    } else if (this.accept('SET')) {
      if (this.peek.kind === 'string') {
        const key = this.string();
        this.sym('=');
        s = { kind: 'set', key, value: this.string() };
      } else s = { kind: 'set' };
    } else if (this.accept('RESET')) s = { kind: 'reset', key: this.peek.kind === 'string' ? this.string() : undefined };
    else if (this.accept('CREATE')) s = this.create();
    else if (this.accept('DROP')) {
      if (this.accept('TEMPORARY')) void 0;
      this.kw('TABLE');
      const ifExists = this.accept('IF', 'EXISTS');
      const p = this.path();
      s = { kind: 'dropTable', path: p.path, ifExists, pathToken: p.tok };
    } else if (this.accept('DESCRIBE') || this.accept('DESC')) {
      const p = this.path();
      s = { kind: 'describe', path: p.path, pathToken: p.tok, endToken: p.end };
    } else if (this.accept('SELECT')) s = this.select();
    else if (this.accept('INSERT')) {
      this.kw('INTO');
      const p = this.path();
      this.kw('SELECT');
      s = { kind: 'insert', path: p.path, pathToken: p.tok, endToken: p.end, query: this.select() as Select };
    } else this.fail();
    this.end();
    return s;
  }

  private show(): Statement {
    for (const w of ['CATALOGS', 'DATABASES', 'TABLES', 'VIEWS', 'JOBS'] as const) if (this.accept(w)) return { kind: 'show', what: w };
    if (this.accept('CURRENT', 'CATALOG')) return { kind: 'show', what: 'CURRENT CATALOG' };
    if (this.accept('CURRENT', 'DATABASE')) return { kind: 'show', what: 'CURRENT DATABASE' };
    return this.fail();
  }

  private create(): Statement {
    if (this.accept('DATABASE')) {
      const ifNotExists = this.accept('IF', 'NOT', 'EXISTS');
      return { kind: 'createDatabase', ifNotExists, path: this.path().path };
    }
    this.accept('TEMPORARY');
    this.kw('TABLE');
    const ifNotExists = this.accept('IF', 'NOT', 'EXISTS');
    const p = this.path();
    this.sym('(');
    const columns: ColumnDef[] = [];
    let primaryKey: string[] | undefined;
    do {
      if (this.accept('PRIMARY', 'KEY')) {
        this.sym('(');
        primaryKey = [this.name()];
        while (this.acceptSym(',')) primaryKey.push(this.name());
        this.sym(')');
        this.kw('NOT', 'ENFORCED');
        continue;
      }
      const name = this.name();
      const type = this.type();
      const notNull = this.accept('NOT', 'NULL');
      columns.push({ name, type, notNull });
    } while (this.acceptSym(','));
    this.sym(')');
    const options: Record<string, string> = {};
    if (this.accept('WITH')) {
      this.sym('(');
      do {
        const k = this.string();
        this.sym('=');
        options[k] = this.string();
      } while (this.acceptSym(','));
      this.sym(')');
    }
    return { kind: 'createTable', path: p.path, ifNotExists, columns, primaryKey, options, pathToken: p.tok };
  }

  private type(): string {
    const tok = this.peek;
    if (tok.kind !== 'ident') this.fail();
    this.i++;
    let t = tok.value;
    if (t === 'TIMESTAMP_LTZ' || t === 'TIMESTAMP' || t === 'DECIMAL' || t === 'VARCHAR' || t === 'CHAR') {
      if (this.acceptSym('(')) {
        const args = [this.number()];
        while (this.acceptSym(',')) args.push(this.number());
        this.sym(')');
        t += `(${args.join(', ')})`;
      }
    }
    return t;
  }

  private number(): number {
    const tok = this.peek;
    if (tok.kind !== 'number') this.fail();
    this.i++;
    return Number(tok.value);
  }

  private select(): Statement {
    const items: SelectItem[] = [];
    do {
      const expr = this.expr();
      let alias: string | undefined;
      if (expr.op === 'star') void 0;
      else if (this.accept('AS')) alias = this.name();
      else if (this.peek.kind === 'quoted' || (this.peek.kind === 'ident' && !RESERVED.has(this.peek.value))) alias = this.name();
      items.push({ expr, alias });
    } while (this.acceptSym(','));
    let from: { path: string[]; tok: Token; end: Token } | undefined;
    if (this.accept('FROM')) from = this.path();
    const where = this.accept('WHERE') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (this.accept('GROUP', 'BY'))
      do groupBy.push(this.expr());
      while (this.acceptSym(','));
    const limit = this.accept('LIMIT') ? this.number() : undefined;
    return { kind: 'select', items, from, where, groupBy, limit };
  }

  // Precedence climbing: OR < AND < NOT < comparison < + - < * / %.
  expr(): Expr {
    let left = this.and();
    while (this.isKw('OR')) {
      const tok = this.t[this.i++];
      left = { op: 'bin', fn: 'OR', left, right: this.and(), tok };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKw('AND')) {
      const tok = this.t[this.i++];
      left = { op: 'bin', fn: 'AND', left, right: this.not(), tok };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKw('NOT')) {
      const tok = this.t[this.i++];
      return { op: 'not', arg: this.not(), tok };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const tok = this.peek;
    if (tok.kind === 'symbol' && ['=', '<>', '!=', '<', '>', '<=', '>='].includes(tok.value)) {
      this.i++;
      return { op: 'bin', fn: tok.value === '!=' ? '<>' : tok.value, left, right: this.additive(), tok };
    }
    if (this.isKw('IS')) {
      this.i++;
      const negate = this.accept('NOT');
      this.kw('NULL');
      return { op: 'isnull', arg: left, negate, tok };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.peek.kind === 'symbol' && ['+', '-', '||'].includes(this.peek.value)) {
      const tok = this.t[this.i++];
      left = { op: 'bin', fn: tok.value, left, right: this.multiplicative(), tok };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.primary();
    while (this.peek.kind === 'symbol' && ['*', '/', '%'].includes(this.peek.value)) {
      const tok = this.t[this.i++];
      left = { op: 'bin', fn: tok.value, left, right: this.primary(), tok };
    }
    return left;
  }

  private primary(): Expr {
    const tok = this.peek;
    if (tok.kind === 'symbol' && tok.value === '*') {
      this.i++;
      return { op: 'star', tok };
    }
    if (tok.kind === 'symbol' && tok.value === '(') {
      this.i++;
      const e = this.expr();
      this.sym(')');
      return e;
    }
    if (tok.kind === 'symbol' && tok.value === '-') {
      this.i++;
      const zero: Expr = { op: 'lit', value: 0, tok };
      return { op: 'bin', fn: '-', left: zero, right: this.primary(), tok };
    }
    if (tok.kind === 'number') {
      this.i++;
      return { op: 'lit', value: Number(tok.value), tok };
    }
    if (tok.kind === 'string') {
      this.i++;
      return { op: 'lit', value: tok.value, tok };
    }
    if (tok.kind === 'ident' && ['TRUE', 'FALSE', 'NULL'].includes(tok.value)) {
      this.i++;
      return { op: 'lit', value: tok.value === 'NULL' ? null : tok.value === 'TRUE', tok };
    }
    if (tok.kind === 'ident' && ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG'].includes(tok.value) && this.t[this.i + 1]?.value === '(') {
      this.i += 2;
      let arg: Expr | 'star';
      if (this.acceptSym('*')) arg = 'star';
      else arg = this.expr();
      const end = this.sym(')');
      return { op: 'agg', fn: tok.value as 'COUNT', arg, tok, end };
    }
    if (tok.kind === 'quoted' || (tok.kind === 'ident' && !RESERVED.has(tok.value))) {
      const name = this.name();
      return { op: 'col', name, tok };
    }
    return this.fail();
  }
}

/** One statement parsed, or a SqlSyntaxError in Flink's words. */
export function parse(sql: string): Statement {
  return new Parser(tokenize(sql)).statement();
}
