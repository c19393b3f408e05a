/**
 * The protocol of the cluster panel page (one panel per compute or session cluster): its requests,
 * its notifications, and the structured views of the watch cache it carries (never the tree's
 * display strings).
 */
import { CLUSTER_ACTIONS, type DriverState, type SessionStatus } from '../clusters/stateTable';
import { TASK_STATES_IN_ORDER } from '../clusters/taskStates';
import { COMMON_NOTIFICATIONS, COMMON_REQUESTS, empty, isoTime, text } from './common';
import { definePage, errorData } from './envelope';
import { arr, bool, Infer, int, literal, num, obj, optional, str } from './schema';

/** Longest log line a message may carry; the extension cuts longer ones (see src/panels/logBuffer.ts). */
export const MAX_LOG_LINE_CHARS = 16 * 1024 + 128;
/** Most lines in one logs message; the extension splits bigger batches. */
export const MAX_LOG_LINES_PER_MESSAGE = 50_000;

export const TIME_RANGES = ['5m', '15m', '1h', '6h', '24h', 'all'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
/** Seconds of each range for the pod log API's `sinceSeconds`; `all` has none. */
export const TIME_RANGE_SECONDS: Readonly<Record<TimeRange, number | undefined>> = {
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '6h': 21_600,
  '24h': 86_400,
  all: undefined,
};

const timeRange = literal(...TIME_RANGES);
const logLines = arr(str({ max: MAX_LOG_LINE_CHARS }), { max: MAX_LOG_LINES_PER_MESSAGE });
const seq = int({ min: 0 });

export const eventRow = obj({
  type: str({ max: 64 }),
  reason: str({ max: 256 }),
  message: str({ max: 8192 }),
  object: str({ max: 512 }),
  count: int({ min: 0 }),
  firstTime: optional(str({ max: 64 })),
  lastTime: optional(str({ max: 64 })),
});
export type EventRow = Infer<typeof eventRow>;

// ---- cluster panels: structured views of the watch cache (never the tree's display strings) ----

export const DRIVER_STATES = ['STARTING', 'ACTIVE', 'STOPPED', 'FAILED', 'UNKNOWN'] as const satisfies readonly DriverState[];
export const SESSION_STATUSES = [
  'Starting',
  'Running',
  'Disabling',
  'Disabled',
  'Failed',
  'Unknown',
] as const satisfies readonly SessionStatus[];

/** The actions of the state table (shared/clusters/stateTable.ts), by name. */
const actionName = literal(...CLUSTER_ACTIONS);

/** The tabs of each panel, in the order they show; each has a host half and a page half (src/panels/cluster, webview/panels/cluster). */
export const COMPUTE_TABS = ['details', 'connections', 'logs', 'events', 'activity', 'configuration'] as const;
export const SESSION_TABS = ['details', 'tasks', 'activity'] as const;
export type ComputeTab = (typeof COMPUTE_TABS)[number];
export type SessionTab = (typeof SESSION_TABS)[number];
export type ClusterTab = ComputeTab | SessionTab;
export const CLUSTER_TABS: readonly ClusterTab[] = [...new Set<ClusterTab>([...COMPUTE_TABS, ...SESSION_TABS])];
export const isClusterTab = (tab: string): tab is ClusterTab => (CLUSTER_TABS as readonly string[]).includes(tab);
const operationData = obj({ action: text(64), user: text(300), startedAt: isoTime });
const nodeTypeData = obj({ name: text(200), cpuMillicores: optional(num({ min: 0 })), memoryMiB: optional(num({ min: 0 })) });

/** What the state table and the user's rights allow (permissions.ts availableActions), and what this panel is running. */
export const actionsData = obj({
  allowed: arr(actionName, { max: 50 }),
  denied: arr(obj({ action: actionName, reason: text(1000) }), { max: 50 }),
  /** Actions started from this panel whose command has not returned yet (a confirmation may be open). */
  running: arr(actionName, { max: 50 }),
});
export type ActionsData = Infer<typeof actionsData>;

/** Commands other parts of the extension contribute; a button whose command is missing says it is unavailable. */
export const commandsData = obj({ sparkUi: bool, sparkMetricsUi: bool, flinkUi: bool, configure: bool, edit: bool });
export type CommandsData = Infer<typeof commandsData>;

export const computeView = obj({
  id: text(100),
  name: text(100),
  namespace: text(100),
  state: literal(...DRIVER_STATES),
  reason: optional(text(4000)),
  /** What Kubernetes said, verbatim (pod names and uids): the panel shows it on expand, below the reason. */
  reasonRaw: optional(text(4000)),
  singleNode: bool,
  driverNodeType: optional(nodeTypeData),
  executorNodeType: optional(nodeTypeData),
  executorCounts: optional(obj({ running: int({ min: 0 }), pending: int({ min: 0 }), max: int({ min: 0 }) })),
  executorCount: int({ min: 0 }),
  /** The volume's size as shown (`50 GiB`); absent without a volume. */
  volume: optional(text(100)),
  /** Idle timeout; absent when auto-scaling is disabled. */
  autoScalingMinutes: optional(int({ min: 0 })),
  createdAt: optional(isoTime),
  createdBy: optional(text(300)),
  tags: arr(obj({ key: text(300), value: text(1000) }), { max: 200 }),
  description: text(4000),
  restartRequired: bool,
  operation: optional(operationData),
  interrupted: optional(operationData),
  arrowFlight: bool,
  /** Since when the current driver pod exists: Diagnose is offered once STARTING lasts a minute. */
  driverSince: optional(isoTime),
  problems: arr(text(1000), { max: 50 }),
});
export type ComputeView = Infer<typeof computeView>;

export const sessionView = obj({
  id: text(100),
  name: text(100),
  namespace: text(100),
  status: literal(...SESSION_STATUSES),
  reason: optional(text(4000)),
  owner: optional(text(300)),
  cpu: num({ min: 0 }),
  memory: text(64),
  taskManagers: optional(int({ min: 0 })),
  slots: optional(int({ min: 0 })),
  image: optional(text(500)),
  flinkVersion: optional(text(64)),
  lastUpdate: optional(isoTime),
  createdAt: optional(isoTime),
  description: text(4000),
  restartRequired: bool,
  operation: optional(operationData),
  interrupted: optional(operationData),
  sessionJobs: optional(int({ min: 0 })),
});
export type SessionView = Infer<typeof sessionView>;

const usage = obj({ used: text(64), total: text(64) });
export const sessionJobRow = obj({ name: text(300), state: text(64), started: optional(isoTime) });
export type SessionJobRow = Infer<typeof sessionJobRow>;

/** One task of a session cluster in the Tasks tab (a FlinkTask's part the table shows). */
export const taskRow = obj({
  key: text(600),
  name: text(300),
  state: literal(...TASK_STATES_IN_ORDER),
  startTime: optional(isoTime),
  durationMs: optional(num({ min: 0 })),
  parallelism: optional(int({ min: 0 })),
  /** Run by the operator for a FlinkSessionJob; else run from the editor through the JobManager. */
  managed: bool,
  failure: optional(text(2000)),
});
export type TaskRowData = Infer<typeof taskRow>;

export const activityRow = obj({
  action: text(64),
  user: text(300),
  time: isoTime,
  details: text(8192),
  outcome: optional(literal('succeeded', 'failed', 'cancelled')),
  logLines: optional(arr(text(4096), { max: 200 })),
});
export type ActivityRowData = Infer<typeof activityRow>;

export const ENDPOINT_KINDS = ['in-cluster', 'port-forward', 'external'] as const;
export const endpointKind = literal(...ENDPOINT_KINDS);
export type EndpointKindData = Infer<typeof endpointKind>;

export const snippetCard = obj({
  id: text(100),
  type: text(64),
  label: text(100),
  title: text(300),
  language: text(64),
  text: text(20_000),
  notes: arr(text(2000), { max: 20 }),
});
export type SnippetCard = Infer<typeof snippetCard>;

export const CONFIG_SOURCES = ['custom', 'system'] as const;
export const configEntry = obj({ key: text(500), value: text(20_000), source: literal(...CONFIG_SOURCES), secret: bool });
export type ConfigEntry = Infer<typeof configEntry>;

export const logInstanceData = obj({ id: text(320), label: text(400), role: literal('driver', 'executor'), previous: bool });
export type LogInstanceData = Infer<typeof logInstanceData>;

export const CLUSTER_PAGE = definePage({
  requests: {
    ...COMMON_REQUESTS,
    /** Runs a state-table action (`start`, `terminate`, ...) on the panel's cluster, with the tree's confirmations. */
    'action.run': { args: obj({ action: actionName }), result: obj({ started: bool }) },
    /** The tab the user shows, so the extension watches events only while they are visible. */
    'panel.showTab': { args: obj({ tab: literal(...CLUSTER_TABS) }), result: empty },
    'logs.setRange': { args: obj({ range: timeRange }), result: empty },
    'logs.setInstance': { args: obj({ instance: str({ max: 300 }) }), result: empty },
    'logs.download': { args: empty, result: obj({ saved: bool }) },
    'logs.openInEditor': { args: empty, result: empty },
    /**
     * Copies / inserts a Connections card's snippet, named by id (the extension holds the text: the
     * page cannot make it copy anything else).
     */
    'connections.copy': { args: obj({ id: text(100) }), result: empty },
    'connections.insert': { args: obj({ id: text(100) }), result: empty },
    /** Where the snippets point (remembered per cluster); a port-forward starts when a snippet is copied or inserted. */
    'connections.setEndpoint': { args: obj({ endpoint: endpointKind }), result: empty },
    /** A masked Spark value, asked for when the user reveals it: secrets are never in the page until then. */
    'config.reveal': { args: obj({ key: text(500) }), result: obj({ value: text(20_000) }) },
    /** One short explanation of why the driver fails or does not start, with what it was assembled from. */
    'diagnose.run': { args: empty, result: obj({ summary: text(2000), details: arr(text(2000), { max: 50 }) }) },
    /** Opens a task's panel (the task named by its key). */
    'tasks.open': { args: obj({ key: text(600) }), result: empty },
    /** Asks for a task to run on the panel's cluster (the Run Task wizard). */
    'tasks.run': { args: empty, result: empty },
  },
  notifications: {
    ...COMMON_NOTIFICATIONS,
    /** Replaces the page's copy of the log (after ready, a range or instance change). `firstSeq` numbers lines[0]. */
    'logs.reset': {
      body: obj({ firstSeq: seq, lines: logLines, range: timeRange, instance: optional(str({ max: 300 })) }),
    },
    /** New lines (also the rest of a reset too big for one message); `firstSeq` numbers lines[0]. */
    'logs.append': { body: obj({ firstSeq: seq, lines: logLines }) },
    /** Whether the log streams, and why it does not (a 403 reads "You may not read logs in analytics"). */
    'logs.status': { body: obj({ streaming: bool, error: optional(errorData) }) },
    'events.update': { body: obj({ events: arr(eventRow, { max: 5000 }), error: optional(errorData) }) },
    'compute.update': { body: obj({ cluster: computeView, deleted: bool, actions: actionsData, commands: commandsData }) },
    'session.update': {
      body: obj({
        cluster: sessionView,
        deleted: bool,
        actions: actionsData,
        commands: commandsData,
        jobs: arr(sessionJobRow, { max: 1000 }),
        /** The namespace's ResourceQuota, when it has one: used / total. */
        resources: obj({ cpu: optional(usage), memory: optional(usage) }),
      }),
    },
    /**
     * The cluster's tasks, newest first, while the Tasks tab shows; `known` is false while the
     * task list cannot be read (the tab then shows the FlinkSessionJobs of the session update).
     */
    'tasks.update': { body: obj({ tasks: arr(taskRow, { max: 1000 }), known: bool }) },
    /** Activity rows, oldest first, as the activity ConfigMap holds them. */
    'activity.update': { body: obj({ rows: arr(activityRow, { max: 2000 }), error: optional(errorData) }) },
    'connections.update': {
      body: obj({
        cards: arr(snippetCard, { max: 50 }),
        endpoint: text(300),
        error: optional(errorData),
        /** The endpoint the cards use; absent means in-cluster. */
        endpointKind: optional(endpointKind),
        /** The cluster's state, for the note while it is not ACTIVE. */
        state: optional(literal(...DRIVER_STATES)),
      }),
    },
    /** Every active Spark key, secret-looking values already masked. */
    'config.update': { body: obj({ entries: arr(configEntry, { max: 2000 }), error: optional(errorData) }) },
    /** What the Logs tab's Instance dropdown offers; `selected` is one of the ids. */
    'logs.instances': { body: obj({ instances: arr(logInstanceData, { max: 500 }), selected: text(320) }) },
  },
});
export type ClusterPage = typeof CLUSTER_PAGE;
