import { KubeObject } from '../kube/resources';
import { ComputeSpec, validateComputeSpec } from '../../shared/clusters/computeSpec';
import { NodeType } from '../../shared/clusters/nodeTypes';
import { SessionSpec, validateSessionSpec } from '../../shared/clusters/sessionSpec';
import { FieldError } from '../../shared/clusters/validation';
import * as l10n from '@vscode/l10n';

/** Names, labels and annotations of what the extension writes (DESIGN.md). */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  kind: 'dataclusters.io/kind',
  cluster: 'dataclusters.io/cluster',
} as const;
export const MANAGED_BY = 'data-clusters';
export const ANNOTATIONS = {
  createdBy: 'dataclusters.io/created-by',
  owner: 'dataclusters.io/owner',
  generation: 'dataclusters.io/generation',
  operation: 'dataclusters.io/operation',
  failure: 'dataclusters.io/failure',
} as const;
export const SPEC_KEY = 'spec.json';
export const FIELD_MANAGER = 'data-clusters';

export type ClusterKind = 'compute' | 'session';

export const definitionName = (kind: ClusterKind, name: string): string => `${kind}.${name}`;
export const activityName = (kind: ClusterKind, name: string): string => `${definitionName(kind, name)}.activity`;
export const commonLabels = (kind: ClusterKind, name: string): Record<string, string> => ({
  [LABELS.managedBy]: MANAGED_BY,
  [LABELS.kind]: kind,
  [LABELS.cluster]: name,
});

/**
 * The in-flight marker an action writes on its definition. Like a Kubernetes Lease, the running
 * action renews `heartbeatAt` while it works; a marker whose heartbeat is older than the stale
 * window belongs to an action that died (a window closed, a laptop lost its network) and the next
 * action may take it over. Markers written before heartbeats existed only have `startedAt`.
 */
export interface Operation {
  readonly action: string;
  readonly user: string;
  readonly startedAt: string;
  /** Last renewal by the running action (ISO time). */
  readonly heartbeatAt?: string;
  /** Identifies the running action, so it renews and clears only its own marker. */
  readonly holder?: string;
}

/** How often a running action renews its marker, and after how long without renewal it is stale. */
export const OPERATION_HEARTBEAT_MS = 10_000;
export const OPERATION_STALE_MS = 45_000;

/** The time of the marker's last sign of life, in ms since the epoch (NaN when unreadable). */
export function lastHeartbeat(op: Operation): number {
  const beat = Date.parse(op.heartbeatAt ?? '');
  return Number.isFinite(beat) ? beat : Date.parse(op.startedAt);
}

/** A marker is live while its holder keeps renewing it; an unreadable one counts as stale. */
export function isOperationLive(op: Operation, now: number, staleMs = OPERATION_STALE_MS): boolean {
  const beat = lastHeartbeat(op);
  return Number.isFinite(beat) && now - beat < staleMs;
}

/** The generation annotation of a definition or of the workload rendered from it. */
export function generationOf(obj: { metadata: { annotations?: Record<string, string> } } | undefined, fallback: number): number {
  const n = Number(obj?.metadata.annotations?.[ANNOTATIONS.generation]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export interface Failure {
  readonly action: string;
  readonly reason: string;
  readonly at: string;
}

/** A definition ConfigMap read back: the spec when it is valid, and what is wrong when not. */
export interface ParsedDefinition<S> {
  readonly kind: ClusterKind;
  readonly name: string;
  readonly namespace: string;
  /** The cluster ID users see: the definition's uid. */
  readonly id: string;
  readonly generation: number;
  readonly createdBy?: string;
  readonly owner?: string;
  readonly operation?: Operation;
  readonly failure?: Failure;
  readonly spec?: S;
  readonly problems: readonly FieldError[];
  readonly configMap: KubeObject;
}

function parseJsonAnnotation<T>(value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value);
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Is this ConfigMap a cluster definition (and not, say, its activity log)? */
export function definitionKindOf(cm: KubeObject): ClusterKind | undefined {
  const labels = cm.metadata.labels ?? {};
  if (labels[LABELS.managedBy] !== MANAGED_BY) return undefined;
  const kind = labels[LABELS.kind];
  if ((kind === 'compute' || kind === 'session') && cm.metadata.name === definitionName(kind, labels[LABELS.cluster] ?? '')) return kind;
  return undefined;
}

export function parseDefinition(cm: KubeObject, nodeTypes: readonly NodeType[]): ParsedDefinition<ComputeSpec | SessionSpec> | undefined {
  const kind = definitionKindOf(cm);
  if (!kind) return undefined;
  const a = cm.metadata.annotations ?? {};
  const base = {
    kind,
    name: cm.metadata.labels![LABELS.cluster],
    namespace: cm.metadata.namespace ?? '',
    id: cm.metadata.uid,
    generation: generationOf(cm, 1),
    createdBy: a[ANNOTATIONS.createdBy],
    owner: a[ANNOTATIONS.owner],
    operation: parseJsonAnnotation<Operation>(a[ANNOTATIONS.operation]),
    failure: parseJsonAnnotation<Failure>(a[ANNOTATIONS.failure]),
    configMap: cm,
  };
  const text = (cm as any).data?.[SPEC_KEY];
  if (typeof text !== 'string')
    return { ...base, problems: [{ field: SPEC_KEY, message: l10n.t('The definition has no {0}.', SPEC_KEY) }] };
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    return { ...base, problems: [{ field: SPEC_KEY, message: l10n.t('{0} is not valid JSON: {1}', SPEC_KEY, (e as Error).message) }] };
  }
  const problems = kind === 'compute' ? validateComputeSpec(spec, nodeTypes) : validateSessionSpec(spec);
  // A spec that fails today's validation is still shown; only actions that render it refuse.
  return { ...base, spec: spec as ComputeSpec | SessionSpec, problems };
}
