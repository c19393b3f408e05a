/** Who changed what, when a save finds the definition changed since the form was opened (409). */
import { ActivityRow } from '../activity';

const LABELS: Readonly<Record<string, string>> = {
  description: 'Description',
  deploymentType: 'Deployment type',
  driverNodeType: 'Driver node',
  executorNodeType: 'Executor node',
  executorCount: 'Executor count',
  spotInstances: 'Use spot instances',
  volume: 'Volume',
  autoScaling: 'Auto scaling',
  env: 'Environment variables',
  secretEnv: 'Environment variables',
  sparkConf: 'Spark config',
  secretSparkConf: 'Spark config',
  arguments: 'Arguments',
  javaOptions: 'Java options',
  dependencies: 'Dependencies',
  image: 'Docker image',
  tags: 'Tags',
  arrowFlight: 'Arrow Flight',
  flinkVersion: 'Flink version',
  jobManager: 'JobManager',
  taskManager: 'TaskManager',
  flinkConfiguration: 'Flink configuration',
  serviceAccount: 'Service account',
};

/** The top-level spec fields that differ, as the form labels them. */
export function changedSpecFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const out = keys
    .filter((k) => k !== 'version' && k !== 'kind' && JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => LABELS[k] ?? k);
  return [...new Set(out)];
}

/**
 * "dev@example.com saved a new configuration (configure, 10:42:07 UTC) changing Executor count and
 * Docker image." Who comes from the newest activity row since the form was opened; a change made
 * outside the extension (kubectl) has none.
 */
export function describeConflict(
  what: string,
  before: unknown,
  after: unknown,
  activity: readonly ActivityRow[],
  openedAt: number,
  generation?: number,
): string {
  const fields = changedSpecFields(before, after);
  const row = [...activity].reverse().find((r) => Date.parse(r.time) >= openedAt - 1000);
  const who = row ? `${row.user} (${row.action}, ${row.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')})` : 'someone outside Data Clusters';
  const changed = fields.length
    ? `changed ${fields.join(', ')}`
    : 'changed the definition (no field of the form differs: its annotations or state moved on)';
  return `${what} was changed since you opened this form: ${who} ${changed}${generation ? `; it is now generation ${generation}` : ''}. Nothing was overwritten. Reload to take their changes; your edits are kept.`;
}
