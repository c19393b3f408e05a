import { KubeApiError } from '../../kube/kubeApiError';
import { KubeObject, RESOURCES } from '../../kube/resources';
import { ComputeCluster } from '../clusterModel';
import { activityName, definitionName, generationOf, LABELS, SPEC_KEY } from '../definition';
import { LifecycleBase } from '../lifecycleBase';
import {
  ClusterOperationError,
  invalidSpecError,
  OperationContext,
  OperationProgress,
  toOperationError,
  waitForModel,
} from '../operations';
import { validateClusterName } from '../../../shared/clusters/validation';
import {
  DRIVER_SERVICE_ACCOUNT,
  driverDeploymentName,
  driverServiceName,
  renderComputeWorkload,
  renderDriverRbac,
  sparkDefaultsName,
} from './computeRenderer';
import { ComputeSpec, validateComputeSpec } from '../../../shared/clusters/computeSpec';
import { ComputeRenderOptions } from './renderOptions';
import * as l10n from '@vscode/l10n';

export interface ComputeLifecycleOptions {
  /** How long Restart waits for the old driver pod to go, and Start for a Deployment still being deleted. */
  readonly stopTimeoutMs?: number;
  /** The platform's choices for the rendered workload (spot placement, Flight SQL server), read at each Start. */
  readonly render?: () => ComputeRenderOptions;
}

/**
 * Create, Start, Terminate, Restart, Configure and Delete for compute clusters, with the state
 * gating of DESIGN.md. Every action records activity, can be cancelled, and leaves the cluster in a
 * state the next action can start from.
 */
export class ComputeLifecycle extends LifecycleBase<ComputeCluster> {
  constructor(
    ctx: OperationContext,
    private readonly opts: ComputeLifecycleOptions = {},
  ) {
    super(ctx, 'compute');
  }

  /** Creates the definition (and its activity log); with `start`, starts the cluster too. */
  async create(spec: ComputeSpec, opts: { start?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    const problems = [...validateClusterName(spec.name), ...validateComputeSpec(spec, this.ctx.model.nodeTypes(spec.namespace))];
    if (problems.length) throw invalidSpecError(problems);
    const user = await this.ctx.access.whoAmI().then(
      (id) => id.username,
      (e) => {
        throw toOperationError(e, l10n.t('Create compute cluster {0}', spec.name));
      },
    );
    const def = await this.createDefinition(spec.name, spec.namespace, spec, {}, user);
    if (opts.start)
      await this.startCreated(spec.namespace, spec.name, (signal) => this.start(spec.namespace, spec.name, signal), opts.signal);
    return def.metadata.uid;
  }

  async start(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    this.gate(this.cluster(namespace, name), 'start');
    return this.run(namespace, name, 'start', (p, def) => this.applyWorkload(p, def), signal);
  }

  async terminate(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    this.gate(this.cluster(namespace, name), 'terminate');
    return this.run(namespace, name, 'terminate', (p) => this.scaleDown(p, namespace, name), signal);
  }

  /**
   * Terminate, wait until the driver pod is gone, start again. If the start phase fails before the
   * driver Deployment is applied, the cluster stays STOPPED; after it, the driver is starting and
   * the message says so.
   */
  async restart(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    this.gate(this.cluster(namespace, name), 'restart');
    return this.run(
      namespace,
      name,
      'restart',
      async (p, def) => {
        await this.scaleDown(p, namespace, name);
        p.log(l10n.t('Waiting for the driver pod to stop'));
        await waitForModel(
          this.ctx.model,
          () => {
            if (!this.ctx.model.get('compute', namespace, name))
              throw new ClusterOperationError(l10n.t('Compute cluster {0} was deleted by someone else while it restarted.', name), 'gone');
            return !this.ctx.model.cache
              .itemsOfCluster('pods', namespace, name)
              .some((x) => x.metadata.labels?.['spark-role'] === 'driver');
          },
          this.opts.stopTimeoutMs ?? 5 * 60_000,
          p.signal,
          l10n.t('the driver pod to stop'),
        );
        const progress = { deploymentApplied: false };
        try {
          const fresh = await this.ctx.writer.get<KubeObject>(RESOURCES.configMaps, namespace, def.metadata.name, p.signal);
          return await this.applyWorkload(p, fresh, progress);
        } catch (e) {
          const err = toOperationError(e, l10n.t('Start'));
          if (err.code === 'cancelled') throw err;
          throw new ClusterOperationError(
            progress.deploymentApplied
              ? l10n.t('Restart of {0}: the driver was started again, but not everything could be applied: {1}', name, err.message)
              : l10n.t('Restart of {0} stopped the cluster but could not start it again; it stays STOPPED. {1}', name, err.message),
            err.code,
            err.fieldErrors,
            e,
          );
        }
      },
      signal,
    );
  }

  /**
   * Saves a new configuration (only STOPPED or FAILED). `expectedResourceVersion` is the
   * definition version the user edited: if anyone changed it since, nothing is written (409).
   */
  async configure(
    namespace: string,
    name: string,
    spec: ComputeSpec,
    expectedResourceVersion: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'configure');
    if (spec.name !== name) throw this.readOnly('name', l10n.t('The name cannot change.'));
    if (c.spec && spec.bundle !== c.spec.bundle) throw this.readOnly('bundle', l10n.t('The bundle cannot change after create.'));
    if (spec.namespace !== namespace) throw this.readOnly('namespace', l10n.t('The namespace cannot change.'));
    const problems = validateComputeSpec(spec, this.ctx.model.nodeTypes(namespace));
    return this.saveSpec(namespace, name, 'configure', spec, problems, expectedResourceVersion, signal);
  }

  /** Removes every object of the cluster; data in object storage is untouched. */
  async delete(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    this.gate(this.cluster(namespace, name), 'delete');
    const w = this.ctx.writer;
    return this.run(
      namespace,
      name,
      'delete',
      async (p) => {
        await w.delete(RESOURCES.deployments, namespace, driverDeploymentName(name), { propagationPolicy: 'Foreground' }, p.signal);
        await w.deleteCollection(RESOURCES.pods, namespace, `${LABELS.cluster}=${name},spark-role=executor`, p.signal);
        await w.delete(RESOURCES.services, namespace, driverServiceName(name), {}, p.signal);
        await w.delete(RESOURCES.configMaps, namespace, sparkDefaultsName(name), {}, p.signal);
        p.log(l10n.t('Removed the driver, executors, service and Spark configuration'));
        return l10n.t('Deleted');
      },
      signal,
    ).then(async (details) => {
      // The definition goes last (after the activity row the runner wrote), taking the activity log with it.
      try {
        await w.delete(RESOURCES.configMaps, namespace, activityName('compute', name));
        await w.delete(RESOURCES.configMaps, namespace, definitionName('compute', name), { propagationPolicy: 'Background' });
      } catch (e) {
        throw toOperationError(e, l10n.t('Compute cluster {0}: delete removed the workload but not the definition', name));
      }
      return details;
    });
  }

  private async scaleDown(p: OperationProgress, namespace: string, name: string): Promise<string> {
    const w = this.ctx.writer;
    try {
      await w.mergePatch(RESOURCES.deployments, namespace, driverDeploymentName(name), { spec: { replicas: 0 } }, p.signal);
      p.log(l10n.t('Scaled the driver to 0'));
    } catch (e) {
      if (!(e instanceof KubeApiError && e.isNotFound)) throw e;
      p.log(l10n.t('No driver deployment: nothing to stop'));
    }
    await w.deleteCollection(RESOURCES.pods, namespace, `${LABELS.cluster}=${name},spark-role=executor`, p.signal);
    p.log(l10n.t('Deleted the executor pods'));
    return l10n.t('Terminated');
  }

  private async applyWorkload(p: OperationProgress, def: KubeObject, progress = { deploymentApplied: false }): Promise<string> {
    const namespace = def.metadata.namespace!;
    const name = def.metadata.name.slice('compute.'.length);
    const spec = JSON.parse(def.data?.[SPEC_KEY] ?? '{}') as ComputeSpec;
    const nodeTypes = this.ctx.model.nodeTypes(namespace);
    const problems = validateComputeSpec(spec, nodeTypes);
    this.checkStoredSpec(problems, (list) => l10n.t('The stored configuration is not valid: {0} Configure the cluster to fix it.', list));
    await this.waitForPreviousDeployment(p, namespace, name);
    await this.ensureServiceAccount(p, namespace);
    const generation = generationOf(def, 1);
    for (const obj of renderComputeWorkload(
      spec,
      { name: def.metadata.name, uid: def.metadata.uid, generation },
      nodeTypes,
      1,
      this.opts.render?.(),
    )) {
      await this.ctx.writer.apply(obj, p.signal);
      if (obj.kind === 'Deployment') progress.deploymentApplied = true;
      p.log(`Applied ${obj.kind} ${obj.metadata.name}`);
    }
    return l10n.t('Started (generation {0})', generation);
  }

  /**
   * A cluster deleted just before (Foreground deletion waits for the garbage collector to remove
   * the pods) leaves its Deployment terminating: applying onto it would be deleted with it, so wait.
   */
  private async waitForPreviousDeployment(p: OperationProgress, namespace: string, name: string): Promise<void> {
    const deploymentName = driverDeploymentName(name);
    const old = await this.ctx.writer.tryGet<KubeObject>(RESOURCES.deployments, namespace, deploymentName, p.signal);
    if (!old?.metadata.deletionTimestamp) return;
    p.log(l10n.t('Waiting for the previous Deployment {0} to finish deleting', deploymentName));
    const timeoutMs = this.opts.stopTimeoutMs ?? 5 * 60_000;
    try {
      await waitForModel(
        this.ctx.model,
        () => this.ctx.model.cache.get('deployments', namespace, deploymentName)?.metadata.uid !== old.metadata.uid,
        timeoutMs,
        p.signal,
        l10n.t('the previous Deployment {0} to be deleted', deploymentName),
      );
    } catch (e) {
      if (e instanceof ClusterOperationError && e.code === 'timeout')
        throw new ClusterOperationError(
          l10n.t(
            'The previous Deployment {0} is still being deleted after {1} s (its pods have not stopped); try again once it is gone.',
            deploymentName,
            Math.round(timeoutMs / 1000),
          ),
          'busy',
        );
      throw e;
    }
  }

  /** Whether the user holds every right the driver's Role grants (then Kubernetes lets them grant it). */
  private async holdsDriverRoleRights(namespace: string): Promise<boolean> {
    const role = renderDriverRbac(namespace).find((o) => o.kind === 'Role');
    const checks = (role?.rules ?? []).flatMap((r: { apiGroups?: string[]; resources: string[]; verbs: string[] }) =>
      r.resources.flatMap((resource) => r.verbs.map((verb) => ({ verb, resource, group: r.apiGroups?.[0] ?? '', namespace }))),
    );
    const answers = await Promise.all(checks.map((c: { verb: string; resource: string }) => this.ctx.access.can(c)));
    return answers.every(Boolean);
  }

  /** The driver needs a service account that may run executors: create it when missing and allowed, else say what is missing. */
  private async ensureServiceAccount(p: OperationProgress, namespace: string): Promise<void> {
    if (await this.ctx.writer.tryGet(RESOURCES.serviceAccounts, namespace, DRIVER_SERVICE_ACCOUNT, p.signal)) return;
    // Granting the driver's Role needs escalate and bind on it unless the user already holds every
    // right it grants (Kubernetes' privilege-escalation check); ask, rather than learn it from a 403.
    const needed = [
      { verb: 'create', resource: 'serviceaccounts', group: '' },
      { verb: 'create', resource: 'roles', group: 'rbac.authorization.k8s.io' },
      { verb: 'create', resource: 'rolebindings', group: 'rbac.authorization.k8s.io' },
    ];
    const escalation = [
      { verb: 'escalate', resource: 'roles', group: 'rbac.authorization.k8s.io', name: DRIVER_SERVICE_ACCOUNT },
      { verb: 'bind', resource: 'roles', group: 'rbac.authorization.k8s.io', name: DRIVER_SERVICE_ACCOUNT },
    ];
    const missing = [];
    for (const n of needed) if (!(await this.ctx.access.can({ ...n, namespace }))) missing.push(`${n.verb} ${n.resource}`);
    if (!missing.length && !(await this.holdsDriverRoleRights(namespace)))
      for (const n of escalation) if (!(await this.ctx.access.can({ ...n, namespace }))) missing.push(`${n.verb} roles/${n.name}`);
    if (missing.length) {
      throw new ClusterOperationError(
        l10n.t(
          'The service account {0} the Spark driver runs as is missing in {1}, and you may not create it ({2}). Ask an administrator to create it with a Role that allows managing pods, services, configmaps and persistentvolumeclaims.',
          DRIVER_SERVICE_ACCOUNT,
          namespace,
          missing.join(', '),
        ),
        'forbidden',
      );
    }
    for (const obj of renderDriverRbac(namespace)) await this.ctx.writer.apply(obj, p.signal);
    p.log(l10n.t('Created the service account {0} with its Role and RoleBinding', DRIVER_SERVICE_ACCOUNT));
  }
}
