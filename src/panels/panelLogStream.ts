/**
 * The Logs tab's stream (no vscode): raw lines of the chosen instance for the chosen time range,
 * into a LogFeed. The driver instance follows the model's driver pod across restarts (like
 * DriverLogFollower, but raw, so ANSI colours reach the viewer); a pod instance follows that pod;
 * a previous container is read once (it has ended).
 */
import * as l10n from '@vscode/l10n';
import { Disposable } from '../common/disposable';
import { errorMessage } from '../common/logger';
import type { ClusterModel, ComputeCluster } from '../clusters/clusterModel';
import { KubeApiError } from '../kube/kubeApiError';
import type { KubeTransport } from '../kube/kubeTransport';
import { podLogBatches } from '../kube/podLogs';
import { TIME_RANGE_SECONDS, TimeRange } from '../../shared/protocol/clusterPage';
import { ErrorData } from '../../shared/protocol/envelope';
import type { InstanceChoice } from './clusterViews';

export interface LogSink {
  append(lines: readonly string[]): void;
  setStatus(streaming: boolean, error?: ErrorData): void;
}

export class PanelLogStream extends Disposable {
  private current?: { pod: string; abort: AbortController };
  private lastPod?: string;
  private ended = false;

  constructor(
    private readonly model: ClusterModel,
    private readonly transport: KubeTransport,
    readonly namespace: string,
    readonly cluster: string,
    readonly range: TimeRange,
    readonly instance: InstanceChoice,
    private readonly sink: LogSink,
    /** Lines of an `all` range read before following (the setting dataClusters.logTailLines; 0 = everything). */
    private readonly tailLines: number,
  ) {
    super();
    this._register({ dispose: () => this.current?.abort.abort() });
    if (instance.kind === 'driver')
      this._register(
        model.onDidChangeCluster((changes) => {
          if (changes.some((c) => c.kind === 'compute' && c.namespace === namespace && c.name === cluster)) this.sync();
        }),
      );
  }

  start(): this {
    this.sync();
    return this;
  }

  private targetPod(): string | undefined {
    if (this.instance.kind === 'pod') return this.instance.pod;
    return (this.model.get('compute', this.namespace, this.cluster) as ComputeCluster | undefined)?.driverPod;
  }

  private note(text: string): void {
    this.sink.append([`── ${text} ──`]);
  }

  private sync(): void {
    if (this.isDisposed) return;
    const pod = this.targetPod();
    if (pod && this.current?.pod === pod && !this.ended) return;
    if (!pod) {
      if (this.current || !this.lastPod) {
        this.current?.abort.abort();
        this.current = undefined;
        const exists = !!this.model.get('compute', this.namespace, this.cluster);
        this.note(exists ? l10n.t('The driver is not running; waiting for it to start') : l10n.t('The cluster was deleted'));
        this.sink.setStatus(false);
        this.lastPod = this.lastPod ?? '';
      }
      return;
    }
    if (this.current?.pod === pod && this.ended) return; // ended: a model change with the same pod does not restart it
    this.current?.abort.abort();
    if (this.lastPod && this.lastPod !== pod) this.note(l10n.t('Driver restarted: following {0}', pod));
    const first = !this.lastPod;
    this.lastPod = pod;
    const abort = new AbortController();
    this.current = { pod, abort };
    this.ended = false;
    void this.stream(pod, abort, first);
  }

  private async stream(pod: string, abort: AbortController, first: boolean): Promise<void> {
    const previous = this.instance.kind === 'pod' && this.instance.previous;
    const since = TIME_RANGE_SECONDS[this.range];
    this.sink.setStatus(!previous);
    try {
      for await (const batch of podLogBatches(
        this.transport,
        this.namespace,
        pod,
        {
          follow: !previous,
          previous,
          raw: true,
          // A restarted driver starts a new log: read all of it; the first attach honours the range.
          ...(first && since !== undefined ? { sinceSeconds: since } : {}),
          ...(first && since === undefined && this.tailLines > 0 ? { tailLines: this.tailLines } : {}),
        },
        abort.signal,
        5000,
      )) {
        if (abort.signal.aborted) return;
        this.sink.append(batch);
      }
      if (!abort.signal.aborted) {
        this.ended = true;
        this.note(previous ? l10n.t('End of the previous container of {0}', pod) : l10n.t('The log of {0} ended', pod));
        this.sink.setStatus(false);
      }
    } catch (e) {
      if (abort.signal.aborted) return;
      this.ended = true;
      if (e instanceof KubeApiError && e.code === 403) {
        this.sink.setStatus(false, { message: l10n.t('You may not read logs in {0}.', this.namespace), code: 'forbidden' });
        return;
      }
      // A container still waiting to start answers 400; the next model change retries.
      if (e instanceof KubeApiError && e.code === 400) {
        this.sink.setStatus(false);
        this.ended = false;
        this.current = undefined;
        this.lastPod = undefined;
        return;
      }
      this.sink.setStatus(false, { message: l10n.t('Cannot read the log of {0}: {1}', pod, errorMessage(e)), code: 'unavailable' });
    }
  }
}
