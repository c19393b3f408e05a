import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/**
 * The subset of OpenAPI 3.0 schema checking that Flink's generated REST spec needs: `$ref`,
 * `type` (object, array, string, integer, number, boolean), `properties`, `required`,
 * `additionalProperties`, `items`, `enum`, `pattern`, `allOf`, `oneOf` and `discriminator`.
 *
 * Two rules follow how Flink writes JSON rather than the letter of OpenAPI: a property that is not
 * `required` may be `null` (Jackson writes absent values as null and the generator marks nothing
 * `nullable`), and `oneOf` passes when any branch does (the generated branches have no required
 * fields, so they always overlap).
 */
export const FLINK_SPEC_FILE = path.join(__dirname, '..', '..', '..', 'vendor', 'flink', 'rest_v1_dispatcher.yml');

type Schema = Record<string, any>;

export interface OpenApiOptions {
  /** Component schemas whose `pattern` Flink does not keep, with the reason. */
  patternExemptions?: Record<string, string>;
}

export class OpenApiSpec {
  readonly doc: any;
  private readonly names = new Map<Schema, string>();

  constructor(
    file = FLINK_SPEC_FILE,
    private readonly opts: OpenApiOptions = {},
  ) {
    this.doc = yaml.load(fs.readFileSync(file, 'utf8'));
    for (const [name, schema] of Object.entries(this.doc.components?.schemas ?? {})) this.names.set(schema as Schema, name);
  }

  /** The operation for a concrete request path: the template with the fewest parameters wins. */
  operation(method: string, urlPath: string): { template: string; op: any } | undefined {
    const segs = urlPath.split('?')[0].split('/').filter(Boolean);
    const isParam = (s: string) => s.startsWith('{') && s.endsWith('}');
    const matches = Object.entries<any>(this.doc.paths)
      .map(([template, item]) => ({ template, t: template.split('/').filter(Boolean), op: item[method.toLowerCase()] }))
      .filter(({ t, op }) => op && t.length === segs.length && t.every((s, i) => isParam(s) || s === segs[i]))
      .sort((a, b) => a.t.filter(isParam).length - b.t.filter(isParam).length);
    return matches[0] && { template: matches[0].template, op: matches[0].op };
  }

  /** The JSON schema of a response, or null when the spec documents that status without a body. */
  responseSchema(method: string, urlPath: string, status: number): Schema | null {
    const found = this.operation(method, urlPath);
    if (!found) throw new Error(`${method} ${urlPath} is not in the spec`);
    const response = found.op.responses?.[String(status)];
    if (!response)
      throw new Error(`${method} ${found.template} documents ${Object.keys(found.op.responses ?? {}).join(', ')}, not ${status}`);
    return response.content?.['application/json']?.schema ?? null;
  }

  schema(name: string): Schema {
    const s = this.doc.components.schemas[name];
    if (!s) throw new Error(`no schema ${name}`);
    return s;
  }

  /** Every way `value` departs from `schema`, as `path: problem` lines (empty when it conforms). */
  validate(schema: Schema, value: unknown, at = '$'): string[] {
    const errors: string[] = [];
    this.check(schema, value, at, errors, new Set(), false);
    return errors;
  }

  private resolve(schema: Schema): { schema: Schema; name?: string } {
    let s = schema;
    let name: string | undefined;
    for (let guard = 0; s.$ref && guard < 32; guard++) {
      const ref: string = s.$ref;
      if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
      s = ref
        .slice(2)
        .split('/')
        .reduce((o: any, k) => o?.[k], this.doc);
      if (!s) throw new Error(`unresolved $ref ${ref}`);
      name = this.names.get(s);
    }
    return { schema: s, name: name ?? this.names.get(s) };
  }

  private check(raw: Schema, value: unknown, at: string, errors: string[], discriminated: Set<Schema>, noPattern: boolean): void {
    const { schema, name } = this.resolve(raw);
    const skipPattern = noPattern || (name !== undefined && name in (this.opts.patternExemptions ?? {}));
    if (schema.discriminator && !discriminated.has(schema) && isObject(value)) {
      const prop = schema.discriminator.propertyName;
      const target = schema.discriminator.mapping?.[String(value[prop])];
      if (!target) {
        errors.push(
          `${at}.${prop}: ${JSON.stringify(value[prop])} is none of ${Object.keys(schema.discriminator.mapping ?? {}).join(', ')}`,
        );
        return;
      }
      this.check({ $ref: target }, value, at, errors, new Set([...discriminated, schema]), skipPattern);
      return;
    }
    for (const part of schema.allOf ?? []) this.check(part, value, at, errors, discriminated, skipPattern);
    if (schema.oneOf) {
      const passing = (schema.oneOf as Schema[]).filter((b) => {
        const e: string[] = [];
        this.check(b, value, at, e, discriminated, skipPattern);
        return e.length === 0;
      });
      if (!passing.length) errors.push(`${at}: matches no branch of oneOf`);
    }
    if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
    switch (schema.type) {
      case undefined:
        break;
      case 'object':
        if (!isObject(value)) return void errors.push(`${at}: expected an object, got ${describe(value)}`);
        for (const req of schema.required ?? []) if (!(req in value) || value[req] === null) errors.push(`${at}: lacks required ${req}`);
        for (const [k, v] of Object.entries(value)) {
          const prop = schema.properties?.[k];
          const sub = prop ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
          if (schema.additionalProperties === false && !prop) errors.push(`${at}.${k}: not allowed`);
          if (!sub) continue;
          if (v === null && !(schema.required ?? []).includes(k)) continue;
          this.check(sub, v, `${at}.${k}`, errors, discriminated, skipPattern);
        }
        break;
      case 'array':
        if (!Array.isArray(value)) return void errors.push(`${at}: expected an array, got ${describe(value)}`);
        if (schema.items) value.forEach((v, i) => this.check(schema.items, v, `${at}[${i}]`, errors, discriminated, skipPattern));
        break;
      case 'string':
        if (typeof value !== 'string') return void errors.push(`${at}: expected a string, got ${describe(value)}`);
        if (schema.pattern && !skipPattern && !new RegExp(schema.pattern).test(value))
          errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
        break;
      case 'integer':
        if (!Number.isInteger(value)) errors.push(`${at}: expected an integer, got ${describe(value)}`);
        else if (schema.format === 'int32' && ((value as number) > 2 ** 31 - 1 || (value as number) < -(2 ** 31)))
          errors.push(`${at}: ${value} is out of int32 range`);
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${at}: expected a number, got ${describe(value)}`);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') errors.push(`${at}: expected a boolean, got ${describe(value)}`);
        break;
      default:
        errors.push(`${at}: the validator does not know type ${schema.type}`);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `${typeof v} ${JSON.stringify(v)?.slice(0, 60)}`;
}
