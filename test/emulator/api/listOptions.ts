import { ApiError } from './errors';

/**
 * The resourceVersion semantics of list and watch requests, validated as the real API server
 * validates ListOptions (apimachinery's ValidateListOptions and the storage layer's parsing).
 */
export type ResourceVersionMatch = '' | 'Exact' | 'NotOlderThan';

export interface ReadOptions {
  /** undefined: unset ("most recent", a consistent read). */
  resourceVersion?: number;
  match: ResourceVersionMatch;
}

/** ListOptions.meta.k8s.io "" is invalid: one Status shape for all of them. */
function invalidListOptions(reason: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: ${message}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: [{ reason, message, field: 'resourceVersionMatch' }],
  });
}

/**
 * A resourceVersion that is not a number fails in the storage layer's parser, which the real
 * server reports as a 500 (not a 400), before any watch stream starts.
 */
export function parseResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]+$/.test(raw)) {
    throw new ApiError(
      500,
      '',
      `resourceVersion: Invalid value: ${JSON.stringify(raw)}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`,
    );
  }
  return Number(raw);
}

export function readOptions(q: URLSearchParams, watch: boolean): ReadOptions {
  const match = q.get('resourceVersionMatch') ?? '';
  const rvRaw = q.get('resourceVersion');
  if (match !== '') {
    if (watch) return fail(invalidListOptions('FieldValueForbidden', 'Forbidden: resourceVersionMatch is forbidden for watch'));
    if (rvRaw === null || rvRaw === '')
      return fail(
        invalidListOptions('FieldValueForbidden', 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'),
      );
    if (match !== 'Exact' && match !== 'NotOlderThan')
      return fail(
        invalidListOptions(
          'FieldValueNotSupported',
          `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
        ),
      );
    if (match === 'Exact' && rvRaw === '0')
      return fail(
        invalidListOptions('FieldValueForbidden', 'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'),
      );
  }
  return { resourceVersion: parseResourceVersion(rvRaw), match: match as ResourceVersionMatch };
}

function fail(e: ApiError): never {
  throw e;
}

/** 504 after waiting for a resourceVersion the server has not reached (the watch cache waits 3 s). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** An exact read of a revision the store has not reached yet, as etcd answers it. */
export function futureRevision(): ApiError {
  return new ApiError(500, '', 'etcdserver: mvcc: required revision is a future revision');
}

/** An exact read or a continue token older than the retained history (etcd compaction). */
export function listTooOld(): ApiError {
  return new ApiError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
}
