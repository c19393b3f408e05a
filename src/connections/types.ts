import type { PortName } from '../clusters/compute/computeRenderer';

export type { PortName };

/**
 * Where a client reaches the driver from:
 * - `in-cluster`: the Service's DNS name, for tools running inside the Kubernetes cluster;
 * - `port-forward`: 127.0.0.1 and the local ports of a forward the extension runs;
 * - `external`: a LoadBalancer ingress, a NodePort, or a host from the host template setting.
 */
export type EndpointKind = 'in-cluster' | 'port-forward' | 'external';

export interface Endpoint {
  readonly kind: EndpointKind;
  /** A DNS name or an IP address (IPv6 without brackets; the generators add them where a URI needs them). */
  readonly host: string;
  /** Port numbers by name as seen from the client; a missing name means that port is not reachable this way. */
  readonly ports: Readonly<Partial<Record<PortName, number>>>;
}

/** The compute cluster a snippet connects to. */
export interface ConnectionTarget {
  /** Cluster name (DNS label). */
  readonly name: string;
  readonly namespace: string;
  /**
   * Whether the cluster serves Arrow Flight SQL (servesArrowFlight: its spec enables Arrow Flight
   * and a Flight SQL server is configured); the Arrow Flight snippet exists only then.
   */
  readonly arrowFlight: boolean;
  readonly endpoint: Endpoint;
  /** Driver state (ACTIVE, STARTING, STOPPED, FAILED); any other than ACTIVE adds a note. Unknown when absent. */
  readonly state?: string;
  /** The user name to put in snippets (e.g. the Kubernetes identity); `<user>` when absent. */
  readonly user?: string;
  /** The initial database (schema); `default` when absent. */
  readonly database?: string;
}

/** The ten snippet types, in the order a picker shows them. */
export type SnippetType =
  'python' | 'jdbc' | 'dbt' | 'tableau' | 'powerbi' | 'superset' | 'metabase' | 'redash' | 'spark-connect' | 'arrow-flight';

/** VS Code language ids the snippets use for a new untitled document. */
export type SnippetLanguage = 'python' | 'yaml' | 'sql' | 'properties' | 'json' | 'plaintext';

/** Which wire a snippet uses: the Thrift server's binary or HTTP transport, Spark Connect gRPC, or Arrow Flight gRPC. */
export type SnippetTransport = 'binary' | 'http' | 'grpc';

export interface Snippet {
  readonly type: SnippetType;
  /** Stable id, `<type>` or `<type>-<variant>` (e.g. `jdbc-http`), for remembering the user's choice. */
  readonly id: string;
  readonly transport: SnippetTransport;
  /** Short title for a quick pick or a card, e.g. "JDBC (Hive driver, HTTP transport)". */
  readonly title: string;
  readonly language: SnippetLanguage;
  /** The exact text to insert or copy; ends with a newline. */
  readonly text: string;
  /** What the user must know for it to work (ports, cluster settings, what to replace). */
  readonly notes: readonly string[];
  /** How many of `notes`, at the end, every snippet of the same target carries (the cluster's state, the endpoint). */
  readonly sharedNotes: number;
}

/** A snippet that cannot be produced for this target, with a message fit to show the user. */
export class SnippetUnavailableError extends Error {
  constructor(
    message: string,
    readonly type: SnippetType,
  ) {
    super(message);
    this.name = 'SnippetUnavailableError';
  }
}
