import { ApiError } from './errors';
import { ResourceType } from './resourceTypes';

/**
 * Server-side field validation (fieldValidation=Ignore|Warn|Strict, Warn being the default in
 * 1.26): fields a typed object does not have are dropped from what is stored, reported as 299
 * warnings, or make the request fail. Checked here: the top level of every built-in kind and
 * ObjectMeta; nested fields of built-in specs are not (custom resources prune through their schema).
 */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

const OBJECT_META = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const COMMON = ['apiVersion', 'kind', 'metadata'];
const SPEC_STATUS = [...COMMON, 'spec', 'status'];

/** Top-level fields of the built-in kinds the emulator serves. */
const TOP_LEVEL: Record<string, readonly string[]> = {
  ConfigMap: [...COMMON, 'data', 'binaryData', 'immutable'],
  Secret: [...COMMON, 'data', 'stringData', 'type', 'immutable'],
  ServiceAccount: [...COMMON, 'secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  Event: [
    ...COMMON,
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'series',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ],
  Role: [...COMMON, 'rules'],
  ClusterRole: [...COMMON, 'rules', 'aggregationRule'],
  RoleBinding: [...COMMON, 'subjects', 'roleRef'],
  ClusterRoleBinding: [...COMMON, 'subjects', 'roleRef'],
};

export function parseFieldValidation(raw: string | null, verb: 'create' | 'update' | 'patch'): FieldValidation {
  if (raw === null || raw === '') return 'Warn';
  if (raw === 'Ignore' || raw === 'Warn' || raw === 'Strict') return raw;
  const options = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' }[verb];
  const message = `Unsupported value: ${JSON.stringify(raw)}: supported values: "", "Ignore", "Strict", "Warn"`;
  throw new ApiError(422, 'Invalid', `${options}.meta.k8s.io "" is invalid: fieldValidation: ${message}`, {
    group: 'meta.k8s.io',
    kind: options,
    causes: [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }],
  });
}

/**
 * Removes the unknown fields of a built-in object in place, returning their paths in document
 * order; with Strict the request fails instead, as the strict decoder fails it.
 */
export function dropUnknownFields(t: ResourceType, obj: any, mode: FieldValidation): string[] {
  if (!t.strategicMerge || !obj || typeof obj !== 'object') return [];
  const allowed = new Set(TOP_LEVEL[t.kind] ?? SPEC_STATUS);
  const unknown: string[] = [];
  for (const k of Object.keys(obj)) {
    if (k === 'metadata' && obj.metadata && typeof obj.metadata === 'object') {
      for (const m of Object.keys(obj.metadata)) if (!OBJECT_META.has(m)) unknown.push(`metadata.${m}`);
    } else if (!allowed.has(k)) unknown.push(k);
  }
  if (unknown.length && mode === 'Strict') {
    const v = t.group ? `${t.group}/${t.version}` : t.version;
    throw new ApiError(
      400,
      'BadRequest',
      `${t.kind} in version ${JSON.stringify(v)} cannot be handled as a ${t.kind}: strict decoding error: ${unknown
        .map((u) => `unknown field ${JSON.stringify(u)}`)
        .join(', ')}`,
    );
  }
  for (const u of unknown) {
    if (u.startsWith('metadata.')) delete obj.metadata[u.slice('metadata.'.length)];
    else delete obj[u];
  }
  return mode === 'Warn' ? unknown.map((u) => `unknown field ${JSON.stringify(u)}`) : [];
}

/** The Warning header values for a set of messages, as the server formats them (code 299, agent "-"). */
export function warningHeader(messages: string[]): string[] {
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}
