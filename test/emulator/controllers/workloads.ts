import { ApiCore } from '../api/apiCore';
import { Change } from '../api/store';
import { Controller, controllerOwner, keyOf, ownerRef, shortHash, splitKey } from './controller';
import { EventRecorder } from './events';

const isReady = (p: any) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const isActive = (p: any) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** The ReplicaSet controller: keeps `spec.replicas` pods from the template, reports counts in status. */
export class ReplicaSetController extends Controller {
  constructor(
    api: ApiCore,
    private readonly events: EventRecorder,
  ) {
    super(api);
  }

  protected initialKeys(): string[] {
    return this.api.store.list('apps/replicasets').map(keyOf);
  }

  protected keysFor(c: Change): string[] {
    if (c.typeKey === 'apps/replicasets') return [keyOf(c.obj)];
    if (c.typeKey === '/pods') {
      const owner = controllerOwner(c.obj);
      if (owner?.kind === 'ReplicaSet') return [`${c.obj.metadata.namespace}/${owner.name}`];
    }
    return [];
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const rsType = this.t('apps', 'replicasets');
    const rs = this.api.tryGet(rsType, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const podType = this.t('', 'pods');
    const pods = this.api.store.list('/pods', ns).filter((p) => controllerOwner(p)?.uid === rs.metadata.uid);
    const active = pods.filter(isActive);
    const want = rs.spec?.replicas ?? 1;
    if (active.length < want) {
      for (let i = active.length; i < want; i++) {
        const pod = this.api.create(
          podType,
          ns,
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${name}-`,
              namespace: ns,
              labels: { ...rs.spec.template?.metadata?.labels },
              annotations: { ...rs.spec.template?.metadata?.annotations },
              ownerReferences: [ownerRef(rs)],
            },
            spec: structuredClone(rs.spec.template?.spec ?? {}),
          },
          { internal: true, fieldManager: 'kube-controller-manager' },
        );
        this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, 'replicaset-controller');
      }
    } else if (active.length > want) {
      // Remove not-ready pods first, then the youngest, as the real controller prefers.
      const victims = [...active]
        .sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || (b.metadata.creationTimestamp > a.metadata.creationTimestamp ? 1 : -1))
        .slice(0, active.length - want);
      for (const p of victims) {
        this.api.delete(podType, ns, p.metadata.name);
        this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller');
      }
    }
    const now = this.api.store.list('/pods', ns).filter((p) => controllerOwner(p)?.uid === rs.metadata.uid && isActive(p));
    const status = {
      replicas: now.length,
      fullyLabeledReplicas: now.length,
      readyReplicas: now.filter(isReady).length,
      availableReplicas: now.filter(isReady).length,
      observedGeneration: rs.metadata.generation,
    };
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {}))
      this.api.writeInternal(rsType, { ...rs, status }, 'kube-controller-manager');
  }
}

/**
 * The Deployment controller: one ReplicaSet per pod template (named by pod-template-hash),
 * Recreate and RollingUpdate (simplified: old sets scaled to zero, the new one to the target),
 * replica counts and the Available and Progressing conditions, including ProgressDeadlineExceeded.
 */
export class DeploymentController extends Controller {
  private readonly deadlines = new Map<string, { cancel(): void }>();
  /** Last observed replica counts per deployment, to tell progress from standing still. */
  private readonly progress = new Map<string, string>();

  constructor(
    api: ApiCore,
    private readonly events: EventRecorder,
  ) {
    super(api);
  }

  protected initialKeys(): string[] {
    return this.api.store.list('apps/deployments').map(keyOf);
  }

  protected keysFor(c: Change): string[] {
    if (c.typeKey === 'apps/deployments') return [keyOf(c.obj)];
    if (c.typeKey === 'apps/replicasets') {
      const owner = controllerOwner(c.obj);
      if (owner?.kind === 'Deployment') return [`${c.obj.metadata.namespace}/${owner.name}`];
    }
    return [];
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const dType = this.t('apps', 'deployments');
    const rsType = this.t('apps', 'replicasets');
    const d = this.api.tryGet(dType, ns, name);
    if (!d || d.metadata.deletionTimestamp) {
      this.deadlines.get(key)?.cancel();
      this.deadlines.delete(key);
      return;
    }
    const hash = shortHash(d.spec.template);
    const owned = this.api.store.list('apps/replicasets', ns).filter((rs) => controllerOwner(rs)?.uid === d.metadata.uid);
    let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const old = owned.filter((rs) => rs !== current);
    const want = d.spec.replicas ?? 1;
    const recreate = d.spec.strategy?.type === 'Recreate';
    const revision = String(
      Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + (current ? 0 : 1),
    );

    for (const rs of old) {
      if ((rs.spec.replicas ?? 0) !== 0) {
        this.api.writeInternal(rsType, { ...rs, spec: { ...rs.spec, replicas: 0 } }, 'kube-controller-manager');
        this.events.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled down replica set ${rs.metadata.name} from ${rs.spec.replicas} to 0`,
          'deployment-controller',
        );
      }
    }
    const oldPodsRemain = old.some((rs) => (rs.status?.replicas ?? 0) > 0);
    const target = recreate && oldPodsRemain ? 0 : want;
    if (!current) {
      const labels = { ...d.spec.template.metadata?.labels, 'pod-template-hash': hash };
      current = this.api.create(
        rsType,
        ns,
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${name}-${hash}`,
            namespace: ns,
            labels,
            annotations: { 'deployment.kubernetes.io/revision': revision, 'deployment.kubernetes.io/desired-replicas': String(want) },
            ownerReferences: [ownerRef(d)],
          },
          spec: {
            replicas: target,
            selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash } },
            template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
          },
        },
        { internal: true, fieldManager: 'kube-controller-manager' },
      );
      this.events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${current.metadata.name} from 0 to ${target}`,
        'deployment-controller',
      );
    } else if ((current.spec.replicas ?? 0) !== target) {
      const from = current.spec.replicas ?? 0;
      current = this.api.writeInternal(rsType, { ...current, spec: { ...current.spec, replicas: target } }, 'kube-controller-manager');
      this.events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${target > from ? 'up' : 'down'} replica set ${current.metadata.name} from ${from} to ${target}`,
        'deployment-controller',
      );
    }

    const all = [current, ...old];
    const sum = (f: (rs: any) => number) => all.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    const updated = current.status?.replicas ?? 0;
    const complete = updated === want && replicas === want && available === want && !oldPodsRemain;
    const now = this.api.clock.iso();
    const prev = d.status ?? {};
    const prevProgressing = (prev.conditions ?? []).find((c: any) => c.type === 'Progressing');
    const prevAvailable = (prev.conditions ?? []).find((c: any) => c.type === 'Available');
    const progressKey = `${current.metadata.name}:${replicas}:${ready}:${available}:${updated}`;
    const progressed = this.progress.get(key) !== progressKey;
    this.progress.set(key, progressKey);
    let progressing: any;
    const deadlineMs = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    if (complete) {
      progressing = {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
      };
    } else if (prevProgressing?.reason === 'ProgressDeadlineExceeded' && !progressed) {
      progressing = prevProgressing;
    } else {
      const lastUpdate = progressed || !prevProgressing ? now : prevProgressing.lastUpdateTime;
      const exceeded = this.api.clock.now() - Date.parse(lastUpdate) >= deadlineMs;
      progressing = exceeded
        ? {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${current.metadata.name}" has timed out progressing.`,
          }
        : {
            type: 'Progressing',
            status: 'True',
            reason: prevProgressing && !progressed ? prevProgressing.reason : 'ReplicaSetUpdated',
            message: `ReplicaSet "${current.metadata.name}" is progressing.`,
            lastUpdateTime: lastUpdate,
          };
      if (!exceeded) this.armDeadline(key, Date.parse(lastUpdate) + deadlineMs - this.api.clock.now());
      if (exceeded && prevProgressing?.reason !== 'ProgressDeadlineExceeded') {
        this.events.record(
          d,
          'Warning',
          'ProgressDeadlineExceeded',
          `Deployment "${name}" has timed out progressing.`,
          'deployment-controller',
        );
      }
    }
    const minAvailable = want === 0 || available >= want;
    const availableCond = minAvailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        };
    const stamp = (c: any, before: any) => ({
      ...c,
      lastUpdateTime:
        c.lastUpdateTime ?? (before && before.status === c.status && before.reason === c.reason ? before.lastUpdateTime : now),
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now,
    });
    const status: any = {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions: [stamp(availableCond, prevAvailable), stamp(progressing, prevProgressing)],
    };
    for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas', 'replicas']) if (status[k] === 0) delete status[k];
    const annotations = {
      ...d.metadata.annotations,
      'deployment.kubernetes.io/revision': current.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? revision,
    };
    if (JSON.stringify(status) !== JSON.stringify(prev) || JSON.stringify(annotations) !== JSON.stringify(d.metadata.annotations ?? {})) {
      this.api.writeInternal(dType, { ...d, metadata: { ...d.metadata, annotations }, status }, 'kube-controller-manager');
    }
  }

  private armDeadline(key: string, inMs: number): void {
    this.deadlines.get(key)?.cancel();
    this.deadlines.set(
      key,
      this.api.clock.after(Math.max(0, inMs) + 1, () => this.enqueue(key)),
    );
  }

  override stop(): void {
    super.stop();
    for (const d of this.deadlines.values()) d.cancel();
  }
}
