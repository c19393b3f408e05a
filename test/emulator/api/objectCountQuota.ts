import { ApiError } from './errors';
import { ResourceType, storeKeyOf } from './resourceTypes';
import { ObjectStore } from './store';

/**
 * Object-count quota (`count/<resource>.<group>` in a ResourceQuota's spec.hard), as the
 * ResourceQuota admission plugin applies it on create: refused with 403 "exceeded quota" when the
 * namespace already holds as many objects of the resource as the quota allows. The quota
 * controller's status.used for these keys comes from countedUsage.
 */

/** The quota key that counts objects of a type: count/configmaps, count/flinkdeployments.flink.apache.org. */
export const countKey = (t: Pick<ResourceType, 'group' | 'plural'>): string => `count/${t.group ? `${t.plural}.${t.group}` : t.plural}`;

/** Throws the API server's refusal when creating one more object of `t` in `namespace` exceeds a quota there. */
export function admitObjectCount(store: ObjectStore, t: ResourceType, namespace: string | undefined, name: string): void {
  if (!t.namespaced || !namespace) return;
  const key = countKey(t);
  for (const q of store.list('/resourcequotas', namespace)) {
    const hard = q.spec?.hard?.[key];
    if (hard === undefined) continue;
    const limit = Number(hard);
    const used = store.list(storeKeyOf(t), namespace).length;
    if (Number.isFinite(limit) && used + 1 > limit) {
      const what = t.group ? `${t.plural}.${t.group}` : t.plural;
      throw new ApiError(
        403,
        'Forbidden',
        `${what} "${name}" is forbidden: exceeded quota: ${q.metadata.name}, requested: ${key}=1, used: ${key}=${used}, limited: ${key}=${hard}`,
        { name, group: t.group, kind: t.plural },
      );
    }
  }
}

/** status.used of a quota's count/ keys: the objects of each counted resource in the namespace. */
export function countedUsage(
  store: ObjectStore,
  types: readonly ResourceType[],
  namespace: string,
  hard: Record<string, string>,
): Record<string, string> {
  const used: Record<string, string> = {};
  for (const res of Object.keys(hard)) {
    if (!res.startsWith('count/')) continue;
    const t = types.find((x) => x.namespaced && countKey(x) === res);
    used[res] = String(t ? store.list(storeKeyOf(t), namespace).length : 0);
  }
  return used;
}
