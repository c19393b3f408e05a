import * as assert from 'node:assert/strict';
import { dryRunCompute, dryRunSession, toYaml, withoutOwnerlessReferences } from '../../../src/clusters/forms/dryRun';
import { KubeApiError } from '../../../src/kube/kubeApiError';
import { KubeWriter } from '../../../src/kube/kubeWriter';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { defaultSessionSpec, SessionSpec } from '../../../shared/clusters/sessionSpec';

/** Status bodies as kube-apiserver 1.26 answered these dry runs. */
const QUOTA_EXCEEDED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'deployments.apps "orders-driver" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0',
  reason: 'Forbidden',
  details: { name: 'orders-driver', group: 'apps', kind: 'deployments' },
  code: 403,
};
const UNSUPPORTED_VERSION = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'FlinkDeployment.flink.apache.org "orders" is invalid: spec.flinkVersion: Unsupported value: "v9_9": supported values: "v1_19", "v1_20"',
  reason: 'Invalid',
  details: {
    name: 'orders',
    group: 'flink.apache.org',
    kind: 'FlinkDeployment',
    causes: [
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "v9_9": supported values: "v1_19", "v1_20"',
        field: 'spec.flinkVersion',
      },
    ],
  },
  code: 422,
};
const CONFIGMAP_QUOTA = {
  ...QUOTA_EXCEEDED,
  message:
    'configmaps "compute.orders" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=0, limited: count/configmaps=0',
  details: { name: 'compute.orders', kind: 'configmaps' },
};

/** A writer whose dry runs answer as a server would: an answer per object, or the Status it refuses with. */
function fakeWriter(answer: (obj: Record<string, any>) => { status: number; body: unknown } | Record<string, any>) {
  const sent: Record<string, any>[] = [];
  let n = 0;
  const writer = {
    async dryRunApply(obj: Record<string, any>) {
      sent.push(obj);
      const a = answer(obj) as any;
      if (typeof a.status === 'number') throw KubeApiError.fromStatus(a.status, a.body);
      return a;
    },
  } as unknown as KubeWriter;
  const answered = (obj: Record<string, any>) => ({
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: `uid-${++n}-of-${obj.metadata.name}`,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{}],
    },
  });
  return { writer, sent, answered };
}

describe('Review dry run: what the server says reaches the form', () => {
  const spec = defaultComputeSpec('orders', 'analytics', BUILTIN_NODE_TYPES);
  const opts = { generation: 1, annotations: {} };

  it("puts a quota refusal on the quota field in the server's words, without the notification's framing", async () => {
    const f = fakeWriter((o) => (o.kind === 'Deployment' ? { status: 403, body: QUOTA_EXCEEDED } : f.answered(o)));
    const r = await dryRunCompute(f.writer, spec, BUILTIN_NODE_TYPES, opts);
    assert.deepEqual(r.fieldErrors, [{ field: 'driverNodeType', message: `Exceeds the namespace's quota: ${QUOTA_EXCEEDED.message}` }]);
    assert.deepEqual(r.messages, []);
  });

  it("puts a schema refusal on the field it names, with the server's cause", async () => {
    const f = fakeWriter((o) => (o.kind === 'FlinkDeployment' ? { status: 422, body: UNSUPPORTED_VERSION } : f.answered(o)));
    const session: SessionSpec = { ...defaultSessionSpec('orders'), flinkVersion: 'v9_9' as SessionSpec['flinkVersion'] };
    const r = await dryRunSession(f.writer, session, 'analytics', opts);
    assert.deepEqual(r.fieldErrors, [
      {
        field: 'flinkVersion',
        message: `The API server refused spec.flinkVersion of FlinkDeployment orders: ${UNSUPPORTED_VERSION.details.causes[0].message}`,
      },
    ]);
    assert.deepEqual(r.messages, []);
  });

  it("owns the workload by the uid the definition's dry run answered, says so, and shows no managedFields", async () => {
    const f = fakeWriter((o) => f.answered(o));
    const r = await dryRunCompute(f.writer, spec, BUILTIN_NODE_TYPES, opts);
    const defUid = r.objects[0].metadata.uid;
    assert.match(defUid, /^uid-1-of-compute\.orders$/);
    for (const o of f.sent.slice(1)) assert.equal(o.metadata.ownerReferences[0].uid, defUid, o.kind);
    assert.ok(r.objects.every((o) => o.metadata.managedFields === undefined));
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0], /ConfigMap compute\.orders does not exist yet: the API server assigns its uid/);
  });

  it('sends the workload without an owner reference when the definition was refused, and says why', async () => {
    const f = fakeWriter((o) => (o.kind === 'ConfigMap' ? { status: 403, body: CONFIGMAP_QUOTA } : f.answered(o)));
    const r = await dryRunCompute(f.writer, spec, BUILTIN_NODE_TYPES, opts);
    assert.ok(f.sent.length > 1);
    for (const o of f.sent) assert.equal(o.metadata.ownerReferences, undefined, o.kind);
    assert.ok(!JSON.stringify(r.objects).includes('00000000-0000'));
    assert.match(r.notes[0], /its dry run was refused: the objects below leave out their ownerReferences/);
  });

  it('keeps the uid of an existing definition and notes nothing', async () => {
    const f = fakeWriter((o) => f.answered(o));
    const r = await dryRunCompute(f.writer, spec, BUILTIN_NODE_TYPES, { ...opts, uid: 'existing-uid' });
    for (const o of f.sent.slice(1)) assert.equal(o.metadata.ownerReferences[0].uid, 'existing-uid');
    assert.deepEqual(r.notes, []);
  });

  it('writes the notes as comments ahead of the YAML, and drops only references without a uid', () => {
    assert.equal(toYaml([{ kind: 'ConfigMap' }], ['First.', 'Second\nline.']), '# First.\n# Second line.\nkind: ConfigMap\n');
    // A long note is broken between words into comment lines that read without scrolling.
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = toYaml([], [long]).trimEnd().split('\n');
    assert.ok(lines.length > 1 && lines.every((l) => l.startsWith('# ') && l.length <= 92), JSON.stringify(lines));
    assert.equal(lines.map((l) => l.slice(2)).join(' '), long);
    const objs = withoutOwnerlessReferences([
      { metadata: { name: 'a', ownerReferences: [{ name: 'def', uid: '' }] } },
      {
        metadata: {
          name: 'b',
          ownerReferences: [
            { name: 'def', uid: '' },
            { name: 'other', uid: 'u' },
          ],
        },
      },
      { metadata: { name: 'c' } },
    ]);
    assert.deepEqual(objs, [
      { metadata: { name: 'a' } },
      { metadata: { name: 'b', ownerReferences: [{ name: 'other', uid: 'u' }] } },
      { metadata: { name: 'c' } },
    ]);
  });
});
