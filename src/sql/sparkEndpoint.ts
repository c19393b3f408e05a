// Where SparkSqlEngine reaches a compute cluster's Spark Connect server: the local end of the
// product's port-forward to the driver's `spark-connect` port (15002), started on first use and
// reused after (ClusterForwards keys forwards by cluster and ports, and follows a restarted driver).
import * as l10n from '@vscode/l10n';
import type { ClusterForwards } from '../clusters/clusterForwards';
import { PortForwardError } from '../kube/portForwardError';
import type { SparkEndpoint } from './sparkSqlEngine';
import { SqlError, type SqlTarget } from './sqlEngine';

/**
 * The `endpoint` option of SparkSqlEngine over the current connection's forwards (undefined while
 * there is no connection). Refusals say why: RBAC on pods/portforward → `denied`; no ACTIVE
 * driver, no API server → `unreachable`, in the port-forward's own words.
 */
export function sparkConnectEndpoint(
  forwards: () => ClusterForwards | undefined,
): (target: SqlTarget, signal: AbortSignal) => Promise<SparkEndpoint> {
  return async (target) => {
    if (target.kind !== 'compute') {
      throw new SqlError(l10n.t('Spark SQL runs on compute clusters; {0} is a session cluster.', target.name), { reason: 'internal' });
    }
    const f = forwards();
    if (!f) throw new SqlError(l10n.t('Not connected to a Kubernetes cluster.'), { reason: 'unreachable' });
    try {
      const info = await f.forwardDriver(target.namespace, target.name, ['spark-connect']);
      const port = info.ports.find((p) => p.name === 'spark-connect') ?? info.ports[0];
      return { host: '127.0.0.1', port: port.local };
    } catch (err) {
      const reason =
        err instanceof PortForwardError && (err.reason === 'Forbidden' || err.reason === 'Unauthorized') ? 'denied' : 'unreachable';
      throw new SqlError(err instanceof Error ? err.message : String(err), { reason });
    }
  };
}
