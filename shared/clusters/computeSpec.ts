import {
  FieldError,
  ENV_NAME,
  isRecordOfStrings,
  isStringArray,
  validateClusterName,
  validateImage,
  validateMaven,
  validateNamespace,
  validateQuantity,
  validateSecretRef,
  validateVersionAndKind,
} from './validation';
import { NodeType } from './nodeTypes';
import * as l10n from '@vscode/l10n';

export const COMPUTE_SPEC_VERSION = 1;

export type AutoScaling = { readonly enabled: false } | { readonly enabled: true; readonly idleTimeoutMinutes: number };

/** A compute cluster's definition, as stored in spec.json of the `compute.<name>` ConfigMap. */
export interface ComputeSpec {
  readonly version: 1;
  readonly kind: 'compute';
  readonly name: string;
  readonly description: string;
  /** Spark bundle; read-only after create. */
  readonly bundle: string;
  readonly namespace: string;
  readonly deploymentType: 'multi-node' | 'single-node';
  readonly driverNodeType: string;
  readonly executorNodeType: string;
  /** The most executors dynamic allocation may start. */
  readonly executorCount: number;
  readonly spotInstances: boolean;
  readonly volume: { readonly size: string } | null;
  readonly autoScaling: AutoScaling;
  readonly env: Readonly<Record<string, string>>;
  readonly sparkConf: Readonly<Record<string, string>>;
  /** Environment variables taken from a Secret key (driver and executors); the value never enters the definition. */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /** Spark settings taken from a Secret key, passed to the driver at start; the value never enters the definition. */
  readonly secretSparkConf?: Readonly<Record<string, SecretKeyRef>>;
  readonly arguments: readonly string[];
  readonly javaOptions: string;
  readonly dependencies: {
    readonly jars: readonly string[];
    readonly files: readonly string[];
    readonly pyFiles: readonly string[];
    readonly packages: readonly string[];
  };
  readonly image: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly arrowFlight: boolean;
}

/** A key of a Secret in the cluster's namespace. */
export interface SecretKeyRef {
  readonly secret: string;
  readonly key: string;
}

export const BUNDLES = ['spark-3.5', 'spark-4.0'] as const;

/** Spark settings the rendered workload owns; setting them by hand would fight it. */
export const RESERVED_SPARK_CONF = new Set([
  'spark.master',
  'spark.submit.deployMode',
  'spark.kubernetes.namespace',
  'spark.kubernetes.driver.pod.name',
  'spark.dynamicAllocation.enabled',
  'spark.dynamicAllocation.minExecutors',
  'spark.dynamicAllocation.maxExecutors',
  'spark.dynamicAllocation.executorIdleTimeout',
  'spark.executor.cores',
  'spark.executor.memory',
  'spark.driver.host',
]);

export const IDLE_TIMEOUT_MIN = 1;
export const IDLE_TIMEOUT_MAX = 180;
export const IDLE_TIMEOUT_DEFAULT = 30;

export function defaultComputeSpec(name: string, namespace: string, nodeTypes: readonly NodeType[]): ComputeSpec {
  return {
    version: 1,
    kind: 'compute',
    name,
    description: '',
    bundle: 'spark-3.5',
    namespace,
    deploymentType: 'multi-node',
    driverNodeType: nodeTypes.find((t) => t.driver)?.name ?? 'driver-small',
    executorNodeType: nodeTypes.find((t) => t.executor)?.name ?? 'exec-small',
    executorCount: 2,
    spotInstances: false,
    volume: null,
    autoScaling: { enabled: true, idleTimeoutMinutes: IDLE_TIMEOUT_DEFAULT },
    env: {},
    sparkConf: {},
    arguments: [],
    javaOptions: '',
    dependencies: { jars: [], files: [], pyFiles: [], packages: [] },
    image: 'apache/spark:3.5.3',
    tags: {},
    arrowFlight: false,
  };
}

/** Why a Spark setting cannot be set by hand, or nothing: it must be a spark.* key the rendered workload does not own. */
export function validateSparkKey(k: string, field: string): FieldError[] {
  if (!/^spark\.[A-Za-z0-9_.-]+$/.test(k) || k.endsWith('.'))
    return [{ field, message: l10n.t('"{0}" is not a Spark setting (they start with "spark." and have no spaces).', k) }];
  const reason = RESERVED_SPARK_CONF_REASONS[k];
  if (reason) return [{ field, message: l10n.t('{0} is reserved: {1}', k, reason) }];
  return [];
}

/** Why each reserved key belongs to the rendered workload, for the message that refuses it. */
export const RESERVED_SPARK_CONF_REASONS: Readonly<Record<string, string>> = {
  get 'spark.master'() {
    return l10n.t('the driver always runs against this Kubernetes cluster.');
  },
  get 'spark.submit.deployMode'() {
    return l10n.t('the Thrift server runs the driver in client mode.');
  },
  get 'spark.kubernetes.namespace'() {
    return l10n.t('executors run in the namespace of the cluster (General tab).');
  },
  get 'spark.kubernetes.driver.pod.name'() {
    return l10n.t('it is set to the driver pod so executors are owned by it.');
  },
  get 'spark.dynamicAllocation.enabled'() {
    return l10n.t('dynamic allocation follows the deployment type (General tab).');
  },
  get 'spark.dynamicAllocation.minExecutors'() {
    return l10n.t('it follows Auto scaling (General tab).');
  },
  get 'spark.dynamicAllocation.maxExecutors'() {
    return l10n.t('it is Max executors (General tab).');
  },
  get 'spark.dynamicAllocation.executorIdleTimeout'() {
    return l10n.t('it is the Auto scaling idle timeout (General tab).');
  },
  get 'spark.executor.cores'() {
    return l10n.t('it follows the Executor node type (General tab).');
  },
  get 'spark.executor.memory'() {
    return l10n.t('it follows the Executor node type (General tab).');
  },
  get 'spark.driver.host'() {
    return l10n.t('it is the driver Service the cluster creates.');
  },
};

/** A node type the spec names for its driver or executors: one of the catalog's, and offered for that role. */
function nodeTypeProblems(nodeTypes: readonly NodeType[], field: string, name: unknown, role: 'driver' | 'executor'): FieldError[] {
  const type = nodeTypes.find((t) => t.name === name);
  if (!type)
    return [
      {
        field,
        message: l10n.t(
          'Unknown node type {0}; choose one of {1}.',
          JSON.stringify(name),
          nodeTypes
            .filter((t) => t[role])
            .map((t) => t.name)
            .join(', '),
        ),
      },
    ];
  if (!type[role])
    return [
      {
        field,
        message:
          role === 'driver'
            ? l10n.t('{0} is not available for drivers.', type.name)
            : l10n.t('{0} is not available for executors.', type.name),
      },
    ];
  return [];
}

/** Every problem with a compute spec, each naming its field. */
export function validateComputeSpec(spec: unknown, nodeTypes: readonly NodeType[]): FieldError[] {
  const s = spec as Partial<ComputeSpec> & Record<string, unknown>;
  if (!s || typeof s !== 'object') return [{ field: '', message: l10n.t('The definition is not an object.') }];
  const errors: FieldError[] = validateVersionAndKind(s, COMPUTE_SPEC_VERSION, 'compute');
  errors.push(...validateClusterName(s.name), ...validateNamespace(s.namespace));
  if (typeof s.description !== 'string' || s.description.length > 1000)
    errors.push({ field: 'description', message: l10n.t('At most 1,000 characters.') });
  if (!BUNDLES.includes(s.bundle as (typeof BUNDLES)[number]))
    errors.push({ field: 'bundle', message: l10n.t('One of {0}.', BUNDLES.join(', ')) });
  if (s.deploymentType !== 'multi-node' && s.deploymentType !== 'single-node')
    errors.push({ field: 'deploymentType', message: l10n.t('Either multi-node or single-node.') });
  errors.push(...nodeTypeProblems(nodeTypes, 'driverNodeType', s.driverNodeType, 'driver'));
  if (s.deploymentType === 'multi-node') {
    errors.push(...nodeTypeProblems(nodeTypes, 'executorNodeType', s.executorNodeType, 'executor'));
    if (!Number.isInteger(s.executorCount) || (s.executorCount as number) < 1 || (s.executorCount as number) > 1000)
      errors.push({ field: 'executorCount', message: l10n.t('A whole number from 1 to 1,000.') });
  }
  if (typeof s.spotInstances !== 'boolean') errors.push({ field: 'spotInstances', message: l10n.t('Yes or no.') });
  if (s.volume !== null && s.volume !== undefined) errors.push(...validateQuantity((s.volume as { size?: unknown }).size, 'volume.size'));
  const as = s.autoScaling as AutoScaling | undefined;
  if (!as || typeof as !== 'object' || typeof as.enabled !== 'boolean')
    errors.push({ field: 'autoScaling', message: l10n.t('Enabled with an idle timeout, or disabled.') });
  else if (
    as.enabled &&
    (!Number.isInteger(as.idleTimeoutMinutes) || as.idleTimeoutMinutes < IDLE_TIMEOUT_MIN || as.idleTimeoutMinutes > IDLE_TIMEOUT_MAX)
  ) {
    errors.push({
      field: 'autoScaling.idleTimeoutMinutes',
      message: l10n.t('Between {0} minute and 3 hours ({1} minutes).', IDLE_TIMEOUT_MIN, IDLE_TIMEOUT_MAX),
    });
  }
  if (!isRecordOfStrings(s.env)) errors.push({ field: 'env', message: l10n.t('Names and text values.') });
  else
    for (const k of Object.keys(s.env))
      if (!ENV_NAME.test(k)) errors.push({ field: `env.${k}`, message: l10n.t('"{0}" is not a valid environment variable name.', k) });
  if (!isRecordOfStrings(s.sparkConf)) errors.push({ field: 'sparkConf', message: l10n.t('Keys and text values.') });
  else for (const k of Object.keys(s.sparkConf)) errors.push(...validateSparkKey(k, `sparkConf.${k}`));
  if (s.secretEnv !== undefined) {
    if (!s.secretEnv || typeof s.secretEnv !== 'object') errors.push({ field: 'secretEnv', message: l10n.t('Names and Secret keys.') });
    else
      for (const [k, ref] of Object.entries(s.secretEnv)) {
        if (!ENV_NAME.test(k))
          errors.push({ field: `secretEnv.${k}`, message: l10n.t('"{0}" is not a valid environment variable name.', k) });
        else if (isRecordOfStrings(s.env) && k in s.env)
          errors.push({ field: `secretEnv.${k}`, message: l10n.t('{0} is also set as a plain value; keep one of them.', k) });
        errors.push(...validateSecretRef(ref, `secretEnv.${k}`));
      }
  }
  if (s.secretSparkConf !== undefined) {
    if (!s.secretSparkConf || typeof s.secretSparkConf !== 'object')
      errors.push({ field: 'secretSparkConf', message: l10n.t('Spark keys and Secret keys.') });
    else
      for (const [k, ref] of Object.entries(s.secretSparkConf)) {
        errors.push(...validateSparkKey(k, `secretSparkConf.${k}`));
        if (isRecordOfStrings(s.sparkConf) && k in s.sparkConf)
          errors.push({ field: `secretSparkConf.${k}`, message: l10n.t('{0} is also set as a plain value; keep one of them.', k) });
        errors.push(...validateSecretRef(ref, `secretSparkConf.${k}`));
      }
  }
  if (!isStringArray(s.arguments)) errors.push({ field: 'arguments', message: l10n.t('A list of arguments.') });
  if (typeof s.javaOptions !== 'string') errors.push({ field: 'javaOptions', message: l10n.t('Text.') });
  const deps = s.dependencies as ComputeSpec['dependencies'] | undefined;
  if (!deps || typeof deps !== 'object')
    errors.push({ field: 'dependencies', message: l10n.t('Jars, files, Python files and Maven packages.') });
  else {
    for (const k of ['jars', 'files', 'pyFiles', 'packages'] as const)
      if (!isStringArray(deps[k])) errors.push({ field: `dependencies.${k}`, message: 'A list.' });
    if (isStringArray(deps.packages)) deps.packages.forEach((p, i) => errors.push(...validateMaven(p, `dependencies.packages[${i}]`)));
    for (const k of ['jars', 'files', 'pyFiles'] as const) {
      if (isStringArray(deps[k]))
        deps[k].forEach(
          (u, i) =>
            !/^(local|file|https?|s3a?|gs|abfss?|hdfs):\/\/\S+$/.test(u) &&
            errors.push({
              field: `dependencies.${k}[${i}]`,
              message: l10n.t('"{0}" is not a URI Spark can fetch (s3a://, https://, local://…).', u),
            }),
        );
    }
  }
  errors.push(...validateImage(s.image));
  if (!isRecordOfStrings(s.tags)) errors.push({ field: 'tags', message: l10n.t('Keys and text values.') });
  else {
    for (const [k, v] of Object.entries(s.tags)) {
      if (!/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(k))
        errors.push({
          field: `tags.${k}`,
          message: l10n.t('"{0}" is not a valid tag key (letters, digits, "-", "_", ".", at most 63).', k),
        });
      if (v.length > 256) errors.push({ field: `tags.${k}`, message: l10n.t('Tag values have at most 256 characters.') });
    }
  }
  if (typeof s.arrowFlight !== 'boolean') errors.push({ field: 'arrowFlight', message: l10n.t('Yes or no.') });
  return errors;
}
