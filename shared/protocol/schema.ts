/**
 * Hand-written runtime validators for messages crossing the webview boundary. Dependency-free on
 * purpose: both the extension (Node) and the page (browser) bundle this file, and a schema library
 * would add weight to every panel for the dozen shapes we need.
 *
 * A schema checks a value and says where it is wrong; the static type follows from the schema
 * (`Infer<S>`), so a message is described once and the type cannot drift from its check.
 */
// l10n-ignore-file: the problems it reports are developer text for the log, never shown in the UI
export interface Schema<T> {
  /** `undefined` when `value` is a T; else where and why it is not (for the log, never shown as HTML). */
  check(value: unknown, path: string): string | undefined;
  /** Phantom field that carries T for `Infer`; never set. */
  readonly _type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export function is<T>(schema: Schema<T>, value: unknown): value is T {
  return schema.check(value, '$') === undefined;
}

/** Where `value` fails `schema`, or undefined when it passes. */
export function problem<T>(schema: Schema<T>, value: unknown): string | undefined {
  return schema.check(value, '$');
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function str(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = opts.max ?? 10_000;
  return {
    check(v, path) {
      if (typeof v !== 'string') return `${path}: expected a string, got ${describe(v)}`;
      if (v.length > max) return `${path}: string longer than ${max}`;
      if (opts.min !== undefined && v.length < opts.min) return `${path}: string shorter than ${opts.min}`;
      if (opts.pattern && !opts.pattern.test(v)) return `${path}: string does not match ${String(opts.pattern)}`;
      return undefined;
    },
  };
}

export function num(opts: { int?: boolean; min?: number; max?: number } = {}): Schema<number> {
  return {
    check(v, path) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${path}: expected a finite number, got ${describe(v)}`;
      if (opts.int && !Number.isSafeInteger(v)) return `${path}: expected an integer`;
      if (opts.min !== undefined && v < opts.min) return `${path}: below ${opts.min}`;
      if (opts.max !== undefined && v > opts.max) return `${path}: above ${opts.max}`;
      return undefined;
    },
  };
}

export const int = (opts: { min?: number; max?: number } = {}): Schema<number> => num({ ...opts, int: true });

export const bool: Schema<boolean> = {
  check: (v, path) => (typeof v === 'boolean' ? undefined : `${path}: expected a boolean, got ${describe(v)}`),
};

/** Any JSON-ish value. Only for payloads whose shape a later validator owns; avoid it otherwise. */
export const unknownValue: Schema<unknown> = { check: () => undefined };

export function literal<const L extends readonly (string | number | boolean)[]>(...values: L): Schema<L[number]> {
  return {
    check: (v, path) => (values.includes(v as L[number]) ? undefined : `${path}: expected one of ${values.join(', ')}`),
  };
}

export function arr<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 10_000;
  return {
    check(v, path) {
      if (!Array.isArray(v)) return `${path}: expected an array, got ${describe(v)}`;
      if (v.length > max) return `${path}: more than ${max} items`;
      for (let i = 0; i < v.length; i++) {
        const p = item.check(v[i], `${path}[${i}]`);
        if (p) return p;
      }
      return undefined;
    },
  };
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { readonly optional: true } {
  return { optional: true, check: (v, path) => (v === undefined ? undefined : inner.check(v, path)) };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { check: (v, path) => (v === null ? undefined : inner.check(v, path)) };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { readonly [K in RequiredKeys<S>]: Infer<S[K]> } & {
  readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
};

/**
 * A plain object with exactly these keys: unknown keys are refused, so a message cannot smuggle
 * fields a handler might read later without a check.
 */
export function obj<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return {
    check(v, path) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path}: expected an object, got ${describe(v)}`;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${path}: expected a plain object`;
      for (const k of Object.keys(v)) if (!Object.hasOwn(shape, k)) return `${path}: unexpected key ${JSON.stringify(k.slice(0, 50))}`;
      for (const k of keys) {
        const p = shape[k].check((v as Record<string, unknown>)[k], `${path}.${k}`);
        if (p) return p;
      }
      return undefined;
    },
  };
}

/** A union told apart by a string field; each variant is an `obj` schema including that field. */
export function union<T>(...variants: Schema<T>[]): Schema<T> {
  return {
    check(v, path) {
      let first: string | undefined;
      for (const s of variants) {
        const p = s.check(v, path);
        if (p === undefined) return undefined;
        first ??= p;
      }
      return first;
    },
  };
}
