import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { errorMessage } from '../common/logger';
import { KubeApiError } from '../kube/kubeApiError';
import { podLogBatches } from '../kube/podLogs';
import { KubeTransport } from '../kube/kubeTransport';
import { ClusterModel, ComputeCluster } from './clusterModel';
import { LABELS } from './definition';
import * as l10n from '@vscode/l10n';

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
 * Where a follower stopped: the pod, the timestamp of the last line it delivered, and the lines it
 * delivered with exactly that timestamp (Kubernetes' sinceTime has only second precision, so a
 * resumed stream starts a little early and these tell which of its first lines were seen).
 */
export interface LogCursor {
  readonly pod: string;
  readonly ts: string;
  readonly seenAtTs: readonly string[];
}

/** A log timestamp (RFC 3339 with up to nine fraction digits) as a key that sorts as time does. */
export function timestampKey(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(ts);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : ts;
}

/**
 * Follows a compute cluster's driver pod across restarts, the one place that does: when the model
 * shows a new driver pod it stops reading the old one, says so in the log and reads the new one;
 * while there is none it waits. Or follows one fixed pod (an executor). How a pod's log is read
 * (and where its lines go) is the subclass's `stream`.
 */
export abstract class DriverPodFollower extends Disposable {
  private current?: { pod: string; abort: AbortController };
  /** The pod followed last, to tell a restart (a new pod) from a first attach; '' once a wait was announced. */
  private lastPod?: string;
  /** The current pod's log ended (or failed); set by `stream`. */
  protected ended = false;

  constructor(
    protected readonly model: ClusterModel,
    protected readonly transport: KubeTransport,
    readonly namespace: string,
    readonly cluster: string,
    private readonly policy: {
      /** A fixed pod to follow instead of the driver. */
      readonly pod?: string;
      /** Say "Following driver pod …" at the first attach. */
      readonly announceFirst: boolean;
      /** Say that the driver is not running also before any pod was followed. */
      readonly announceWaiting: boolean;
      /** Read a pod whose log ended again at the next model change. */
      readonly reattachEnded: boolean;
    },
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

  /** Reads one pod's log until `abort`; `first` is the first pod this follower reads. */
  protected abstract stream(pod: string, abort: AbortController, first: boolean): Promise<void>;
  /** Lines the follower writes itself (restarts, waiting). */
  protected abstract emit(lines: string[]): void;
  /** Called when the follower starts waiting for a driver. */
  protected onWaiting(): void {}

  protected note(text: string): void {
    this.emit([`── ${text} ──`]);
  }

  /** A pod that cannot be read yet (a container still waiting to start): the next model change tries again as a first attach. */
  protected retryLater(): void {
    this.ended = false;
    this.current = undefined;
    this.lastPod = undefined;
  }

  private targetPod(): string | undefined {
    if (this.policy.pod) return this.policy.pod;
    return (this.model.get('compute', this.namespace, this.cluster) as ComputeCluster | undefined)?.driverPod;
  }

  private sync(): void {
    if (this.isDisposed) return;
    const pod = this.targetPod();
    if (pod && this.current?.pod === pod && (!this.ended || !this.policy.reattachEnded)) return;
    if (!pod) {
      if (this.current || (this.policy.announceWaiting && this.lastPod === undefined)) {
        this.current?.abort.abort();
        this.current = undefined;
        this.note(
          this.model.get('compute', this.namespace, this.cluster)
            ? l10n.t('The driver is not running; waiting for it to start')
            : l10n.t('The cluster was deleted'),
        );
        this.onWaiting();
        this.lastPod ??= '';
      }
      return;
    }
    this.current?.abort.abort();
    if (this.lastPod && this.lastPod !== pod) this.note(l10n.t('Driver restarted: following {0}', pod));
    else if (!this.current && this.policy.announceFirst)
      this.note(this.policy.pod ? l10n.t('Following pod {0}', pod) : l10n.t('Following driver pod {0}', pod));
    const first = !this.lastPod;
    this.lastPod = pod;
    const abort = new AbortController();
    this.current = { pod, abort };
    this.ended = false;
    void this.stream(pod, abort, first);
  }
}

/**
 * Follows a compute cluster's driver log across restarts (or one fixed pod, an executor) for the
 * output channels: lines arrive in batches, sanitized, and a cursor says where it stopped.
 */
export class DriverLogFollower extends DriverPodFollower {
  private readonly _onDidAppend = this._register(new Emitter<string[]>());
  readonly onDidAppend: Event<string[]> = this._onDidAppend.event;
  private _cursor?: { pod: string; key: string; ts: string; seenAtTs: string[] };

  constructor(
    model: ClusterModel,
    transport: KubeTransport,
    namespace: string,
    cluster: string,
    private readonly opts: { tailLines?: number; pod?: string; timestamps?: boolean; resumeFrom?: LogCursor } = {},
  ) {
    super(model, transport, namespace, cluster, {
      ...(opts.pod ? { pod: opts.pod } : {}),
      announceFirst: true,
      announceWaiting: false,
      reattachEnded: true,
    });
  }

  /** Where this follower stopped, for a later one to go on from without gaps or repeats. */
  get cursor(): LogCursor | undefined {
    const c = this._cursor ?? this.opts.resumeFrom;
    return c && { pod: c.pod, ts: c.ts, seenAtTs: [...c.seenAtTs] };
  }

  protected emit(lines: string[]): void {
    this._onDidAppend.fire(lines);
  }

  protected async stream(pod: string, abort: AbortController, first: boolean): Promise<void> {
    // Going on after a pause: ask from the last line's second and drop what was already delivered.
    // A driver that restarted meanwhile is read from its start, so nothing it printed is missed.
    const resume = first ? this.opts.resumeFrom : undefined;
    const sameSpot = resume?.pod === pod ? resume : undefined;
    const after = sameSpot ? timestampKey(sameSpot.ts) : undefined;
    const seen = new Set(sameSpot?.seenAtTs ?? []);
    try {
      for await (const batch of podLogBatches(
        this.transport,
        this.namespace,
        pod,
        {
          follow: true,
          // Always asked with timestamps: they are the cursor; the user sees them only if they asked.
          timestamps: true,
          tailLines: first && !resume ? this.opts.tailLines : undefined,
          sinceTime: sameSpot ? sameSpot.ts.replace(/\.\d+Z$/, 'Z') : undefined,
        },
        abort.signal,
      )) {
        if (abort.signal.aborted) return;
        const out: string[] = [];
        for (const line of batch) {
          const space = line.indexOf(' ');
          const ts = space > 0 ? line.slice(0, space) : '';
          const key = timestampKey(ts);
          if (!ts || !/^\d{4}-/.test(ts)) {
            out.push(line);
            continue;
          }
          const text = line.slice(space + 1);
          if (after !== undefined && (key < after || (key === after && seen.has(text)))) continue;
          if (this._cursor?.key === key && this._cursor.pod === pod) this._cursor.seenAtTs.push(text);
          else this._cursor = { pod, key, ts, seenAtTs: [text] };
          out.push(this.opts.timestamps ? line : text);
        }
        if (out.length) this.emit(out);
      }
      if (!abort.signal.aborted) {
        this.ended = true;
        this.note(l10n.t('The log of {0} ended', pod));
      }
    } catch (e) {
      if (abort.signal.aborted) return;
      this.ended = true;
      // A container still waiting to start answers 400; the next model change retries.
      if (!(e instanceof KubeApiError && e.code === 400)) this.note(l10n.t('Cannot read the log of {0}: {1}', pod, errorMessage(e)));
    }
  }
}
