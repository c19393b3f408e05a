import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { conformanceTarget, describeOnEmulator } from './target';

const t = () => conformanceTarget();
const ns = () => t().namespace;
const core = () => t().kc.makeApiClient(k8s.CoreV1Api);
const apps = () => t().kc.makeApiClient(k8s.AppsV1Api);
const cmPath = (name = '') => `/api/v1/namespaces/${ns()}/configmaps${name ? `/${name}` : ''}`;
const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

function deployment(name: string, image = 'nginx:1.27', replicas = 1): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image, env: [{ name: 'A', value: '1' }] }] } },
    },
  };
}

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('API conformance', () => {
  describe('discovery', () => {
    it('lists the core version, the groups we use and their resources with verbs', async () => {
      const api = await t().request('GET', '/api');
      assert.deepEqual(api.body.versions, ['v1']);
      const groups = (await t().request('GET', '/apis')).body.groups.map((g: any) => g.name);
      for (const g of [
        'apps',
        'rbac.authorization.k8s.io',
        'authorization.k8s.io',
        'authentication.k8s.io',
        'apiextensions.k8s.io',
        'flink.apache.org',
      ])
        assert.ok(groups.includes(g), g);
      const v1 = (await t().request('GET', '/api/v1')).body.resources;
      const cms = v1.find((r: any) => r.name === 'configmaps');
      assert.equal(cms.namespaced, true);
      for (const verb of ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']) assert.ok(cms.verbs.includes(verb), verb);
      assert.ok(v1.some((r: any) => r.name === 'pods/log'));
      const flink = (await t().request('GET', '/apis/flink.apache.org/v1beta1')).body.resources.map((r: any) => r.name);
      assert.ok(flink.includes('flinkdeployments') && flink.includes('flinksessionjobs'));
    });
  });

  describe('CRUD with client-node', () => {
    it('creates, reads, lists, replaces and deletes with server-set metadata and rising resourceVersions', async () => {
      const created = await core().createNamespacedConfigMap({ namespace: ns(), body: cm('crud', { app: 'x' }) });
      assert.match(created.metadata!.uid!, /^[0-9a-f-]{36}$/);
      assert.ok(created.metadata!.creationTimestamp);
      const rv1 = Number(created.metadata!.resourceVersion);
      const got = await core().readNamespacedConfigMap({ name: 'crud', namespace: ns() });
      assert.equal(got.data!.a, '1');
      const replaced = await core().replaceNamespacedConfigMap({ name: 'crud', namespace: ns(), body: { ...got, data: { a: '2' } } });
      assert.ok(Number(replaced.metadata!.resourceVersion) > rv1);
      assert.equal(replaced.metadata!.uid, created.metadata!.uid);
      const list = await core().listNamespacedConfigMap({ namespace: ns(), labelSelector: 'app=x' });
      assert.deepEqual(
        list.items.map((i) => i.metadata!.name),
        ['crud'],
      );
      assert.ok(Number(list.metadata!.resourceVersion) >= Number(replaced.metadata!.resourceVersion));
      await core().deleteNamespacedConfigMap({ name: 'crud', namespace: ns() });
      await assert.rejects(core().readNamespacedConfigMap({ name: 'crud', namespace: ns() }), (e: any) => e.code === 404);
    });

    it('generates names from generateName', async () => {
      const a = await core().createNamespacedConfigMap({ namespace: ns(), body: { metadata: { generateName: 'gen-' }, data: {} } });
      const b = await core().createNamespacedConfigMap({ namespace: ns(), body: { metadata: { generateName: 'gen-' }, data: {} } });
      assert.match(a.metadata!.name!, /^gen-[a-z0-9]{5}$/);
      assert.notEqual(a.metadata!.name, b.metadata!.name);
    });
  });

  describe('errors as Status objects', () => {
    it('404 NotFound names the resource', async () => {
      const r = await t().request('GET', cmPath('absent'));
      assert.equal(r.status, 404);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'NotFound');
      assert.equal(r.body.message, 'configmaps "absent" not found');
      assert.equal(r.body.details.name, 'absent');
    });

    it('409 AlreadyExists on a duplicate create', async () => {
      await t().request('POST', cmPath(), { body: cm('dup') });
      const r = await t().request('POST', cmPath(), { body: cm('dup') });
      assert.equal(r.status, 409);
      assert.equal(r.body.reason, 'AlreadyExists');
    });

    it('409 Conflict on an update with a stale resourceVersion, leaving the object untouched', async () => {
      const first = (await t().request('POST', cmPath(), { body: cm('stale') })).body;
      const second = (await t().request('PUT', cmPath('stale'), { body: { ...first, data: { a: 'second' } } })).body;
      const r = await t().request('PUT', cmPath('stale'), { body: { ...first, data: { a: 'third' } } });
      assert.equal(r.status, 409);
      assert.equal(r.body.reason, 'Conflict');
      assert.match(r.body.message, /the object has been modified/);
      assert.equal((await t().request('GET', cmPath('stale'))).body.data.a, 'second');
      assert.notEqual(second.metadata.resourceVersion, first.metadata.resourceVersion);
    });

    it('422 Invalid with the field for a bad name', async () => {
      const r = await t().request('POST', cmPath(), { body: cm('Bad_Name') });
      assert.equal(r.status, 422);
      assert.equal(r.body.reason, 'Invalid');
      assert.equal(r.body.details.causes[0].field, 'metadata.name');
    });

    it('400 BadRequest for an unparsable label selector', async () => {
      const r = await t().request('GET', `${cmPath()}?labelSelector=${encodeURIComponent('a in (b')}`);
      assert.equal(r.status, 400);
    });
  });

  describe('selectors and paging', () => {
    before(async () => {
      for (let i = 0; i < 12; i++)
        await t().request('POST', cmPath(), {
          body: cm(`sel-${String(i).padStart(2, '0')}`, { group: i % 2 ? 'odd' : 'even', tier: i < 4 ? 'front' : 'back', sel: 'yes' }),
        });
    });

    it('filters by equality, set-based and existence label selectors', async () => {
      const names = async (sel: string) =>
        (await core().listNamespacedConfigMap({ namespace: ns(), labelSelector: sel })).items.map((i) => i.metadata!.name!);
      assert.equal((await names('sel=yes,group=odd')).length, 6);
      assert.deepEqual(await names('sel=yes,group!=odd,tier in (front)'), ['sel-00', 'sel-02']);
      assert.equal((await names('sel,tier notin (front)')).length, 8);
      assert.equal((await names('sel=yes,!tier')).length, 0);
    });

    it('filters by field selector', async () => {
      const r = await core().listNamespacedConfigMap({ namespace: ns(), fieldSelector: 'metadata.name=sel-03' });
      assert.deepEqual(
        r.items.map((i) => i.metadata!.name),
        ['sel-03'],
      );
    });

    it('pages with limit and continue, returning each object once', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await core().listNamespacedConfigMap({ namespace: ns(), labelSelector: 'sel=yes', limit: 5, _continue: token });
        seen.push(...page.items.map((i) => i.metadata!.name!));
        token = page.metadata!._continue || undefined;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...seen].sort());
      assert.equal(new Set(seen).size, 12);
    });
  });

  describe('patch and apply', () => {
    it('merge patch adds and removes keys', async () => {
      await t().request('POST', cmPath(), { body: cm('merge', {}, { a: '1', b: '2' }) });
      const r = await t().request('PATCH', cmPath('merge'), {
        contentType: 'application/merge-patch+json',
        body: { data: { b: null, c: '3' } },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data, { a: '1', c: '3' });
    });

    it('JSON patch applies operations and fails whole on a failed test', async () => {
      await t().request('POST', cmPath(), { body: cm('jsonpatch', {}, { a: '1' }) });
      const ok = await t().request('PATCH', cmPath('jsonpatch'), {
        contentType: 'application/json-patch+json',
        body: [
          { op: 'add', path: '/data/b', value: '2' },
          { op: 'replace', path: '/data/a', value: 'x' },
        ],
      });
      assert.deepEqual(ok.body.data, { a: 'x', b: '2' });
      const bad = await t().request('PATCH', cmPath('jsonpatch'), {
        contentType: 'application/json-patch+json',
        body: [
          { op: 'remove', path: '/data/b' },
          { op: 'test', path: '/data/a', value: 'nope' },
        ],
      });
      assert.equal(bad.status, 422);
      assert.deepEqual((await t().request('GET', cmPath('jsonpatch'))).body.data, { a: 'x', b: '2' });
    });

    it('strategic merge patch merges containers and env by name', async () => {
      const base = `/apis/apps/v1/namespaces/${ns()}/deployments`;
      await t().request('POST', base, { body: deployment('smp') });
      const r = await t().request('PATCH', `${base}/smp`, {
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'main', env: [{ name: 'B', value: '2' }] },
                  { name: 'sidecar', image: 'busybox:1.36' },
                ],
              },
            },
          },
        },
      });
      assert.equal(r.status, 200);
      const containers = r.body.spec.template.spec.containers;
      assert.deepEqual(
        containers.map((c: any) => c.name),
        ['main', 'sidecar'],
      );
      assert.equal(containers[0].image, 'nginx:1.27');
      // New keys named in the patch come before the items only the server had (apimachinery's mergeSortedSlice).
      assert.deepEqual(
        containers[0].env.map((e: any) => e.name),
        ['B', 'A'],
      );
    });

    it('strategic merge patch is refused for custom resources', async () => {
      const r = await t().request('PATCH', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments/x`, {
        contentType: 'application/strategic-merge-patch+json',
        body: {},
      });
      assert.ok(r.status === 415 || r.status === 404, String(r.status));
    });

    it('server-side apply creates, records the field manager, reports conflicts and takes fields with force', async () => {
      const url = (mgr: string, force = false) => `${cmPath('ssa')}?fieldManager=${mgr}${force ? '&force=true' : ''}`;
      const applyCt = 'application/apply-patch+yaml';
      const created = await t().request('PATCH', url('alpha'), {
        contentType: applyCt,
        body: yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { shared: 'a', mine: 'a' } }),
      });
      assert.equal(created.status, 201);
      assert.ok(created.body.metadata.managedFields.some((m: any) => m.manager === 'alpha' && m.operation === 'Apply'));
      const conflict = await t().request('PATCH', url('beta'), {
        contentType: applyCt,
        body: yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { shared: 'b' } }),
      });
      assert.equal(conflict.status, 409);
      assert.match(conflict.body.message, /conflict with "alpha"/);
      assert.equal(conflict.body.details.causes[0].field, '.data.shared');
      const forced = await t().request('PATCH', url('beta', true), {
        contentType: applyCt,
        body: yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { shared: 'b' } }),
      });
      assert.equal(forced.status, 200);
      assert.deepEqual(forced.body.data, { shared: 'b', mine: 'a' });
      // alpha drops "mine" from its configuration: the field goes, since nobody else owns it.
      const dropped = await t().request('PATCH', url('alpha'), {
        contentType: applyCt,
        body: yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: {} }),
      });
      assert.deepEqual(dropped.body.data, { shared: 'b' });
    });

    it('bumps generation on spec changes only', async () => {
      const created = (await apps().createNamespacedDeployment({ namespace: ns(), body: deployment('gen') })) as any;
      assert.equal(created.metadata.generation, 1);
      const labelled = (
        await t().request('PATCH', `/apis/apps/v1/namespaces/${ns()}/deployments/gen`, {
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { x: 'y' } } },
        })
      ).body;
      assert.equal(labelled.metadata.generation, 1);
      const scaled = (
        await t().request('PATCH', `/apis/apps/v1/namespaces/${ns()}/deployments/gen`, {
          contentType: 'application/merge-patch+json',
          body: { spec: { replicas: 3 } },
        })
      ).body;
      assert.equal(scaled.metadata.generation, 2);
    });

    it('reads and writes the scale subresource', async () => {
      await apps().createNamespacedDeployment({ namespace: ns(), body: deployment('scaled', 'nginx:1.27', 2) });
      const scale = await apps().readNamespacedDeploymentScale({ name: 'scaled', namespace: ns() });
      assert.equal(scale.spec!.replicas, 2);
      await apps().replaceNamespacedDeploymentScale({ name: 'scaled', namespace: ns(), body: { ...scale, spec: { replicas: 0 } } });
      assert.equal((await apps().readNamespacedDeployment({ name: 'scaled', namespace: ns() })).spec!.replicas, 0);
    });
  });

  describe('watch', () => {
    it('streams ADDED, MODIFIED and DELETED in order through client-node', async () => {
      const events: string[] = [];
      const watch = new k8s.Watch(t().kc);
      const list = await core().listNamespacedConfigMap({ namespace: ns(), labelSelector: 'watched=yes' });
      const req = await watch.watch(
        cmPath(),
        { labelSelector: 'watched=yes', resourceVersion: list.metadata!.resourceVersion },
        (type, obj: any) => events.push(`${type} ${obj.metadata.name} ${obj.data?.a ?? ''}`.trim()),
        () => undefined,
      );
      await t().request('POST', cmPath(), { body: cm('w1', { watched: 'yes' }) });
      await t().request('PATCH', cmPath('w1'), { contentType: 'application/merge-patch+json', body: { data: { a: '2' } } });
      await t().request('DELETE', cmPath('w1'));
      await until(() => events.length >= 3);
      req.abort();
      assert.deepEqual(events, ['ADDED w1 1', 'MODIFIED w1 2', 'DELETED w1 2']);
    });

    it('resumes from a resourceVersion with only later changes', async () => {
      await t().request('POST', cmPath(), { body: cm('r1', { resume: 'yes' }) });
      const rv = (await t().request('GET', `${cmPath()}?labelSelector=resume%3Dyes`)).body.metadata.resourceVersion;
      await t().request('POST', cmPath(), { body: cm('r2', { resume: 'yes' }) });
      const w = t().watch(`${cmPath()}?watch=true&labelSelector=resume%3Dyes&resourceVersion=${rv}`);
      await until(() => w.events.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      w.stop();
      assert.deepEqual(
        w.events.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['ADDED r2'],
      );
    });

    it('turns a label change that leaves the selector into DELETED', async () => {
      await t().request('POST', cmPath(), { body: cm('leaver', { phase: 'in' }) });
      const rv = (await t().request('GET', cmPath('leaver'))).body.metadata.resourceVersion;
      const w = t().watch(`${cmPath()}?watch=true&labelSelector=phase%3Din&resourceVersion=${rv}`);
      await t().request('PATCH', cmPath('leaver'), {
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { phase: 'out' } } },
      });
      await until(() => w.events.length >= 1);
      w.stop();
      assert.equal(w.events[0].type, 'DELETED');
    });

    it('ends a watch after timeoutSeconds', async () => {
      const started = Date.now();
      const w = t().watch(`${cmPath()}?watch=true&timeoutSeconds=1`);
      await w.ended;
      assert.ok(Date.now() - started < 5000);
    });

    describeOnEmulator('compaction and bookmarks', 'a way to compact on demand, and bookmarks more often than once a minute', () => {
      it('answers a watch from an expired resourceVersion with 410 Expired', async () => {
        t().emulator!.api.store.compact();
        const w = t().watch(`${cmPath()}?watch=true&resourceVersion=1`);
        await Promise.race([w.ended, new Promise((r) => setTimeout(r, 3000))]);
        w.stop();
        assert.equal(w.events[0].type, 'ERROR');
        assert.equal(w.events[0].object.code, 410);
        assert.equal(w.events[0].object.reason, 'Expired');
        assert.equal(w.events.length, 1);
      });

      it('sends bookmarks when asked', async () => {
        const rv = (await t().request('GET', cmPath())).body.metadata.resourceVersion;
        const w = t().watch(`${cmPath()}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`);
        await t().request('POST', cmPath(), { body: cm('bookmark-trigger') });
        await until(() => w.events.some((e) => e.type === 'BOOKMARK'), 5000);
        w.stop();
        const b = w.events.find((e) => e.type === 'BOOKMARK');
        assert.ok(Number(b.object.metadata.resourceVersion) >= Number(rv));
      });
    });
  });

  describe('deletion', () => {
    const owned = async (owner: any, name: string) =>
      t().request('POST', cmPath(), {
        body: {
          ...cm(name),
          metadata: {
            name,
            ownerReferences: [
              { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: true },
            ],
          },
        },
      });

    it('keeps an object with a finalizer until the finalizer is removed', async () => {
      await t().request('POST', cmPath(), { body: { ...cm('fin'), metadata: { name: 'fin', finalizers: ['example.com/hold'] } } });
      const del = await t().request('DELETE', cmPath('fin'));
      assert.ok(del.status === 200 || del.status === 202);
      const held = (await t().request('GET', cmPath('fin'))).body;
      assert.ok(held.metadata.deletionTimestamp);
      await t().request('PATCH', cmPath('fin'), { contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
      await until(async () => (await t().request('GET', cmPath('fin'))).status === 404);
    });

    it('deletes a collection by label', async () => {
      for (const n of ['col-1', 'col-2']) await t().request('POST', cmPath(), { body: cm(n, { col: 'yes' }) });
      await t().request('DELETE', `${cmPath()}?labelSelector=col%3Dyes`);
      await until(async () => (await t().request('GET', `${cmPath()}?labelSelector=col%3Dyes`)).body.items.length === 0);
    });

    it('honours a uid precondition', async () => {
      await t().request('POST', cmPath(), { body: cm('precond') });
      const r = await t().request('DELETE', cmPath('precond'), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: '00000000-0000-0000-0000-000000000000' } },
      });
      assert.equal(r.status, 409);
    });

    describeOnEmulator('garbage collection', 'the garbage collector of kube-controller-manager', () => {
      it('garbage-collects dependents in the background', async () => {
        const owner = (await t().request('POST', cmPath(), { body: cm('owner-bg') })).body;
        await owned(owner, 'dep-bg');
        await t().request('DELETE', `${cmPath('owner-bg')}?propagationPolicy=Background`);
        await until(async () => (await t().request('GET', cmPath('dep-bg'))).status === 404);
      });

      it('deletes dependents first with Foreground', async () => {
        const owner = (await t().request('POST', cmPath(), { body: cm('owner-fg') })).body;
        await owned(owner, 'dep-fg');
        await t().request('DELETE', cmPath('owner-fg'), {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
        });
        await until(async () => (await t().request('GET', cmPath('owner-fg'))).status === 404);
        assert.equal((await t().request('GET', cmPath('dep-fg'))).status, 404);
      });

      it('orphans dependents with Orphan', async () => {
        const owner = (await t().request('POST', cmPath(), { body: cm('owner-or') })).body;
        await owned(owner, 'dep-or');
        await t().request('DELETE', `${cmPath('owner-or')}?propagationPolicy=Orphan`);
        await until(async () => (await t().request('GET', cmPath('owner-or'))).status === 404);
        const dep = await until(async () => {
          const d = (await t().request('GET', cmPath('dep-or'))).body;
          return !d.metadata?.ownerReferences?.length && d;
        });
        assert.equal(dep.metadata.name, 'dep-or');
      });
    });
  });

  describe('RBAC and access reviews', () => {
    const user = { user: 'conformance-user@example.com', groups: ['conformance'] };

    it('forbids a user without rights with a Status naming verb, resource and namespace', async () => {
      const r = await t().request('GET', cmPath(), { impersonate: user });
      assert.equal(r.status, 403);
      assert.equal(r.body.reason, 'Forbidden');
      assert.match(
        r.body.message,
        new RegExp(`User "conformance-user@example.com" cannot list resource "configmaps" in API group "" in the namespace "${ns()}"`),
      );
    });

    it('allows what a RoleBinding grants, in its namespace only', async () => {
      await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/roles`, {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: 'cm-reader' },
          rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
        },
      });
      await t().request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns()}/rolebindings`, {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'cm-reader' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user.user }],
        },
      });
      await until(async () => (await t().request('GET', cmPath(), { impersonate: user })).status === 200);
      assert.equal((await t().request('POST', cmPath(), { impersonate: user, body: cm('nope') })).status, 403);
      assert.equal((await t().request('GET', '/api/v1/namespaces/default/configmaps', { impersonate: user })).status, 403);
    });

    it('answers SelfSubjectAccessReview per action', async () => {
      const review = async (verb: string) =>
        (
          await t().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
            impersonate: user,
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: { resourceAttributes: { namespace: ns(), verb, resource: 'configmaps' } },
            },
          })
        ).body.status.allowed;
      await until(async () => (await review('list')) === true);
      assert.equal(await review('delete'), false);
    });

    it('rejects an unknown token with 401', async () => {
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        ...t().kc,
        users: [{ name: 'bad', token: 'not-a-token' }],
        contexts: [{ name: 'bad', cluster: t().kc.getCurrentCluster()!.name, user: 'bad' }],
        currentContext: 'bad',
        clusters: t().kc.clusters,
      });
      await assert.rejects(kc.makeApiClient(k8s.CoreV1Api).listNamespacedConfigMap({ namespace: ns() }), (e: any) => e.code === 401);
    });

    describeOnEmulator('SelfSubjectReview v1', 'authentication.k8s.io/v1, served from Kubernetes 1.28', () => {
      it('tells the user who they are with SelfSubjectReview', async () => {
        const r = await t().request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
          impersonate: user,
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        });
        assert.equal(r.status, 201);
        assert.equal(r.body.status.userInfo.username, user.user);
        assert.ok(r.body.status.userInfo.groups.includes('conformance'));
      });
    });
  });

  describe('custom resources', () => {
    const base = () => `/apis/flink.apache.org/v1beta1/namespaces/${ns()}`;
    const example = (file: string) => yaml.load(fs.readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8')) as any;

    it('accepts the real session manifest and its session job', async () => {
      const fd = await t().request('POST', `${base()}/flinkdeployments`, { body: example('flink-basic-session-deployment-only.yaml') });
      assert.equal(fd.status, 201, JSON.stringify(fd.body));
      const job = await t().request('POST', `${base()}/flinksessionjobs`, { body: example('flink-basic-session-job-only.yaml') });
      assert.equal(job.status, 201, JSON.stringify(job.body));
    });

    it('rejects an invalid FlinkDeployment with 422 and field paths', async () => {
      const bad = example('flink-basic-session-deployment-only.yaml');
      bad.metadata.name = 'bad-session';
      bad.spec.jobManager.replicas = 'two';
      bad.spec.flinkVersion = 'v0_1';
      const r = await t().request('POST', `${base()}/flinkdeployments`, { body: bad });
      assert.equal(r.status, 422);
      const fields = r.body.details.causes.map((c: any) => c.field);
      assert.ok(fields.includes('spec.jobManager.replicas'), fields.join(','));
      assert.ok(fields.includes('spec.flinkVersion'), fields.join(','));
    });
  });
});
