import * as assert from 'node:assert/strict';
import { conformanceTarget, describeOnEmulator } from './target';

/** events.k8s.io/v1 as a converted view of core/v1 Events, and the ServiceAccount admission plugin. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const coreEvents = () => `/api/v1/namespaces/${ns()}/events`;
const v1Events = () => `/apis/events.k8s.io/v1/namespaces/${ns()}/events`;
const withoutMeta = ({ metadata: _m, ...rest }: any) => rest;

/** An events.k8s.io/v1 Event with everything the strict validation asks for. */
const newEvent = (name: string, extra: Record<string, unknown> = {}): Record<string, any> => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name },
  eventTime: '2024-01-01T00:00:00.000000Z',
  reportingController: 'example.com/reporter',
  reportingInstance: 'reporter-1',
  action: 'Pulling',
  reason: 'Started',
  regarding: { kind: 'Pod', name: 'p1', namespace: ns() },
  note: 'hello',
  type: 'Normal',
  ...extra,
});

describe('API conformance: events.k8s.io/v1 Events', () => {
  it('is discovered as a group of its own with the events resource', async () => {
    const list = await t().request('GET', '/apis/events.k8s.io/v1');
    assert.equal(list.status, 200);
    assert.equal(list.body.groupVersion, 'events.k8s.io/v1');
    const events = list.body.resources.find((r: any) => r.name === 'events');
    assert.deepEqual(
      { ...events, storageVersionHash: undefined },
      {
        name: 'events',
        singularName: '',
        namespaced: true,
        kind: 'Event',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['ev'],
        storageVersionHash: undefined,
      },
    );
    const group = (await t().request('GET', '/apis')).body.groups.find((g: any) => g.name === 'events.k8s.io');
    assert.deepEqual(group.preferredVersion, { groupVersion: 'events.k8s.io/v1', version: 'v1' });
  });

  it('serves a core/v1 Event converted: message as note, involvedObject as regarding, the old fields as deprecated*', async () => {
    const involvedObject = { kind: 'Pod', namespace: ns(), name: 'p1', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{x}' };
    const created = await t().request('POST', coreEvents(), {
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'from-core' },
        involvedObject,
        reason: 'Started',
        message: 'hello',
        type: 'Normal',
        source: { component: 'kubelet', host: 'node1' },
        firstTimestamp: '2024-01-01T00:00:00Z',
        lastTimestamp: '2024-01-01T00:01:00Z',
        count: 3,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // The core struct never omits these: an unset eventTime is null, the reporting fields empty strings.
    assert.equal(created.body.eventTime, null);
    assert.equal(created.body.reportingComponent, '');
    assert.equal(created.body.reportingInstance, '');
    const r = await t().request('GET', `${v1Events()}/from-core`);
    assert.equal(r.status, 200);
    assert.equal(r.body.metadata.uid, created.body.metadata.uid);
    assert.equal(r.body.metadata.resourceVersion, created.body.metadata.resourceVersion);
    assert.deepEqual(withoutMeta(r.body), {
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      eventTime: null,
      reason: 'Started',
      regarding: involvedObject,
      note: 'hello',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'node1' },
      deprecatedFirstTimestamp: '2024-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2024-01-01T00:01:00Z',
      deprecatedCount: 3,
    });
    // Managed fields stay as written, in the version they were written in.
    assert.equal(r.body.metadata.managedFields[0].apiVersion, 'v1');
    const list = await t().request('GET', v1Events());
    assert.equal(list.body.kind, 'EventList');
    assert.equal(list.body.apiVersion, 'events.k8s.io/v1');
    const item = list.body.items.find((i: any) => i.metadata.name === 'from-core');
    assert.equal(item.note, 'hello');
    assert.equal(item.kind, undefined);
  });

  it('stores an events.k8s.io/v1 Event as a core/v1 Event with every new field carried over', async () => {
    const body = newEvent('from-events', {
      related: { kind: 'Node', name: 'n1' },
      series: { count: 2, lastObservedTime: '2024-01-01T00:05:00.000000Z' },
    });
    const created = await t().request('POST', v1Events(), { body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(withoutMeta(created.body), {
      ...withoutMeta(body),
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
    const entry = created.body.metadata.managedFields[0];
    assert.equal(entry.apiVersion, 'events.k8s.io/v1');
    assert.deepEqual(entry.fieldsV1['f:regarding'], {});
    assert.deepEqual(entry.fieldsV1['f:note'], {});
    const core = await t().request('GET', `${coreEvents()}/from-events`);
    assert.deepEqual(withoutMeta(core.body), {
      kind: 'Event',
      apiVersion: 'v1',
      involvedObject: body.regarding,
      reason: 'Started',
      message: 'hello',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Normal',
      eventTime: body.eventTime,
      series: body.series,
      action: 'Pulling',
      related: body.related,
      reportingComponent: 'example.com/reporter',
      reportingInstance: 'reporter-1',
    });
  });

  it('refuses an events.k8s.io/v1 Event without eventTime with 422, reported as the core kind', async () => {
    const { eventTime: _e, ...body } = newEvent('no-time');
    const r = await t().request('POST', v1Events(), { body });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Event "no-time" is invalid: eventTime: Required value',
      reason: 'Invalid',
      details: {
        name: 'no-time',
        kind: 'Event',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'eventTime' }],
      },
      code: 422,
    });
  });

  it('refuses an events.k8s.io/v1 Event without reportingController, reportingInstance and action', async () => {
    const { reportingController: _c, reportingInstance: _i, action: _a, ...body } = newEvent('no-reporter');
    const r = await t().request('POST', v1Events(), { body });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.details.causes, [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'reportingController' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": name part must be non-empty', field: 'reportingController' },
      {
        reason: 'FieldValueInvalid',
        message:
          "Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        field: 'reportingController',
      },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'reportingInstance' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'action' },
    ]);
    // Through core/v1 the same rule names the core field.
    const core = await t().request('POST', coreEvents(), {
      body: { metadata: { name: 'core-no-reporter' }, eventTime: '2024-01-01T00:00:00.000000Z', involvedObject: { namespace: ns() } },
    });
    assert.equal(core.status, 422);
    assert.deepEqual(
      core.body.details.causes.map((c: any) => c.field),
      ['reportingComponent', 'reportingComponent', 'reportingComponent', 'reportingInstance', 'action', 'reason'],
    );
  });

  it('refuses the deprecated fields, a bad type and a short series through events.k8s.io/v1, naming the core fields', async () => {
    const r = await t().request('POST', v1Events(), {
      body: newEvent('deprecated', {
        type: 'Info',
        deprecatedCount: 2,
        deprecatedSource: { component: 'x' },
        deprecatedFirstTimestamp: '2024-01-01T00:00:00Z',
        series: { count: 1 },
      }),
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.details.kind, 'Event');
    assert.equal(r.body.details.group, undefined);
    assert.deepEqual(r.body.details.causes, [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": should be at least 2', field: 'series.count' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'series.lastObservedTime' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": has invalid value: Info', field: 'type' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": needs to be unset', field: 'firstTimestamp' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": needs to be unset', field: 'count' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": needs to be unset', field: 'source' },
    ]);
    // A core/v1 Event whose involved object is in another namespace is refused too.
    const core = await t().request('POST', coreEvents(), {
      body: { metadata: { name: 'elsewhere' }, involvedObject: { namespace: 'other' } },
    });
    assert.equal(core.status, 422);
    assert.equal(
      core.body.message,
      'Event "elsewhere" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    );
  });

  it('makes everything but the series immutable through events.k8s.io/v1, not through core/v1', async () => {
    assert.equal((await t().request('POST', v1Events(), { body: newEvent('immutable') })).status, 201);
    const merge = { contentType: 'application/merge-patch+json' };
    const note = await t().request('PATCH', `${v1Events()}/immutable`, { ...merge, body: { note: 'changed' } });
    assert.equal(note.status, 422);
    assert.equal(note.body.message, 'Event "immutable" is invalid: message: Invalid value: "changed": field is immutable');
    const series = await t().request('PATCH', `${v1Events()}/immutable`, {
      ...merge,
      body: { series: { count: 5, lastObservedTime: '2024-01-01T00:09:00.000000Z' } },
    });
    assert.equal(series.status, 200, JSON.stringify(series.body));
    assert.equal(series.body.series.count, 5);
    const core = await t().request('PATCH', `${coreEvents()}/immutable`, { ...merge, body: { message: 'changed via core' } });
    assert.equal(core.status, 200);
    assert.equal((await t().request('GET', `${v1Events()}/immutable`)).body.note, 'changed via core');
  });

  it('names the group in NotFound, AlreadyExists and the delete Status', async () => {
    const missing = await t().request('GET', `${v1Events()}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'events.events.k8s.io "nope" not found');
    assert.deepEqual(missing.body.details, { name: 'nope', group: 'events.k8s.io', kind: 'events' });
    assert.equal((await t().request('POST', v1Events(), { body: newEvent('twice') })).status, 201);
    const again = await t().request('POST', v1Events(), { body: newEvent('twice') });
    assert.equal(again.status, 409);
    assert.equal(again.body.message, 'events.events.k8s.io "twice" already exists');
    const deleted = await t().request('DELETE', `${v1Events()}/twice`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.kind, 'Status');
    assert.equal(deleted.body.status, 'Success');
    assert.deepEqual(
      { ...deleted.body.details, uid: undefined },
      { name: 'twice', group: 'events.k8s.io', kind: 'events', uid: undefined },
    );
    assert.equal((await t().request('GET', `${coreEvents()}/twice`)).status, 404);
  });

  it('watches core/v1 writes through events.k8s.io/v1, converted', async () => {
    const rv = (await t().request('GET', v1Events())).body.metadata.resourceVersion;
    const w = t().watch(`${v1Events()}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched`);
    await new Promise((r) => setTimeout(r, 300));
    await t().request('POST', coreEvents(), {
      body: {
        metadata: { name: 'watched' },
        involvedObject: { kind: 'Pod', name: 'p1', namespace: ns() },
        reason: 'Seen',
        message: 'm',
        type: 'Normal',
      },
    });
    const deadline = Date.now() + 5000;
    while (w.events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    w.stop();
    assert.equal(w.events[0]?.type, 'ADDED', JSON.stringify(w.events));
    assert.equal(w.events[0].object.apiVersion, 'events.k8s.io/v1');
    assert.equal(w.events[0].object.note, 'm');
    assert.equal(w.events[0].object.regarding.name, 'p1');
  });

  it('authorizes events.k8s.io events by their own group: core/v1 rights do not reach them', async () => {
    const user = { user: 'core-events@example.com' };
    await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/roles`, {
      body: { metadata: { name: 'core-events' }, rules: [{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list'] }] },
    });
    await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/rolebindings`, {
      body: {
        metadata: { name: 'core-events' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'core-events' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user.user }],
      },
    });
    const deadline = Date.now() + 5000;
    while ((await t().request('GET', coreEvents(), { impersonate: user })).status !== 200 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const r = await t().request('GET', v1Events(), { impersonate: user });
    assert.equal(r.status, 403);
    assert.equal(
      r.body.message,
      `events.events.k8s.io is forbidden: User "${user.user}" cannot list resource "events" in API group "events.k8s.io" in the namespace "${ns()}"`,
    );
    assert.deepEqual(r.body.details, { group: 'events.k8s.io', kind: 'events' });
  });
});

describe('API conformance: ServiceAccount admission', () => {
  const pods = () => `/api/v1/namespaces/${ns()}/pods`;
  const pod = (name: string, spec: Record<string, unknown> = {}) => ({
    metadata: { name },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec },
  });

  before(async () => {
    // Without a controller-manager nobody creates the namespace's default ServiceAccount.
    await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, { body: { metadata: { name: 'default' } } });
    await t().request('POST', `/api/v1/namespaces/${ns()}/serviceaccounts`, {
      body: { metadata: { name: 'no-token' }, automountServiceAccountToken: false },
    });
  });

  it('refuses a pod whose service account does not exist with 403, before validating it', async () => {
    const r = await t().request('POST', pods(), { body: pod('orphan', { serviceAccountName: 'missing', containers: [] }) });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods "orphan" is forbidden: error looking up service account ${ns()}/missing: serviceaccount "missing" not found`,
      reason: 'Forbidden',
      details: { name: 'orphan', kind: 'pods' },
      code: 403,
    });
    const dryRun = await t().request('POST', `${pods()}?dryRun=All`, { body: pod('orphan', { serviceAccount: 'missing' }) });
    assert.equal(dryRun.status, 403);
  });

  it('mounts the projected API access volume into every container, owned by no field manager', async () => {
    const r = await t().request('POST', pods(), {
      body: pod('mounted', {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'main', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          { name: 'side', image: 'busybox:1.36' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      }),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const spec = r.body.spec;
    assert.equal(spec.volumes.length, 2);
    assert.deepEqual(spec.volumes[0], { name: 'data', emptyDir: {} });
    const token = spec.volumes[1];
    assert.match(token.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(token.projected.defaultMode, 420);
    // Upstream's three sources come first (a distribution may add its own after them).
    assert.deepEqual(token.projected.sources.slice(0, 3), [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ]);
    const mount = { name: token.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    assert.deepEqual(spec.initContainers[0].volumeMounts, [mount]);
    assert.deepEqual(spec.containers[0].volumeMounts, [{ name: 'data', mountPath: '/data' }, mount]);
    assert.deepEqual(spec.containers[1].volumeMounts, [mount]);
    assert.equal(spec.serviceAccountName, 'default');
    const fields = r.body.metadata.managedFields[0].fieldsV1['f:spec'];
    assert.deepEqual(
      Object.keys(fields['f:volumes']).filter((k) => k.startsWith('k:')),
      ['k:{"name":"data"}'],
    );
    assert.equal(fields['f:containers']['k:{"name":"side"}']['f:volumeMounts'], undefined);
  });

  it('mounts nothing when the pod or its service account turns automounting off, and the pod decides', async () => {
    const off = await t().request('POST', pods(), { body: pod('pod-off', { automountServiceAccountToken: false }) });
    assert.equal(off.status, 201);
    assert.equal(off.body.spec.volumes, undefined);
    assert.equal(off.body.spec.containers[0].volumeMounts, undefined);
    const saOff = await t().request('POST', pods(), { body: pod('sa-off', { serviceAccountName: 'no-token' }) });
    assert.equal(saOff.body.spec.volumes, undefined);
    const podOn = await t().request('POST', pods(), {
      body: pod('pod-on', { serviceAccountName: 'no-token', automountServiceAccountToken: true }),
    });
    assert.equal(podOn.body.spec.volumes.length, 1);
    assert.match(podOn.body.spec.volumes[0].name, /^kube-api-access-/);
  });

  describeOnEmulator('with the controller-manager', 'the service account controller of kube-controller-manager', () => {
    it('has a default ServiceAccount in every new namespace (the controller-manager creates it)', async () => {
      const name = `${ns()}-sa`;
      await t().request('POST', '/api/v1/namespaces', { body: { metadata: { name } } });
      try {
        const created = await t().request('POST', `/api/v1/namespaces/${name}/pods`, { body: pod('first') });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const sa = await t().request('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`);
        assert.equal(sa.status, 200);
        assert.deepEqual(Object.keys(sa.body).sort(), ['apiVersion', 'kind', 'metadata']);
      } finally {
        await t().request('DELETE', `/api/v1/namespaces/${name}`);
      }
    });
  });
});
