/** An example for the `dataClusters.sparkMetricsUrlTemplate` setting: a Grafana dashboard with template variables. */
export const SPARK_METRICS_URL_EXAMPLE =
  'https://grafana.example.com/d/spark-cluster/spark-cluster?var-namespace={namespace}&var-cluster={name}&var-cluster_id={id}';

/**
 * Expands `{name}`, `{namespace}` and `{id}` in a URL template, each percent-encoded (names are DNS
 * labels and ids UUIDs today, but a template may put them in a path or a query). Undefined when
 * the result is not an http(s) URL, so a typo in the setting is reported instead of opened.
 */
export function expandUrlTemplate(template: string, values: { name: string; namespace: string; id: string }): string | undefined {
  const url = template
    .trim()
    .replace(/\{(name|namespace|id)\}/g, (_m, key: 'name' | 'namespace' | 'id') => encodeURIComponent(values[key]));
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
