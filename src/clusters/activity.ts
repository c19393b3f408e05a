import { KubeApiError } from '../kube/kubeApiError';
import { KubeWriter } from '../kube/kubeWriter';
import { KubeObject, RESOURCES } from '../kube/resources';
import { activityName, ClusterKind, commonLabels } from './definition';
import * as l10n from '@vscode/l10n';

export type ActivityOutcome = 'succeeded' | 'failed' | 'cancelled';

/** A row as read: the ConfigMap is editable by hand, so a row may lack its outcome. */
export interface ActivityRow {
  readonly action: string;
  readonly user: string;
  readonly time: string;
  readonly details: string;
  readonly outcome?: ActivityOutcome;
  readonly logLines?: readonly string[];
}

/** A row as the extension writes it: every action it records says how it ended. */
export interface WrittenActivityRow extends ActivityRow {
  readonly outcome: ActivityOutcome;
}

export const ACTIVITY_KEY = 'activity.json';
export const COMPUTE_ACTIVITY_ROWS = 1000;
export const SESSION_ACTIVITY_DAYS = 7;

export function readActivity(cm: KubeObject | undefined): ActivityRow[] {
  try {
    const rows = JSON.parse(cm?.data?.[ACTIVITY_KEY] ?? '[]');
    return Array.isArray(rows) ? rows.filter((r) => r && typeof r.action === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps what DESIGN.md promises: compute the last 1,000 rows, session clusters the past week. */
export function pruneActivity(kind: ClusterKind, rows: ActivityRow[], now: number): ActivityRow[] {
  if (kind === 'compute') return rows.slice(-COMPUTE_ACTIVITY_ROWS);
  const cutoff = now - SESSION_ACTIVITY_DAYS * 24 * 3600_000;
  return rows.filter((r) => Date.parse(r.time) >= cutoff);
}

/**
 * Appends a row to `<definition>.activity` by read-modify-write with the resourceVersion as
 * precondition, retrying when someone else appended first; creates the ConfigMap when missing.
 */
export async function appendActivity(
  writer: KubeWriter,
  kind: ClusterKind,
  namespace: string,
  name: string,
  owner: { name: string; uid: string } | undefined,
  row: WrittenActivityRow,
  now = Date.now(),
): Promise<void> {
  const cmName = activityName(kind, name);
  for (let attempt = 0; attempt < 8; attempt++) {
    const cm = await writer.tryGet(RESOURCES.configMaps, namespace, cmName);
    const rows = pruneActivity(kind, [...readActivity(cm), row], now);
    try {
      if (!cm) {
        await writer.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: cmName,
            namespace,
            labels: commonLabels(kind, name),
            ...(owner
              ? {
                  ownerReferences: [
                    { apiVersion: 'v1', kind: 'ConfigMap', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true },
                  ],
                }
              : {}),
          },
          data: { [ACTIVITY_KEY]: JSON.stringify(rows) },
        });
      } else {
        await writer.update({ ...cm, data: { ...cm.data, [ACTIVITY_KEY]: JSON.stringify(rows) } });
      }
      return;
    } catch (e) {
      if (e instanceof KubeApiError && (e.isConflict || e.code === 409)) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 50 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
  throw new KubeApiError(l10n.t('Could not record activity for {0}: the activity log kept changing.', name), 409, 'Conflict');
}
