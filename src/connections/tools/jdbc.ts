import { percentEncode, propertiesValue, uriHost } from '../escape';
import { PASSWORD_PLACEHOLDER, semicolonDbNote, THRIFT_HTTP_PATH, ThriftParts, thriftTool, USER_PLACEHOLDER } from '../snippet';
import * as l10n from '@vscode/l10n';

/**
 * `jdbc:hive2://host:port/db;sessvars?hiveconfs#hivevars`, per apache/hive
 * jdbc/src/java/org/apache/hive/jdbc/Utils.java (extractURLComponents) and JdbcConnectionParams
 * (transportMode, httpPath). The path is decoded by java.net.URI before it is split on `;` and
 * `=`, so percent-encoding protects every character but `;`, which no encoding can carry: such a
 * database name is left out of the URL. Credentials go as connection properties for the same reason.
 */
export function hiveJdbcUrl(host: string, port: number, database: string, http: boolean): string {
  const db = database.includes(';') ? 'default' : percentEncode(database);
  return `jdbc:hive2://${uriHost(host)}:${port}/${db}${http ? `;transportMode=http;httpPath=${THRIFT_HTTP_PATH}` : ''}`;
}

const parts: ThriftParts = (c, port, http) => {
  return {
    title: http ? l10n.t('JDBC (Hive driver, HTTP transport)') : l10n.t('JDBC (Hive driver, binary transport)'),
    lines: [
      // l10n-ignore: snippet content: the tool reads it as written
      `# Spark Thrift server, ${http ? 'HTTP' : 'binary'} transport`,
      'driver=org.apache.hive.jdbc.HiveDriver',
      `url=${propertiesValue(hiveJdbcUrl(c.host, port, c.database, http))}`,
      `user=${c.user ? propertiesValue(c.user) : USER_PLACEHOLDER}`,
      `password=${PASSWORD_PLACEHOLDER}`,
    ],
    notes: [
      l10n.t('Hive JDBC driver (org.apache.hive:hive-jdbc, standalone jar), class org.apache.hive.jdbc.HiveDriver.'),
      l10n.t(
        'Pass user and password as connection properties (DriverManager.getConnection(url, user, password)): the URL has no escape for ";" or "=".',
      ),
      ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
    ],
  };
};

export const jdbc = thriftTool({
  type: 'jdbc',
  label: 'JDBC', // l10n-ignore: the API's name, the same in every language
  detail: () => l10n.t('Hive JDBC driver, binary and HTTP transport'),
  language: 'properties',
  parts,
});
