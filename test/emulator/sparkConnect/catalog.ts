// The Catalog relations of the emulator's Spark Connect server (`Relation.catalog`, catalog.proto),
// answered from DuckDB's information_schema with the columns Spark 3.5's Catalog API returns:
//   listCatalogs  → name, description                                  (CatalogMetadata)
//   listDatabases → name, catalog, description, locationUri            (Database)
//   listTables    → name, catalog, namespace, description, tableType, isTemporary   (Table)
//   listColumns   → name, description, dataType, nullable, isPartition, isBucket    (Column)
// There is one catalog, `spark_catalog` (Spark's session catalog), holding DuckDB's schemas.
import { Bool, List, Field, Utf8, vectorFromArray } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sparkTypeName } from '../../../src/sql/sparkConnect/dataTypes';
import type { DataTypeMessage } from '../../../src/sql/sparkConnect/messages';
import { codecOf, encodeBatch, sparkSchema, type ColumnCodec } from './arrowEncode';
import type { Response } from './operation';
import { SparkErrorThrown } from './sparkErrors';

export const SESSION_CATALOG = 'spark_catalog';
const USER_SCHEMAS = "schema_name NOT IN ('information_schema', 'pg_catalog', 'main')";

export const str: ColumnCodec = {
  sparkType: { string: {} },
  arrow: new Utf8(),
  build: (values) => vectorFromArray(values as (string | null)[], new Utf8()).data[0],
};
const bool: ColumnCodec = {
  sparkType: { boolean: {} },
  arrow: new Bool(),
  build: (values) => vectorFromArray(values as (boolean | null)[], new Bool()).data[0],
};
const strings: ColumnCodec = {
  sparkType: { array: { element_type: { string: {} }, contains_null: true } },
  arrow: new List(new Field('element', new Utf8(), true)),
  build: (values) => vectorFromArray(values as (string[] | null)[], new List(new Field('element', new Utf8(), true))).data[0],
};

/** `a`.`b`.c → ['a', 'b', 'c'] (Spark's multipart identifiers, backquoted or not). */
export function nameParts(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '`') {
      const end = name.indexOf('`', i + 1);
      current += name.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? name.length : end;
    } else if (c === '.') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

const quote = (parts: string[]) => parts.map((p) => `\`${p}\``).join('.');

export function schemaNotFound(parts: string[]): SparkErrorThrown {
  const schemaName = quote(parts);
  return new SparkErrorThrown({
    errorClass: 'SCHEMA_NOT_FOUND',
    message:
      `[SCHEMA_NOT_FOUND] The schema ${schemaName} cannot be found. Verify the spelling and correctness of the schema and catalog.\n` +
      'If you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\n' +
      'To tolerate the error on drop use DROP SCHEMA IF EXISTS.',
    messageParameters: { schemaName },
    sqlState: '42704',
    exceptionClass: 'org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException',
  });
}

export function catalogNotFound(name: string): SparkErrorThrown {
  return new SparkErrorThrown({
    errorClass: 'CATALOG_NOT_FOUND',
    message: `[CATALOG_NOT_FOUND] The catalog \`${name}\` not found. Consider to set the SQL config spark.sql.catalog.${name} to a catalog plugin.`,
    messageParameters: { catalogName: `\`${name}\`` },
    sqlState: '42P08',
    exceptionClass: 'org.apache.spark.SparkException',
  });
}

function tableNotFound(parts: string[]): SparkErrorThrown {
  const relationName = quote(parts);
  return new SparkErrorThrown({
    errorClass: 'TABLE_OR_VIEW_NOT_FOUND',
    message:
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${relationName} cannot be found. Verify the spelling and correctness of the schema and catalog.\n` +
      'If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n' +
      'To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.',
    messageParameters: { relationName },
    sqlState: '42P01',
    exceptionClass: 'org.apache.spark.sql.AnalysisException',
  });
}

/** [catalog?, database] of a `db_name`, the catalog checked. */
function database(name: string | undefined): string {
  const parts = nameParts(name ?? '');
  if (parts.length === 2 && parts[0] !== SESSION_CATALOG) throw catalogNotFound(parts[0]);
  if (parts.length < 1 || parts.length > 2 || !parts[parts.length - 1]) throw schemaNotFound(parts);
  return parts[parts.length - 1];
}

const likePattern = (pattern: string | undefined) => (pattern ? pattern.replace(/\*/g, '%') : '%');

function* relation(names: string[], codecs: ColumnCodec[], rows: unknown[][]): Generator<Response> {
  yield { schema: sparkSchema(names, codecs) };
  const columns = names.map((_, i) => rows.map((r) => r[i]));
  yield { arrow_batch: { row_count: String(rows.length), data: Buffer.from(encodeBatch(names, codecs, columns)) } };
}

async function column(connection: DuckDBConnection, sql: string, params: string[]): Promise<string[]> {
  const result = await connection.runAndReadAll(sql, params);
  return result.getRows().map((r) => String(r[0]));
}

export async function schemaExists(connection: DuckDBConnection, schema: string): Promise<boolean> {
  return (
    (await column(connection, `SELECT schema_name FROM information_schema.schemata WHERE ${USER_SCHEMAS} AND schema_name = $1`, [schema]))
      .length > 0
  );
}

/** Answers one `Relation.catalog` (proto-loader's decoding, oneofs named in `cat_type`). */
export async function* catalogRelation(catalog: any, connection: DuckDBConnection, timeZone: string): AsyncGenerator<Response> {
  const type: string = catalog.cat_type ?? Object.keys(catalog).find((k) => catalog[k]);
  const args = catalog[type] ?? {};
  switch (type) {
    case 'list_catalogs':
      yield* relation(['name', 'description'], [str, str], [[SESSION_CATALOG, null]]);
      return;
    case 'current_catalog':
      yield* relation(['value'], [str], [[SESSION_CATALOG]]);
      return;
    case 'set_current_catalog':
      if (args.catalog_name !== SESSION_CATALOG) throw catalogNotFound(String(args.catalog_name));
      return;
    case 'list_databases': {
      const names = await column(
        connection,
        `SELECT schema_name FROM information_schema.schemata WHERE ${USER_SCHEMAS} AND schema_name LIKE $1 ORDER BY 1`,
        [likePattern(args.pattern)],
      );
      yield* relation(
        ['name', 'catalog', 'description', 'locationUri'],
        [str, str, str, str],
        names.map((n) => [n, SESSION_CATALOG, null, `file:/opt/spark/work-dir/spark-warehouse/${n}.db`]),
      );
      return;
    }
    case 'list_tables': {
      const db = database(args.db_name ?? 'default');
      if (!(await schemaExists(connection, db))) throw schemaNotFound([db]);
      const result = await connection.runAndReadAll(
        'SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE $2 ORDER BY 1',
        [db, likePattern(args.pattern)],
      );
      yield* relation(
        ['name', 'catalog', 'namespace', 'description', 'tableType', 'isTemporary'],
        [str, str, strings, str, str, bool],
        result.getRows().map((r) => [String(r[0]), SESSION_CATALOG, [db], null, /VIEW/.test(String(r[1])) ? 'VIEW' : 'MANAGED', false]),
      );
      return;
    }
    case 'list_columns': {
      const parts = nameParts(String(args.table_name ?? ''));
      if (args.db_name) parts.unshift(String(args.db_name));
      if (parts.length === 3 && parts[0] !== SESSION_CATALOG) throw catalogNotFound(parts[0]);
      if (parts.length < 2 || parts.length > 3) throw tableNotFound(parts);
      const [db, table] = parts.slice(-2);
      const exists = await column(
        connection,
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
        [db, table],
      );
      if (!exists.length) throw tableNotFound(parts);
      const prepared = await connection.prepare(`SELECT * FROM "${db.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`);
      const rows: unknown[][] = [];
      for (let i = 0; i < prepared.columnCount; i++) {
        const spark = codecOf(prepared.columnType(i), timeZone).sparkType as DataTypeMessage;
        rows.push([prepared.columnName(i), null, sparkTypeName(spark), true, false, false]);
      }
      yield* relation(['name', 'description', 'dataType', 'nullable', 'isPartition', 'isBucket'], [str, str, str, bool, bool, bool], rows);
      return;
    }
    default:
      throw new SparkErrorThrown({
        errorClass: 'UNSUPPORTED_FEATURE',
        message: `[UNSUPPORTED_FEATURE] The catalog operation ${type} is not served by the emulator.`,
        messageParameters: {},
        sqlState: '0A000',
        exceptionClass: 'org.apache.spark.sql.AnalysisException',
      });
  }
}
