import { FieldError, isRecordOfStrings, validateClusterName, validateImage, validateVersionAndKind } from './validation';
import * as l10n from '@vscode/l10n';

export const SESSION_SPEC_VERSION = 1;

/** Flink versions the operator's CRD accepts (spec.flinkVersion), newest first. */
export const FLINK_VERSIONS = ['v2_2', 'v2_1', 'v2_0', 'v1_20', 'v1_19', 'v1_18', 'v1_17', 'v1_16'] as const;

export interface FlinkResources {
  readonly cpu: number;
  /** Flink memory size: "2048m" (MiB), "2g". */
  readonly memory: string;
}

/** A session cluster's definition, as stored in spec.json of the `session.<name>` ConfigMap. */
export interface SessionSpec {
  readonly version: 1;
  readonly kind: 'session';
  readonly name: string;
  readonly description: string;
  readonly image: string;
  /** One of the versions the installed CRD allows (FLINK_VERSIONS when it cannot be read). */
  readonly flinkVersion: string;
  readonly jobManager: FlinkResources;
  readonly taskManager: FlinkResources & { readonly replicas: number; readonly slots: number };
  readonly flinkConfiguration: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

export const FLINK_MEMORY = /^\d+(\.\d+)?\s*(b|k|kb|m|mb|g|gb|t|tb)?$/i;

export function defaultSessionSpec(name: string): SessionSpec {
  return {
    version: 1,
    kind: 'session',
    name,
    description: '',
    image: 'flink:1.20',
    flinkVersion: 'v1_20',
    jobManager: { cpu: 1, memory: '2048m' },
    taskManager: { cpu: 1, memory: '2048m', replicas: 1, slots: 2 },
    flinkConfiguration: {},
    serviceAccount: 'flink',
  };
}

function resources(r: unknown, field: string): FieldError[] {
  const x = r as Partial<FlinkResources> | undefined;
  const errors: FieldError[] = [];
  if (!x || typeof x !== 'object') return [{ field, message: l10n.t('CPU and memory are required.') }];
  if (typeof x.cpu !== 'number' || !(x.cpu > 0) || x.cpu > 64)
    errors.push({ field: `${field}.cpu`, message: l10n.t('CPU cores, more than 0 and at most 64 (0.5 is half a core).') });
  if (typeof x.memory !== 'string' || !FLINK_MEMORY.test(x.memory.trim()))
    errors.push({
      field: `${field}.memory`,
      message: l10n.t('Expected a Flink memory size such as 2048m or 2g; got {0}.', JSON.stringify(x.memory)),
    });
  return errors;
}

/**
 * Every problem with a session spec, each naming its field. `flinkVersions` are the versions the
 * installed CRD allows (read from the API); the built-in list when not given.
 */
export function validateSessionSpec(spec: unknown, opts: { flinkVersions?: readonly string[] } = {}): FieldError[] {
  const s = spec as Partial<SessionSpec> & Record<string, unknown>;
  if (!s || typeof s !== 'object') return [{ field: '', message: l10n.t('The definition is not an object.') }];
  const errors: FieldError[] = validateVersionAndKind(s, SESSION_SPEC_VERSION, 'session');
  errors.push(...validateClusterName(s.name));
  if (typeof s.description !== 'string' || s.description.length > 1000)
    errors.push({ field: 'description', message: l10n.t('At most 1,000 characters.') });
  errors.push(...validateImage(s.image));
  const versions: readonly string[] = opts.flinkVersions?.length ? opts.flinkVersions : FLINK_VERSIONS;
  if (typeof s.flinkVersion !== 'string' || !versions.includes(s.flinkVersion))
    errors.push({
      field: 'flinkVersion',
      message: l10n.t('One of {0} (the versions the installed operator accepts).', versions.join(', ')),
    });
  errors.push(...resources(s.jobManager, 'jobManager'), ...resources(s.taskManager, 'taskManager'));
  const tm = s.taskManager as SessionSpec['taskManager'] | undefined;
  if (tm && typeof tm === 'object') {
    if (!Number.isInteger(tm.replicas) || tm.replicas < 1 || tm.replicas > 100)
      errors.push({ field: 'taskManager.replicas', message: l10n.t('A whole number from 1 to 100.') });
    if (!Number.isInteger(tm.slots) || tm.slots < 1 || tm.slots > 64)
      errors.push({ field: 'taskManager.slots', message: l10n.t('A whole number from 1 to 64.') });
  }
  if (!isRecordOfStrings(s.flinkConfiguration)) errors.push({ field: 'flinkConfiguration', message: l10n.t('Keys and text values.') });
  else
    for (const k of Object.keys(s.flinkConfiguration))
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(k))
        errors.push({ field: `flinkConfiguration.${k}`, message: l10n.t('"{0}" is not a Flink option key.', k) });
  if (typeof s.serviceAccount !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(s.serviceAccount))
    errors.push({ field: 'serviceAccount', message: l10n.t('A service account name in the namespace.') });
  return errors;
}
