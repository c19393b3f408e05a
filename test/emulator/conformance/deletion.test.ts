import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** What a delete answers (Status or object, 200 or 202), finalizers during deletion, namespaces. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const cmPath = (name = '', namespace = ns()) => `/api/v1/namespaces/${namespace}/configmaps${name ? `/${name}` : ''}`;
const mergePatch = 'application/merge-patch+json';

describe('API conformance: deletion', () => {
  it('answers an immediate delete with a Success Status naming the object', async () => {
    const created = (await t().request('POST', cmPath(), { body: { metadata: { name: 'gone-now' } } })).body;
    const r = await t().request('DELETE', cmPath('gone-now'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'gone-now', kind: 'configmaps', uid: created.metadata.uid },
    });
  });

  it('answers the delete of a Service with the deleted object', async () => {
    await t().request('POST', `/api/v1/namespaces/${ns()}/services`, {
      body: { metadata: { name: 'gone-svc' }, spec: { ports: [{ port: 80 }] } },
    });
    const r = await t().request('DELETE', `/api/v1/namespaces/${ns()}/services/gone-svc`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Service');
    assert.equal(r.body.metadata.name, 'gone-svc');
  });

  it('answers a delete held by a finalizer with the object, a deletionTimestamp and a zero grace period', async () => {
    await t().request('POST', cmPath(), { body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    const r = await t().request('DELETE', cmPath('held'));
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'ConfigMap');
    assert.ok(r.body.metadata.deletionTimestamp);
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
    assert.deepEqual(r.body.metadata.finalizers, ['example.com/hold']);
    const again = await t().request('DELETE', cmPath('held'), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false },
    });
    assert.equal(again.status, 202);
    const added = await t().request('PATCH', cmPath('held'), {
      contentType: mergePatch,
      body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
    });
    assert.equal(added.status, 422);
    assert.equal(
      added.body.message,
      'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );
    assert.equal(added.body.details.causes[0].reason, 'FieldValueForbidden');
    await t().request('PATCH', cmPath('held'), { contentType: mergePatch, body: { metadata: { finalizers: null } } });
  });

  it('sets the foregroundDeletion finalizer even when nothing depends on the object', async () => {
    await t().request('POST', cmPath(), { body: { metadata: { name: 'lonely-owner' } } });
    const r = await t().request('DELETE', `${cmPath('lonely-owner')}?propagationPolicy=Foreground`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(r.body.metadata.deletionTimestamp);
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
  });

  it('gives a namespace the kubernetes finalizer and refuses new content while it terminates', async () => {
    const name = `${ns()}-doomed`;
    const created = await t().request('POST', '/api/v1/namespaces', { body: { metadata: { name } } });
    assert.deepEqual(created.body.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(created.body.status, { phase: 'Active' });
    // An object with a finalizer keeps the namespace terminating even where a namespace controller runs.
    await t().request('POST', cmPath('', name), { body: { metadata: { name: 'keeper', finalizers: ['example.com/hold'] } } });
    const deleted = await t().request('DELETE', `/api/v1/namespaces/${name}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.kind, 'Namespace');
    assert.ok(deleted.body.metadata.deletionTimestamp);
    assert.deepEqual(deleted.body.spec, { finalizers: ['kubernetes'] });
    const late = await t().request('POST', cmPath('', name), { body: { metadata: { name: 'late' } } });
    assert.equal(late.status, 403);
    assert.equal(late.body.reason, 'Forbidden');
    assert.equal(
      late.body.message,
      `configmaps "late" is forbidden: unable to create new content in namespace ${name} because it is being terminated`,
    );
    assert.deepEqual(late.body.details, {
      name: 'late',
      kind: 'configmaps',
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${name} is being terminated`, field: 'metadata.namespace' }],
    });
    await t().request('PATCH', cmPath('keeper', name), { contentType: mergePatch, body: { metadata: { finalizers: null } } });
  });

  it('answers 204 with no body for the log of a pod no node runs', async () => {
    // Pods need the namespace's default ServiceAccount, which only a controller-manager creates.
    await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, { body: { metadata: { name: 'default' } } });
    const pods = `/api/v1/namespaces/${ns()}/pods`;
    const created = await t().request('POST', pods, {
      body: {
        metadata: { name: 'unplaced' },
        spec: { schedulerName: 'nobody-runs-this', containers: [{ name: 'main', image: 'busybox:1.36' }] },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const r = await t().request('GET', `${pods}/unplaced/log`);
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    const wrong = await t().request('GET', `${pods}/unplaced/log?container=nope`);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, 'container nope is not valid for pod unplaced');
  });
});
