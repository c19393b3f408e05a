import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderSessionJob, runAgainPatch } from '../../../src/clusters/session/tasks/sessionJobRenderer';
import type { TaskRunParams } from '../../../src/clusters/session/tasks/taskTypes';
import { conformanceTarget } from './target';

/**
 * FlinkSessionJobs as the product writes them (labels and owner like its other objects, every
 * spec.job field, restartNonce), against the Flink operator 1.15 CRD: create and server-side apply
 * accept them, and both refuse invalid ones with the same answer as kube-apiserver.
 */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const base = () => `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinksessionjobs`;
const APPLY = 'application/apply-patch+yaml';
const JAR = 'https://artifacts.example.com/flink/orders-job-1.0.jar';

describe('API conformance: FlinkSessionJobs as the product writes them', () => {
  let owner: any;

  before(async () => {
    const r = await t().request('POST', `/api/v1/namespaces/${ns()}/configmaps`, {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'session.orders', labels: labels() },
        data: { 'spec.json': '{}' },
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    owner = r.body;
  });

  function labels(): Record<string, string> {
    return { 'app.kubernetes.io/managed-by': 'data-clusters', 'dataclusters.io/kind': 'session', 'dataclusters.io/cluster': 'orders' };
  }

  function sessionJob(name: string, job: any, extra: any = {}): any {
    return {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkSessionJob',
      metadata: {
        name,
        namespace: ns(),
        labels: { ...labels(), 'dataclusters.io/task': name },
        annotations: { 'dataclusters.io/created-by': 'dev@example.com' },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: owner.metadata.name,
            uid: owner.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { deploymentName: 'orders', job: { jarURI: JAR, ...job }, ...extra },
    };
  }

  const VALID: [string, any, any?][] = [
    ['sj-minimal', {}],
    [
      'sj-every-field',
      {
        entryClass: 'com.example.orders.OrdersJob',
        args: ['--rate', '5', '--job-name', 'orders enrich'],
        parallelism: 4,
        upgradeMode: 'savepoint',
        state: 'running',
        initialSavepointPath: 's3://flink-data/savepoints/savepoint-1a2b3c-0123456789ab',
        allowNonRestoredState: true,
        savepointTriggerNonce: 3,
        checkpointTriggerNonce: 2,
        savepointRedeployNonce: 1,
      },
      { restartNonce: 7, flinkConfiguration: { 'pipeline.name': 'orders', 'execution.checkpointing.interval': '10 s' } },
    ],
    ['sj-suspended', { entryClass: 'com.example.orders.ReplayJob', upgradeMode: 'last-state', state: 'suspended' }],
    ['sj-stateless', { upgradeMode: 'stateless', args: [], parallelism: 1, allowNonRestoredState: false }, { restartNonce: 0 }],
    ['sj-s3', { jarURI: 's3://flink-artifacts/jobs/orders-job-1.0.jar' }],
  ];

  for (const [name, job, extra] of VALID)
    it(`accepts ${name} by create and by server-side apply, and keeps what it was given`, async () => {
      const body = sessionJob(name, job, extra);
      const created = await t().request('POST', `${base()}?fieldManager=data-clusters`, { body });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.spec, body.spec);
      assert.deepEqual(created.body.metadata.labels, body.metadata.labels);
      assert.deepEqual(created.body.metadata.ownerReferences, body.metadata.ownerReferences);

      const applyName = `${name}-ssa`;
      const applied = sessionJob(applyName, job, extra);
      const first = await t().request('PATCH', `${base()}/${applyName}?fieldManager=data-clusters&force=true`, {
        contentType: APPLY,
        body: JSON.stringify(applied),
      });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(first.body.spec, applied.spec);
      // The product applies again to change the spec: a restartNonce, the state.
      applied.spec.restartNonce = (applied.spec.restartNonce ?? 0) + 1;
      applied.spec.job.state = 'suspended';
      const again = await t().request('PATCH', `${base()}/${applyName}?fieldManager=data-clusters&force=true`, {
        contentType: APPLY,
        body: JSON.stringify(applied),
      });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.spec.restartNonce, applied.spec.restartNonce);
      assert.equal(again.body.spec.job.state, 'suspended');
      assert.equal(again.body.metadata.generation, 2);
    });

  /** What create refuses (422, schema validation), and what apply answers: 422 likewise, or 500 when the typed conversion fails first. */
  const INVALID: [string, (b: any) => void, { field: string; message: string }[], string?][] = [
    [
      'an unknown upgradeMode',
      (b) => (b.spec.job.upgradeMode = 'hot'),
      [{ field: 'spec.job.upgradeMode', message: 'Unsupported value: "hot": supported values: "last-state", "savepoint", "stateless"' }],
    ],
    [
      'an unknown job state',
      (b) => (b.spec.job.state = 'paused'),
      [{ field: 'spec.job.state', message: 'Unsupported value: "paused": supported values: "running", "suspended"' }],
    ],
    [
      'a parallelism that is a string',
      (b) => (b.spec.job.parallelism = 'four'),
      [
        {
          field: 'spec.job.parallelism',
          message: 'Invalid value: "string": spec.job.parallelism in body must be of type integer: "string"',
        },
      ],
      '.spec.job.parallelism: expected numeric (int or float), got string',
    ],
    [
      'args that are not a list',
      (b) => (b.spec.job.args = '--rate 5'),
      [{ field: 'spec.job.args', message: 'Invalid value: "string": spec.job.args in body must be of type array: "string"' }],
      '.spec.job.args: expected list, got &{--rate 5}',
    ],
    [
      'a restartNonce that is a string',
      (b) => (b.spec.restartNonce = 'now'),
      [{ field: 'spec.restartNonce', message: 'Invalid value: "string": spec.restartNonce in body must be of type integer: "string"' }],
      '.spec.restartNonce: expected numeric (int or float), got string',
    ],
  ];

  for (const [what, spoil, causes, typed] of INVALID)
    it(`refuses ${what}: create with 422, server-side apply ${typed ? 'with 500 (typed patch)' : 'with 422 alike'}`, async () => {
      const name = `sj-bad-${INVALID.findIndex((x) => x[0] === what)}`;
      const body = sessionJob(name, { entryClass: 'com.example.orders.OrdersJob' });
      spoil(body);
      const created = await t().request('POST', base(), { body });
      const applied = await t().request('PATCH', `${base()}/${name}?fieldManager=data-clusters&force=true`, {
        contentType: APPLY,
        body: JSON.stringify(body),
      });
      const refusals: [string, any][] = typed
        ? [['create', created]]
        : [
            ['create', created],
            ['apply', applied],
          ];
      for (const [how, r] of refusals) {
        assert.equal(r.status, 422, `${how}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.reason, 'Invalid', how);
        assert.equal(r.body.details.kind, 'FlinkSessionJob', how);
        assert.equal(r.body.details.group, 'flink.apache.org', how);
        assert.equal(r.body.details.name, name, how);
        assert.deepEqual(
          r.body.details.causes.map((c: any) => ({ field: c.field, message: c.message })),
          causes,
          how,
        );
        assert.equal(
          r.body.message,
          `FlinkSessionJob.flink.apache.org "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
          how,
        );
      }
      if (typed) {
        assert.equal(applied.status, 500, JSON.stringify(applied.body));
        assert.equal(applied.body.reason, undefined);
        assert.equal(
          applied.body.message,
          `failed to create typed patch object (${ns()}/${name}; flink.apache.org/v1beta1, Kind=FlinkSessionJob): ${typed}`,
        );
      }
      const get = await t().request('GET', `${base()}/${name}`);
      assert.equal(get.status, 404, 'nothing was stored');
    });

  const mergePatch = (name: string, patch: unknown) =>
    t().request('PATCH', `${base()}/${name}?fieldManager=data-clusters`, {
      contentType: 'application/merge-patch+json',
      body: JSON.stringify(patch),
    });

  it('accepts what the product renders itself: server-side apply of renderSessionJob, then the Run Again merge patch', async () => {
    const label = fc.stringMatching(/^[a-z][-a-z0-9]{0,20}[a-z0-9]$/);
    const samples = fc.sample(
      fc.record({
        name: label,
        jarURI: fc.constantFrom(JAR, 's3://jobs/orders-job-1.0.jar', 'local:///opt/flink/usrlib/job.jar'),
        entryClass: fc.option(fc.constantFrom('com.example.orders.OrdersJob', 'com.example.orders.ReplayJob'), { nil: undefined }),
        args: fc.array(
          fc.string({ maxLength: 30 }).filter((a) => !a.includes('\0')),
          { maxLength: 5 },
        ),
        parallelism: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
        savepointPath: fc.option(fc.constantFrom('s3://flink-data/orders/savepoints/savepoint-1'), { nil: undefined }),
        allowNonRestoredState: fc.option(fc.boolean(), { nil: undefined }),
        upgradeMode: fc.option(fc.constantFrom('stateless' as const, 'savepoint' as const, 'last-state' as const), { nil: undefined }),
        clean: fc.boolean(),
      }),
      { numRuns: 12, seed: 20261206 },
    );
    const seen = new Set<string>();
    for (const [i, r] of samples.entries()) {
      const name = `rendered-${i}-${r.name}`.slice(0, 40).replace(/-+$/, '');
      if (seen.has(name)) continue;
      seen.add(name);
      const params: TaskRunParams = {
        namespace: ns(),
        cluster: 'orders',
        name,
        source: { kind: 'uri', jarURI: r.jarURI },
        args: r.args,
        ...(r.entryClass ? { entryClass: r.entryClass } : {}),
        ...(r.parallelism ? { parallelism: r.parallelism } : {}),
        ...(r.savepointPath ? { savepointPath: r.savepointPath } : {}),
        ...(r.allowNonRestoredState !== undefined ? { allowNonRestoredState: r.allowNonRestoredState } : {}),
        ...(r.upgradeMode ? { upgradeMode: r.upgradeMode } : {}),
      };
      const body = renderSessionJob(params, { uid: owner.metadata.uid }, { clean: r.clean });
      const how = JSON.stringify(body.spec);
      const applied = await t().request('PATCH', `${base()}/${name}?fieldManager=data-clusters&force=true`, {
        contentType: APPLY,
        body: JSON.stringify(body),
      });
      assert.equal(applied.status, 201, `${how}: ${JSON.stringify(applied.body)}`);
      assert.equal(applied.body.spec.deploymentName, 'orders');
      assert.deepEqual(applied.body.spec.job.args, r.args, how);
      assert.deepEqual(applied.body.metadata.ownerReferences, body.metadata.ownerReferences);
      // An operator may write the object meanwhile (a finalizer, its status): read again on a conflict, as the product does.
      let current = applied.body;
      let patched = await mergePatch(name, runAgainPatch(params, current, !r.clean));
      for (let attempt = 1; patched.status === 409 && attempt < 4; attempt++) {
        current = (await t().request('GET', `${base()}/${name}`)).body;
        patched = await mergePatch(name, runAgainPatch(params, current, !r.clean));
      }
      assert.equal(patched.status, 200, `${how}: ${JSON.stringify(patched.body)}`);
      assert.equal(patched.body.spec.restartNonce, 1);
      assert.equal(patched.body.metadata.generation, 2);
    }
  });
});
