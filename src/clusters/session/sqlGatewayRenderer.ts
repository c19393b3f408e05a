import type { DefinitionRef } from '../compute/computeRenderer';
import { ANNOTATIONS, commonLabels } from '../definition';
import type { SessionSpec } from '../../../shared/clusters/sessionSpec';
import { FLINK_REST_PORT, flinkRestServiceName } from './sessionRenderer';

/** The SQL Gateway's Deployment and Service: `<name>-sql-gateway`. */
export const sqlGatewayName = (name: string): string => `${name}-sql-gateway`;
/** The gateway's REST port (Flink's `sql-gateway.endpoint.rest.port` default). */
export const SQL_GATEWAY_PORT = 8083;
/** The label that tells the gateway's pods from the cluster's other pods. */
export const COMPONENT_LABEL = 'dataclusters.io/component';
export const SQL_GATEWAY_COMPONENT = 'sql-gateway';

/** The labels the gateway's Deployment, pods and Service carry; the Service selects on them. */
export const sqlGatewayLabels = (name: string): Record<string, string> => ({
  ...commonLabels('session', name),
  [COMPONENT_LABEL]: SQL_GATEWAY_COMPONENT,
});

/**
 * Enable SQL: a Flink SQL Gateway beside a session cluster (DESIGN.md). The same image as the
 * cluster runs `sql-gateway.sh start-foreground`, listening on 8083 and submitting its jobs to the
 * cluster through `<name>-rest:8081`. Both objects are owned by the cluster's definition
 * ConfigMap, so deleting the cluster removes them.
 */
export function renderSqlGateway(spec: SessionSpec, namespace: string, def: DefinitionRef): any[] {
  const name = sqlGatewayName(spec.name);
  const labels = sqlGatewayLabels(spec.name);
  const metadata = {
    name,
    namespace,
    labels,
    annotations: { [ANNOTATIONS.generation]: String(def.generation) },
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: def.name, uid: def.uid, controller: true, blockOwnerDeletion: true }],
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(spec.serviceAccount ? { serviceAccountName: spec.serviceAccount } : {}),
          containers: [
            {
              name: SQL_GATEWAY_COMPONENT,
              image: spec.image,
              command: ['/opt/flink/bin/sql-gateway.sh'],
              args: [
                'start-foreground',
                '-Dsql-gateway.endpoint.rest.address=0.0.0.0',
                `-Dsql-gateway.endpoint.rest.port=${SQL_GATEWAY_PORT}`,
                `-Drest.address=${flinkRestServiceName(spec.name)}`,
                `-Drest.port=${FLINK_REST_PORT}`,
                // Statements run as jobs on the session cluster, not in the gateway's own JVM.
                '-Dexecution.target=remote',
              ],
              ports: [{ name: 'sql-gateway', containerPort: SQL_GATEWAY_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/v1/info', port: SQL_GATEWAY_PORT }, periodSeconds: 5 },
              resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [{ name: 'sql-gateway', port: SQL_GATEWAY_PORT, targetPort: SQL_GATEWAY_PORT, protocol: 'TCP' }],
    },
  };
  return [deployment, service];
}
