/** Label and field selectors as the API server parses and applies them. */

type Requirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

export class SelectorError extends Error {}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

export function parseLabelSelector(selector: string | undefined): Requirement[] {
  if (!selector?.trim()) return [];
  return splitTerms(selector).map((term) => {
    let m = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim());
      checkKey(m[1]);
      values.forEach(checkValue);
      return { key: m[1], op: m[2] as 'in' | 'notin', values };
    }
    m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(term);
    if (m) {
      checkKey(m[1]);
      checkValue(m[3]);
      return { key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    }
    m = /^!\s*([^\s!=()]+)$/.exec(term);
    if (m) {
      checkKey(m[1]);
      return { key: m[1], op: '!' };
    }
    if (/^[^\s!=()]+$/.test(term)) {
      checkKey(term);
      return { key: term, op: 'exists' };
    }
    throw new SelectorError(`unable to parse requirement: "${term}"`);
  });
}

function checkKey(k: string): void {
  if (!LABEL_KEY.test(k) || k.length > 316)
    throw new SelectorError(`invalid label key "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'`);
}
function checkValue(v: string): void {
  if (!LABEL_VALUE.test(v) || v.length > 63)
    throw new SelectorError(
      `invalid label value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
    );
}

export function matchesLabels(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.value;
      case '!=':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

/** Field selectors each type supports, as paths into the object. */
const FIELDS: Record<string, Record<string, string>> = {
  common: { 'metadata.name': 'metadata.name', 'metadata.namespace': 'metadata.namespace' },
  events: {
    'involvedObject.kind': 'involvedObject.kind',
    'involvedObject.namespace': 'involvedObject.namespace',
    'involvedObject.name': 'involvedObject.name',
    'involvedObject.uid': 'involvedObject.uid',
    'involvedObject.apiVersion': 'involvedObject.apiVersion',
    'involvedObject.resourceVersion': 'involvedObject.resourceVersion',
    'involvedObject.fieldPath': 'involvedObject.fieldPath',
    reason: 'reason',
    reportingComponent: 'reportingComponent',
    source: 'source.component',
    type: 'type',
  },
  pods: {
    'spec.nodeName': 'spec.nodeName',
    'status.phase': 'status.phase',
    'spec.restartPolicy': 'spec.restartPolicy',
    'spec.serviceAccountName': 'spec.serviceAccountName',
    'status.podIP': 'status.podIP',
  },
  // events.k8s.io/v1 names the fields of the stored core/v1 Event as its own version does.
  'events.k8s.io/events': {
    'regarding.kind': 'involvedObject.kind',
    'regarding.namespace': 'involvedObject.namespace',
    'regarding.name': 'involvedObject.name',
    'regarding.uid': 'involvedObject.uid',
    'regarding.apiVersion': 'involvedObject.apiVersion',
    'regarding.resourceVersion': 'involvedObject.resourceVersion',
    'regarding.fieldPath': 'involvedObject.fieldPath',
    reason: 'reason',
    reportingController: 'reportingComponent',
    type: 'type',
  },
  secrets: { type: 'type' },
  namespaces: { 'status.phase': 'status.phase' },
  replicasets: { 'status.replicas': 'status.replicas' },
};

export interface FieldRequirement {
  path: string;
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(selector: string | undefined, plural: string, kind: string, group = ''): FieldRequirement[] {
  if (!selector?.trim()) return [];
  const allowed = { ...FIELDS.common, ...(FIELDS[`${group}/${plural}`] ?? FIELDS[plural] ?? {}) };
  return splitTerms(selector).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${term}'; can't understand '${term}'`);
    const field = m[1].trim();
    const path = allowed[field];
    if (!path) throw new SelectorError(`field label not supported: ${field}`, { cause: kind });
    return { path, op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() };
  });
}

export function getPath(obj: any, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur == null) return undefined;
    cur = cur[part];
  }
  return cur;
}

export function matchesFields(reqs: FieldRequirement[], obj: unknown): boolean {
  return reqs.every((r) => {
    const v = getPath(obj, r.path);
    const s = v === undefined || v === null ? '' : String(v);
    return r.op === '=' ? s === r.value : s !== r.value;
  });
}
