import { RbacAuthorizer, RequestAttributes, TokenAuthenticator, UserInfo } from './auth';
import { ApiError, errors } from './errors';
import { apiVersionOf, ResourceType } from './resourceTypes';

/**
 * The review APIs, answered and never stored: who am I (SelfSubjectReview), may I / may they
 * (SelfSubjectAccessReview, SubjectAccessReview), what may I (SelfSubjectRulesReview, what
 * `kubectl auth can-i --list` asks), and whose token is this (TokenReview).
 */
export class Reviews {
  constructor(
    private readonly rbac: RbacAuthorizer,
    private readonly tokens: TokenAuthenticator,
    private readonly now: () => number,
  ) {}

  answer(t: ResourceType, body: any, user: UserInfo, managedFields: any[], namespace?: string): any {
    const metadata = {
      ...(t.namespaced ? { namespace } : {}),
      creationTimestamp: null,
      ...(managedFields.length ? { managedFields } : {}),
    };
    const head = { kind: t.kind, apiVersion: apiVersionOf(t), metadata };
    switch (t.kind) {
      case 'SelfSubjectReview':
        return { ...head, status: { userInfo: { username: user.username, uid: user.uid || undefined, groups: user.groups } } };
      case 'SelfSubjectAccessReview':
        return { ...head, spec: body?.spec ?? {}, status: this.access(body?.spec, user, t.kind) };
      case 'SubjectAccessReview': {
        const spec = body?.spec ?? {};
        if (!spec.user && !(spec.groups?.length > 0))
          throw errors.invalid(t.kind, '', [
            { field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' },
          ]);
        const subject: UserInfo = { username: spec.user ?? '', uid: spec.uid ?? '', groups: spec.groups ?? [] };
        return { ...head, spec, status: this.access(spec, subject, t.kind) };
      }
      case 'LocalSubjectAccessReview': {
        // Validated on the internal object, whose kind is empty: hence the message's odd ".authorization.k8s.io".
        const spec = body?.spec ?? {};
        const invalid = (field: string, value: string, why: string) => {
          const message = `Invalid value: ${JSON.stringify(value)}: ${why}`;
          return new ApiError(422, 'Invalid', `.${t.group} "" is invalid: ${field}: ${message}`, {
            group: t.group,
            causes: [{ reason: 'FieldValueInvalid', message, field }],
          });
        };
        if (!spec.user && !(spec.groups?.length > 0)) throw invalid('spec.user', '', 'at least one of user or group must be specified');
        const ra = spec.resourceAttributes;
        if (ra && (ra.namespace ?? '') !== namespace)
          throw invalid('spec.resourceAttributes.namespace', ra.namespace ?? '', 'must match metadata.namespace');
        const subject: UserInfo = { username: spec.user ?? '', uid: spec.uid ?? '', groups: spec.groups ?? [] };
        return { ...head, spec, status: this.access(spec, subject, t.kind) };
      }
      case 'SelfSubjectRulesReview': {
        const namespace = body?.spec?.namespace;
        if (!namespace) throw errors.badRequest('no namespace on request');
        // The real REST handler answers with the status only: the spec comes back empty.
        return { ...head, spec: {}, status: { ...this.rbac.rulesFor(user, namespace), incomplete: false } };
      }
      case 'TokenReview': {
        const spec = body?.spec ?? {};
        const reviewed = this.tokens.authenticate(`Bearer ${spec.token ?? ''}`, this.now());
        const status = reviewed
          ? { authenticated: true, user: { username: reviewed.username, uid: reviewed.uid, groups: reviewed.groups } }
          : { user: {}, error: 'invalid bearer token' };
        return { ...head, spec, status };
      }
    }
    throw new ApiError(405, 'MethodNotAllowed', `${t.plural} are not answered here`, {});
  }

  private access(spec: any, user: UserInfo, kind: string): { allowed: boolean; reason?: string } {
    const ra = spec?.resourceAttributes;
    const nra = spec?.nonResourceAttributes;
    if (ra) {
      const attrs: RequestAttributes = {
        verb: ra.verb ?? '',
        group: ra.group ?? '',
        resource: ra.resource ?? '',
        subresource: ra.subresource || undefined,
        namespace: ra.namespace || undefined,
        name: ra.name || undefined,
      };
      const why = this.rbac.explain(user, attrs);
      return why ? { allowed: true, reason: why } : { allowed: false };
    }
    if (nra) return { allowed: this.rbac.allowsPath(user, nra.verb ?? '', nra.path ?? '') };
    throw errors.invalid(kind, '', [
      {
        field: 'spec.resourceAttributes',
        reason: 'FieldValueRequired',
        message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
}
