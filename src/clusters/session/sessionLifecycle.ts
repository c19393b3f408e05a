import { KubeApiError } from '../../kube/kubeApiError';
import { KubeObject, RESOURCES } from '../../kube/resources';
import { appendActivity } from '../activity';
import { SessionCluster } from '../clusterModel';
import { ANNOTATIONS, commonLabels, definitionName, Failure, SPEC_KEY } from '../definition';
import {
  ClusterOperationError,
  OperationContext,
  OperationProgress,
  runOperation,
  saveDefinition,
  toOperationError,
  waitForModel,
} from '../operations';
import { sessionActions, SessionAction } from '../stateTable';
import { renderFlinkDeployment } from './sessionRenderer';
import { SessionSpec, validateSessionSpec } from './sessionSpec';

export interface SessionLifecycleOptions {
  /** Session clusters allowed per namespace (the tenant); the setting raises it. */
  readonly perNamespace?: () => number;
  /** How long Disable waits for session jobs and then the FlinkDeployment to go. */
  readonly disableTimeoutMs?: number;
}

const FLINK_CREATE = { verb: 'create', group: 'flink.apache.org', resource: 'flinkdeployments' } as const;

/**
 * Create, Start, Disable, Edit and Delete for Flink session clusters (DESIGN.md). The operator
 * cannot suspend a session cluster, so Disable deletes its session jobs, then the FlinkDeployment.
 */
export class SessionLifecycle {
  constructor(
    private readonly ctx: OperationContext,
    private readonly opts: SessionLifecycleOptions = {},
  ) {}

  private cluster(namespace: string, name: string): SessionCluster {
    const c = this.ctx.model.get('session', namespace, name) as SessionCluster | undefined;
    if (!c) throw new ClusterOperationError(`Session cluster ${name} no longer exists in ${namespace}.`, 'gone');
    return c;
  }

  private gate(c: SessionCluster, action: SessionAction): void {
    if (!sessionActions(c.status, !!c.operation).includes(action)) {
      const why = c.operation ? `${c.operation.action} is in progress` : `it is ${c.status}`;
      throw new ClusterOperationError(`Cannot ${action} session cluster ${c.name}: ${why}.`, 'not-allowed');
    }
  }

  /** The owner, or anyone who may create FlinkDeployments in the namespace, may manage a session cluster. */
  private async mayManage(c: SessionCluster, action: string): Promise<void> {
    const me = (await this.ctx.access.whoAmI()).username;
    if (c.owner && c.owner === me) return;
    if (await this.ctx.access.can({ ...FLINK_CREATE, namespace: c.namespace })) return;
    throw new ClusterOperationError(
      `Only the owner (${c.owner ?? 'unknown'}) or an administrator of ${c.namespace} may ${action} session cluster ${c.name}.`,
      'forbidden',
    );
  }

  /** How many session jobs Disable would terminate (for the warning before it). */
  runningSessionJobs(namespace: string, name: string): number {
    return this.ctx.model.cache
      .items('flinkSessionJobs', namespace)
      .filter((j) => j.spec?.deploymentName === name && !j.metadata.deletionTimestamp).length;
  }

  async create(spec: SessionSpec, namespace: string, opts: { start?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    const problems = validateSessionSpec(spec);
    if (problems.length)
      throw new ClusterOperationError(
        `The configuration has ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`,
        'invalid',
        problems,
      );
    if (!(await this.ctx.access.can({ ...FLINK_CREATE, namespace }))) {
      throw new ClusterOperationError(
        `You may not create session clusters in ${namespace}: that needs the right to create FlinkDeployments there.`,
        'forbidden',
      );
    }
    const limit = this.opts.perNamespace?.() ?? 1;
    const existing = this.ctx.model.sessionClusters(namespace);
    if (existing.length >= limit) {
      throw new ClusterOperationError(
        `${namespace} already has ${existing.length === 1 ? 'a session cluster' : `${existing.length} session clusters`} (${existing.map((c) => c.name).join(', ')}); the limit is ${limit} per namespace (setting dataClusters.sessionClustersPerNamespace).`,
        'not-allowed',
      );
    }
    const user = (await this.ctx.access.whoAmI()).username;
    const defName = definitionName('session', spec.name);
    let def: KubeObject;
    try {
      def = await this.ctx.writer.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: defName,
          namespace,
          labels: commonLabels('session', spec.name),
          annotations: { [ANNOTATIONS.createdBy]: user, [ANNOTATIONS.owner]: user, [ANNOTATIONS.generation]: '1' },
        },
        data: { [SPEC_KEY]: JSON.stringify(spec, null, 2) },
      });
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 409)
        throw new ClusterOperationError(`A session cluster named ${spec.name} already exists in ${namespace}.`, 'invalid', [
          { field: 'name', message: 'This name is taken in the namespace.' },
        ]);
      throw toOperationError(e, `Create session cluster ${spec.name}`);
    }
    await appendActivity(
      this.ctx.writer,
      'session',
      namespace,
      spec.name,
      { name: defName, uid: def.metadata.uid },
      { action: 'create', user, time: new Date((this.ctx.now ?? Date.now)()).toISOString(), details: 'Created', outcome: 'succeeded' },
    );
    if (opts.start !== false) {
      await waitForModel(
        this.ctx.model,
        () => this.ctx.model.get('session', namespace, spec.name),
        30_000,
        opts.signal ?? new AbortController().signal,
        'the new cluster to appear',
      );
      await this.start(namespace, spec.name, opts.signal);
    }
    return def.metadata.uid;
  }

  async start(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'start');
    await this.mayManage(c, 'start');
    return runOperation(this.ctx, 'session', namespace, name, 'start', (p, def) => this.applyDeployment(p, def), signal);
  }

  async disable(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'disable');
    await this.mayManage(c, 'disable');
    const w = this.ctx.writer;
    const timeout = this.opts.disableTimeoutMs ?? 5 * 60_000;
    return runOperation(
      this.ctx,
      'session',
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
              `Cancelling ${jobs.length} session job${jobs.length > 1 ? 's' : ''}: ${jobs.map((j: any) => j.metadata.name).join(', ')}`,
            );
          await waitForModel(
            this.ctx.model,
            () => this.ctx.model.cache.items('flinkSessionJobs', namespace).every((j) => j.spec?.deploymentName !== name),
            timeout,
            p.signal,
            'the session jobs to be cancelled',
          );
          await w.delete(RESOURCES.flinkDeployments, namespace, name, {}, p.signal);
          p.log('Deleting the FlinkDeployment');
          await waitForModel(
            this.ctx.model,
            () => !this.ctx.model.cache.get('flinkDeployments', namespace, name),
            timeout,
            p.signal,
            'the FlinkDeployment to be removed',
          );
        } catch (e) {
          const err = toOperationError(e, 'Disable');
          if (err.code !== 'cancelled') await this.recordFailure(namespace, name, err.message);
          throw err;
        }
        await this.clearFailure(namespace, name);
        return 'Disabled';
      },
      signal,
    );
  }

  async edit(namespace: string, name: string, spec: SessionSpec, expectedResourceVersion: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'edit');
    await this.mayManage(c, 'edit');
    if (spec.name !== name)
      throw new ClusterOperationError('The name cannot change.', 'invalid', [{ field: 'name', message: 'Read-only after create.' }]);
    const problems = validateSessionSpec(spec);
    if (problems.length)
      throw new ClusterOperationError(
        `The configuration has ${problems.length} problem${problems.length > 1 ? 's' : ''}.`,
        'invalid',
        problems,
      );
    return runOperation(this.ctx, 'session', namespace, name, 'edit', (p, def) => saveDefinition(this.ctx, def, spec, p), signal, {
      expectResourceVersion: expectedResourceVersion,
    });
  }

  async delete(namespace: string, name: string, signal?: AbortSignal): Promise<string> {
    const c = this.cluster(namespace, name);
    this.gate(c, 'delete');
    await this.mayManage(c, 'delete');
    await runOperation(this.ctx, 'session', namespace, name, 'delete', async () => 'Deleted', signal);
    await this.ctx.writer.delete(RESOURCES.configMaps, namespace, `${definitionName('session', name)}.activity`);
    await this.ctx.writer.delete(RESOURCES.configMaps, namespace, definitionName('session', name));
    return 'Deleted';
  }

  private async applyDeployment(p: OperationProgress, def: KubeObject): Promise<string> {
    const namespace = def.metadata.namespace!;
    const spec = JSON.parse(def.data?.[SPEC_KEY] ?? '{}') as SessionSpec;
    const problems = validateSessionSpec(spec);
    if (problems.length)
      throw new ClusterOperationError(
        `The stored configuration is not valid: ${problems.map((x) => `${x.field}: ${x.message}`).join(' ')} Edit the cluster to fix it.`,
        'invalid',
        problems,
      );
    const generation = Number(def.metadata.annotations?.[ANNOTATIONS.generation] ?? 1) || 1;
    await this.ctx.writer.apply(
      renderFlinkDeployment(spec, namespace, { name: def.metadata.name, uid: def.metadata.uid, generation }),
      p.signal,
    );
    p.log(`Applied FlinkDeployment ${spec.name}`);
    await this.clearFailure(namespace, spec.name);
    return `Started (generation ${generation})`;
  }

  private async recordFailure(namespace: string, name: string, reason: string): Promise<void> {
    const failure: Failure = { action: 'disable', reason, at: new Date((this.ctx.now ?? Date.now)()).toISOString() };
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
