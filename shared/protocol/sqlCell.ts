/**
 * The schema of a SQL result cell on its way to the page: JSON values, bounded in depth and size.
 */
// l10n-ignore-file: the problems it reports are developer text for the log, never shown in the UI
import type { SqlCell } from '../sql/sqlResult';
import type { Schema } from './schema';

/** The deepest nesting and the longest string a cell may have on the way to the page (the host cuts longer ones). */
export const CELL_LIMITS = { depth: 16, string: 4000, items: 200 } as const;

/** A cell: JSON values nested at most CELL_LIMITS.depth deep (the host cuts what is larger before it is sent). */
export const sqlCell: Schema<SqlCell> = {
  check(v, path) {
    const walk = (x: unknown, p: string, depth: number): string | undefined => {
      if (x === null || typeof x === 'boolean') return undefined;
      if (typeof x === 'number') return Number.isFinite(x) ? undefined : `${p}: not a finite number`;
      if (typeof x === 'string') return x.length <= CELL_LIMITS.string + 1 ? undefined : `${p}: string too long`;
      if (depth >= CELL_LIMITS.depth) return `${p}: nested too deep`;
      if (Array.isArray(x)) {
        if (x.length > CELL_LIMITS.items + 1) return `${p}: too many items`;
        for (let i = 0; i < x.length; i++) {
          const e = walk(x[i], `${p}[${i}]`, depth + 1);
          if (e) return e;
        }
        return undefined;
      }
      if (typeof x === 'object') {
        const proto = Object.getPrototypeOf(x);
        if (proto !== Object.prototype && proto !== null) return `${p}: expected a plain object`;
        const keys = Object.keys(x);
        if (keys.length > CELL_LIMITS.items + 1) return `${p}: too many fields`;
        for (const k of keys) {
          if (k.length > 1000) return `${p}: field name too long`;
          const e = walk((x as Record<string, unknown>)[k], `${p}.${k.slice(0, 50)}`, depth + 1);
          if (e) return e;
        }
        return undefined;
      }
      return `${p}: not a JSON value`;
    };
    return walk(v, path, 0);
  },
};
