/** A validation problem tied to the field it concerns (dotted path, as a form shows it). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const CLUSTER_NAME_MAX = 53;

export function validateClusterName(name: unknown, field = 'name'): FieldError[] {
  if (typeof name !== 'string' || name.length === 0) return [{ field, message: 'A name is required.' }];
  if (name.length > CLUSTER_NAME_MAX) return [{ field, message: `At most ${CLUSTER_NAME_MAX} characters (this one has ${name.length}).` }];
  if (!CLUSTER_NAME.test(name))
    return [{ field, message: 'Use lower-case letters, digits and "-", starting and ending with a letter or digit.' }];
  return [];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export function validateNamespace(ns: unknown, field = 'namespace'): FieldError[] {
  if (typeof ns !== 'string' || !DNS_LABEL.test(ns) || ns.length > 63)
    return [{ field, message: 'A namespace is a lower-case DNS label of at most 63 characters.' }];
  return [];
}

/** Kubernetes quantities such as 50Gi, 500m, 1.5. */
export const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+|[EPTGMk]i?|[munKi]|Ki)?$/;
export function validateQuantity(value: unknown, field: string, what = 'a size such as 50Gi'): FieldError[] {
  if (typeof value !== 'string' || !QUANTITY.test(value.trim()))
    return [{ field, message: `Expected ${what}; got ${JSON.stringify(value)}.` }];
  return [];
}

/** Docker image references: [registry[:port]/]path[:tag][@digest]. */
const IMAGE =
  /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
export function validateImage(value: unknown, field = 'image'): FieldError[] {
  if (typeof value !== 'string' || value.length === 0) return [{ field, message: 'An image is required.' }];
  if (value.length > 255 || !IMAGE.test(value))
    return [{ field, message: `"${value}" is not a valid image reference (registry/repository:tag).` }];
  return [];
}

/** Maven coordinates groupId:artifactId:version, optionally with packaging and classifier. */
const MAVEN = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){1,3}$/;
export function validateMaven(value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' || !MAVEN.test(value))
    return [{ field, message: `"${String(value)}" is not a Maven coordinate (groupId:artifactId:version).` }];
  return [];
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
