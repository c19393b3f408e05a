import * as l10n from '@vscode/l10n';

/** A machine size users pick for drivers and executors. */
export interface NodeType {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  readonly driver: boolean;
  readonly executor: boolean;
  readonly description?: string;
}

export const BUILTIN_NODE_TYPES: readonly NodeType[] = [
  { name: 'driver-small', cpuMillicores: 1000, memoryMiB: 4096, driver: true, executor: false },
  { name: 'driver-medium', cpuMillicores: 2000, memoryMiB: 8192, driver: true, executor: false },
  { name: 'driver-large', cpuMillicores: 4000, memoryMiB: 16384, driver: true, executor: false },
  { name: 'exec-small', cpuMillicores: 1000, memoryMiB: 4096, driver: false, executor: true },
  { name: 'exec-medium', cpuMillicores: 2000, memoryMiB: 8192, driver: false, executor: true },
  { name: 'exec-large', cpuMillicores: 4000, memoryMiB: 16384, driver: false, executor: true },
  { name: 'exec-xlarge', cpuMillicores: 8000, memoryMiB: 32768, driver: false, executor: true },
];

/** The ConfigMap (in a namespace) whose `node-types.json` overrides the built-in catalog there. */
export const NODE_TYPES_CONFIGMAP = 'dataclusters-node-types';

/** The catalog for a namespace: its ConfigMap's list when valid, else the built-ins (and why). */
export function nodeTypeCatalog(configMap: unknown): { types: readonly NodeType[]; warning?: string } {
  const text = (configMap as any)?.data?.['node-types.json'];
  if (typeof text !== 'string') return { types: BUILTIN_NODE_TYPES };
  try {
    const parsed = JSON.parse(text);
    const list = Array.isArray(parsed) ? parsed : parsed?.nodeTypes;
    if (!Array.isArray(list)) throw new Error(l10n.t('expected a list of node types'));
    const types = list.map((t: any, i: number): NodeType => {
      if (typeof t?.name !== 'string' || !t.name) throw new Error(l10n.t('entry {0} has no name', i));
      const cpu = Number(t.cpuMillicores);
      const mem = Number(t.memoryMiB);
      if (!(cpu > 0) || !(mem > 0)) throw new Error(l10n.t('{0}: cpuMillicores and memoryMiB must be positive numbers', t.name));
      return {
        name: t.name,
        cpuMillicores: cpu,
        memoryMiB: mem,
        driver: t.driver !== false,
        executor: t.executor !== false,
        description: typeof t.description === 'string' ? t.description : undefined,
      };
    });
    return { types };
  } catch (e) {
    return {
      types: BUILTIN_NODE_TYPES,
      warning: l10n.t(
        '{0}/node-types.json is not usable ({1}); using the built-in node types.',
        NODE_TYPES_CONFIGMAP,
        (e as Error).message,
      ),
    };
  }
}
