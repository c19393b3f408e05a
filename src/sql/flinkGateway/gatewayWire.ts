import type { ChangeKind, SqlCell, SqlColumn } from '../../../shared/sql/sqlResult';

/**
 * The Flink SQL Gateway's JSON as it goes over the wire (Flink 1.20, REST v2/v3). The published
 * OpenAPI file (vendor/flink/rest_v3_sql_gateway.yml) describes the Java beans, not what Flink's
 * serializers write; these shapes follow the serializers in flink-sql-gateway's `rest/serde`:
 * FetchResultsResponseBodySerializer (`isQueryResult`, not `queryResult`; nothing but
 * `resultType` and `nextResultUri` while NOT_READY), ResultInfoSerializer (`{columns, rowFormat,
 * data: [{kind, fields}]}`) and LogicalTypeJsonSerializer (`{type, nullable, length, ...}`).
 */
export type WireResultType = 'NOT_READY' | 'PAYLOAD' | 'EOS';
export type WireResultKind = 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
export type WireRowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

export interface WireLogicalType {
  readonly type: string;
  readonly nullable?: boolean;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly fractionalPrecision?: number;
  readonly resolution?: string;
  readonly elementType?: WireLogicalType;
  readonly keyType?: WireLogicalType;
  readonly valueType?: WireLogicalType;
  readonly fields?: readonly { readonly name: string; readonly fieldType: WireLogicalType; readonly description?: string }[];
}

export interface WireColumnInfo {
  readonly name: string;
  readonly logicalType: WireLogicalType;
  readonly comment?: string | null;
}

export interface WireRow {
  readonly kind: WireRowKind;
  readonly fields: readonly unknown[];
}

export interface WireResultInfo {
  readonly columns: readonly WireColumnInfo[];
  readonly rowFormat: 'JSON' | 'PLAIN_TEXT';
  readonly data: readonly WireRow[];
}

export interface WireFetchResults {
  readonly resultType: WireResultType;
  readonly isQueryResult?: boolean;
  /** 32 hex digits, when the statement runs as a job. */
  readonly jobID?: string;
  readonly resultKind?: WireResultKind;
  readonly results?: WireResultInfo;
  /** Absent at end of stream. */
  readonly nextResultUri?: string;
}

/** Flink's RowKind as the SQL client prints it. */
export const CHANGE_KIND: Readonly<Record<WireRowKind, ChangeKind>> = {
  INSERT: '+I',
  UPDATE_BEFORE: '-U',
  UPDATE_AFTER: '+U',
  DELETE: '-D',
};

const VARCHAR_MAX = 2147483647;

/** The type as Flink's `LogicalType#asSummaryString` prints it (what DESCRIBE and the SQL client show). */
export function typeName(t: WireLogicalType): string {
  const notNull = t.nullable === false ? ' NOT NULL' : '';
  const p = (n: number | undefined) => (n === undefined ? '' : `(${n})`);
  let base: string;
  switch (t.type) {
    case 'VARCHAR':
      base = t.length === VARCHAR_MAX ? 'STRING' : `VARCHAR${p(t.length)}`;
      break;
    case 'VARBINARY':
      base = t.length === VARCHAR_MAX ? 'BYTES' : `VARBINARY${p(t.length)}`;
      break;
    case 'CHAR':
    case 'BINARY':
      base = `${t.type}${p(t.length)}`;
      break;
    case 'DECIMAL':
      base = `DECIMAL(${t.precision ?? 10}, ${t.scale ?? 0})`;
      break;
    case 'TIME_WITHOUT_TIME_ZONE':
      base = `TIME${p(t.precision)}`;
      break;
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
      base = `TIMESTAMP${p(t.precision)}`;
      break;
    case 'TIMESTAMP_WITH_TIME_ZONE':
      base = `TIMESTAMP${p(t.precision)} WITH TIME ZONE`;
      break;
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
      base = `TIMESTAMP_LTZ${p(t.precision)}`;
      break;
    case 'ARRAY':
    case 'MULTISET':
      base = `${t.type}<${t.elementType ? typeName(t.elementType) : '?'}>`;
      break;
    case 'MAP':
      base = `MAP<${t.keyType ? typeName(t.keyType) : '?'}, ${t.valueType ? typeName(t.valueType) : '?'}>`;
      break;
    case 'ROW':
      base = `ROW<${(t.fields ?? []).map((f) => `\`${f.name}\` ${typeName(f.fieldType)}`).join(', ')}>`;
      break;
    case 'INTEGER':
      base = 'INT';
      break;
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      base = `INTERVAL ${t.resolution ?? ''}`.trim();
      break;
    default:
      base = t.type;
  }
  return base + notNull;
}

export const toColumns = (cols: readonly WireColumnInfo[]): SqlColumn[] =>
  cols.map((c) => ({ name: c.name, type: typeName(c.logicalType) }));

/**
 * A JSON-format field as a SqlCell: Flink's RowDataToJsonConverters write maps as objects (made a
 * list of `{key, value}` here), binary as base64 (made `X'..'` hex), rows as objects, the rest as
 * JSON scalars. PLAIN_TEXT fields are strings already.
 */
export function toCell(value: unknown, t: WireLogicalType): SqlCell {
  if (value === null || value === undefined) return null;
  switch (t.type) {
    case 'BINARY':
    case 'VARBINARY':
      return typeof value === 'string' ? `X'${Buffer.from(value, 'base64').toString('hex').toUpperCase()}'` : String(value);
    case 'MAP':
    case 'MULTISET':
      if (typeof value === 'object' && !Array.isArray(value)) {
        const vt = t.type === 'MAP' ? t.valueType : undefined;
        return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
          key,
          value: vt ? toCell(v, vt) : (v as SqlCell),
        }));
      }
      return value as SqlCell;
    case 'ARRAY':
      return Array.isArray(value) && t.elementType ? value.map((v) => toCell(v, t.elementType!)) : (value as SqlCell);
    case 'ROW':
      if (typeof value === 'object' && !Array.isArray(value) && t.fields) {
        const o = value as Record<string, unknown>;
        return Object.fromEntries(t.fields.map((f) => [f.name, toCell(o[f.name], f.fieldType)]));
      }
      return value as SqlCell;
    default:
      return typeof value === 'object' ? (value as SqlCell) : (value as SqlCell);
  }
}

export function toRows(info: WireResultInfo): { rows: SqlCell[][]; kinds: ChangeKind[] } {
  const types = info.columns.map((c) => c.logicalType);
  const rows: SqlCell[][] = new Array(info.data.length);
  const kinds: ChangeKind[] = new Array(info.data.length);
  for (let i = 0; i < info.data.length; i++) {
    const r = info.data[i];
    kinds[i] = CHANGE_KIND[r.kind] ?? '+I';
    rows[i] = info.rowFormat === 'JSON' ? r.fields.map((v, j) => toCell(v, types[j] ?? { type: 'VARCHAR' })) : (r.fields as SqlCell[]);
  }
  return { rows, kinds };
}
