import * as l10n from '@vscode/l10n';
import type { ClusterForwards } from '../clusters/clusterForwards';
import { FlinkSqlEngine } from './flinkSqlEngine';
import { sparkConnectEndpoint } from './sparkEndpoint';
import { SparkSqlEngine } from './sparkSqlEngine';
import type { SqlEngine } from './sqlEngine';

/** The local port of a forward's first port, as a loopback address the clients call. */
const local = (info: { ports: readonly { local: number }[] }): number => info.ports[0].local;

function need(forwards: () => ClusterForwards | undefined): ClusterForwards {
  const f = forwards();
  if (!f) throw new Error(l10n.t('Not connected to a Kubernetes cluster.'));
  return f;
}

/**
 * The engines SQL runs on in the product, each reaching its cluster through the product's
 * port-forwards (shared with the rest of the window: one forward per cluster and port).
 */
export function productSqlEngines(forwards: () => ClusterForwards | undefined): {
  readonly engines: (kind: 'spark' | 'flink') => SqlEngine | undefined;
  dispose(): void;
} {
  const spark = new SparkSqlEngine({ endpoint: sparkConnectEndpoint(forwards) });
  const flink = new FlinkSqlEngine({
    endpoint: async (t) => ({ baseUrl: `http://127.0.0.1:${local(await need(forwards).forwardSqlGateway(t.namespace, t.name))}` }),
  });
  return { engines: (kind) => (kind === 'flink' ? flink : spark), dispose: () => spark.dispose() };
}
