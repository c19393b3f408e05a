import * as assert from 'node:assert/strict';
import { FIELD_MANAGER, definitionName } from '../../../src/clusters/definition';
import { dryRunCompute, dryRunSession, toYaml } from '../../../src/clusters/forms/dryRun';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { KubeWriter } from '../../../src/kube/kubeWriter';
import { defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { defaultSessionSpec, SessionSpec } from '../../../shared/clusters/sessionSpec';
import { conformanceTarget } from './target';

/**
 * The form's Review step, through the product's own writer and transport, against the API server:
 * what it shows is what the server answered to a dry run (its uids, its defaults), and what the
 * server refuses (quota, schema) reaches the form in the server's own words.
 */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const writer = () => new KubeWriter(new KubeTransport(t().kc), FIELD_MANAGER);
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const annotations = { 'dataclusters.io/created-by': 'conformance' };
const byKind = (objects: readonly Record<string, any>[], kind: string) => {
  const o = objects.find((x) => x.kind === kind);
  assert.ok(o, `${kind} in ${objects.map((x) => x.kind).join(', ')}`);
  return o;
};

/** A quota the status of which is filled in as the quota controller would (a bare API server has none). */
async function withQuota(name: string, hard: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const quotas = `/api/v1/namespaces/${ns()}/resourcequotas`;
  const made = await t().request('POST', quotas, { body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard } } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  try {
    const used = Object.fromEntries(Object.keys(hard).map((k) => [k, '0']));
    const status = await t().request('PATCH', `${quotas}/${name}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { hard, used } },
    });
    assert.equal(status.status, 200, JSON.stringify(status.body));
    await fn();
  } finally {
    await t().request('DELETE', `${quotas}/${name}`);
  }
}

describe('API conformance: the Review dry run through the product', () => {
  it('shows the objects as the server answers them: its uids and timestamps, its defaults, nothing stored', async () => {
    const spec = defaultComputeSpec('dry-compute', ns(), BUILTIN_NODE_TYPES);
    const r = await dryRunCompute(writer(), spec, BUILTIN_NODE_TYPES, { generation: 1, annotations });
    assert.deepEqual(r.fieldErrors, []);
    assert.deepEqual(r.messages, []);
    const def = r.objects[0];
    assert.equal(def.kind, 'ConfigMap');
    assert.equal(def.metadata.name, definitionName('compute', 'dry-compute'));
    assert.match(def.metadata.uid, UID);
    assert.ok(def.metadata.creationTimestamp);
    // Nothing was stored: no resourceVersion, and the definition is not there.
    assert.equal(def.metadata.resourceVersion, undefined);
    assert.equal((await t().request('GET', `/api/v1/namespaces/${ns()}/configmaps/${def.metadata.name}`)).status, 404);
    const deployment = byKind(r.objects, 'Deployment');
    assert.match(deployment.metadata.uid, UID);
    assert.notEqual(deployment.metadata.uid, def.metadata.uid);
    assert.ok(deployment.metadata.creationTimestamp);
    assert.equal(deployment.metadata.generation, 1);
    assert.equal(deployment.metadata.managedFields, undefined);
    // Defaults the renderer does not write: the server filled them in.
    assert.equal(deployment.spec.revisionHistoryLimit, 10);
    assert.deepEqual(deployment.spec.strategy, { type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    assert.equal(pod.containers[0].terminationMessagePath, '/dev/termination-log');
    assert.equal(pod.containers[0].terminationMessagePolicy, 'File');
    assert.equal(pod.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(pod.restartPolicy, 'Always');
    assert.equal(pod.dnsPolicy, 'ClusterFirst');
    assert.equal(pod.schedulerName, 'default-scheduler');
    assert.equal(pod.terminationGracePeriodSeconds, 30);
    const service = byKind(r.objects, 'Service');
    assert.equal(service.spec.type, 'ClusterIP');
    assert.equal(service.spec.sessionAffinity, 'None');
    assert.ok(service.spec.ports.every((p: any) => p.protocol === 'TCP'));
    // The definition does not exist yet: its owner uid is the one the dry run answered, and the review says so.
    for (const o of r.objects.slice(1)) assert.equal(o.metadata.ownerReferences[0].uid, def.metadata.uid, o.kind);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0], new RegExp(`ConfigMap ${def.metadata.name} does not exist yet`));
    const yaml = toYaml(r.objects, r.notes);
    const comments = yaml.split('\n').filter((l) => l.startsWith('# '));
    assert.equal(comments.map((l) => l.slice(2)).join(' '), r.notes[0]);
    assert.ok(yaml.startsWith('# '));
  });

  it("puts the server's quota refusal on the form, in its words", async () => {
    const spec = defaultComputeSpec('dry-quota', ns(), BUILTIN_NODE_TYPES);
    await withQuota('dry-run-deployments', { 'count/deployments.apps': '0' }, async () => {
      const r = await dryRunCompute(writer(), spec, BUILTIN_NODE_TYPES, { generation: 1, annotations });
      assert.deepEqual(r.messages, []);
      assert.equal(r.fieldErrors.length, 1, JSON.stringify(r.fieldErrors));
      assert.equal(r.fieldErrors[0].field, 'driverNodeType');
      assert.match(
        r.fieldErrors[0].message,
        /^Exceeds the namespace's quota: deployments\.apps "dry-quota-driver" is forbidden: exceeded quota: dry-run-deployments, requested: count\/deployments\.apps=1, used: count\/deployments\.apps=\d+, limited: count\/deployments\.apps=0$/,
      );
      // The other objects were answered by the server.
      assert.match(byKind(r.objects, 'Service').metadata.uid, UID);
    });
  });

  it('leaves the owner reference out when the definition itself was refused, and the server takes the objects without it', async () => {
    const spec = defaultComputeSpec('dry-ownerless', ns(), BUILTIN_NODE_TYPES);
    await withQuota('dry-run-configmaps', { 'count/configmaps': '0' }, async () => {
      const r = await dryRunCompute(writer(), spec, BUILTIN_NODE_TYPES, { generation: 1, annotations });
      // The definition and the spark-defaults ConfigMap exceed the quota; the Deployment and Service do not.
      assert.deepEqual(
        r.fieldErrors.map((e) => e.field),
        ['driverNodeType', 'driverNodeType'],
      );
      assert.match(r.fieldErrors[0].message, /configmaps "compute\.dry-ownerless" is forbidden: exceeded quota: dry-run-configmaps/);
      const deployment = byKind(r.objects, 'Deployment');
      assert.match(deployment.metadata.uid, UID);
      assert.equal(deployment.metadata.ownerReferences, undefined);
      assert.equal(byKind(r.objects, 'Service').metadata.ownerReferences, undefined);
      assert.equal(r.notes.length, 1);
      assert.match(r.notes[0], /its dry run was refused/);
    });
  });

  it("puts a field the FlinkDeployment schema refuses on that field, in the server's words", async () => {
    const spec: SessionSpec = { ...defaultSessionSpec('dry-session'), flinkVersion: 'v9_9' as SessionSpec['flinkVersion'] };
    const r = await dryRunSession(writer(), spec, ns(), { generation: 1, annotations });
    assert.deepEqual(r.messages, []);
    assert.equal(r.fieldErrors.length, 1, JSON.stringify(r.fieldErrors));
    assert.equal(r.fieldErrors[0].field, 'flinkVersion');
    const prefix = 'The API server refused spec.flinkVersion of FlinkDeployment dry-session: Unsupported value: "v9_9": supported values: ';
    assert.ok(r.fieldErrors[0].message.startsWith(prefix), r.fieldErrors[0].message);
    assert.ok(r.fieldErrors[0].message.includes('"v1_20"'));
    // The definition was answered by the server, with a uid of its making.
    assert.match(r.objects[0].metadata.uid, UID);
  });

  it('uses the uid of an existing definition and says nothing about it', async () => {
    const spec = defaultSessionSpec('dry-existing');
    const uid = '6f1d3c2a-0b4e-4f5a-9c8d-7e6f5a4b3c2d';
    const r = await dryRunSession(writer(), spec, ns(), { generation: 2, annotations, uid });
    assert.deepEqual(r.fieldErrors, []);
    assert.deepEqual(r.messages, []);
    assert.deepEqual(r.notes, []);
    const fd = byKind(r.objects, 'FlinkDeployment');
    assert.equal(fd.metadata.ownerReferences[0].uid, uid);
    assert.match(fd.metadata.uid, UID);
    assert.notEqual(fd.metadata.uid, uid);
  });
});
