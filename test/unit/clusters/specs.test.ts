import * as assert from 'node:assert/strict';
import { readActivity } from '../../../src/clusters/activity';
import { defaultComputeSpec, validateComputeSpec } from '../../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES, nodeTypeCatalog } from '../../../shared/clusters/nodeTypes';
import { parseDefinition } from '../../../src/clusters/definition';
import { defaultSessionSpec, validateSessionSpec } from '../../../shared/clusters/sessionSpec';
import { validateClusterName } from '../../../shared/clusters/validation';
import { demoManifests } from '../../emulator/seeds/demo';

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('cluster names', () => {
  for (const ok of ['a', 'sales-etl', 'x1', 'a'.repeat(53)])
    it(`accepts ${ok.length > 10 ? `${ok.length} characters` : ok}`, () => assert.deepEqual(validateClusterName(ok), []));
  for (const [bad, why] of [
    ['', /required/],
    ['Sales', /lower-case/],
    ['-a', /starting and ending/],
    ['a-', /starting and ending/],
    ['a_b', /lower-case/],
    ['a.b', /lower-case/],
    ['a'.repeat(54), /At most 53 characters \(this one has 54\)/],
  ] as const) {
    it(`rejects ${JSON.stringify(bad.length > 10 ? `${bad.length} characters` : bad)}`, () =>
      assert.match(validateClusterName(bad)[0]?.message ?? '', why));
  }
});

describe('validateComputeSpec', () => {
  const valid = () => defaultComputeSpec('etl', 'analytics', BUILTIN_NODE_TYPES);
  const check = (patch: Record<string, unknown>) => fields(validateComputeSpec({ ...valid(), ...patch }, BUILTIN_NODE_TYPES));

  it('accepts the default spec', () => assert.deepEqual(validateComputeSpec(valid(), BUILTIN_NODE_TYPES), []));
  it('names unknown and misplaced node types', () => {
    assert.deepEqual(check({ driverNodeType: 'huge' }), ['driverNodeType']);
    assert.deepEqual(check({ driverNodeType: 'exec-small' }), ['driverNodeType']);
    assert.deepEqual(check({ executorNodeType: 'driver-small' }), ['executorNodeType']);
  });
  it('skips executor checks for single-node clusters', () =>
    assert.deepEqual(check({ deploymentType: 'single-node', executorNodeType: 'nope', executorCount: 0 }), []));
  it('bounds the executor count', () => {
    assert.deepEqual(check({ executorCount: 0 }), ['executorCount']);
    assert.deepEqual(check({ executorCount: 2.5 }), ['executorCount']);
  });
  it('bounds auto-scaling to 1 minute .. 3 hours, or disabled', () => {
    assert.deepEqual(check({ autoScaling: { enabled: true, idleTimeoutMinutes: 0 } }), ['autoScaling.idleTimeoutMinutes']);
    assert.deepEqual(check({ autoScaling: { enabled: true, idleTimeoutMinutes: 181 } }), ['autoScaling.idleTimeoutMinutes']);
    assert.deepEqual(check({ autoScaling: { enabled: true, idleTimeoutMinutes: 180 } }), []);
    assert.deepEqual(check({ autoScaling: { enabled: false } }), []);
  });
  it('checks quantities, Spark keys, env names, Maven coordinates, URIs, images and tags', () => {
    assert.deepEqual(check({ volume: { size: '50 gigs' } }), ['volume.size']);
    assert.deepEqual(check({ volume: { size: '50Gi' } }), []);
    assert.deepEqual(check({ sparkConf: { 'spark.sql.shuffle.partitions': '64', 'sql.x': '1', 'spark.master': 'local' } }), [
      'sparkConf.sql.x',
      'sparkConf.spark.master',
    ]);
    assert.deepEqual(check({ env: { OK_NAME: '1', '1BAD': '2' } }), ['env.1BAD']);
    assert.deepEqual(
      check({
        dependencies: {
          jars: ['s3a://b/x.jar', 'x.jar'],
          files: [],
          pyFiles: [],
          packages: ['org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.6.1', 'not-maven'],
        },
      }),
      ['dependencies.packages[1]', 'dependencies.jars[1]'],
    );
    assert.deepEqual(check({ image: 'Spark:Latest' }), ['image']);
    assert.deepEqual(check({ image: 'registry.example.com:5000/data/spark:3.5.3' }), []);
    assert.deepEqual(check({ tags: { team: 'x', 'bad key': 'y' } }), ['tags.bad key']);
  });
  it('refuses other versions by name', () =>
    assert.match(validateComputeSpec({ ...valid(), version: 2 }, BUILTIN_NODE_TYPES)[0].message, /Unsupported definition version 2/));
});

describe('validateSessionSpec', () => {
  const check = (patch: Record<string, unknown>) => fields(validateSessionSpec({ ...defaultSessionSpec('s'), ...patch }));
  it('accepts the default spec', () => assert.deepEqual(check({}), []));
  it('checks CPU, Flink memory sizes, replicas and slots', () => {
    assert.deepEqual(check({ jobManager: { cpu: 0, memory: '2Gi' } }), ['jobManager.cpu', 'jobManager.memory']);
    assert.deepEqual(check({ taskManager: { cpu: 0.5, memory: '1024m', replicas: 0, slots: 65 } }), [
      'taskManager.replicas',
      'taskManager.slots',
    ]);
  });
  it('checks the Flink version against the CRD enum', () => assert.deepEqual(check({ flinkVersion: 'v1_9' }), ['flinkVersion']));
});

describe('node type catalog', () => {
  it('uses a valid override and falls back, with a warning, on a broken one', () => {
    const ok = nodeTypeCatalog({ data: { 'node-types.json': JSON.stringify([{ name: 'tiny', cpuMillicores: 500, memoryMiB: 1024 }]) } });
    assert.deepEqual(
      ok.types.map((t) => t.name),
      ['tiny'],
    );
    assert.equal(ok.warning, undefined);
    const bad = nodeTypeCatalog({ data: { 'node-types.json': '[{"name":"x","cpuMillicores":-1,"memoryMiB":1}]' } });
    assert.equal(bad.types, BUILTIN_NODE_TYPES);
    assert.match(bad.warning!, /x: cpuMillicores and memoryMiB must be positive/);
  });
});

describe('parseDefinition', () => {
  const meta = (name: string, kind = 'compute') => ({
    name: `${kind}.${name}`,
    namespace: 'ns',
    uid: 'u-1',
    resourceVersion: '1',
    labels: { 'app.kubernetes.io/managed-by': 'data-clusters', 'dataclusters.io/kind': kind, 'dataclusters.io/cluster': name },
    annotations: { 'dataclusters.io/generation': '4', 'dataclusters.io/operation': '{"action":"start","user":"u","startedAt":"t"}' },
  });

  it('reads every definition of the demo seed without a problem', () => {
    const defs = demoManifests().filter((m) => m.kind === 'ConfigMap' && !m.metadata.name.endsWith('.activity'));
    assert.ok(defs.length >= 10);
    for (const cm of defs) {
      const parsed = parseDefinition({ ...cm, metadata: { ...cm.metadata, uid: 'x', resourceVersion: '1' } }, BUILTIN_NODE_TYPES);
      assert.ok(parsed, cm.metadata.name);
      assert.deepEqual(parsed.problems, [], `${cm.metadata.name}: ${JSON.stringify(parsed.problems)}`);
    }
  });

  it("writes the demo seed's activity rows as the extension does: each with its outcome", () => {
    const logs = demoManifests().filter((m) => m.kind === 'ConfigMap' && m.metadata.name.endsWith('.activity'));
    assert.ok(logs.length >= 10);
    for (const cm of logs) {
      const rows = readActivity(cm);
      assert.ok(rows.length, cm.metadata.name);
      for (const r of rows) assert.ok(r.outcome, `${cm.metadata.name}: ${r.action} at ${r.time} has no outcome`);
    }
  });

  it('reads generation, operation and the ID', () => {
    const p = parseDefinition(
      { metadata: meta('etl'), data: { 'spec.json': JSON.stringify(defaultComputeSpec('etl', 'ns', BUILTIN_NODE_TYPES)) } } as any,
      BUILTIN_NODE_TYPES,
    )!;
    assert.equal(p.id, 'u-1');
    assert.equal(p.generation, 4);
    assert.equal(p.operation?.action, 'start');
  });

  it('reports broken JSON instead of throwing', () => {
    const p = parseDefinition({ metadata: meta('etl'), data: { 'spec.json': '{"version":' } } as any, BUILTIN_NODE_TYPES)!;
    assert.equal(p.spec, undefined);
    assert.match(p.problems[0].message, /spec.json is not valid JSON/);
  });

  it('ignores activity ConfigMaps and foreign ones', () => {
    assert.equal(parseDefinition({ metadata: { ...meta('etl'), name: 'compute.etl.activity' } } as any, BUILTIN_NODE_TYPES), undefined);
    assert.equal(parseDefinition({ metadata: { name: 'x', uid: 'u', resourceVersion: '1' } } as any, BUILTIN_NODE_TYPES), undefined);
  });
});
