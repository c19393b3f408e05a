import { propertiesValue, uriHost } from '../escape';
import { SnippetContext, SnippetParts, snippetTool } from '../snippet';
import { SnippetUnavailableError } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * Flight SQL JDBC URL jdbc:arrow-flight-sql://HOST:PORT/?param=value&…, per apache/arrow
 * docs/source/java/flight_sql_jdbc_driver.rst and ArrowFlightConnectionConfigImpl: useEncryption
 * defaults to true, so the plain port needs useEncryption=false; values are URI-encoded.
 */
export function flightSqlJdbcUrl(host: string, port: number): string {
  return `jdbc:arrow-flight-sql://${uriHost(host)}:${port}/?useEncryption=false`;
}

/**
 * Whether a cluster serves Arrow Flight SQL: Spark itself serves none, so it takes both the
 * cluster's Arrow Flight flag and a Flight SQL server (the `dataClusters.arrowFlight.serverImage`
 * setting), which the driver pod then runs beside Spark.
 */
export function servesArrowFlight(specFlag: boolean | undefined, flightSqlServerImage: string | undefined): boolean {
  return specFlag === true && !!flightSqlServerImage?.trim();
}

function check(c: SnippetContext): void {
  if (!c.t.arrowFlight)
    throw new SnippetUnavailableError(
      l10n.t(
        "Arrow Flight is not served by {0}: it needs a Flight SQL server (the setting {1}) and Arrow Flight enabled in the cluster's configuration, then a restart.",
        c.t.name,
        'dataClusters.arrowFlight.serverImage',
      ),
      'arrow-flight',
    );
}

function parts(c: SnippetContext, port: number): SnippetParts {
  return {
    title: l10n.t('Arrow Flight SQL (JDBC URL and endpoint)'),
    lines: [
      // l10n-ignore: snippet content: the tool reads it as written
      '# Arrow Flight SQL JDBC driver (org.apache.arrow:flight-sql-jdbc-driver)',
      'driver=org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver',
      `url=${propertiesValue(flightSqlJdbcUrl(c.host, port))}`,
      // l10n-ignore: snippet content: the tool reads it as written
      '# Flight endpoint for pyarrow.flight or the ADBC Flight SQL driver',
      `endpoint=${propertiesValue(`grpc://${uriHost(c.host)}:${port}`)}`,
    ],
    notes: [
      l10n.t('Arrow Flight (gRPC, no TLS) on port {0}.', port),
      l10n.t('When the Flight server asks for credentials, append &user=…&password=… or &token=… (URL-encoded) to the JDBC URL.'),
      l10n.t('On Java 9 and later the driver needs --add-opens=java.base/java.nio=ALL-UNNAMED.'),
    ],
  };
}

export const arrowFlight = snippetTool({
  type: 'arrow-flight',
  label: 'Arrow Flight', // l10n-ignore: product name
  detail: () => l10n.t('Flight SQL JDBC URL and endpoint'),
  language: 'properties',
  variants: [{ port: 'arrow-flight', variant: undefined, transport: 'grpc', parts }],
  check,
});
