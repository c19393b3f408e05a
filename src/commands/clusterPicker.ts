import * as l10n from '@vscode/l10n';
import { Cluster, ClusterModel } from '../clusters/clusterModel';
import { ClusterKind } from '../clusters/definition';
import type { ClusterRef } from '../clusters/clusterRef';
import { availableActions, PermissionView } from '../clusters/permissions';
import { COMPUTE_STATES, SESSION_STATES } from '../../shared/clusters/stateTable';
import { clusterStateText, kindLabel } from '../../shared/text/clusterText';
import { UserCancelledError } from './index';
import { prompts } from './prompts';

export type { ClusterRef } from '../clusters/clusterRef';

/** A tree node, a ClusterRef, or nothing (palette): the cluster a command acts on. */
export function refFromArg(arg: unknown): ClusterRef | undefined {
  const a = arg as Partial<ClusterRef> | undefined;
  if (a && (a.kind === 'compute' || a.kind === 'session') && typeof a.namespace === 'string' && typeof a.name === 'string')
    return { kind: a.kind, namespace: a.namespace, name: a.name };
  return undefined;
}

/** Whether the state table and the user's rights allow the action on the cluster now. */
export function allows(c: Cluster, action: string, permissions?: PermissionView): boolean {
  return availableActions(c, permissions).actions.includes(action);
}

/** The actions a command may ask the user to choose a cluster for. */
export type PickAction =
  | 'start'
  | 'terminate'
  | 'restart'
  | 'delete'
  | 'disable'
  | 'configure'
  | 'edit'
  | 'openDetails'
  | 'showDriverLogs'
  | 'downloadDriverLogs'
  | 'showLogs'
  | 'insertSnippet'
  | 'openSparkUi'
  | 'openSparkMetricsUi'
  | 'openFlinkUi'
  | 'enableSql'
  | 'disableSql';

/**
 * From the palette: a QuickPick offering only the clusters whose state (and the user's rights)
 * allow the action, ACTIVE and Running ones first. `kind` undefined offers both kinds.
 */
export async function pickCluster(
  model: ClusterModel,
  kind: ClusterKind | undefined,
  action: PickAction,
  permissions?: PermissionView,
): Promise<ClusterRef> {
  const all: Cluster[] = [...(kind !== 'session' ? model.computeClusters() : []), ...(kind !== 'compute' ? model.sessionClusters() : [])];
  const running = (c: Cluster) => (c.kind === 'compute' ? c.state === 'ACTIVE' : c.status === 'Running');
  const candidates = all.filter((c) => allows(c, action, permissions)).sort((a, b) => Number(running(b)) - Number(running(a)));
  const texts = pickerTexts(kind, action);
  if (candidates.length === 0) {
    void prompts().info(texts.none);
    throw new UserCancelledError();
  }
  const picked = await prompts().pick(
    candidates.map((c) => {
      const style = c.kind === 'compute' ? COMPUTE_STATES[c.state] : SESSION_STATES[c.status];
      // The state as the tree writes it, with the action in flight.
      const where = `${clusterStateText(c)} · ${c.namespace}`;
      return {
        label: `$(${style.icon}) ${c.name}`,
        description: kind ? where : `${kindLabel(c.kind)} · ${where}`,
        ref: { kind: c.kind, namespace: c.namespace, name: c.name },
      };
    }),
    { title: texts.title, matchOnDescription: true },
  );
  if (!picked) throw new UserCancelledError();
  return picked.ref;
}

/**
 * What the picker says when no cluster allows the action, and its title: whole sentences for each
 * kind and action, since a noun and a verb put together do not translate.
 */
function pickerTexts(kind: ClusterKind | undefined, action: PickAction): { none: string; title: string } {
  switch (`${kind ?? 'any'}/${action}`) {
    case 'compute/start':
      return { none: l10n.t('No compute cluster can be started now.'), title: l10n.t('Choose the compute cluster to start') };
    case 'compute/terminate':
      return { none: l10n.t('No compute cluster can be terminated now.'), title: l10n.t('Choose the compute cluster to terminate') };
    case 'compute/restart':
      return { none: l10n.t('No compute cluster can be restarted now.'), title: l10n.t('Choose the compute cluster to restart') };
    case 'compute/delete':
      return { none: l10n.t('No compute cluster can be deleted now.'), title: l10n.t('Choose the compute cluster to delete') };
    case 'compute/configure':
      return { none: l10n.t('No compute cluster can be configured now.'), title: l10n.t('Choose the compute cluster to configure') };
    case 'compute/showDriverLogs':
      return {
        none: l10n.t('No compute cluster has a driver log to show now.'),
        title: l10n.t('Choose the compute cluster whose driver log to show'),
      };
    case 'compute/downloadDriverLogs':
      return {
        none: l10n.t('No compute cluster has a driver log to download now.'),
        title: l10n.t('Choose the compute cluster whose driver log to download'),
      };
    case 'compute/insertSnippet':
      return {
        none: l10n.t('No compute cluster can be connected to now.'),
        title: l10n.t('Choose the compute cluster to connect to'),
      };
    case 'compute/openSparkUi':
      return {
        none: l10n.t('No compute cluster can be opened in the Spark UI now.'),
        title: l10n.t('Choose the compute cluster whose Spark UI to open'),
      };
    case 'compute/openSparkMetricsUi':
      return {
        none: l10n.t('No compute cluster can be opened in the metrics dashboard now.'),
        title: l10n.t('Choose the compute cluster whose metrics dashboard to open'),
      };
    case 'session/start':
      return { none: l10n.t('No session cluster can be started now.'), title: l10n.t('Choose the session cluster to start') };
    case 'session/disable':
      return { none: l10n.t('No session cluster can be disabled now.'), title: l10n.t('Choose the session cluster to disable') };
    case 'session/delete':
      return { none: l10n.t('No session cluster can be deleted now.'), title: l10n.t('Choose the session cluster to delete') };
    case 'session/edit':
      return { none: l10n.t('No session cluster can be edited now.'), title: l10n.t('Choose the session cluster to edit') };
    case 'session/showLogs':
      return {
        none: l10n.t('No session cluster has start/stop logs to show now.'),
        title: l10n.t('Choose the session cluster whose start/stop logs to show'),
      };
    case 'session/openFlinkUi':
      return {
        none: l10n.t('No session cluster can be opened in the Flink UI now.'),
        title: l10n.t('Choose the session cluster whose Flink UI to open'),
      };
    case 'session/enableSql':
      return { none: l10n.t('No session cluster can have SQL enabled now.'), title: l10n.t('Choose the session cluster to enable SQL on') };
    case 'session/disableSql':
      return { none: l10n.t('No session cluster has SQL enabled.'), title: l10n.t('Choose the session cluster to disable SQL on') };
    case 'any/openDetails':
      return { none: l10n.t('No cluster can be opened now.'), title: l10n.t('Choose the cluster to open') };
    default:
      return { none: l10n.t('No cluster allows this action now.'), title: l10n.t('Choose a cluster') };
  }
}
