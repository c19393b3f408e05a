/**
 * The one table of cluster states: label, icon, colour, billing and the actions each allows.
 * Menus (contextValue flags), buttons, command gating and pickers all read it. Icons are codicon
 * ids and colours theme colour ids, so this stays free of the VS Code API.
 */

/** UNKNOWN / Unknown: the extension cannot see the workload (not listed yet, or not allowed to list it). */
export type DriverState = 'STARTING' | 'ACTIVE' | 'STOPPED' | 'FAILED' | 'UNKNOWN';
export type SessionStatus = 'Starting' | 'Running' | 'Disabling' | 'Disabled' | 'Failed' | 'Unknown';

/** Actions that change a cluster: offered by state, and never while another action is in flight. */
export type ComputeAction = 'start' | 'terminate' | 'restart' | 'configure' | 'delete';
export type SessionAction = 'start' | 'disable' | 'edit' | 'delete';
/** Actions that only look: offered in every state, also while an action runs. */
export type ComputeViewAction = 'openDetails' | 'showDriverLogs' | 'downloadDriverLogs';
export type SessionViewAction = 'openDetails' | 'showLogs';

export const COMPUTE_VIEW_ACTIONS: readonly ComputeViewAction[] = ['openDetails', 'showDriverLogs', 'downloadDriverLogs'];
export const SESSION_VIEW_ACTIONS: readonly SessionViewAction[] = ['openDetails', 'showLogs'];

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
    label: 'STARTING',
    icon: 'loading~spin',
    color: 'charts.yellow',
    billed: false,
    actions: ['terminate', 'restart', 'delete'],
    description: 'The driver is starting',
  },
  ACTIVE: {
    label: 'ACTIVE',
    icon: 'pass-filled',
    color: 'testing.iconPassed',
    billed: true,
    actions: ['terminate', 'restart', 'delete'],
    description: 'The driver is ready',
  },
  STOPPED: {
    label: 'STOPPED',
    icon: 'circle-large-outline',
    color: 'disabledForeground',
    billed: false,
    actions: ['start', 'configure', 'delete'],
    description: 'Not running',
  },
  FAILED: {
    label: 'FAILED',
    icon: 'error',
    color: 'testing.iconFailed',
    billed: false,
    actions: ['terminate', 'restart', 'configure', 'delete'],
    description: 'The driver cannot run',
  },
  // Nothing that changes the cluster is offered on a state the extension cannot see.
  UNKNOWN: {
    label: 'UNKNOWN',
    icon: 'question',
    color: 'disabledForeground',
    billed: false,
    actions: [],
    description: 'The driver state cannot be read',
  },
};

export const SESSION_STATES: Readonly<Record<SessionStatus, StateStyle<SessionAction>>> = {
  Starting: {
    label: 'Starting',
    icon: 'loading~spin',
    color: 'charts.yellow',
    billed: false,
    actions: ['disable'],
    description: 'The JobManager is starting',
  },
  Running: {
    label: 'Running',
    icon: 'pass-filled',
    color: 'testing.iconPassed',
    billed: true,
    actions: ['disable'],
    description: 'Ready for session jobs',
  },
  // While a disable runs no action is offered (an operation is in flight); a disable that was
  // interrupted leaves the FlinkDeployment being deleted, and Disable again finishes it.
  Disabling: {
    label: 'Disabling',
    icon: 'loading~spin',
    color: 'charts.orange',
    billed: false,
    actions: ['disable'],
    description: 'Cancelling session jobs and removing the cluster',
  },
  Disabled: {
    label: 'Disabled',
    icon: 'circle-slash',
    color: 'disabledForeground',
    billed: false,
    actions: ['start', 'edit', 'delete'],
    description: 'Defined but not deployed',
  },
  Failed: {
    label: 'Failed',
    icon: 'error',
    color: 'testing.iconFailed',
    billed: false,
    actions: ['disable'],
    description: 'The cluster cannot run',
  },
  Unknown: {
    label: 'Unknown',
    icon: 'question',
    color: 'disabledForeground',
    billed: false,
    actions: [],
    description: 'The FlinkDeployment cannot be read',
  },
};

/** The amber marker for a definition newer than the running workload. */
export const RESTART_REQUIRED = { label: 'Restart required', icon: 'warning', color: 'list.warningForeground' } as const;

/** Actions a compute cluster's state allows now: only the looking ones while an operation is in flight. */
export function computeActions(state: DriverState, operationInFlight: boolean): readonly (ComputeAction | ComputeViewAction)[] {
  return operationInFlight ? COMPUTE_VIEW_ACTIONS : [...COMPUTE_STATES[state].actions, ...COMPUTE_VIEW_ACTIONS];
}

export function sessionActions(status: SessionStatus, operationInFlight: boolean): readonly (SessionAction | SessionViewAction)[] {
  return operationInFlight ? SESSION_VIEW_ACTIONS : [...SESSION_STATES[status].actions, ...SESSION_VIEW_ACTIONS];
}

/** Lifecycle actions need rights and state; view actions need neither. */
export const isViewAction = (action: string): boolean =>
  (COMPUTE_VIEW_ACTIONS as readonly string[]).includes(action) || (SESSION_VIEW_ACTIONS as readonly string[]).includes(action);
