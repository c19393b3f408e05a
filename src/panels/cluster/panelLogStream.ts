/**
 * The Logs tab's stream (no vscode): raw lines of the chosen instance for the chosen time range,
 * into a LogFeed. The driver instance follows the model's driver pod across restarts (the one
 * DriverPodFollower, read raw here so ANSI colours reach the viewer); a pod instance follows that
 * pod; a previous container is read once (it has ended).
 */
import * as l10n from '@vscode/l10n';
import { errorMessage } from '../../common/logger';
import type { ClusterModel } from '../../clusters/clusterModel';
import { DriverPodFollower } from '../../clusters/driverLogs';
import { KubeApiError } from '../../kube/kubeApiError';
import type { KubeTransport } from '../../kube/kubeTransport';
import { podLogBatches } from '../../kube/podLogs';
import { TIME_RANGE_SECONDS, TimeRange } from '../../../shared/protocol/clusterPage';
import { ErrorData } from '../../../shared/protocol/envelope';
import type { InstanceChoice } from '../clusterViews';

export interface LogSink {
  append(lines: readonly string[]): void;
  setStatus(streaming: boolean, error?: ErrorData): void;
}

export class PanelLogStream extends DriverPodFollower {
  constructor(
    model: ClusterModel,
    transport: KubeTransport,
    namespace: string,
    cluster: string,
    readonly range: TimeRange,
    readonly instance: InstanceChoice,
    private readonly sink: LogSink,
    /** Lines of an `all` range read before following (the setting dataClusters.logTailLines; 0 = everything). */
    private readonly tailLines: number,
  ) {
    super(model, transport, namespace, cluster, {
      ...(instance.kind === 'pod' ? { pod: instance.pod } : {}),
      announceFirst: false,
      announceWaiting: true,
      reattachEnded: false,
    });
  }

  protected emit(lines: string[]): void {
    this.sink.append(lines);
  }

  protected override onWaiting(): void {
    this.sink.setStatus(false);
  }

  protected async stream(pod: string, abort: AbortController, first: boolean): Promise<void> {
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
        this.retryLater();
        return;
      }
      this.sink.setStatus(false, { message: l10n.t('Cannot read the log of {0}: {1}', pod, errorMessage(e)), code: 'unavailable' });
    }
  }
}
