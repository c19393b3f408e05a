/**
 * The compute form's model, free of any UI: its values as the form holds them (text as typed),
 * the six tabs and which fields each holds, checks per field with messages that name the rule,
 * conversion to and from the ComputeSpec, and the totals at full scale against the quota.
 * The page runs it for instant feedback; the extension runs it again before writing.
 */
import { ComputeSpec, IDLE_TIMEOUT_DEFAULT, IDLE_TIMEOUT_MAX, IDLE_TIMEOUT_MIN, validateComputeSpec } from '../clusters/computeSpec';
import { NodeType } from '../clusters/nodeTypes';
import { COMPUTE_STATES, DriverState } from '../clusters/stateTable';
import { FieldError, validateKeyRows, validateMinutes, validateQuantity, validateSecretRef } from '../clusters/validation';
import { ComputeFormValues } from './formValues';
import { emptyRow, firstPerField, FormCheck, listOf, plainRecord, plainRow, rowIndex, secretRecord } from './formModel';
import { formatCpu, formatMemory, QuotaRoom } from '../text/quantity';
import { quotaAllowsText, quotaLeftText } from '../text/clusterText';
import * as l10n from '@vscode/l10n';

export type { ComputeFormValues };

export const COMPUTE_TABS = ['general', 'configurations', 'dependencies', 'docker', 'tags', 'review'] as const;
export type ComputeTab = (typeof COMPUTE_TABS)[number];
export const COMPUTE_TAB_LABELS: Readonly<Record<ComputeTab, string>> = {
  get general() {
    return l10n.t('General');
  },
  get configurations() {
    return l10n.t('Configurations');
  },
  get dependencies() {
    return l10n.t('Dependencies');
  },
  get docker() {
    return l10n.t('Docker settings');
  },
  get tags() {
    return l10n.t('Tags');
  },
  get review() {
    return l10n.t('Review & Create');
  },
};

const TAB_OF_FIELD: Readonly<Record<string, ComputeTab>> = {
  name: 'general',
  description: 'general',
  bundle: 'general',
  namespace: 'general',
  deploymentType: 'general',
  driverNodeType: 'general',
  executorNodeType: 'general',
  executorCount: 'general',
  spotInstances: 'general',
  volumeSize: 'general',
  idleTimeoutMinutes: 'general',
  arrowFlight: 'general',
  env: 'configurations',
  sparkConf: 'configurations',
  arguments: 'configurations',
  javaOptions: 'configurations',
  jars: 'dependencies',
  files: 'dependencies',
  pyFiles: 'dependencies',
  packages: 'dependencies',
  image: 'docker',
  tags: 'tags',
};

/** The tab a form field ("env[2].key", "jars[0]") lives on; unknown fields count as General. */
export function tabOfField(field: string): ComputeTab {
  return TAB_OF_FIELD[/^[A-Za-z]+/.exec(field)?.[0] ?? ''] ?? 'general';
}

/** How many errors each tab has (the marks on the tab headers). */
export function errorsByTab(errors: readonly FieldError[]): Record<ComputeTab, number> {
  const out = Object.fromEntries(COMPUTE_TABS.map((t) => [t, 0])) as Record<ComputeTab, number>;
  for (const e of errors) out[tabOfField(e.field)]++;
  return out;
}

/** Next validates the tab it leaves: it may move on only when that tab has no error. */
export function canLeaveTab(errors: readonly FieldError[], tab: ComputeTab): boolean {
  return !errors.some((e) => tabOfField(e.field) === tab);
}

export function nextTab(tab: ComputeTab): ComputeTab | undefined {
  return COMPUTE_TABS[COMPUTE_TABS.indexOf(tab) + 1];
}
export function previousTab(tab: ComputeTab): ComputeTab | undefined {
  const i = COMPUTE_TABS.indexOf(tab);
  return i > 0 ? COMPUTE_TABS[i - 1] : undefined;
}

/** Single-node clusters run only a driver: the executor fields and auto scaling are hidden (and not checked). */
export function isHidden(values: Pick<ComputeFormValues, 'deploymentType'>, field: string): boolean {
  return (
    values.deploymentType === 'single-node' &&
    ['executorNodeType', 'executorCount', 'spotInstances', 'autoScaling', 'idleTimeoutMinutes'].includes(field)
  );
}

export function defaultComputeForm(namespace: string, nodeTypes: readonly NodeType[]): ComputeFormValues {
  return {
    name: '',
    description: '',
    bundle: 'spark-3.5',
    namespace,
    deploymentType: 'multi-node',
    driverNodeType: nodeTypes.find((t) => t.driver)?.name ?? '',
    executorNodeType: nodeTypes.find((t) => t.executor)?.name ?? '',
    executorCount: '1',
    spotInstances: false,
    volumeEnabled: false,
    volumeSize: '50Gi',
    autoScalingEnabled: true,
    idleTimeoutMinutes: String(IDLE_TIMEOUT_DEFAULT),
    arrowFlight: false,
    env: [],
    sparkConf: [],
    arguments: [],
    javaOptions: '',
    jars: [],
    files: [],
    pyFiles: [],
    packages: [],
    image: 'apache/spark:3.5.3',
    tags: [],
  };
}

const toRows = (
  plain: Readonly<Record<string, string>> | undefined,
  secret?: Readonly<Record<string, { secret: string; key: string }>>,
) => [
  ...Object.entries(plain ?? {}).map(([k, v]) => plainRow(k, v)),
  ...Object.entries(secret ?? {}).map(([k, r]) => ({ ...emptyRow(), key: k, fromSecret: true, secret: r.secret, secretKey: r.key })),
];

/** The form filled with a stored spec (Configure). */
export function computeFormFromSpec(spec: ComputeSpec): ComputeFormValues {
  return {
    name: spec.name,
    description: spec.description ?? '',
    bundle: spec.bundle,
    namespace: spec.namespace,
    deploymentType: spec.deploymentType,
    driverNodeType: spec.driverNodeType,
    executorNodeType: spec.executorNodeType,
    executorCount: String(spec.deploymentType === 'single-node' && !spec.executorCount ? 1 : spec.executorCount),
    spotInstances: !!spec.spotInstances,
    volumeEnabled: !!spec.volume,
    volumeSize: spec.volume?.size ?? '50Gi',
    autoScalingEnabled: spec.autoScaling?.enabled ?? true,
    idleTimeoutMinutes: String(spec.autoScaling?.enabled ? spec.autoScaling.idleTimeoutMinutes : IDLE_TIMEOUT_DEFAULT),
    arrowFlight: !!spec.arrowFlight,
    env: toRows(spec.env, spec.secretEnv),
    sparkConf: toRows(spec.sparkConf, spec.secretSparkConf),
    arguments: [...(spec.arguments ?? [])],
    javaOptions: spec.javaOptions ?? '',
    jars: [...(spec.dependencies?.jars ?? [])],
    files: [...(spec.dependencies?.files ?? [])],
    pyFiles: [...(spec.dependencies?.pyFiles ?? [])],
    packages: [...(spec.dependencies?.packages ?? [])],
    image: spec.image,
    tags: toRows(spec.tags),
  };
}

const int = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);

/** The spec the form describes (call after validation; invalid numbers become NaN and fail the spec's checks). */
export function computeSpecFromForm(v: ComputeFormValues): ComputeSpec {
  const single = v.deploymentType === 'single-node';
  const secretEnv = secretRecord(v.env);
  const secretSparkConf = secretRecord(v.sparkConf);
  return {
    version: 1,
    kind: 'compute',
    name: v.name.trim(),
    description: v.description,
    bundle: v.bundle,
    namespace: v.namespace,
    deploymentType: v.deploymentType,
    driverNodeType: v.driverNodeType,
    executorNodeType: v.executorNodeType,
    executorCount: single ? 0 : int(v.executorCount),
    spotInstances: single ? false : v.spotInstances,
    volume: v.volumeEnabled ? { size: v.volumeSize.trim() } : null,
    autoScaling: !single && v.autoScalingEnabled ? { enabled: true, idleTimeoutMinutes: int(v.idleTimeoutMinutes) } : { enabled: false },
    env: plainRecord(v.env),
    sparkConf: plainRecord(v.sparkConf),
    ...(Object.keys(secretEnv).length ? { secretEnv } : {}),
    ...(Object.keys(secretSparkConf).length ? { secretSparkConf } : {}),
    arguments: listOf(v.arguments),
    javaOptions: v.javaOptions.trim(),
    dependencies: { jars: listOf(v.jars), files: listOf(v.files), pyFiles: listOf(v.pyFiles), packages: listOf(v.packages) },
    image: v.image.trim(),
    tags: plainRecord(v.tags),
    arrowFlight: v.arrowFlight,
  };
}

/** Where a spec field's problem shows in the form. */
export function formFieldOfSpecField(field: string, v: ComputeFormValues): string {
  const kv = /^(env|sparkConf|secretEnv|secretSparkConf|tags)\.(.+?)(\.(secret|key))?$/.exec(field);
  if (kv) {
    const list = kv[1] === 'secretEnv' ? 'env' : kv[1] === 'secretSparkConf' ? 'sparkConf' : kv[1];
    const fromSecret = kv[1].startsWith('secret') ? true : kv[1] === 'tags' ? undefined : false;
    const rows = v[list as 'env' | 'sparkConf' | 'tags'];
    let key = kv[2];
    let part = kv[4] ? (kv[4] === 'secret' ? 'secret' : 'secretKey') : 'key';
    let i = rowIndex(rows, key, fromSecret);
    // A Spark key itself contains dots: "secretSparkConf.spark.a.b.secret" may be key "spark.a.b" + ".secret".
    if (i < 0 && kv[3]) {
      key = `${kv[2]}${kv[3]}`;
      part = 'key';
      i = rowIndex(rows, key, fromSecret);
    }
    return i >= 0 ? `${list}[${i}].${part}` : list;
  }
  const dep = /^dependencies\.(jars|files|pyFiles|packages)(\[\d+\])?$/.exec(field);
  if (dep) {
    if (!dep[2]) return dep[1];
    // The spec's list skips empty rows: find the n-th non-empty row.
    const n = Number(dep[2].slice(1, -1));
    const rows = v[dep[1] as 'jars'];
    let seen = -1;
    for (let i = 0; i < rows.length; i++) if (rows[i].trim() && ++seen === n) return `${dep[1]}[${i}]`;
    return dep[1];
  }
  if (field === 'volume.size' || field === 'volume') return 'volumeSize';
  if (field.startsWith('autoScaling')) return 'idleTimeoutMinutes';
  return field;
}

export interface ComputeFormContext {
  readonly nodeTypes: readonly NodeType[];
  readonly mode: 'create' | 'configure';
  /** Namespaces where the user may create the objects (create mode). */
  readonly namespaces?: readonly string[];
  /** Compute clusters already in the chosen namespace (the live name check). */
  readonly existingNames?: readonly string[];
  /** What the namespace's ResourceQuotas still allow. */
  readonly room?: QuotaRoom;
}

export interface ResourceTotals {
  readonly driverMillicores: number;
  readonly driverMiB: number;
  /** Driver plus every executor dynamic allocation may start. */
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/** CPU and memory at full scale: the driver, plus executor count × the executor node type (multi-node). */
export function computeTotals(v: ComputeFormValues, nodeTypes: readonly NodeType[]): ResourceTotals | undefined {
  const driver = nodeTypes.find((t) => t.name === v.driverNodeType);
  if (!driver) return undefined;
  let cpu = driver.cpuMillicores;
  let mem = driver.memoryMiB;
  if (v.deploymentType === 'multi-node') {
    const exec = nodeTypes.find((t) => t.name === v.executorNodeType);
    const n = int(v.executorCount);
    if (exec && Number.isInteger(n)) {
      cpu += exec.cpuMillicores * n;
      mem += exec.memoryMiB * n;
    }
  }
  return { driverMillicores: driver.cpuMillicores, driverMiB: driver.memoryMiB, cpuMillicores: cpu, memoryMiB: mem };
}

/** The quota check: a driver the quota cannot hold is an error; executors beyond it at full scale, a warning. */
export function quotaCheck(v: ComputeFormValues, nodeTypes: readonly NodeType[], room: QuotaRoom | undefined): FormCheck {
  const totals = computeTotals(v, nodeTypes);
  if (!totals || !room) return { errors: [], warnings: [] };
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const over = (need: number, left: number | undefined) => left !== undefined && need > left;
  if (over(totals.driverMillicores, room.cpuMillicores) || over(totals.driverMiB, room.memoryMiB)) {
    const parts = [
      over(totals.driverMillicores, room.cpuMillicores) ? quotaAllowsText(formatCpu(room.cpuMillicores!), room.cpuQuota) : '',
      over(totals.driverMiB, room.memoryMiB) ? quotaAllowsText(formatMemory(room.memoryMiB!), room.memoryQuota) : '',
    ].filter(Boolean);
    errors.push({
      field: 'driverNodeType',
      message: l10n.t(
        "Exceeds the namespace's quota: the driver needs {0} and {1}, but only {2} is left. Choose a smaller node type or free room first.",
        formatCpu(totals.driverMillicores),
        formatMemory(totals.driverMiB),
        parts.join(' and '),
      ),
    });
  } else if (
    v.deploymentType === 'multi-node' &&
    (over(totals.cpuMillicores, room.cpuMillicores) || over(totals.memoryMiB, room.memoryMiB))
  ) {
    warnings.push({
      field: 'executorCount',
      message: l10n.t(
        'At full scale the cluster needs {0} and {1}; the quota leaves {2} and {3}. Executors beyond that stay pending.',
        formatCpu(totals.cpuMillicores),
        formatMemory(totals.memoryMiB),
        quotaLeftText(room).cpu,
        quotaLeftText(room).memory,
      ),
    });
  }
  return { errors, warnings };
}

/** Every problem of the form, each on its form field, with messages that name the rule broken. */
export function checkComputeForm(v: ComputeFormValues, ctx: ComputeFormContext): FormCheck {
  const errors: FieldError[] = [];
  const single = v.deploymentType === 'single-node';
  if (ctx.mode === 'create') {
    if (ctx.existingNames?.includes(v.name.trim()))
      errors.push({
        field: 'name',
        message: l10n.t('A compute cluster named {0} already exists in {1}; names are unique per namespace.', v.name.trim(), v.namespace),
      });
    if (!v.namespace) errors.push({ field: 'namespace', message: l10n.t('Choose the namespace the cluster runs in.') });
    else if (ctx.namespaces && !ctx.namespaces.includes(v.namespace))
      errors.push({ field: 'namespace', message: l10n.t('You may not create compute clusters in {0} (access review).', v.namespace) });
  }
  if (!single) {
    const n = int(v.executorCount);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      errors.push({ field: 'executorCount', message: l10n.t('A whole number from 1 to 1,000; got {0}.', JSON.stringify(v.executorCount)) });
    if (v.autoScalingEnabled)
      errors.push(...validateMinutes(v.idleTimeoutMinutes, 'idleTimeoutMinutes', IDLE_TIMEOUT_MIN, IDLE_TIMEOUT_MAX));
  }
  if (v.volumeEnabled) errors.push(...validateQuantity(v.volumeSize, 'volumeSize', l10n.t('a volume size such as 50Gi')));
  errors.push(...validateKeyRows(v.env, 'env', { what: l10n.t('variable name') }));
  errors.push(...validateKeyRows(v.sparkConf, 'sparkConf', { what: l10n.t('Spark key') }));
  errors.push(...validateKeyRows(v.tags, 'tags', { what: l10n.t('tag key') }));
  for (const list of ['env', 'sparkConf'] as const)
    v[list].forEach((r, i) => {
      if (r.fromSecret)
        errors.push(
          ...validateSecretRef({ secret: r.secret.trim(), key: r.secretKey.trim() }, `${list}[${i}]`).map((e) => ({
            ...e,
            field: e.field.replace(/\.key$/, '.secretKey'),
          })),
        );
    });
  v.arguments.forEach(
    (a, i) => !a.trim() && errors.push({ field: `arguments[${i}]`, message: l10n.t('Empty argument; fill it in or remove the row.') }),
  );
  for (const list of ['jars', 'files', 'pyFiles', 'packages'] as const)
    v[list].forEach(
      (a, i) => !a.trim() && errors.push({ field: `${list}[${i}]`, message: l10n.t('Empty entry; fill it in or remove the row.') }),
    );
  const spec = computeSpecFromForm(v);
  for (const e of validateComputeSpec(spec, ctx.nodeTypes)) {
    const field = formFieldOfSpecField(e.field, v);
    if (isHidden(v, field)) continue;
    // Numbers already have their own message above.
    if ((field === 'executorCount' || field === 'idleTimeoutMinutes') && errors.some((x) => x.field === field)) continue;
    errors.push({ field, message: e.message });
  }
  const quota = quotaCheck(v, ctx.nodeTypes, ctx.room);
  // Configure: the cluster's own pods may still count as used (a FAILED driver), so the quota only warns.
  if (ctx.mode === 'configure') return { errors: firstPerField(errors), warnings: [...quota.errors, ...quota.warnings] };
  return { errors: firstPerField([...errors, ...quota.errors]), warnings: quota.warnings };
}

/** CPU and memory some pods hold. */
export interface ResourceUse {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/**
 * The room when `own` is not counted against itself: Configure checks the cluster against the quota
 * as if its own pods (a FAILED driver, executors still terminating) were gone, never beyond the hard limit.
 */
export function roomBesides(room: QuotaRoom, own: ResourceUse): QuotaRoom {
  const add = (left: number | undefined, mine: number, hard: number | undefined) =>
    left === undefined ? undefined : Math.min(left + Math.max(0, mine), hard ?? Infinity);
  const cpu = add(room.cpuMillicores, own.cpuMillicores, room.cpuHard);
  const mem = add(room.memoryMiB, own.memoryMiB, room.memoryHard);
  return { ...room, ...(cpu !== undefined ? { cpuMillicores: cpu } : {}), ...(mem !== undefined ? { memoryMiB: mem } : {}) };
}

/** The driver of `v` fits what the quota leaves (or no quota limits it). */
export function driverFits(v: ComputeFormValues, nodeTypes: readonly NodeType[], room: QuotaRoom | undefined): boolean {
  return quotaCheck(v, nodeTypes, room).errors.length === 0;
}

/** The namespace a new compute form starts on: the first whose quota can hold the default driver, else the first. */
export function startingNamespace<N extends { namespace: string; nodeTypes: readonly NodeType[]; room?: QuotaRoom }>(
  namespaces: readonly N[],
): N | undefined {
  return namespaces.find((n) => driverFits(defaultComputeForm(n.namespace, n.nodeTypes), n.nodeTypes, n.room)) ?? namespaces[0];
}

/**
 * What the notice after a saved Configure says: a STOPPED cluster applies it at its next Start, a
 * FAILED one at a Restart; each names the action its state offers.
 */
export function configuredNotice(name: string, details: string, state: DriverState | undefined): string {
  return state && COMPUTE_STATES[state].actions.includes('start')
    ? l10n.t('{0}: {1}. Start the cluster to apply it.', name, details)
    : l10n.t('{0}: {1}. Restart the cluster to apply it.', name, details);
}

/**
 * The tab a key press in the tab list moves to (the WAI-ARIA tabs pattern: one Tab stop for the
 * list, arrows between tabs, wrapping, Home and End); undefined for any other key.
 */
export function tabForKey(tab: ComputeTab, key: string): ComputeTab | undefined {
  const i = COMPUTE_TABS.indexOf(tab);
  const n = COMPUTE_TABS.length;
  switch (key) {
    case 'ArrowRight':
      return COMPUTE_TABS[(i + 1) % n];
    case 'ArrowLeft':
      return COMPUTE_TABS[(i - 1 + n) % n];
    case 'Home':
      return COMPUTE_TABS[0];
    case 'End':
      return COMPUTE_TABS[n - 1];
    default:
      return undefined;
  }
}
