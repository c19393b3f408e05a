import { ApiError } from './errors';
import { ResourceType } from './resourceTypes';
import { pruneUnknownFields } from './schemaValidator';

/**
 * Server-side field validation (fieldValidation=Ignore|Warn|Strict, Warn being the default in
 * 1.26): fields a typed object does not have are dropped from what is stored, reported as 299
 * warnings, or make the request fail. Checked here: the top level of every built-in kind and
 * ObjectMeta; nested fields of built-in specs are not. Custom resources are pruned to their schema.
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
  'events.k8s.io/Event': [
    ...COMMON,
    'eventTime',
    'series',
    'reportingController',
    'reportingInstance',
    'action',
    'reason',
    'regarding',
    'related',
    'note',
    'type',
    'deprecatedSource',
    'deprecatedFirstTimestamp',
    'deprecatedLastTimestamp',
    'deprecatedCount',
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
  if (!obj || typeof obj !== 'object') return [];
  const custom = !t.strategicMerge;
  const allowed = new Set(TOP_LEVEL[t.view ? `${t.group}/${t.kind}` : t.kind] ?? SPEC_STATUS);
  const unknown: string[] = [];
  for (const k of Object.keys(obj)) {
    if (k === 'metadata' && obj.metadata && typeof obj.metadata === 'object') {
      for (const m of Object.keys(obj.metadata)) if (!OBJECT_META.has(m)) unknown.push(`metadata.${m}`);
    } else if (!custom && !allowed.has(k)) unknown.push(k);
  }
  // A custom resource is pruned to its structural schema; what was pruned is what was unknown.
  if (custom && t.schema) {
    const probe = structuredClone(obj);
    unknown.push(...pruneUnknownFields(probe, t.schema));
  }
  if (unknown.length && mode === 'Strict') {
    // The decoder names the version alone, without the group (checked for v1 and flink.apache.org/v1beta1).
    throw new ApiError(
      400,
      'BadRequest',
      `${t.kind} in version ${JSON.stringify(t.version)} cannot be handled as a ${t.kind}: strict decoding error: ${unknown
        .map((u) => `unknown field ${JSON.stringify(u)}`)
        .join(', ')}`,
    );
  }
  for (const u of unknown) {
    if (u.startsWith('metadata.')) delete obj.metadata[u.slice('metadata.'.length)];
    else if (!custom) delete obj[u];
  }
  if (custom && t.schema) pruneUnknownFields(obj, t.schema);
  return mode === 'Warn' ? unknown.map((u) => `unknown field ${JSON.stringify(u)}`) : [];
}

/** The Warning header values for a set of messages, as the server formats them (code 299, agent "-"). */
export function warningHeader(messages: string[]): string[] {
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}
