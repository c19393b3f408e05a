import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage } from '../common/logger';
import { KubeApiError } from '../kube/kubeApiError';
import { podLogBatches } from '../kube/podLogs';
import { KubeTransport } from '../kube/kubeTransport';
import { ClusterModel, ComputeCluster } from './clusterModel';
import { LABELS } from './definition';

export interface LogInstance {
  readonly pod: string;
  readonly role: 'driver' | 'executor';
  readonly phase: string;
  readonly container: string;
}

/** The pods whose logs a compute cluster offers: its driver and executors. */
export function logInstances(model: ClusterModel, namespace: string, name: string): LogInstance[] {
  return model.cache
    .items('pods', namespace)
    .filter((p) => p.metadata.labels?.[LABELS.cluster] === name && !p.metadata.deletionTimestamp)
    .map((p) => ({
      pod: p.metadata.name,
      role: p.metadata.labels?.['spark-role'] === 'executor' ? ('executor' as const) : ('driver' as const),
      phase: String(p.status?.phase ?? 'Unknown'),
      container: p.spec?.containers?.[0]?.name ?? '',
    }))
    .sort((a, b) => (a.role === b.role ? a.pod.localeCompare(b.pod, undefined, { numeric: true }) : a.role === 'driver' ? -1 : 1));
}

/**
 * Follows a compute cluster's driver log across restarts: when the model shows a new driver pod it
 * switches to it and says so in the log; while there is none it waits. Or follows one fixed pod
 * (an executor). Lines arrive in batches, sanitized.
 */
export class DriverLogFollower extends Disposable {
  private readonly _onDidAppend = this._register(new Emitter<string[]>());
  readonly onDidAppend: Event<string[]> = this._onDidAppend.event;
  private current?: { pod: string; abort: AbortController };
  /** The pod followed last, to tell a restart (a new pod) from a first attach. */
  private lastPod?: string;
  private attached = false;
  private ended = false;

  constructor(
    private readonly model: ClusterModel,
    private readonly transport: KubeTransport,
    readonly namespace: string,
    readonly cluster: string,
    private readonly opts: { tailLines?: number; pod?: string; timestamps?: boolean } = {},
  ) {
    super();
    this._register({ dispose: () => this.current?.abort.abort() });
    this._register(
      model.onDidChangeCluster(
        (changes) => changes.some((c) => c.kind === 'compute' && c.namespace === namespace && c.name === cluster) && this.sync(),
      ),
    );
  }

  start(): this {
    this.sync();
    return this;
  }

  private targetPod(): string | undefined {
    if (this.opts.pod) return this.opts.pod;
    const c = this.model.get('compute', this.namespace, this.cluster) as ComputeCluster | undefined;
    return c?.driverPod;
  }

  private note(text: string): void {
    this._onDidAppend.fire([`── ${text} ──`]);
  }

  private sync(): void {
    if (this.isDisposed) return;
    const pod = this.targetPod();
    if (pod && this.current?.pod === pod && !this.ended) return;
    if (!pod) {
      if (this.current) {
        this.current.abort.abort();
        this.current = undefined;
        this.note(
          this.model.get('compute', this.namespace, this.cluster)
            ? 'The driver is not running; waiting for it to start'
            : 'The cluster was deleted',
        );
      }
      return;
    }
    this.current?.abort.abort();
    if (this.lastPod && this.lastPod !== pod) this.note(`Driver restarted: following ${pod}`);
    else if (!this.current) this.note(`Following ${this.opts.pod ? 'pod' : 'driver pod'} ${pod}`);
    this.lastPod = pod;
    const abort = new AbortController();
    this.current = { pod, abort };
    this.ended = false;
    const first = !this.attached;
    this.attached = true;
    void this.stream(pod, abort, first);
  }

  private async stream(pod: string, abort: AbortController, first: boolean): Promise<void> {
    try {
      for await (const batch of podLogBatches(
        this.transport,
        this.namespace,
        pod,
        { follow: true, timestamps: this.opts.timestamps, tailLines: first ? this.opts.tailLines : undefined },
        abort.signal,
      )) {
        if (abort.signal.aborted) return;
        this._onDidAppend.fire(batch);
      }
      if (!abort.signal.aborted) {
        this.ended = true;
        this.note(`The log of ${pod} ended`);
      }
    } catch (e) {
      if (abort.signal.aborted) return;
      this.ended = true;
      // A container still waiting to start answers 400; the next model change retries.
      if (!(e instanceof KubeApiError && e.code === 400)) this.note(`Cannot read the log of ${pod}: ${errorMessage(e)}`);
    }
  }
}
