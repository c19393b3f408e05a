import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** resourceVersion semantics of list and watch, paging, list shapes and metadata-only negotiation. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const cmPath = (name = '') => `/api/v1/namespaces/${ns()}/configmaps${name ? `/${name}` : ''}`;
const cm = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data: { a: '1' },
});
const metadataList = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io';

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A 422 about ListOptions: group and kind in details, no name (omitted when empty). */
function assertInvalidListOptions(r: { status: number; body: any }, reason: string, message: string): void {
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(r.body.reason, 'Invalid');
  assert.equal(r.body.message, `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: ${message}`);
  assert.deepEqual(r.body.details, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: [{ reason, message, field: 'resourceVersionMatch' }],
  });
}

describe('API conformance: list and watch semantics', () => {
  before(async () => {
    for (const n of ['wl-a', 'wl-b', 'wl-c']) await t().request('POST', cmPath(), { body: cm(n, { wl: 'yes' }) });
  });

  describe('resourceVersion parameters', () => {
    it('refuses a watch with a malformed resourceVersion before any stream starts', async () => {
      const r = await t().request('GET', `${cmPath()}?watch=true&resourceVersion=abc`);
      assert.equal(r.status, 500);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.message, 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax');
      assert.equal(r.body.reason, undefined);
    });

    it('rejects invalid resourceVersionMatch combinations with 422 on ListOptions', async () => {
      assertInvalidListOptions(
        await t().request('GET', `${cmPath()}?resourceVersionMatch=NotOlderThan`),
        'FieldValueForbidden',
        'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
      assertInvalidListOptions(
        await t().request('GET', `${cmPath()}?resourceVersionMatch=Exact&resourceVersion=0`),
        'FieldValueForbidden',
        'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
      assertInvalidListOptions(
        await t().request('GET', `${cmPath()}?resourceVersionMatch=Foo&resourceVersion=1`),
        'FieldValueNotSupported',
        'Unsupported value: "Foo": supported values: "Exact", "NotOlderThan", ""',
      );
      assertInvalidListOptions(
        await t().request('GET', `${cmPath()}?watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1`),
        'FieldValueForbidden',
        'Forbidden: resourceVersionMatch is forbidden for watch',
      );
    });

    it('serves resourceVersionMatch=Exact as the list was at that resourceVersion', async () => {
      const first = (await t().request('POST', cmPath(), { body: cm('exact-1', { exact: 'yes' }) })).body;
      await t().request('POST', cmPath(), { body: cm('exact-2', { exact: 'yes' }) });
      await t().request('DELETE', cmPath('exact-1'));
      const rv = first.metadata.resourceVersion;
      const r = await t().request('GET', `${cmPath()}?labelSelector=exact%3Dyes&resourceVersionMatch=Exact&resourceVersion=${rv}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.metadata.resourceVersion, rv);
      assert.deepEqual(
        r.body.items.map((i: any) => i.metadata.name),
        ['exact-1'],
      );
      const now = await t().request('GET', `${cmPath()}?labelSelector=exact%3Dyes`);
      assert.deepEqual(
        now.body.items.map((i: any) => i.metadata.name),
        ['exact-2'],
      );
    });

    it('answers 504 with ResourceVersionTooLarge for a resourceVersion the server has not reached', async () => {
      const current = Number((await t().request('GET', cmPath())).body.metadata.resourceVersion);
      const r = await t().request('GET', `${cmPath()}?resourceVersionMatch=NotOlderThan&resourceVersion=${current + 100_000}`);
      assert.equal(r.status, 504);
      assert.equal(r.body.reason, 'Timeout');
      assert.match(r.body.message, new RegExp(`^Timeout: Too large resource version: ${current + 100_000}, current: \\d+$`));
      assert.deepEqual(r.body.details, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      });
    });
  });

  describe('paging and list shapes', () => {
    it('ignores limit when resourceVersion=0 (served from the cache, unpaged)', async () => {
      const r = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&resourceVersion=0&limit=1`);
      assert.equal(r.body.items.length, 3);
      assert.ok(!('continue' in r.body.metadata));
    });

    it('leaves out remainingItemCount when a selector filters the list', async () => {
      const filtered = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&limit=1`);
      assert.ok(filtered.body.metadata.continue);
      assert.ok(!('remainingItemCount' in filtered.body.metadata));
      const unfiltered = await t().request('GET', `${cmPath()}?limit=1`);
      assert.ok(unfiltered.body.metadata.continue);
      assert.ok(unfiltered.body.metadata.remainingItemCount >= 2);
    });

    it('omits continue on the last page and refuses a resourceVersion alongside continue', async () => {
      const first = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&limit=2`);
      const token = first.body.metadata.continue;
      const refused = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&limit=2&resourceVersion=1&continue=${token}`);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.message, 'specifying resource version is not allowed when using continue');
      const last = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&limit=2&continue=${token}`);
      assert.deepEqual(
        last.body.items.map((i: any) => i.metadata.name),
        ['wl-c'],
      );
      assert.deepEqual(Object.keys(last.body.metadata), ['resourceVersion']);
      // A continued list is a consistent snapshot: it reports the first page's resourceVersion.
      assert.equal(last.body.metadata.resourceVersion, first.body.metadata.resourceVersion);
    });

    it('lists built-in items without kind and apiVersion, custom resource items with them', async () => {
      const builtin = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes`);
      assert.equal(builtin.body.kind, 'ConfigMapList');
      for (const i of builtin.body.items) assert.ok(!('kind' in i) && !('apiVersion' in i), JSON.stringify(i));
      const base = `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinksessionjobs`;
      const created = await t().request('POST', base, {
        body: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkSessionJob',
          metadata: { name: 'shape-job' },
          spec: { deploymentName: 'nowhere', job: { jarURI: 'https://example.com/x.jar', parallelism: 1, upgradeMode: 'stateless' } },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const custom = await t().request('GET', base);
      assert.equal(custom.body.kind, 'FlinkSessionJobList');
      assert.equal(custom.body.items[0].kind, 'FlinkSessionJob');
      assert.equal(custom.body.items[0].apiVersion, 'flink.apache.org/v1beta1');
    });

    it('negotiates PartialObjectMetadataList through the Accept header', async () => {
      const r = await t().request('GET', `${cmPath()}?labelSelector=wl%3Dyes&limit=2`, { accept: metadataList });
      assert.equal(r.status, 200);
      assert.equal(r.body.kind, 'PartialObjectMetadataList');
      assert.equal(r.body.apiVersion, 'meta.k8s.io/v1');
      assert.ok(r.body.metadata.continue);
      assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['apiVersion', 'kind', 'metadata']);
      assert.equal(r.body.items[0].kind, 'PartialObjectMetadata');
      assert.equal(r.body.items[0].metadata.name, 'wl-a');
      const one = await t().request('GET', cmPath('wl-a'), { accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io' });
      assert.equal(one.body.kind, 'PartialObjectMetadata');
      assert.equal(one.body.data, undefined);
      const wrong = await t().request('GET', cmPath('wl-a'), { accept: metadataList });
      assert.equal(wrong.status, 406);
      assert.equal(wrong.body.reason, 'NotAcceptable');
      assert.equal(wrong.body.message, 'you requested PartialObjectMetadataList, but the requested object is not a list (*core.ConfigMap)');
    });
  });

  describe('watch events', () => {
    it('sends DELETED with the previous object, at the new resourceVersion, when an object leaves the selector', async () => {
      const before = (await t().request('POST', cmPath(), { body: cm('leaving', { stage: 'in' }) })).body;
      const w = t().watch(`${cmPath()}?watch=true&labelSelector=stage%3Din&resourceVersion=${before.metadata.resourceVersion}`);
      const after = (
        await t().request('PATCH', cmPath('leaving'), {
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { stage: 'out' } }, data: { a: '2' } },
        })
      ).body;
      await until(() => w.events.length >= 1);
      w.stop();
      const [e] = w.events;
      assert.equal(e.type, 'DELETED');
      assert.deepEqual(e.object.metadata.labels, { stage: 'in' });
      assert.deepEqual(e.object.data, { a: '1' });
      assert.equal(e.object.metadata.resourceVersion, after.metadata.resourceVersion);
    });

    it('bookmarks shortly before timeoutSeconds ends, as a bare resourceVersion of the kind', async () => {
      const rv = (await t().request('GET', cmPath())).body.metadata.resourceVersion;
      const started = Date.now();
      const w = t().watch(
        `${cmPath()}?watch=true&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${rv}&labelSelector=none%3Dmatch`,
      );
      // The watch cache bookmarks only at a change of the type newer than where the watch started.
      await new Promise((r) => setTimeout(r, 300));
      const changed = (await t().request('POST', cmPath(), { body: cm('bookmarked') })).body;
      await w.ended;
      assert.ok(Date.now() - started < 8000);
      const b = w.events.find((e) => e.type === 'BOOKMARK');
      assert.ok(b, JSON.stringify(w.events));
      assert.deepEqual(Object.keys(b.object).sort(), ['apiVersion', 'kind', 'metadata']);
      assert.equal(b.object.kind, 'ConfigMap');
      assert.equal(b.object.apiVersion, 'v1');
      assert.deepEqual(Object.keys(b.object.metadata).sort(), ['creationTimestamp', 'resourceVersion']);
      assert.equal(b.object.metadata.creationTimestamp, null);
      assert.equal(b.object.metadata.resourceVersion, changed.metadata.resourceVersion);
    });
  });
});
