import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** APIs kubectl and clients use beyond CRUD: access and token reviews, pods/binding, pods/eviction. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const user = { user: 'reviewed@example.com', groups: ['reviewers'] };

describe('API conformance: reviews and pod subresources', () => {
  before(async () => {
    await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/roles`, {
      body: { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
    });
    await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/rolebindings`, {
      body: {
        metadata: { name: 'pod-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user.user }],
      },
    });
  });

  it('lists what a user may do in a namespace with SelfSubjectRulesReview (kubectl auth can-i --list)', async () => {
    const r = await t().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      impersonate: user,
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: ns() } },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.kind, 'SelfSubjectRulesReview');
    assert.deepEqual(r.body.spec, {});
    assert.equal(r.body.status.incomplete, false);
    assert.ok(
      r.body.status.resourceRules.some(
        (rule: any) => rule.resources.includes('pods') && rule.verbs.includes('list') && rule.apiGroups.includes(''),
      ),
      JSON.stringify(r.body.status.resourceRules),
    );
    assert.ok(r.body.status.resourceRules.some((rule: any) => rule.resources.includes('selfsubjectrulesreviews')));
    assert.ok(r.body.status.nonResourceRules.some((rule: any) => rule.nonResourceURLs.includes('/version')));
    const missing = await t().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {} },
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.message, 'no namespace on request');
  });

  it('answers SubjectAccessReview for another user, naming the binding that allows', async () => {
    const review = async (namespace: string) =>
      (
        await t().request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SubjectAccessReview',
            spec: { user: user.user, groups: user.groups, resourceAttributes: { namespace, verb: 'list', resource: 'pods' } },
          },
        })
      ).body;
    const allowed = await review(ns());
    assert.equal(allowed.kind, 'SubjectAccessReview');
    assert.equal(allowed.metadata.creationTimestamp, null);
    assert.deepEqual(allowed.status, {
      allowed: true,
      reason: `RBAC: allowed by RoleBinding "pod-reader/${ns()}" of Role "pod-reader" to User "${user.user}"`,
    });
    assert.deepEqual((await review('kube-system')).status, { allowed: false });
  });

  it('answers LocalSubjectAccessReview in the namespace of the request, and refuses another namespace', async () => {
    const path = `/apis/authorization.k8s.io/v1/namespaces/${ns()}/localsubjectaccessreviews`;
    const review = (namespace: string) => ({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      spec: { user: user.user, groups: user.groups, resourceAttributes: { namespace, verb: 'list', resource: 'pods' } },
    });
    const allowed = await t().request('POST', path, { body: review(ns()) });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(allowed.body.kind, 'LocalSubjectAccessReview');
    assert.equal(allowed.body.metadata.namespace, ns());
    assert.equal(allowed.body.metadata.creationTimestamp, null);
    assert.deepEqual(allowed.body.status, {
      allowed: true,
      reason: `RBAC: allowed by RoleBinding "pod-reader/${ns()}" of Role "pod-reader" to User "${user.user}"`,
    });
    const other = await t().request('POST', path, { body: review('kube-system') });
    assert.equal(other.status, 422);
    assert.deepEqual(other.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        '.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "kube-system": must match metadata.namespace',
      reason: 'Invalid',
      details: {
        group: 'authorization.k8s.io',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "kube-system": must match metadata.namespace',
            field: 'spec.resourceAttributes.namespace',
          },
        ],
      },
      code: 422,
    });
    const nobody = await t().request('POST', path, {
      body: { ...review(ns()), spec: { resourceAttributes: { namespace: ns(), verb: 'list', resource: 'pods' } } },
    });
    assert.equal(nobody.status, 422);
    assert.equal(nobody.body.details.causes[0].field, 'spec.user');
  });

  it('reviews tokens: an unknown one is reported, not refused', async () => {
    const r = await t().request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'not-a-token' } },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.spec, { token: 'not-a-token' });
    assert.deepEqual(r.body.status, { user: {}, error: 'invalid bearer token' });
  });

  it('binds a pod to a node once with pods/binding, and evicts it with pods/eviction', async () => {
    await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, { body: { metadata: { name: 'default' } } });
    const pods = `/api/v1/namespaces/${ns()}/pods`;
    const created = await t().request('POST', pods, {
      body: { metadata: { name: 'bound' }, spec: { schedulerName: 'my-scheduler', containers: [{ name: 'main', image: 'busybox:1.36' }] } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const binding = (node: string) => ({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bound' },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    });
    const bound = await t().request('POST', `${pods}/bound/binding`, { body: binding('elsewhere-1') });
    assert.equal(bound.status, 201);
    assert.deepEqual(bound.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    assert.equal((await t().request('GET', `${pods}/bound`)).body.spec.nodeName, 'elsewhere-1');
    const again = await t().request('POST', `${pods}/bound/binding`, { body: binding('elsewhere-2') });
    assert.equal(again.status, 409);
    assert.equal(
      again.body.message,
      'Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "elsewhere-1"',
    );
    const evicted = await t().request('POST', `${pods}/bound/eviction`, {
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'bound', namespace: ns() } },
    });
    assert.equal(evicted.status, 201);
    assert.deepEqual(evicted.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    // Bound to a node no kubelet runs: the graceful deletion waits, as it would for a lost node.
    const left = (await t().request('GET', `${pods}/bound`)).body;
    assert.ok(left.metadata.deletionTimestamp);
    assert.equal(left.metadata.deletionGracePeriodSeconds, 30);
  });

  it('serves autoscaling/v2 HorizontalPodAutoscalers with their defaults', async () => {
    const r = await t().request('POST', `/apis/autoscaling/v2/namespaces/${ns()}/horizontalpodautoscalers`, {
      body: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'scaler' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nothing' }, maxReplicas: 3 },
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.spec.minReplicas, 1);
    assert.deepEqual(r.body.spec.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    assert.deepEqual(r.body.status, { desiredReplicas: 0, currentMetrics: null });
  });
});
