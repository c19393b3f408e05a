// Decodes one `ArrowBatch` of an ExecutePlan response (an Arrow IPC stream: schema + record batch)
// into rows of plain values. Spark sends each batch as a complete IPC stream.
import type { Data, DataType, Table, Vector } from 'apache-arrow';
import { sparkConnectLibs } from './libs';
import type { SparkField } from './dataTypes';

/**
 * A value of a row: null; boolean; number (tinyint, smallint, int, float, double); bigint (bigint);
 * string (string, decimal exactly as written, date `YYYY-MM-DD`, timestamp `YYYY-MM-DD HH:MM:SS[.ffffff]`,
 * a timestamp with a time zone in UTC); Uint8Array (binary); arrays and objects (array, map, struct).
 */
export type SparkValue = null | boolean | number | bigint | string | Uint8Array | SparkValue[] | { [key: string]: SparkValue };

/** One decoded batch: its columns (named and typed from Arrow when no Spark schema came) and its rows. */
export interface DecodedBatch {
  fields: SparkField[];
  rows: SparkValue[][];
}

/** Spark's name of an Arrow type, for batches that came without a Spark schema. */
export function sparkNameOfArrow(type: DataType): string {
  const { Type } = sparkConnectLibs().arrow;
  switch (type.typeId) {
    case Type.Null:
      return 'void';
    case Type.Bool:
      return 'boolean';
    case Type.Int: {
      const bits = (type as any).bitWidth as number;
      return bits === 8 ? 'tinyint' : bits === 16 ? 'smallint' : bits === 32 ? 'int' : 'bigint';
    }
    case Type.Float:
      return (type as any).precision === 1 ? 'float' : 'double';
    case Type.Decimal:
      return `decimal(${(type as any).precision},${(type as any).scale})`;
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Binary:
    case Type.LargeBinary:
      return 'binary';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return (type as any).timezone ? 'timestamp' : 'timestamp_ntz';
    case Type.List:
      return `array<${sparkNameOfArrow((type as any).children[0].type)}>`;
    case Type.Struct:
      return `struct<${(type as any).children.map((c: any) => `${c.name}:${sparkNameOfArrow(c.type)}`).join(',')}>`;
    case Type.Map: {
      const entry = (type as any).children[0].type.children;
      return `map<${sparkNameOfArrow(entry[0].type)},${sparkNameOfArrow(entry[1].type)}>`;
    }
    default:
      return String(type).toLowerCase();
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date (milliseconds since the epoch at UTC midnight) as `YYYY-MM-DD`. */
function dateText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A timestamp in microseconds since the epoch as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC). */
export function timestampText(micros: bigint): string {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  const d = new Date(ms);
  const frac = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const base = `${dateText(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return frac === 0n ? base : `${base}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/** A Decimal128 value (four little-endian 32-bit words, two's complement) as exact text with `scale` digits. */
export function decimalText(words: Uint32Array, scale: number): string {
  let v = 0n;
  for (let i = 3; i >= 0; i--) v = (v << 32n) | BigInt(words[i]);
  if (v >= 1n << 127n) v -= 1n << 128n;
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

const TO_MICROS = [1_000_000n, 1_000n, 1n];

/** The values of one column chunk, converted to SparkValues. */
function chunkValues(data: Data, vector: Vector): SparkValue[] {
  const out: SparkValue[] = new Array(data.length);
  const type = data.type;
  const { Type } = sparkConnectLibs().arrow;
  for (let i = 0; i < data.length; i++) {
    if (!data.getValid(i)) {
      out[i] = null;
      continue;
    }
    switch (type.typeId) {
      case Type.Timestamp: {
        const raw = BigInt((data.values as BigInt64Array)[i]);
        const unit = (type as any).unit as number;
        out[i] = timestampText(unit === 3 ? raw / 1000n : raw * TO_MICROS[unit]);
        break;
      }
      case Type.Decimal:
        out[i] = decimalText((data.values as Uint32Array).subarray(i * 4, i * 4 + 4), (type as any).scale);
        break;
      case Type.Date:
        out[i] = dateText(Number(vector.get(i)));
        break;
      default:
        out[i] = plain(vector.get(i));
    }
  }
  return out;
}

/** A nested or scalar Arrow value as a plain one. */
function plain(v: unknown): SparkValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && 'toJSON' in v && typeof (v as any).toJSON === 'function' && !(v instanceof Uint8Array)) {
    return (v as any).toJSON() as SparkValue;
  }
  return v as SparkValue;
}

/** The values of one column, chunk by chunk. */
function columnValues(vector: Vector): SparkValue[] {
  const out: SparkValue[] = [];
  const { makeVector } = sparkConnectLibs().arrow;
  for (const data of vector.data) {
    const chunk = chunkValues(data, makeVector(data));
    for (const v of chunk) out.push(v);
  }
  return out;
}

/** Decodes an Arrow IPC stream into columns and rows; `fields` (from the Spark schema) win over Arrow's names. */
export function decodeArrowBatch(bytes: Uint8Array, fields?: SparkField[]): DecodedBatch {
  const table: Table = sparkConnectLibs().arrow.tableFromIPC(bytes);
  const arrowFields: SparkField[] = table.schema.fields.map((f) => ({
    name: f.name,
    type: sparkNameOfArrow(f.type),
    nullable: f.nullable,
  }));
  const columns = table.schema.fields.map((_f, i) => columnValues(table.getChildAt(i)!));
  const rows: SparkValue[][] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) rows[r] = columns.map((c) => c[r]);
  const useSpark = fields !== undefined && fields.length === arrowFields.length;
  return { fields: useSpark ? fields : arrowFields, rows };
}
