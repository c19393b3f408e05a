import { ANNOTATIONS, commonLabels } from '../definition';
import { ComputeSpec } from '../../../shared/clusters/computeSpec';
import { NodeType } from '../../../shared/clusters/nodeTypes';
import { ComputeRenderOptions, DEFAULT_SPOT_PLACEMENT } from './renderOptions';

export const PORTS = {
  thrift: 10000,
  thriftHttp: 10001,
  sparkConnect: 15002,
  sparkUi: 4040,
  driverRpc: 7078,
  blockManager: 7079,
  arrowFlight: 8815,
} as const;
/** Named ports of a compute cluster's driver Service (see renderComputeWorkload). */
export type PortName = 'thrift' | 'thrift-http' | 'spark-connect' | 'spark-ui' | 'arrow-flight';
export const DRIVER_SERVICE_ACCOUNT = 'data-clusters-spark';
export const driverDeploymentName = (name: string) => `${name}-driver`;
export const driverServiceName = (name: string) => `${name}-driver`;
export const sparkDefaultsName = (name: string) => `${name}-spark-defaults`;

/** The driver's environment variable carrying the i-th Spark setting taken from a Secret. */
const secretConfEnv = (i: number) => `DATA_CLUSTERS_SECRET_CONF_${i}`;

/** The definition ConfigMap the workload belongs to (its uid is the cluster ID). */
export interface DefinitionRef {
  readonly name: string;
  readonly uid: string;
  readonly generation: number;
}

const SPARK_HOME = '/opt/spark';
/** Key of the executor pod template in the spark-defaults ConfigMap, and where the driver finds it. */
const EXECUTOR_TEMPLATE_KEY = 'executor-pod-template.yaml';
const EXECUTOR_TEMPLATE_PATH = `${SPARK_HOME}/conf/${EXECUTOR_TEMPLATE_KEY}`;
/** The container beside the driver that serves Arrow Flight SQL (dataClusters.arrowFlight.serverImage). */
export const ARROW_FLIGHT_CONTAINER = 'arrow-flight-sql';
const CONNECT_PACKAGE: Record<string, string> = { 'spark-3.5': 'org.apache.spark:spark-connect_2.12:3.5.3' };

function ownerReference(def: DefinitionRef) {
  return [{ apiVersion: 'v1', kind: 'ConfigMap', name: def.name, uid: def.uid, controller: true, blockOwnerDeletion: true }];
}

function executorSizing(t: NodeType): { cores: string; memory: string; overhead: string } {
  // Leave room for the JVM overhead Spark adds on top of spark.executor.memory.
  const overhead = Math.max(384, Math.round(t.memoryMiB * 0.1));
  return { cores: String(Math.max(1, Math.floor(t.cpuMillicores / 1000))), memory: `${t.memoryMiB - overhead}m`, overhead: `${overhead}m` };
}

/**
 * The executor pod template, for what Spark has no setting of its own: spot executors' tolerations
 * (Spark 3.3+ sets node selectors from spark.kubernetes.executor.node.selector.*, tolerations only
 * from a template). Undefined when there is nothing to template.
 */
export function executorPodTemplate(spec: ComputeSpec, opts: ComputeRenderOptions = {}): object | undefined {
  const tolerations = (opts.spot ?? DEFAULT_SPOT_PLACEMENT).tolerations;
  if (spec.deploymentType === 'single-node' || !spec.spotInstances || tolerations.length === 0) return undefined;
  return { apiVersion: 'v1', kind: 'Pod', spec: { tolerations: tolerations.map((t) => ({ ...t })) } };
}

/** Whether the workload runs a Flight SQL server: the spec asks for Arrow Flight and the platform names a server image. */
export function rendersArrowFlight(spec: ComputeSpec, opts: ComputeRenderOptions = {}): boolean {
  return spec.arrowFlight === true && !!opts.arrowFlightServerImage?.trim();
}

/**
 * spark-defaults.conf for a compute cluster: ours first, the user's settings after (reserved keys
 * are refused by validation). `opts` carries the platform's choices (spot placement).
 */
export function renderSparkDefaults(
  spec: ComputeSpec,
  nodeTypes: readonly NodeType[],
  opts: ComputeRenderOptions = {},
): Record<string, string> {
  const exec = nodeTypes.find((t) => t.name === spec.executorNodeType);
  const conf: Record<string, string> = {
    'spark.master': 'k8s://https://kubernetes.default.svc',
    'spark.submit.deployMode': 'client',
    'spark.app.name': spec.name,
    'spark.kubernetes.namespace': spec.namespace,
    'spark.kubernetes.container.image': spec.image,
    'spark.kubernetes.authenticate.driver.serviceAccountName': DRIVER_SERVICE_ACCOUNT,
    'spark.kubernetes.executor.podNamePrefix': spec.name,
    'spark.driver.host': `${driverServiceName(spec.name)}.${spec.namespace}.svc`,
    'spark.driver.bindAddress': '0.0.0.0',
    'spark.driver.port': String(PORTS.driverRpc),
    'spark.blockManager.port': String(PORTS.blockManager),
    'spark.ui.port': String(PORTS.sparkUi),
    'spark.plugins': 'org.apache.spark.sql.connect.SparkConnectPlugin',
    'spark.connect.grpc.binding.port': String(PORTS.sparkConnect),
    'spark.hadoop.hive.server2.thrift.port': String(PORTS.thrift),
    'spark.hadoop.hive.server2.thrift.http.port': String(PORTS.thriftHttp),
    'spark.kubernetes.executor.label.app.kubernetes.io/managed-by': 'data-clusters',
    'spark.kubernetes.executor.label.dataclusters.io/kind': 'compute',
    'spark.kubernetes.executor.label.dataclusters.io/cluster': spec.name,
  };
  if (spec.deploymentType === 'single-node') {
    conf['spark.dynamicAllocation.enabled'] = 'false';
    conf['spark.executor.instances'] = '0';
  } else {
    const max = spec.executorCount;
    conf['spark.dynamicAllocation.enabled'] = 'true';
    conf['spark.dynamicAllocation.shuffleTracking.enabled'] = 'true';
    conf['spark.dynamicAllocation.minExecutors'] = spec.autoScaling.enabled ? '0' : String(max);
    conf['spark.dynamicAllocation.maxExecutors'] = String(max);
    if (spec.autoScaling.enabled) conf['spark.dynamicAllocation.executorIdleTimeout'] = `${spec.autoScaling.idleTimeoutMinutes * 60}s`;
    if (exec) {
      const s = executorSizing(exec);
      conf['spark.executor.cores'] = s.cores;
      conf['spark.executor.memory'] = s.memory;
      conf['spark.executor.memoryOverhead'] = s.overhead;
      conf['spark.kubernetes.executor.request.cores'] = `${exec.cpuMillicores}m`;
      conf['spark.kubernetes.executor.limit.cores'] = `${exec.cpuMillicores}m`;
    }
    if (spec.spotInstances) {
      // The provider's own spot label (dataClusters.spot.nodeSelector), and its taints through the pod template.
      for (const [k, v] of Object.entries((opts.spot ?? DEFAULT_SPOT_PLACEMENT).nodeSelector))
        conf[`spark.kubernetes.executor.node.selector.${k}`] = v;
      if (executorPodTemplate(spec, opts)) conf['spark.kubernetes.executor.podTemplateFile'] = EXECUTOR_TEMPLATE_PATH;
    }
    if (spec.volume) {
      const v = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1';
      conf[`${v}.options.claimName`] = 'OnDemand';
      conf[`${v}.options.sizeLimit`] = spec.volume.size;
      conf[`${v}.mount.path`] = '/data';
      conf[`${v}.mount.readOnly`] = 'false';
    }
  }
  if (spec.javaOptions.trim()) {
    conf['spark.driver.extraJavaOptions'] = spec.javaOptions.trim();
    conf['spark.executor.extraJavaOptions'] = spec.javaOptions.trim();
  }
  for (const [k, v] of Object.entries(spec.env)) conf[`spark.executorEnv.${k}`] = v;
  // Secret values never enter the configuration: executors read them from the Secret themselves.
  for (const [k, ref] of Object.entries(spec.secretEnv ?? {}))
    conf[`spark.kubernetes.executor.secretKeyRef.${k}`] = `${ref.secret}:${ref.key}`;
  const packages = [...(CONNECT_PACKAGE[spec.bundle] ? [CONNECT_PACKAGE[spec.bundle]] : []), ...spec.dependencies.packages];
  if (packages.length) conf['spark.jars.packages'] = packages.join(',');
  if (spec.dependencies.jars.length) conf['spark.jars'] = spec.dependencies.jars.join(',');
  if (spec.dependencies.files.length) conf['spark.files'] = spec.dependencies.files.join(',');
  if (spec.dependencies.pyFiles.length) conf['spark.submit.pyFiles'] = spec.dependencies.pyFiles.join(',');
  return { ...conf, ...spec.sparkConf };
}

export function sparkDefaultsText(conf: Record<string, string>): string {
  // l10n-ignore: a comment inside the rendered spark-defaults.conf
  return `# Rendered by Data Clusters; edit the cluster's configuration instead.\n${Object.entries(conf)
    .map(([k, v]) => `${k} ${v.replace(/\n/g, ' ')}`)
    .join('\n')}\n`;
}

/**
 * A compute cluster's workload: the spark-defaults ConfigMap, the driver Deployment (Thrift server
 * with the Spark Connect plugin, client mode against the Kubernetes API) and its headless Service,
 * each owned by the definition and stamped with its generation.
 */
export function renderComputeWorkload(
  spec: ComputeSpec,
  def: DefinitionRef,
  nodeTypes: readonly NodeType[],
  replicas: 0 | 1 = 1,
  opts: ComputeRenderOptions = {},
): any[] {
  const labels = commonLabels('compute', spec.name);
  const annotations = { [ANNOTATIONS.generation]: String(def.generation) };
  const driver = nodeTypes.find((t) => t.name === spec.driverNodeType);
  const conf = renderSparkDefaults(spec, nodeTypes, opts);
  const template = executorPodTemplate(spec, opts);
  const flight = rendersArrowFlight(spec, opts);
  const selector = { 'dataclusters.io/cluster': spec.name, 'spark-role': 'driver' };
  const secretConf = Object.entries(spec.secretSparkConf ?? {});
  const ports = [
    { name: 'thrift', containerPort: PORTS.thrift },
    { name: 'thrift-http', containerPort: PORTS.thriftHttp },
    { name: 'spark-connect', containerPort: PORTS.sparkConnect },
    { name: 'spark-ui', containerPort: PORTS.sparkUi },
    { name: 'driver-rpc', containerPort: PORTS.driverRpc },
    { name: 'blockmanager', containerPort: PORTS.blockManager },
  ];
  const flightPorts = flight ? [{ name: 'arrow-flight', containerPort: PORTS.arrowFlight }] : [];
  const resources = driver
    ? {
        requests: { cpu: `${driver.cpuMillicores}m`, memory: `${driver.memoryMiB}Mi` },
        limits: { cpu: `${driver.cpuMillicores}m`, memory: `${driver.memoryMiB}Mi` },
      }
    : {};
  const defaults = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: sparkDefaultsName(spec.name), namespace: spec.namespace, labels, annotations, ownerReferences: ownerReference(def) },
    data: {
      'spark-defaults.conf': sparkDefaultsText(conf),
      ...(template ? { [EXECUTOR_TEMPLATE_KEY]: JSON.stringify(template, null, 2) + '\n' } : {}),
    },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: driverDeploymentName(spec.name),
      namespace: spec.namespace,
      labels,
      annotations,
      ownerReferences: ownerReference(def),
    },
    spec: {
      replicas,
      strategy: { type: 'Recreate' },
      progressDeadlineSeconds: 900,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, 'spark-role': 'driver' }, annotations },
        spec: {
          serviceAccountName: DRIVER_SERVICE_ACCOUNT,
          enableServiceLinks: false,
          containers: [
            {
              name: 'spark-driver',
              image: spec.image,
              command: [`${SPARK_HOME}/sbin/start-thriftserver.sh`],
              // $(POD_NAME) is expanded by the kubelet: executors get the driver pod as their owner.
              args: [
                '--conf',
                'spark.kubernetes.driver.pod.name=$(POD_NAME)',
                // Spark settings from Secrets: the kubelet expands $(VAR) from the env below, so the value stays in the Secret.
                ...secretConf.flatMap(([k], i) => ['--conf', `${k}=$(${secretConfEnv(i)})`]),
                ...spec.arguments,
              ],
              env: [
                { name: 'SPARK_NO_DAEMONIZE', value: 'true' },
                { name: 'SPARK_CONF_DIR', value: `${SPARK_HOME}/conf` },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ...Object.entries(spec.env).map(([name, value]) => ({ name, value })),
                ...Object.entries(spec.secretEnv ?? {}).map(([name, ref]) => ({
                  name,
                  valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
                })),
                ...secretConf.map(([, ref], i) => ({
                  name: secretConfEnv(i),
                  valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } },
                })),
              ],
              ports,
              resources,
              readinessProbe: { tcpSocket: { port: PORTS.thrift }, periodSeconds: 5, failureThreshold: 3 },
              volumeMounts: [
                { name: 'spark-defaults', mountPath: `${SPARK_HOME}/conf/spark-defaults.conf`, subPath: 'spark-defaults.conf' },
                ...(template ? [{ name: 'spark-defaults', mountPath: EXECUTOR_TEMPLATE_PATH, subPath: EXECUTOR_TEMPLATE_KEY }] : []),
              ],
            },
            // Spark serves no Flight SQL: the platform's server runs beside the driver and reaches it over Spark Connect.
            ...(flight
              ? [
                  {
                    name: ARROW_FLIGHT_CONTAINER,
                    image: opts.arrowFlightServerImage!.trim(),
                    env: [
                      { name: 'SPARK_REMOTE', value: `sc://localhost:${PORTS.sparkConnect}` },
                      { name: 'FLIGHT_SQL_PORT', value: String(PORTS.arrowFlight) },
                    ],
                    ports: flightPorts,
                  },
                ]
              : []),
          ],
          volumes: [{ name: 'spark-defaults', configMap: { name: sparkDefaultsName(spec.name) } }],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: driverServiceName(spec.name), namespace: spec.namespace, labels, annotations, ownerReferences: ownerReference(def) },
    spec: {
      clusterIP: 'None',
      selector,
      ports: [...ports, ...flightPorts].map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.containerPort })),
    },
  };
  return [defaults, deployment, service];
}

/** The driver's service account with the rights Spark needs to run executors in the namespace. */
export function renderDriverRbac(namespace: string): any[] {
  const labels = { 'app.kubernetes.io/managed-by': 'data-clusters' };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DRIVER_SERVICE_ACCOUNT, namespace, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: DRIVER_SERVICE_ACCOUNT, namespace, labels },
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
          verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection', 'patch', 'update'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: DRIVER_SERVICE_ACCOUNT, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: DRIVER_SERVICE_ACCOUNT },
      subjects: [{ kind: 'ServiceAccount', name: DRIVER_SERVICE_ACCOUNT, namespace }],
    },
  ];
}
