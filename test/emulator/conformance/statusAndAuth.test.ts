import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** Status bodies as the real server shapes them, and authentication/authorization before routing. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const cmPath = (name = '') => `/api/v1/namespaces/${ns()}/configmaps${name ? `/${name}` : ''}`;
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

describe('API conformance: Status bodies and authentication', () => {
  it('names a missing object in details, leaving out the empty group', async () => {
    const r = await t().request('GET', cmPath('absent'));
    assert.deepEqual(r.body, failure(404, 'NotFound', 'configmaps "absent" not found', { name: 'absent', kind: 'configmaps' }));
  });

  it('answers 405 with empty details for a method the resource path does not serve', async () => {
    const expected = failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
    const put = await t().request('PUT', cmPath(), { body: {} });
    assert.equal(put.status, 405);
    assert.deepEqual(put.body, expected);
    await t().request('POST', cmPath(), { body: { metadata: { name: 'posted-at' } } });
    const post = await t().request('POST', cmPath('posted-at'), { body: {} });
    assert.equal(post.status, 405);
    assert.deepEqual(post.body, expected);
  });

  it('answers a plain-text 404 for an API group nobody serves, a Status for an unknown resource of a served group', async () => {
    const group = await t().request('GET', '/apis/nope.example.com/v1/namespaces/default/foos');
    assert.equal(group.status, 404);
    assert.match(String(group.headers['content-type']), /^text\/plain/);
    assert.equal(group.body, '404 page not found\n');
    const resource = await t().request('GET', `/api/v1/namespaces/${ns()}/foos`);
    assert.equal(resource.status, 404);
    assert.deepEqual(resource.body, failure(404, 'NotFound', 'the server could not find the requested resource', {}));
  });

  it('authorizes before routing: a user without rights gets 403 even for an unknown resource', async () => {
    const r = await t().request('GET', `/api/v1/namespaces/${ns()}/foos`, { impersonate: { user: 'nobody-at-all@example.com' } });
    assert.equal(r.status, 403);
    assert.deepEqual(
      r.body,
      failure(
        403,
        'Forbidden',
        `foos is forbidden: User "nobody-at-all@example.com" cannot list resource "foos" in API group "" in the namespace "${ns()}"`,
        { kind: 'foos' },
      ),
    );
  });

  it('treats a request without credentials as system:anonymous, who may read /version only', async () => {
    const version = await t().request('GET', '/version', { anonymous: true });
    assert.equal(version.status, 200);
    assert.equal(version.body.major, '1');
    assert.match(version.body.gitVersion, /^v1\.\d+\.\d+/);
    const list = await t().request('GET', cmPath(), { anonymous: true });
    assert.equal(list.status, 403);
    assert.deepEqual(
      list.body,
      failure(
        403,
        'Forbidden',
        `configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "${ns()}"`,
        { kind: 'configmaps' },
      ),
    );
    const discovery = await t().request('GET', '/apis', { anonymous: true });
    assert.equal(discovery.status, 403);
    assert.deepEqual(discovery.body, failure(403, 'Forbidden', 'forbidden: User "system:anonymous" cannot get path "/apis"', {}));
  });

  it('rejects a token it does not know with 401 and no details', async () => {
    const kc = t().kc;
    const cluster = kc.getCurrentCluster()!;
    const https = await import('node:https');
    const opts: import('node:https').RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const body = await new Promise<any>((resolve, reject) => {
      const req = https.request(
        new URL('/version', cluster.server),
        { ...opts, headers: { Authorization: 'Bearer not-a-token', Accept: 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(body.status, 401);
    assert.deepEqual(body.body, failure(401, 'Unauthorized', 'Unauthorized'));
  });
});
