/**
 * What the platform decides about a compute cluster's workload, beyond its spec: where spot
 * executors go, and which Flight SQL server serves Arrow Flight. The extension reads them from
 * its settings and passes them down; nothing here reads VS Code.
 */

/** A pod toleration as core/v1 writes it. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

/** Where spot executors run: the node labels they select and the taints they tolerate (the provider's own). */
export interface SpotPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/**
 * Karpenter's well-known label (karpenter.sh/capacity-type: spot), which Karpenter puts on every
 * node it launches on spot capacity, on EKS and elsewhere. Other providers (README, Settings):
 * GKE cloud.google.com/gke-spot: "true"; AKS kubernetes.azure.com/scalesetpriority: spot with the
 * taint of the same key (effect NoSchedule); EKS managed node groups eks.amazonaws.com/capacityType: SPOT.
 */
export const DEFAULT_SPOT_PLACEMENT: SpotPlacement = { nodeSelector: { 'karpenter.sh/capacity-type': 'spot' }, tolerations: [] };

export interface ComputeRenderOptions {
  /** Spot executors' node selector and tolerations; DEFAULT_SPOT_PLACEMENT when absent. */
  readonly spot?: SpotPlacement;
  /**
   * Image of a Flight SQL server to run beside the driver, listening on the arrow-flight port and
   * reaching Spark over Spark Connect. Spark itself serves no Flight SQL: without an image a
   * cluster's Arrow Flight flag renders nothing (no container, no port).
   */
  readonly arrowFlightServerImage?: string;
}

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** A label key or value as Kubernetes accepts it (prefix/name, each part at most 63 characters, a DNS prefix at most 253). */
function isLabelKey(k: string): boolean {
  const [prefix, name] = k.includes('/') ? [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)] : [undefined, k];
  if (prefix !== undefined && !/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix)) return false;
  return isLabelValue(name) && name.length > 0;
}

function isLabelValue(v: string): boolean {
  return /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v) && v.length <= 63;
}

/**
 * The spot placement from the settings' raw values: a node selector object of label keys to
 * values and a list of tolerations. Entries that Kubernetes would refuse are dropped and named in
 * `problems`; a selector that is not an object at all is the default's. An empty object is taken
 * as given (tolerations alone, e.g. spot nodes that are only tainted).
 */
export function spotPlacementOf(nodeSelector: unknown, tolerations: unknown): { placement: SpotPlacement; problems: string[] } {
  const problems: string[] = [];
  const isObject = !!nodeSelector && typeof nodeSelector === 'object' && !Array.isArray(nodeSelector);
  if (nodeSelector !== undefined && !isObject) problems.push('nodeSelector');
  const selector: Record<string, string> = isObject ? {} : { ...DEFAULT_SPOT_PLACEMENT.nodeSelector };
  if (isObject) {
    for (const [k, v] of Object.entries(nodeSelector)) {
      if (typeof v === 'string' && isLabelKey(k) && isLabelValue(v)) selector[k] = v;
      else problems.push(`nodeSelector ${k}`);
    }
  }
  const tols: Toleration[] = [];
  if (Array.isArray(tolerations)) {
    for (const t of tolerations as unknown[]) {
      const o = (t && typeof t === 'object' ? t : {}) as Record<string, unknown>;
      const ok =
        (o.key === undefined || (typeof o.key === 'string' && isLabelKey(o.key))) &&
        (o.operator === undefined || o.operator === 'Exists' || o.operator === 'Equal') &&
        (o.value === undefined || (typeof o.value === 'string' && isLabelValue(o.value) && o.operator !== 'Exists')) &&
        (o.effect === undefined || (typeof o.effect === 'string' && EFFECTS.has(o.effect))) &&
        (o.tolerationSeconds === undefined || (Number.isInteger(o.tolerationSeconds) && o.effect === 'NoExecute')) &&
        (o.key !== undefined || o.operator === 'Exists');
      if (!ok) {
        problems.push(`tolerations ${JSON.stringify(t)}`);
        continue;
      }
      const tol: { -readonly [K in keyof Toleration]: Toleration[K] } = {};
      for (const f of ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] as const) if (o[f] !== undefined) (tol as any)[f] = o[f];
      tols.push(tol);
    }
  }
  return { placement: { nodeSelector: selector, tolerations: tols }, problems };
}
