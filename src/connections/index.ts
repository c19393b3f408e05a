/**
 * Connection snippets for compute clusters: pure functions, no VS Code API. Commands and panels
 * pick a cluster, an endpoint (in-cluster, port-forward, external) and a type, then insert or copy
 * one of the snippets generateSnippets returns.
 */
import { SNIPPET_PORTS } from './generators';
import { ConnectionTarget, SnippetType } from './types';
import * as l10n from '@vscode/l10n';

export * from './types';
export { DRIVER_PORTS, expandHostTemplate, externalEndpoint, inClusterEndpoint, inClusterHost, portForwardEndpoint } from './endpoints';
export type { ServiceLike } from './endpoints';
export {
  flightSqlJdbcUrl,
  generateSnippets,
  hiveJdbcUrl,
  PASSWORD_PLACEHOLDER,
  sparkConnectUrl,
  supersetUri,
  THRIFT_HTTP_PATH,
  USER_PLACEHOLDER,
} from './generators';

/**
 * The ten types with the label a picker shows, in display order. Tool and product names stay as
 * they are; the details are translated when read (getters), after the bundle is configured.
 */
export const SNIPPET_TYPES: readonly { readonly type: SnippetType; readonly label: string; readonly detail: string }[] = [
  {
    type: 'python',
    label: 'Python', // l10n-ignore: product name
    get detail() {
      return l10n.t('PySpark over Spark Connect, PyHive for the Thrift server');
    },
  },
  {
    type: 'jdbc',
    label: 'JDBC', // l10n-ignore: the API's name, the same in every language
    get detail() {
      return l10n.t('Hive JDBC driver, binary and HTTP transport');
    },
  },
  {
    type: 'dbt',
    label: 'dbt',
    get detail() {
      return l10n.t('profiles.yml for dbt-spark');
    },
  },
  {
    type: 'tableau',
    label: 'Tableau', // l10n-ignore: product name
    get detail() {
      return l10n.t('Spark SQL connector fields');
    },
  },
  {
    type: 'powerbi',
    label: 'Power BI', // l10n-ignore: product name
    get detail() {
      return l10n.t('Spark connector fields and M expression');
    },
  },
  {
    type: 'superset',
    label: 'Superset', // l10n-ignore: product name
    detail: 'SQLAlchemy URI', // l10n-ignore: product name
  },
  {
    type: 'metabase',
    label: 'Metabase', // l10n-ignore: product name
    get detail() {
      return l10n.t('Spark SQL fields');
    },
  },
  {
    type: 'redash',
    label: 'Redash', // l10n-ignore: product name
    get detail() {
      return l10n.t('Hive data source fields');
    },
  },
  {
    type: 'spark-connect',
    label: 'Spark Connect', // l10n-ignore: product name
    get detail() {
      return l10n.t('sc:// connection string');
    },
  },
  {
    type: 'arrow-flight',
    label: 'Arrow Flight', // l10n-ignore: product name
    get detail() {
      return l10n.t('Flight SQL JDBC URL and endpoint');
    },
  },
];

/** Types that can be generated for this target: Arrow Flight only when enabled, and only types whose ports the endpoint reaches. */
export function availableSnippetTypes(target: ConnectionTarget): SnippetType[] {
  return SNIPPET_TYPES.map((t) => t.type).filter(
    (type) => (type !== 'arrow-flight' || target.arrowFlight) && SNIPPET_PORTS[type].some((p) => target.endpoint.ports[p] !== undefined),
  );
}
export { expandUrlTemplate, SPARK_METRICS_URL_EXAMPLE } from './urls';
