import { ApiCore } from './apiCore';

export interface UserInfo {
  readonly username: string;
  readonly uid: string;
  readonly groups: readonly string[];
}

export interface RequestAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Bearer tokens the emulator accepts, with optional expiry (emulated time). */
export class TokenAuthenticator {
  private readonly tokens = new Map<string, { user: UserInfo; expiresAt?: number }>();

  add(token: string, user: UserInfo, expiresAt?: number): void {
    this.tokens.set(token, { user, expiresAt });
  }

  expire(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  authenticate(header: string | undefined, now: number): UserInfo | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m) return undefined;
    const entry = this.tokens.get(m[1]);
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= now)) return undefined;
    return { ...entry.user, groups: [...entry.user.groups, 'system:authenticated'] };
  }
}

function subjectMatches(subjects: any[] | undefined, user: UserInfo, bindingNamespace?: string): boolean {
  return (subjects ?? []).some((s) => {
    if (s.kind === 'User') return s.name === user.username;
    if (s.kind === 'Group') return user.groups.includes(s.name);
    if (s.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${s.namespace ?? bindingNamespace}:${s.name}`;
    return false;
  });
}

function ruleAllows(rule: any, a: RequestAttributes): boolean {
  const has = (list: string[] | undefined, v: string) => (list ?? []).includes('*') || (list ?? []).includes(v);
  if (!has(rule.verbs, a.verb)) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources: string[] = rule.resources ?? [];
  const resOk =
    resources.includes('*') ||
    resources.includes(resource) ||
    (a.subresource ? resources.includes(`*/${a.subresource}`) || resources.includes(`${a.resource}/*`) : false);
  if (!resOk) return false;
  if (rule.resourceNames?.length) return !!a.name && rule.resourceNames.includes(a.name);
  return true;
}

/** RBAC as the API server evaluates it: ClusterRoleBindings everywhere, RoleBindings in their namespace. */
export class RbacAuthorizer {
  constructor(private readonly api: ApiCore) {}

  allows(user: UserInfo, a: RequestAttributes): boolean {
    if (user.groups.includes('system:masters')) return true;
    return this.explain(user, a) !== undefined;
  }

  /** Why RBAC allows a request, worded as the RBAC authorizer words it; undefined when it does not. */
  explain(user: UserInfo, a: RequestAttributes): string | undefined {
    const subjectOf = (subjects: any[] | undefined, ns?: string) => {
      const s = (subjects ?? []).find((x) => subjectMatches([x], user, ns));
      return s ? `${s.kind} "${s.kind === 'ServiceAccount' ? `${s.namespace ?? ns}/${s.name}` : s.name}"` : undefined;
    };
    const crole = this.api.mustType('rbac.authorization.k8s.io', 'clusterroles');
    const role = this.api.mustType('rbac.authorization.k8s.io', 'roles');
    const rulesOf = (ref: any, ns?: string): any[] => {
      if (ref?.kind === 'ClusterRole') return this.api.tryGet(crole, undefined, ref.name)?.rules ?? [];
      if (ref?.kind === 'Role' && ns) return this.api.tryGet(role, ns, ref.name)?.rules ?? [];
      return [];
    };
    for (const b of this.api.list(this.api.mustType('rbac.authorization.k8s.io', 'clusterrolebindings'), undefined).items) {
      if (subjectMatches(b.subjects, user) && rulesOf(b.roleRef).some((r) => ruleAllows(r, a)))
        return `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${b.roleRef.name}" to ${subjectOf(b.subjects)}`;
    }
    if (a.namespace) {
      for (const b of this.api.list(this.api.mustType('rbac.authorization.k8s.io', 'rolebindings'), a.namespace).items) {
        if (subjectMatches(b.subjects, user, a.namespace) && rulesOf(b.roleRef, a.namespace).some((r) => ruleAllows(r, a)))
          return `RBAC: allowed by RoleBinding "${b.metadata.name}/${a.namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${subjectOf(b.subjects, a.namespace)}`;
      }
    }
    return undefined;
  }

  /** The rules that apply to a user in a namespace, as SelfSubjectRulesReview lists them: cluster-wide bindings first. */
  rulesFor(user: UserInfo, namespace: string): { resourceRules: any[]; nonResourceRules: any[] } {
    const crole = this.api.mustType('rbac.authorization.k8s.io', 'clusterroles');
    const role = this.api.mustType('rbac.authorization.k8s.io', 'roles');
    const rules: any[] = [];
    for (const b of this.api.list(this.api.mustType('rbac.authorization.k8s.io', 'clusterrolebindings'), undefined).items)
      if (b.roleRef?.kind === 'ClusterRole' && subjectMatches(b.subjects, user))
        rules.push(...(this.api.tryGet(crole, undefined, b.roleRef.name)?.rules ?? []));
    for (const b of this.api.list(this.api.mustType('rbac.authorization.k8s.io', 'rolebindings'), namespace).items) {
      if (!subjectMatches(b.subjects, user, namespace)) continue;
      const r =
        b.roleRef?.kind === 'ClusterRole'
          ? this.api.tryGet(crole, undefined, b.roleRef.name)
          : this.api.tryGet(role, namespace, b.roleRef?.name);
      rules.push(...(r?.rules ?? []));
    }
    const resourceRules = rules
      .filter((r) => r.resources?.length)
      .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups,
        resources: r.resources,
        ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      }));
    const nonResourceRules = rules
      .filter((r) => r.nonResourceURLs?.length)
      .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
    return { resourceRules, nonResourceRules };
  }

  /** Non-resource URLs (nonResourceURLs rules of ClusterRoles): exact, or a prefix ending in '*'. */
  allowsPath(user: UserInfo, verb: string, path: string): boolean {
    if (user.groups.includes('system:masters')) return true;
    const crole = this.api.mustType('rbac.authorization.k8s.io', 'clusterroles');
    const matches = (rule: any) =>
      (rule.verbs ?? []).some((v: string) => v === '*' || v === verb) &&
      (rule.nonResourceURLs ?? []).some((u: string) => u === path || u === '*' || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
    for (const b of this.api.list(this.api.mustType('rbac.authorization.k8s.io', 'clusterrolebindings'), undefined).items) {
      if (b.roleRef?.kind !== 'ClusterRole' || !subjectMatches(b.subjects, user)) continue;
      if ((this.api.tryGet(crole, undefined, b.roleRef.name)?.rules ?? []).some(matches)) return true;
    }
    return false;
  }

  forbiddenMessage(user: UserInfo, a: RequestAttributes): string {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const what = a.name
      ? `${a.group ? `${a.resource}.${a.group}` : a.resource} "${a.name}"`
      : a.group
        ? `${a.resource}.${a.group}`
        : a.resource;
    const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    return `${what} is forbidden: User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
  }
}

/** The cluster roles every cluster has, trimmed to what matters here. */
export function defaultRbacObjects(): any[] {
  const cr = (name: string, rules: any[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    rules,
  });
  const crb = (name: string, role: string, subjects: any[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  });
  const read = ['get', 'list', 'watch'];
  const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
  const workloads = [
    {
      apiGroups: [''],
      resources: [
        'pods',
        'pods/log',
        'pods/status',
        'services',
        'configmaps',
        'events',
        'resourcequotas',
        'serviceaccounts',
        'namespaces',
        'replicationcontrollers',
        'endpoints',
        'persistentvolumeclaims',
      ],
      verbs: read,
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'statefulsets'],
      verbs: read,
    },
    {
      apiGroups: ['flink.apache.org'],
      resources: ['flinkdeployments', 'flinksessionjobs', 'flinkdeployments/status', 'flinksessionjobs/status'],
      verbs: read,
    },
  ];
  const edit = [
    ...workloads,
    {
      apiGroups: [''],
      resources: ['pods', 'pods/portforward', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'events'],
      verbs: [...read, ...write],
    },
    { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create', 'get'] },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'deployments/scale', 'replicasets', 'replicasets/scale'],
      verbs: [...read, ...write],
    },
    // What deploy/rbac/aggregate-to-builtin-roles.yaml aggregates into edit: no create of FlinkDeployments.
    { apiGroups: ['flink.apache.org'], resources: ['flinkdeployments'], verbs: [...read, 'patch', 'update', 'delete'] },
    { apiGroups: ['flink.apache.org'], resources: ['flinksessionjobs'], verbs: [...read, ...write] },
  ];
  return [
    cr('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    cr('admin', [
      ...edit,
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: [...read, ...write] },
      { apiGroups: [''], resources: ['secrets'], verbs: [...read, ...write] },
    ]),
    cr('edit', edit),
    cr('view', workloads),
    cr('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    cr('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    cr('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
    crb('cluster-admin', 'cluster-admin', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]),
    crb('system:discovery', 'system:discovery', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
    crb('system:public-info-viewer', 'system:public-info-viewer', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
    ]),
    crb('system:basic-user', 'system:basic-user', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
  ];
}
