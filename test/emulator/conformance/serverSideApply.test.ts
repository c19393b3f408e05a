import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** Server-side apply: the fieldManager rule, managedFields as the real server records them, conflict messages. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const cmPath = (name = '') => `/api/v1/namespaces/${ns()}/configmaps${name ? `/${name}` : ''}`;
const applyType = 'application/apply-patch+yaml';
const fieldsOf = (obj: any) =>
  obj.metadata.managedFields.map((m: any) => ({ manager: m.manager, operation: m.operation, fields: m.fieldsV1 }));

describe('API conformance: server-side apply', () => {
  it('requires a fieldManager for an apply patch, as an invalid PatchOptions', async () => {
    const r = await t().request('PATCH', cmPath('ssa-nofm'), {
      contentType: applyType,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-nofm' }, data: { a: '1' } }),
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    assert.deepEqual(r.body.details, {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  });

  it('records Update entries with "." for what the write created, never name or namespace', async () => {
    const created = await t().request('POST', `${cmPath()}?fieldManager=creator`, {
      body: { metadata: { name: 'mf-create', namespace: ns(), labels: { q: 'r' }, annotations: { n: 'o' } }, data: { a: '1' } },
    });
    assert.deepEqual(fieldsOf(created.body), [
      {
        manager: 'creator',
        operation: 'Update',
        fields: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:annotations': { '.': {}, 'f:n': {} }, 'f:labels': { '.': {}, 'f:q': {} } },
        },
      },
    ]);
    const entry = created.body.metadata.managedFields[0];
    assert.equal(entry.apiVersion, 'v1');
    assert.equal(entry.fieldsType, 'FieldsV1');
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('records an Apply entry without "." for maps, and moves changed fields to an updating manager', async () => {
    const applied = await t().request('PATCH', `${cmPath('mf-apply')}?fieldManager=alpha`, {
      contentType: applyType,
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'mf-apply', namespace: ns(), labels: { x: 'y' } },
        data: { a: '1', b: '2' },
      }),
    });
    assert.equal(applied.status, 201);
    assert.deepEqual(fieldsOf(applied.body), [
      { manager: 'alpha', operation: 'Apply', fields: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
    ]);
    const edited = await t().request('PATCH', `${cmPath('mf-apply')}?fieldManager=editor`, {
      contentType: 'application/merge-patch+json',
      body: { data: { a: '9', c: '3' } },
    });
    assert.deepEqual(fieldsOf(edited.body), [
      { manager: 'alpha', operation: 'Apply', fields: { 'f:data': { 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
      { manager: 'editor', operation: 'Update', fields: { 'f:data': { 'f:a': {}, 'f:c': {} } } },
    ]);
  });

  it('words conflicts by manager: Update managers with their API version, Apply managers by name', async () => {
    const conflict = await t().request('PATCH', `${cmPath('mf-apply')}?fieldManager=beta`, {
      contentType: applyType,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mf-apply' }, data: { a: '2', b: '3' } }),
    });
    assert.equal(conflict.status, 409);
    assert.equal(
      conflict.body.message,
      'Apply failed with 2 conflicts: conflicts with "alpha":\n- .data.b\nconflicts with "editor" using v1:\n- .data.a',
    );
    // The causes come in no particular order (the server collects them from a map).
    const causes = [...conflict.body.details.causes].sort((a: any, b: any) => a.field.localeCompare(b.field));
    assert.deepEqual(causes, [
      { reason: 'FieldManagerConflict', message: 'conflict with "editor" using v1', field: '.data.a' },
      { reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.data.b' },
    ]);
    const single = await t().request('PATCH', `${cmPath('mf-apply')}?fieldManager=beta`, {
      contentType: applyType,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mf-apply' }, data: { b: '3' } }),
    });
    assert.equal(single.body.message, 'Apply failed with 1 conflict: conflict with "alpha": .data.b');
  });
});
