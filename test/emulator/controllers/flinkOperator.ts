import { ApiCore } from '../api/apiCore';
import { Change } from '../api/store';
import { ArtifactRepository } from '../flink/artifacts';
import { JobManagers } from '../flink/jobManager';
import { Controller, keyOf, ownerRef, splitKey } from './controller';
import { EventRecorder } from './events';
import { SessionJobReconciler } from './sessionJobs';

export { FLINK_SESSION_JOB_FINALIZER } from './sessionJobs';
export const FLINK_DEPLOYMENT_FINALIZER = 'flinkdeployments.flink.apache.org/finalizer';

const FAILING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError']);

/** Flink memory sizes ("2048m" is MiB, "2g", "1024mb") as Kubernetes quantities. */
export function flinkMemoryToK8s(value: unknown): string {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|t|tb)?$/i.exec(String(value ?? '1024m').trim());
  if (!m) return '1Gi';
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mib = unit === 'g' ? n * 1024 : unit === 't' ? n * 1024 * 1024 : unit === 'k' ? n / 1024 : unit === 'b' ? n / 2 ** 20 : n;
  return `${Math.round(mib)}Mi`;
}

/**
 * The Apache Flink Kubernetes Operator, for session clusters: adds its finalizer, renders the
 * JobManager and TaskManager Deployments and the `<name>-rest` Service, walks
 * jobManagerDeploymentStatus DEPLOYING -> DEPLOYED_NOT_READY -> READY (ERROR with status.error when
 * the JobManager cannot run), blocks deletion while FlinkSessionJobs reference the cluster, and
 * runs FlinkSessionJobs on the session cluster's JobManager (./sessionJobs.ts).
 */
export class FlinkOperator extends Controller {
  private readonly readyTimers = new Map<string, { cancel(): void }>();
  private readonly sessionJobs: SessionJobReconciler;
  private readonly unsubscribeJobs: () => void;

  constructor(
    api: ApiCore,
    private readonly events: EventRecorder,
    private readonly restReadyMs = 1500,
    jobManagers: JobManagers,
    /** Where session-job jar URIs are fetched from. */
    readonly artifacts = new ArtifactRepository(),
  ) {
    super(api);
    this.sessionJobs = new SessionJobReconciler(api, events, jobManagers, artifacts, (ns, name) => this.enqueue(`sj:${ns}/${name}`));
    // The observer learns of job state changes on the cluster (RUNNING, RESTARTING, FAILED, CANCELED ...).
    this.unsubscribeJobs = jobManagers.onJobChange((jm) => {
      for (const j of this.api.store.list('flink.apache.org/flinksessionjobs', jm.namespace))
        if (j.spec?.deploymentName === jm.cluster) this.enqueue(`sj:${keyOf(j)}`);
    });
  }

  private get fdType() {
    return this.api.type('flink.apache.org', 'flinkdeployments');
  }
  private get sjType() {
    return this.api.type('flink.apache.org', 'flinksessionjobs');
  }

  protected initialKeys(): string[] {
    return [
      ...this.api.store.list('flink.apache.org/flinkdeployments').map((o) => `fd:${keyOf(o)}`),
      ...this.api.store.list('flink.apache.org/flinksessionjobs').map((o) => `sj:${keyOf(o)}`),
    ];
  }

  protected keysFor(c: Change): string[] {
    const o = c.obj;
    if (c.typeKey === 'flink.apache.org/flinkdeployments') {
      return [
        `fd:${keyOf(o)}`,
        ...this.api.store
          .list('flink.apache.org/flinksessionjobs', o.metadata.namespace)
          .filter((j) => j.spec?.deploymentName === o.metadata.name)
          .map((j) => `sj:${keyOf(j)}`),
      ];
    }
    if (c.typeKey === 'flink.apache.org/flinksessionjobs')
      return [`sj:${keyOf(o)}`, `fd:${o.metadata.namespace}/${o.spec?.deploymentName}`];
    if (c.typeKey === 'apps/deployments' || c.typeKey === '/pods') {
      const app = o.metadata.labels?.app;
      if (app && o.metadata.labels?.type === 'flink-native-kubernetes') return [`fd:${o.metadata.namespace}/${app}`];
    }
    return [];
  }

  protected reconcile(key: string): void {
    if (!this.fdType || !this.sjType) return;
    if (key.startsWith('fd:')) this.reconcileDeployment(...splitKey(key.slice(3)));
    else this.sessionJobs.reconcile(...splitKey(key.slice(3)));
  }

  private reconcileDeployment(ns: string, name: string): void {
    const t = this.fdType!;
    const fd = this.api.tryGet(t, ns, name);
    if (!fd) return;
    const finalizers: string[] = fd.metadata.finalizers ?? [];
    if (fd.metadata.deletionTimestamp) {
      if (!finalizers.includes(FLINK_DEPLOYMENT_FINALIZER)) return;
      const jobs = this.api.store.list('flink.apache.org/flinksessionjobs', ns).filter((j) => j.spec?.deploymentName === name);
      if (jobs.length) {
        const msg = `The session cluster deletion is blocked because FlinkSessionJobs still reference it: ${jobs.map((j) => j.metadata.name).join(', ')}`;
        this.events.record(fd, 'Warning', 'CleanupFailed', msg, 'flink-kubernetes-operator');
        if (fd.status?.lifecycleState !== 'DELETING' || fd.status?.error !== msg)
          this.writeStatus(fd, { ...fd.status, lifecycleState: 'DELETING', error: msg });
        return;
      }
      this.events.record(fd, 'Normal', 'Cleanup', 'Cleaning up FlinkDeployment', 'flink-kubernetes-operator');
      this.writeStatus(fd, { ...fd.status, lifecycleState: 'DELETING', jobManagerDeploymentStatus: 'MISSING' });
      this.api.clock.after(this.restReadyMs, () => {
        const live = this.api.tryGet(t, ns, name);
        if (live?.metadata.uid === fd.metadata.uid) this.api.removeFinalizer(t, live, FLINK_DEPLOYMENT_FINALIZER);
      });
      return;
    }
    if (!finalizers.includes(FLINK_DEPLOYMENT_FINALIZER)) {
      this.api.writeInternal(
        t,
        { ...fd, metadata: { ...fd.metadata, finalizers: [...finalizers, FLINK_DEPLOYMENT_FINALIZER] } },
        'flink-kubernetes-operator',
      );
      return;
    }
    const specJson = JSON.stringify(fd.spec);
    const lastSpec = fd.status?.reconciliationStatus?.lastReconciledSpec;
    if (lastSpec !== specJson) {
      this.render(fd);
      this.events.record(fd, 'Normal', 'Submit', 'Starting deployment', 'flink-kubernetes-operator');
      this.writeStatus(fd, {
        ...fd.status,
        lifecycleState: lastSpec ? 'UPGRADING' : 'DEPLOYED',
        jobManagerDeploymentStatus: 'DEPLOYING',
        error: undefined,
        observedGeneration: fd.metadata.generation,
        reconciliationStatus: { state: 'DEPLOYED', reconciliationTimestamp: this.api.clock.now(), lastReconciledSpec: specJson },
        taskManager: { labelSelector: `component=taskmanager,app=${name}`, replicas: fd.spec?.taskManager?.replicas ?? 1 },
        jobStatus: {},
      });
      return;
    }
    this.observe(fd);
  }

  private render(fd: any): void {
    const { namespace: ns, name } = fd.metadata;
    const dep = this.api.mustType('apps', 'deployments');
    const svc = this.api.mustType('', 'services');
    const labels = (component: string) => ({ app: name, component, type: 'flink-native-kubernetes' });
    const resources = (r: any) => {
      const cpu = String(r?.cpu ?? 1);
      const memory = flinkMemoryToK8s(r?.memory ?? '1024m');
      return { requests: { cpu, memory }, limits: { cpu, memory } };
    };
    const container = (component: string, r: any, ports: any[]) => ({
      name: component === 'jobmanager' ? 'flink-main-container' : 'flink-main-container',
      image: fd.spec?.image ?? 'flink:1.20',
      args: [component === 'jobmanager' ? 'kubernetes-jobmanager.sh' : 'kubernetes-taskmanager.sh', 'kubernetes-session'],
      resources: resources(r),
      ports,
      env: [{ name: 'FLINK_CONF_DIR', value: '/opt/flink/conf' }],
    });
    const deployment = (depName: string, component: string, replicas: number, r: any, ports: any[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: depName, namespace: ns, labels: labels(component), ownerReferences: [ownerRef(fd)] },
      spec: {
        replicas,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels(component) },
        template: {
          metadata: { labels: labels(component) },
          spec: { serviceAccountName: fd.spec?.serviceAccount ?? 'flink', containers: [container(component, r, ports)] },
        },
      },
    });
    this.api.writeInternal(
      dep,
      deployment(name, 'jobmanager', 1, fd.spec?.jobManager?.resource, [
        { name: 'rest', containerPort: 8081 },
        { name: 'jobmanager-rpc', containerPort: 6123 },
        { name: 'blobserver', containerPort: 6124 },
      ]),
      'flink-kubernetes-operator',
    );
    this.api.writeInternal(
      dep,
      deployment(`${name}-taskmanager`, 'taskmanager', fd.spec?.taskManager?.replicas ?? 1, fd.spec?.taskManager?.resource, [
        { name: 'data', containerPort: 6121 },
      ]),
      'flink-kubernetes-operator',
    );
    this.api.writeInternal(
      svc,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: `${name}-rest`,
          namespace: ns,
          labels: { app: name, type: 'flink-native-kubernetes' },
          ownerReferences: [ownerRef(fd)],
        },
        spec: { type: 'ClusterIP', selector: labels('jobmanager'), ports: [{ name: 'rest', port: 8081, targetPort: 8081 }] },
      },
      'flink-kubernetes-operator',
    );
    this.api.writeInternal(
      svc,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns, labels: { app: name, type: 'flink-native-kubernetes' }, ownerReferences: [ownerRef(fd)] },
        spec: {
          clusterIP: 'None',
          selector: labels('jobmanager'),
          ports: [
            { name: 'jobmanager-rpc', port: 6123 },
            { name: 'blobserver', port: 6124 },
          ],
        },
      },
      'flink-kubernetes-operator',
    );
  }

  private observe(fd: any): void {
    const { namespace: ns, name } = fd.metadata;
    const key = `${ns}/${name}`;
    const jmPods = this.api.store
      .list('/pods', ns)
      .filter((p) => p.metadata.labels?.app === name && p.metadata.labels?.component === 'jobmanager' && !p.metadata.deletionTimestamp);
    const failing = jmPods
      .flatMap((p) => (p.status?.containerStatuses ?? []).map((s: any) => s.state?.waiting?.reason))
      .find((r: string) => FAILING.has(r));
    const ready = jmPods.some((p) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
    const running = jmPods.some((p) => p.status?.phase === 'Running');
    const status = fd.status ?? {};
    if (failing) {
      const pod = jmPods.find((p) => (p.status?.containerStatuses ?? []).some((s: any) => s.state?.waiting?.reason === failing));
      const message = pod?.status?.containerStatuses?.[0]?.state?.waiting?.message ?? failing;
      const error = JSON.stringify({
        type: 'org.apache.flink.kubernetes.operator.exception.DeploymentFailedException',
        message: `${failing}: ${message}`,
        additionalMetadata: { reason: failing },
        throwableList: [],
      });
      if (status.jobManagerDeploymentStatus !== 'ERROR' || status.error !== error) {
        this.events.record(fd, 'Warning', failing, message, 'flink-kubernetes-operator');
        this.writeStatus(fd, { ...status, jobManagerDeploymentStatus: 'ERROR', lifecycleState: 'FAILED', error });
      }
      return;
    }
    if (ready) {
      if (status.jobManagerDeploymentStatus === 'READY') return;
      if (status.jobManagerDeploymentStatus !== 'DEPLOYED_NOT_READY') {
        this.writeStatus(fd, { ...status, jobManagerDeploymentStatus: 'DEPLOYED_NOT_READY', lifecycleState: 'DEPLOYED', error: undefined });
        return;
      }
      // The operator waits for the REST endpoint before it calls the cluster READY.
      if (!this.readyTimers.has(key)) {
        this.readyTimers.set(
          key,
          this.api.clock.after(this.restReadyMs, () => {
            this.readyTimers.delete(key);
            const live = this.api.tryGet(this.fdType!, ns, name);
            if (!live || live.metadata.deletionTimestamp || live.status?.jobManagerDeploymentStatus !== 'DEPLOYED_NOT_READY') return;
            const cpu =
              Number(live.spec?.jobManager?.resource?.cpu ?? 1) +
              Number(live.spec?.taskManager?.resource?.cpu ?? 1) * (live.spec?.taskManager?.replicas ?? 1);
            this.writeStatus(live, {
              ...live.status,
              jobManagerDeploymentStatus: 'READY',
              lifecycleState: 'STABLE',
              clusterInfo: {
                'flink-version': String(live.spec?.flinkVersion ?? 'v1_20')
                  .replace(/^v/, '')
                  .replace('_', '.'),
                'flink-revision': 'emulated',
                'total-cpu': String(cpu),
                'total-memory': '4294967296',
              },
            });
            this.events.record(live, 'Normal', 'StatusChanged', 'Job Manager deployment is ready', 'flink-kubernetes-operator');
          }),
        );
      }
      return;
    }
    const next = running ? 'DEPLOYED_NOT_READY' : 'DEPLOYING';
    if (status.jobManagerDeploymentStatus !== next || status.error)
      this.writeStatus(fd, { ...status, jobManagerDeploymentStatus: next, lifecycleState: 'DEPLOYED', error: undefined });
  }

  private writeStatus(fd: any, status: any): void {
    const live = this.api.tryGet(this.fdType!, fd.metadata.namespace, fd.metadata.name);
    if (!live || live.metadata.uid !== fd.metadata.uid) return;
    // JSON has no undefined: drop cleared fields rather than writing nulls the schema rejects.
    this.api.writeInternal(this.fdType!, { ...live, status: JSON.parse(JSON.stringify(status)) }, 'flink-kubernetes-operator');
  }

  override stop(): void {
    super.stop();
    this.unsubscribeJobs();
    for (const t of this.readyTimers.values()) t.cancel();
  }
}
