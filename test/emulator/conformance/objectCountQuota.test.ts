import * as assert from 'node:assert/strict';
import { conformanceTarget, describeOnEmulator } from './target';

/** ResourceQuota admission of object counts (count/<resource>.<group>), as the API server applies it on create. */
const t = () => conformanceTarget();
/** A namespace of its own: the suite's namespace holds the services other tests made. */
const ns = () => `${t().namespace}-counts`;
const KEY = 'count/services';
const quotaPath = () => `/api/v1/namespaces/${ns()}/resourcequotas`;
const servicesPath = () => `/api/v1/namespaces/${ns()}/services`;
const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } });

/** Waits until the quota controller reports `used` for the key (admission on a real server needs it). */
async function usedBecomes(name: string, used: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const q = await t().request('GET', `${quotaPath()}/${name}`);
    if (q.body.status?.used?.[KEY] === used) return;
    if (Date.now() > deadline) throw new Error(`quota ${name}: used ${JSON.stringify(q.body.status?.used)}, waiting for ${KEY}=${used}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeOnEmulator(
  'API conformance: object-count ResourceQuota',
  'the quota controller of kube-controller-manager, which fills in status.used that admission counts against',
  function () {
    this.timeout(60_000);

    before(async () => {
      const created = await t().request('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    });
    after(async () => {
      await t().request('DELETE', `/api/v1/namespaces/${ns()}`);
    });

    it('refuses a create past count/<resource> with 403 "exceeded quota", keeps status.used, and admits again after a delete', async function () {
      const q = await t().request('POST', quotaPath(), {
        body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'counts' }, spec: { hard: { [KEY]: '1' } } },
      });
      assert.equal(q.status, 201, JSON.stringify(q.body));
      await usedBecomes('counts', '0');
      assert.equal((await t().request('POST', servicesPath(), { body: service('first') })).status, 201);

      const refused = await t().request('POST', servicesPath(), { body: service('second') });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.reason, 'Forbidden');
      assert.equal(
        refused.body.message,
        `services "second" is forbidden: exceeded quota: counts, requested: ${KEY}=1, used: ${KEY}=1, limited: ${KEY}=1`,
      );
      assert.deepEqual(refused.body.details, { name: 'second', kind: 'services' });
      const dry = await t().request('POST', `${servicesPath()}?dryRun=All`, { body: service('second') });
      assert.equal(dry.status, 403, 'a dry run is admitted the same way');
      await usedBecomes('counts', '1');

      assert.equal((await t().request('DELETE', `${servicesPath()}/first`)).status, 200);
      await usedBecomes('counts', '0');
      assert.equal((await t().request('POST', servicesPath(), { body: service('second') })).status, 201);
      await usedBecomes('counts', '1');
    });
  },
);
