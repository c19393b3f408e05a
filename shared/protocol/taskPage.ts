/**
 * The protocol of the task panel page ("Task: {name}", one per Flink task on a session cluster):
 * the task as the task service knows it, the actions it offers with the reason of each refusal,
 * and one notification per tab with what the JobManager's REST API said (kept when a later read
 * fails: the error travels beside the last data, never instead of it).
 */
import { TASK_ACTIONS, TASK_STATES_IN_ORDER } from '../clusters/taskStates';
import { COMMON_NOTIFICATIONS, COMMON_REQUESTS, empty, text } from './common';
import { definePage, errorData } from './envelope';
import { arr, bool, Infer, int, literal, num, obj, optional, type Schema, str } from './schema';

/** The tabs of the panel, in the order they show; each has a host half (src/panels/task) and a page half (webview/panels/task). */
export const TASK_TABS = ['overview', 'graph', 'exceptions', 'checkpoints', 'configuration'] as const;
export type TaskTab = (typeof TASK_TABS)[number];
export const isTaskTab = (tab: string): tab is TaskTab => (TASK_TABS as readonly string[]).includes(tab);
/** The tabs whose data the JobManager holds (Overview is the task itself). */
export type JobTab = Exclude<TaskTab, 'overview'>;

/** Buttons of the header: the changing actions of the state table, and the two that only look. */
export const TASK_PANEL_ACTIONS = [...TASK_ACTIONS, 'showTaskLogs', 'showTaskOutput'] as const;
export type TaskPanelAction = (typeof TASK_PANEL_ACTIONS)[number];
const panelAction = literal(...TASK_PANEL_ACTIONS);

const time = num({ min: 0 });
const count = int({ min: 0 });
/** A Java identifier path (`com.example.Job$Inner`): what a frame names, and all the page may ask to open. */
export const CLASS_NAME_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
export const SOURCE_FILE_PATTERN = /^[\w$-]+\.[A-Za-z]{1,10}$/;

export const taskView = obj({
  key: text(400),
  name: text(300),
  namespace: text(100),
  cluster: text(100),
  jobId: optional(text(64)),
  jobName: optional(text(1000)),
  state: literal(...TASK_STATES_IN_ORDER),
  managed: bool,
  /** One sentence saying why it failed. */
  failure: optional(text(4000)),
  startTime: optional(time),
  endTime: optional(time),
  durationMs: optional(time),
  parallelism: optional(count),
  /** Restarts after failures, when the exception history tells them. */
  restarts: optional(count),
  /** Subtasks per execution state (`RUNNING: 4`). */
  subtasks: arr(obj({ state: text(64), count }), { max: 20 }),
  jarURI: optional(text(2000)),
  entryClass: optional(text(1000)),
  args: arr(text(4000), { max: 200 }),
  upgradeMode: optional(text(32)),
  desiredState: optional(text(32)),
  lastSavepoint: optional(text(2000)),
  runName: optional(text(300)),
});
export type TaskView = Infer<typeof taskView>;

/** Every action the header may show, offered or with why not; `running` were started here and not returned yet. */
export const taskActionsData = obj({
  list: arr(obj({ action: panelAction, refusal: optional(text(1000)) }), { max: 20 }),
  running: arr(panelAction, { max: 20 }),
});
export type TaskActionsData = Infer<typeof taskActionsData>;

// ---- Graph ----

export const graphVertex = obj({
  id: text(64),
  name: text(2000),
  parallelism: count,
  status: text(64),
  /** Column from the left: the longest chain of inputs before it. */
  depth: count,
  recordsIn: optional(count),
  recordsOut: optional(count),
  bytesIn: optional(count),
  bytesOut: optional(count),
  /** Share of the last refresh's time the subtasks were busy / backpressured, 0–100; absent until two reads. */
  busyPercent: optional(num({ min: 0, max: 100 })),
  backpressurePercent: optional(num({ min: 0, max: 100 })),
});
export type GraphVertex = Infer<typeof graphVertex>;
export const graphEdge = obj({ from: text(64), to: text(64), ship: optional(text(64)) });
export type GraphEdge = Infer<typeof graphEdge>;
export const graphData = obj({ vertices: arr(graphVertex, { max: 500 }), edges: arr(graphEdge, { max: 2000 }) });
export type GraphData = Infer<typeof graphData>;

// ---- Exceptions ----

/** One line of a stack trace; a frame has a class and method, and is a link when its file is in the workspace. */
export const traceLine = obj({
  text: text(2000),
  className: optional(str({ max: 500, pattern: CLASS_NAME_PATTERN })),
  method: optional(text(300)),
  file: optional(str({ max: 200, pattern: SOURCE_FILE_PATTERN })),
  line: optional(int({ min: 1 })),
  inWorkspace: bool,
});
export type TraceLine = Infer<typeof traceLine>;
export const MAX_TRACE_LINES = 400;
export const exceptionEntry = obj({
  name: text(2000),
  timestamp: optional(time),
  taskName: optional(text(1000)),
  location: optional(text(500)),
  trace: arr(traceLine, { max: MAX_TRACE_LINES }),
});
export type ExceptionEntry = Infer<typeof exceptionEntry>;
export const exceptionsData = obj({
  root: optional(exceptionEntry),
  /** Newest first. */
  history: arr(exceptionEntry, { max: 50 }),
  truncated: bool,
});
export type ExceptionsData = Infer<typeof exceptionsData>;

// ---- Checkpoints ----

export const checkpointRow = obj({
  id: count,
  status: text(32),
  savepoint: bool,
  triggered: time,
  acknowledged: optional(time),
  durationMs: optional(time),
  stateSize: optional(count),
  checkpointedSize: optional(count),
  path: optional(text(2000)),
  failure: optional(text(4000)),
  acks: obj({ done: count, of: count }),
});
export type CheckpointRow = Infer<typeof checkpointRow>;
export const checkpointsData = obj({
  counts: obj({ restored: count, total: count, inProgress: count, completed: count, failed: count }),
  completed: optional(checkpointRow),
  savepoint: optional(checkpointRow),
  failed: optional(checkpointRow),
  restored: optional(obj({ id: count, path: optional(text(2000)), time })),
  history: arr(checkpointRow, { max: 200 }),
});
export type CheckpointsData = Infer<typeof checkpointsData>;

// ---- Configuration ----

export const configData = obj({
  executionMode: optional(text(64)),
  restartStrategy: optional(text(2000)),
  parallelism: optional(int()),
  user: arr(obj({ key: text(1000), value: text(20_000) }), { max: 2000 }),
});
export type ConfigData = Infer<typeof configData>;

/** A tab's notification: the last data read (kept when a later read fails), the failure, and when it was read. */
const tabBody = <T>(data: Schema<T>) =>
  obj({
    data: optional(data),
    error: optional(errorData),
    /** The task has no job on the JobManager (yet, or any more): nothing to read. */
    noJob: bool,
    updatedAt: optional(time),
  });

export const TASK_PAGE = definePage({
  requests: {
    ...COMMON_REQUESTS,
    /** Runs a header action through the product's command for it (its confirmations are the tree's). */
    'action.run': { args: obj({ action: panelAction }), result: obj({ started: bool }) },
    /** The tab the user shows: only it is read, and refreshed while the task is live. */
    'panel.showTab': { args: obj({ tab: literal(...TASK_TABS) }), result: empty },
    /** Reads the shown tab again now (Refresh, Retry). */
    'panel.refresh': { args: empty, result: empty },
    /** Opens the workspace file of a stack frame at its line. */
    'frame.open': {
      args: obj({
        className: str({ max: 500, pattern: CLASS_NAME_PATTERN }),
        file: str({ max: 200, pattern: SOURCE_FILE_PATTERN }),
        line: optional(int({ min: 1 })),
      }),
      result: obj({ opened: bool }),
    },
  },
  notifications: {
    ...COMMON_NOTIFICATIONS,
    /** The task (absent before the service knows it), whether it is gone, and the header's actions. */
    'task.update': { body: obj({ task: optional(taskView), gone: bool, actions: taskActionsData }) },
    /** The extension asks for a tab (a failure notification's Show Exceptions): the page shows it. */
    'panel.selectTab': { body: obj({ tab: literal(...TASK_TABS) }) },
    /** Whether the shown tab refreshes by itself, and whether a read is under way. */
    'refresh.status': { body: obj({ live: bool, loading: bool, intervalMs: int({ min: 0 }) }) },
    'graph.update': { body: tabBody(graphData) },
    'exceptions.update': { body: tabBody(exceptionsData) },
    'checkpoints.update': { body: tabBody(checkpointsData) },
    'configuration.update': { body: tabBody(configData) },
  },
});
export type TaskPage = typeof TASK_PAGE;

/** The notification of each job tab. */
export const TAB_NOTIFICATIONS = {
  graph: 'graph.update',
  exceptions: 'exceptions.update',
  checkpoints: 'checkpoints.update',
  configuration: 'configuration.update',
} as const satisfies Record<JobTab, string>;
