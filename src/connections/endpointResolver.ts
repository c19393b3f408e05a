/**
 * The one way from a compute cluster and an endpoint kind to the endpoint its snippets use: the
 * Connections tab and the snippet commands both ask here.
 */
import { driverServiceName } from '../clusters/compute/computeRenderer';
import type { KubeWriter } from '../kube/kubeWriter';
import { RESOURCES } from '../kube/resources';
import { DRIVER_PORTS, externalEndpoint, inClusterEndpoint, portForwardEndpoint, ServiceLike } from './endpoints';
import type { Endpoint, EndpointKind } from './types';

/** The workspace memento key of what the user chose last for a cluster (endpoint, tool, variant): the panel and the commands share it. */
export const connectionChoiceKey = (namespace: string, name: string): string => `dataClusters.connectionSnippet/${namespace}/${name}`;

export interface EndpointSources {
  /** Reads the driver Service (the external endpoint is its LoadBalancer or NodePort). */
  readonly writer: Pick<KubeWriter, 'tryGet'>;
  /** The setting dataClusters.externalHostTemplate, as ExtensionSettings reads it (empty when unset). */
  readonly externalHostTemplate: string;
}

/** The endpoint, or (external only) the driver Service that offers none, for the caller to say what to set. */
export type EndpointResolution = { readonly endpoint: Endpoint } | { readonly endpoint?: undefined; readonly service: string };

/**
 * In-cluster: the driver Service's DNS name. Port-forward: the driver's own ports until a forward
 * runs (the commands start it and put the local ports it got into the snippet). External: the
 * driver Service's LoadBalancer or NodePort, or the host template.
 */
export async function resolveEndpoint(
  kind: EndpointKind,
  cluster: { readonly name: string; readonly namespace: string },
  sources: EndpointSources,
): Promise<EndpointResolution> {
  if (kind === 'in-cluster') return { endpoint: inClusterEndpoint(cluster.name, cluster.namespace) };
  if (kind === 'port-forward') return { endpoint: portForwardEndpoint({ ...DRIVER_PORTS }) };
  const service = driverServiceName(cluster.name);
  const found = await sources.writer.tryGet<ServiceLike>(RESOURCES.services, cluster.namespace, service).catch(() => undefined);
  const endpoint = externalEndpoint(found, sources.externalHostTemplate, { name: cluster.name, namespace: cluster.namespace });
  return endpoint ? { endpoint } : { service };
}
