import * as assert from 'node:assert/strict';
import type { ClusterConnection } from '../../../src/clusters/connection';
import { SESSION_QUOTA_KEY } from '../../../src/clusters/session/sessionQuota';
import { sessionNamespaces } from '../../../src/panels/forms/formNamespaces';

/** A connection as Create Session Cluster reads it: rights per namespace, session clusters and quotas from the cache. */
function connection(
  admin: Record<string, boolean>,
  clusters: Record<string, string[]>,
  quotas: Record<string, { hard: string; used: string }>,
): ClusterConnection {
  return {
    permissions: { mayAdministerSessions: (ns: string) => admin[ns] ?? false },
    access: { can: async () => false },
    model: {
      sessionClusters: (ns: string) => (clusters[ns] ?? []).map((name) => ({ name })),
      resourceGroup: (ns: string) => ({
        namespace: ns,
        quotas: quotas[ns]
          ? [{ name: 'tenant', hard: { [SESSION_QUOTA_KEY]: quotas[ns].hard }, used: { [SESSION_QUOTA_KEY]: quotas[ns].used } }]
          : [],
      }),
    },
  } as unknown as ClusterConnection;
}

describe('Create Session Cluster: where it may create, and why not elsewhere', () => {
  it('offers namespaces with room under their quota, and explains the others: the quota and the cluster that holds it, or the missing right', async () => {
    const conn = connection(
      { analytics: true, streaming: true, open: true, research: false },
      { streaming: ['orders-stream'], open: ['a', 'b'] },
      { analytics: { hard: '1', used: '0' }, streaming: { hard: '1', used: '1' } },
    );
    const r = await sessionNamespaces(conn, ['analytics', 'streaming', 'open', 'research']);
    assert.deepEqual(r.allowed, ['analytics', 'open']);
    assert.deepEqual(r.refused, [
      `streaming already has its session cluster orders-stream; a namespace (tenant) may have 1 (ResourceQuota tenant, ${SESSION_QUOTA_KEY}).`,
      'You may not create session clusters in research: that needs the right to create FlinkDeployments there.',
    ]);
  });
});
