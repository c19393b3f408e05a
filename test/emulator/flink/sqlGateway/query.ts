import { ColType, DatagenSource, TableDef, Value, colType, isNumeric, wireType } from './datagen';
import { Expr, SqlValidationError, Statement } from './sqlParse';

type Select = Extract<Statement, { kind: 'select' }>;
export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';
export interface OutRow {
  readonly kind: RowKind;
  readonly fields: Value[];
}
export interface OutColumn {
  readonly name: string;
  readonly type: ColType;
}

const INTEGRAL = ['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT'];
const BOOL: ColType = { root: 'BOOLEAN', nullable: true };
const at = (e: Expr) => ({ from: e.tok, to: e.op === 'agg' ? e.end : e.tok });

/** Types and evaluates expressions over one table's rows (by column index). */
class Scope {
  constructor(private readonly table: TableDef | undefined) {}

  index(e: Extract<Expr, { op: 'col' }>): number {
    const i = this.table?.columns.findIndex((c) => c.name === e.name) ?? -1;
    if (i < 0) throw new SqlValidationError(`Column '${e.name}' not found in any table`, at(e));
    return i;
  }

  type(e: Expr): ColType {
    switch (e.op) {
      case 'col':
        return this.table!.columns[this.index(e)].type;
      case 'lit':
        if (e.value === null) return { root: 'VARCHAR', nullable: true, length: 2147483647 };
        if (typeof e.value === 'boolean') return { root: 'BOOLEAN', nullable: false };
        if (typeof e.value === 'string') return { root: 'CHAR', nullable: false, length: Math.max(1, e.value.length) };
        if (Number.isInteger(e.value)) return { root: 'INTEGER', nullable: false };
        return { root: 'DOUBLE', nullable: false };
      case 'star':
        throw new SqlValidationError(`Unknown identifier '*'`, at(e));
      case 'agg': {
        if (e.fn === 'COUNT') return { root: 'BIGINT', nullable: false };
        const t = this.type(e.arg as Expr);
        if (!isNumeric(t) && e.fn !== 'MIN' && e.fn !== 'MAX')
          throw new SqlValidationError(
            `Cannot apply '${e.fn}' to arguments of type '${e.fn}(<${t.root}>)'. Supported form(s): '${e.fn}(<NUMERIC>)'`,
            at(e),
          );
        return { ...t, nullable: true };
      }
      case 'bin': {
        if (['AND', 'OR', '=', '<>', '<', '>', '<=', '>='].includes(e.fn)) return BOOL;
        if (e.fn === '||') return colType('STRING');
        const l = this.type(e.left);
        const r = this.type(e.right);
        if (!isNumeric(l) || !isNumeric(r))
          throw new SqlValidationError(`Cannot apply '${e.fn}' to arguments of type '<${l.root}> ${e.fn} <${r.root}>'`, {
            from: e.tok,
            to: e.tok,
          });
        const nullable = l.nullable || r.nullable;
        if ([l.root, r.root].some((x) => x === 'DOUBLE' || x === 'FLOAT' || x === 'DECIMAL')) return { root: 'DOUBLE', nullable };
        return { root: l.root === 'BIGINT' || r.root === 'BIGINT' ? 'BIGINT' : 'INTEGER', nullable };
      }
      case 'not':
      case 'isnull':
        return BOOL;
    }
  }

  /** A row-level evaluator; aggregates are read from `aggs` by their position in `aggList`. */
  compile(e: Expr, aggList: Extract<Expr, { op: 'agg' }>[]): (row: Value[], aggs: Value[]) => Value {
    switch (e.op) {
      case 'col': {
        const i = this.index(e);
        return (row) => row[i];
      }
      case 'lit':
        return () => e.value;
      case 'star':
        throw new SqlValidationError(`Unknown identifier '*'`, at(e));
      case 'agg': {
        const k = aggList.indexOf(e);
        return (_row, aggs) => aggs[k];
      }
      case 'not': {
        const a = this.compile(e.arg, aggList);
        return (r, g) => {
          const v = a(r, g);
          return v === null ? null : !v;
        };
      }
      case 'isnull': {
        const a = this.compile(e.arg, aggList);
        return (r, g) => (a(r, g) === null) !== e.negate;
      }
      case 'bin': {
        const l = this.compile(e.left, aggList);
        const r = this.compile(e.right, aggList);
        const integral = INTEGRAL.includes(this.type(e).root);
        const f = BINARY[e.fn];
        return (row, g) => f(l(row, g), r(row, g), integral);
      }
    }
  }
}

const num = (f: (a: number, b: number) => number) => (a: Value, b: Value, integral: boolean) =>
  a === null || b === null ? null : integral ? Math.trunc(f(Number(a), Number(b))) : f(Number(a), Number(b));
const cmp = (f: (c: number) => boolean) => (a: Value, b: Value) =>
  a === null || b === null
    ? null
    : f(typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
const BINARY: Record<string, (a: Value, b: Value, integral: boolean) => Value> = {
  '+': num((a, b) => a + b),
  '-': num((a, b) => a - b),
  '*': num((a, b) => a * b),
  '/': num((a, b) => a / b),
  '%': num((a, b) => a % b),
  '||': (a, b) => (a === null || b === null ? null : `${a}${b}`),
  '=': cmp((c) => c === 0),
  '<>': cmp((c) => c !== 0),
  '<': cmp((c) => c < 0),
  '>': cmp((c) => c > 0),
  '<=': cmp((c) => c <= 0),
  '>=': cmp((c) => c >= 0),
  AND: (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true),
  OR: (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false),
};

function aggregatesOf(e: Expr, out: Extract<Expr, { op: 'agg' }>[]): void {
  if (e.op === 'agg') out.push(e);
  else if (e.op === 'bin') {
    aggregatesOf(e.left, out);
    aggregatesOf(e.right, out);
  } else if (e.op === 'not' || e.op === 'isnull') aggregatesOf(e.arg, out);
}

function columnsOf(e: Expr, out: Extract<Expr, { op: 'col' }>[]): void {
  if (e.op === 'col') out.push(e);
  else if (e.op === 'bin') {
    columnsOf(e.left, out);
    columnsOf(e.right, out);
  } else if (e.op === 'not' || e.op === 'isnull') columnsOf(e.arg, out);
}

const sameExpr = (a: Expr, b: Expr): boolean => a.op === 'col' && b.op === 'col' && a.name === b.name;

interface AggState {
  count: number;
  values: Value[];
  counts: number[];
}

/**
 * A SELECT as a streaming job: rows from its source go through WHERE, then a projection (each an
 * insert) or a group aggregation that retracts its previous result (`-U`) before the new one
 * (`+U`), as Flink's GroupAggFunction does, and emits nothing when a group's result is unchanged.
 */
export class QueryPlan {
  readonly columns: OutColumn[];
  readonly source: DatagenSource | undefined;
  private readonly project: (row: Value[], aggs: Value[]) => Value[];
  private readonly where?: (row: Value[], aggs: Value[]) => Value;
  private readonly aggList: Extract<Expr, { op: 'agg' }>[] = [];
  private readonly aggArgs: ((row: Value[]) => Value)[] = [];
  private readonly aggIntegral: boolean[] = [];
  private readonly groupKey?: (row: Value[]) => Value[];
  private readonly groups = new Map<string, { state: AggState; last?: Value[] }>();
  private emitted = 0;
  private single = false;

  constructor(
    stmt: Select,
    table: TableDef | undefined,
    seed: number,
    readonly limit = stmt.limit,
  ) {
    const scope = new Scope(table);
    const items = stmt.items.flatMap((it) =>
      it.expr.op === 'star'
        ? (table?.columns ?? []).map((c) => ({ expr: { op: 'col', name: c.name, tok: it.expr.tok } as Expr, alias: c.name }))
        : [it],
    );
    for (const it of items) aggregatesOf(it.expr, this.aggList);
    this.columns = items.map((it, i) => ({
      name: it.alias ?? (it.expr.op === 'col' ? it.expr.name : `EXPR$${i}`),
      type: scope.type(it.expr),
    }));
    if (stmt.where) {
      scope.type(stmt.where);
      this.where = scope.compile(stmt.where, []);
    }
    const grouped = stmt.groupBy.length > 0 || this.aggList.length > 0;
    if (grouped) {
      for (const it of items) {
        const cols: Extract<Expr, { op: 'col' }>[] = [];
        if (it.expr.op !== 'agg') columnsOf(it.expr, cols);
        const loose = cols.find((c) => !stmt.groupBy.some((g) => sameExpr(g, c)));
        if (loose) throw new SqlValidationError(`Expression '${loose.name}' is not being grouped`, at(loose));
      }
      const keys = stmt.groupBy.map((g) => scope.compile(g, []));
      this.groupKey = (row) => keys.map((k) => k(row, []));
      for (const a of this.aggList) this.aggIntegral.push(a.arg !== 'star' && INTEGRAL.includes(scope.type(a.arg).root));
      for (const a of this.aggList)
        this.aggArgs.push(
          a.arg === 'star'
            ? () => 1
            : (
                (f) => (row: Value[]) =>
                  f(row, [])
              )(scope.compile(a.arg, [])),
        );
    }
    const fns = items.map((it) => scope.compile(it.expr, this.aggList));
    this.project = (row, aggs) => fns.map((f) => f(row, aggs));
    this.source = table ? new DatagenSource(table, seed) : undefined;
  }

  get wireColumns(): { name: string; logicalType: Record<string, unknown>; comment: null }[] {
    return this.columns.map((c) => ({ name: c.name, logicalType: wireType(c.type), comment: null }));
  }

  get done(): boolean {
    if (this.limit !== undefined && this.emitted >= this.limit && !this.groupKey) return true;
    return this.source ? this.source.exhausted : this.single;
  }

  /** Runs up to `n` source rows through the plan. */
  step(n: number): OutRow[] {
    const input = this.source ? this.source.take(n) : this.single ? [] : [[]];
    this.single = true;
    const out: OutRow[] = [];
    for (const row of input) {
      if (this.where && this.where(row, []) !== true) continue;
      if (!this.groupKey) {
        if (this.limit !== undefined && this.emitted >= this.limit) break;
        out.push({ kind: 'INSERT', fields: this.project(row, []) });
        this.emitted++;
        continue;
      }
      const key = this.groupKey(row);
      const id = JSON.stringify(key);
      let g = this.groups.get(id);
      if (!g) {
        if (this.limit !== undefined && this.groups.size >= this.limit) continue;
        g = { state: { count: 0, values: this.aggList.map(() => null), counts: this.aggList.map(() => 0) } };
        this.groups.set(id, g);
      }
      this.accumulate(g.state, row);
      const aggs = this.aggList.map((a, i) => this.result(a.fn, g.state, i));
      const next = this.project(row, aggs);
      if (g.last && JSON.stringify(g.last) === JSON.stringify(next)) continue;
      if (g.last) out.push({ kind: 'UPDATE_BEFORE', fields: g.last }, { kind: 'UPDATE_AFTER', fields: next });
      else out.push({ kind: 'INSERT', fields: next });
      g.last = next;
      this.emitted++;
    }
    return out;
  }

  private accumulate(s: AggState, row: Value[]): void {
    s.count++;
    this.aggList.forEach((a, i) => {
      const v = this.aggArgs[i](row);
      if (v === null) return;
      s.counts[i]++;
      const cur = s.values[i];
      if (a.fn === 'SUM' || a.fn === 'AVG') s.values[i] = (Number(cur ?? 0) + Number(v)) as Value;
      else if (a.fn === 'MIN') s.values[i] = cur === null || v < cur ? v : cur;
      else if (a.fn === 'MAX') s.values[i] = cur === null || v > cur ? v : cur;
    });
  }

  private result(fn: string, s: AggState, i: number): Value {
    if (fn === 'COUNT') return s.counts[i];
    if (fn === 'AVG') {
      if (!s.counts[i]) return null;
      const avg = Number(s.values[i]) / s.counts[i];
      return this.aggIntegral[i] ? Math.trunc(avg) : avg;
    }
    return s.values[i];
  }
}
