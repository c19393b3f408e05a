/**
 * The job tabs of a task panel (Graph, Exceptions, Checkpoints, Configuration): reads the shown one
 * from the JobManager, keeps what each read last, and refreshes the shown one every few seconds
 * while the panel is visible and the task live. One read at a time: a refresh asked for during a
 * read runs once it ends. A failed read keeps the last data and adds the error (the page offers
 * Retry); reading stops when the panel is hidden or the task has ended.
 *
 * The Overview's restart count comes from the exception history too: it is read when the Overview
 * shows and again after the job changes state (no timer of its own), so the count is there before
 * the Exceptions tab was ever opened.
 */
import { type JobTab, TAB_NOTIFICATIONS, type TaskTab } from '../../../shared/protocol/taskPage';
import type { ErrorCode, ErrorData } from '../../../shared/protocol/envelope';
import type { FlinkRest } from '../../clusters/session/tasks/flinkRest';
import type { IDisposable } from '../../common/disposable';
import { errorMessage, Logger } from '../../common/logger';
import { resolveFrames, type SourceLocation, type SourceLocator } from './stackFrames';
import type { Schedule } from './taskPanelUi';
import { checkpointsOf, configOf, exceptionsOf, type GraphSample, graphOf, restartsOf } from './taskViews';

export const JOB_TABS = Object.keys(TAB_NOTIFICATIONS) as JobTab[];
export const isJobTab = (tab: TaskTab): tab is JobTab => tab !== 'overview';

/** What a job tab posts: its last data, its last failure, whether there is a job to read, and when it was read. */
export interface TabBody {
  readonly data?: unknown;
  readonly error?: ErrorData;
  readonly noJob: boolean;
  readonly updatedAt?: number;
}

interface TabState {
  data?: unknown;
  error?: ErrorData;
  updatedAt?: number;
  /** Read again when next shown (the task changed state since). */
  stale: boolean;
}

export interface TaskTabsDeps {
  readonly rest: () => Promise<FlinkRest>;
  readonly locator: SourceLocator;
  readonly frames: Map<string, Promise<SourceLocation | undefined>>;
  readonly post: (tab: JobTab, body: TabBody) => void;
  readonly postStatus: (s: { live: boolean; loading: boolean; intervalMs: number }) => void;
  /** Restarts counted from the exception history (the Overview shows them). */
  readonly restarts: (n: number) => void;
  readonly schedule: Schedule;
  readonly refreshMs: number;
  readonly logger: Logger;
  readonly key: string;
  readonly now: () => number;
}

/** A REST failure as the page shows it; Flink's own words are kept. */
export function errorDataOf(err: unknown): ErrorData {
  const status = (err as { status?: unknown })?.status;
  const code: ErrorCode =
    status === 404
      ? 'not-found'
      : status === 403 || status === 401
        ? 'forbidden'
        : status === 409
          ? 'conflict'
          : typeof status === 'number' && status >= 500
            ? 'unavailable'
            : 'failed';
  return { message: errorMessage(err).slice(0, 4000), code };
}

export class TaskTabs implements IDisposable {
  private readonly states = new Map<JobTab, TabState>(JOB_TABS.map((t) => [t, { stale: true }]));
  private tab: TaskTab = 'overview';
  private jobId?: string;
  private state?: string;
  private live = false;
  private failed = false;
  /** The restart count needs reading (another job, a change of state, or never read). */
  private restartsStale = true;
  private counting?: { abort: AbortController; done: Promise<void> };
  private visible = false;
  private reading?: { tab: JobTab; abort: AbortController; done: Promise<void> };
  private again = false;
  private timer?: IDisposable;
  private graphSample?: GraphSample;
  private disposed = false;
  /** Reads started, for tests and the panel's info. */
  reads = 0;

  constructor(private readonly deps: TaskTabsDeps) {}

  get shown(): TaskTab {
    return this.tab;
  }

  /** The shown tab refreshes by itself now. */
  get polling(): boolean {
    return this.timer !== undefined;
  }

  get loading(): boolean {
    return this.reading !== undefined;
  }

  /**
   * The task's job, its state and whether it is live. Another job forgets what the tabs held; a
   * change of state makes them stale. Any change of the job or its state has the restarts counted again.
   */
  setJob(jobId: string | undefined, state: string | undefined, live: boolean, failed: boolean): void {
    const jobChanged = jobId !== this.jobId;
    const stateChanged = live !== this.live || failed !== this.failed;
    const recount = jobChanged || state !== this.state;
    if (recount) this.restartsStale = true;
    if (jobChanged) {
      this.counting?.abort.abort();
      this.counting = undefined;
    }
    this.jobId = jobId;
    this.state = state;
    this.live = live;
    this.failed = failed;
    if (jobChanged) {
      this.reading?.abort.abort();
      this.graphSample = undefined;
      for (const t of JOB_TABS) this.states.set(t, { stale: true });
      this.postAll();
    } else if (stateChanged) {
      for (const s of this.states.values()) s.stale = true;
    }
    if (jobChanged || stateChanged) this.kick();
    else if (recount && this.tab === 'overview' && this.visible) this.countRestarts();
  }

  show(tab: TaskTab): void {
    // A live task's numbers move: a tab shown again is read again at once.
    if (tab !== this.tab && this.live && isJobTab(tab)) this.states.get(tab)!.stale = true;
    if (tab !== this.tab && this.live && tab === 'overview') this.restartsStale = true;
    this.tab = tab;
    this.kick();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) this.stopTimer();
    this.kick();
  }

  /** Reads the shown tab now (Refresh, Retry), also when it is not live. */
  refresh(): Promise<void> {
    if (isJobTab(this.tab)) this.states.get(this.tab)!.stale = true;
    return this.read();
  }

  /** Posts every tab's last state again (the page was rebuilt). */
  postAll(): void {
    for (const t of JOB_TABS) this.postTab(t);
    this.postStatus();
  }

  /** The current reads, for tests to await. */
  async whenIdle(): Promise<void> {
    while (this.reading || this.counting) await Promise.all([this.reading?.done, this.counting?.done]);
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
    this.reading?.abort.abort();
    this.counting?.abort.abort();
  }

  /** Reads the shown tab if it needs it and may be read now; else keeps the timer right. */
  private kick(): void {
    if (this.disposed) return;
    const tab = this.tab;
    if (tab === 'overview' && this.visible) this.countRestarts();
    if (!isJobTab(tab) || !this.visible) {
      this.stopTimer();
      this.postStatus();
      return;
    }
    const s = this.states.get(tab)!;
    if (s.data === undefined && s.error === undefined) s.stale = true;
    if (s.stale || (this.live && !this.reading && !this.timer)) void this.read();
    else this.postStatus();
  }

  /** Reads the exception history for the Overview's restart count, once per job and state (one read at a time). */
  private countRestarts(): void {
    const jobId = this.jobId;
    if (!jobId || !this.restartsStale || this.counting) return;
    this.restartsStale = false;
    const abort = new AbortController();
    const done = (async () => {
      try {
        const raw = await (await this.deps.rest()).exceptions(jobId, 20, abort.signal);
        if (!abort.signal.aborted && jobId === this.jobId) this.deps.restarts(restartsOf(raw, this.failed));
      } catch (err) {
        if (abort.signal.aborted || jobId !== this.jobId) return;
        // The Overview keeps what it showed; the next show or change of state reads again.
        this.restartsStale = true;
        this.deps.logger.warn(`task panel ${this.deps.key}: counting restarts failed: ${errorDataOf(err).message}`);
        return;
      } finally {
        if (this.counting?.abort === abort) this.counting = undefined;
      }
      // The job changed state during the read: count again while the Overview shows.
      if (!this.disposed && this.restartsStale && this.tab === 'overview' && this.visible) this.countRestarts();
    })();
    this.counting = { abort, done };
  }

  private stopTimer(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }

  private schedule(): void {
    this.stopTimer();
    if (this.disposed || !this.visible || !this.live || !isJobTab(this.tab) || !this.jobId) return;
    this.timer = this.deps.schedule(() => {
      this.timer = undefined;
      void this.read();
    }, this.deps.refreshMs);
  }

  private postStatus(): void {
    if (this.disposed) return;
    this.deps.postStatus({
      live: this.visible && this.live && isJobTab(this.tab) && this.jobId !== undefined,
      loading: this.reading !== undefined,
      intervalMs: this.deps.refreshMs,
    });
  }

  private postTab(tab: JobTab): void {
    const s = this.states.get(tab)!;
    this.deps.post(tab, {
      noJob: this.jobId === undefined,
      ...(s.data !== undefined ? { data: s.data } : {}),
      ...(s.error ? { error: s.error } : {}),
      ...(s.updatedAt !== undefined ? { updatedAt: s.updatedAt } : {}),
    });
  }

  private read(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.reading) {
      // One read at a time: the one asked for now runs when this one ends (at most one waits).
      if (this.reading.tab !== this.tab || this.states.get(this.reading.tab)?.stale) this.again = true;
      return this.reading.done;
    }
    this.stopTimer();
    const tab = this.tab;
    if (!isJobTab(tab)) return Promise.resolve();
    const jobId = this.jobId;
    if (!jobId) {
      this.states.get(tab)!.stale = false;
      this.postTab(tab);
      this.postStatus();
      return Promise.resolve();
    }
    const abort = new AbortController();
    this.reads++;
    const done = this.readTab(tab, jobId, abort.signal).finally(() => {
      if (this.reading?.abort === abort) this.reading = undefined;
      if (this.disposed) return;
      if (this.again) {
        this.again = false;
        void this.read();
      } else {
        this.schedule();
        this.postStatus();
      }
    });
    this.reading = { tab, abort, done };
    this.postStatus();
    return done;
  }

  private async readTab(tab: JobTab, jobId: string, signal: AbortSignal): Promise<void> {
    const s = this.states.get(tab)!;
    s.stale = false;
    try {
      const rest = await this.deps.rest();
      const data = await this.fetch(tab, rest, jobId, signal);
      if (signal.aborted || jobId !== this.jobId) return;
      s.data = data;
      s.error = undefined;
      s.updatedAt = this.deps.now();
    } catch (err) {
      if (signal.aborted || jobId !== this.jobId) return;
      s.error = errorDataOf(err);
      this.deps.logger.warn(`task panel ${this.deps.key}: reading ${tab} failed: ${s.error.message}`);
    }
    this.postTab(tab);
  }

  private async fetch(tab: JobTab, rest: FlinkRest, jobId: string, signal: AbortSignal): Promise<unknown> {
    switch (tab) {
      case 'graph': {
        const g = graphOf(await rest.job(jobId, signal), this.graphSample);
        this.graphSample = g.sample;
        return g.data;
      }
      case 'exceptions': {
        const raw = await rest.exceptions(jobId, 20, signal);
        if (!signal.aborted && jobId === this.jobId) {
          this.restartsStale = false;
          this.deps.restarts(restartsOf(raw, this.failed));
        }
        const x = exceptionsOf(raw);
        const resolve = (lines: Parameters<typeof resolveFrames>[0]) => resolveFrames(lines, this.deps.locator, this.deps.frames);
        const history = await Promise.all(x.history.map(async (e) => ({ ...e, trace: await resolve(e.trace) })));
        const root = x.root ? { ...x.root, trace: await resolve(x.root.trace) } : undefined;
        return { ...(root ? { root } : {}), history, truncated: x.truncated };
      }
      case 'checkpoints':
        return checkpointsOf(await rest.checkpoints(jobId, signal));
      case 'configuration':
        return configOf(await rest.jobConfig(jobId, signal));
    }
  }
}

/** The notification of a job tab, by tab. */
export const notificationOf = (tab: JobTab) => TAB_NOTIFICATIONS[tab];
