import * as l10n from '@vscode/l10n';

/**
 * The one table of task states: a task is a Flink job on a session cluster, run either by the
 * product through the JobManager's REST API or by the operator for a `FlinkSessionJob`. Its state
 * is Flink's own `JobStatus` name when the JobManager (or the operator's `status.jobStatus.state`)
 * knows the job, and one of the operator's words before a job exists or while it is suspended.
 * Labels are the names Flink writes, so they read the same here as in the Flink UI and `kubectl`.
 */
export const TASK_STATES_IN_ORDER = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'RESTARTING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'SUSPENDED',
  'RECONCILING',
  'UPGRADING',
  'DELETING',
  'UNKNOWN',
] as const;
export type TaskState = (typeof TASK_STATES_IN_ORDER)[number];

/** Actions that change a task, in the order buttons show them. */
export const TASK_ACTIONS = ['stop', 'cancel', 'suspend', 'resume', 'runAgain', 'delete'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
/** Actions that only look: offered in every state. */
export const TASK_VIEW_ACTIONS = ['openTask', 'showTaskLogs', 'showTaskOutput'] as const;
export type TaskViewAction = (typeof TASK_VIEW_ACTIONS)[number];

export const isTaskAction = (a: string): a is TaskAction | TaskViewAction =>
  (TASK_ACTIONS as readonly string[]).includes(a) || (TASK_VIEW_ACTIONS as readonly string[]).includes(a);

export interface TaskStateStyle {
  readonly label: string;
  /** Codicon id; `~spin` animates it. */
  readonly icon: string;
  /** Theme colour id, or undefined for the default foreground. */
  readonly color?: string;
  /** The job holds slots and may still change: running, starting or on its way down. */
  readonly live: boolean;
  readonly terminal: boolean;
  readonly description: string;
}

type Row = readonly [icon: string, color: string | undefined, live: boolean, terminal: boolean, description: () => string];

/** The label is the state's own name, untranslated: it is Flink's word, as the Flink UI and `kubectl` show it. */
function table(rows: Readonly<Record<TaskState, Row>>): Readonly<Record<TaskState, TaskStateStyle>> {
  const styles = {} as Record<TaskState, TaskStateStyle>;
  for (const state of TASK_STATES_IN_ORDER) {
    const [icon, color, live, terminal, description] = rows[state];
    styles[state] = {
      label: state,
      icon,
      color,
      live,
      terminal,
      get description() {
        return description();
      },
    };
  }
  return styles;
}

export const TASK_STATES: Readonly<Record<TaskState, TaskStateStyle>> = table({
  INITIALIZING: ['loading~spin', 'charts.yellow', true, false, () => l10n.t('The JobManager is setting the job up')],
  CREATED: ['loading~spin', 'charts.yellow', true, false, () => l10n.t('Waiting for task slots')],
  RUNNING: ['pass-filled', 'testing.iconPassed', true, false, () => l10n.t('Running')],
  RESTARTING: ['sync~spin', 'charts.orange', true, false, () => l10n.t('Restarting after a failure')],
  FAILING: ['warning', 'charts.orange', true, false, () => l10n.t('Failing: the tasks are being cancelled')],
  FAILED: ['error', 'testing.iconFailed', false, true, () => l10n.t('Failed')],
  CANCELLING: ['loading~spin', 'charts.orange', true, false, () => l10n.t('Being cancelled')],
  CANCELED: ['circle-slash', undefined, false, true, () => l10n.t('Cancelled')],
  FINISHED: ['check', undefined, false, true, () => l10n.t('Finished')],
  SUSPENDED: ['debug-pause', undefined, false, false, () => l10n.t('Suspended by its FlinkSessionJob')],
  RECONCILING: ['loading~spin', 'charts.yellow', true, false, () => l10n.t('The operator is submitting the job')],
  UPGRADING: ['loading~spin', 'charts.yellow', true, false, () => l10n.t('The operator is upgrading the job')],
  DELETING: ['loading~spin', 'charts.orange', true, false, () => l10n.t('The FlinkSessionJob is being deleted')],
  UNKNOWN: ['question', undefined, false, false, () => l10n.t('The job state cannot be read')],
});

/** What the gating needs to know of a task. */
export interface TaskGate {
  readonly state: TaskState;
  /** Run by the operator for a FlinkSessionJob: stopped through its spec, never through REST. */
  readonly managed: boolean;
  /** Its run parameters are remembered, so it can run again. */
  readonly rerunnable: boolean;
}

const STOPPABLE: ReadonlySet<TaskState> = new Set(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING']);
const CANCELLABLE: ReadonlySet<TaskState> = new Set(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING', 'FAILING']);
const SUSPENDABLE: ReadonlySet<TaskState> = new Set(['CREATED', 'RUNNING', 'RESTARTING', 'RECONCILING', 'FAILED', 'FINISHED']);
const BUSY: ReadonlySet<TaskState> = new Set(['CANCELLING', 'DELETING', 'UPGRADING']);

/**
 * Why a changing action is not offered for a task in its state, or undefined when it is. A job
 * the operator manages is stopped through its FlinkSessionJob (a REST cancel makes the operator
 * start it again), so Stop and Cancel are for the jobs the product ran itself.
 */
export function taskActionRefusal(task: TaskGate, action: TaskAction, operationInFlight = false): string | undefined {
  if (operationInFlight) return l10n.t('Another action on this task is still running.');
  const state = TASK_STATES[task.state].label;
  switch (action) {
    case 'stop':
    case 'cancel':
      if (task.managed) return l10n.t('The operator runs this task: suspend it or delete its FlinkSessionJob instead.');
      return (action === 'stop' ? STOPPABLE : CANCELLABLE).has(task.state) ? undefined : l10n.t('A {0} task cannot be stopped.', state);
    case 'suspend':
      if (!task.managed)
        return l10n.t('Only tasks the operator runs for a FlinkSessionJob can be suspended; stop it with a savepoint instead.');
      return SUSPENDABLE.has(task.state) ? undefined : l10n.t('A {0} task cannot be suspended.', state);
    case 'resume':
      if (!task.managed) return l10n.t('Only tasks the operator runs for a FlinkSessionJob can be resumed; run it again instead.');
      return task.state === 'SUSPENDED' ? undefined : l10n.t('Only a suspended task can be resumed.');
    case 'runAgain':
      if (!task.rerunnable) return l10n.t('This task was not started from this workspace, so its jar and arguments are not known here.');
      return BUSY.has(task.state) ? l10n.t('Wait until the task is no longer {0}.', state) : undefined;
    case 'delete':
      if (!task.managed) return l10n.t('Only a FlinkSessionJob can be deleted; this task was run through the JobManager.');
      return task.state === 'DELETING' ? l10n.t('The FlinkSessionJob is already being deleted.') : undefined;
  }
}

/** The changing actions offered for a task, in button order. */
export function taskActions(task: TaskGate, operationInFlight = false): readonly TaskAction[] {
  return TASK_ACTIONS.filter((a) => taskActionRefusal(task, a, operationInFlight) === undefined);
}
