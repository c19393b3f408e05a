import { Cluster, ClusterModel } from '../clusters/clusterModel';
import { ClusterKind } from '../clusters/definition';
import { availableActions, PermissionView } from '../clusters/permissions';
import { COMPUTE_STATES, SESSION_STATES } from '../clusters/stateTable';
import { UserCancelledError } from './index';
import { prompts } from './prompts';

export interface ClusterRef {
  readonly kind: ClusterKind;
  readonly namespace: string;
  readonly name: string;
}

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

/**
 * From the palette: a QuickPick offering only the clusters whose state (and the user's rights)
 * allow the action, ACTIVE and Running ones first. `kind` undefined offers both kinds.
 */
export async function pickCluster(
  model: ClusterModel,
  kind: ClusterKind | undefined,
  action: string,
  verb: string,
  permissions?: PermissionView,
): Promise<ClusterRef> {
  const all: Cluster[] = [...(kind !== 'session' ? model.computeClusters() : []), ...(kind !== 'compute' ? model.sessionClusters() : [])];
  const running = (c: Cluster) => (c.kind === 'compute' ? c.state === 'ACTIVE' : c.status === 'Running');
  const candidates = all.filter((c) => allows(c, action, permissions)).sort((a, b) => Number(running(b)) - Number(running(a)));
  const noun = kind === 'compute' ? 'compute cluster' : kind === 'session' ? 'session cluster' : 'cluster';
  if (candidates.length === 0) {
    void prompts().info(`No ${noun} can be ${verb} now.`);
    throw new UserCancelledError();
  }
  const picked = await prompts().pick(
    candidates.map((c) => {
      const style = c.kind === 'compute' ? COMPUTE_STATES[c.state] : SESSION_STATES[c.status];
      return {
        label: `$(${style.icon}) ${c.name}`,
        description: `${kind ? '' : c.kind === 'compute' ? 'Compute · ' : 'Session · '}${style.label} · ${c.namespace}`,
        ref: { kind: c.kind, namespace: c.namespace, name: c.name },
      };
    }),
    { title: `Choose the ${noun} to ${verbTitle(action)}`, matchOnDescription: true },
  );
  if (!picked) throw new UserCancelledError();
  return picked.ref;
}

/** "openDetails" reads "open" in a picker title; lifecycle actions read as they are. */
function verbTitle(action: string): string {
  return action.replace(/([A-Z])/g, ' $1').toLowerCase();
}
