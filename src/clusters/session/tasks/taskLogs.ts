/**
 * The logs of a session cluster's Flink pods for its tasks: the JobManager's and each
 * TaskManager's, followed across restarts, and the job's own output (what it prints) picked out
 * of the TaskManagers' logs. Flink images log to the console, so both come from the pods through
 * the Kubernetes API, as the compute driver logs do (driverLogs.ts).
 *
 * The operator labels a FlinkDeployment's pods `app=<cluster>` and `component=jobmanager|taskmanager`;
 * they are not in the watch cache, so the follower watches them itself (one informer per follower).
 */
import * as l10n from '@vscode/l10n';
import { Disposable } from '../../../common/disposable';
import { Emitter, Event } from '../../../common/event';
import { errorMessage } from '../../../common/logger';
import { Informer } from '../../../kube/informer';
import { KubeApiError } from '../../../kube/kubeApiError';
import type { KubeTransport } from '../../../kube/kubeTransport';
import { podLogBatches } from '../../../kube/podLogs';
import { type KubeObject, RESOURCES } from '../../../kube/resources';
import type { FlinkRest } from './flinkRest';

export type FlinkComponent = 'jobmanager' | 'taskmanager';

/** The container Flink runs in, in the pods the operator makes. */
export const FLINK_CONTAINER = 'flink-main-container';

export type Pod = KubeObject & {
  spec?: { containers?: { name: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { name: string; restartCount?: number; state?: Record<string, unknown> }[];
  };
};

/** The label selector of a session cluster's Flink pods. */
export const flinkPodSelector = (cluster: string): string => `app=${cluster}`;

export function flinkComponent(pod: KubeObject): FlinkComponent | undefined {
  const c = pod.metadata.labels?.component;
  return c === 'jobmanager' || c === 'taskmanager' ? c : undefined;
}

/**
 * A log4j line as Flink's console appender writes it (`%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m`):
 * `2026-12-01 10:00:00,123 INFO  org.apache.flink...`.
 */
const LOG4J_LINE = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d{1,9})?\s+(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/;
/** The lines a log line's stack trace goes on with: indented frames, causes, `... 12 more`, the exception's own line. */
const CONTINUATION = /^(?:\s|Caused by: |Suppressed: |\.\.\. \d+ more|[\w$]+(?:\.[\w$]+)+(?:Exception|Error|Throwable)(?::|$))/;

export const isLog4jLine = (line: string): boolean => LOG4J_LINE.test(line);

/**
 * Picks what a job prints out of a TaskManager's log: the print sink's lines (`1> Order{…}`, the
 * subtask's number first) and anything written to System.out, i.e. every line that is not a log4j
 * line nor part of one (the stack trace after a logged exception). One filter per pod: it
 * remembers whether the last line belonged to a log line.
 */
export class OutputFilter {
  private inLog = false;

  push(lines: readonly string[]): string[] {
    const out: string[] = [];
    for (const line of lines) {
      if (LOG4J_LINE.test(line)) {
        this.inLog = true;
        continue;
      }
      if (this.inLog && (line === '' || CONTINUATION.test(line))) continue;
      this.inLog = false;
      out.push(line);
    }
    return out;
  }
}

const restartsOf = (pod: Pod, container: string): number =>
  Number(pod.status?.containerStatuses?.find((c) => c.name === container)?.restartCount ?? 0) || 0;

const containerOf = (pod: Pod): string =>
  pod.spec?.containers?.find((c) => c.name === FLINK_CONTAINER)?.name ?? pod.spec?.containers?.[0]?.name ?? FLINK_CONTAINER;

interface Followed {
  readonly pod: string;
  readonly component: FlinkComponent;
  readonly container: string;
  readonly abort: AbortController;
  /** The container's restart count when its log was opened: a higher one is a new container to read. */
  restarts: number;
  /** The log ended (the container stopped) or could not be read. */
  ended: boolean;
}

export interface FlinkPodLogOptions {
  /** Which pods: the JobManager's, the TaskManagers', or both. */
  readonly components: readonly FlinkComponent[];
  /** Lines of each pod's log read before following (0 or undefined: everything). */
  readonly tailLines?: number;
  /**
   * What of a pod's lines is shown (the job's output keeps only what it prints); called with
   * every batch of that pod, in order. Default: all of them.
   */
  readonly select?: (pod: string) => (lines: readonly string[]) => readonly string[];
  /**
   * Only the pods this answers true for (the TaskManagers a job's subtasks run on); nothing is
   * read until it settles, and a failure to tell reads every pod of the components.
   */
  readonly only?: Promise<(pod: Pod) => boolean>;
}

/**
 * The TaskManagers a job's subtasks run on, from the JobManager
 * (`/jobs/{jobid}/vertices/{vertexid}/taskmanagers`): a TaskManager's resource id is its pod's
 * name on native Kubernetes, and its `host` the pod's IP (with the data port), which also holds in
 * standalone mode.
 */
export async function jobTaskManagerPods(rest: FlinkRest, jobId: string, signal?: AbortSignal): Promise<(pod: Pod) => boolean> {
  const job = await rest.job(jobId, signal);
  const ids = new Set<string>();
  const hosts = new Set<string>();
  for (const v of job.vertices)
    for (const tm of await rest.vertexTaskManagers(jobId, v.id, signal)) {
      if (tm['taskmanager-id']) ids.add(tm['taskmanager-id']);
      if (tm.host) hosts.add(tm.host.replace(/:\d+$/, ''));
    }
  return (pod) => ids.has(pod.metadata.name) || (!!pod.status?.podIP && hosts.has(pod.status.podIP));
}

/**
 * Follows the logs of a session cluster's Flink pods: each pod's lines, prefixed by its pod, as
 * they come; a pod that appears is read, one that goes says so, a container that restarts is read
 * again from its start. Lines come in batches through `onDidAppend`.
 */
export class FlinkPodLogFollower extends Disposable {
  private readonly _onDidAppend = this._register(new Emitter<string[]>());
  readonly onDidAppend: Event<string[]> = this._onDidAppend.event;
  private readonly followed = new Map<string, Followed>();
  private readonly informer: Informer<Pod>;
  private announcedWaiting = false;
  private accept: (pod: Pod) => boolean = () => true;
  /** The pods to read are known (the informer synced, `only` settled). */
  private settled = false;

  constructor(
    private readonly transport: KubeTransport,
    readonly namespace: string,
    readonly cluster: string,
    private readonly opts: FlinkPodLogOptions,
  ) {
    super();
    this.informer = this._register(
      new Informer<Pod>(transport, RESOURCES.pods, { namespace, labelSelector: flinkPodSelector(cluster), dropManagedFields: true }),
    );
    this._register(this.informer.onDidChangeObjects(() => this.sync()));
    this._register({ dispose: () => this.followed.forEach((f) => f.abort.abort()) });
  }

  start(): this {
    this.informer.start();
    const only = this.opts.only?.then(
      (accept) => (this.accept = accept),
      (e) => this.note(l10n.t('Which TaskManagers run the job cannot be told ({0}): reading all of them', errorMessage(e))),
    );
    void Promise.all([this.informer.whenSynced(), only]).then(() => {
      this.settled = true;
      this.sync();
    });
    return this;
  }

  /** The pods read now (tests read it). */
  pods(): string[] {
    return [...this.followed.values()].filter((f) => !f.ended).map((f) => f.pod);
  }

  private note(text: string): void {
    this._onDidAppend.fire([`── ${text} ──`]);
  }

  private sync(): void {
    if (this.isDisposed || !this.settled) return;
    const pods = this.informer
      .items()
      .filter((p) => !p.metadata.deletionTimestamp && this.accept(p))
      .filter((p) => {
        const c = flinkComponent(p);
        return c !== undefined && this.opts.components.includes(c);
      })
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, undefined, { numeric: true }));
    const names = new Set(pods.map((p) => p.metadata.name));
    for (const [name, f] of this.followed) {
      if (names.has(name)) continue;
      f.abort.abort();
      this.followed.delete(name);
      this.note(l10n.t('Pod {0} is gone', name));
    }
    if (!pods.length) {
      if (!this.announcedWaiting) this.note(l10n.t('No {0} pod of {1} runs; waiting for one to start', this.what(), this.cluster));
      this.announcedWaiting = true;
      return;
    }
    this.announcedWaiting = false;
    for (const p of pods) {
      const name = p.metadata.name;
      const known = this.followed.get(name);
      const container = containerOf(p);
      const restarts = restartsOf(p, container);
      if (known && !(known.ended && restarts > known.restarts)) continue;
      // A container not started yet cannot be read: the next change of its pod tries again.
      if (p.status?.phase === 'Pending') continue;
      const component = flinkComponent(p)!;
      if (known) this.note(known.restarts < 0 ? l10n.t('Following {0} again', name) : l10n.t('{0} restarted: following it again', name));
      else
        this.note(
          component === 'jobmanager' ? l10n.t('Following JobManager pod {0}', name) : l10n.t('Following TaskManager pod {0}', name),
        );
      const f: Followed = { pod: name, component, container, abort: new AbortController(), restarts, ended: false };
      this.followed.set(name, f);
      void this.stream(f, !known);
    }
  }

  private what(): string {
    const c = this.opts.components;
    return c.length === 1 ? (c[0] === 'jobmanager' ? 'JobManager' : 'TaskManager') : 'Flink';
  }

  private async stream(f: Followed, first: boolean): Promise<void> {
    const select = this.opts.select?.(f.pod) ?? ((lines: readonly string[]) => lines);
    const prefix = `[${f.pod}] `;
    try {
      for await (const batch of podLogBatches(
        this.transport,
        this.namespace,
        f.pod,
        { follow: true, container: f.container, tailLines: first && this.opts.tailLines ? this.opts.tailLines : undefined },
        f.abort.signal,
      )) {
        if (f.abort.signal.aborted) return;
        const shown = select(batch);
        if (shown.length) this._onDidAppend.fire(shown.map((l) => prefix + l));
      }
      if (!f.abort.signal.aborted) {
        f.ended = true;
        this.note(l10n.t('The log of {0} ended', f.pod));
      }
    } catch (e) {
      if (f.abort.signal.aborted) return;
      // A container still waiting to start answers 400: read it as new at the next change of its pod.
      if (e instanceof KubeApiError && e.code === 400) {
        if (this.followed.get(f.pod) === f) this.followed.delete(f.pod);
        return;
      }
      f.ended = true;
      f.restarts = -1;
      this.note(l10n.t('Cannot read the log of {0}: {1}', f.pod, errorMessage(e)));
    }
  }
}
