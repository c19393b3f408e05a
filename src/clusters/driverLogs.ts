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
  private _cursor?: { pod: string; key: string; ts: string; seenAtTs: string[] };

  constructor(
    private readonly model: ClusterModel,
    private readonly transport: KubeTransport,
    readonly namespace: string,
    readonly cluster: string,
    private readonly opts: { tailLines?: number; pod?: string; timestamps?: boolean; resumeFrom?: LogCursor } = {},
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

  /** Where this follower stopped, for a later one to go on from without gaps or repeats. */
  get cursor(): LogCursor | undefined {
    const c = this._cursor ?? this.opts.resumeFrom;
    return c && { pod: c.pod, ts: c.ts, seenAtTs: [...c.seenAtTs] };
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
            ? l10n.t('The driver is not running; waiting for it to start')
            : l10n.t('The cluster was deleted'),
        );
      }
      return;
    }
    this.current?.abort.abort();
    if (this.lastPod && this.lastPod !== pod) this.note(l10n.t('Driver restarted: following {0}', pod));
    else if (!this.current) this.note(this.opts.pod ? l10n.t('Following pod {0}', pod) : l10n.t('Following driver pod {0}', pod));
    this.lastPod = pod;
    const abort = new AbortController();
    this.current = { pod, abort };
    this.ended = false;
    const first = !this.attached;
    this.attached = true;
    void this.stream(pod, abort, first);
  }

  private async stream(pod: string, abort: AbortController, first: boolean): Promise<void> {
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
        if (out.length) this._onDidAppend.fire(out);
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
