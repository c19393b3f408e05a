import * as assert from 'node:assert/strict';
import { BUILTIN_NODE_TYPES } from '../../../../shared/clusters/nodeTypes';
import { defaultComputeSpec, validateComputeSpec } from '../../../../shared/clusters/computeSpec';
import {
  canLeaveTab,
  checkComputeForm,
  ComputeFormContext,
  computeFormFromSpec,
  computeSpecFromForm,
  computeTotals,
  ComputeFormValues,
  defaultComputeForm,
  errorsByTab,
  isHidden,
  nextTab,
  previousTab,
  quotaCheck,
  tabOfField,
} from '../../../../shared/forms/computeForm';
import { changedKeys, mergeKeepingEdits, plainRow } from '../../../../shared/forms/formModel';
import { quotaRoom } from '../../../../shared/text/quantity';

const ctx: ComputeFormContext = { nodeTypes: BUILTIN_NODE_TYPES, mode: 'create', namespaces: ['analytics'], existingNames: ['sales-etl'] };
const valid = (patch: Partial<ComputeFormValues> = {}): ComputeFormValues => ({
  ...defaultComputeForm('analytics', BUILTIN_NODE_TYPES),
  name: 'etl',
  ...patch,
});
const fields = (v: ComputeFormValues, c = ctx) => checkComputeForm(v, c).errors.map((e) => e.field);
const msg = (v: ComputeFormValues, field: string, c = ctx) => checkComputeForm(v, c).errors.find((e) => e.field === field)?.message ?? '';

describe('compute form model', () => {
  it('starts multi-node with 1 executor, 30 min auto scaling and valid defaults (only the name missing)', () => {
    const d = defaultComputeForm('analytics', BUILTIN_NODE_TYPES);
    assert.equal(d.deploymentType, 'multi-node');
    assert.equal(d.executorCount, '1');
    assert.equal(d.idleTimeoutMinutes, '30');
    assert.deepEqual(fields(d), ['name']);
    assert.deepEqual(fields(valid()), []);
  });

  it('round-trips a stored spec through the form', () => {
    const spec = {
      ...defaultComputeSpec('etl', 'analytics', BUILTIN_NODE_TYPES),
      env: { A: '1' },
      secretEnv: { TOKEN: { secret: 'creds', key: 'token' } },
      sparkConf: { 'spark.sql.shuffle.partitions': '64' },
      tags: { team: 'sales' },
      volume: { size: '20Gi' },
      dependencies: { jars: ['s3a://b/x.jar'], files: [], pyFiles: [], packages: ['g:a:1'] },
    };
    assert.deepEqual(computeSpecFromForm(computeFormFromSpec(spec)), spec);
    assert.deepEqual(validateComputeSpec(spec, BUILTIN_NODE_TYPES), []);
  });

  it('checks the name live against existing clusters', () => {
    assert.match(msg(valid({ name: 'sales-etl' }), 'name'), /already exists in analytics/);
    assert.match(msg(valid({ name: 'Sales' }), 'name'), /lower-case/);
    assert.match(msg(valid({ name: 'a'.repeat(54) }), 'name'), /At most 53/);
  });

  it('offers only namespaces from the access reviews', () => assert.match(msg(valid({ namespace: 'ops' }), 'namespace'), /may not create/));

  it('hides and skips the executor fields and auto scaling for single-node clusters', () => {
    const v = valid({ deploymentType: 'single-node', executorCount: 'x', idleTimeoutMinutes: '0', executorNodeType: 'nope' });
    for (const f of ['executorNodeType', 'executorCount', 'spotInstances', 'idleTimeoutMinutes']) assert.ok(isHidden(v, f), f);
    assert.ok(!isHidden(v, 'driverNodeType'));
    assert.deepEqual(fields(v), []);
    const spec = computeSpecFromForm(v);
    assert.equal(spec.executorCount, 0);
    assert.deepEqual(spec.autoScaling, { enabled: false });
    assert.ok(!isHidden(valid(), 'executorCount'));
  });

  it('names the rule for bad numbers, sizes and timeouts', () => {
    assert.match(msg(valid({ executorCount: '0' }), 'executorCount'), /whole number from 1 to 1,000/);
    assert.match(msg(valid({ executorCount: 'two' }), 'executorCount'), /whole number/);
    assert.match(msg(valid({ idleTimeoutMinutes: '181' }), 'idleTimeoutMinutes'), /3 hours/);
    assert.deepEqual(fields(valid({ autoScalingEnabled: false, idleTimeoutMinutes: '999' })), []);
    assert.match(msg(valid({ volumeEnabled: true, volumeSize: '-1Gi' }), 'volumeSize'), /negative/);
    assert.match(msg(valid({ volumeEnabled: true, volumeSize: '4 cores' }), 'volumeSize'), /no space/);
  });

  it('puts row problems on their row: duplicates, empties, reserved keys with the reason, Secret references', () => {
    const v = valid({
      env: [plainRow('A', '1'), plainRow('A', '2'), { ...plainRow('TOKEN', ''), fromSecret: true, secret: '', secretKey: 'k' }],
      sparkConf: [plainRow('spark.master', 'local'), plainRow('spark.sql.x', '')],
      tags: [plainRow('bad key', 'x')],
    });
    const c = checkComputeForm(v, ctx).errors;
    const at = (f: string) => c.find((e) => e.field === f)?.message ?? '';
    assert.match(at('env[1].key'), /Duplicate/);
    assert.match(at('env[2].secret'), /Choose or type the Secret/);
    assert.match(at('sparkConf[0].key'), /spark\.master is reserved: the driver always runs against this Kubernetes cluster/);
    assert.match(at('sparkConf[1].value'), /empty/);
    assert.match(at('tags[0].key'), /not a valid tag key/);
  });

  it('validates dependencies row by row', () => {
    const v = valid({ jars: ['s3a://b/a.jar', 'ftp://x'], packages: ['', 'nope'] });
    const c = checkComputeForm(v, ctx).errors;
    assert.deepEqual(c.map((e) => e.field).sort(), ['jars[1]', 'packages[0]', 'packages[1]']);
    assert.match(c.find((e) => e.field === 'packages[1]')!.message, /Maven coordinate/);
    assert.match(c.find((e) => e.field === 'jars[1]')!.message, /not a URI Spark can fetch/);
  });

  it('maps each field to its tab, and Next refuses to leave a tab with errors', () => {
    assert.equal(tabOfField('name'), 'general');
    assert.equal(tabOfField('env[2].key'), 'configurations');
    assert.equal(tabOfField('packages[0]'), 'dependencies');
    assert.equal(tabOfField('image'), 'docker');
    assert.equal(tabOfField('tags[0].value'), 'tags');
    const errors = checkComputeForm(valid({ name: '', image: 'Bad Image' }), ctx).errors;
    assert.deepEqual(
      Object.entries(errorsByTab(errors)).filter(([, n]) => n),
      [
        ['general', 1],
        ['docker', 1],
      ],
    );
    assert.equal(canLeaveTab(errors, 'general'), false);
    assert.equal(canLeaveTab(errors, 'configurations'), true);
    assert.equal(nextTab('general'), 'configurations');
    assert.equal(nextTab('review'), undefined);
    assert.equal(previousTab('general'), undefined);
    assert.equal(previousTab('review'), 'tags');
  });

  it('totals CPU and memory at full scale and compares them with what the quota leaves', () => {
    const v = valid({ driverNodeType: 'driver-medium', executorNodeType: 'exec-large', executorCount: '4' });
    assert.deepEqual(computeTotals(v, BUILTIN_NODE_TYPES), {
      driverMillicores: 2000,
      driverMiB: 8192,
      cpuMillicores: 18000,
      memoryMiB: 73728,
    });
    assert.deepEqual(computeTotals({ ...v, deploymentType: 'single-node' }, BUILTIN_NODE_TYPES)?.cpuMillicores, 2000);
    const room = quotaRoom([
      {
        name: 'compute-quota',
        hard: { 'requests.cpu': '16', 'requests.memory': '64Gi' },
        used: { 'requests.cpu': '13500m', 'requests.memory': '40Gi' },
      },
    ]);
    assert.deepEqual(room, {
      cpuMillicores: 2500,
      memoryMiB: 24576,
      cpuQuota: 'compute-quota',
      memoryQuota: 'compute-quota',
      cpuHard: 16000,
      memoryHard: 65536,
    });
    const over = quotaCheck(v, BUILTIN_NODE_TYPES, room);
    assert.deepEqual(over.errors, []);
    assert.match(over.warnings[0].message, /At full scale the cluster needs 18 CPU and 72 GiB; the quota leaves 2.5 CPU and 24 GiB/);
    const tight = quotaRoom([{ name: 'q', hard: { cpu: '1' }, used: {} }]);
    const blocked = checkComputeForm(v, { ...ctx, room: tight }).errors;
    assert.match(blocked.find((e) => e.field === 'driverNodeType')!.message, /Exceeds the namespace's quota: the driver needs 2 CPU/);
  });

  it('reloads after a conflict keeping the fields the user changed', () => {
    const base = valid();
    const mine = { ...base, executorCount: '5', image: 'apache/spark:3.5.4' };
    const theirs = { ...base, executorCount: '3', description: 'changed by someone else' };
    assert.deepEqual(changedKeys(base, mine).sort(), ['executorCount', 'image']);
    assert.deepEqual(mergeKeepingEdits(base, mine, theirs), { ...theirs, executorCount: '5', image: 'apache/spark:3.5.4' });
  });
});
