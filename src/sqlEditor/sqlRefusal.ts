import * as vscode from 'vscode';
import type { Cluster } from '../clusters/clusterTypes';
import type { PermissionView } from '../clusters/permissions';

/**
 * Why SQL cannot run on a cluster the user sees, or undefined when it can: the port-forward its
 * engine needs (Spark Connect on the driver, the SQL Gateway of a session cluster) must be allowed,
 * and a session cluster needs its SQL Gateway (Enable SQL) ready.
 */
export function sqlRefusal(c: Cluster, permissions: PermissionView | undefined): string | undefined {
  const denied = permissions?.denied(c, c.kind === 'compute' ? 'openSparkUi' : 'openFlinkUi');
  if (denied) return denied;
  if (c.kind !== 'session') return undefined;
  if (!c.sql?.enabled)
    return vscode.l10n.t('Flink SQL on {0} needs its SQL Gateway: use Enable SQL on it in the Session Clusters view.', c.name);
  if (!c.sql.ready) return vscode.l10n.t('The SQL Gateway of {0} is starting; run again once it is ready.', c.name);
  return undefined;
}
