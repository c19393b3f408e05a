import { normalizedSpec, specWithMeta } from '../controllers/sessionJobStatus';
import type { Emulator } from '../emulator';
import { DEMO_ENTRY_CLASS, DEMO_JAR_URL, DEMO_REPLAY_CLASS } from '../flink/artifacts';
import { OWNER_HINT } from './hints';

/** The Running demo session cluster whose tasks are operator-managed FlinkSessionJobs. */
export const DEMO_TASKS_CLUSTER = { namespace: 'streaming', name: 'orders-stream' } as const;

const SAVEPOINTS = 's3://flink-data/orders-stream/savepoints';
/** Where the suspended demo task stopped: its savepoint, written an evening before the demo. */
const SUSPENDED_AT = Date.parse('2026-12-05T17:40:00Z');
const REPLAY_SAVEPOINT = `${SAVEPOINTS}/savepoint-5e1f0a-3c9d27b4e810`;

function task(name: string, job: any): any {
  const { namespace, name: cluster } = DEMO_TASKS_CLUSTER;
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'data-clusters', 'dataclusters.io/kind': 'session', 'dataclusters.io/cluster': cluster },
      annotations: { 'dataclusters.io/created-by': 'dev@example.com', [OWNER_HINT]: `ConfigMap/session.${cluster}` },
    },
    spec: {
      deploymentName: cluster,
      // Savepoint upgrades need both directories; the session cluster's configuration has neither.
      flinkConfiguration: { 'state.savepoints.dir': SAVEPOINTS, 'state.checkpoints.dir': 's3://flink-data/orders-stream/checkpoints' },
      job: { jarURI: DEMO_JAR_URL, upgradeMode: 'savepoint', ...job },
    },
  };
}

/**
 * The demo's tasks on orders-stream: `orders-enrich`, which the operator fetches from the artifact
 * repository and runs once the cluster is READY, and `orders-replay`, suspended with a savepoint
 * (its status as the operator left it), which resumes from that savepoint.
 */
export function demoTaskManifests(): any[] {
  const running = task('orders-enrich', {
    entryClass: DEMO_ENTRY_CLASS,
    args: ['--rate', '4', '--job-name', 'orders-enrich'],
    parallelism: 2,
    state: 'running',
  });
  const suspended = task('orders-replay', {
    entryClass: DEMO_REPLAY_CLASS,
    args: ['--rate', '2', '--job-name', 'orders-replay'],
    parallelism: 2,
    state: 'suspended',
  });
  const reconciled = specWithMeta(normalizedSpec(suspended.spec, 'suspended'), 1, false);
  const savepoint = { timeStamp: SUSPENDED_AT, location: REPLAY_SAVEPOINT, triggerType: 'UPGRADE', formatType: 'CANONICAL' };
  suspended.status = {
    lifecycleState: 'SUSPENDED',
    observedGeneration: 1,
    jobStatus: {
      jobName: 'orders-replay',
      state: 'FINISHED',
      startTime: String(SUSPENDED_AT - 6 * 3_600_000),
      updateTime: String(SUSPENDED_AT),
      upgradeSavepointPath: REPLAY_SAVEPOINT,
      savepointInfo: { lastSavepoint: savepoint, savepointHistory: [savepoint], lastPeriodicSavepointTimestamp: 0 },
      checkpointInfo: { lastPeriodicCheckpointTimestamp: 0 },
    },
    reconciliationStatus: {
      state: 'DEPLOYED',
      reconciliationTimestamp: SUSPENDED_AT,
      lastReconciledSpec: reconciled,
      lastStableSpec: reconciled,
    },
  };
  return [running, suspended];
}

/** The cluster's JobManager knows the suspended task's savepoint, so resuming restores from it. */
export function seedDemoTaskSavepoints(emulator: Emulator): void {
  const { namespace, name } = DEMO_TASKS_CLUSTER;
  emulator.jobManagers
    .of(namespace, name)
    .savepointWritten({ location: REPLAY_SAVEPOINT, entryClass: DEMO_REPLAY_CLASS, offsets: [14_210, 14_188] });
}
