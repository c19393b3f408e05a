import { randomUUID } from 'node:crypto';
import { Logger, silentLogger, errorMessage } from '../common/logger';
import { AccessReviewer } from '../kube/access';
import { KubeApiError } from '../kube/kubeApiError';
import { KubeWriter } from '../kube/kubeWriter';
import { KubeObject, RESOURCES } from '../kube/resources';
import { appendActivity } from './activity';
import { ClusterChange, ClusterModel } from './clusterModel';
import {
  ANNOTATIONS,
  ClusterKind,
  definitionName,
  generationOf,
  isOperationLive,
  Operation,
  OPERATION_HEARTBEAT_MS,
  OPERATION_STALE_MS,
  SPEC_KEY,
} from './definition';
import { FieldError } from '../../shared/clusters/validation';
import * as l10n from '@vscode/l10n';

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

/** A create that wrote the cluster's definition, then could not start it: the cluster exists. */
export class StartAfterCreateError extends ClusterOperationError {}

export interface OperationContext {
  readonly writer: KubeWriter;
  readonly model: ClusterModel;
  readonly access: AccessReviewer;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** A marker not renewed for this long belongs to an action that died; the next action takes it over. */
  readonly staleOperationMs?: number;
  /** How often a running action renews its marker. */
  readonly heartbeatMs?: number;
  /** How long an action keeps trying to clear its marker before leaving it to go stale. */
  readonly clearMarkerForMs?: number;
}

export interface OperationProgress {
  /** A line for the activity log and the progress notification. */
  log(line: string): void;
  readonly signal: AbortSignal;
}

const label = (kind: ClusterKind) => (kind === 'compute' ? l10n.t('Compute cluster') : l10n.t('Session cluster'));

/** "The configuration has 2 problems: name: …" (forms also get each problem on its field). */
export function invalidSpecError(problems: readonly FieldError[], detailed = true): ClusterOperationError {
  const n = problems.length;
  const list = detailed ? `: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}` : '.';
  return new ClusterOperationError(
    n === 1 ? l10n.t('The configuration has 1 problem{0}', list) : l10n.t('The configuration has {0} problems{1}', n, list),
    'invalid',
    problems,
  );
}

/** Turns API failures into what the user can act on; keeps our own errors as they are. */
export function toOperationError(e: unknown, what: string): ClusterOperationError {
  if (e instanceof ClusterOperationError) return e;
  if (e instanceof KubeApiError) {
    if (e.code === 403) return new ClusterOperationError(`${what}: ${e.message}`, 'forbidden', [], e);
    if (e.code === 409)
      return new ClusterOperationError(
        l10n.t('{0}: it was changed by someone else meanwhile; nothing was overwritten. Refresh and try again.', what),
        'conflict',
        [],
        e,
      );
    if (e.code === 404) return new ClusterOperationError(`${what}: ${e.message}`, 'gone', [], e);
    if (e.code === 422)
      return new ClusterOperationError(
        l10n.t('{0}: the API server refused it: {1}', what, e.message),
        'invalid',
        (e.details?.causes ?? []).map((c) => ({ field: c.field ?? '', message: c.message ?? '' })),
        e,
      );
    if (e.reason === 'Aborted') return new ClusterOperationError(l10n.t('{0}: cancelled.', what), 'cancelled', [], e);
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
          reject(
            new ClusterOperationError(l10n.t('Timed out after {0} s waiting for {1}.', Math.round(timeoutMs / 1000), what), 'timeout'),
          ),
        ),
      timeoutMs,
    );
    const onAbort = () => finish(() => reject(new ClusterOperationError(l10n.t('Cancelled.'), 'cancelled')));
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

function readMarker(obj: KubeObject | undefined): Operation | undefined {
  const raw = obj?.metadata.annotations?.[ANNOTATIONS.operation];
  if (!raw) return undefined;
  try {
    const op = JSON.parse(raw);
    return op && typeof op === 'object' && typeof op.action === 'string'
      ? (op as Operation)
      : { action: 'unknown', user: '?', startedAt: '' };
  } catch {
    return { action: 'unknown', user: '?', startedAt: '' };
  }
}

/** Why an action cannot run while another holds the cluster, in words that name the other. */
function busyError(kind: ClusterKind, name: string, op: Operation, me: string | undefined): ClusterOperationError {
  const mine = me !== undefined && op.user === me;
  const started = op.startedAt;
  let message: string;
  if (mine && started)
    message = l10n.t(
      '{0} {1} is busy: you already have {2} running on it (started {3}), perhaps in another window. Wait for it to finish.',
      label(kind),
      name,
      op.action,
      started,
    );
  else if (mine)
    message = l10n.t(
      '{0} {1} is busy: you already have {2} running on it, perhaps in another window. Wait for it to finish.',
      label(kind),
      name,
      op.action,
    );
  else if (started)
    message = l10n.t('{0} {1} is busy: {2} by {3} (started {4}) is still in progress.', label(kind), name, op.action, op.user, started);
  else message = l10n.t('{0} {1} is busy: {2} by {3} is still in progress.', label(kind), name, op.action, op.user);
  return new ClusterOperationError(message, 'busy');
}

const errorCode = (e: unknown) => (e instanceof KubeApiError ? e.code : undefined);
const isRetryable = (e: unknown) => e instanceof KubeApiError && (e.code === 409 || e.code === 429 || e.isTransient);

/**
 * Runs one lifecycle action on a cluster: re-reads its definition, refuses while another live
 * action holds it (a marker that stopped being renewed is taken over), marks this one on the
 * definition (a concurrent mark makes that a 409, and the loser is told who won), renews the mark
 * while it works, and at the end clears it, retrying as any other write, and records the outcome
 * in the activity log. A mark that cannot be cleared stops being renewed, so it goes stale and the
 * next action takes over: no cluster stays locked by an action that died or lost its connection.
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
  const staleMs = ctx.staleOperationMs ?? OPERATION_STALE_MS;
  const defName = definitionName(kind, name);
  const user = (await ctx.access.whoAmI().catch(() => ({ username: 'unknown' }))).username;
  const readDefinition = async () => {
    const d = await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName, signal);
    if (!d)
      throw new ClusterOperationError(
        l10n.t('{0} {1} no longer exists in {2}: someone else deleted it.', label(kind), name, namespace),
        'gone',
      );
    return d;
  };
  let definition: KubeObject;
  try {
    definition = await readDefinition();
  } catch (e) {
    throw toOperationError(e, what);
  }
  if (opts.expectResourceVersion && definition.metadata.resourceVersion !== opts.expectResourceVersion) {
    throw new ClusterOperationError(
      l10n.t(
        '{0} {1} was changed by someone else since you opened it; nothing was saved. Reopen it to see the changes.',
        label(kind),
        name,
      ),
      'conflict',
    );
  }
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(`${new Date(now()).toISOString()} ${line}`);
    logger.info(`${what}: ${line}`);
  };
  const previous = readMarker(definition);
  if (previous && isOperationLive(previous, now(), staleMs)) throw busyError(kind, name, previous, user);
  if (previous)
    log(
      l10n.t(
        'Took over from an interrupted {0} by {1} (started {2})',
        previous.action,
        previous.user,
        previous.startedAt || l10n.t('at an unknown time'),
      ),
    );

  const holder = randomUUID();
  const startedAt = new Date(now()).toISOString();
  const marker = (): Operation => ({ action, user, startedAt, heartbeatAt: new Date(now()).toISOString(), holder });
  try {
    definition = await ctx.writer.mergePatch<KubeObject>(
      RESOURCES.configMaps,
      namespace,
      defName,
      {
        metadata: {
          resourceVersion: definition.metadata.resourceVersion,
          annotations: { [ANNOTATIONS.operation]: JSON.stringify(marker()) },
        },
      },
      signal,
    );
  } catch (e) {
    if (errorCode(e) === 409) {
      // Someone marked it first: say who, rather than "changed by someone else".
      const winner = readMarker(await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName).catch(() => undefined));
      if (winner && isOperationLive(winner, now(), staleMs)) throw busyError(kind, name, winner, user);
    }
    throw toOperationError(e, what);
  }

  // The work stops when the user cancels, or when another action took the cluster over because
  // this one's renewals did not get through for longer than the stale window.
  const work$ = new AbortController();
  const onCancel = () => work$.abort();
  signal.addEventListener('abort', onCancel, { once: true });
  let lostTo: Operation | undefined;
  const heartbeat = startHeartbeat(ctx, namespace, defName, holder, marker, (owner) => {
    lostTo = owner;
    work$.abort();
  });

  let outcome: 'succeeded' | 'failed' | 'cancelled' = 'succeeded';
  let details = '';
  try {
    details = await work({ log, signal: work$.signal }, definition);
    return details;
  } catch (e) {
    const err = lostTo
      ? new ClusterOperationError(
          l10n.t(
            '{0}: stopped, because {1} by {2} took the cluster over while this action could not renew its mark.',
            what,
            lostTo.action,
            lostTo.user,
          ),
          'busy',
          [],
          e,
        )
      : toOperationError(e, what);
    outcome = err.code === 'cancelled' ? 'cancelled' : 'failed';
    details = err.message;
    log(`${outcome}: ${err.message}`);
    throw err;
  } finally {
    signal.removeEventListener('abort', onCancel);
    await heartbeat.stop();
    await clearMarker(ctx, namespace, defName, holder, what);
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
 * Renews the marker every heartbeat while the action runs, only while it is still ours (checked
 * with the resourceVersion as precondition). A renewal that fails is tried again at the next beat;
 * finding someone else's marker means the cluster was taken over, and `onLost` stops the work.
 */
function startHeartbeat(
  ctx: OperationContext,
  namespace: string,
  defName: string,
  holder: string,
  marker: () => Operation,
  onLost: (owner: Operation) => void,
): { stop(): Promise<void> } {
  const logger = ctx.logger ?? silentLogger;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const beat = async () => {
    try {
      const d = await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName);
      if (!d || stopped) return;
      const current = readMarker(d);
      if (current?.holder !== holder) {
        if (current) onLost(current);
        return;
      }
      await ctx.writer.mergePatch(RESOURCES.configMaps, namespace, defName, {
        metadata: { resourceVersion: d.metadata.resourceVersion, annotations: { [ANNOTATIONS.operation]: JSON.stringify(marker()) } },
      });
    } catch (e) {
      logger.warn(`Could not renew the in-flight marker of ${defName} in ${namespace}: ${errorMessage(e)}`);
    }
  };
  const timer = setInterval(() => {
    running = running.then(beat);
  }, ctx.heartbeatMs ?? OPERATION_HEARTBEAT_MS);
  timer.unref?.();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      return running;
    },
  };
}

/**
 * Removes this action's marker, retrying conflicts, throttling and server errors as any other
 * write; never removes another action's marker. When it still cannot be cleared, the marker is no
 * longer renewed, so it turns stale and the next action takes over.
 */
async function clearMarker(ctx: OperationContext, namespace: string, defName: string, holder: string, what: string): Promise<void> {
  const logger = ctx.logger ?? silentLogger;
  const deadline = Date.now() + (ctx.clearMarkerForMs ?? 30_000);
  for (let attempt = 0; ; attempt++) {
    try {
      const d = await ctx.writer.tryGet(RESOURCES.configMaps, namespace, defName);
      if (!d || readMarker(d)?.holder !== holder) return;
      await ctx.writer.mergePatch(RESOURCES.configMaps, namespace, defName, {
        metadata: { resourceVersion: d.metadata.resourceVersion, annotations: { [ANNOTATIONS.operation]: null } },
      });
      return;
    } catch (e) {
      if (errorCode(e) === 404) return;
      if (!isRetryable(e) || Date.now() >= deadline) {
        logger.error(
          `${what}: could not clear the in-flight marker (${errorMessage(e)}); it is no longer renewed, so it turns stale and the next action takes over.`,
        );
        return;
      }
      const retryAfter = e instanceof KubeApiError && e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
      const wait = errorCode(e) === 409 ? 0 : Math.max(retryAfter, Math.min(5_000, 200 * 2 ** attempt));
      await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
    }
  }
}

/**
 * Saves a new spec into the definition with its generation bumped (Configure, Edit). `def` is the
 * definition as the runner marked it. The runner's heartbeats change its resourceVersion, so the
 * save re-reads it and refuses (409) only when the spec, the generation or the marker changed:
 * someone else's edit is reported, never overwritten.
 */
export async function saveDefinition(ctx: OperationContext, def: KubeObject, spec: unknown, p: OperationProgress): Promise<string> {
  const ns = def.metadata.namespace;
  for (let attempt = 0; ; attempt++) {
    const fresh = await ctx.writer.get<KubeObject>(RESOURCES.configMaps, ns, def.metadata.name, p.signal);
    const changed =
      fresh.metadata.uid !== def.metadata.uid ||
      fresh.data?.[SPEC_KEY] !== def.data?.[SPEC_KEY] ||
      generationOf(fresh, 1) !== generationOf(def, 1) ||
      readMarker(fresh)?.holder !== readMarker(def)?.holder;
    if (changed)
      throw new ClusterOperationError(
        l10n.t('Someone else changed the configuration meanwhile; nothing was overwritten. Reopen it to see the changes.'),
        'conflict',
      );
    const generation = generationOf(fresh, 1) + 1;
    try {
      await ctx.writer.update(
        {
          ...fresh,
          metadata: { ...fresh.metadata, annotations: { ...fresh.metadata.annotations, [ANNOTATIONS.generation]: String(generation) } },
          data: { ...fresh.data, [SPEC_KEY]: JSON.stringify(spec, null, 2) },
        },
        p.signal,
      );
    } catch (e) {
      // Our own heartbeat may have renewed the marker between the read and the write.
      if (errorCode(e) === 409 && attempt < 3) continue;
      throw e;
    }
    p.log(l10n.t('Saved the configuration as generation {0}', generation));
    return l10n.t('Configuration saved (generation {0})', generation);
  }
}
