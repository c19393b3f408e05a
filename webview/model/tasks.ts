/**
 * What the Tasks tab of a session cluster shows (pure): the task table once the task list is known,
 * the FlinkSessionJobs of the session update before, or the empty state that says how to run one;
 * and whether Run Task… is offered.
 */
import * as l10n from '@vscode/l10n';
import type { SessionJobRow, SessionView, TaskRowData } from '../../shared/protocol/clusterPage';
import { TASK_STATES, type TaskState } from '../../shared/clusters/taskStates';

export type BadgeTone = 'default' | 'warning' | 'error' | 'success';

/** A task state's badge tone, from the state table's colour. */
export function taskTone(state: string): BadgeTone {
  const known = (Object.keys(TASK_STATES) as TaskState[]).find((k) => k === state);
  if (!known) return 'default';
  const color = TASK_STATES[known].color;
  if (color === 'testing.iconFailed') return 'error';
  if (color === 'testing.iconPassed') return 'success';
  if (color === 'charts.orange' || color === 'charts.yellow') return 'warning';
  return 'default';
}

export type TasksView =
  | { readonly kind: 'tasks'; readonly tasks: readonly TaskRowData[] }
  | { readonly kind: 'sessionJobs'; readonly jobs: readonly SessionJobRow[] }
  | { readonly kind: 'empty'; readonly text: string };

export interface TasksTabView {
  readonly body: TasksView;
  readonly badge: string;
  readonly run: { readonly enabled: boolean; readonly title: string };
}

export function tasksTabView(
  u: { readonly cluster: Pick<SessionView, 'status'>; readonly deleted: boolean; readonly jobs: readonly SessionJobRow[] },
  tasks: { readonly known: boolean; readonly tasks: readonly TaskRowData[] },
): TasksTabView {
  const running = u.cluster.status === 'Running' && !u.deleted;
  const count = tasks.known ? tasks.tasks.length : u.jobs.length;
  const run = {
    enabled: running,
    title: running ? l10n.t('Run a jar on this session cluster') : l10n.t('Start the cluster to run a task on it'),
  };
  if (!count) {
    const how = running
      ? l10n.t('No tasks run on this cluster. Run Task… runs a jar from the workspace or a jar URI on it.')
      : l10n.t('No tasks run on this cluster. Start it, then Run Task… runs a jar from the workspace or a jar URI on it.');
    return { body: { kind: 'empty', text: how }, badge: '0', run };
  }
  return {
    body: tasks.known ? { kind: 'tasks', tasks: tasks.tasks } : { kind: 'sessionJobs', jobs: u.jobs },
    badge: String(count),
    run,
  };
}
