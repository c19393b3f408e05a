import * as l10n from '@vscode/l10n';

/**
 * The one table of cluster states: label, icon, colour, billing and the actions each allows.
 * Menus (contextValue flags), buttons, command gating and pickers all read it. Icons are codicon
 * ids and colours theme colour ids, so this stays free of the VS Code API.
 */

/** UNKNOWN / Unknown: the extension cannot see the workload (not listed yet, or not allowed to list it). */
export type DriverState = 'STARTING' | 'ACTIVE' | 'STOPPED' | 'FAILED' | 'UNKNOWN';
export type SessionStatus = 'Starting' | 'Running' | 'Disabling' | 'Disabled' | 'Failed' | 'Unknown';

/** Actions that change a cluster, in the order buttons show them: offered by state, and never while another action is in flight. */
export const COMPUTE_ACTIONS = ['start', 'terminate', 'restart', 'configure', 'delete'] as const;
export const SESSION_ACTIONS = ['start', 'disable', 'edit', 'delete'] as const;
export type ComputeAction = (typeof COMPUTE_ACTIONS)[number];
export type SessionAction = (typeof SESSION_ACTIONS)[number];
/**
 * Actions that only look: offered also while an action runs, and in every state unless
 * VIEW_ACTION_STATES names the states they need.
 */
export const COMPUTE_VIEW_ACTIONS = [
  'openDetails',
  'showDriverLogs',
  'downloadDriverLogs',
  // A snippet is worth copying before the cluster runs; it notes that it works once ACTIVE.
  'insertSnippet',
  // Metrics live in the user's own dashboards, which keep history while the cluster is stopped.
  'openSparkMetricsUi',
  'openSparkUi',
] as const;
export const SESSION_VIEW_ACTIONS = ['openDetails', 'showLogs', 'openFlinkUi'] as const;
export type ComputeViewAction = (typeof COMPUTE_VIEW_ACTIONS)[number];
export type SessionViewAction = (typeof SESSION_VIEW_ACTIONS)[number];

/** Every action of either kind, changing or looking: the names `action.run` and the menus know. */
export type ClusterAction = ComputeAction | SessionAction | ComputeViewAction | SessionViewAction;
export const CLUSTER_ACTIONS: readonly ClusterAction[] = [
  ...new Set<ClusterAction>([...COMPUTE_ACTIONS, ...SESSION_ACTIONS, ...COMPUTE_VIEW_ACTIONS, ...SESSION_VIEW_ACTIONS]),
];
export const isClusterAction = (action: string): action is ClusterAction => (CLUSTER_ACTIONS as readonly string[]).includes(action);

/**
 * The looking actions that need a live process to talk to: the Spark UI is served by the driver
 * (port 4040) and the Flink UI by the JobManager (the `<name>-rest` Service, port 8081), so they
 * are offered only in the states where that process answers.
 */
export const VIEW_ACTION_STATES: {
  readonly compute: Readonly<Partial<Record<ComputeViewAction, readonly DriverState[]>>>;
  readonly session: Readonly<Partial<Record<SessionViewAction, readonly SessionStatus[]>>>;
} = {
  compute: { openSparkUi: ['ACTIVE'] },
  session: { openFlinkUi: ['Running'] },
};

export interface StateStyle<A extends string> {
  readonly label: string;
  /** Codicon id; `~spin` animates it. */
  readonly icon: string;
  /** Theme colour id, or undefined for the default foreground. */
  readonly color?: string;
  readonly billed: boolean;
  readonly actions: readonly A[];
  readonly description: string;
}

export const COMPUTE_STATES: Readonly<Record<DriverState, StateStyle<ComputeAction>>> = {
  STARTING: {
    get label() {
      return l10n.t({
        message: 'STARTING',
        comment: ['The state of a compute cluster, written in capitals as the product names its states.'],
      });
    },
    icon: 'loading~spin',
    color: 'charts.yellow',
    billed: false,
    actions: ['terminate', 'restart', 'delete'],
    get description() {
      return l10n.t('The driver is starting');
    },
  },
  ACTIVE: {
    get label() {
      return l10n.t({
        message: 'ACTIVE',
        comment: ['The state of a compute cluster, written in capitals as the product names its states.'],
      });
    },
    icon: 'pass-filled',
    color: 'testing.iconPassed',
    billed: true,
    actions: ['terminate', 'restart', 'delete'],
    get description() {
      return l10n.t('The driver is ready');
    },
  },
  STOPPED: {
    get label() {
      return l10n.t({
        message: 'STOPPED',
        comment: ['The state of a compute cluster, written in capitals as the product names its states.'],
      });
    },
    icon: 'circle-large-outline',
    color: 'disabledForeground',
    billed: false,
    actions: ['start', 'configure', 'delete'],
    get description() {
      return l10n.t('Not running');
    },
  },
  FAILED: {
    get label() {
      return l10n.t({
        message: 'FAILED',
        comment: ['The state of a compute cluster, written in capitals as the product names its states.'],
      });
    },
    icon: 'error',
    color: 'testing.iconFailed',
    billed: false,
    actions: ['terminate', 'restart', 'configure', 'delete'],
    get description() {
      return l10n.t('The driver cannot run');
    },
  },
  // Nothing that changes the cluster is offered on a state the extension cannot see.
  UNKNOWN: {
    get label() {
      return l10n.t({
        message: 'UNKNOWN',
        comment: ['The state of a compute cluster, written in capitals as the product names its states.'],
      });
    },
    icon: 'question',
    color: 'disabledForeground',
    billed: false,
    actions: [],
    get description() {
      return l10n.t('The driver state cannot be read');
    },
  },
};

export const SESSION_STATES: Readonly<Record<SessionStatus, StateStyle<SessionAction>>> = {
  Starting: {
    get label() {
      return l10n.t('Starting');
    },
    icon: 'loading~spin',
    color: 'charts.yellow',
    billed: false,
    actions: ['disable'],
    get description() {
      return l10n.t('The JobManager is starting');
    },
  },
  Running: {
    get label() {
      return l10n.t('Running');
    },
    icon: 'pass-filled',
    color: 'testing.iconPassed',
    billed: true,
    actions: ['disable'],
    get description() {
      return l10n.t('Ready for session jobs');
    },
  },
  // While a disable runs no action is offered (an operation is in flight); a disable that was
  // interrupted leaves the FlinkDeployment being deleted, and Disable again finishes it.
  Disabling: {
    get label() {
      return l10n.t('Disabling');
    },
    icon: 'loading~spin',
    color: 'charts.orange',
    billed: false,
    actions: ['disable'],
    get description() {
      return l10n.t('Cancelling session jobs and removing the cluster');
    },
  },
  Disabled: {
    get label() {
      return l10n.t('Disabled');
    },
    icon: 'circle-slash',
    color: 'disabledForeground',
    billed: false,
    actions: ['start', 'edit', 'delete'],
    get description() {
      return l10n.t('Defined but not deployed');
    },
  },
  Failed: {
    get label() {
      return l10n.t('Failed');
    },
    icon: 'error',
    color: 'testing.iconFailed',
    billed: false,
    actions: ['disable'],
    get description() {
      return l10n.t('The cluster cannot run');
    },
  },
  Unknown: {
    get label() {
      return l10n.t('Unknown');
    },
    icon: 'question',
    color: 'disabledForeground',
    billed: false,
    actions: [],
    get description() {
      return l10n.t('The FlinkDeployment cannot be read');
    },
  },
};

/** The amber marker for a definition newer than the running workload. */
export const RESTART_REQUIRED = {
  get label() {
    return l10n.t('Restart required');
  },
  icon: 'warning',
  color: 'list.warningForeground',
} as const;

/** Actions a compute cluster's state allows now: only the looking ones while an operation is in flight. */
export function computeActions(state: DriverState, operationInFlight: boolean): readonly (ComputeAction | ComputeViewAction)[] {
  const views = COMPUTE_VIEW_ACTIONS.filter((a) => VIEW_ACTION_STATES.compute[a]?.includes(state) ?? true);
  return operationInFlight ? views : [...COMPUTE_STATES[state].actions, ...views];
}

export function sessionActions(status: SessionStatus, operationInFlight: boolean): readonly (SessionAction | SessionViewAction)[] {
  const views = SESSION_VIEW_ACTIONS.filter((a) => VIEW_ACTION_STATES.session[a]?.includes(status) ?? true);
  return operationInFlight ? views : [...SESSION_STATES[status].actions, ...views];
}

/** Lifecycle actions need rights and state; view actions need neither. */
export const isViewAction = (action: string): boolean =>
  (COMPUTE_VIEW_ACTIONS as readonly string[]).includes(action) || (SESSION_VIEW_ACTIONS as readonly string[]).includes(action);
