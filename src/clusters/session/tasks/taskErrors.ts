import { errorMessage } from '../../../common/logger';
import { KubeApiError } from '../../../kube/kubeApiError';
import type { SessionRef } from './taskTypes';
import * as l10n from '@vscode/l10n';

/** A task action that failed, said for a person; `cause` keeps what the server answered. */
export class TaskError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

/** A failed write to a FlinkSessionJob, said with the right that is missing or what changed meanwhile. */
export function sessionJobError(e: unknown, verb: 'create' | 'patch' | 'delete', name: string, ref: SessionRef): Error {
  if (e instanceof TaskError) return e;
  if (e instanceof KubeApiError) {
    if (e.code === 403)
      return new TaskError(
        l10n.t(
          'You may not {0} flinksessionjobs in {1}, so FlinkSessionJob {2} was not changed. Ask an administrator for that right.',
          verb,
          ref.namespace,
          name,
        ),
        e,
      );
    if (e.isConflict)
      return new TaskError(l10n.t('FlinkSessionJob {0} changed meanwhile (or is being deleted); nothing was written. Try again.', name), e);
    if (e.isNotFound) return new TaskError(l10n.t('FlinkSessionJob {0} no longer exists in {1}.', name, ref.namespace), e);
    if (e.code === 422)
      return new TaskError(l10n.t('The API server refused FlinkSessionJob {0}: {1}', name, e.serverMessage ?? e.message), e);
  }
  return new TaskError(l10n.t('Could not {0} FlinkSessionJob {1}: {2}', verb, name, errorMessage(e)), e);
}

/** A failed call to the JobManager. */
export function jobManagerError(e: unknown, ref: SessionRef, what: string): Error {
  if (e instanceof TaskError || (e instanceof Error && e.name === 'AbortError')) return e as Error;
  return new TaskError(l10n.t('The JobManager of {0} could not {1}: {2}', ref.cluster, what, errorMessage(e)), e);
}
