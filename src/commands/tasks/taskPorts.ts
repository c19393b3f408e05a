import type { SessionCluster } from '../../clusters/clusterModel';
import type { FlinkTask, SessionRef, TaskService } from '../../clusters/session/tasks/taskTypes';
import type { JarClasses } from './runTaskWizard';

/** What the task commands need besides the task service; each is built elsewhere and wired in extension.ts. */

/** The task service of the current connection (one per connection; undefined while not connected). */
export interface TaskServiceSource {
  current(): TaskService | undefined;
}

/** The task panel and the per-task output channels. */
export interface TaskViewsPort {
  /** Opens (or reveals) the task's panel; `exceptions` opens it on its Exceptions tab. */
  openTask(task: FlinkTask, options?: { readonly tab?: 'exceptions' }): void;
  /** The JobManager and TaskManager logs of the task, from the pods. */
  showTaskLogs(task: FlinkTask): void;
  /** What the job printed (stdout), from the TaskManager pods. */
  showTaskOutput(task: FlinkTask): void;
}

/** Reads a jar from the workspace: the manifest's Main-Class and the classes with a main method. */
export interface JarInspectorPort {
  inspectJar(path: string): Promise<JarClasses>;
}

/** Why the user may not run tasks on a session cluster (state, rights), or undefined. */
export type RunRefusal = (cluster: SessionCluster) => string | undefined;

const isTaskLike = (v: unknown): v is FlinkTask => {
  const t = v as Partial<FlinkTask> | undefined;
  return (
    !!t && typeof t.key === 'string' && typeof t.namespace === 'string' && typeof t.cluster === 'string' && typeof t.state === 'string'
  );
};

/**
 * The key of the task a command was given: a FlinkTask, a tree node or item holding one (`task`,
 * `node.task`), a `{ key }`, or the key itself.
 */
export function taskKeyOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  const a = arg as { task?: unknown; node?: { task?: unknown; key?: unknown }; key?: unknown } | undefined;
  for (const candidate of [a, a?.task, a?.node?.task, a?.node]) if (isTaskLike(candidate)) return candidate.key;
  if (typeof a?.key === 'string') return a.key;
  if (typeof a?.node?.key === 'string') return a.node.key;
  return undefined;
}

/** The session cluster a command was given as `{ kind: 'session', namespace, name }` (a tree node) or a SessionRef. */
export function sessionRefOf(arg: unknown): SessionRef | undefined {
  const a = arg as { kind?: unknown; namespace?: unknown; name?: unknown; cluster?: unknown; key?: unknown } | undefined;
  if (!a || typeof a.namespace !== 'string') return undefined;
  if (a.kind === 'session' && typeof a.name === 'string') return { namespace: a.namespace, cluster: a.name };
  if (typeof a.cluster === 'string' && a.key === undefined) return { namespace: a.namespace, cluster: a.cluster };
  return undefined;
}
