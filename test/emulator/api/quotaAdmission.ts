/**
 * The ResourceQuota admission plugin as kube-apiserver 1.26 runs it on a create (dry runs included):
 * what the object charges (object counts, a pod's compute requests and limits) is checked against
 * each quota's status (hard and used; a quota whose status nobody has filled in yet checks nothing),
 * and a create that is stored is charged to the quotas' used.
 */
import { formatCpu, formatMemory, parseQuantity } from '../controllers/quantity';
import { ApiError } from './errors';
import { ResourceType } from './resourceTypes';

/** Core resources counted under their own names as well as count/<resource>. */
const LEGACY_COUNTS = new Set([
  'pods',
  'services',
  'configmaps',
  'secrets',
  'resourcequotas',
  'persistentvolumeclaims',
  'replicationcontrollers',
]);

const isMemory = (r: string) => /memory$/.test(r);
const isCpu = (r: string) => /cpu$/.test(r);
const format = (r: string, n: number): string => (isMemory(r) ? formatMemory(n) : isCpu(r) ? formatCpu(n) : String(n));

function podCompute(spec: any): Map<string, number> {
  const sum = (containers: any[], kind: 'requests' | 'limits', r: string) =>
    containers.reduce((n, c) => n + (c?.resources?.[kind]?.[r] !== undefined ? parseQuantity(c.resources[kind][r]) : 0), 0);
  const out = new Map<string, number>();
  for (const kind of ['requests', 'limits'] as const)
    for (const r of ['cpu', 'memory']) {
      // Init containers run one at a time before the others: the pod needs the largest of them.
      const init = Math.max(0, ...(spec?.initContainers ?? []).map((c: any) => sum([c], kind, r)));
      out.set(`${kind}.${r}`, Math.max(sum(spec?.containers ?? [], kind, r), init));
    }
  out.set('cpu', out.get('requests.cpu')!);
  out.set('memory', out.get('requests.memory')!);
  return out;
}

/** What creating `obj` charges to a quota. */
export function creationUsage(t: ResourceType, obj: any): Map<string, number> {
  const usage = new Map<string, number>([[`count/${t.plural}${t.group ? `.${t.group}` : ''}`, 1]]);
  if (!t.group && LEGACY_COUNTS.has(t.plural)) usage.set(t.plural, 1);
  if (!t.group && t.plural === 'pods') for (const [r, n] of podCompute(obj.spec)) usage.set(r, n);
  return usage;
}

/** A pod must name every compute resource a quota limits, in each container. */
function missingCompute(t: ResourceType, obj: any, hard: Record<string, unknown>): string | undefined {
  if (t.group || t.plural !== 'pods') return undefined;
  const required = Object.keys(hard).filter((r) => /^(requests\.|limits\.)?(cpu|memory)$/.test(r));
  if (!required.length) return undefined;
  const containers: any[] = [...(obj.spec?.initContainers ?? []), ...(obj.spec?.containers ?? [])];
  const missing = new Set<string>();
  const without: string[] = [];
  for (const c of containers) {
    let lacks = false;
    for (const r of required) {
      const [kind, res] = r.includes('.') ? (r.split('.') as ['requests' | 'limits', string]) : (['requests', r] as const);
      if (c?.resources?.[kind]?.[res] === undefined) {
        missing.add(r);
        lacks = true;
      }
    }
    if (lacks) without.push(c?.name ?? '');
  }
  return missing.size ? `must specify ${[...missing].sort().join(',')} for: ${without.join(',')}` : undefined;
}

/** The refusal of a create by the namespace's quotas, as the real server words it; undefined when every quota allows it. */
export function quotaRefusal(t: ResourceType, obj: any, quotas: readonly any[]): ApiError | undefined {
  const usage = creationUsage(t, obj);
  const name = obj.metadata?.name ?? '';
  const forbidden = (why: string) =>
    new ApiError(403, 'Forbidden', `${t.group ? `${t.plural}.${t.group}` : t.plural} "${name}" is forbidden: ${why}`, {
      name,
      group: t.group,
      kind: t.plural,
    });
  for (const q of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const hard: Record<string, string> = q.status?.hard ?? {};
    if (!Object.keys(hard).length) continue;
    const missing = missingCompute(t, obj, hard);
    if (missing) return forbidden(`failed quota: ${q.metadata.name}: ${missing}`);
    const used: Record<string, string> = q.status?.used ?? {};
    const exceeded = [...usage]
      .filter(([r, n]) => hard[r] !== undefined && parseQuantity(used[r] ?? '0') + n > parseQuantity(hard[r]))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (exceeded.length) {
      const list = (f: (r: string, n: number) => string) => exceeded.map(([r, n]) => `${r}=${f(r, n)}`).join(',');
      return forbidden(
        `exceeded quota: ${q.metadata.name}, requested: ${list(format)}, used: ${list((r) => used[r] ?? '0')}, limited: ${list((r) => hard[r])}`,
      );
    }
  }
  return undefined;
}

/** The quotas' status.used after a stored create; undefined for a quota it does not concern. */
export function chargedStatus(t: ResourceType, obj: any, quota: any): any | undefined {
  const hard: Record<string, string> = quota.status?.hard ?? {};
  const charged = [...creationUsage(t, obj)].filter(([r]) => hard[r] !== undefined);
  if (!charged.length) return undefined;
  const used: Record<string, string> = { ...quota.status?.used };
  for (const [r, n] of charged) used[r] = format(r, parseQuantity(used[r] ?? '0') + n);
  return { ...quota.status, used };
}
