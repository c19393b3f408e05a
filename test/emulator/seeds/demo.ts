/**
 * The demo seed: compute clusters in every driver state and session clusters in every status,
 * across several namespaces, with a ResourceQuota and a developer limited by RBAC.
 *
 * Objects are shaped as the extension writes them (DESIGN.md): a definition ConfigMap per cluster
 * holding spec.json, and the live workload rendered from it carrying the definition's generation.
 */
import { demoTaskManifests } from './demoTasks';
import { LOAD_HINT, OWNER_HINT } from './hints';

const MANAGED = { 'app.kubernetes.io/managed-by': 'data-clusters' };
const labels = (kind: 'compute' | 'session', cluster: string) => ({
  ...MANAGED,
  'dataclusters.io/kind': kind,
  'dataclusters.io/cluster': cluster,
});

/** The tenant's object-count quota on FlinkDeployments: one session cluster per namespace. */
const SESSION_CLUSTERS = 'count/flinkdeployments.flink.apache.org';
export const DEMO_NAMESPACES = ['analytics', 'streaming', 'marketing', 'risk', 'research', 'ops'] as const;

export const NODE_TYPES = {
  'driver-small': { cpu: '1', memory: '4Gi' },
  'driver-medium': { cpu: '2', memory: '8Gi' },
  'exec-medium': { cpu: '2', memory: '8Gi' },
  'exec-large': { cpu: '4', memory: '16Gi' },
} as const;

interface ComputeSeed {
  name: string;
  namespace: string;
  description: string;
  image: string;
  driverNodeType: keyof typeof NODE_TYPES;
  executorNodeType: keyof typeof NODE_TYPES;
  executorCount: number;
  singleNode?: boolean;
  replicas: 0 | 1;
  /** Definition generation; the workload carries `workloadGeneration` (older means restart required). */
  generation: number;
  workloadGeneration?: number;
  /** Executors the demo keeps busy (emulator hint). */
  load?: number;
  idleTimeoutMinutes?: number | null;
  createdBy: string;
  tags?: Record<string, string>;
}

function computeCluster(c: ComputeSeed): any[] {
  const def = `compute.${c.name}`;
  const driver = NODE_TYPES[c.driverNodeType];
  const spec = {
    version: 1,
    kind: 'compute',
    name: c.name,
    description: c.description,
    bundle: 'spark-3.5',
    namespace: c.namespace,
    deploymentType: c.singleNode ? 'single-node' : 'multi-node',
    driverNodeType: c.driverNodeType,
    executorNodeType: c.executorNodeType,
    executorCount: c.singleNode ? 0 : c.executorCount,
    spotInstances: false,
    volume: { size: '50Gi' },
    autoScaling: c.idleTimeoutMinutes === null ? { enabled: false } : { enabled: true, idleTimeoutMinutes: c.idleTimeoutMinutes ?? 30 },
    env: { SPARK_LOG_LEVEL: 'INFO' },
    sparkConf: { 'spark.sql.shuffle.partitions': '64' },
    arguments: [],
    javaOptions: '-XX:+UseG1GC',
    dependencies: { jars: [], files: [], pyFiles: [], packages: [] },
    image: c.image,
    tags: c.tags ?? {},
    arrowFlight: false,
  };
  const conf = [
    '--conf',
    'spark.master=k8s://https://kubernetes.default.svc',
    '--conf',
    'spark.submit.deployMode=client',
    '--conf',
    `spark.kubernetes.namespace=${c.namespace}`,
    '--conf',
    `spark.kubernetes.container.image=${c.image}`,
    '--conf',
    'spark.dynamicAllocation.enabled=true',
    '--conf',
    'spark.dynamicAllocation.shuffleTracking.enabled=true',
    '--conf',
    'spark.dynamicAllocation.minExecutors=0',
    '--conf',
    `spark.dynamicAllocation.maxExecutors=${c.singleNode ? 0 : c.executorCount}`,
    '--conf',
    `spark.dynamicAllocation.executorIdleTimeout=${(c.idleTimeoutMinutes ?? 30) * 60}s`,
    '--conf',
    `spark.executor.cores=${NODE_TYPES[c.executorNodeType].cpu}`,
    '--conf',
    `spark.executor.memory=${parseInt(NODE_TYPES[c.executorNodeType].memory, 10) * 900}m`,
    '--conf',
    `spark.kubernetes.executor.label.dataclusters.io/cluster=${c.name}`,
    '--conf',
    'spark.kubernetes.executor.label.dataclusters.io/kind=compute',
    '--conf',
    'spark.kubernetes.executor.label.app.kubernetes.io/managed-by=data-clusters',
    '--conf',
    'spark.plugins=org.apache.spark.sql.connect.SparkConnectPlugin',
  ];
  const podLabels = { ...labels('compute', c.name), 'spark-role': 'driver' };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: def,
        namespace: c.namespace,
        labels: labels('compute', c.name),
        annotations: { 'dataclusters.io/created-by': c.createdBy, 'dataclusters.io/generation': String(c.generation) },
      },
      data: { 'spec.json': JSON.stringify(spec, null, 2) },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${def}.activity`,
        namespace: c.namespace,
        labels: labels('compute', c.name),
        annotations: { [OWNER_HINT]: `ConfigMap/${def}` },
      },
      data: {
        // Rows as the extension writes them: every one with its outcome, a start with its log lines.
        'activity.json': JSON.stringify([
          { action: 'create', user: c.createdBy, time: '2026-11-20T09:12:00Z', details: 'Created', outcome: 'succeeded' },
          ...(c.replicas
            ? [
                {
                  action: 'start',
                  user: c.createdBy,
                  time: '2026-11-22T08:00:00Z',
                  details: `Started (generation ${c.workloadGeneration ?? c.generation})`,
                  outcome: 'succeeded',
                  logLines: [
                    `2026-11-22T08:00:01.000Z Applied Deployment ${c.name}-driver`,
                    `2026-11-22T08:00:01.000Z Applied Service ${c.name}-driver`,
                  ],
                },
              ]
            : []),
        ]),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: `${c.name}-driver`,
        namespace: c.namespace,
        labels: labels('compute', c.name),
        annotations: { 'dataclusters.io/generation': String(c.workloadGeneration ?? c.generation), [OWNER_HINT]: `ConfigMap/${def}` },
      },
      spec: {
        replicas: c.replicas,
        strategy: { type: 'Recreate' },
        progressDeadlineSeconds: 600,
        selector: { matchLabels: { 'dataclusters.io/cluster': c.name, 'spark-role': 'driver' } },
        template: {
          metadata: { labels: podLabels, annotations: c.load ? { [LOAD_HINT]: String(c.load) } : {} },
          spec: {
            serviceAccountName: 'spark',
            containers: [
              {
                name: 'spark-driver',
                image: c.image,
                args: ['/opt/spark/sbin/start-thriftserver.sh', ...conf],
                ports: [
                  { name: 'thrift', containerPort: 10000 },
                  { name: 'thrift-http', containerPort: 10001 },
                  { name: 'spark-connect', containerPort: 15002 },
                  { name: 'spark-ui', containerPort: 4040 },
                ],
                resources: { requests: { cpu: driver.cpu, memory: driver.memory }, limits: { cpu: driver.cpu, memory: driver.memory } },
                readinessProbe: { tcpSocket: { port: 10000 }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: `${c.name}-driver`,
        namespace: c.namespace,
        labels: labels('compute', c.name),
        annotations: { [OWNER_HINT]: `ConfigMap/${def}` },
      },
      spec: {
        clusterIP: 'None',
        selector: { 'dataclusters.io/cluster': c.name, 'spark-role': 'driver' },
        ports: [
          { name: 'thrift', port: 10000 },
          { name: 'thrift-http', port: 10001 },
          { name: 'spark-connect', port: 15002 },
          { name: 'spark-ui', port: 4040 },
        ],
      },
    },
  ];
}

interface SessionSeed {
  name: string;
  namespace: string;
  description: string;
  image: string;
  owner: string;
  /** Whether the FlinkDeployment exists (false: Disabled). */
  deployed: boolean;
  /** A disable in flight that session jobs are holding up (Disabling). */
  disabling?: boolean;
  sessionJobs?: number;
}

function sessionCluster(s: SessionSeed): any[] {
  const def = `session.${s.name}`;
  const spec = {
    version: 1,
    kind: 'session',
    name: s.name,
    description: s.description,
    image: s.image,
    flinkVersion: 'v1_20',
    jobManager: { cpu: 1, memory: '2048m' },
    taskManager: { cpu: 1, memory: '2048m', replicas: 2, slots: 2 },
    flinkConfiguration: {
      'taskmanager.numberOfTaskSlots': '2',
      'state.backend.type': 'rocksdb',
      'state.savepoints.dir': `s3://flink-data/${s.name}/savepoints`,
      'state.checkpoints.dir': `s3://flink-data/${s.name}/checkpoints`,
    },
    serviceAccount: 'flink',
  };
  const annotations: Record<string, string> = {
    'dataclusters.io/created-by': s.owner,
    'dataclusters.io/owner': s.owner,
    'dataclusters.io/generation': '1',
  };
  if (s.disabling)
    annotations['dataclusters.io/operation'] = JSON.stringify({ action: 'disable', user: s.owner, startedAt: '2026-11-22T08:30:00Z' });
  const out: any[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: def, namespace: s.namespace, labels: labels('session', s.name), annotations },
      data: { 'spec.json': JSON.stringify(spec, null, 2) },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${def}.activity`,
        namespace: s.namespace,
        labels: labels('session', s.name),
        annotations: { [OWNER_HINT]: `ConfigMap/${def}` },
      },
      data: {
        'activity.json': JSON.stringify([
          { action: 'create', user: s.owner, time: '2026-11-21T10:00:00Z', details: 'Created', outcome: 'succeeded' },
        ]),
      },
    },
  ];
  if (s.deployed) {
    out.push({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: {
        name: s.name,
        namespace: s.namespace,
        labels: labels('session', s.name),
        annotations: { 'dataclusters.io/generation': '1', [OWNER_HINT]: `ConfigMap/${def}` },
      },
      spec: {
        image: s.image,
        flinkVersion: spec.flinkVersion,
        serviceAccount: spec.serviceAccount,
        flinkConfiguration: spec.flinkConfiguration,
        jobManager: { resource: { cpu: 1, memory: '2048m' } },
        taskManager: { replicas: 2, resource: { cpu: 1, memory: '2048m' } },
      },
    });
    for (let i = 1; i <= (s.sessionJobs ?? 0); i++) {
      out.push({
        apiVersion: 'flink.apache.org/v1beta1',
        kind: 'FlinkSessionJob',
        metadata: { name: `${s.name}-job-${i}`, namespace: s.namespace },
        spec: {
          deploymentName: s.name,
          job: {
            jarURI:
              'https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming_2.12/1.16.1/flink-examples-streaming_2.12-1.16.1-TopSpeedWindowing.jar',
            parallelism: 2,
            upgradeMode: 'stateless',
          },
        },
      });
    }
  }
  return out;
}

function namespace(name: string): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'dataclusters.io/tenant': name } } };
}

function serviceAccounts(ns: string): any[] {
  return ['spark', 'flink'].map((name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } }));
}

function binding(ns: string, role: 'edit' | 'view', subject: { kind: 'User' | 'Group'; name: string }): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${subject.name.replace(/[^a-z0-9-]/g, '-')}-${role}`, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
  };
}

export function demoManifests(): any[] {
  const out: any[] = [];
  for (const ns of DEMO_NAMESPACES) out.push(namespace(ns), ...serviceAccounts(ns));
  // The developer works in analytics and streaming and may only look elsewhere; auditors only look.
  out.push(
    binding('analytics', 'edit', { kind: 'User', name: 'dev@example.com' }),
    binding('streaming', 'edit', { kind: 'User', name: 'dev@example.com' }),
  );
  for (const ns of DEMO_NAMESPACES) out.push(binding(ns, 'view', { kind: 'Group', name: 'auditors' }));
  out.push(binding('research', 'view', { kind: 'User', name: 'dev@example.com' }));
  // Drivers take 7 CPU (2+1+2+2): two of sales-etl's 4-CPU executors fit in 16, the third stays
  // Pending on the quota, so sales-etl shows "Running 2/4 + Scaling 1/4".
  out.push({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute-quota', namespace: 'analytics' },
    spec: { hard: { 'requests.cpu': '16', 'requests.memory': '64Gi', pods: '40', [SESSION_CLUSTERS]: '1' } },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'tenant-quota', namespace: 'streaming' },
    spec: {
      hard: { 'requests.cpu': '16', 'requests.memory': '64Gi', 'limits.cpu': '16', 'limits.memory': '64Gi', [SESSION_CLUSTERS]: '1' },
    },
  });
  // Every tenant holds one session cluster (deploy/quota/session-cluster-quota.yaml), in its own quota where it has no other.
  for (const ns of DEMO_NAMESPACES.filter((n) => n !== 'analytics' && n !== 'streaming'))
    out.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'data-clusters-session-clusters', namespace: ns },
      spec: { hard: { [SESSION_CLUSTERS]: '1' } },
    });

  out.push(
    ...computeCluster({
      name: 'sales-etl',
      namespace: 'analytics',
      description: 'Nightly sales ETL and ad-hoc SQL',
      image: 'apache/spark:3.5.3',
      driverNodeType: 'driver-medium',
      executorNodeType: 'exec-large',
      executorCount: 4,
      replicas: 1,
      generation: 3,
      load: 3,
      createdBy: 'dev@example.com',
      tags: { team: 'sales' },
    }),
    ...computeCluster({
      name: 'adhoc-sql',
      namespace: 'analytics',
      description: 'Warming up for the analysts',
      image: 'apache/spark:3.5.3-unready',
      driverNodeType: 'driver-small',
      executorNodeType: 'exec-medium',
      executorCount: 2,
      replicas: 1,
      generation: 1,
      createdBy: 'dev@example.com',
    }),
    ...computeCluster({
      name: 'reporting',
      namespace: 'analytics',
      description: 'Month-end reporting; config changed since last run',
      image: 'apache/spark:3.5.3',
      driverNodeType: 'driver-medium',
      executorNodeType: 'exec-medium',
      executorCount: 8,
      replicas: 0,
      generation: 4,
      workloadGeneration: 3,
      createdBy: 'admin',
      tags: { team: 'finance' },
    }),
    ...computeCluster({
      name: 'ml-features',
      namespace: 'analytics',
      description: 'Feature pipelines (image tag typo)',
      image: 'apache/spark:3.5.3-crashloop',
      driverNodeType: 'driver-medium',
      executorNodeType: 'exec-large',
      executorCount: 6,
      replicas: 1,
      generation: 2,
      createdBy: 'dev@example.com',
    }),
    ...computeCluster({
      name: 'notebook',
      namespace: 'analytics',
      description: 'Single-node scratch cluster',
      image: 'apache/spark:3.5.3',
      driverNodeType: 'driver-medium',
      executorNodeType: 'exec-medium',
      executorCount: 0,
      singleNode: true,
      replicas: 1,
      generation: 1,
      idleTimeoutMinutes: 60,
      createdBy: 'dev@example.com',
    }),
    ...computeCluster({
      name: 'campaigns',
      namespace: 'marketing',
      description: 'Campaign attribution',
      image: 'apache/spark:3.5.3-missing',
      driverNodeType: 'driver-small',
      executorNodeType: 'exec-medium',
      executorCount: 2,
      replicas: 1,
      generation: 1,
      createdBy: 'admin',
    }),
  );

  out.push(
    ...sessionCluster({
      name: 'orders-stream',
      namespace: 'streaming',
      description: 'Order events to the lakehouse',
      image: 'flink:1.20',
      owner: 'dev@example.com',
      deployed: true,
    }),
    ...sessionCluster({
      name: 'clickstream',
      namespace: 'research',
      description: 'Waiting for the JobManager',
      image: 'flink:1.20-unready',
      owner: 'admin',
      deployed: true,
    }),
    ...sessionCluster({
      name: 'fraud-rules',
      namespace: 'risk',
      description: 'Disabled over the weekend',
      image: 'flink:1.20',
      owner: 'admin',
      deployed: false,
    }),
    ...sessionCluster({
      name: 'attribution',
      namespace: 'marketing',
      description: 'Image does not exist',
      image: 'flink:1.20-missing',
      owner: 'admin',
      deployed: true,
    }),
    ...sessionCluster({
      name: 'alerts',
      namespace: 'ops',
      description: 'Being disabled; one job still cancelling',
      image: 'flink:1.20',
      owner: 'admin',
      deployed: true,
      sessionJobs: 1,
      disabling: true,
    }),
  );
  // orders-stream's two session jobs are the demo's tasks (./demoTasks.ts).
  out.push(...demoTaskManifests());
  return out;
}

/** Marks in-flight work the demo needs after the controllers have settled: the Disabling cluster. */
export const DEMO_DISABLING = { namespace: 'ops', name: 'alerts' } as const;
