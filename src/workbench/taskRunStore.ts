import type { TaskRunParams, TaskRunStore, TaskSource } from '../clusters/session/tasks/taskTypes';

/** The part of `vscode.Memento` the store uses (the extension passes `context.workspaceState`). */
export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

const RUNS = 'dataClusters.tasks.runs';
const JOBS = 'dataClusters.tasks.lastJobs';
const SAVEPOINTS = 'dataClusters.tasks.lastSavepoints';
/** A workspace remembers this many runs; the oldest is forgotten first. */
export const MAX_RUNS = 50;

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptString = (v: unknown): v is string | undefined => v === undefined || (isString(v) && v.length > 0);
const UPGRADE_MODES = ['stateless', 'savepoint', 'last-state'] as const;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readSource(v: unknown): TaskSource | undefined {
  const s = v as Record<string, unknown> | undefined;
  if (s?.kind === 'jar' && isString(s.path) && s.path) return { kind: 'jar', path: s.path };
  if (s?.kind === 'uri' && isString(s.jarURI) && s.jarURI) return { kind: 'uri', jarURI: s.jarURI };
  return undefined;
}

/** A stored run as it was written, or undefined when anything in it is not what a run holds. */
export function readRunParams(v: unknown): TaskRunParams | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const r = v as Record<string, unknown>;
  const source = readSource(r.source);
  if (!source || !isString(r.name) || !NAME.test(r.name) || !isString(r.namespace) || !r.namespace || !isString(r.cluster) || !r.cluster)
    return undefined;
  if (!Array.isArray(r.args) || !r.args.every(isString)) return undefined;
  if (!isOptString(r.entryClass) || !isOptString(r.savepointPath)) return undefined;
  if (r.parallelism !== undefined && !(Number.isInteger(r.parallelism) && (r.parallelism as number) >= 1)) return undefined;
  if (r.allowNonRestoredState !== undefined && typeof r.allowNonRestoredState !== 'boolean') return undefined;
  if (r.upgradeMode !== undefined && !(UPGRADE_MODES as readonly unknown[]).includes(r.upgradeMode)) return undefined;
  return {
    namespace: r.namespace,
    cluster: r.cluster,
    name: r.name,
    source,
    args: [...(r.args as string[])],
    ...(r.entryClass !== undefined ? { entryClass: r.entryClass } : {}),
    ...(r.parallelism !== undefined ? { parallelism: r.parallelism as number } : {}),
    ...(r.savepointPath !== undefined ? { savepointPath: r.savepointPath } : {}),
    ...(r.allowNonRestoredState !== undefined ? { allowNonRestoredState: r.allowNonRestoredState } : {}),
    ...(r.upgradeMode !== undefined ? { upgradeMode: r.upgradeMode as TaskRunParams['upgradeMode'] } : {}),
  };
}

/** A string-to-string record as stored, keeping only the entries that are strings. */
function readStrings(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => isString(e[1]) && !!e[1]));
}

/**
 * The runs this workspace started, in the workspace state, so Run Again is one action after a
 * reload. Everything read is validated: stored data that is not what this version writes (an
 * older version's, or edited by hand) is ignored entry by entry, never a crash.
 */
export class WorkspaceTaskRunStore implements TaskRunStore {
  constructor(private readonly memento: MementoLike) {}

  list(): readonly TaskRunParams[] {
    const raw = this.memento.get(RUNS);
    if (!Array.isArray(raw)) return [];
    const seen = new Set<string>();
    const runs: TaskRunParams[] = [];
    for (const entry of raw) {
      const run = readRunParams(entry);
      if (run && !seen.has(run.name)) {
        seen.add(run.name);
        runs.push(run);
      }
    }
    return runs;
  }

  get(name: string): TaskRunParams | undefined {
    return this.list().find((r) => r.name === name);
  }

  /** Remembers the run, most recent first; a run of the same name is replaced. */
  async set(params: TaskRunParams): Promise<void> {
    const runs = [params, ...this.list().filter((r) => r.name !== params.name)].slice(0, MAX_RUNS);
    await this.memento.update(RUNS, runs);
  }

  async forget(name: string): Promise<void> {
    await this.memento.update(
      RUNS,
      this.list().filter((r) => r.name !== name),
    );
  }

  async setLastJob(name: string, jobId: string): Promise<void> {
    await this.memento.update(JOBS, { ...readStrings(this.memento.get(JOBS)), [name]: jobId });
  }

  lastJob(name: string): string | undefined {
    return readStrings(this.memento.get(JOBS))[name];
  }

  /** The run a job id was started by, when this workspace started it. */
  runOfJob(jobId: string): string | undefined {
    return Object.entries(readStrings(this.memento.get(JOBS))).find(([, id]) => id === jobId)?.[0];
  }

  async setLastSavepoint(name: string, path: string): Promise<void> {
    await this.memento.update(SAVEPOINTS, { ...readStrings(this.memento.get(SAVEPOINTS)), [name]: path });
  }

  lastSavepoint(name: string): string | undefined {
    return readStrings(this.memento.get(SAVEPOINTS))[name];
  }
}
