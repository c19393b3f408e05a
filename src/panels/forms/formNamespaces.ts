/**
 * The namespace context of a form: which namespaces it may write to (and why the others are
 * refused), and what it needs to know of each — node types, quota room, the names already taken,
 * and the Secrets the user may pick (names and key names only).
 */
import * as l10n from '@vscode/l10n';
import { errorMessage, Logger } from '../../common/logger';
import { ComputeCluster } from '../../clusters/clusterModel';
import { ClusterConnection } from '../../clusters/connection';
import { SESSION_ADMIN } from '../../clusters/permissions';
import { sessionLimitMessage, sessionRoomIn } from '../../clusters/session/sessionQuota';
import { KubeObject, ResourceDescriptor } from '../../kube/resources';
import { ResourceUse, roomBesides } from '../../../shared/forms/computeForm';
import { cut, FORM_LIMITS as L } from '../../../shared/forms/formValues';
import type { FormNamespaceData } from '../../../shared/protocol/formPage';
import { cpuMillicores, memoryMiB, QuotaRoom, quotaRoom } from '../../../shared/text/quantity';

const SECRETS: ResourceDescriptor = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true };

/** Namespaces where the user may create compute clusters: the definition and the driver Deployment. */
export async function computeNamespaces(conn: ClusterConnection, watched: readonly string[]): Promise<string[]> {
  const ok = await Promise.all(
    watched.map(async (namespace) => {
      try {
        const [cm, dep] = await Promise.all([
          conn.access.can({ verb: 'create', resource: 'configmaps', namespace }),
          conn.access.can({ verb: 'create', resource: 'deployments', group: 'apps', namespace }),
        ]);
        return cm && dep;
      } catch {
        return false;
      }
    }),
  );
  return watched.filter((_, i) => ok[i]);
}

/**
 * Namespaces where the user may create a session cluster now, and why each other one is refused:
 * the right to create FlinkDeployments, and the tenant's ResourceQuota on them (one per namespace).
 */
export async function sessionNamespaces(
  conn: ClusterConnection,
  watched: readonly string[],
): Promise<{ allowed: string[]; refused: string[] }> {
  const allowed: string[] = [];
  const refused: string[] = [];
  for (const namespace of watched) {
    // The connection's permissions already hold the answer; ask on their own only until they arrive.
    const may =
      conn.permissions.mayAdministerSessions(namespace) ?? (await conn.access.can({ ...SESSION_ADMIN, namespace }).catch(() => false));
    if (!may) {
      refused.push(l10n.t('You may not create session clusters in {0}: that needs the right to create FlinkDeployments there.', namespace));
      continue;
    }
    const room = conn.model ? sessionRoomIn(conn.model, namespace) : undefined;
    if (room?.full) {
      refused.push(sessionLimitMessage(room));
      continue;
    }
    allowed.push(namespace);
  }
  return { allowed, refused };
}

/**
 * What pods take from a quota: the requests of every container of the pods that have not ended
 * (a quota counts a pod until it succeeded or failed, terminating ones included).
 */
export function podsUse(pods: readonly KubeObject[]): ResourceUse {
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    for (const c of (p.spec?.containers ?? []) as { resources?: { requests?: Record<string, string> } }[]) {
      cpu += cpuMillicores(c.resources?.requests?.cpu ?? '0') || 0;
      mem += memoryMiB(c.resources?.requests?.memory ?? '0') || 0;
    }
  }
  return { cpuMillicores: cpu, memoryMiB: mem };
}

/**
 * What a compute cluster's own pods hold of the quota now: its driver while a pod of it remains (a
 * FAILED driver still counts), and executors not yet gone — which the model's executor counts leave
 * out once the driver stopped or failed, so the pods themselves are read. Configure gives this back
 * to the room: the cluster being reconfigured does not compete with itself.
 */
export function ownUse(conn: ClusterConnection, c: ComputeCluster | undefined): ResourceUse {
  if (!c || !conn.model) return { cpuMillicores: 0, memoryMiB: 0 };
  return podsUse(conn.model.cache.itemsOfCluster('pods', c.namespace, c.name));
}

/** The room a form checks against in `namespace`: what the quotas leave, plus what the edited cluster itself holds. */
export function formRoom(conn: ClusterConnection, namespace: string, editing?: ComputeCluster): QuotaRoom {
  const room = quotaRoom(conn.model!.resourceGroup(namespace).quotas);
  return editing && editing.namespace === namespace ? roomBesides(room, ownUse(conn, editing)) : room;
}

/** What the page needs of one namespace, cut to what the form protocol carries. */
export async function namespaceData(
  conn: ClusterConnection,
  namespace: string,
  log: { logger: Logger; title: string; editing?: ComputeCluster },
): Promise<FormNamespaceData> {
  const model = conn.model!;
  let secrets: { name: string; keys: string[] }[] | undefined;
  try {
    if (await conn.access.can({ verb: 'list', resource: 'secrets', namespace })) {
      const list = await conn.writer.list<KubeObject>(SECRETS, namespace);
      // Names and key names only: values never leave the extension host.
      secrets = list.items
        .filter((s) => s.type !== 'kubernetes.io/service-account-token')
        .slice(0, L.secrets)
        .map((s) => ({
          name: cut(s.metadata.name, L.name),
          keys: Object.keys({ ...(s.data ?? {}), ...(s.stringData ?? {}) })
            .sort()
            .slice(0, L.rows)
            .map((k) => cut(k, L.name)),
        }));
    }
  } catch (e) {
    log.logger.warn(`${log.title}: could not list Secrets in ${namespace}: ${errorMessage(e)}`);
  }
  const names = (cs: readonly { name: string }[]) => cs.slice(0, L.names).map((c) => cut(c.name, L.name));
  return {
    namespace,
    nodeTypes: model
      .nodeTypes(namespace)
      .slice(0, L.nodeTypes)
      .map((t) => ({
        ...t,
        name: cut(t.name, L.name),
        ...(t.description !== undefined ? { description: cut(t.description, L.long) } : {}),
      })),
    room: formRoom(conn, namespace, log.editing),
    computeNames: names(model.computeClusters(namespace)),
    sessionNames: names(model.sessionClusters(namespace)),
    ...(secrets ? { secrets } : {}),
  };
}
