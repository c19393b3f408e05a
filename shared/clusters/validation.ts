import * as l10n from '@vscode/l10n';

/** A validation problem tied to the field it concerns (dotted path, as a form shows it). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const CLUSTER_NAME_MAX = 53;

/** What every stored definition is checked for first: the version this extension reads, and its kind. */
export function validateVersionAndKind(
  s: { readonly version?: unknown; readonly kind?: unknown },
  version: number,
  kind: 'compute' | 'session',
): FieldError[] {
  const errors: FieldError[] = [];
  if (s.version !== version)
    errors.push({
      field: 'version',
      message: l10n.t('Unsupported definition version {0}; this extension reads version {1}.', JSON.stringify(s.version), version),
    });
  if (s.kind !== kind)
    errors.push({ field: 'kind', message: kind === 'compute' ? l10n.t('Expected kind "compute".') : l10n.t('Expected kind "session".') });
  return errors;
}

export function validateClusterName(name: unknown, field = 'name'): FieldError[] {
  if (typeof name !== 'string' || name.length === 0) return [{ field, message: l10n.t('A name is required.') }];
  if (name.length > CLUSTER_NAME_MAX)
    return [{ field, message: l10n.t('At most {0} characters (this one has {1}).', CLUSTER_NAME_MAX, name.length) }];
  if (!CLUSTER_NAME.test(name))
    return [{ field, message: l10n.t('Use lower-case letters, digits and "-", starting and ending with a letter or digit.') }];
  return [];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export function validateNamespace(ns: unknown, field = 'namespace'): FieldError[] {
  if (typeof ns !== 'string' || !DNS_LABEL.test(ns) || ns.length > 63)
    return [{ field, message: l10n.t('A namespace is a lower-case DNS label of at most 63 characters.') }];
  return [];
}

/** Kubernetes quantities such as 50Gi, 500m, 1.5. */
export const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+|[EPTGMk]i?|[munKi]|Ki)?$/;
export function validateQuantity(value: unknown, field: string, what = l10n.t('a size such as 50Gi')): FieldError[] {
  if (typeof value !== 'string' || value.trim() === '') return [{ field, message: l10n.t('Expected {0}; the value is empty.', what) }];
  const v = value.trim();
  if (QUANTITY.test(v)) return [];
  if (/^-/.test(v))
    return [{ field, message: l10n.t('Expected {0}; got {1}: a quantity cannot be negative.', what, JSON.stringify(value)) }];
  if (/\s/.test(v))
    return [
      {
        field,
        message: l10n.t(
          'Expected {0}; got {1}: a quantity is a number and a unit with no space (Ki, Mi, Gi, Ti, k, M, G, m).',
          what,
          JSON.stringify(value),
        ),
      },
    ];
  return [
    {
      field,
      message: l10n.t(
        'Expected {0}; got {1}: a quantity is a number with an optional unit (Ki, Mi, Gi, Ti, k, M, G, m).',
        what,
        JSON.stringify(value),
      ),
    },
  ];
}

/** Whole minutes within [min, max]: the auto-scaling idle timeout (1 min .. 3 h). */
export function validateMinutes(value: unknown, field: string, min: number, max: number): FieldError[] {
  const n = typeof value === 'string' ? (/^\s*\d+\s*$/.test(value) ? Number(value) : NaN) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    return [{ field, message: l10n.t('Whole minutes between {0} and {1} (3 hours); got {2}.', min, max, JSON.stringify(value)) }];
  if (n < min || n > max)
    return [
      {
        field,
        message: l10n.t(
          'Between {0} minute and 3 hours ({1} minutes); {2} is {3}.',
          min,
          max,
          n,
          n < min ? l10n.t('too short') : l10n.t('too long'),
        ),
      },
    ];
  return [];
}

/** Secret names are DNS subdomains; keys are letters, digits, "-", "_" and ".". */
export const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
export function validateSecretRef(ref: unknown, field: string): FieldError[] {
  const r = ref as { secret?: unknown; key?: unknown } | undefined;
  const errors: FieldError[] = [];
  if (!r || typeof r !== 'object') return [{ field, message: l10n.t('A Secret and one of its keys.') }];
  if (typeof r.secret !== 'string' || !r.secret) errors.push({ field: `${field}.secret`, message: l10n.t('Choose or type the Secret.') });
  else if (r.secret.length > 253 || !SECRET_NAME.test(r.secret))
    errors.push({
      field: `${field}.secret`,
      message: l10n.t('"{0}" is not a Secret name (lower-case letters, digits, "-" and ".").', r.secret),
    });
  if (typeof r.key !== 'string' || !r.key) errors.push({ field: `${field}.key`, message: l10n.t('Name the key inside the Secret.') });
  else if (r.key.length > 253 || !SECRET_KEY.test(r.key))
    errors.push({ field: `${field}.key`, message: l10n.t('"{0}" is not a Secret key (letters, digits, "-", "_" and ".").', r.key) });
  return errors;
}

/**
 * Rows of key/value pairs as a form holds them: every key given once and not empty, and every value
 * given (unless `allowEmptyValue`). Messages name the row's field: `env[2].key`.
 */
export function validateKeyRows(
  rows: readonly { readonly key: string; readonly value?: string; readonly fromSecret?: boolean }[],
  field: string,
  opts: { allowEmptyValue?: boolean; what?: string } = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const what = opts.what ?? 'key';
  rows.forEach((r, i) => {
    const key = r.key.trim();
    if (!key) errors.push({ field: `${field}[${i}].key`, message: l10n.t('The {0} is empty; fill it in or remove the row.', what) });
    else if (seen.has(key))
      errors.push({
        field: `${field}[${i}].key`,
        message: l10n.t('Duplicate {0} "{1}" (also in row {2}); each may appear once.', what, key, seen.get(key)! + 1),
      });
    else seen.set(key, i);
    if (!r.fromSecret && !opts.allowEmptyValue && (r.value ?? '').trim() === '')
      errors.push({ field: `${field}[${i}].value`, message: l10n.t('The value is empty; fill it in or remove the row.') });
  });
  return errors;
}

/** Docker image references: [registry[:port]/]path[:tag][@digest]. */
const IMAGE =
  /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
export function validateImage(value: unknown, field = 'image'): FieldError[] {
  if (typeof value !== 'string' || value.length === 0) return [{ field, message: l10n.t('An image is required.') }];
  if (/\s/.test(value)) return [{ field, message: l10n.t('"{0}" is not a valid image reference: it contains a space.', value) }];
  if (value.length > 255) return [{ field, message: l10n.t('An image reference has at most 255 characters.') }];
  if (!IMAGE.test(value) && IMAGE.test(value.toLowerCase()))
    return [{ field, message: l10n.t('"{0}" is not a valid image reference: repository names are lower-case.', value) }];
  if (!IMAGE.test(value))
    return [
      { field, message: l10n.t('"{0}" is not a valid image reference ({1}).', value, '[registry/]repository[:tag][@sha256:digest]') },
    ];
  return [];
}

/** Maven coordinates groupId:artifactId:version, optionally with packaging and classifier. */
const MAVEN = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){1,3}$/;
export function validateMaven(value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' || !MAVEN.test(value))
    return [
      {
        field,
        message: l10n.t(
          '"{0}" is not a Maven coordinate: groupId:artifactId:version, each part letters, digits, ".", "-" or "_".',
          String(value),
        ),
      },
    ];
  return [];
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
