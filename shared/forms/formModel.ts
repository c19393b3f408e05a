/** What both forms share: rows, errors keyed by form field, and how messages are looked up. */
import { FieldError } from '../clusters/validation';

/** A key/value row as a form holds it: a plain value, or a key of a Secret in the namespace. */
export interface KeyValueRow {
  readonly key: string;
  readonly value: string;
  readonly fromSecret: boolean;
  readonly secret: string;
  readonly secretKey: string;
}

export const emptyRow = (): KeyValueRow => ({ key: '', value: '', fromSecret: false, secret: '', secretKey: '' });
export const plainRow = (key: string, value: string): KeyValueRow => ({ ...emptyRow(), key, value });

/** A form's verdict: errors block saving; warnings (say, executors beyond the quota at full scale) only inform. */
export interface FormCheck {
  readonly errors: readonly FieldError[];
  readonly warnings: readonly FieldError[];
}

/** The first message for `field` (exact match). */
export function messageFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** One message per field: the first wins (row checks run before the spec's own). */
export function firstPerField(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/** The row index of the row whose key is `key`, for mapping a spec field back to the form. */
export function rowIndex(rows: readonly KeyValueRow[], key: string, fromSecret?: boolean): number {
  return rows.findIndex((r) => r.key.trim() === key && (fromSecret === undefined || r.fromSecret === fromSecret));
}

/** Rows → record of plain values (trimmed keys; later duplicates are reported by validation, not merged). */
export function plainRecord(rows: readonly KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (!r.fromSecret && r.key.trim() && !(r.key.trim() in out)) out[r.key.trim()] = r.value;
  return out;
}

export function secretRecord(rows: readonly KeyValueRow[]): Record<string, { secret: string; key: string }> {
  const out: Record<string, { secret: string; key: string }> = {};
  for (const r of rows)
    if (r.fromSecret && r.key.trim() && !(r.key.trim() in out)) out[r.key.trim()] = { secret: r.secret.trim(), key: r.secretKey.trim() };
  return out;
}

/** Non-empty list rows, trimmed. */
export const listOf = (rows: readonly string[]): string[] => rows.map((r) => r.trim()).filter(Boolean);

/** Where the user's edits differ from what they started from: the fields a reload must keep. */
export function changedKeys<T extends object>(base: T, current: T): (keyof T)[] {
  return (Object.keys(current) as (keyof T)[]).filter((k) => JSON.stringify(base[k]) !== JSON.stringify(current[k]));
}

/**
 * After a concurrent change: the newest values from the cluster, with every field the user edited
 * (relative to what they opened) kept as they typed it.
 */
export function mergeKeepingEdits<T extends object>(base: T, mine: T, theirs: T): T {
  const out = { ...theirs };
  for (const k of changedKeys(base, mine)) out[k] = mine[k];
  return out;
}
