/** The patch formats of the Kubernetes API: JSON merge, JSON patch, strategic merge, and server-side apply's merge. */

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code = 422,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** RFC 7386. */
export function jsonMergePatch(target: any, patch: any): any {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, any> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** RFC 6902. */
export function jsonPatch(target: any, ops: any): any {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array of operations', 400);
  let doc = clone(target);
  const locate = (path: string): { parent: any; key: string } => {
    if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) throw new PatchError(`invalid JSON pointer "${path}"`);
    const segs = path.split('/').slice(1).map(unescapePointer);
    const key = segs.pop()!;
    let parent = doc;
    for (const s of segs) {
      parent = Array.isArray(parent) ? parent[Number(s)] : parent?.[s];
      if (parent === undefined || parent === null) throw new PatchError(`path ${path} does not exist`);
    }
    return { parent, key };
  };
  const read = (path: string): any => {
    if (path === '') return doc;
    const { parent, key } = locate(path);
    const v = Array.isArray(parent) ? parent[Number(key)] : parent[key];
    if (v === undefined) throw new PatchError(`path ${path} does not exist`);
    return v;
  };
  const remove = (path: string): any => {
    const { parent, key } = locate(path);
    if (Array.isArray(parent)) {
      const i = Number(key);
      if (!(i >= 0 && i < parent.length)) throw new PatchError(`path ${path} does not exist`);
      return parent.splice(i, 1)[0];
    }
    if (!(key in parent)) throw new PatchError(`path ${path} does not exist`);
    const v = parent[key];
    delete parent[key];
    return v;
  };
  const add = (path: string, value: any): void => {
    if (path === '') {
      doc = value;
      return;
    }
    const { parent, key } = locate(path);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!(i >= 0 && i <= parent.length)) throw new PatchError(`index ${key} out of range in ${path}`);
      parent.splice(i, 0, value);
    } else parent[key] = value;
  };
  for (const op of ops) {
    switch (op?.op) {
      case 'add':
        add(op.path, clone(op.value));
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace':
        remove(op.path);
        add(op.path, clone(op.value));
        break;
      case 'move':
        add(op.path, remove(op.from));
        break;
      case 'copy':
        add(op.path, clone(read(op.from)));
        break;
      case 'test':
        if (JSON.stringify(read(op.path)) !== JSON.stringify(op.value)) throw new PatchError(`test operation failed at ${op.path}`);
        break;
      default:
        throw new PatchError(`unknown JSON patch operation "${op?.op}"`, 400);
    }
  }
  return doc;
}

/** Keys by which lists of built-in types merge (patchMergeKey), by field name. */
const MERGE_KEYS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
};

/** Merge key for a list field, or undefined when the list is atomic. Ports key on containerPort or port. */
export function mergeKeyFor(field: string, items: readonly any[]): readonly string[] | undefined {
  if (field === 'ports')
    return items.some((i) => isObject(i) && 'containerPort' in i) ? ['containerPort', 'protocol'] : ['port', 'protocol'];
  return MERGE_KEYS[field];
}

/** Lists merged as sets of scalars. */
const SET_LISTS = new Set(['finalizers']);

function keyOf(item: any, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => (k === 'protocol' ? (item?.[k] ?? 'TCP') : item?.[k])));
}

/**
 * Strategic merge patch for built-in types: maps merge, keyed lists merge by their key, `$patch`
 * (delete, replace) and `$deleteFromPrimitiveList` are honoured, and kubectl's
 * `$setElementOrder` and `$retainKeys` directives are accepted.
 */
export function strategicMergePatch(target: any, patch: any): any {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, any> = isObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set<string>(patch.$retainKeys) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const name = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[name]) && Array.isArray(v)) out[name] = out[name].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, k);
    } else if (isObject(v)) {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k) && !(k in patch)) delete out[k];
  return out;
}

function mergeList(current: any, patch: any[], field: string): any[] {
  const cur: any[] = Array.isArray(current) ? current : [];
  if (SET_LISTS.has(field)) return [...new Set([...cur, ...patch])];
  const keys = mergeKeyFor(field, [...cur, ...patch]);
  if (!keys || !patch.every(isObject)) return clone(patch);
  if (patch.some((p) => p.$patch === 'replace')) return clone(patch.filter((p) => p.$patch !== 'replace'));
  const out = [...cur];
  for (const item of patch) {
    const k = keyOf(item, keys);
    const i = out.findIndex((c) => keyOf(c, keys) === k);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMergePatch(out[i], item);
    else out.push(strategicMergePatch(undefined, item));
  }
  return normalizeElementOrder(
    out,
    patch.filter((p) => p.$patch !== 'delete').map((p) => keyOf(p, keys)),
    cur.map((c) => keyOf(c, keys)),
    (o) => keyOf(o, keys),
  );
}

/**
 * The order apimachinery's strategic merge gives a merged list (normalizeElementOrder and
 * mergeSortedSlice): items named in the patch in patch order, interleaved with the items only
 * the server had in server order; where either is new to the server, the patch item goes first.
 */
function normalizeElementOrder(merged: any[], patchOrder: string[], serverOrder: string[], key: (o: any) => string): any[] {
  const inPatch = merged.filter((o) => patchOrder.includes(key(o))).sort((a, b) => patchOrder.indexOf(key(a)) - patchOrder.indexOf(key(b)));
  const serverOnly = merged
    .filter((o) => !patchOrder.includes(key(o)))
    .sort((a, b) => serverOrder.indexOf(key(a)) - serverOrder.indexOf(key(b)));
  const out: any[] = [];
  let i = 0;
  let j = 0;
  while (i < inPatch.length || j < serverOnly.length) {
    if (i >= inPatch.length) out.push(serverOnly[j++]);
    else if (j >= serverOnly.length) out.push(inPatch[i++]);
    else {
      const li = serverOrder.indexOf(key(inPatch[i]));
      const ri = serverOrder.indexOf(key(serverOnly[j]));
      if (li >= 0 && ri >= 0 && ri < li) out.push(serverOnly[j++]);
      else out.push(inPatch[i++]);
    }
  }
  return out;
}

/* ---------- server-side apply ---------- */

/** A FieldsV1 set: {"f:spec": {"f:replicas": {}}, "k:{\"name\":\"x\"}": {...}, ".": {}}. */
export type FieldSet = Record<string, any>;

const IGNORED_TOP = new Set(['apiVersion', 'kind']);
// name and namespace identify the object; the real server never records an owner for them.
const IGNORED_META = new Set([
  'name',
  'namespace',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'managedFields',
  'deletionTimestamp',
  'selfLink',
]);

/** The fields an applied configuration sets, in FieldsV1 form. */
const ATOMIC_TOP = new Set(['involvedObject', 'regarding', 'related']);

export function fieldSetOf(obj: any, field = '', depth = 0): FieldSet {
  const set: FieldSet = {};
  if (!isObject(obj)) return set;
  for (const [k, v] of Object.entries(obj)) {
    if (depth === 0 && (IGNORED_TOP.has(k) || k === 'status')) continue;
    if (depth === 1 && field === 'metadata' && IGNORED_META.has(k)) continue;
    const key = `f:${k}`;
    // Object references in Events are atomic structs: owned as a whole.
    if (depth === 0 && ATOMIC_TOP.has(k)) {
      set[key] = {};
      continue;
    }
    if (isObject(v) && Object.keys(v).length > 0) {
      const child = fieldSetOf(v, k, depth + 1);
      // metadata holding only what nobody owns (name, namespace) is not a field of its own.
      if (depth === 0 && k === 'metadata' && Object.keys(child).length === 0) continue;
      set[key] = child;
    } else if (Array.isArray(v)) {
      const keys = mergeKeyFor(k, v);
      if (SET_LISTS.has(k)) set[key] = Object.fromEntries(v.map((x) => [`v:${JSON.stringify(x)}`, {}]));
      else if (keys && v.every(isObject)) {
        set[key] = Object.fromEntries(
          v.map((item) => [
            `k:${JSON.stringify(Object.fromEntries(keys.filter((kk) => item[kk] !== undefined).map((kk) => [kk, item[kk]])))}`,
            { '.': {}, ...fieldSetOf(item, k, depth + 1) },
          ]),
        );
      } else set[key] = {};
    } else set[key] = {};
  }
  return set;
}

/** Leaf paths of a field set, as arrays of FieldsV1 tokens. */
export function leafPaths(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(set)) {
    if (k === '.') continue;
    const p = [...prefix, k];
    const children = Object.keys(v).filter((c) => c !== '.');
    if (children.length === 0) out.push(p);
    else out.push(...leafPaths(v, p));
  }
  return out;
}

export function setFromPaths(paths: string[][]): FieldSet {
  const root: FieldSet = {};
  for (const p of paths) {
    let cur = root;
    for (const [i, tok] of p.entries()) {
      cur[tok] ??= {};
      if (tok.startsWith('k:') && i < p.length - 1) cur[tok]['.'] = {};
      cur = cur[tok];
    }
  }
  return root;
}

/** Value at a FieldsV1 path in an object, or undefined. */
export function valueAt(obj: any, path: string[]): unknown {
  let cur = obj;
  for (const tok of path) {
    if (cur === undefined || cur === null) return undefined;
    if (tok.startsWith('f:')) {
      cur = cur[tok.slice(2)];
    } else if (tok.startsWith('k:')) {
      const key = JSON.parse(tok.slice(2)) as Record<string, unknown>;
      cur = Array.isArray(cur)
        ? cur.find((item) => Object.entries(key).every(([k, v]) => (item?.[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v))
        : undefined;
    } else if (tok.startsWith('v:')) {
      const v = JSON.parse(tok.slice(2));
      return Array.isArray(cur) && cur.includes(v) ? v : undefined;
    }
  }
  return cur;
}

/** Removes the value at a FieldsV1 path, pruning maps and list items it leaves empty. */
export function removeAt(obj: any, path: string[]): void {
  if (path.length === 0 || obj === undefined || obj === null) return;
  const [tok, ...rest] = path;
  if (tok.startsWith('f:')) {
    const f = tok.slice(2);
    if (rest.length === 0) delete obj[f];
    else {
      removeAt(obj[f], rest);
      if (isObject(obj[f]) && Object.keys(obj[f]).length === 0) delete obj[f];
      if (Array.isArray(obj[f]) && obj[f].length === 0) delete obj[f];
    }
  } else if (tok.startsWith('k:') && Array.isArray(obj)) {
    const key = JSON.parse(tok.slice(2)) as Record<string, unknown>;
    const i = obj.findIndex((item) => Object.entries(key).every(([k, v]) => item?.[k] === v));
    if (i < 0) return;
    if (rest.length === 0) obj.splice(i, 1);
    else {
      removeAt(obj[i], rest);
      if (Object.keys(obj[i]).every((k) => k in key)) obj.splice(i, 1);
    }
  } else if (tok.startsWith('v:') && Array.isArray(obj)) {
    const v = JSON.parse(tok.slice(2));
    const i = obj.indexOf(v);
    if (i >= 0) obj.splice(i, 1);
  }
}

/** Merges an applied configuration into the live object: keyed lists by key, other lists replaced. */
export function applyMerge(live: any, applied: any): any {
  if (!isObject(applied)) return clone(applied);
  const out: Record<string, any> = isObject(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(applied)) {
    if (v === null) continue;
    if (Array.isArray(v)) {
      const cur = Array.isArray(out[k]) ? out[k] : [];
      const keys = mergeKeyFor(k, [...cur, ...v]);
      if (SET_LISTS.has(k)) out[k] = [...new Set([...cur, ...v])];
      else if (keys && v.every(isObject)) {
        const merged = [...cur];
        for (const item of v) {
          const i = merged.findIndex((c) => keyOf(c, keys) === keyOf(item, keys));
          if (i >= 0) merged[i] = applyMerge(merged[i], item);
          else merged.push(clone(item));
        }
        out[k] = merged;
      } else out[k] = clone(v);
    } else if (isObject(v)) out[k] = applyMerge(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** Fields of non-pointer structs, which exist whenever their parent does: no "." of their own. */
const ALWAYS_PRESENT = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'resources']);

/**
 * The "." markers an Update records: a map, optional struct or list item that the write brought
 * into existence is owned itself, beside its fields (so its manager keeps it when they move).
 */
export function createdContainers(live: any, next: any, set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(set)) {
    if (k === '.' || Object.keys(v).length === 0) continue;
    const p = [...prefix, k];
    const value = valueAt(next, p);
    const isContainer = (isObject(value) && Object.keys(value).length > 0) || k.startsWith('k:');
    const named = k.startsWith('f:') ? k.slice(2) : '';
    if (isContainer && valueAt(live, p) === undefined && !ALWAYS_PRESENT.has(named)) out.push([...p, '.']);
    out.push(...createdContainers(live, next, v, p));
  }
  return out;
}

/** Every path of a field set, "." markers included (leafPaths leaves them out). */
export function allPaths(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(set)) {
    const p = [...prefix, k];
    if (k === '.' || Object.keys(v).length === 0) out.push(p);
    else out.push(...allPaths(v, p));
  }
  return out;
}

/** A field set from paths, keys sorted as the real server serialises them. */
export function sortedSetFromPaths(paths: string[][]): FieldSet {
  const root: FieldSet = {};
  for (const p of paths) {
    let cur = root;
    for (const tok of p) cur = cur[tok] ??= {};
  }
  const sort = (set: FieldSet): FieldSet =>
    Object.fromEntries(
      Object.keys(set)
        .sort()
        .map((k) => [k, sort(set[k])]),
    );
  return sort(root);
}
