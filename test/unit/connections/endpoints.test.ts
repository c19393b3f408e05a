import * as assert from 'node:assert/strict';
import { expandHostTemplate, externalEndpoint, inClusterEndpoint, portForwardEndpoint, ServiceLike } from '../../../src/connections';

const service = (spec: ServiceLike['spec'], status?: ServiceLike['status']): ServiceLike => ({
  metadata: { name: 'sales-etl-driver', namespace: 'analytics', labels: { 'dataclusters.io/cluster': 'sales-etl' } },
  spec,
  status,
});
const ports = [
  { name: 'thrift', port: 10000, nodePort: 30000 },
  { name: 'thrift-http', port: 10001, nodePort: 30001 },
  { name: 'spark-connect', port: 15002, nodePort: 30002 },
  { name: 'spark-ui', port: 4040, nodePort: 30040 },
  { name: 'driver-rpc', port: 7078, nodePort: 30078 },
];

describe('connection endpoints', () => {
  it('in-cluster: the driver Service DNS name and the driver ports', () => {
    assert.deepEqual(inClusterEndpoint('sales-etl', 'analytics'), {
      kind: 'in-cluster',
      host: 'sales-etl-driver.analytics.svc.cluster.local',
      ports: { thrift: 10000, 'thrift-http': 10001, 'spark-connect': 15002, 'spark-ui': 4040, 'arrow-flight': 8815 },
    });
  });

  it('port-forward: 127.0.0.1 and the local ports', () => {
    assert.deepEqual(portForwardEndpoint({ thrift: 50000 }), { kind: 'port-forward', host: '127.0.0.1', ports: { thrift: 50000 } });
  });

  it('external: a LoadBalancer ingress hostname (else IP) with the Service ports, unknown port names left out', () => {
    const lb = service({ type: 'LoadBalancer', ports }, { loadBalancer: { ingress: [{ hostname: 'lb.example.com', ip: '203.0.113.9' }] } });
    assert.deepEqual(externalEndpoint(lb), {
      kind: 'external',
      host: 'lb.example.com',
      ports: { thrift: 10000, 'thrift-http': 10001, 'spark-connect': 15002, 'spark-ui': 4040 },
    });
    const ipOnly = service({ type: 'LoadBalancer', ports }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } });
    assert.equal(externalEndpoint(ipOnly)!.host, '203.0.113.9');
  });

  it('external: a NodePort Service uses the host template and the node ports', () => {
    const np = service({ type: 'NodePort', ports });
    assert.deepEqual(externalEndpoint(np, 'nodes.{namespace}.example.com'), {
      kind: 'external',
      host: 'nodes.analytics.example.com',
      ports: { thrift: 30000, 'thrift-http': 30001, 'spark-connect': 30002, 'spark-ui': 30040 },
    });
    // Without a template a NodePort names no reachable host.
    assert.equal(externalEndpoint(np), undefined);
  });

  it('external: the host template alone, for the headless Service the extension renders', () => {
    const headless = service({ type: 'ClusterIP', ports });
    const e = externalEndpoint(headless, '{name}.{namespace}.spark.example.com');
    assert.equal(e!.host, 'sales-etl.analytics.spark.example.com');
    assert.equal(e!.ports['spark-connect'], 15002);
    assert.equal(
      externalEndpoint(undefined, '{name}.example.com', { name: 'adhoc-sql', namespace: 'analytics' })!.host,
      'adhoc-sql.example.com',
    );
    assert.equal(externalEndpoint(headless), undefined);
    assert.equal(externalEndpoint(headless, '  '), undefined);
  });

  it('expands every occurrence of {name} and {namespace}', () => {
    assert.equal(expandHostTemplate('{name}-{name}.{namespace}', 'a', 'b'), 'a-a.b');
  });
});
