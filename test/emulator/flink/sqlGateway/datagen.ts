import { SqlValidationError } from './sqlParse';

/** A column type as the emulated engine keeps it, and as the gateway writes it (LogicalTypeJsonSerializer). */
export interface ColType {
  readonly root:
    | 'INTEGER'
    | 'BIGINT'
    | 'SMALLINT'
    | 'TINYINT'
    | 'DOUBLE'
    | 'FLOAT'
    | 'DECIMAL'
    | 'BOOLEAN'
    | 'VARCHAR'
    | 'CHAR'
    | 'TIMESTAMP_WITHOUT_TIME_ZONE'
    | 'TIMESTAMP_WITH_LOCAL_TIME_ZONE'
    | 'DATE';
  readonly nullable: boolean;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
}

const MAX = 2147483647;

export function colType(sql: string, notNull = false): ColType {
  const m = /^([A-Z_]+)(?:\((\d+)(?:, (\d+))?\))?$/.exec(sql);
  const name = m?.[1] ?? sql;
  const a = m?.[2] !== undefined ? Number(m[2]) : undefined;
  const nullable = !notNull;
  switch (name) {
    case 'INT':
    case 'INTEGER':
      return { root: 'INTEGER', nullable };
    case 'BIGINT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'DOUBLE':
    case 'FLOAT':
    case 'BOOLEAN':
    case 'DATE':
      return { root: name, nullable };
    case 'STRING':
      return { root: 'VARCHAR', nullable, length: MAX };
    case 'VARCHAR':
      return { root: 'VARCHAR', nullable, length: a ?? 1 };
    case 'CHAR':
      return { root: 'CHAR', nullable, length: a ?? 1 };
    case 'DECIMAL':
      return { root: 'DECIMAL', nullable, precision: a ?? 10, scale: m?.[3] !== undefined ? Number(m[3]) : 0 };
    case 'TIMESTAMP':
      return { root: 'TIMESTAMP_WITHOUT_TIME_ZONE', nullable, precision: a ?? 6 };
    case 'TIMESTAMP_LTZ':
      return { root: 'TIMESTAMP_WITH_LOCAL_TIME_ZONE', nullable, precision: a ?? 6 };
    default:
      throw new SqlValidationError(`Unknown type: ${sql}`);
  }
}

/** The type as Flink's DESCRIBE prints it. */
export function typeText(t: ColType): string {
  const nn = t.nullable ? '' : ' NOT NULL';
  switch (t.root) {
    case 'INTEGER':
      return `INT${nn}`;
    case 'VARCHAR':
      return (t.length === MAX ? 'STRING' : `VARCHAR(${t.length})`) + nn;
    case 'CHAR':
      return `CHAR(${t.length})${nn}`;
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`;
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
      return `TIMESTAMP(${t.precision})${nn}`;
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
      return `TIMESTAMP_LTZ(${t.precision})${nn}`;
    default:
      return t.root + nn;
  }
}

export function wireType(t: ColType): Record<string, unknown> {
  const w: Record<string, unknown> = { type: t.root, nullable: t.nullable };
  if (t.length !== undefined) w.length = t.length;
  if (t.precision !== undefined) w.precision = t.precision;
  if (t.scale !== undefined) w.scale = t.scale;
  return w;
}

export const isNumeric = (t: ColType): boolean =>
  ['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'DOUBLE', 'FLOAT', 'DECIMAL'].includes(t.root);

export type Value = null | boolean | number | string;

/** A deterministic generator (mulberry32), one per source, so a query's rows are the same every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: ColType; readonly sqlType: string }[];
  readonly primaryKey?: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Flink's `datagen` connector, as much of it as the emulator needs: `rows-per-second` (default
 * 10000), `number-of-rows` (unbounded when absent), and per field `kind` (`random` or
 * `sequence`), `min`/`max`, `start`/`end`, `length`. A sequence field bounds the source at its end.
 */
export class DatagenSource {
  readonly rowsPerSecond: number;
  readonly total: number | undefined;
  private readonly next: (() => Value)[];
  private produced = 0;

  constructor(table: TableDef, seed: number) {
    const o = table.options;
    if (o.connector !== 'datagen')
      throw new SqlValidationError(
        `Could not find any factory for identifier '${o.connector ?? ''}' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.\n\nAvailable factory identifiers are:\n\nblackhole\ndatagen\nprint`,
      );
    this.rowsPerSecond = Number(o['rows-per-second'] ?? 10000);
    let total = o['number-of-rows'] !== undefined ? Number(o['number-of-rows']) : undefined;
    const rnd = prng(seed);
    this.next = table.columns.map(({ name, type }) => {
      const f = (k: string) => o[`fields.${name}.${k}`];
      if (f('kind') === 'sequence') {
        const start = Number(f('start') ?? 0);
        const end = Number(f('end') ?? Number.MAX_SAFE_INTEGER);
        total = Math.min(total ?? Infinity, end - start + 1);
        let v = start;
        return () => (type.root === 'VARCHAR' || type.root === 'CHAR' ? String(v++) : v++);
      }
      const min = Number(f('min') ?? (type.root === 'DOUBLE' || type.root === 'FLOAT' ? 0 : 0));
      const max = Number(f('max') ?? (type.root === 'INTEGER' ? 1000 : type.root === 'TINYINT' ? 127 : 1000000));
      const length = Number(f('length') ?? (type.length && type.length < 100 ? type.length : 10));
      switch (type.root) {
        case 'INTEGER':
        case 'BIGINT':
        case 'SMALLINT':
        case 'TINYINT':
          return () => min + Math.floor(rnd() * (max - min + 1));
        case 'DOUBLE':
        case 'FLOAT':
          return () => min + rnd() * (max - min);
        case 'DECIMAL':
          return () => Number((min + rnd() * (max - min)).toFixed(type.scale ?? 0));
        case 'BOOLEAN':
          return () => rnd() < 0.5;
        case 'VARCHAR':
        case 'CHAR':
          return () => Array.from({ length }, () => ALNUM[Math.floor(rnd() * ALNUM.length)]).join('');
        case 'DATE':
          return () => new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 365) * 86400000).toISOString().slice(0, 10);
        default:
          return () =>
            new Date(Date.UTC(2024, 0, 1) + this.produced * 1000)
              .toISOString()
              .replace('Z', '')
              .replace(/\.(\d{3})$/, '.$1');
      }
    });
    this.total = total === Infinity ? undefined : total;
  }

  get exhausted(): boolean {
    return this.total !== undefined && this.produced >= this.total;
  }

  /** Up to `n` rows; fewer once bounded. */
  take(n: number): Value[][] {
    const count = this.total === undefined ? n : Math.max(0, Math.min(n, this.total - this.produced));
    const rows: Value[][] = new Array(count);
    for (let i = 0; i < count; i++) {
      rows[i] = this.next.map((g) => g());
      this.produced++;
    }
    return rows;
  }
}
