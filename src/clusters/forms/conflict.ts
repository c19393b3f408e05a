/** Who changed what, when a save finds the definition changed since the form was opened (409). */
import { ActivityRow } from '../activity';
import * as l10n from '@vscode/l10n';

const LABELS: Readonly<Record<string, string>> = {
  get description() {
    return l10n.t('Description');
  },
  get deploymentType() {
    return l10n.t('Deployment type');
  },
  get driverNodeType() {
    return l10n.t('Driver node');
  },
  get executorNodeType() {
    return l10n.t('Executor node');
  },
  get executorCount() {
    return l10n.t('Max executors');
  },
  get spotInstances() {
    return l10n.t('Use spot instances');
  },
  get volume() {
    return l10n.t('Volume');
  },
  get autoScaling() {
    return l10n.t('Auto scaling');
  },
  get env() {
    return l10n.t('Environment variables');
  },
  get secretEnv() {
    return l10n.t('Environment variables');
  },
  get sparkConf() {
    return l10n.t('Spark config');
  },
  get secretSparkConf() {
    return l10n.t('Spark config');
  },
  get arguments() {
    return l10n.t('Arguments');
  },
  get javaOptions() {
    return l10n.t('Java options');
  },
  get dependencies() {
    return l10n.t('Dependencies');
  },
  get image() {
    return l10n.t('Docker image');
  },
  get tags() {
    return l10n.t('Tags');
  },
  get arrowFlight() {
    return l10n.t('Arrow Flight');
  },
  get flinkVersion() {
    return l10n.t('Flink version');
  },
  jobManager: 'JobManager',
  taskManager: 'TaskManager',
  get flinkConfiguration() {
    return l10n.t('Flink configuration');
  },
  get serviceAccount() {
    return l10n.t('Service account');
  },
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
 * "dev@example.com saved a new configuration (configure, 10:42:07 UTC) changing Max executors and
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
  /** The generation the form opened (its review showed the next one, what a save writes). */
  openedGeneration?: number,
): string {
  const fields = changedSpecFields(before, after);
  const row = [...activity].reverse().find((r) => Date.parse(r.time) >= openedAt - 1000);
  const who = row
    ? `${row.user} (${row.action}, ${row.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')})`
    : l10n.t('someone outside Data Clusters');
  const changed = fields.length
    ? l10n.t('changed {0}', fields.join(', '))
    : l10n.t('changed the definition (no field of the form differs: its annotations or state moved on)');
  if (generation && openedGeneration)
    return generation > openedGeneration
      ? l10n.t(
          '{0} was changed since you opened this form at generation {3}: {1} {2}; it is now generation {4}. Nothing was overwritten. Reload to take their changes; your edits are kept, and saving then writes generation {5}.',
          what,
          who,
          changed,
          openedGeneration,
          generation,
          generation + 1,
        )
      : l10n.t(
          '{0} was changed since you opened this form: {1} {2}, without counting a new generation (it is still generation {3}). Nothing was overwritten. Reload to take their changes; your edits are kept, and saving then writes generation {4}.',
          what,
          who,
          changed,
          generation,
          generation + 1,
        );
  return generation
    ? l10n.t(
        '{0} was changed since you opened this form: {1} {2}; it is now generation {3}. Nothing was overwritten. Reload to take their changes; your edits are kept.',
        what,
        who,
        changed,
        generation,
      )
    : l10n.t(
        '{0} was changed since you opened this form: {1} {2}. Nothing was overwritten. Reload to take their changes; your edits are kept.',
        what,
        who,
        changed,
      );
}
