import { commonLabels, definitionName } from '../../definition';
import { describeErrors, validateRunParams } from './taskRunParams';
import type { TaskRunParams } from './taskTypes';

/** The session cluster's definition ConfigMap, which owns the FlinkSessionJobs run on it. */
export interface SessionOwner {
  /** The definition's uid (the session cluster's id). */
  readonly uid: string;
}

export interface SessionJobRenderOptions {
  /** Start without state: upgrade mode stateless and no savepoint to restore. */
  readonly clean?: boolean;
  /** Makes the operator restart the job even when nothing else in the spec changed (Run Again). */
  readonly restartNonce?: number;
}

/** The `spec.job` of a URI run. Fields without a value are null, so a merge patch clears them. */
export function renderSessionJobSpec(params: TaskRunParams, opts: SessionJobRenderOptions = {}): Record<string, unknown> {
  if (params.source.kind !== 'uri') throw new Error('a FlinkSessionJob runs a jar URI'); // l10n-ignore: programmer error
  return {
    jarURI: params.source.jarURI.trim(),
    entryClass: params.entryClass ?? null,
    args: [...params.args],
    parallelism: params.parallelism ?? null,
    upgradeMode: opts.clean ? 'stateless' : (params.upgradeMode ?? 'savepoint'),
    state: 'running',
    initialSavepointPath: opts.clean ? null : (params.savepointPath ?? null),
    allowNonRestoredState: params.allowNonRestoredState ?? null,
  };
}

const withoutNulls = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/**
 * A URI run as a `FlinkSessionJob` on the session cluster, labelled like the product's other
 * objects and owned by the cluster's definition ConfigMap, so deleting the cluster deletes it.
 * Throws on parameters that do not validate: nothing invalid reaches the API server.
 */
export function renderSessionJob(params: TaskRunParams, owner: SessionOwner, opts: SessionJobRenderOptions = {}): any {
  const errors = validateRunParams(params);
  if (errors.length) throw new Error(describeErrors(errors));
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: {
      name: params.name,
      namespace: params.namespace,
      labels: commonLabels('session', params.cluster),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: definitionName('session', params.cluster),
          uid: owner.uid,
          controller: true,
          // Running a task is an editor's right (flinksessionjobs create): blocking the owner's
          // deletion would also need update on configmaps/finalizers where the
          // OwnerReferencesPermissionEnforcement admission plugin runs, which editors lack.
          blockOwnerDeletion: false,
        },
      ],
    },
    spec: {
      deploymentName: params.cluster,
      ...(opts.restartNonce !== undefined ? { restartNonce: opts.restartNonce } : {}),
      job: withoutNulls(renderSessionJobSpec(params, opts)),
    },
  };
}

/**
 * The merge patch that runs an existing FlinkSessionJob again with these parameters: the new job
 * spec and a bumped restart nonce, preconditioned on the resourceVersion read (a 409 otherwise).
 */
export function runAgainPatch(params: TaskRunParams, current: { metadata: { resourceVersion: string }; spec?: any }, clean: boolean): any {
  const errors = validateRunParams(params);
  if (errors.length) throw new Error(describeErrors(errors));
  const nonce = Number(current.spec?.restartNonce);
  return {
    metadata: { resourceVersion: current.metadata.resourceVersion },
    spec: { restartNonce: (Number.isInteger(nonce) ? nonce : 0) + 1, job: renderSessionJobSpec(params, { clean }) },
  };
}

/** The merge patch that suspends or resumes a FlinkSessionJob through its spec, as the operator expects. */
export const jobStatePatch = (state: 'running' | 'suspended') => ({ spec: { job: { state } } });
