/**
 * Connection snippets for compute clusters: pure functions, no VS Code API. Commands and panels
 * pick a cluster, an endpoint (in-cluster, port-forward, external) and a type, then insert or copy
 * one of the snippets generateSnippets returns.
 */
import { SNIPPET_PORTS, SNIPPET_TOOLS } from './snippetTools';
import { ConnectionTarget, SnippetType } from './types';

export * from './types';
export { DRIVER_PORTS, expandHostTemplate, externalEndpoint, inClusterEndpoint, inClusterHost, portForwardEndpoint } from './endpoints';
export type { ServiceLike } from './endpoints';
export { connectionChoiceKey, resolveEndpoint } from './endpointResolver';
export type { EndpointResolution, EndpointSources } from './endpointResolver';
export { PASSWORD_PLACEHOLDER, THRIFT_HTTP_PATH, USER_PLACEHOLDER } from './snippet';
export type { SnippetTool } from './snippet';
export { generateSnippets, SNIPPET_TOOLS } from './snippetTools';
export { flightSqlJdbcUrl, servesArrowFlight } from './tools/arrowFlight';
export { hiveJdbcUrl } from './tools/jdbc';
export { sparkConnectUrl } from './tools/sparkConnect';
export { supersetUri } from './tools/superset';

/**
 * The ten types with the label a picker shows, in display order (the table in snippetTools.ts).
 * Tool and product names stay as they are; the details are translated when read (getters), after
 * the bundle is configured.
 */
export const SNIPPET_TYPES: readonly { readonly type: SnippetType; readonly label: string; readonly detail: string }[] =
  Object.values(SNIPPET_TOOLS);

/** Types that can be generated for this target: Arrow Flight only when served, and only types whose ports the endpoint reaches. */
export function availableSnippetTypes(target: ConnectionTarget): SnippetType[] {
  return SNIPPET_TYPES.map((t) => t.type).filter(
    (type) => (type !== 'arrow-flight' || target.arrowFlight) && SNIPPET_PORTS[type].some((p) => target.endpoint.ports[p] !== undefined),
  );
}
export { expandUrlTemplate, SPARK_METRICS_URL_EXAMPLE } from './urls';
