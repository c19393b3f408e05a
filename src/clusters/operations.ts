import { Logger, silentLogger, errorMessage } from '../common/logger';
import { AccessReviewer } from '../kube/access';
import { KubeApiError } from '../kube/kubeApiError';
import { KubeWriter } from '../kube/kubeWriter';
import { KubeObject, RESOURCES } from '../kube/resources';
import { appendActivity } from './activity';
import { ClusterChange, ClusterModel } from './clusterModel';
import { ANNOTATIONS, ClusterKind, definitionName, Operation, SPEC_KEY } from './definition';
import { FieldError } from './validation';

export type OperationErrorCode =
  'not-allowed' | 'busy' | 'conflict' | 'gone' | 'forbidden' | 'invalid' | 'failed' | 'cancelled' | 'timeout';

/** Why an action did not happen or did not finish, in words for the user; `fieldErrors` for forms. */
export class ClusterOperationError extends Error {
  constructor(
    message: string,
    readonly code: OperationErrorCode,
    readonly fieldErrors: readonly FieldError[] = [],
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'ClusterOperationError';
  }
}

export interface OperationContext {
  readonly writer: KubeWriter;
  readonly model: ClusterModel;
  readonly access: AccessReviewer;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** An in-flight marker older than this is taken to be left over from a crash and may be replaced. */
  readonly staleOperationMs?: number;
}

export interface OperationProgress {
  /** A line for the activity log and the progress notification. */
  log(line: string): void;
  readonly signal: AbortSignal;
}

const label = (kind: ClusterKind) => (kind === 'compute' ? 'Compute cluster' : 'Session cluster');

/** Turns API failures into what the user can act on; keeps our own errors as they are. */
export function toOperationError(e: unknown, what: string): ClusterOperationError {
  if (e instanceof ClusterOperationError) return e;
  if (e instanceof KubeApiError) {
    if (e.code === 403) return new ClusterOperationError(`${what}: ${e.message}`, 'forbidden', [], e);
    if (e.code === 409)
      return new ClusterOperationError(
        `${what}: it was changed by someone else meanwhile; nothing was overwritten. Refresh and try again.`,
        'conflict',
        [],
        e,
      );
    if (e.code === 404) return new ClusterOperationError(`${what}: ${e.message}`, 'gone', [], e);
    if (e.code === 422)
      return new ClusterOperationError(
        `${what}: the API server refused it: ${e.message}`,
        'invalid',
        (e.details?.causes ?? []).map((c) => ({ field: c.field ?? '', message: c.message ?? '' })),
        e,
      );
    if (e.reason === 'Aborted') return new ClusterOperationError(`${what}: cancelled.`, 'cancelled', [], e);
  }
  return new ClusterOperationError(`${what}: ${errorMessage(e)}`, 'failed', [], e);
}

/** Resolves when `predicate` holds for the model, re-checking on every cluster change. */
export function waitForModel<T>(
  model: ClusterModel,
  predicate: () => T | undefined | false,
  timeoutMs: number,
  signal: AbortSignal,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = () => {
      let v: T | undefined | false;
      try {
        v = predicate();
      } catch (e) {
        return finish(() => reject(e));
      }
      if (v) finish(() => resolve(v as T));
    };
    const sub = model.onDidChangeCluster((_c: ClusterChange[]) => check());
    const sub2 = model.cache.onDidChange(() => check());
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new ClusterOperationError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`, 'timeout')),
        ),
      timeoutMs,
    );
    const onAbort = () => finish(() => reject(new ClusterOperationError('Cancelled.', 'cancelled')));
    signal.addEventListener('abort', onAbort, { once: true });
    function finish(f: () => void) {
      sub.dispose();
      sub2.dispose();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      f();
    }
    check();
  });
}

/**
 * Runs one lifecycle action on a cluster: re-reads its definition, refuses while another action is
 * in flight, marks this one on the definition (a concurrent change makes that a 409), does the
 * work, and always clears the mark and records the outcome in the activity log.
 */
export async function runOperation(
  ctx: OperationContext,
  kind: ClusterKind,
  namespace: string,
  name: string,
  action: string,
  work: (p: OperationProgress, definition: KubeObject) => Promise<string>,
  signal: AbortSignal = new AbortController().signal,
  opts: { expectResourceVersion?: string } = {},
): Promise<string> {
  const what = `${label(kind)} ${name}: ${action}`;
  const now = ctx.now ?? Date.now;
  const logger = ctx.logger ?? silentLogger;
  const defName = definitionName(kind, name);
  let definition: KubeObject;
  try {
    const d = await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName, signal);
    if (!d) throw new ClusterOperationError(`${label(kind)} ${name} no longer exists in ${namespace}: someone else deleted it.`, 'gone');
    definition = d;
  } catch (e) {
    throw toOperationError(e, what);
  }
  if (opts.expectResourceVersion && definition.metadata.resourceVersion !== opts.expectResourceVersion) {
    throw new ClusterOperationError(
      `${label(kind)} ${name} was changed by someone else since you opened it; nothing was saved. Reopen it to see the changes.`,
      'conflict',
    );
  }
  const raw = definition.metadata.annotations?.[ANNOTATIONS.operation];
  if (raw) {
    let op: Operation | undefined;
    try {
      op = JSON.parse(raw);
    } catch {
      op = undefined;
    }
    const age = op ? now() - Date.parse(op.startedAt) : Infinity;
    if (op && age < (ctx.staleOperationMs ?? 15 * 60_000)) {
      throw new ClusterOperationError(
        `${label(kind)} ${name} is busy: ${op.action} started by ${op.user} at ${op.startedAt} is still in progress.`,
        'busy',
      );
    }
    logger.warn(`${what}: replacing a stale in-flight marker ${raw}`);
  }
  const user = (await ctx.access.whoAmI().catch(() => ({ username: 'unknown' }))).username;
  const operation: Operation = { action, user, startedAt: new Date(now()).toISOString() };
  try {
    const marked = await ctx.writer.mergePatch(
      RESOURCES.configMaps,
      namespace,
      defName,
      {
        metadata: {
          resourceVersion: definition.metadata.resourceVersion,
          annotations: { [ANNOTATIONS.operation]: JSON.stringify(operation) },
        },
      },
      signal,
    );
    definition = marked as KubeObject;
  } catch (e) {
    throw toOperationError(e, what);
  }
  const lines: string[] = [];
  const progress: OperationProgress = {
    log: (line) => {
      lines.push(`${new Date(now()).toISOString()} ${line}`);
      logger.info(`${what}: ${line}`);
    },
    signal,
  };
  let outcome: 'succeeded' | 'failed' | 'cancelled' = 'succeeded';
  let details = '';
  try {
    details = await work(progress, definition);
    return details;
  } catch (e) {
    const err = toOperationError(e, what);
    outcome = err.code === 'cancelled' ? 'cancelled' : 'failed';
    details = err.message;
    progress.log(`${outcome}: ${err.message}`);
    throw err;
  } finally {
    // Clear the marker whatever happened, so the next action is never blocked by this one.
    const clear = ctx.writer
      .mergePatch(RESOURCES.configMaps, namespace, defName, { metadata: { annotations: { [ANNOTATIONS.operation]: null } } })
      .catch((e) => {
        if (!(e instanceof KubeApiError && e.isNotFound)) logger.error(`${what}: could not clear the in-flight marker: ${errorMessage(e)}`);
      });
    await clear;
    const exists = await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName).catch(() => undefined);
    if (exists) {
      await appendActivity(
        ctx.writer,
        kind,
        namespace,
        name,
        { name: defName, uid: exists.metadata.uid },
        { action, user, time: new Date(now()).toISOString(), details, outcome, logLines: lines.slice(-50) },
        now(),
      ).catch((e) => logger.error(`${what}: could not record activity: ${errorMessage(e)}`));
    }
  }
}

/**
 * Saves a new spec into the definition with its generation bumped (Configure, Edit). `def` is the
 * definition as the runner marked it: its resourceVersion makes a change by anyone else a 409.
 */
export async function saveDefinition(ctx: OperationContext, def: KubeObject, spec: unknown, p: OperationProgress): Promise<string> {
  const generation = (Number(def.metadata.annotations?.[ANNOTATIONS.generation] ?? 1) || 1) + 1;
  await ctx.writer.update(
    {
      ...def,
      metadata: { ...def.metadata, annotations: { ...def.metadata.annotations, [ANNOTATIONS.generation]: String(generation) } },
      data: { ...def.data, [SPEC_KEY]: JSON.stringify(spec, null, 2) },
    },
    p.signal,
  );
  p.log(`Saved the configuration as generation ${generation}`);
  return `Configuration saved (generation ${generation})`;
}
