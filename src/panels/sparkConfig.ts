/**
 * The Configuration tab's data (pure): every Spark key the driver runs with, from the same renderer
 * that writes spark-defaults.conf, marked with where it comes from, and secret-looking values masked.
 * The real value of a masked key only leaves the extension when the user reveals it.
 */
import { renderSparkDefaults } from '../clusters/compute/computeRenderer';
import { ComputeRenderOptions } from '../clusters/compute/renderOptions';
import { ComputeSpec } from '../../shared/clusters/computeSpec';
import { NodeType } from '../../shared/clusters/nodeTypes';
import type { ConfigEntry } from '../../shared/protocol/clusterPage';

export const MASK = '••••••••';

/** Keys whose values are likely credentials: password, secret, token, key (also inside env var names). */
export function isSecretKey(key: string): boolean {
  return /pass(word|wd)|secret|token|credential|key/i.test(key);
}

/** The active configuration, custom values (the user's Spark config) first by key, then the system's. */
export function sparkConfigEntries(spec: ComputeSpec, nodeTypes: readonly NodeType[], render?: ComputeRenderOptions): ConfigEntry[] {
  const conf = renderSparkDefaults(spec, nodeTypes, render);
  const custom = new Set(Object.keys(spec.sparkConf ?? {}));
  return Object.entries(conf)
    .map(([key, value]): ConfigEntry => {
      const secret = isSecretKey(key);
      return { key, value: secret ? MASK : value, source: custom.has(key) ? 'custom' : 'system', secret };
    })
    .sort((a, b) => (a.source === b.source ? a.key.localeCompare(b.key) : a.source === 'custom' ? -1 : 1));
}

/** The unmasked value of one key, or undefined when the cluster does not set it. */
export function revealSparkValue(
  spec: ComputeSpec,
  nodeTypes: readonly NodeType[],
  key: string,
  render?: ComputeRenderOptions,
): string | undefined {
  const conf = renderSparkDefaults(spec, nodeTypes, render);
  return Object.hasOwn(conf, key) ? conf[key] : undefined;
}
