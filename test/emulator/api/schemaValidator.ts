/** Validates objects against a CRD's structural OpenAPI v3 schema and prunes unknown fields, as the API server does. */

export interface FieldError {
  readonly field: string;
  readonly type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueTypeInvalid';
  readonly message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

/** Checks `value` against `schema`; returns field errors with paths like `spec.taskManager.resource.cpu`. Prunes unknown fields in place. */
export function validateAgainstSchema(
  value: unknown,
  schema: any,
  path: string,
  errors: FieldError[] = [],
  prune = true,
  pruned: string[] = [],
): FieldError[] {
  if (!schema || value === undefined) return errors;
  if (value === null) {
    if (!schema.nullable)
      errors.push({
        field: path,
        type: 'FieldValueTypeInvalid',
        message: `Invalid value: "null": ${path} in body must be of type ${schema.type ?? 'object'}: "null"`,
      });
    return errors;
  }
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string')
      errors.push({
        field: path,
        type: 'FieldValueTypeInvalid',
        message: `Invalid value: "${actual}": ${path} in body must be of type integer,string: "${actual}"`,
      });
    return errors;
  }
  const expected = schema.type as string | undefined;
  if (expected) {
    const ok = expected === actual || (expected === 'number' && actual === 'integer');
    if (!ok) {
      errors.push({
        field: path,
        type: 'FieldValueTypeInvalid',
        message: `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"`,
      });
      return errors;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push({
      field: path,
      type: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      errors.push({
        field: path,
        type: 'FieldValueInvalid',
        message: `Invalid value: "${value}": ${path} in body should match '${schema.pattern}'`,
      });
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push({ field: path, type: 'FieldValueInvalid', message: `Too long: may not be more than ${schema.maxLength} bytes` });
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push({
        field: path,
        type: 'FieldValueInvalid',
        message: `Invalid value: "${value}": ${path} in body should be at least ${schema.minLength} chars long`,
      });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push({
        field: path,
        type: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${schema.minimum}`,
      });
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push({
        field: path,
        type: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${path} in body should be less than or equal to ${schema.maximum}`,
      });
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => validateAgainstSchema(item, schema.items, `${path}[${i}]`, errors, prune, pruned));
  }
  if (isObject(value)) {
    // Paths as the real server prints them: "spec.jobManager.replicas", no leading dot.
    const at = (k: string) => (path ? `${path}.${k}` : k);
    for (const req of schema.required ?? []) {
      if (value[req] === undefined) errors.push({ field: at(req), type: 'FieldValueRequired', message: 'Required value' });
    }
    const props = schema.properties as Record<string, unknown> | undefined;
    const additional = schema.additionalProperties;
    for (const [k, v] of Object.entries(value)) {
      const child = at(k);
      if (props && k in props) validateAgainstSchema(v, props[k], child, errors, prune, pruned);
      else if (isObject(additional)) validateAgainstSchema(v, additional, child, errors, prune, pruned);
      else if (additional === true || schema['x-kubernetes-preserve-unknown-fields']) continue;
      else if (props && prune && !(path === '' && (k === 'apiVersion' || k === 'kind' || k === 'metadata'))) {
        delete value[k];
        pruned.push(child);
      }
    }
  }
  return errors;
}

/** Removes what a CRD's structural schema does not know, returning the removed paths in document order. */
export function pruneUnknownFields(value: unknown, schema: any): string[] {
  const pruned: string[] = [];
  validateAgainstSchema(value, schema, '', [], true, pruned);
  return pruned;
}
