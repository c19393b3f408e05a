// Spark's names for the types of a result (`DataType.simpleString` in Spark: int, bigint,
// decimal(10,2), array<string>, ...), read from the `schema` (a spark.connect.DataType) of a response.
import type { DataTypeMessage } from './messages';

/** One column of a result: its name, Spark's type name and whether it may hold nulls. */
export interface SparkField {
  name: string;
  /** Spark's type name, as `DESCRIBE` and `printSchema` show it: `int`, `decimal(10,2)`, `array<string>`. */
  type: string;
  nullable: boolean;
}

const SIMPLE: Record<string, string> = {
  null: 'void',
  binary: 'binary',
  boolean: 'boolean',
  byte: 'tinyint',
  short: 'smallint',
  integer: 'int',
  long: 'bigint',
  float: 'float',
  double: 'double',
  string: 'string',
  date: 'date',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp_ntz',
  calendar_interval: 'interval',
  year_month_interval: 'interval year to month',
  day_time_interval: 'interval day to second',
};

/** The oneof member a DataType holds (proto-loader names it in `kind`; a hand-built one may not). */
function kindOf(type: DataTypeMessage): string | undefined {
  if (typeof type.kind === 'string') return type.kind;
  return Object.keys(type).find((k) => k !== 'kind' && type[k] !== undefined && type[k] !== null);
}

/** Spark's name for a DataType. */
export function sparkTypeName(type: DataTypeMessage | undefined): string {
  if (!type) return 'void';
  const kind = kindOf(type);
  if (kind === undefined) return 'void';
  if (kind in SIMPLE) return SIMPLE[kind];
  switch (kind) {
    case 'decimal':
      return `decimal(${type.decimal?.precision ?? 10},${type.decimal?.scale ?? 0})`;
    case 'char':
      return `char(${type.char?.length ?? 0})`;
    case 'var_char':
      return `varchar(${type.var_char?.length ?? 0})`;
    case 'array':
      return `array<${sparkTypeName(type.array?.element_type)}>`;
    case 'map':
      return `map<${sparkTypeName(type.map?.key_type)},${sparkTypeName(type.map?.value_type)}>`;
    case 'struct':
      return `struct<${(type.struct?.fields ?? []).map((f) => `${f.name}:${sparkTypeName(f.data_type)}`).join(',')}>`;
    case 'udt':
      return type.udt?.sql_type ? sparkTypeName(type.udt.sql_type) : (type.udt?.type ?? 'udt');
    case 'unparsed':
      return type.unparsed?.data_type_string ?? 'unparsed';
    default:
      return kind;
  }
}

/** The columns of a result whose schema is a struct (every query result is one). */
export function fieldsOf(schema: DataTypeMessage | undefined): SparkField[] | undefined {
  if (!schema || kindOf(schema) !== 'struct') return undefined;
  return (schema.struct?.fields ?? []).map((f) => ({
    name: f.name,
    type: sparkTypeName(f.data_type),
    nullable: f.nullable ?? false,
  }));
}
