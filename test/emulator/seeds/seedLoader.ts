import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../emulator';
import { loadYamlDocuments } from '../emulator';
import { demoManifests } from './demo';
import { OWNER_HINT } from './hints';

export { OWNER_HINT };

const ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ServiceAccount',
  'ResourceQuota',
  'ConfigMap',
  'Secret',
];

function rank(o: any): number {
  const i = ORDER.indexOf(o.kind);
  return i < 0 ? ORDER.length : i;
}

/** Loads seed manifests into the emulator, resolving emulator hints. Returns how many objects it wrote. */
export function loadSeed(emulator: Emulator, manifests: any[]): number {
  const sorted = [...manifests].sort((a, b) => rank(a) - rank(b));
  for (const m of sorted) {
    const obj = structuredClone(m);
    const hint = obj.metadata?.annotations?.[OWNER_HINT];
    if (hint) {
      const [kind, name] = String(hint).split('/');
      const owner = emulator.api.store
        .list(kind === 'ConfigMap' ? '/configmaps' : `flink.apache.org/${kind.toLowerCase()}s`, obj.metadata.namespace)
        .find((o) => o.metadata.name === name);
      if (!owner) throw new Error(`seed: ${obj.kind} ${obj.metadata.name} names owner ${hint}, which the seed does not create first`);
      obj.metadata.ownerReferences = [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
      delete obj.metadata.annotations[OWNER_HINT];
    }
    emulator.applyInternal(obj);
  }
  return sorted.length;
}

/** A seed by name (`demo`, `empty`) or a path to a YAML file or folder of YAML files. */
export async function resolveSeed(name: string): Promise<any[]> {
  if (name === 'empty') return [];
  if (name === 'demo') return demoManifests();
  const p = path.resolve(name);
  if (!fs.existsSync(p)) throw new Error(`seed "${name}" is neither demo, empty, nor a YAML file or folder`);
  const files = fs.statSync(p).isDirectory()
    ? fs
        .readdirSync(p)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(p, f))
    : [p];
  return files.flatMap((f) => loadYamlDocuments(f));
}
