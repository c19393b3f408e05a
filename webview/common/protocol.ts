/**
 * The one message protocol between the extension and its webview panels, imported by both sides.
 *
 * - Requests (page → extension): a name, typed arguments and a typed result. Each carries an `id`
 *   that its response repeats; a failure comes back as data (`ok: false` with a message and a code)
 *   for the page to show, never as a thrown exception crossing the boundary.
 * - Notifications (extension → page): pushes of structured data (numbers, enums, timestamps), never
 *   display strings built for the tree.
 * - `ready` (page → extension): sent once the page's script listens; the extension posts nothing before.
 *
 * Every message is validated on arrival on both sides; malformed or unknown messages are dropped and
 * logged, never acted on. Adding a message = one entry below (its schema is its type).
 *
 * No DOM and no Node types here: the file is compiled for both.
 */
import { arr, bool, Infer, int, literal, num, obj, optional, problem, Schema, str, unknownValue } from './schema';
import type { DriverState, SessionStatus } from '../../src/clusters/stateTable';

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

export const ERROR_CODES = ['bad-request', 'forbidden', 'not-found', 'conflict', 'unavailable', 'cancelled', 'timeout', 'failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorData = obj({ message: str({ max: 4000 }), code: literal(...ERROR_CODES) });
export type ErrorData = Infer<typeof errorData>;

const empty = obj({});
const timeRange = literal(...TIME_RANGES);
const panelKey = str({ min: 1, max: 300 });
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

// ---- forms (Create / Configure / Edit) ----

const formText = str({ max: 10_000 });
const kvRow = obj({ key: str({ max: 300 }), value: formText, fromSecret: bool, secret: str({ max: 300 }), secretKey: str({ max: 300 }) });
const textRows = arr(str({ max: 4000 }), { max: 500 });
const kvRows = arr(kvRow, { max: 500 });

/** The compute form's values as typed (src/clusters/forms/computeForm.ts is their model). */
export const computeFormValues = obj({
  name: str({ max: 300 }),
  description: formText,
  bundle: str({ max: 100 }),
  namespace: str({ max: 300 }),
  deploymentType: literal('multi-node', 'single-node'),
  driverNodeType: str({ max: 300 }),
  executorNodeType: str({ max: 300 }),
  executorCount: str({ max: 100 }),
  spotInstances: bool,
  volumeEnabled: bool,
  volumeSize: str({ max: 100 }),
  autoScalingEnabled: bool,
  idleTimeoutMinutes: str({ max: 100 }),
  arrowFlight: bool,
  env: kvRows,
  sparkConf: kvRows,
  arguments: textRows,
  javaOptions: formText,
  jars: textRows,
  files: textRows,
  pyFiles: textRows,
  packages: textRows,
  image: str({ max: 1000 }),
  tags: kvRows,
});
export type ComputeFormWire = Infer<typeof computeFormValues>;

/** The session cluster form's values as typed (src/clusters/forms/sessionForm.ts). */
export const sessionFormValues = obj({
  name: str({ max: 300 }),
  description: formText,
  namespace: str({ max: 300 }),
  image: str({ max: 1000 }),
  flinkVersion: str({ max: 100 }),
  jobManagerCpu: str({ max: 100 }),
  jobManagerMemory: str({ max: 100 }),
  taskManagerCpu: str({ max: 100 }),
  taskManagerMemory: str({ max: 100 }),
  taskManagerReplicas: str({ max: 100 }),
  taskManagerSlots: str({ max: 100 }),
  flinkConfiguration: kvRows,
  serviceAccount: str({ max: 300 }),
});
export type SessionFormWire = Infer<typeof sessionFormValues>;

export const fieldErrorData = obj({ field: str({ max: 300 }), message: str({ max: 4000 }) });
const formValuesArgs = obj({ compute: optional(computeFormValues), session: optional(sessionFormValues) });
const formNodeTypeData = obj({
  name: str({ max: 300 }),
  cpuMillicores: num({ min: 0 }),
  memoryMiB: num({ min: 0 }),
  driver: bool,
  executor: bool,
  description: optional(str({ max: 1000 })),
});
const quotaRoomData = obj({
  cpuMillicores: optional(num()),
  memoryMiB: optional(num()),
  cpuQuota: optional(str({ max: 300 })),
  memoryQuota: optional(str({ max: 300 })),
  cpuHard: optional(num()),
  memoryHard: optional(num()),
});
/** What a form needs to know about one namespace it may write to. */
export const formNamespaceData = obj({
  namespace: str({ max: 300 }),
  nodeTypes: arr(formNodeTypeData, { max: 200 }),
  room: quotaRoomData,
  computeNames: arr(str({ max: 300 }), { max: 5000 }),
  sessionNames: arr(str({ max: 300 }), { max: 5000 }),
  /** Secrets the user may read (names and key names only, never values); undefined when they may not list them. */
  secrets: optional(arr(obj({ name: str({ max: 300 }), keys: arr(str({ max: 300 }), { max: 500 }) }), { max: 2000 })),
});
export type FormNamespaceData = Infer<typeof formNamespaceData>;
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

const text = (max = 1000) => str({ max });
const isoTime = str({ max: 64 });
const actionName = str({ max: 64, pattern: /^[a-zA-Z][\w.-]*$/ });
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
  singleNode: bool,
  driverNodeType: optional(nodeTypeData),
  executorNodeType: optional(nodeTypeData),
  executorCounts: optional(obj({ running: int({ min: 0 }), pending: int({ min: 0 }), max: int({ min: 0 }) })),
  executorCount: int({ min: 0 }),
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

/** page → extension: name → argument and result schemas. */
export const REQUESTS = {
  /** Runs a state-table action (`start`, `terminate`, ...) on the panel's cluster, with the tree's confirmations. */
  'action.run': { args: obj({ action: str({ max: 64, pattern: /^[a-zA-Z][\w.-]*$/ }) }), result: obj({ started: bool }) },
  /** The tab the user shows, so the extension watches events only while they are visible. */
  'panel.showTab': { args: obj({ tab: str({ max: 64 }) }), result: empty },
  'logs.setRange': { args: obj({ range: timeRange }), result: empty },
  'logs.setInstance': { args: obj({ instance: str({ max: 300 }) }), result: empty },
  'logs.download': { args: empty, result: obj({ saved: bool }) },
  'logs.openInEditor': { args: empty, result: empty },
  /** Review: a server-side dry-run apply of every object the form writes; refusals come back on their fields. */
  'form.review': {
    args: formValuesArgs,
    result: obj({
      yaml: str({ max: 2_000_000 }),
      fieldErrors: arr(fieldErrorData, { max: 500 }),
      messages: arr(str({ max: 4000 }), { max: 100 }),
    }),
  },
  /** Create or save. A refusal is data: field errors, a message, or a conflict (409) that offers a reload. */
  'form.submit': {
    args: formValuesArgs,
    result: obj({
      done: bool,
      message: optional(str({ max: 4000 })),
      fieldErrors: arr(fieldErrorData, { max: 500 }),
      conflict: optional(str({ max: 4000 })),
    }),
  },
  /** After a conflict: the definition as it is now (the page merges it with the user's edits). */
  'form.reload': {
    args: empty,
    result: obj({ compute: optional(computeFormValues), session: optional(sessionFormValues), resourceVersion: str({ max: 100 }) }),
  },
  /** The values changed: the extension keeps them as a draft, offered again if the form is closed with unsaved edits. */
  'form.changed': { args: obj({ dirty: bool, compute: optional(computeFormValues), session: optional(sessionFormValues) }), result: empty },
  /** Cancel: asks before discarding unsaved edits, then closes the form. */
  'form.cancel': { args: obj({ dirty: bool }), result: obj({ closed: bool }) },
  'form.discardDraft': { args: empty, result: empty },
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
  /** The page painted the cluster's data for the first time (the panel-open benchmark's end mark). */
  'panel.painted': { args: empty, result: empty },
  /** A `securitypolicyviolation` the page saw: counted and logged by the extension (tests assert none). */
  'panel.cspViolation': { args: obj({ directive: text(200), blocked: text(500) }), result: empty },
} satisfies Record<string, { args: Schema<unknown>; result: Schema<unknown> }>;

/** extension → page: name → body schema. */
export const NOTIFICATIONS = {
  /** First message after `ready`: who the panel is. The page saves the key for restoring after a reload. */
  'panel.init': { body: obj({ key: panelKey, title: str({ max: 300 }) }) },
  /** Replaces the page's copy of the log (after ready, a range or instance change). `firstSeq` numbers lines[0]. */
  'logs.reset': {
    body: obj({ firstSeq: seq, lines: logLines, range: timeRange, instance: optional(str({ max: 300 })) }),
  },
  /** New lines (also the rest of a reset too big for one message); `firstSeq` numbers lines[0]. */
  'logs.append': { body: obj({ firstSeq: seq, lines: logLines }) },
  /** Whether the log streams, and why it does not (a 403 reads "You may not read logs in analytics"). */
  'logs.status': { body: obj({ streaming: bool, error: optional(errorData) }) },
  'events.update': { body: obj({ events: arr(eventRow, { max: 5000 }), error: optional(errorData) }) },
  /** A form's start: its kind and mode, the values to show, and what it may choose from. */
  'form.init': {
    body: obj({
      kind: literal('compute', 'session'),
      mode: literal('create', 'edit'),
      compute: optional(computeFormValues),
      session: optional(sessionFormValues),
      /** The definition version being edited (edit mode): a save refuses if it moved on. */
      resourceVersion: optional(str({ max: 100 })),
      bundles: arr(str({ max: 100 }), { max: 50 }),
      flinkVersions: arr(str({ max: 100 }), { max: 100 }),
      /** Unsaved edits kept from a form closed earlier (ISO time), offered instead of the values above. */
      draftSavedAt: optional(str({ max: 100 })),
      draftCompute: optional(computeFormValues),
      draftSession: optional(sessionFormValues),
    }),
  },
  /** Namespaces the form may write to, with their node types, quota room, existing names and Secrets. */
  'form.context': { body: obj({ namespaces: arr(formNamespaceData, { max: 500 }), notice: optional(str({ max: 4000 })) }) },
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
      state: optional(text(64)),
    }),
  },
  /** Every active Spark key, secret-looking values already masked. */
  'config.update': { body: obj({ entries: arr(configEntry, { max: 2000 }), error: optional(errorData) }) },
  /** What the Logs tab's Instance dropdown offers; `selected` is one of the ids. */
  'logs.instances': { body: obj({ instances: arr(logInstanceData, { max: 500 }), selected: text(320) }) },
} satisfies Record<string, { body: Schema<unknown> }>;

export type RequestName = keyof typeof REQUESTS;
export type RequestArgs<N extends RequestName> = Infer<(typeof REQUESTS)[N]['args']>;
export type RequestResult<N extends RequestName> = Infer<(typeof REQUESTS)[N]['result']>;
export type NotificationName = keyof typeof NOTIFICATIONS;
export type NotificationBody<N extends NotificationName> = Infer<(typeof NOTIFICATIONS)[N]['body']>;

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData };

// ---- envelopes ----

export type PageMessage =
  | { readonly kind: 'ready' }
  | {
      readonly [N in RequestName]: { readonly kind: 'request'; readonly id: number; readonly name: N; readonly args: RequestArgs<N> };
    }[RequestName];

export type HostMessage =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: ErrorData }
  | {
      readonly [N in NotificationName]: { readonly kind: 'notification'; readonly name: N; readonly body: NotificationBody<N> };
    }[NotificationName];

/** Either the message, or why it was refused (for the log). */
export type Parsed<T> = { readonly message: T; readonly problem?: undefined } | { readonly message?: undefined; readonly problem: string };

const requestId = int({ min: 1 });
const readyEnvelope = obj({ kind: literal('ready') });
const requestEnvelope = obj({ kind: literal('request'), id: requestId, name: str({ max: 100 }), args: unknownValue });
const okEnvelope = obj({ kind: literal('response'), id: requestId, ok: literal(true), result: unknownValue });
const errEnvelope = obj({ kind: literal('response'), id: requestId, ok: literal(false), error: errorData });
const noteEnvelope = obj({ kind: literal('notification'), name: str({ max: 100 }), body: unknownValue });

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const kindOf = (v: unknown): unknown => (typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined);

/** Validates a message from the page (on the extension side). */
export function parsePageMessage(value: unknown): Parsed<PageMessage> {
  const kind = kindOf(value);
  if (kind === 'ready') {
    const p = problem(readyEnvelope, value);
    return p ? { problem: p } : { message: { kind: 'ready' } };
  }
  // l10n-ignore: a protocol problem, for the log
  if (kind !== 'request') return { problem: 'unknown message kind' };
  const p = problem(requestEnvelope, value);
  if (p) return { problem: p };
  const m = value as { id: number; name: string; args: unknown };
  // l10n-ignore: a protocol problem, for the log
  if (!has(REQUESTS, m.name)) return { problem: `unknown request ${JSON.stringify(m.name)}` };
  const name = m.name as RequestName;
  const ap = REQUESTS[name].args.check(m.args, `${name}.args`);
  if (ap) return { problem: ap };
  return { message: { kind: 'request', id: m.id, name, args: m.args } as PageMessage };
}

/**
 * Validates a message from the extension (on the page side). A response's result is checked against
 * the schema of the request it answers, which only the page knows (`requestNameOf`); a response to
 * no pending request is refused.
 */
export function parseHostMessage(value: unknown, requestNameOf: (id: number) => RequestName | undefined): Parsed<HostMessage> {
  const kind = kindOf(value);
  if (kind === 'notification') {
    const p = problem(noteEnvelope, value);
    if (p) return { problem: p };
    const m = value as { name: string; body: unknown };
    // l10n-ignore: a protocol problem, for the log
    if (!has(NOTIFICATIONS, m.name)) return { problem: `unknown notification ${JSON.stringify(m.name)}` };
    const name = m.name as NotificationName;
    const bp = NOTIFICATIONS[name].body.check(m.body, `${name}.body`);
    return bp ? { problem: bp } : { message: { kind: 'notification', name, body: m.body } as HostMessage };
  }
  // l10n-ignore: a protocol problem, for the log
  if (kind !== 'response') return { problem: 'unknown message kind' };
  const ok = (value as { ok?: unknown }).ok;
  const p = ok === true ? problem(okEnvelope, value) : problem(errEnvelope, value);
  if (p) return { problem: p };
  const m = value as HostMessage & { kind: 'response' };
  const name = requestNameOf(m.id);
  // l10n-ignore: a protocol problem, for the log
  if (!name) return { problem: `response ${m.id} answers no pending request` };
  if (m.ok) {
    const rp = REQUESTS[name].result.check(m.result, `${name}.result`);
    if (rp) return { problem: rp };
  }
  return { message: m };
}

/** Builders, so neither side writes an envelope by hand. */
export const envelope = {
  ready: (): PageMessage => ({ kind: 'ready' }),
  request: <N extends RequestName>(id: number, name: N, args: RequestArgs<N>): PageMessage =>
    ({ kind: 'request', id, name, args }) as PageMessage,
  ok: <N extends RequestName>(id: number, _name: N, result: RequestResult<N>): HostMessage => ({ kind: 'response', id, ok: true, result }),
  error: (id: number, error: ErrorData): HostMessage => ({ kind: 'response', id, ok: false, error }),
  notification: <N extends NotificationName>(name: N, body: NotificationBody<N>): HostMessage =>
    ({ kind: 'notification', name, body }) as HostMessage,
};
