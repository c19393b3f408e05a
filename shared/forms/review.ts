/**
 * The Review tab's summary of the compute form: one row per setting as the user reads it, and for
 * Configure, which rows the save changes (old → new), so the review says what is new.
 */
import * as l10n from '@vscode/l10n';
import { NodeType } from '../clusters/nodeTypes';
import { autoScalingText, nodeTypeText, volumeText } from '../text/clusterText';
import type { ComputeFormValues, KeyValueRow } from './formValues';

export interface SummaryRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** Configure: the value before the edit, when the save changes this row. */
  readonly before?: string;
}

const rowsText = (rows: readonly KeyValueRow[]) =>
  rows.length
    ? rows.map((r) => (r.fromSecret ? l10n.t('{0} ← Secret {1}/{2}', r.key, r.secret, r.secretKey) : `${r.key}=${r.value}`)).join('\n')
    : '—';
const listText = (rows: readonly string[]) => (rows.filter((r) => r.trim()).length ? rows.filter((r) => r.trim()).join('\n') : '—');

/** The summary rows of `v`, node types shown with their size. */
export function computeSummary(v: ComputeFormValues, nodeTypes: readonly NodeType[]): SummaryRow[] {
  const fmt = (n: string) => nodeTypeText(nodeTypes.find((x) => x.name === n) ?? { name: n });
  const single = v.deploymentType === 'single-node';
  const yesNo = (b: boolean) => (b ? l10n.t('Yes') : l10n.t('No'));
  const rows: [string, string, string][] = [
    ['name', l10n.t('Name'), v.name],
    ['description', l10n.t('Description'), v.description || '—'],
    ['bundle', l10n.t('Bundle'), v.bundle],
    ['namespace', l10n.t('Namespace'), v.namespace],
    ['deploymentType', l10n.t('Deployment type'), single ? l10n.t('Single-node') : l10n.t('Multi-node')],
    ['driverNodeType', l10n.t('Driver node'), fmt(v.driverNodeType)],
    ...(single
      ? []
      : ([
          ['executorNodeType', l10n.t('Executor node'), fmt(v.executorNodeType)],
          ['executorCount', l10n.t('Max executors'), v.executorCount],
          ['spotInstances', l10n.t('Spot instances'), yesNo(v.spotInstances)],
          ['autoScaling', l10n.t('Auto scaling'), autoScalingText(v.autoScalingEnabled ? v.idleTimeoutMinutes : undefined)],
        ] as [string, string, string][])),
    ['volume', l10n.t('Volume'), v.volumeEnabled ? volumeText(v.volumeSize) : l10n.t('None')],
    ['arrowFlight', l10n.t('Arrow Flight'), yesNo(v.arrowFlight)],
    ['env', l10n.t('Environment variables'), rowsText(v.env)],
    ['sparkConf', l10n.t('Spark config'), rowsText(v.sparkConf)],
    ['arguments', l10n.t('Arguments'), listText(v.arguments)],
    ['javaOptions', l10n.t('Java options'), v.javaOptions || '—'],
    ['jars', l10n.t('Jars'), listText(v.jars)],
    ['files', l10n.t('Files'), listText(v.files)],
    ['pyFiles', l10n.t('Python files'), listText(v.pyFiles)],
    ['packages', l10n.t('Maven packages'), listText(v.packages)],
    ['image', l10n.t('Docker image'), v.image],
    ['tags', l10n.t('Tags'), rowsText(v.tags)],
  ];
  return rows.map(([key, label, value]) => ({ key, label, value }));
}

/** The summary of `after`, each row that differs from `before` carrying its old value. */
export function summaryChanges(before: readonly SummaryRow[], after: readonly SummaryRow[]): SummaryRow[] {
  return after.map((r) => {
    const old = before.find((b) => b.key === r.key);
    const was = old?.value ?? '—';
    return was !== r.value ? { ...r, before: was } : r;
  });
}
