/** What both forms share: rows, errors keyed by form field, and how messages are looked up. */
import { FieldError } from '../clusters/validation';
import { KeyValueRow } from './formValues';
import * as l10n from '@vscode/l10n';

export type { KeyValueRow };

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

/** A name for the placeholder that no cluster in the namespace has: `suggestion`, else `suggestion-2`, `-3`, … */
export function unusedName(suggestion: string, taken: readonly string[]): string {
  if (!taken.includes(suggestion)) return suggestion;
  for (let i = 2; ; i++) if (!taken.includes(`${suggestion}-${i}`)) return `${suggestion}-${i}`;
}

/**
 * Why Create or Save is disabled now, said next to the button; undefined when it is enabled. One
 * problem is named (a driver the quota cannot hold says so), several are counted.
 */
export function submitBlock(errors: readonly FieldError[], serverErrors: readonly FieldError[], conflict: boolean): string | undefined {
  if (conflict) return l10n.t('Reload first: the cluster changed since you opened the form');
  const all = firstPerField([...errors, ...serverErrors]);
  if (!all.length) return undefined;
  if (all.length === 1) return l10n.t('Fix this first: {0}', all[0].message);
  return l10n.t('{0} fields to fix first', all.length);
}
