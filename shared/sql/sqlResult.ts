/**
 * What a SQL result is, for the host that keeps it and the page that shows it: columns with the
 * engine's own type names, cells as plain JSON values, and for Flink streaming results the
 * changelog kind of each row. Every cell is data: the page shows it as text, never as markup.
 */

/**
 * A cell as it crosses to the page. Engines map their values onto this: integers beyond 2^53,
 * decimals, dates and timestamps become strings as the engine prints them; binary becomes hex
 * (`X'0A1B'`); arrays, maps and structs stay nested (a map is a list of `{ key, value }`).
 */
export type SqlCell = null | boolean | number | string | readonly SqlCell[] | { readonly [field: string]: SqlCell };

export interface SqlColumn {
  readonly name: string;
  /** The engine's type name as its shell prints it: `bigint`, `decimal(10,2)`, `BIGINT NOT NULL`, `ROW<a INT>`. */
  readonly type: string;
}

/** Flink's RowKind in the changelog's short form, as the SQL client shows it. */
export type ChangeKind = '+I' | '-U' | '+U' | '-D';
export const CHANGE_KINDS: readonly ChangeKind[] = ['+I', '-U', '+U', '-D'];

/** The shape of a statement's result, known when its columns are. */
export interface SqlResultShape {
  readonly columns: readonly SqlColumn[];
  /** True for a Flink streaming result: rows carry a change kind and the current table is derived. */
  readonly changelog: boolean;
  /** Indexes of the columns forming the upsert key, when the engine says it has one. */
  readonly upsertKey?: readonly number[];
}

/** Where a run is, shown while waiting so the user never faces a blank page. */
export type SqlPhase = 'connecting' | 'submitted' | 'running' | 'fetching' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface SqlProgress {
  readonly phase: SqlPhase;
  /** The engine's own progress words, e.g. `Stage 3: 12 of 40 tasks`. */
  readonly detail?: string;
  /** 0..1 when the engine tells how far it is. */
  readonly fraction?: number;
}

/** The engines the product runs SQL on. */
export type SqlEngineKind = 'spark' | 'flink';
