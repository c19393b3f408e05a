// The SQL engine behind the emulator's Spark Connect server: DuckDB (in memory), seeded with a small
// demo catalog (generated deterministically: every value is a function of the row number), running
// Spark SQL after a few textual translations where the dialects differ simply:
//   - `identifier` (Spark's backquotes) → "identifier" (outside string literals);
//   - SHOW DATABASES / SHOW SCHEMAS → the schemata of the catalog, as `namespace`;
//   - SHOW TABLES [IN|FROM db] → `namespace, tableName, isTemporary` from information_schema.
// Everything else goes to DuckDB as written, so a query either means the same in both dialects or
// fails the way DuckDB fails, reported in Spark's words (sparkErrors.ts). No answer is canned.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Rows of `sales.orders`: enough that a full scan streams in many Arrow batches. */
export const DEMO_ORDERS = 200_000;

const SEED = `
CREATE SCHEMA sales;
CREATE TABLE sales.customers AS
  SELECT i::INTEGER AS customer_id, 'Customer ' || i AS name,
         ['DE', 'FR', 'US', 'JP', 'BR'][1 + i % 5] AS country,
         (DATE '2023-01-01' + (i * 7)::INTEGER) AS signup_date
  FROM range(1, 51) t(i);
CREATE TABLE sales.products AS
  SELECT i::INTEGER AS product_id, 'Product ' || i AS name,
         ['books', 'games', 'garden', 'tools'][1 + i % 4] AS category,
         CAST(1 + (i * 131 % 9000) / 100.0 AS DECIMAL(10,2)) AS price
  FROM range(1, 21) t(i);
CREATE TABLE sales.orders AS
  SELECT i::BIGINT AS order_id, (1 + i % 50)::INTEGER AS customer_id, (1 + i % 20)::INTEGER AS product_id,
         (1 + i % 5)::INTEGER AS quantity,
         CAST(5 + (i * 37 % 10000) / 100.0 AS DECIMAL(10,2)) AS amount,
         TIMESTAMP '2024-01-01 00:00:00' + to_minutes(i * 53) AS ordered_at,
         ['open', 'shipped', 'cancelled'][1 + i % 3] AS status
  FROM range(1, ORDERS + 1) t(i);
CREATE VIEW sales.daily_revenue AS
  SELECT CAST(ordered_at AS DATE) AS day, count(*) AS orders, sum(amount) AS revenue
  FROM sales.orders WHERE status <> 'cancelled' GROUP BY 1;
`.replace('ORDERS', String(DEMO_ORDERS));

/** The demo catalog's tables, for documentation and tests. */
export const DEMO_TABLES = ['sales.customers', 'sales.orders', 'sales.products'];
/** The demo catalog's views. */
export const DEMO_VIEWS = ['sales.daily_revenue'];

export class SqlEngine {
  private constructor(private readonly instance: DuckDBInstance) {}

  static async create(): Promise<SqlEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const seed = await instance.connect();
    await seed.run(SEED);
    seed.closeSync();
    return new SqlEngine(instance);
  }

  /** A connection of its own for one operation (so an interrupt stops only that operation). */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): void {
    this.instance.closeSync();
  }
}

/** Replaces `quoted` identifiers with "quoted" ones, leaving string literals alone. */
function backquotesToDoubleQuotes(sql: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") inString = !inString;
    if (!inString && c === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end > i) {
        out += `"${sql.slice(i + 1, end).replace(/"/g, '""')}"`;
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const USER_SCHEMAS = "schema_name NOT IN ('information_schema', 'pg_catalog', 'main')";

/** Spark SQL → DuckDB SQL, for the simple differences listed at the top of this file. */
export function translateSql(sparkSql: string): string {
  const sql = backquotesToDoubleQuotes(sparkSql.trim().replace(/;\s*$/, ''));
  if (/^SHOW\s+(DATABASES|SCHEMAS|NAMESPACES)$/i.test(sql)) {
    return `SELECT schema_name AS namespace FROM information_schema.schemata WHERE ${USER_SCHEMAS} ORDER BY 1`;
  }
  const tables = /^SHOW\s+TABLES(?:\s+(?:IN|FROM)\s+"?([A-Za-z_][\w]*)"?)?$/i.exec(sql);
  if (tables) {
    const schema = tables[1] ? `table_schema = '${tables[1]}'` : `table_schema = current_schema()`;
    return (
      'SELECT table_schema AS namespace, table_name AS tableName, false AS isTemporary ' +
      `FROM information_schema.tables WHERE ${schema} ORDER BY 2`
    );
  }
  return sql;
}

/** Whether Spark analyses the statement lazily as a query (a DataFrame) rather than running it as a command. */
export function isQuery(sparkSql: string): boolean {
  return /^\s*\(?\s*(SELECT|WITH|VALUES|FROM|TABLE)\b/i.test(sparkSql);
}
