/**
 * The header buttons of the cluster panels (pure). Which lifecycle actions appear and whether they
 * are enabled comes from the extension's availableActions (the one state table plus the user's
 * rights); this file only adds labels, tooltips and what the panel itself knows (deleted, busy).
 */
import type { ActionsData, CommandsData, ComputeView, SessionView } from '../common/protocol';

export interface HeaderButton {
  /** What `action.run` is asked to do. */
  readonly action: string;
  readonly label: string;
  readonly enabled: boolean;
  /** Tooltip; for a disabled button, why. */
  readonly title?: string;
  readonly busy: boolean;
  readonly secondary: boolean;
}

const COMPUTE_LIFECYCLE: readonly (readonly [action: string, label: string])[] = [
  ['start', 'Start'],
  ['terminate', 'Terminate…'],
  ['restart', 'Restart…'],
  ['configure', 'Configure'],
  ['delete', 'Delete…'],
];

const SESSION_LIFECYCLE: readonly (readonly [action: string, label: string])[] = [
  ['start', 'Start'],
  ['disable', 'Disable…'],
  ['edit', 'Edit'],
  ['delete', 'Delete…'],
];

export const CONFIGURE_WHILE_RUNNING = 'Terminate the cluster to configure it';

function lifecycle(
  list: readonly (readonly [string, string])[],
  actions: ActionsData,
  operation: { readonly action: string; readonly user: string } | undefined,
  deleted: string | undefined,
  special: (action: string) => { show?: boolean; disabledBecause?: string },
): HeaderButton[] {
  const out: HeaderButton[] = [];
  for (const [action, label] of list) {
    const allowed = actions.allowed.includes(action);
    const denied = actions.denied.find((d) => d.action === action);
    const busy = actions.running.includes(action) || operation?.action === action;
    const s = special(action);
    if (!allowed && !denied && !busy && !s.show) continue;
    const why = deleted ?? (busy ? undefined : (s.disabledBecause ?? denied?.reason));
    const title =
      why ?? (busy && operation?.action === action ? `${label.replace('…', '')} by ${operation.user} is in progress` : undefined);
    out.push({
      action,
      label,
      enabled: !why && allowed && !busy,
      ...(title ? { title } : {}),
      busy: busy && !deleted,
      secondary: action !== 'start',
    });
  }
  return out;
}

export function computeButtons(cluster: ComputeView, actions: ActionsData, commands: CommandsData, deleted: boolean): HeaderButton[] {
  const gone = deleted ? 'This compute has been deleted' : undefined;
  const running = cluster.state === 'ACTIVE' || cluster.state === 'STARTING';
  const buttons = lifecycle(COMPUTE_LIFECYCLE, actions, cluster.operation, gone, (action) => {
    if (action !== 'configure') return {};
    // Configure stays visible while the driver runs, disabled with the reason, as in the console we replace.
    if (running) return { show: true, disabledBecause: CONFIGURE_WHILE_RUNNING };
    if (!commands.configure) return { disabledBecause: 'Configuring is not available in this version' };
    return {};
  });
  buttons.push(
    {
      action: 'openSparkUi',
      label: 'Spark UI',
      enabled: !gone && commands.sparkUi && cluster.state === 'ACTIVE',
      title:
        gone ??
        (!commands.sparkUi
          ? 'Spark UI is not available in this version'
          : cluster.state !== 'ACTIVE'
            ? 'The Spark UI runs while the cluster is ACTIVE'
            : 'Open the Spark UI'),
      busy: false,
      secondary: true,
    },
    {
      action: 'openSparkMetricsUi',
      label: 'Spark Metrics UI',
      enabled: !gone && commands.sparkMetricsUi,
      title: gone ?? (commands.sparkMetricsUi ? 'Open the Spark Metrics UI' : 'Spark Metrics UI is not available in this version'),
      busy: false,
      secondary: true,
    },
  );
  return buttons;
}

export function sessionButtons(cluster: SessionView, actions: ActionsData, commands: CommandsData, deleted: boolean): HeaderButton[] {
  const gone = deleted ? 'This session cluster has been deleted' : undefined;
  const buttons = lifecycle(SESSION_LIFECYCLE, actions, cluster.operation, gone, (action) =>
    action === 'edit' && !commands.edit ? { disabledBecause: 'Editing session clusters is not available in this version' } : {},
  );
  buttons.push({
    action: 'openFlinkUi',
    label: 'Open Flink UI',
    enabled: !gone && commands.flinkUi && cluster.status === 'Running',
    title:
      gone ??
      (!commands.flinkUi
        ? 'The Flink UI is not available in this version'
        : cluster.status !== 'Running'
          ? 'The Flink UI runs while the cluster is Running'
          : 'Open the Flink UI'),
    busy: false,
    secondary: true,
  });
  return buttons;
}

/** Diagnose is offered when the driver FAILED, or has been STARTING for longer than a minute. */
export function offerDiagnose(cluster: ComputeView, deleted: boolean, now: number): boolean {
  if (deleted) return false;
  if (cluster.state === 'FAILED') return true;
  if (cluster.state !== 'STARTING') return false;
  const since = Date.parse(cluster.driverSince ?? cluster.operation?.startedAt ?? '');
  return Number.isFinite(since) && now - since > 60_000;
}
