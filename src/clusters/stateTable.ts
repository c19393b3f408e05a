/**
 * The one table of cluster states: label, icon, colour, billing and the actions each allows.
 * Menus (contextValue flags), buttons, command gating and pickers all read it. Icons are codicon
 * ids and colours theme colour ids, so this stays free of the VS Code API.
 */

export type DriverState = 'STARTING' | 'ACTIVE' | 'STOPPED' | 'FAILED';
export type SessionStatus = 'Starting' | 'Running' | 'Disabling' | 'Disabled' | 'Failed';

export type ComputeAction = 'start' | 'terminate' | 'restart' | 'configure' | 'delete';
export type SessionAction = 'start' | 'disable' | 'edit' | 'delete';

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
  Disabling: {
    label: 'Disabling',
    icon: 'loading~spin',
    color: 'charts.orange',
    billed: false,
    actions: [],
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
};

/** The amber marker for a definition newer than the running workload. */
export const RESTART_REQUIRED = { label: 'Restart required', icon: 'warning', color: 'list.warningForeground' } as const;

/** Actions a compute cluster allows now: none while an operation is in flight. */
export function computeActions(state: DriverState, operationInFlight: boolean): readonly ComputeAction[] {
  return operationInFlight ? [] : COMPUTE_STATES[state].actions;
}

export function sessionActions(status: SessionStatus, operationInFlight: boolean): readonly SessionAction[] {
  return operationInFlight ? [] : SESSION_STATES[status].actions;
}
