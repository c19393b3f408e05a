import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { KubeWriter } from '../kube/kubeWriter';
import { PortForwardInfo, PortForwardManager, PortForwardManagerOptions } from '../kube/portForward';
import { KubeObject, RESOURCES } from '../kube/resources';
import type { ClusterModel, ComputeCluster } from './clusterModel';
import { newestPod } from './compute/computeState';
import { PORTS, PortName } from './compute/computeRenderer';
import type { ClusterConnection } from './connection';
import * as l10n from '@vscode/l10n';
import { SQL_GATEWAY_PORT, sqlGatewayLabels } from './session/sqlGatewayRenderer';

/** The driver's ports by name, as the rendered Deployment declares them (kept here to avoid a clusters → connections import). */
const DRIVER_PORT: Readonly<Record<PortName, number>> = {
  thrift: PORTS.thrift,
  'thrift-http': PORTS.thriftHttp,
  'spark-connect': PORTS.sparkConnect,
  'spark-ui': PORTS.sparkUi,
  'arrow-flight': PORTS.arrowFlight,
};

const PORT_TITLE: Readonly<Record<PortName, string>> = {
  get thrift() {
    return l10n.t('Thrift (binary)');
  },
  get 'thrift-http'() {
    return l10n.t('Thrift (HTTP)');
  },
  get 'spark-connect'() {
    return l10n.t('Spark Connect');
  },
  get 'spark-ui'() {
    return l10n.t('Spark UI');
  },
  get 'arrow-flight'() {
    return l10n.t('Arrow Flight');
  },
};

/** The Flink operator's REST Service port (DESIGN.md: `<name>-rest`, 8081). */
export const FLINK_REST_PORT = 8081;

/** Forward keys: one forward per cluster and purpose, so asking twice reuses the running one. */
export const driverForwardKey = (namespace: string, name: string, ports: readonly PortName[]): string =>
  `compute/${namespace}/${name}/${[...ports].sort().join('+')}`;
export const flinkForwardKey = (namespace: string, name: string): string => `session/${namespace}/${name}/rest`;
export const sqlGatewayForwardKey = (namespace: string, name: string): string => `session/${namespace}/${name}/sql-gateway`;

/**
 * The port-forwards of one connection, in cluster terms: to a compute cluster's driver (found in
 * the model, so a restart's new pod is picked up as soon as the watch sees it) and to the
 * JobManager behind a session cluster's `<name>-rest` Service (found through the Service's
 * selector, because the Flink operator's pods do not carry our labels and are not watched).
 */
export class ClusterForwards extends Disposable {
  readonly manager: PortForwardManager;
  readonly onDidChange: Event<readonly PortForwardInfo[]>;

  constructor(
    private readonly model: ClusterModel,
    private readonly writer: KubeWriter,
    manager: PortForwardManager,
  ) {
    super();
    this.manager = this._register(manager);
    this.onDidChange = manager.onDidChange;
    // A restart replaces the driver pod: point the forward at the new one as soon as it is ACTIVE,
    // rather than letting the next local connection find the old pod gone.
    this._register(
      model.onDidChangeCluster((changes) => {
        for (const { cluster: c } of changes) {
          if (c?.kind !== 'compute' || c.state !== 'ACTIVE' || !c.driverPod) continue;
          for (const f of this.manager.list())
            if (f.key?.startsWith(`compute/${c.namespace}/${c.name}/`) && f.pod !== c.driverPod) void this.manager.retarget(f.id);
        }
      }),
    );
  }

  /** The driver pod to forward to: only an ACTIVE cluster's (a STARTING driver does not answer yet). */
  driverPod(namespace: string, name: string): string | undefined {
    const c = this.model.get('compute', namespace, name) as ComputeCluster | undefined;
    return c?.state === 'ACTIVE' ? c.driverPod : undefined;
  }

  /** Forwards free local ports on 127.0.0.1 to the named driver ports; reuses a running forward for the same ports. */
  forwardDriver(namespace: string, name: string, ports: readonly PortName[]): Promise<PortForwardInfo> {
    return this.manager.start({
      namespace,
      key: driverForwardKey(namespace, name, ports),
      label: `${name} (${namespace}): ${ports.map((p) => PORT_TITLE[p]).join(', ')}`,
      ports: ports.map((p) => ({ name: p, remote: DRIVER_PORT[p] })),
      resolvePod: async () => this.driverPod(namespace, name),
      noPodMessage: l10n.t(
        'Compute cluster {0} in {1} has no running driver: the forward works once the cluster is ACTIVE.',
        name,
        namespace,
      ),
    });
  }

  /** Forwards a free local port to the Flink REST API and UI (the JobManager pod behind `<name>-rest`). */
  async forwardFlinkRest(namespace: string, name: string): Promise<PortForwardInfo> {
    const first = await this.flinkJobManager(namespace, name);
    return this.manager.start({
      namespace,
      key: flinkForwardKey(namespace, name),
      label: l10n.t('{0} ({1}): Flink UI', name, namespace),
      ports: [{ name: 'rest', remote: first?.port ?? FLINK_REST_PORT }],
      resolvePod: async () => (await this.flinkJobManager(namespace, name))?.pod,
      noPodMessage: l10n.t(
        'Session cluster {0} in {1} has no running JobManager behind {0}-rest: the forward works once it is Running.',
        name,
        namespace,
      ),
    });
  }

  /**
   * Forwards a free local port to the session cluster's SQL Gateway (Enable SQL: the pod of
   * `<name>-sql-gateway`, port 8083). The SQL engine's endpoint is `http://127.0.0.1:<local>`.
   */
  forwardSqlGateway(namespace: string, name: string): Promise<PortForwardInfo> {
    return this.manager.start({
      namespace,
      key: sqlGatewayForwardKey(namespace, name),
      label: l10n.t('{0} ({1}): Flink SQL Gateway', name, namespace),
      ports: [{ name: 'sql-gateway', remote: SQL_GATEWAY_PORT }],
      resolvePod: () => this.sqlGatewayPod(namespace, name),
      noPodMessage: l10n.t(
        'Session cluster {0} in {1} has no ready SQL Gateway: enable SQL on it, and the forward works once the gateway is ready.',
        name,
        namespace,
      ),
    });
  }

  /** The newest ready pod of the cluster's SQL Gateway. */
  async sqlGatewayPod(namespace: string, name: string): Promise<string | undefined> {
    type Pod = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string }[] } };
    const pods = await this.writer.list<Pod>(RESOURCES.pods, namespace, {
      labelSelector: Object.entries(sqlGatewayLabels(name))
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    });
    const running = pods.items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    const ready = running.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return newestPod(ready.length ? ready : running)?.metadata.name;
  }

  /** The running pod the `<name>-rest` Service selects, and the container port its REST port targets. */
  async flinkJobManager(namespace: string, name: string): Promise<{ pod: string; port: number } | undefined> {
    type Service = KubeObject & {
      spec?: { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: number | string }[] };
    };
    type Pod = KubeObject & { status?: { phase?: string } };
    const svc = await this.writer.tryGet<Service>(RESOURCES.services, namespace, `${name}-rest`);
    const selector = svc?.spec?.selector;
    if (!selector || !Object.keys(selector).length) return undefined;
    const rest = svc.spec?.ports?.find((p) => p.name === 'rest') ?? svc.spec?.ports?.find((p) => p.port === FLINK_REST_PORT);
    // A named targetPort would need the container spec; the operator uses the number.
    const port = typeof rest?.targetPort === 'number' ? rest.targetPort : (rest?.port ?? FLINK_REST_PORT);
    const pods = await this.writer.list<Pod>(RESOURCES.pods, namespace, {
      labelSelector: Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    });
    const pod = newestPod(pods.items.filter((p) => p.status?.phase === 'Running'));
    return pod ? { pod: pod.metadata.name, port } : undefined;
  }

  list(): readonly PortForwardInfo[] {
    return this.manager.list();
  }

  stop(id: string): Promise<void> {
    return this.manager.stop(id);
  }

  stopAll(): Promise<void> {
    return this.manager.stopAll();
  }
}

/** What ClusterForwardsHolder needs of the connection manager. */
export interface ConnectionSource {
  readonly connection: ClusterConnection | undefined;
  readonly onDidChangeConnection: Event<ClusterConnection | undefined>;
}

/**
 * The forwards of the current connection: made when the first forward is asked for, stopped
 * (ports freed) when the connection changes (another context, kubeconfig or namespaces) or the
 * holder is disposed, since a forward through a connection the user left would be a surprise.
 */
export class ClusterForwardsHolder extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<readonly PortForwardInfo[]>());
  readonly onDidChange: Event<readonly PortForwardInfo[]> = this._onDidChange.event;
  private current?: { connection: ClusterConnection; forwards: ClusterForwards; sub: { dispose(): void } };

  constructor(
    private readonly connections: ConnectionSource,
    private readonly options: PortForwardManagerOptions = {},
  ) {
    super();
    this._register(connections.onDidChangeConnection(() => this.drop()));
    this._register({ dispose: () => this.drop() });
  }

  /** The forwards of the current connection; undefined while it has no model yet. */
  forwards(): ClusterForwards | undefined {
    const conn = this.connections.connection;
    if (this.isDisposed || !conn?.model) return undefined;
    if (this.current?.connection !== conn) {
      this.drop();
      const forwards = new ClusterForwards(conn.model, conn.writer, new PortForwardManager(conn.kc, this.options));
      const sub = forwards.onDidChange((list) => this._onDidChange.fire(list));
      this.current = { connection: conn, forwards, sub };
    }
    return this.current.forwards;
  }

  list(): readonly PortForwardInfo[] {
    return this.current?.forwards.list() ?? [];
  }

  private drop(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    c.sub.dispose();
    c.forwards.dispose();
    this._onDidChange.fire([]);
  }
}
