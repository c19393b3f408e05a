import { KubeObject, RESOURCES } from '../../kube/resources';
import { SessionCluster } from '../clusterModel';
import { activityName, ANNOTATIONS, definitionName, Failure, generationOf, SPEC_KEY } from '../definition';
import { LifecycleBase } from '../lifecycleBase';
import {
  ClusterOperationError,
  invalidSpecError,
  OperationContext,
  OperationProgress,
  toOperationError,
  waitForModel,
} from '../operations';
import { renderFlinkDeployment } from './sessionRenderer';
import { renderSqlGateway, sqlGatewayName } from './sqlGatewayRenderer';
import { REQUIRED_ACCESS, SESSION_ADMIN, sqlActions } from '../permissions';
import { parseQuotaRefusal, quotaRefusalMessage, sessionLimitMessage, sessionRoomIn } from './sessionQuota';
import { KubeApiError } from '../../kube/kubeApiError';
import { SessionSpec, validateSessionSpec } from '../../../shared/clusters/sessionSpec';
import * as l10n from '@vscode/l10n';
import { TASK_STATES } from '../../../shared/clusters/taskStates';
import type { FlinkTask } from './tasks/taskTypes';

export interface SessionLifecycleOptions {
  /** How long Disable waits for session jobs and then the FlinkDeployment to go. */
  readonly disableTimeoutMs?: number;
}

/**
 * Create, Start, Disable, Edit and Delete for Flink session clusters (DESIGN.md). The operator
 * cannot suspend a session cluster, so Disable deletes its session jobs, then the FlinkDeployment.
 */
export class SessionLifecycle extends LifecycleBase<SessionCluster> {
  constructor(
    ctx: OperationContext,
    private readonly opts: SessionLifecycleOptions = {},
  ) {
    super(ctx, 'session');
  }

  /** The owner, or anyone who may create FlinkDeployments in the namespace, may manage a session cluster. */
  private async mayManage(c: SessionCluster, action: string): Promise<void> {
    try {
      const me = (await this.ctx.access.whoAmI()).username;
      if (c.owner && c.owner === me) return;
      if (await this.ctx.access.can({ ...SESSION_ADMIN, namespace: c.namespace })) return;
    } catch (e) {
      throw toOperationError(e, l10n.t('Session cluster {0}: {1}', c.name, action));
    }
    throw new ClusterOperationError(
      l10n.t(
        'Only the owner ({0}) or an administrator of {1} may {2} session cluster {3}.',
        c.owner ?? 'unknown',
        c.namespace,
        action,
        c.name,
      ),
      'forbidden',
    );
  }

  /**
   * How many tasks Disable would terminate (for the warning before it): the running ones of the
   * task list when it is known (the JobManager's jobs and the FlinkSessionJobs), else the
   * FlinkSessionJobs the cache holds.
   */
  runningSessionJobs(namespace: string, name: string, tasks?: readonly Pick<FlinkTask, 'state'>[]): number {
    if (tasks) return tasks.filter((t) => TASK_STATES[t.state].live).length;
    return this.ctx.model.cache
      .items('flinkSessionJobs', namespace)
      .filter((j) => j.spec?.deploymentName === name && !j.metadata.deletionTimestamp).length;
  }

  /** Creates the definition, owned by the creating user, and (unless told not to) starts it. */
  async create(spec: SessionSpec, namespace: string, opts: { start?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    const what = l10n.t('Create session cluster {0}', spec.name);
    const problems = validateSessionSpec(spec);
    if (problems.length) throw invalidSpecError(problems);
    // The tenant's quota comes first: it needs no request, and its refusal says more than an access review's.
    const room = sessionRoomIn(this.ctx.model, namespace);
    if (room.full) throw new ClusterOperationError(sessionLimitMessage(room), 'not-allowed');
    let allowed: boolean;
    let user: string;
    try {
      allowed = await this.ctx.access.can({ ...SESSION_ADMIN, namespace });
      user = (await this.ctx.access.whoAmI()).username;
    } catch (e) {
      throw toOperationError(e, what);
    }
    if (!allowed)
      throw new ClusterOperationError(
        l10n.t('You may not create session clusters in {0}: that needs the right to create FlinkDeployments there.', namespace),
        'forbidden',
      );
    const def = await this.createDefinition(spec.name, namespace, spec, { [ANNOTATIONS.owner]: user }, user);
    if (opts.start !== false)
      await this.startCreated(namespace, spec.name, (signal) => this.start(namespace, spec.name, signal), opts.signal);
    return def.metadata.uid;
  }

  async start(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'start');
    await this.mayManage(c, 'start');
    return this.run(namespace, name, 'start', (p, def) => this.applyDeployment(p, def), signal);
  }

  async disable(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'disable');
    await this.mayManage(c, 'disable');
    const w = this.ctx.writer;
    const timeout = this.opts.disableTimeoutMs ?? 5 * 60_000;
    return this.run(
      namespace,
      name,
      'disable',
      async (p) => {
        try {
          const jobs = (await w.list(RESOURCES.flinkSessionJobs, namespace, {}, p.signal)).items.filter(
            (j: any) => j.spec?.deploymentName === name,
          );
          for (const j of jobs) await w.delete(RESOURCES.flinkSessionJobs, namespace, (j as KubeObject).metadata.name, {}, p.signal);
          if (jobs.length)
            p.log(
              jobs.length > 1
                ? l10n.t('Cancelling {0} session jobs: {1}', jobs.length, jobs.map((j: any) => j.metadata.name).join(', '))
                : l10n.t('Cancelling 1 session job: {0}', jobs.map((j: any) => j.metadata.name).join(', ')),
            );
          await waitForModel(
            this.ctx.model,
            () => this.ctx.model.cache.items('flinkSessionJobs', namespace).every((j) => j.spec?.deploymentName !== name),
            timeout,
            p.signal,
            l10n.t('the session jobs to be cancelled'),
          );
          await w.delete(RESOURCES.flinkDeployments, namespace, name, {}, p.signal);
          p.log(l10n.t('Deleting the FlinkDeployment'));
          await waitForModel(
            this.ctx.model,
            () => !this.ctx.model.cache.get('flinkDeployments', namespace, name),
            timeout,
            p.signal,
            l10n.t('the FlinkDeployment to be removed'),
          );
        } catch (e) {
          const err = toOperationError(e, l10n.t('Disable'));
          if (err.code !== 'cancelled') await this.recordFailure(namespace, name, err.message);
          throw err;
        }
        await this.clearFailure(namespace, name);
        return l10n.t('Disabled');
      },
      signal,
    );
  }

  async edit(namespace: string, name: string, spec: SessionSpec, expectedResourceVersion: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'edit');
    await this.mayManage(c, 'edit');
    if (spec.name !== name) throw this.readOnly('name', l10n.t('The name cannot change.'));
    return this.saveSpec(namespace, name, 'edit', spec, validateSessionSpec(spec), expectedResourceVersion, signal);
  }

  async delete(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'delete');
    await this.mayManage(c, 'delete');
    await this.run(namespace, name, 'delete', async () => l10n.t('Deleted'), signal);
    try {
      await this.ctx.writer.delete(RESOURCES.configMaps, namespace, activityName('session', name));
      await this.ctx.writer.delete(RESOURCES.configMaps, namespace, definitionName('session', name));
    } catch (e) {
      throw toOperationError(e, l10n.t('Session cluster {0}: delete', name));
    }
    return l10n.t('Deleted');
  }

  /**
   * Enable SQL: deploys the SQL Gateway beside a Running session cluster (its Deployment and
   * Service, owned by the definition so they go with the cluster). The rights come first, then
   * the apply; the model says `sql.ready` once the gateway's pod is ready.
   */
  async enableSql(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gateSql(c, 'enableSql');
    await this.mayManage(c, l10n.t('enable SQL on'));
    await this.mayDo(namespace, 'enableSql');
    return this.run(
      namespace,
      name,
      'enableSql',
      async (p, def) => {
        const spec = JSON.parse(def.data?.[SPEC_KEY] ?? '{}') as SessionSpec;
        this.checkStoredSpec(validateSessionSpec(spec), (list) =>
          l10n.t('The stored configuration is not valid: {0} Edit the cluster to fix it.', list),
        );
        const ref = { name: def.metadata.name, uid: def.metadata.uid, generation: generationOf(def, 1) };
        for (const obj of renderSqlGateway(spec, namespace, ref)) await this.ctx.writer.apply(obj, p.signal);
        p.log(l10n.t('Applied Deployment and Service {0}', sqlGatewayName(name)));
        return l10n.t('SQL enabled: the SQL Gateway {0} is starting', sqlGatewayName(name));
      },
      signal,
    );
  }

  /** Disable SQL: removes the gateway's Deployment and Service; the cluster keeps running. */
  async disableSql(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gateSql(c, 'disableSql');
    await this.mayManage(c, l10n.t('disable SQL on'));
    await this.mayDo(namespace, 'disableSql');
    return this.run(
      namespace,
      name,
      'disableSql',
      async (p) => {
        const gone = (e: unknown) => {
          if (!(e instanceof KubeApiError && e.code === 404)) throw e;
        };
        await this.ctx.writer.delete(RESOURCES.deployments, namespace, sqlGatewayName(name), {}, p.signal).catch(gone);
        await this.ctx.writer.delete(RESOURCES.services, namespace, sqlGatewayName(name), {}, p.signal).catch(gone);
        p.log(l10n.t('Deleted Deployment and Service {0}', sqlGatewayName(name)));
        return l10n.t('SQL disabled');
      },
      signal,
    );
  }

  private gateSql(c: SessionCluster, action: 'enableSql' | 'disableSql'): void {
    if (sqlActions(c).includes(action)) return;
    const why = c.operation
      ? l10n.t('{0} by {1} is in progress', c.operation.action, c.operation.user)
      : action === 'enableSql' && c.sql
        ? l10n.t('SQL is already enabled')
        : action === 'disableSql'
          ? l10n.t('SQL is not enabled')
          : l10n.t('it is {0}, not Running', c.status);
    throw new ClusterOperationError(
      action === 'enableSql'
        ? l10n.t('Cannot enable SQL on session cluster {0}: {1}.', c.name, why)
        : l10n.t('Cannot disable SQL on session cluster {0}: {1}.', c.name, why),
      'not-allowed',
    );
  }

  /** The Kubernetes rights the action needs, reviewed before anything is written. */
  private async mayDo(namespace: string, action: 'enableSql' | 'disableSql'): Promise<void> {
    for (const need of REQUIRED_ACCESS.session[action]) {
      let allowed: boolean;
      try {
        allowed = await this.ctx.access.can({ ...need, namespace });
      } catch (e) {
        throw toOperationError(e, action);
      }
      if (!allowed)
        throw new ClusterOperationError(
          l10n.t('You may not {0} {1} in {2}.', need.verb, need.group ? `${need.resource}.${need.group}` : need.resource, namespace),
          'forbidden',
        );
    }
  }

  private async applyDeployment(p: OperationProgress, def: KubeObject): Promise<string> {
    const namespace = def.metadata.namespace!;
    const spec = JSON.parse(def.data?.[SPEC_KEY] ?? '{}') as SessionSpec;
    const problems = validateSessionSpec(spec);
    this.checkStoredSpec(problems, (list) => l10n.t('The stored configuration is not valid: {0} Edit the cluster to fix it.', list));
    const generation = generationOf(def, 1);
    try {
      await this.ctx.writer.apply(
        renderFlinkDeployment(spec, namespace, { name: def.metadata.name, uid: def.metadata.uid, generation }),
        p.signal,
      );
    } catch (e) {
      // The tenant's quota, enforced by the server: say which session clusters hold it.
      const refusal = e instanceof KubeApiError && e.code === 403 ? parseQuotaRefusal(e.message) : undefined;
      if (!refusal) throw e;
      const running = this.ctx.model
        .sessionClusters(namespace)
        .filter((c) => c.name !== spec.name && this.ctx.model.cache.get('flinkDeployments', namespace, c.name))
        .map((c) => c.name);
      throw new ClusterOperationError(quotaRefusalMessage(namespace, running, refusal), 'not-allowed', [], e);
    }
    p.log(l10n.t('Applied FlinkDeployment {0}', spec.name));
    await this.clearFailure(namespace, spec.name);
    return l10n.t('Started (generation {0})', generation);
  }

  private async recordFailure(namespace: string, name: string, reason: string): Promise<void> {
    const failure: Failure = { action: 'disable', reason, at: new Date(this.now()).toISOString() };
    await this.ctx.writer
      .mergePatch(RESOURCES.configMaps, namespace, definitionName('session', name), {
        metadata: { annotations: { [ANNOTATIONS.failure]: JSON.stringify(failure) } },
      })
      .catch(() => undefined);
  }

  private async clearFailure(namespace: string, name: string): Promise<void> {
    await this.ctx.writer
      .mergePatch(RESOURCES.configMaps, namespace, definitionName('session', name), {
        metadata: { annotations: { [ANNOTATIONS.failure]: null } },
      })
      .catch(() => undefined);
  }
}
