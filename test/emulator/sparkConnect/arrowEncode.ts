// DuckDB result columns → what a Spark 3.5 driver sends: a spark.connect.DataType per column and
// Arrow record batches in the Arrow types Spark's ArrowUtils uses (Int32 for int, Int64 for bigint,
// Decimal128 for decimal, Date32 for date, Timestamp(MICROSECOND, tz) for timestamp, ...).
import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
  type Data,
  type DataType as ArrowType,
} from 'apache-arrow';
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/** How one DuckDB column is sent: its Spark DataType message, Arrow type and value conversion. */
export interface ColumnCodec {
  sparkType: Record<string, unknown>;
  arrow: ArrowType;
  build(values: readonly unknown[]): Data;
}

const simple = (kind: string, arrow: ArrowType, convert: (v: unknown) => unknown = (v) => v): ColumnCodec => ({
  sparkType: { [kind]: {} },
  arrow,
  build: (values) => vectorFromArray(values.map((v) => (v === null ? null : convert(v))) as any[], arrow as any).data[0],
});

function validity(values: readonly unknown[]): { nullCount: number; nullBitmap?: Uint8Array } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  });
  return nullCount ? { nullCount, nullBitmap: bitmap } : { nullCount: 0 };
}

function decimalCodec(width: number, scale: number): ColumnCodec {
  const type = new Decimal(scale, width, 128);
  return {
    sparkType: { decimal: { precision: width, scale } },
    arrow: type,
    build(values) {
      const words = new Uint32Array(values.length * 4);
      values.forEach((v, i) => {
        if (v === null) return;
        let n = BigInt.asUintN(128, BigInt((v as { value: bigint }).value));
        for (let w = 0; w < 4; w++, n >>= 32n) words[i * 4 + w] = Number(n & 0xffffffffn);
      });
      return makeData({ type, length: values.length, ...validity(values), data: words });
    },
  };
}

const dateCodec: ColumnCodec = {
  sparkType: { date: {} },
  arrow: new DateDay(),
  build(values) {
    const days = Int32Array.from(values, (v) => (v === null ? 0 : (v as { days: number }).days));
    return makeData({ type: new DateDay(), length: values.length, ...validity(values), data: days });
  },
};

function timestampCodec(kind: 'timestamp' | 'timestamp_ntz', timeZone: string | null): ColumnCodec {
  const type = new TimestampMicrosecond(timeZone);
  return {
    sparkType: { [kind]: {} },
    arrow: type,
    build(values) {
      const micros = BigInt64Array.from(values, (v) => (v === null ? 0n : (v as { micros: bigint }).micros));
      return makeData({ type, length: values.length, ...validity(values), data: micros });
    },
  };
}

/** Types Spark would send otherwise (interval, list, struct, ...) go as their DuckDB text. */
const asString: ColumnCodec = simple('string', new Utf8(), String);

/** The codec of a DuckDB column type; types Spark would not send this way go as strings (documented). */
export function codecOf(type: DuckDBType, sessionTimeZone: string): ColumnCodec {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return simple('boolean', new Bool());
    case DuckDBTypeId.TINYINT:
      return simple('byte', new Int8());
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return simple('short', new Int16());
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return simple('integer', new Int32());
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.HUGEINT: // sum(bigint) is HUGEINT in DuckDB, bigint in Spark
      return simple('long', new Int64(), (v) => BigInt.asIntN(64, BigInt(v as bigint)));
    case DuckDBTypeId.FLOAT:
      return simple('float', new Float32());
    case DuckDBTypeId.DOUBLE:
      return simple('double', new Float64());
    case DuckDBTypeId.DECIMAL: {
      const d = type as unknown as { width: number; scale: number };
      return decimalCodec(d.width, d.scale);
    }
    case DuckDBTypeId.VARCHAR:
      return simple('string', new Utf8());
    case DuckDBTypeId.BLOB:
      return simple('binary', new Binary(), (v) => (v as { bytes: Uint8Array }).bytes);
    case DuckDBTypeId.DATE:
      return dateCodec;
    case DuckDBTypeId.TIMESTAMP:
      return timestampCodec('timestamp_ntz', null);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampCodec('timestamp', sessionTimeZone);
    case DuckDBTypeId.SQLNULL:
      return { ...asString, sparkType: { null: {} } };
    default:
      return asString;
  }
}

/** The Spark schema (a struct DataType) of a result. */
export function sparkSchema(names: readonly string[], codecs: readonly ColumnCodec[]): Record<string, unknown> {
  return {
    struct: {
      fields: names.map((name, i) => ({ name, data_type: codecs[i].sparkType, nullable: true })),
    },
  };
}

/** One Arrow IPC stream (schema + one record batch) of the given columns, as Spark sends an ArrowBatch. */
export function encodeBatch(
  names: readonly string[],
  codecs: readonly ColumnCodec[],
  columns: readonly (readonly unknown[])[],
): Uint8Array {
  const schema = new Schema(names.map((name, i) => new Field(name, codecs[i].arrow, true)));
  const length = columns[0]?.length ?? 0;
  const children = codecs.map((c, i) => c.build(columns[i]));
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return tableToIPC(new Table(schema, new RecordBatch(schema, struct)), 'stream');
}
