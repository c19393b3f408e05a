/**
 * The session cluster form's model (Create and Edit): values as typed, checks per field that name
 * the rule, conversion to and from the SessionSpec, and the resources it asks of the resource group.
 */
import { defaultSessionSpec, FLINK_MEMORY, SessionSpec, validateSessionSpec } from '../clusters/sessionSpec';
import { FieldError, validateKeyRows } from '../clusters/validation';
import { SessionFormValues } from './formValues';
import { firstPerField, FormCheck, plainRecord, plainRow, rowIndex } from './formModel';
import { flinkMemoryMiB, formatCpu, formatMemory, QuotaRoom } from '../text/quantity';
import { quotaLeftText } from '../text/clusterText';
import * as l10n from '@vscode/l10n';

export type { SessionFormValues };

/** Flink options the rendered FlinkDeployment sets from form fields. */
export const RESERVED_FLINK_OPTIONS: Readonly<Record<string, string>> = {
  get 'taskmanager.numberOfTaskSlots'() {
    return l10n.t('it is the TaskManager slots field.');
  },
  get 'kubernetes.cluster-id'() {
    return l10n.t('the operator sets it to the cluster name.');
  },
  get 'kubernetes.namespace'() {
    return l10n.t('the operator sets it to the namespace.');
  },
  get 'jobmanager.memory.process.size'() {
    return l10n.t('it is the JobManager memory field.');
  },
  get 'taskmanager.memory.process.size'() {
    return l10n.t('it is the TaskManager memory field.');
  },
};

export function defaultSessionForm(namespace: string, flinkVersions: readonly string[]): SessionFormValues {
  const d = defaultSessionSpec('');
  const v = sessionFormFromSpec(d, namespace);
  return { ...v, flinkVersion: flinkVersions.includes(d.flinkVersion) ? d.flinkVersion : (flinkVersions[0] ?? d.flinkVersion) };
}

/**
 * A definition may carry options the form owns as fields (the demo's and hand-written ones set
 * `taskmanager.numberOfTaskSlots`): the rendered workload overrides them, so the form shows the field
 * (slots taken from the option when the spec has none) and leaves the row out; otherwise Edit refused
 * a definition it had never been shown a way to fix.
 */
export function sessionFormFromSpec(spec: SessionSpec, namespace: string): SessionFormValues {
  const config = spec.flinkConfiguration ?? {};
  const slotsOption = config['taskmanager.numberOfTaskSlots'];
  return {
    name: spec.name,
    description: spec.description ?? '',
    namespace,
    image: spec.image,
    flinkVersion: spec.flinkVersion,
    jobManagerCpu: String(spec.jobManager?.cpu ?? ''),
    jobManagerMemory: spec.jobManager?.memory ?? '',
    taskManagerCpu: String(spec.taskManager?.cpu ?? ''),
    taskManagerMemory: spec.taskManager?.memory ?? '',
    taskManagerReplicas: String(spec.taskManager?.replicas ?? ''),
    taskManagerSlots: String(spec.taskManager?.slots ?? slotsOption ?? ''),
    flinkConfiguration: Object.entries(config)
      .filter(([k]) => !(k in RESERVED_FLINK_OPTIONS))
      .map(([k, v]) => plainRow(k, v)),
    serviceAccount: spec.serviceAccount,
  };
}

const num = (s: string): number => (/^\s*(\d+(\.\d+)?|\.\d+)\s*$/.test(s) ? Number(s) : NaN);
const int = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);

export function sessionSpecFromForm(v: SessionFormValues): SessionSpec {
  return {
    version: 1,
    kind: 'session',
    name: v.name.trim(),
    description: v.description,
    image: v.image.trim(),
    flinkVersion: v.flinkVersion,
    jobManager: { cpu: num(v.jobManagerCpu), memory: v.jobManagerMemory.trim() },
    taskManager: {
      cpu: num(v.taskManagerCpu),
      memory: v.taskManagerMemory.trim(),
      replicas: int(v.taskManagerReplicas),
      slots: int(v.taskManagerSlots),
    },
    flinkConfiguration: plainRecord(v.flinkConfiguration),
    serviceAccount: v.serviceAccount.trim(),
  };
}

const SPEC_TO_FORM: Readonly<Record<string, keyof SessionFormValues>> = {
  'jobManager.cpu': 'jobManagerCpu',
  'jobManager.memory': 'jobManagerMemory',
  jobManager: 'jobManagerCpu',
  'taskManager.cpu': 'taskManagerCpu',
  'taskManager.memory': 'taskManagerMemory',
  'taskManager.replicas': 'taskManagerReplicas',
  'taskManager.slots': 'taskManagerSlots',
  taskManager: 'taskManagerCpu',
};

export function formFieldOfSessionSpecField(field: string, v: SessionFormValues): string {
  if (SPEC_TO_FORM[field]) return SPEC_TO_FORM[field];
  const m = /^flinkConfiguration\.(.+)$/.exec(field);
  if (m) {
    const i = rowIndex(v.flinkConfiguration, m[1]);
    return i >= 0 ? `flinkConfiguration[${i}].key` : 'flinkConfiguration';
  }
  return field;
}

export interface SessionFormContext {
  readonly mode: 'create' | 'edit';
  readonly flinkVersions: readonly string[];
  /** Namespaces where the user may create a session cluster now (rights and the per-namespace limit). */
  readonly namespaces?: readonly string[];
  /** Clusters of either kind... only session clusters in the namespace matter for the name. */
  readonly existingNames?: readonly string[];
  readonly room?: QuotaRoom;
}

/** CPU (millicores) and memory (MiB) the JobManager and every TaskManager ask for. */
export function sessionTotals(v: SessionFormValues): { jmMillicores: number; jmMiB: number; cpuMillicores: number; memoryMiB: number } {
  const jmCpu = num(v.jobManagerCpu) * 1000;
  const jmMem = flinkMemoryMiB(v.jobManagerMemory);
  const n = int(v.taskManagerReplicas);
  return {
    jmMillicores: jmCpu,
    jmMiB: jmMem,
    cpuMillicores: jmCpu + num(v.taskManagerCpu) * 1000 * n,
    memoryMiB: jmMem + flinkMemoryMiB(v.taskManagerMemory) * n,
  };
}

export function checkSessionForm(v: SessionFormValues, ctx: SessionFormContext): FormCheck {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  if (ctx.mode === 'create') {
    if (ctx.existingNames?.includes(v.name.trim()))
      errors.push({ field: 'name', message: l10n.t('A session cluster named {0} already exists in {1}.', v.name.trim(), v.namespace) });
    if (!v.namespace) errors.push({ field: 'namespace', message: l10n.t('Choose the namespace (tenant) the cluster runs in.') });
    else if (ctx.namespaces && !ctx.namespaces.includes(v.namespace))
      errors.push({ field: 'namespace', message: l10n.t('You may not create a session cluster in {0}.', v.namespace) });
  }
  for (const [field, value] of [
    ['jobManagerCpu', v.jobManagerCpu],
    ['taskManagerCpu', v.taskManagerCpu],
  ] as const)
    if (!Number.isFinite(num(value)))
      errors.push({ field, message: l10n.t('CPU cores as a number such as 1 or 0.5 (no unit); got {0}.', JSON.stringify(value)) });
  for (const [field, value] of [
    ['jobManagerMemory', v.jobManagerMemory],
    ['taskManagerMemory', v.taskManagerMemory],
  ] as const) {
    if (/^\s*-/.test(value)) errors.push({ field, message: l10n.t('Memory cannot be negative; got {0}.', JSON.stringify(value)) });
    else if (!FLINK_MEMORY.test(value.trim()))
      errors.push({
        field,
        message: l10n.t('A Flink memory size such as 2048m or 2g (number, then b, k, m, g or t); got {0}.', JSON.stringify(value)),
      });
  }
  errors.push(...validateKeyRows(v.flinkConfiguration, 'flinkConfiguration', { what: l10n.t('option key') }));
  v.flinkConfiguration.forEach((r, i) => {
    const reason = RESERVED_FLINK_OPTIONS[r.key.trim()];
    if (reason) errors.push({ field: `flinkConfiguration[${i}].key`, message: l10n.t('{0} is reserved: {1}', r.key.trim(), reason) });
  });
  for (const e of validateSessionSpec(sessionSpecFromForm(v), { flinkVersions: ctx.flinkVersions }))
    errors.push({ field: formFieldOfSessionSpecField(e.field, v), message: e.message });
  const room = ctx.room;
  const t = sessionTotals(v);
  if (room && Number.isFinite(t.cpuMillicores) && Number.isFinite(t.memoryMiB)) {
    const over = (need: number, left: number | undefined) => left !== undefined && need > left;
    const left = l10n.t('{0} and {1}', quotaLeftText(room).cpu, quotaLeftText(room).memory);
    if (over(t.jmMillicores, room.cpuMillicores) || over(t.jmMiB, room.memoryMiB))
      errors.push({
        field: over(t.jmMillicores, room.cpuMillicores) ? 'jobManagerCpu' : 'jobManagerMemory',
        message: l10n.t(
          'Exceeds the resource group: the JobManager needs {0} and {1}; {2} are left.',
          formatCpu(t.jmMillicores),
          formatMemory(t.jmMiB),
          left,
        ),
      });
    else if (over(t.cpuMillicores, room.cpuMillicores) || over(t.memoryMiB, room.memoryMiB))
      warnings.push({
        field: 'taskManagerReplicas',
        message: l10n.t(
          'All TaskManagers together need {0} and {1}; the resource group has {2} left, so some will stay pending.',
          formatCpu(t.cpuMillicores),
          formatMemory(t.memoryMiB),
          left,
        ),
      });
  }
  return { errors: firstPerField(errors), warnings };
}
