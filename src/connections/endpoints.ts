import { driverServiceName, PORTS } from '../clusters/compute/computeRenderer';
import { Endpoint, PortName } from './types';

/** The driver's ports by name, as the rendered Deployment and Service declare them. */
export const DRIVER_PORTS: Readonly<Record<PortName, number>> = {
  thrift: PORTS.thrift,
  'thrift-http': PORTS.thriftHttp,
  'spark-connect': PORTS.sparkConnect,
  'spark-ui': PORTS.sparkUi,
  'arrow-flight': PORTS.arrowFlight,
};

const PORT_NAMES = Object.keys(DRIVER_PORTS) as PortName[];

/** The in-cluster DNS name of a compute cluster's driver Service. */
export function inClusterHost(name: string, namespace: string): string {
  return `${driverServiceName(name)}.${namespace}.svc.cluster.local`;
}

/** For tools running inside the Kubernetes cluster: `<name>-driver.<namespace>.svc.cluster.local` and the driver's own ports. */
export function inClusterEndpoint(name: string, namespace: string): Endpoint {
  return { kind: 'in-cluster', host: inClusterHost(name, namespace), ports: { ...DRIVER_PORTS } };
}

/** For a local port-forward: 127.0.0.1 and the local port of each forwarded driver port. */
export function portForwardEndpoint(localPorts: Partial<Record<PortName, number>>): Endpoint {
  return { kind: 'port-forward', host: '127.0.0.1', ports: { ...localPorts } };
}

/** The parts of a core/v1 Service that tell how it is reached from outside. */
export interface ServiceLike {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { type?: string; ports?: { name?: string; port: number; nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** Replaces `{name}` and `{namespace}` in the `dataClusters.externalHostTemplate` setting. */
export function expandHostTemplate(template: string, name: string, namespace: string): string {
  return template
    .replace(/\{name\}/g, name)
    .replace(/\{namespace\}/g, namespace)
    .trim();
}

/**
 * An endpoint reachable from outside the Kubernetes cluster, in this order of preference:
 * 1. the Service's LoadBalancer ingress (hostname, else IP) with the Service ports;
 * 2. a NodePort Service: the host template's host with each port's nodePort (the Service does
 *    not say which node address is reachable, so NodePort needs the template);
 * 3. the host template alone (an Ingress, a gateway or DNS the platform team set up) with the
 *    driver's own port numbers.
 * Undefined when none applies: the caller offers to set `dataClusters.externalHostTemplate`.
 *
 * `cluster` names the compute cluster for the template; by default it is read from the Service
 * (label `dataclusters.io/cluster`, else the Service name without `-driver`).
 */
export function externalEndpoint(
  service: ServiceLike | undefined,
  template?: string,
  cluster?: { name: string; namespace: string },
): Endpoint | undefined {
  const name = cluster?.name ?? service?.metadata.labels?.['dataclusters.io/cluster'] ?? service?.metadata.name.replace(/-driver$/, '');
  const namespace = cluster?.namespace ?? service?.metadata.namespace;
  const templateHost = template?.trim() && name && namespace ? expandHostTemplate(template, name, namespace) : undefined;
  const servicePorts = service?.spec?.ports ?? [];
  const byName = (pick: (p: { port: number; nodePort?: number }) => number | undefined): Partial<Record<PortName, number>> => {
    const out: Partial<Record<PortName, number>> = {};
    for (const p of servicePorts) {
      const n = p.name as PortName | undefined;
      const value = pick(p);
      if (n && PORT_NAMES.includes(n) && value) out[n] = value;
    }
    return out;
  };

  const ingress = service?.status?.loadBalancer?.ingress?.find((i) => i.hostname || i.ip);
  if (service?.spec?.type === 'LoadBalancer' && ingress) {
    return { kind: 'external', host: (ingress.hostname || ingress.ip)!, ports: byName((p) => p.port) };
  }
  if ((service?.spec?.type === 'NodePort' || service?.spec?.type === 'LoadBalancer') && templateHost) {
    const ports = byName((p) => p.nodePort);
    if (Object.keys(ports).length > 0) return { kind: 'external', host: templateHost, ports };
  }
  if (templateHost) return { kind: 'external', host: templateHost, ports: { ...DRIVER_PORTS } };
  return undefined;
}
