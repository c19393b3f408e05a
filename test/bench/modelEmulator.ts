/**
 * Child process for the model benchmark: an emulator (bare API, no controllers) holding 1,000
 * compute and 1,000 session clusters over 50 namespaces, as the extension would have written them
 * and their workloads would look. Prints `READY <kubeconfig>` and serves until killed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderComputeWorkload } from '../../src/clusters/compute/computeRenderer';
import { defaultComputeSpec } from '../../shared/clusters/computeSpec';
import { BUILTIN_NODE_TYPES } from '../../shared/clusters/nodeTypes';
import { commonLabels } from '../../src/clusters/definition';
import { renderFlinkDeployment } from '../../src/clusters/session/sessionRenderer';
import { defaultSessionSpec } from '../../shared/clusters/sessionSpec';
import { Emulator } from '../emulator/emulator';

const NAMESPACES = 50;
/** Clusters of each kind: 1,000 by default; `BENCH_CLUSTERS_PER_KIND=5000` gives the 10,000 clusters of the heap target. */
const PER_KIND = Number(process.env.BENCH_CLUSTERS_PER_KIND) || 1000;

async function main(): Promise<void> {
  const e = await Emulator.start({ controllers: false, bookmarkIntervalMs: 60_000 });
  const now = new Date().toISOString();
  for (let n = 0; n < NAMESPACES; n++) e.applyInternal({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `tenant-${n}` } });
  for (let i = 0; i < PER_KIND; i++) {
    const ns = `tenant-${i % NAMESPACES}`;
    const name = `compute-${i}`;
    const spec = { ...defaultComputeSpec(name, ns, BUILTIN_NODE_TYPES), executorCount: 4 };
    const def = e.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `compute.${name}`,
        namespace: ns,
        labels: commonLabels('compute', name),
        annotations: { 'dataclusters.io/generation': '1', 'dataclusters.io/created-by': 'bench' },
      },
      data: { 'spec.json': JSON.stringify(spec) },
    });
    e.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `compute.${name}.activity`, namespace: ns, labels: commonLabels('compute', name) },
      data: { 'activity.json': '[]' },
    });
    for (const o of renderComputeWorkload(spec, { name: def.metadata.name, uid: def.metadata.uid, generation: 1 }, BUILTIN_NODE_TYPES))
      e.applyInternal(o);
    const podLabels = { ...commonLabels('compute', name), 'spark-role': 'driver' };
    e.applyInternal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-driver-0`, namespace: ns, labels: podLabels, creationTimestamp: now },
      spec: { containers: [{ name: 'spark-driver', image: spec.image }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    for (let x = 1; x <= 2; x++) {
      e.applyInternal({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-exec-${x}`, namespace: ns, labels: { ...commonLabels('compute', name), 'spark-role': 'executor' } },
        spec: { containers: [{ name: 'executor', image: spec.image }] },
        status: { phase: x === 1 ? 'Running' : 'Pending' },
      });
    }
  }
  for (let i = 0; i < PER_KIND; i++) {
    const ns = `tenant-${i % NAMESPACES}`;
    const name = `session-${i}`;
    const spec = defaultSessionSpec(name);
    const def = e.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `session.${name}`,
        namespace: ns,
        labels: commonLabels('session', name),
        annotations: { 'dataclusters.io/generation': '1', 'dataclusters.io/owner': 'bench' },
      },
      data: { 'spec.json': JSON.stringify(spec) },
    });
    e.applyInternal({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `session.${name}.activity`, namespace: ns, labels: commonLabels('session', name) },
      data: { 'activity.json': '[]' },
    });
    const fd = renderFlinkDeployment(spec, ns, { name: def.metadata.name, uid: def.metadata.uid, generation: 1 });
    e.applyInternal({ ...fd, status: { jobManagerDeploymentStatus: 'READY', lifecycleState: 'STABLE' } });
  }
  const file = e.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-')), 'kubeconfig.yaml'));
  console.log(`READY ${file} ${e.api.store.count()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
