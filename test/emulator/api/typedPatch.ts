import { ApiError } from './errors';
import { apiVersionOf, ResourceType } from './resourceTypes';

/**
 * What server-side apply says before validation runs: structured-merge-diff converts the applied
 * configuration into a typed value against the schema, and a value of the wrong kind (a string
 * where the schema has an integer, a scalar where it has a list) fails that conversion with a 500
 * ("failed to create typed patch object"), not the 422 a create or update gets.
 */
export function typedPatchError(t: ResourceType, namespace: string | undefined, name: string, applied: unknown): ApiError | undefined {
  if (!t.schema) return undefined;
  const problems: string[] = [];
  walk(applied, t.schema, '', problems);
  if (!problems.length) return undefined;
  const where = `${namespace ? `${namespace}/` : ''}${name}; ${apiVersionOf(t)}, Kind=${t.kind}`;
  const detail = problems.length === 1 ? problems[0] : `errors:\n  ${problems.join('\n  ')}`;
  return new ApiError(500, '', `failed to create typed patch object (${where}): ${detail}`);
}

/** Go's %v of the unstructured value in the message: `&{--rate 5}`. */
const shown = (v: unknown) => `&{${typeof v === 'object' ? JSON.stringify(v) : String(v)}}`;

function walk(value: unknown, schema: any, path: string, problems: string[]): void {
  if (
    value === undefined ||
    value === null ||
    !schema ||
    schema['x-kubernetes-preserve-unknown-fields'] ||
    schema['x-kubernetes-int-or-string']
  )
    return;
  switch (schema.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number')
        problems.push(
          `${path}: expected numeric (int or float), got ${typeof value === 'boolean' ? 'bool' : typeof value === 'object' ? (Array.isArray(value) ? 'list' : 'map') : 'string'}`,
        );
      return;
    case 'string':
      if (typeof value !== 'string') problems.push(`${path}: expected string, got ${shown(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: expected boolean, got ${shown(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path}: expected list, got ${shown(value)}`);
      else value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, problems));
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path}: expected map, got ${shown(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (path === '' && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
        walk(v, sub, `${path}.${k}`, problems);
      }
      return;
    default:
      return;
  }
}
