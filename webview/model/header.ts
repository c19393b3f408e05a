/**
 * The header buttons of the cluster panels (pure). Which lifecycle actions appear and whether they
 * are enabled comes from the extension's availableActions (the one state table plus the user's
 * rights); the actions and their order are the state table's, and this file adds only labels,
 * tooltips and what the panel itself knows (deleted, busy).
 */
import * as l10n from '@vscode/l10n';
import type { ActionsData, CommandsData, ComputeView, SessionView } from '../../shared/protocol/clusterPage';
import {
  type ClusterAction,
  COMPUTE_ACTIONS,
  type ComputeAction,
  computeActions,
  SESSION_ACTIONS,
  type SessionAction,
  sessionActions,
} from '../../shared/clusters/stateTable';
import { actionText } from '../../shared/text/format';

export interface HeaderButton {
  /** What `action.run` is asked to do. */
  readonly action: ClusterAction;
  readonly label: string;
  readonly enabled: boolean;
  /** Tooltip; for a disabled button, why. */
  readonly title?: string;
  readonly busy: boolean;
  readonly secondary: boolean;
}

// Functions, not constants: the labels are looked up when a header renders, after the page set up its translations.
// The actions and their order are the state table's; only the button's words are the header's.
const computeLabels = (): Readonly<Record<ComputeAction, string>> => ({
  start: l10n.t('Start'),
  terminate: l10n.t('Terminate…'),
  restart: l10n.t('Restart…'),
  configure: l10n.t('Configure'),
  delete: l10n.t('Delete…'),
});

const sessionLabels = (): Readonly<Record<SessionAction, string>> => ({
  start: l10n.t('Start'),
  disable: l10n.t('Disable…'),
  edit: l10n.t('Edit'),
  delete: l10n.t('Delete…'),
});

const computeLifecycle = (): readonly (readonly [ComputeAction, string])[] => {
  const labels = computeLabels();
  return COMPUTE_ACTIONS.map((a) => [a, labels[a]] as const);
};

const sessionLifecycle = (): readonly (readonly [SessionAction, string])[] => {
  const labels = sessionLabels();
  return SESSION_ACTIONS.map((a) => [a, labels[a]] as const);
};

export const configureWhileRunning = (): string => l10n.t('Terminate the cluster to configure it');

function lifecycle<A extends ClusterAction>(
  list: readonly (readonly [A, string])[],
  actions: ActionsData,
  operation: { readonly action: string; readonly user: string } | undefined,
  special: (action: A) => { show?: boolean; disabledBecause?: string },
): HeaderButton[] {
  const out: HeaderButton[] = [];
  for (const [action, label] of list) {
    const allowed = actions.allowed.includes(action);
    const denied = actions.denied.find((d) => d.action === action);
    const busy = actions.running.includes(action) || operation?.action === action;
    const s = special(action);
    if (!allowed && !denied && !busy && !s.show) continue;
    const why = busy ? undefined : (s.disabledBecause ?? denied?.reason);
    const title =
      why ??
      (busy && operation?.action === action
        ? l10n.t('{action} by {user} is in progress', { action: actionText(action), user: operation.user })
        : undefined);
    out.push({
      action,
      label,
      enabled: !why && allowed && !busy,
      ...(title ? { title } : {}),
      busy,
      secondary: action !== 'start',
    });
  }
  return out;
}

/** A deleted cluster offers nothing: its header says Deleted and shows no actions. */
export function computeButtons(cluster: ComputeView, actions: ActionsData, commands: CommandsData, deleted: boolean): HeaderButton[] {
  if (deleted) return [];
  const running = cluster.state === 'ACTIVE' || cluster.state === 'STARTING';
  // The Spark UI is served by the driver: offered in the states the table names for it.
  const sparkUiRuns = computeActions(cluster.state, false).includes('openSparkUi');
  const buttons = lifecycle(computeLifecycle(), actions, cluster.operation, (action) => {
    if (action !== 'configure') return {};
    // Configure stays visible while the driver runs, disabled with the reason, as in the console we replace.
    if (running) return { show: true, disabledBecause: configureWhileRunning() };
    if (!commands.configure) return { disabledBecause: l10n.t('Configuring is not available in this version') };
    return {};
  });
  buttons.push(
    webUiButton(
      'openSparkUi',
      l10n.t('Spark UI'),
      commands.sparkUi && sparkUiRuns,
      !commands.sparkUi
        ? l10n.t('Spark UI is not available in this version')
        : !sparkUiRuns
          ? l10n.t('The Spark UI runs while the cluster is ACTIVE')
          : l10n.t('Open the Spark UI'),
    ),
    webUiButton(
      'openSparkMetricsUi',
      l10n.t('Spark Metrics UI'),
      commands.sparkMetricsUi,
      commands.sparkMetricsUi ? l10n.t('Open the Spark Metrics UI') : l10n.t('Spark Metrics UI is not available in this version'),
    ),
  );
  return buttons;
}

export function sessionButtons(cluster: SessionView, actions: ActionsData, commands: CommandsData, deleted: boolean): HeaderButton[] {
  if (deleted) return [];
  // The Flink UI is served by the JobManager: offered in the states the table names for it.
  const flinkUiRuns = sessionActions(cluster.status, false).includes('openFlinkUi');
  const buttons = lifecycle(sessionLifecycle(), actions, cluster.operation, (action) =>
    action === 'edit' && !commands.edit ? { disabledBecause: l10n.t('Editing session clusters is not available in this version') } : {},
  );
  buttons.push(
    webUiButton(
      'openFlinkUi',
      l10n.t('Open Flink UI'),
      commands.flinkUi && flinkUiRuns,
      !commands.flinkUi
        ? l10n.t('The Flink UI is not available in this version')
        : !flinkUiRuns
          ? l10n.t('The Flink UI runs while the cluster is Running')
          : l10n.t('Open the Flink UI'),
    ),
  );
  return buttons;
}

/** A button that opens one of the cluster's web UIs: secondary, never busy; `title` says why when disabled. */
function webUiButton(action: ClusterAction, label: string, enabled: boolean, title: string): HeaderButton {
  return { action, label, enabled, title, busy: false, secondary: true };
}

/** Diagnose is offered when the driver FAILED, or has been STARTING for longer than a minute. */
export function offerDiagnose(cluster: ComputeView, deleted: boolean, now: number): boolean {
  if (deleted) return false;
  if (cluster.state === 'FAILED') return true;
  if (cluster.state !== 'STARTING') return false;
  const since = Date.parse(cluster.driverSince ?? cluster.operation?.startedAt ?? '');
  return Number.isFinite(since) && now - since > 60_000;
}
