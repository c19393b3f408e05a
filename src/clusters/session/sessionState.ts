import { SessionStatus } from '../../../shared/clusters/stateTable';
import * as l10n from '@vscode/l10n';

export interface SessionState {
  readonly status: SessionStatus;
  readonly reason?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The operator keeps status.error as a JSON string with a message; show the message. */
export function flinkErrorMessage(error: unknown): string | undefined {
  const s = str(error);
  if (!s) return undefined;
  try {
    const parsed = JSON.parse(s);
    return str(parsed?.message) ?? s;
  } catch {
    return s;
  }
}

/**
 * Derives a session cluster's status (DESIGN.md) from its FlinkDeployment (absent: undefined) and
 * the definition's in-flight operation and recorded failure. Never throws.
 */
export function deriveSessionStatus(
  flinkDeployment: unknown,
  operation?: { action?: string } | undefined,
  failure?: { action?: string; reason?: string } | undefined,
): SessionState {
  const fd = flinkDeployment as any;
  if (failure && typeof failure === 'object' && failure.action === 'disable') {
    return { status: 'Failed', reason: str(failure.reason) ?? l10n.t('The cluster could not be disabled.') };
  }
  const disabling =
    (operation && typeof operation === 'object' && operation.action === 'disable') ||
    !!(fd && typeof fd === 'object' && fd.metadata?.deletionTimestamp);
  if (!fd || typeof fd !== 'object') {
    if (operation && typeof operation === 'object' && (operation.action === 'start' || operation.action === 'create'))
      return { status: 'Starting', reason: l10n.t('Applying the FlinkDeployment.') };
    return { status: 'Disabled' };
  }
  if (disabling)
    return {
      status: 'Disabling',
      ...(fd.status?.lifecycleState === 'DELETING' && str(fd.status?.error) ? { reason: flinkErrorMessage(fd.status.error) } : {}),
    };
  const jm = fd.status?.jobManagerDeploymentStatus;
  const error = flinkErrorMessage(fd.status?.error);
  if (jm === 'ERROR' || fd.status?.lifecycleState === 'FAILED' || error) {
    return {
      status: 'Failed',
      reason: error ?? l10n.t('JobManager deployment status {0}, lifecycle {1}', jm ?? 'unknown', fd.status?.lifecycleState ?? 'unknown'),
    };
  }
  if (jm === 'READY') return { status: 'Running' };
  return { status: 'Starting', ...(str(jm) ? { reason: `JobManager ${String(jm).toLowerCase().replace(/_/g, ' ')}` } : {}) };
}
