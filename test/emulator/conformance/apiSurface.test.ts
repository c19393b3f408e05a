import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { conformanceTarget } from './target';

/**
 * What a client notices of the API beyond CRUD: how discovery names subresources and versions,
 * which field selectors a version takes, what a pod update may change, how Status details name
 * the resource, a custom resource's scale without replicas, and the window a watch can resume in.
 */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const failure = (code: number, reason: string, message: string, details?: unknown) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details === undefined ? {} : { details }),
  code,
});

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const resourcesOf = async (gv: string): Promise<any[]> => (await t().request('GET', gv)).body.resources;
const named = (list: any[], name: string) => {
  const r = list.find((x) => x.name === name);
  assert.ok(r, `${name} is listed`);
  const { storageVersionHash: _h, ...rest } = r;
  return rest;
};

describe('API conformance: discovery of subresources and versions', () => {
  it('lists pods/binding and pods/eviction as the kinds they take, with create only; namespaces/finalize with update only', async () => {
    const v1 = await resourcesOf('/api/v1');
    assert.deepEqual(named(v1, 'pods/binding'), {
      name: 'pods/binding',
      singularName: '',
      namespaced: true,
      kind: 'Binding',
      verbs: ['create'],
    });
    assert.deepEqual(named(v1, 'pods/eviction'), {
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    });
    assert.deepEqual(named(v1, 'namespaces/finalize'), {
      name: 'namespaces/finalize',
      singularName: '',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['update'],
    });
    assert.deepEqual(named(v1, 'namespaces/status'), {
      name: 'namespaces/status',
      singularName: '',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['get', 'patch', 'update'],
    });
    assert.deepEqual(named(v1, 'pods/log'), { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
  });

  it("lists custom resources' verbs in apiextensions' order and CRDs in the api-extensions category", async () => {
    const flink = await resourcesOf('/apis/flink.apache.org/v1beta1');
    assert.deepEqual(named(flink, 'flinkdeployments').verbs, [
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'create',
      'update',
      'watch',
    ]);
    const ext = await resourcesOf('/apis/apiextensions.k8s.io/v1');
    assert.deepEqual(named(ext, 'customresourcedefinitions').categories, ['api-extensions']);
  });

  it('serves autoscaling/v1 beside the preferred v2, converting the CPU target both ways', async () => {
    const group = (await t().request('GET', '/apis')).body.groups.find((g: any) => g.name === 'autoscaling');
    assert.deepEqual(group.versions, [
      { groupVersion: 'autoscaling/v2', version: 'v2' },
      { groupVersion: 'autoscaling/v1', version: 'v1' },
    ]);
    assert.deepEqual(group.preferredVersion, { groupVersion: 'autoscaling/v2', version: 'v2' });
    const v1 = await resourcesOf('/apis/autoscaling/v1');
    assert.deepEqual(
      v1.map((r) => [r.name, r.kind, r.verbs.join(',')]),
      [
        ['horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'create,delete,deletecollection,get,list,patch,update,watch'],
        ['horizontalpodautoscalers/status', 'HorizontalPodAutoscaler', 'get,patch,update'],
      ],
    );
    const hpas = (version: string, name = '') =>
      `/apis/autoscaling/${version}/namespaces/${ns()}/horizontalpodautoscalers${name ? `/${name}` : ''}`;
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nothing' };
    await t().request('POST', hpas('v2'), {
      body: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'through-v2' },
        spec: { scaleTargetRef: target, maxReplicas: 3 },
      },
    });
    const asV1 = await t().request('GET', hpas('v1', 'through-v2'));
    assert.equal(asV1.status, 200, JSON.stringify(asV1.body));
    assert.equal(asV1.body.apiVersion, 'autoscaling/v1');
    assert.deepEqual(asV1.body.spec, { scaleTargetRef: target, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 });
    assert.deepEqual(asV1.body.status, { currentReplicas: 0, desiredReplicas: 0 });
    const created = await t().request('POST', hpas('v1'), {
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'through-v1' },
        spec: { scaleTargetRef: target, maxReplicas: 4, targetCPUUtilizationPercentage: 50 },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.spec.targetCPUUtilizationPercentage, 50);
    const asV2 = (await t().request('GET', hpas('v2', 'through-v1'))).body;
    assert.deepEqual(asV2.spec.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
  });

  it("answers an unknown version of the core API or a built-in group with a JSON Status, and anything else with the mux's text", async () => {
    for (const p of ['/api/v9', `/api/v9/namespaces/${ns()}/pods`, '/apis/apps/v9', `/apis/apps/v9/namespaces/${ns()}/deployments`]) {
      const r = await t().request('GET', p);
      assert.equal(r.status, 404, p);
      assert.match(String(r.headers['content-type']), /^application\/json/, p);
      assert.deepEqual(r.body, failure(404, 'NotFound', 'the server could not find the requested resource', {}), p);
    }
    for (const p of ['/apis/no-such-group.example.com/v1', '/apis/flink.apache.org/v9']) {
      const r = await t().request('GET', p);
      assert.equal(r.status, 404, p);
      assert.match(String(r.headers['content-type']), /^text\/plain/, p);
      assert.equal(r.body, '404 page not found\n', p);
    }
  });
});

describe('API conformance: selectors, pod updates, Status details, scale', () => {
  it('filters events.k8s.io/v1 Events by regarding.* and reportingController, and refuses the core field names', async () => {
    const regarding = { kind: 'ConfigMap', namespace: ns(), name: 'regarded', apiVersion: 'v1' };
    const created = await t().request('POST', `/apis/events.k8s.io/v1/namespaces/${ns()}/events`, {
      body: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'regarding-select' },
        eventTime: '2026-01-01T00:00:00.000000Z',
        reportingController: 'example.com/selector-test',
        reportingInstance: 'selector-test-1',
        action: 'Testing',
        reason: 'Selected',
        type: 'Normal',
        regarding,
        note: 'selected by regarding.name',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const names = async (selector: string) => {
      const r = await t().request('GET', `/apis/events.k8s.io/v1/namespaces/${ns()}/events?fieldSelector=${encodeURIComponent(selector)}`);
      assert.equal(r.status, 200, `${selector}: ${JSON.stringify(r.body)}`);
      return r.body.items.map((e: any) => e.metadata.name);
    };
    assert.deepEqual(await names('regarding.name=regarded'), ['regarding-select']);
    assert.deepEqual(await names('regarding.name=someone-else'), []);
    assert.deepEqual(await names('regarding.kind=ConfigMap,reportingController=example.com/selector-test'), ['regarding-select']);
    const core = await t().request('GET', `/api/v1/namespaces/${ns()}/events?fieldSelector=involvedObject.name%3Dregarded`);
    assert.deepEqual(
      core.body.items.map((e: any) => e.metadata.name),
      ['regarding-select'],
    );
    const refused = await t().request(
      'GET',
      `/apis/events.k8s.io/v1/namespaces/${ns()}/events?fieldSelector=involvedObject.name%3Dregarded`,
    );
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, failure(400, 'BadRequest', 'field label not supported: involvedObject.name'));
  });

  it("refuses an update of a pod's fixed spec fields such as restartPolicy, and lets the image and active deadline change", async () => {
    // No controller-manager makes the default ServiceAccount on a bare API server.
    await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, { body: { metadata: { name: 'default' } } });
    const pods = `/api/v1/namespaces/${ns()}/pods`;
    const made = await t().request('POST', pods, {
      body: {
        metadata: { name: 'fixed-spec' },
        spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'busybox:1.36' }] },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const r = await t().request('PATCH', `${pods}/fixed-spec`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { restartPolicy: 'Never' } },
    });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.reason, 'Invalid');
    const forbidden =
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, ' +
      '`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or ' +
      '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
    assert.ok(r.body.message.startsWith(`Pod "fixed-spec" is invalid: spec: ${forbidden}`), r.body.message);
    assert.equal(r.body.details.name, 'fixed-spec');
    assert.equal(r.body.details.kind, 'Pod');
    assert.equal(r.body.details.causes.length, 1);
    assert.equal(r.body.details.causes[0].field, 'spec');
    assert.equal(r.body.details.causes[0].reason, 'FieldValueForbidden');
    assert.ok(r.body.details.causes[0].message.startsWith(forbidden));
    assert.equal((await t().request('GET', `${pods}/fixed-spec`)).body.spec.restartPolicy, 'Always');
    const allowed = await t().request('PATCH', `${pods}/fixed-spec`, {
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { activeDeadlineSeconds: 600, containers: [{ name: 'c', image: 'busybox:1.37' }] } },
    });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.equal(allowed.body.spec.containers[0].image, 'busybox:1.37');
    assert.equal(allowed.body.spec.activeDeadlineSeconds, 600);
  });

  it('names the resource (plural, with its group) in details of NotFound, AlreadyExists and Conflict, and the kind in Invalid', async () => {
    const cms = `/api/v1/namespaces/${ns()}/configmaps`;
    const first = await t().request('POST', cms, { body: { metadata: { name: 'detailed' } } });
    assert.equal(first.status, 201);
    const again = await t().request('POST', cms, { body: { metadata: { name: 'detailed' } } });
    assert.deepEqual(
      again.body,
      failure(409, 'AlreadyExists', 'configmaps "detailed" already exists', { name: 'detailed', kind: 'configmaps' }),
    );
    const stale = await t().request('PUT', `${cms}/detailed`, { body: { metadata: { name: 'detailed', resourceVersion: '1' } } });
    assert.deepEqual(
      stale.body,
      failure(
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "detailed": the object has been modified; please apply your changes to the latest version and try again',
        { name: 'detailed', kind: 'configmaps' },
      ),
    );
    const deployment = await t().request('GET', `/apis/apps/v1/namespaces/${ns()}/deployments/absent`);
    assert.deepEqual(
      deployment.body,
      failure(404, 'NotFound', 'deployments.apps "absent" not found', { name: 'absent', group: 'apps', kind: 'deployments' }),
    );
    const invalid = await t().request('POST', cms, { body: { metadata: { name: 'Not_Valid' } } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.details.kind, 'ConfigMap');
    assert.equal(invalid.body.details.name, 'Not_Valid');
    assert.equal(invalid.body.details.group, undefined);
  });

  it('refuses an owner reference without a uid, and answers a dry-run apply with the applier owning its fields', async () => {
    const cms = `/api/v1/namespaces/${ns()}/configmaps`;
    const owned = await t().request('POST', cms, {
      body: { metadata: { name: 'ownerless', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '' }] } },
    });
    assert.deepEqual(
      owned.body,
      failure(422, 'Invalid', 'ConfigMap "ownerless" is invalid: metadata.ownerReferences.uid: Invalid value: "": uid must not be empty', {
        name: 'ownerless',
        kind: 'ConfigMap',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: "": uid must not be empty', field: 'metadata.ownerReferences.uid' },
        ],
      }),
    );
    const applied = await t().request('PATCH', `${cms}/dry-applied?fieldManager=applier&dryRun=All`, {
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry-applied' }, data: { a: '1' } },
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    assert.equal(applied.body.metadata.resourceVersion, undefined);
    assert.deepEqual(
      applied.body.metadata.managedFields.map((m: any) => [m.manager, m.operation, m.fieldsV1]),
      [['applier', 'Apply', { 'f:data': { 'f:a': {} } }]],
    );
  });

  it('scales a custom resource whose replicas are unset with a merge patch of /scale (kubectl scale), and refuses a patch that leaves them unset', async () => {
    const fd = yaml.load(
      fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'flink-basic-session-deployment-only.yaml'), 'utf8'),
    ) as any;
    fd.metadata.name = 'scaled-by-patch';
    delete fd.spec.taskManager.replicas;
    const fds = `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments`;
    assert.equal((await t().request('POST', fds, { body: fd })).status, 201);
    const unset = await t().request('PATCH', `${fds}/scaled-by-patch/scale`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { touched: 'yes' } } },
    });
    assert.deepEqual(unset.body, failure(400, 'BadRequest', 'the spec replicas field ".spec.taskManager.replicas" cannot be empty'));
    const r = await t().request('PATCH', `${fds}/scaled-by-patch/scale`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 3 } },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.kind, 'Scale');
    assert.equal(r.body.apiVersion, 'autoscaling/v1');
    assert.deepEqual(r.body.spec, { replicas: 3 });
    assert.equal(r.body.metadata.name, 'scaled-by-patch');
    const stored = (await t().request('GET', `${fds}/scaled-by-patch`)).body;
    assert.equal(stored.spec.taskManager.replicas, 3);
    assert.equal(r.body.metadata.uid, stored.metadata.uid);
  });
});

describe("API conformance: the watch cache's window", () => {
  /** Real time for an emulated duration: the emulator's clock runs faster than the wall clock. */
  const realMs = (emulatedMs: number) => emulatedMs / (t().emulator?.clock.speed ?? 1);

  it('replays a watch from inside the window, and answers 410 Expired once its resourceVersion has left it', async function () {
    // The watch cache keeps every change younger than 75 s and at least its size's worth (100) of older ones.
    this.timeout(realMs(75_000) + 120_000);
    const secrets = `/api/v1/namespaces/${ns()}/secrets`;
    const made = await t().request('POST', secrets, { body: { metadata: { name: 'window' }, stringData: { n: '0' } } });
    assert.equal(made.status, 201);
    const rv0 = Number(made.body.metadata.resourceVersion);
    const touch = (n: number) =>
      t().request('PATCH', `${secrets}/window`, { contentType: 'application/merge-patch+json', body: { stringData: { n: String(n) } } });
    await touch(1);
    const watchFrom = async (rv: number) => {
      const w = t().watch(`${secrets}?watch=true&resourceVersion=${rv}`);
      await until(() => w.events.length >= 1);
      w.stop();
      return w.events[0];
    };
    const replayed = await watchFrom(rv0);
    assert.equal(replayed.type, 'MODIFIED');
    assert.equal(replayed.object.metadata.name, 'window');
    await new Promise((r) => setTimeout(r, realMs(76_000)));
    // Older changes now leave the window as new ones come in (a real cache may have grown past 100: fill it).
    let first: any;
    let n = 2;
    while (n < 5000) {
      for (const end = n + 100; n < end; n++) await touch(n);
      first = await watchFrom(rv0);
      if (first.type === 'ERROR') break;
    }
    assert.equal(first.type, 'ERROR', JSON.stringify(first));
    assert.equal(first.object.code, 410);
    assert.equal(first.object.reason, 'Expired');
    const m = /^too old resource version: (\d+) \((\d+)\)$/.exec(first.object.message);
    assert.ok(m, first.object.message);
    assert.equal(Number(m[1]), rv0);
    assert.ok(Number(m[2]) > rv0);
    // From where the window now starts, the watch resumes.
    assert.equal((await watchFrom(Number(m[2]))).type, 'MODIFIED');
  });
});
