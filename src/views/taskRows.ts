/**
 * What a task's row in the Session clusters view shows, without VS Code (so it is unit-tested):
 * a task is a Flink job the JobManager runs or a FlinkSessionJob the operator runs, styled from
 * the task state table. taskTreeItems.ts turns it into a TreeItem.
 */
import * as l10n from '@vscode/l10n';
import { TASK_ACTIONS, TASK_STATES, TASK_VIEW_ACTIONS, taskActionRefusal, type TaskAction } from '../../shared/clusters/taskStates';
import { durationText, parallelismText, taskDurationMs, taskOriginText } from '../../shared/text/taskText';
import type { FlinkTask } from '../clusters/session/tasks/taskTypes';

/** The command a click on a task row runs, with the task (a FlinkTask) as its argument. */
export const OPEN_TASK_COMMAND = 'dataClusters.openTask';
/** The command that runs a task on a session cluster, with the cluster (`{ kind: 'session', namespace, name }`). */
export const RUN_TASK_COMMAND = 'dataClusters.runTask';

/** Why an action is not offered for a task (the TaskService's `refusal`), or undefined when it is. */
export type TaskRefusal = (task: FlinkTask, action: TaskAction) => string | undefined;

/** Without a TaskService: the state table alone, a task rerunnable when this workspace ran it. */
export const stateRefusal: TaskRefusal = (t, a) => taskActionRefusal({ state: t.state, managed: t.managed, rerunnable: !!t.runName }, a);

export interface TaskRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly icon: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  /** Markdown in which every string from the cluster is escaped text. */
  readonly tooltip: string;
  readonly command: { readonly command: string; readonly title: string; readonly arguments: readonly unknown[] };
}

/**
 * contextValue flags, as the cluster rows write theirs (`dataClusters.compute state-ACTIVE can-terminate`):
 * menus match e.g. `viewItem =~ /^dataClusters\.task\b.*\bcan-stop\b/`. The looking actions
 * (openTask, showTaskLogs, showTaskOutput) are offered in every state.
 */
export function taskContextValue(task: FlinkTask, offered: readonly string[]): string {
  return ['dataClusters.task', `state-${task.state}`, ...offered.map((a) => `can-${a}`)].join(' ');
}

/** The changing actions offered for a task, and why the others are not. */
export function taskOffers(task: FlinkTask, refusal: TaskRefusal): { actions: TaskAction[]; denied: string[] } {
  const actions: TaskAction[] = [];
  const denied: string[] = [];
  for (const a of TASK_ACTIONS) {
    const why = refusal(task, a);
    if (why === undefined) actions.push(a);
    else denied.push(why);
  }
  return { actions, denied: [...new Set(denied)] };
}

/** `RUNNING · 12 min 3 s · parallelism 2`: the state, then what is known of duration and parallelism. */
export function taskDescription(task: FlinkTask, now: number): string {
  return [TASK_STATES[task.state].label, durationText(taskDurationMs(task, now)), parallelismText(task.parallelism)]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Text that Markdown shows literally: every ASCII punctuation character escaped (CommonMark allows
 * it for all of them, and `$` keeps `$(icon)` from becoming a codicon); line breaks stay breaks.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[!-/:-@[-`{-~]/g, '\\$&')
    .replace(/\r?\n/g, '  \n')
    .replace(/^[ \t]+/gm, (s) => '&nbsp;'.repeat(s.length));
}

/** The tooltip: icon, name and state, then one row per known fact, the failure sentence first. */
export function taskTooltip(task: FlinkTask, denied: readonly string[], now: number): string {
  const style = TASK_STATES[task.state];
  const out = [`$(${style.icon.replace('~spin', '')}) **${escapeMarkdownText(task.name)}** — ${style.label}\n\n`];
  const row = (label: string, value: string | undefined) => {
    if (value) out.push(`**${label}:** ${escapeMarkdownText(value)}  \n`);
  };
  row(l10n.t('State'), style.description);
  row(l10n.t('Failure'), task.failure);
  row(l10n.t('Job'), task.jobName && task.jobName !== task.name ? task.jobName : undefined);
  row(l10n.t('Job ID'), task.jobId);
  row(l10n.t('Started'), task.startTime !== undefined ? new Date(task.startTime).toLocaleString() : undefined);
  row(l10n.t('Duration'), durationText(taskDurationMs(task, now)));
  row(l10n.t('Parallelism'), task.parallelism !== undefined ? String(task.parallelism) : undefined);
  row(l10n.t('Run by'), taskOriginText(task.managed));
  if (task.sessionJob) {
    row(l10n.t('FlinkSessionJob'), task.sessionJob.name);
    row(l10n.t('Jar'), task.sessionJob.jarURI);
    row(l10n.t('Operator state'), task.sessionJob.lifecycleState);
  }
  row(l10n.t('Run'), task.runName);
  if (denied.length) row(l10n.t('Not offered'), denied.join(' '));
  return out.join('');
}

export function taskRow(task: FlinkTask, refusal: TaskRefusal, now: number): TaskRow {
  const style = TASK_STATES[task.state];
  const { actions, denied } = taskOffers(task, refusal);
  return {
    id: `task/${task.key}`,
    label: task.name,
    description: taskDescription(task, now),
    icon: { id: style.icon, ...(style.color ? { color: style.color } : {}) },
    contextValue: taskContextValue(task, [...actions, ...TASK_VIEW_ACTIONS]),
    tooltip: taskTooltip(task, denied, now),
    command: { command: OPEN_TASK_COMMAND, title: l10n.t('Open Task'), arguments: [task] },
  };
}
