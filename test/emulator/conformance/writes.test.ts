import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { conformanceTarget } from './target';

/** Writes a real server rejects or changes: field validation, dry run, label syntax, immutability, defaulting. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const cmPath = (name = '') => `/api/v1/namespaces/${ns()}/configmaps${name ? `/${name}` : ''}`;
const deployPath = (name = '') => `/apis/apps/v1/namespaces/${ns()}/deployments${name ? `/${name}` : ''}`;
const warnings = (headers: Record<string, string | string[] | undefined>): string[] => {
  const w = headers.warning;
  return w === undefined ? [] : Array.isArray(w) ? w : w.split(/,(?=\s*299 )/).map((x) => x.trim());
};

function deployment(name: string): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

describe('API conformance: writes', () => {
  describe('fieldValidation', () => {
    const body = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, bogus: 1 }, foo: 'bar', data: { a: '1' } });

    it('warns about unknown fields by default with 299 Warning headers and drops them', async () => {
      const r = await t().request('POST', cmPath(), { body: body('fv-warn') });
      assert.equal(r.status, 201);
      assert.deepEqual(warnings(r.headers), ['299 - "unknown field \\"metadata.bogus\\""', '299 - "unknown field \\"foo\\""']);
      const stored = (await t().request('GET', cmPath('fv-warn'))).body;
      assert.equal(stored.foo, undefined);
      assert.equal(stored.metadata.bogus, undefined);
    });

    it('drops unknown fields silently with Ignore and refuses them with Strict', async () => {
      const ignored = await t().request('POST', `${cmPath()}?fieldValidation=Ignore`, { body: body('fv-ignore') });
      assert.equal(ignored.status, 201);
      assert.deepEqual(warnings(ignored.headers), []);
      assert.equal(ignored.body.foo, undefined);
      const strict = await t().request('POST', `${cmPath()}?fieldValidation=Strict`, { body: body('fv-strict') });
      assert.equal(strict.status, 400);
      assert.equal(strict.body.reason, 'BadRequest');
      assert.equal(
        strict.body.message,
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogus", unknown field "foo"',
      );
      assert.equal((await t().request('GET', cmPath('fv-strict'))).status, 404);
    });

    it('rejects an unknown fieldValidation value on the request options', async () => {
      const r = await t().request('POST', `${cmPath()}?fieldValidation=Foo`, { body: body('fv-foo') });
      assert.equal(r.status, 422);
      assert.equal(
        r.body.message,
        'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Foo": supported values: "", "Ignore", "Strict", "Warn"',
      );
      assert.deepEqual(r.body.details.causes, [
        {
          reason: 'FieldValueNotSupported',
          message: 'Unsupported value: "Foo": supported values: "", "Ignore", "Strict", "Warn"',
          field: 'fieldValidation',
        },
      ]);
    });
  });

  describe('dryRun', () => {
    it('accepts only All', async () => {
      const r = await t().request('POST', `${cmPath()}?dryRun=Foo`, { body: { metadata: { name: 'dry-foo' } } });
      assert.equal(r.status, 422);
      assert.deepEqual(r.body.details, {
        group: 'meta.k8s.io',
        kind: 'CreateOptions',
        causes: [
          { reason: 'FieldValueNotSupported', message: 'Unsupported value: []string{"Foo"}: supported values: "All"', field: 'dryRun' },
        ],
      });
    });

    it('answers a dry-run create like a create, without a resourceVersion, and stores nothing', async () => {
      const r = await t().request('POST', `${cmPath()}?dryRun=All`, { body: { metadata: { name: 'dry-create' } } });
      assert.equal(r.status, 201);
      assert.match(r.body.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.ok(r.body.metadata.creationTimestamp);
      assert.equal(r.body.metadata.resourceVersion, undefined);
      assert.equal((await t().request('GET', cmPath('dry-create'))).status, 404);
    });

    it('answers a dry-run update with the next generation but the stored resourceVersion, storing nothing', async () => {
      await t().request('POST', deployPath(), { body: deployment('dry-update') });
      // Controllers may write status meanwhile: read, then update from what was read.
      let live: any;
      let r: Awaited<ReturnType<ReturnType<typeof t>['request']>>;
      do {
        live = (await t().request('GET', deployPath('dry-update'))).body;
        r = await t().request('PUT', `${deployPath('dry-update')}?dryRun=All`, { body: { ...live, spec: { ...live.spec, replicas: 5 } } });
      } while (r.status === 409);
      assert.equal(r.status, 200);
      assert.equal(r.body.metadata.generation, 2);
      assert.equal(r.body.metadata.resourceVersion, live.metadata.resourceVersion);
      const stored = (await t().request('GET', deployPath('dry-update'))).body;
      assert.equal(stored.spec.replicas, 1);
      assert.equal(stored.metadata.generation, 1);
    });
  });

  describe('validation', () => {
    it('checks label keys and values with the messages of apimachinery', async () => {
      const r = await t().request('POST', cmPath(), {
        body: { metadata: { name: 'bad-labels', labels: { 'bad key!': 'v', ok: 'bad value!' } } },
      });
      assert.equal(r.status, 422);
      assert.match(r.body.message, /^ConfigMap "bad-labels" is invalid: \[metadata\.labels: Invalid value: .*\]$/);
      const causes = [...r.body.details.causes].sort((a: any, b: any) => a.message.localeCompare(b.message));
      assert.deepEqual(causes, [
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
          field: 'metadata.labels',
        },
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
          field: 'metadata.labels',
        },
      ]);
    });

    it('keeps an immutable ConfigMap, data and flag, unchanged with FieldValueForbidden', async () => {
      await t().request('POST', cmPath(), { body: { metadata: { name: 'frozen' }, immutable: true, data: { a: '1' } } });
      const data = await t().request('PATCH', cmPath('frozen'), {
        contentType: 'application/merge-patch+json',
        body: { data: { a: '2' } },
      });
      assert.equal(data.status, 422);
      assert.equal(data.body.message, 'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
      assert.deepEqual(data.body.details, {
        name: 'frozen',
        kind: 'ConfigMap',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: 'data' }],
      });
      const flag = await t().request('PATCH', cmPath('frozen'), {
        contentType: 'application/merge-patch+json',
        body: { immutable: false },
      });
      assert.equal(flag.status, 422);
      assert.equal(flag.body.details.causes[0].field, 'immutable');
    });

    it('refuses an object whose namespace differs from the URL', async () => {
      const r = await t().request('POST', cmPath(), { body: { metadata: { name: 'elsewhere', namespace: 'kube-system' } } });
      assert.equal(r.status, 400);
      assert.equal(r.body.reason, 'BadRequest');
      assert.equal(r.body.message, 'the namespace of the provided object does not match the namespace sent on the request');
    });
  });

  describe('defaulting', () => {
    it('defaults a Deployment and its pod template as the API server does', async () => {
      const r = await t().request('POST', deployPath(), { body: deployment('defaulted') });
      assert.equal(r.status, 201);
      const d = r.body;
      assert.deepEqual(d.status, {});
      assert.equal(d.metadata.generation, 1);
      assert.equal(d.spec.replicas, 1);
      assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
      assert.equal(d.spec.revisionHistoryLimit, 10);
      assert.equal(d.spec.progressDeadlineSeconds, 600);
      assert.deepEqual(d.spec.template.metadata, { creationTimestamp: null, labels: { app: 'defaulted' } });
      const { containers, ...pod } = d.spec.template.spec;
      assert.deepEqual(pod, {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
      });
      assert.deepEqual(containers, [
        {
          name: 'main',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ]);
    });

    it('defaults a pod: requests from limits, tolerations, priority, service account, pull policy, status', async () => {
      // Without a controller-manager nobody creates the namespace's default ServiceAccount, which pods need.
      await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, { body: { metadata: { name: 'default' } } });
      const r = await t().request('POST', `/api/v1/namespaces/${ns()}/pods`, {
        body: {
          metadata: { name: 'defaulted-pod' },
          spec: { containers: [{ name: 'main', image: 'busybox', resources: { limits: { cpu: '1' } } }] },
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const p = r.body;
      const c = p.spec.containers[0];
      assert.deepEqual(c.resources, { limits: { cpu: '1' }, requests: { cpu: '1' } });
      assert.equal(c.terminationMessagePath, '/dev/termination-log');
      assert.equal(c.terminationMessagePolicy, 'File');
      assert.equal(c.imagePullPolicy, 'Always');
      assert.equal(p.spec.restartPolicy, 'Always');
      assert.equal(p.spec.terminationGracePeriodSeconds, 30);
      assert.equal(p.spec.dnsPolicy, 'ClusterFirst');
      assert.equal(p.spec.serviceAccountName, 'default');
      assert.equal(p.spec.serviceAccount, 'default');
      assert.deepEqual(p.spec.securityContext, {});
      assert.equal(p.spec.schedulerName, 'default-scheduler');
      assert.deepEqual(p.spec.tolerations, [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ]);
      assert.equal(p.spec.priority, 0);
      assert.equal(p.spec.enableServiceLinks, true);
      assert.equal(p.spec.preemptionPolicy, 'PreemptLowerPriority');
      assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'Burstable' });
    });
  });

  describe('custom resource scale and generation', () => {
    const fdPath = (name = '', sub = '') =>
      `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments${name ? `/${name}` : ''}${sub ? `/${sub}` : ''}`;
    const session = (name: string) => {
      const fd = yaml.load(
        fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'flink-basic-session-deployment-only.yaml'), 'utf8'),
      ) as any;
      fd.metadata.name = name;
      delete fd.spec.taskManager.replicas;
      return fd;
    };

    it('prunes, warns about or refuses unknown fields of a custom resource through its schema', async () => {
      const fd = session('pruned-fd');
      fd.spec.bogus = 1;
      fd.metadata.odd = 2;
      const strict = await t().request('POST', `${fdPath()}?fieldValidation=Strict`, { body: fd });
      assert.equal(strict.status, 400);
      assert.equal(
        strict.body.message,
        'FlinkDeployment in version "v1beta1" cannot be handled as a FlinkDeployment: strict decoding error: unknown field "metadata.odd", unknown field "spec.bogus"',
      );
      const warned = await t().request('POST', fdPath(), { body: fd });
      assert.equal(warned.status, 201);
      assert.deepEqual(warnings(warned.headers), ['299 - "unknown field \\"metadata.odd\\""', '299 - "unknown field \\"spec.bogus\\""']);
      assert.equal(warned.body.spec.bogus, undefined);
      assert.equal(warned.body.metadata.odd, undefined);
    });

    it("names the group and the schema path in a custom resource's Invalid status", async () => {
      const fd = session('invalid-fd');
      fd.spec.jobManager.replicas = 'two';
      const r = await t().request('POST', fdPath(), { body: fd });
      assert.equal(r.status, 422);
      const message = 'Invalid value: "string": spec.jobManager.replicas in body must be of type integer: "string"';
      assert.equal(r.body.message, `FlinkDeployment.flink.apache.org "invalid-fd" is invalid: spec.jobManager.replicas: ${message}`);
      assert.deepEqual(r.body.details, {
        name: 'invalid-fd',
        group: 'flink.apache.org',
        kind: 'FlinkDeployment',
        causes: [{ reason: 'FieldValueTypeInvalid', message, field: 'spec.jobManager.replicas' }],
      });
    });

    it('cannot read the scale of a custom resource while its replicas path is unset', async () => {
      await t().request('POST', fdPath(), { body: session('unscaled') });
      const r = await t().request('GET', fdPath('unscaled', 'scale'));
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Internal error occurred: the spec replicas field ".spec.taskManager.replicas" does not exist',
        reason: 'InternalError',
        details: { causes: [{ message: 'the spec replicas field ".spec.taskManager.replicas" does not exist' }] },
        code: 500,
      });
    });

    it("writes the scale through the CRD's specReplicasPath, bumping generation for spec changes only", async () => {
      const created = (await t().request('POST', fdPath(), { body: session('scaled-fd') })).body;
      assert.equal(created.metadata.generation, 1);
      const put = await t().request('PUT', fdPath('scaled-fd', 'scale'), {
        body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'scaled-fd' }, spec: { replicas: 2 } },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.kind, 'Scale');
      assert.equal(put.body.apiVersion, 'autoscaling/v1');
      assert.equal(put.body.spec.replicas, 2);
      assert.equal(typeof put.body.status.replicas, 'number');
      const fd = (await t().request('GET', fdPath('scaled-fd'))).body;
      assert.equal(fd.spec.taskManager.replicas, 2);
      assert.equal(fd.metadata.generation, 2);
      const labelled = await t().request('PATCH', fdPath('scaled-fd'), {
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { extra: 'yes' } } },
      });
      assert.equal(labelled.body.metadata.generation, 2);
      const scale = (await t().request('GET', fdPath('scaled-fd', 'scale'))).body;
      assert.equal(scale.spec.replicas, 2);
    });
  });
});
