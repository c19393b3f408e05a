import * as assert from 'node:assert/strict';
import { conformanceTarget } from './target';

/** Server-side Tables (what kubectl get and get -o wide print): columns, priorities, cells. */
const t = () => conformanceTarget();
const ns = () => t().namespace;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const columns = async (path: string) =>
  ((await t().request('GET', path, { accept: TABLE })).body.columnDefinitions as any[]).map((c) => `${c.name}:${c.type}:${c.priority}`);

describe('API conformance: tables', () => {
  it('prints Deployments with containers, images and selector for -o wide', async () => {
    const base = `/apis/apps/v1/namespaces/${ns()}/deployments`;
    await t().request('POST', base, {
      body: {
        metadata: { name: 'wide' },
        spec: {
          selector: { matchLabels: { app: 'wide' } },
          template: {
            metadata: { labels: { app: 'wide' } },
            spec: {
              containers: [
                { name: 'main', image: 'nginx:1.27' },
                { name: 'side', image: 'busybox:1.36' },
              ],
            },
          },
        },
      },
    });
    assert.deepEqual(await columns(base), [
      'Name:string:0',
      'Ready:string:0',
      'Up-to-date:string:0',
      'Available:string:0',
      'Age:string:0',
      'Containers:string:1',
      'Images:string:1',
      'Selector:string:1',
    ]);
    const row = (await t().request('GET', `${base}/wide`, { accept: TABLE })).body.rows[0];
    assert.deepEqual(row.cells.slice(5), ['main,side', 'nginx:1.27,busybox:1.36', 'app=wide']);
  });

  it('prints Services, ConfigMaps and Pods with the real columns', async () => {
    assert.deepEqual(await columns(`/api/v1/namespaces/${ns()}/services`), [
      'Name:string:0',
      'Type:string:0',
      'Cluster-IP:string:0',
      'External-IP:string:0',
      'Port(s):string:0',
      'Age:string:0',
      'Selector:string:1',
    ]);
    assert.deepEqual(await columns(`/api/v1/namespaces/${ns()}/configmaps`), ['Name:string:0', 'Data:string:0', 'Age:string:0']);
    assert.deepEqual(await columns(`/api/v1/namespaces/${ns()}/pods`), [
      'Name:string:0',
      'Ready:string:0',
      'Status:string:0',
      'Restarts:string:0',
      'Age:string:0',
      'IP:string:1',
      'Node:string:1',
      'Nominated Node:string:1',
      'Readiness Gates:string:1',
    ]);
  });

  it('prints a custom resource with exactly the printer columns its CRD defines', async () => {
    assert.deepEqual(await columns(`/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments`), [
      'Name:string:0',
      'Job Status:string:0',
      'Lifecycle State:string:0',
    ]);
  });
});
