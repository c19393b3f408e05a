import { Disposable, IDisposable } from '../../../common/disposable';
import { errorMessage, Logger, silentLogger } from '../../../common/logger';
import type { FlinkRest, JobExceptions, JobOverview } from './flinkRest';
import { firstLine } from './taskModel';
import type { SessionRef } from './taskTypes';

export const DEFAULT_POLL_MS = 2000;
export const MAX_POLL_MS = 30_000;

export interface JobPollerOptions {
  /** The JobManager's REST API through the forward; rejects when the cluster is not Running. */
  rest(ref: SessionRef): Promise<FlinkRest>;
  /** Whether the cluster is Running now (polling waits otherwise). */
  running(ref: SessionRef): boolean;
  /** The interval while jobs change. */
  baseMs(): number;
  readonly maxMs?: number;
  /** The cluster's jobs (or failures) changed. */
  onChange(ref: SessionRef): void;
  readonly logger?: Logger;
}

interface Polled {
  jobs?: readonly JobOverview[];
  readonly failures: Map<string, string>;
  /** `jobId:state` of failing jobs whose exceptions were asked for (once each). */
  readonly asked: Set<string>;
  watchers: number;
  timer?: NodeJS.Timeout;
  interval: number;
  inFlight?: Promise<void>;
}

const refKey = (ref: SessionRef) => `${ref.namespace}/${ref.cluster}`;

/** Why a job failed, in one line: the root exception's first line, else the newest history entry's. */
export function rootCause(ex: JobExceptions): string | undefined {
  const entry = ex.exceptionHistory?.entries?.[0];
  return firstLine(ex['root-exception']) ?? firstLine(entry?.stacktrace) ?? entry?.exceptionName;
}

/**
 * Polls each watched session cluster's `/jobs/overview` while it is Running: at the base interval
 * while something changes, doubling up to the maximum while nothing does or the JobManager fails
 * to answer, and not at all once nobody watches. Failed jobs' root exceptions are fetched once.
 */
export class JobPoller extends Disposable {
  private readonly clusters = new Map<string, Polled>();
  private readonly logger: Logger;
  private readonly maxMs: number;

  constructor(private readonly opts: JobPollerOptions) {
    super();
    this.logger = opts.logger ?? silentLogger;
    this.maxMs = opts.maxMs ?? MAX_POLL_MS;
    this._register({ dispose: () => this.clusters.forEach((c) => clearTimeout(c.timer)) });
  }

  private state(ref: SessionRef): Polled {
    let s = this.clusters.get(refKey(ref));
    if (!s) this.clusters.set(refKey(ref), (s = { failures: new Map(), asked: new Set(), watchers: 0, interval: this.opts.baseMs() }));
    return s;
  }

  jobs(ref: SessionRef): readonly JobOverview[] | undefined {
    return this.clusters.get(refKey(ref))?.jobs;
  }

  failures(ref: SessionRef): ReadonlyMap<string, string> {
    return this.clusters.get(refKey(ref))?.failures ?? new Map();
  }

  watching(ref: SessionRef): boolean {
    return (this.clusters.get(refKey(ref))?.watchers ?? 0) > 0;
  }

  watch(ref: SessionRef): IDisposable {
    const s = this.state(ref);
    s.watchers++;
    if (s.watchers === 1) this.kick(ref);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        if (--s.watchers > 0) return;
        clearTimeout(s.timer);
        s.timer = undefined;
      },
    };
  }

  /** Polls soon at the base interval again (an action changed something, or the cluster came up). */
  kick(ref: SessionRef): void {
    const s = this.state(ref);
    s.interval = this.opts.baseMs();
    if (s.watchers > 0) this.schedule(ref, s, 0);
  }

  /** Polls now, whether or not anyone watches; resolves when the answer is in. */
  refresh(ref: SessionRef): Promise<void> {
    const s = this.state(ref);
    s.interval = this.opts.baseMs();
    return this.poll(ref, s).then(() => (s.watchers > 0 ? this.schedule(ref, s, s.interval) : undefined));
  }

  /** The cluster is gone: its jobs are forgotten. */
  forget(ref: SessionRef): void {
    const s = this.clusters.get(refKey(ref));
    if (!s) return;
    const had = s.jobs !== undefined;
    s.jobs = undefined;
    s.failures.clear();
    s.asked.clear();
    if (had) this.opts.onChange(ref);
  }

  private schedule(ref: SessionRef, s: Polled, delay: number): void {
    clearTimeout(s.timer);
    if (this.isDisposed || s.watchers === 0) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.poll(ref, s).then(() => this.schedule(ref, s, s.interval));
    }, delay);
  }

  private poll(ref: SessionRef, s: Polled): Promise<void> {
    if (!s.inFlight)
      s.inFlight = this.pollOnce(ref, s).finally(() => {
        s.inFlight = undefined;
      });
    return s.inFlight;
  }

  private async pollOnce(ref: SessionRef, s: Polled): Promise<void> {
    const slower = () => (s.interval = Math.min(Math.max(s.interval * 2, this.opts.baseMs()), this.maxMs));
    if (!this.opts.running(ref)) {
      // Nothing to ask until it runs; the service kicks the poll when the cluster becomes Running.
      s.interval = this.maxMs;
      if (s.jobs !== undefined) {
        s.jobs = undefined;
        this.opts.onChange(ref);
      }
      return;
    }
    let jobs: readonly JobOverview[];
    let rest: FlinkRest;
    try {
      rest = await this.opts.rest(ref);
      jobs = await rest.jobsOverview();
    } catch (e) {
      this.logger.warn(`Could not list the jobs of ${refKey(ref)}: ${errorMessage(e)}`);
      slower();
      return;
    }
    if (this.isDisposed) return;
    let changed = JSON.stringify(jobs) !== JSON.stringify(s.jobs);
    s.jobs = jobs;
    // Once per job and failing state: a job that restarted and then failed for good is asked again.
    const failed = jobs.filter(
      (j) => (j.state === 'FAILED' || j.state === 'RESTARTING' || j.state === 'FAILING') && !s.asked.has(`${j.jid}:${j.state}`),
    );
    for (const j of failed) s.asked.add(`${j.jid}:${j.state}`);
    const causes = await Promise.all(
      failed.map((j) =>
        rest.exceptions(j.jid, 1).then(
          (ex) => [j.jid, rootCause(ex)] as const,
          (e) => {
            this.logger.warn(`Could not read the exceptions of job ${j.jid}: ${errorMessage(e)}`);
            return [j.jid, undefined] as const;
          },
        ),
      ),
    );
    for (const [jid, cause] of causes)
      if (cause) {
        s.failures.set(jid, cause);
        changed = true;
      }
    if (changed) {
      s.interval = this.opts.baseMs();
      this.opts.onChange(ref);
    } else slower();
  }
}
