/** An API error as the server reports it: an HTTP code and a meta/v1 Status body. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: { reason?: string; message: string; field?: string }[];
      retryAfterSeconds?: number;
    },
    /** Answered as text/plain, as the mux answers paths nothing serves. */
    readonly plainText = false,
  ) {
    super(message);
  }

  /**
   * The Status body; as in Go's omitempty, an empty reason and empty details fields are left out
   * (details itself is there, possibly {}, whenever the error has details at all).
   */
  toStatus(): Record<string, unknown> {
    const details: Record<string, unknown> = Object.fromEntries(
      Object.entries(this.details ?? {}).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
    );
    if (Array.isArray(details.causes))
      details.causes = (details.causes as Record<string, unknown>[]).map((c) =>
        Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== '')),
      );
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details } : {}),
      code: this.code,
    };
  }
}

/** field.ErrorType names, from the message prefix each error type prints. */
function causeReason(message: string): string {
  if (message.startsWith('Required value')) return 'FieldValueRequired';
  if (message.startsWith('Forbidden')) return 'FieldValueForbidden';
  if (message.startsWith('Unsupported value')) return 'FieldValueNotSupported';
  if (message.startsWith('Duplicate value')) return 'FieldValueDuplicate';
  if (message.startsWith('Too long')) return 'FieldValueTooLong';
  if (message.startsWith('Not found')) return 'FieldValueNotFound';
  return 'FieldValueInvalid';
}

const gr = (group: string, plural: string): string => (group ? `${plural}.${group}` : plural);

export const errors = {
  notFound: (group: string, plural: string, name: string) =>
    new ApiError(404, 'NotFound', `${gr(group, plural)} "${name}" not found`, { name, group, kind: plural }),
  alreadyExists: (group: string, plural: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${gr(group, plural)} "${name}" already exists`, { name, group, kind: plural }),
  conflict: (
    group: string,
    plural: string,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ) =>
    new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${gr(group, plural)} "${name}": ${why}`, { name, group, kind: plural }),
  /** 422 Invalid: one cause is named plainly, several in brackets; the reason follows the message's first words. */
  invalid: (kind: string, name: string, causes: { field: string; message: string; reason?: string }[], group?: string) => {
    const listed = causes.map((c) => `${c.field}: ${c.message}`);
    return new ApiError(
      422,
      'Invalid',
      `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`}`,
      {
        name,
        group,
        kind,
        causes: causes.map((c) => ({ reason: c.reason ?? causeReason(c.message), message: c.message, field: c.field })),
      },
    );
  },
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  gone: (message = 'too old resource version') => new ApiError(410, 'Expired', message),
  methodNotAllowed: (message: string) => new ApiError(405, 'MethodNotAllowed', message, {}),
  pageNotFound: () => new ApiError(404, 'NotFound', '404 page not found\n', undefined, true),
  unsupportedMedia: (type: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${type})`,
    ),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  internal: (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`),
};
