import { KubeApiError } from '../kube/kubeApiError';
import { KubeObject } from '../kube/resources';
import { appendActivity } from './activity';
import { Cluster } from './clusterModel';
import { ANNOTATIONS, ClusterKind, commonLabels, definitionName, SPEC_KEY } from './definition';
import {
  ClusterOperationError,
  invalidSpecError,
  OperationContext,
  OperationProgress,
  saveDefinition,
  runOperation,
  StartAfterCreateError,
  toOperationError,
  waitForModel,
} from './operations';
import { computeActions, sessionActions } from '../../shared/clusters/stateTable';
import { FieldError } from '../../shared/clusters/validation';
import * as l10n from '@vscode/l10n';

const label = (kind: ClusterKind) => (kind === 'compute' ? l10n.t('compute cluster') : l10n.t('session cluster'));

/** The steps both kinds' lifecycles share: finding the cluster, gating by state, creating a definition. */
export abstract class LifecycleBase<C extends Cluster> {
  constructor(
    protected readonly ctx: OperationContext,
    private readonly kind: C['kind'],
  ) {}

  /** Runs one action of this kind's cluster (see runOperation): recorded, cancellable, one at a time. */
  protected run(
    namespace: string,
    name: string,
    action: string,
    work: (p: OperationProgress, definition: KubeObject) => Promise<string>,
    signal?: AbortSignal,
    opts?: { expectResourceVersion?: string },
  ): Promise<string> {
    return runOperation(this.ctx, this.kind, namespace, name, action, work, signal, opts);
  }

  /** Refuses to start from a stored spec that has problems; `message` says so, given the problems as one line. */
  protected checkStoredSpec(problems: readonly FieldError[], message: (problems: string) => string): void {
    if (problems.length)
      throw new ClusterOperationError(message(problems.map((x) => `${x.field}: ${x.message}`).join(' ')), 'invalid', problems);
  }

  protected now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  protected cluster(namespace: string, name: string): C {
    const c = this.ctx.model.get(this.kind, namespace, name) as C | undefined;
    if (!c) throw new ClusterOperationError(l10n.t('The {0} {1} no longer exists in {2}.', label(this.kind), name, namespace), 'gone');
    return c;
  }

  /** Refuses what the state table does not allow now; an interrupted action does not count as running. */
  protected gate(c: C, action: string): void {
    const allowed: readonly string[] =
      c.kind === 'compute' ? computeActions(c.state, !!c.operation) : sessionActions(c.status, !!c.operation);
    if (allowed.includes(action)) return;
    const state = c.kind === 'compute' ? c.state : c.status;
    const why = c.operation
      ? l10n.t('{0} by {1} is in progress', c.operation.action, c.operation.user)
      : c.reason && (state === 'UNKNOWN' || state === 'Unknown')
        ? l10n.t('it is {0}: {1}', state, c.reason)
        : l10n.t('it is {0}', state);
    throw new ClusterOperationError(l10n.t('Cannot {0} {1} {2}: {3}.', action, label(c.kind), c.name, why), 'not-allowed');
  }

  /** Writes a new definition (refusing a taken name on its field) and its first activity row. */
  protected async createDefinition(
    name: string,
    namespace: string,
    spec: unknown,
    annotations: Record<string, string>,
    user: string,
  ): Promise<KubeObject> {
    const what = `Create ${label(this.kind)} ${name}`;
    const defName = definitionName(this.kind, name);
    let def: KubeObject;
    try {
      def = await this.ctx.writer.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: defName,
          namespace,
          labels: commonLabels(this.kind, name),
          annotations: { [ANNOTATIONS.createdBy]: user, [ANNOTATIONS.generation]: '1', ...annotations },
        },
        data: { [SPEC_KEY]: JSON.stringify(spec, null, 2) },
      });
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 409)
        throw new ClusterOperationError(l10n.t('A {0} named {1} already exists in {2}.', label(this.kind), name, namespace), 'invalid', [
          { field: 'name', message: l10n.t('This name is taken in the namespace.') },
        ]);
      throw toOperationError(e, what);
    }
    await appendActivity(
      this.ctx.writer,
      this.kind,
      namespace,
      name,
      { name: defName, uid: def.metadata.uid },
      { action: 'create', user, time: new Date(this.now()).toISOString(), details: l10n.t('Created'), outcome: 'succeeded' },
    ).catch((e) => this.ctx.logger?.error(`${what}: could not record activity: ${(e as Error).message}`));
    return def;
  }

  /** After a create: start it, and when only the start fails, say that the cluster was created. */
  protected async startCreated(
    namespace: string,
    name: string,
    start: (signal?: AbortSignal) => Promise<string>,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      await waitForModel(
        this.ctx.model,
        () => this.ctx.model.get(this.kind, namespace, name),
        30_000,
        signal ?? new AbortController().signal,
        l10n.t('the new cluster to appear'),
      );
      await start(signal);
    } catch (e) {
      const err = toOperationError(e, l10n.t('Start'));
      throw new StartAfterCreateError(
        l10n.t('Created {0} {1} in {2}, but could not start it: {3}', label(this.kind), name, namespace, err.message),
        err.code,
        err.fieldErrors,
        e,
      );
    }
  }

  /** Refuses an edit that changes a field fixed at create, naming the field. */
  protected readOnly(field: string, message: string): ClusterOperationError {
    return new ClusterOperationError(message, 'invalid', [{ field, message: l10n.t('Read-only after create.') }]);
  }

  /**
   * Saves an edited spec as the definition (Configure, Edit) once it has no problems; the
   * definition must still be at the version the edit started from.
   */
  protected saveSpec(
    namespace: string,
    name: string,
    action: string,
    spec: unknown,
    problems: readonly FieldError[],
    expectedResourceVersion: string,
    signal?: AbortSignal,
  ): Promise<string> {
    if (problems.length) throw invalidSpecError(problems, false);
    return this.run(namespace, name, action, (p, def) => saveDefinition(this.ctx, def, spec, p), signal, {
      expectResourceVersion: expectedResourceVersion,
    });
  }
}
