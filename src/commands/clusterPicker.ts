import * as vscode from 'vscode';
import { Cluster, ClusterModel } from '../clusters/clusterModel';
import { ClusterKind } from '../clusters/definition';
import { COMPUTE_STATES, computeActions, SESSION_STATES, sessionActions } from '../clusters/stateTable';
import { UserCancelledError } from './index';

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

export function allows(c: Cluster, action: string): boolean {
  return c.kind === 'compute'
    ? (computeActions(c.state, !!c.operation) as readonly string[]).includes(action)
    : (sessionActions(c.status, !!c.operation) as readonly string[]).includes(action);
}

/** From the palette: a QuickPick offering only the clusters whose state allows the action. */
export async function pickCluster(model: ClusterModel, kind: ClusterKind, action: string, verb: string): Promise<ClusterRef> {
  const candidates = (kind === 'compute' ? model.computeClusters() : model.sessionClusters()).filter((c) => allows(c, action));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`No ${kind === 'compute' ? 'compute' : 'session'} cluster can be ${verb} now.`);
    throw new UserCancelledError();
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => {
      const style = c.kind === 'compute' ? COMPUTE_STATES[c.state] : SESSION_STATES[c.status];
      return {
        label: `$(${style.icon}) ${c.name}`,
        description: `${style.label} · ${c.namespace}`,
        ref: { kind: c.kind, namespace: c.namespace, name: c.name },
      };
    }),
    { title: `Choose the ${kind === 'compute' ? 'compute' : 'session'} cluster to ${action}`, matchOnDescription: true },
  );
  if (!picked) throw new UserCancelledError();
  return picked.ref;
}
