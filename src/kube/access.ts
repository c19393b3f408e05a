import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './kubeApiError';
import { KubeTransport } from './kubeTransport';

export interface Identity {
  readonly username: string;
  readonly groups: readonly string[];
  /** Where the name came from: the API server, or only the kubeconfig's user entry. */
  readonly source: 'SelfSubjectReview' | 'kubeconfig';
}

/** One rule of a SelfSubjectRulesReview answer, as RBAC writes it (`*` matches anything). */
export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** Whether rules allow an access, as RBAC decides it (subresources as `pods/portforward`). */
export function rulesAllow(rules: readonly ResourceRule[], a: AccessAttributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const has = (list: readonly string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));
  return rules.some(
    (r) =>
      has(r.verbs, a.verb) &&
      has(r.apiGroups, a.group ?? '') &&
      (has(r.resources, resource) || (!!a.subresource && !!r.resources?.includes(`*/${a.subresource}`))) &&
      (!r.resourceNames?.length || (a.name !== undefined && r.resourceNames.includes(a.name))),
  );
}

export interface AccessAttributes {
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/**
 * Who the user is (SelfSubjectReview, falling back to the kubeconfig user) and what they may do
 * (SelfSubjectAccessReview per action, cached briefly so menus can ask freely).
 */
export class AccessReviewer {
  private readonly cache = new Map<string, { allowed: boolean; at: number }>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private identity?: Promise<Identity>;

  constructor(
    private readonly transport: KubeTransport,
    private readonly kc: KubeConfig,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  whoAmI(): Promise<Identity> {
    this.identity ??= this.transport
      .request<any>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      })
      .then((r): Identity => ({
        username: String(r?.status?.userInfo?.username ?? ''),
        groups: r?.status?.userInfo?.groups ?? [],
        source: 'SelfSubjectReview',
      }))
      .then((id) => (id.username ? id : this.fromKubeconfig()))
      .catch((e) => {
        // Older servers (no SelfSubjectReview) or no right to ask: the kubeconfig user is the best name we have.
        if (e instanceof KubeApiError && (e.code === 404 || e.code === 403 || e.code === 405)) return this.fromKubeconfig();
        this.identity = undefined;
        throw e;
      });
    return this.identity;
  }

  private fromKubeconfig(): Identity {
    return { username: this.kc.getCurrentUser()?.name ?? 'unknown', groups: [], source: 'kubeconfig' };
  }

  async can(a: AccessAttributes): Promise<boolean> {
    const key = JSON.stringify([a.verb, a.group ?? '', a.resource, a.subresource ?? '', a.namespace ?? '', a.name ?? '']);
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.allowed;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const p = this.transport
      .request<any>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: a.verb,
              group: a.group ?? '',
              resource: a.resource,
              subresource: a.subresource ?? '',
              namespace: a.namespace ?? '',
              name: a.name ?? '',
            },
          },
        },
      })
      .then((r) => {
        const allowed = r?.status?.allowed === true;
        this.cache.set(key, { allowed, at: this.now() });
        return allowed;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /**
   * Everything the user may do in a namespace, in one SelfSubjectRulesReview, or undefined when
   * the server cannot say completely (an authorizer other than RBAC answers `incomplete`) or does
   * not serve it: then callers ask SelfSubjectAccessReviews one by one.
   */
  async rules(namespace: string): Promise<ResourceRule[] | undefined> {
    try {
      const r = await this.transport.request<any>('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
      });
      if (r?.status?.incomplete || !Array.isArray(r?.status?.resourceRules)) return undefined;
      return r.status.resourceRules as ResourceRule[];
    } catch (e) {
      if (e instanceof KubeApiError && (e.code === 404 || e.code === 403 || e.code === 405)) return undefined;
      throw e;
    }
  }

  /** After a context or RBAC change. */
  invalidate(): void {
    this.cache.clear();
    this.identity = undefined;
  }
}
