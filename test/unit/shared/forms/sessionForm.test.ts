import * as assert from 'node:assert/strict';
import { describeConflict, changedSpecFields } from '../../../../src/clusters/forms/conflict';
import { classifyRefusal, flinkVersionsOfCrd, toYaml, withoutManagedFields } from '../../../../src/clusters/forms/dryRun';
import { plainRow } from '../../../../shared/forms/formModel';
import { flinkMemoryMiB, parseQuantity, quotaRoom } from '../../../../shared/text/quantity';
import {
  checkSessionForm,
  defaultSessionForm,
  SessionFormContext,
  sessionFormFromSpec,
  sessionSpecFromForm,
  sessionTotals,
} from '../../../../shared/forms/sessionForm';
import { KubeApiError } from '../../../../src/kube/kubeApiError';
import * as fs from 'node:fs';
import { load } from 'js-yaml';
import * as path from 'node:path';

const versions = ['v2_2', 'v1_20', 'v1_13'];
const ctx: SessionFormContext = { mode: 'create', flinkVersions: versions, namespaces: ['analytics'], existingNames: ['taken'] };
const valid = () => ({ ...defaultSessionForm('analytics', versions), name: 'orders' });
const at = (v: ReturnType<typeof valid>, field: string, c = ctx) =>
  checkSessionForm(v, c).errors.find((e) => e.field === field)?.message ?? '';

describe('session cluster form model', () => {
  it('starts valid but for the name, and round-trips the spec', () => {
    assert.deepEqual(
      checkSessionForm({ ...valid(), name: '' }, ctx).errors.map((e) => e.field),
      ['name'],
    );
    const spec = sessionSpecFromForm(valid());
    assert.deepEqual(sessionSpecFromForm(sessionFormFromSpec(spec, 'analytics')), spec);
  });
  it('opens a definition holding options the fields own with those fields, so Edit can save it', () => {
    const spec = {
      ...sessionSpecFromForm(valid()),
      taskManager: { cpu: 1, memory: '2048m', replicas: 2, slots: 3 },
      flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '2', 'state.backend.type': 'rocksdb' },
    };
    const v = sessionFormFromSpec(spec, 'analytics');
    assert.equal(v.taskManagerSlots, '3');
    assert.deepEqual(v.flinkConfiguration, [plainRow('state.backend.type', 'rocksdb')]);
    assert.deepEqual(checkSessionForm(v, { ...ctx, mode: 'edit' }).errors, []);
    const noSlots = { ...spec, taskManager: { cpu: 1, memory: '2048m', replicas: 2 } } as unknown as typeof spec;
    assert.equal(sessionFormFromSpec(noSlots, 'analytics').taskManagerSlots, '2');
  });
  it('offers the CRD versions and refuses others', () => {
    assert.match(at({ ...valid(), flinkVersion: 'v1_12' }, 'flinkVersion'), /One of v2_2, v1_20, v1_13/);
    assert.equal(at({ ...valid(), flinkVersion: 'v1_13' }, 'flinkVersion'), '');
  });
  it('names the rule for CPU, memory, counts and keys', () => {
    assert.match(at({ ...valid(), jobManagerCpu: '4 cores' }, 'jobManagerCpu'), /no unit/);
    assert.match(at({ ...valid(), taskManagerMemory: '-1Gi' }, 'taskManagerMemory'), /negative/);
    assert.match(at({ ...valid(), jobManagerMemory: '2 GiB' }, 'jobManagerMemory'), /Flink memory size/);
    assert.match(at({ ...valid(), taskManagerReplicas: '0' }, 'taskManagerReplicas'), /1 to 100/);
    assert.match(at({ ...valid(), taskManagerSlots: '65' }, 'taskManagerSlots'), /1 to 64/);
    assert.match(at({ ...valid(), serviceAccount: 'Flink SA' }, 'serviceAccount'), /service account/);
    const rows = [plainRow('a.b', '1'), plainRow('a.b', '2'), plainRow('taskmanager.numberOfTaskSlots', '4'), plainRow('', 'x')];
    const errors = checkSessionForm({ ...valid(), flinkConfiguration: rows }, ctx).errors;
    assert.match(errors.find((e) => e.field === 'flinkConfiguration[1].key')!.message, /Duplicate/);
    assert.match(errors.find((e) => e.field === 'flinkConfiguration[2].key')!.message, /reserved: it is the TaskManager slots field/);
    assert.match(errors.find((e) => e.field === 'flinkConfiguration[3].key')!.message, /empty/);
    assert.match(at({ ...valid(), name: 'taken' }, 'name'), /already exists/);
  });
  it('totals the JobManager and TaskManagers against the resource group', () => {
    const v = { ...valid(), taskManagerReplicas: '3' };
    assert.deepEqual(sessionTotals(v), { jmMillicores: 1000, jmMiB: 2048, cpuMillicores: 4000, memoryMiB: 8192 });
    const room = quotaRoom([{ name: 'tenant-quota', hard: { 'limits.cpu': '3', 'limits.memory': '64Gi' }, used: {} }]);
    const r = checkSessionForm(v, { ...ctx, room });
    assert.deepEqual(r.errors, []);
    assert.match(r.warnings[0].message, /need 4 CPU and 8 GiB; the resource group has 3 CPU and 64 GiB left/);
    const none = quotaRoom([{ name: 'q', hard: { cpu: '500m' }, used: {} }]);
    assert.match(at(v, 'jobManagerCpu', { ...ctx, room: none }), /Exceeds the resource group/);
  });
  it('reads the allowed versions from the installed CRD', () => {
    const crd = load(fs.readFileSync(path.join(__dirname, '../../../emulator/crds/flinkdeployments.flink.apache.org-v1.yml'), 'utf8'));
    const v = flinkVersionsOfCrd(crd)!;
    assert.equal(v[0], 'v2_2');
    assert.ok(v.includes('v1_13') && v.includes('v1_20'));
    assert.equal(flinkVersionsOfCrd({}), undefined);
  });
  it('parses quantities', () => {
    assert.equal(parseQuantity('1500m'), 1.5);
    assert.equal(parseQuantity('2Gi'), 2 ** 31);
    assert.ok(Number.isNaN(parseQuantity('x')));
    assert.equal(flinkMemoryMiB('2g'), 2048);
    assert.equal(flinkMemoryMiB('2048m'), 2048);
  });
});

describe('server refusals and conflicts', () => {
  const fd = { kind: 'FlinkDeployment', metadata: { name: 'orders', namespace: 'analytics' } };
  const fieldOf = (_k: string, p: string) => (p.startsWith('spec.image') ? 'image' : undefined);
  it('puts 422 causes on their field and keeps the rest as messages', () => {
    const e = new KubeApiError('invalid', 422, 'Invalid', {
      causes: [
        { field: 'spec.image', message: 'Required value' },
        { field: 'spec.podTemplate', message: 'bad' },
      ],
    });
    const r = classifyRefusal(e, fd, fieldOf, 'jobManagerCpu');
    assert.deepEqual(r.fieldErrors, [
      { field: 'image', message: 'The API server refused spec.image of FlinkDeployment orders: Required value' },
    ]);
    assert.match(r.messages[0], /spec.podTemplate/);
  });
  it('puts an exceeded quota on the quota field and names webhook denials and missing rights', () => {
    const q = classifyRefusal(
      new KubeApiError('pods "x" is forbidden: exceeded quota: q, requested: cpu=2', 403, 'Forbidden'),
      fd,
      fieldOf,
      'jobManagerCpu',
    );
    assert.equal(q.fieldErrors[0].field, 'jobManagerCpu');
    const w = classifyRefusal(new KubeApiError('admission webhook "x" denied the request: no', 400, 'BadRequest'), fd, fieldOf, 'f');
    assert.match(w.messages[0], /An admission webhook refused FlinkDeployment orders/);
    const f = classifyRefusal(new KubeApiError('forbidden', 403, 'Forbidden'), fd, fieldOf, 'f');
    assert.match(f.messages[0], /You may not write FlinkDeployment orders in analytics/);
    const n = classifyRefusal(new KubeApiError('not found', 404, 'NotFound'), fd, fieldOf, 'f');
    assert.match(n.messages[0], /Flink Kubernetes Operator is not installed/);
  });
  it('shows YAML without managedFields', () => {
    const o = withoutManagedFields({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', managedFields: [{}] } });
    assert.equal(
      toYaml([o, o]),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
  });
  it('says who changed what since the form was opened', () => {
    assert.deepEqual(changedSpecFields({ image: 'a', executorCount: 1, name: 'x' }, { image: 'b', executorCount: 2, name: 'x' }), [
      'Docker image',
      'Max executors',
    ]);
    const text = describeConflict(
      'Compute cluster reporting',
      { image: 'a' },
      { image: 'b' },
      [{ action: 'configure', user: 'dev@example.com', time: '2030-01-01T10:00:05.000Z', details: '' }],
      Date.parse('2030-01-01T10:00:00Z'),
      5,
    );
    assert.match(
      text,
      /dev@example.com \(configure, 2030-01-01 10:00:05Z\) changed Docker image; it is now generation 5\. Nothing was overwritten/,
    );
    assert.match(describeConflict('X', {}, {}, [], Date.now()), /someone outside Data Clusters/);
  });
});
