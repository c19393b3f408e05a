import { percentEncode, propertiesValue, uriHost } from '../escape';
import {
  binaryNote,
  httpNote,
  PASSWORD_PLACEHOLDER,
  semicolonDbNote,
  snippet,
  SnippetContext,
  SnippetTool,
  THRIFT_HTTP_PATH,
  USER_PLACEHOLDER,
} from '../snippet';
import { Snippet } from '../types';
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

function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const common = [
    l10n.t('Hive JDBC driver (org.apache.hive:hive-jdbc, standalone jar), class org.apache.hive.jdbc.HiveDriver.'),
    l10n.t(
      'Pass user and password as connection properties (DriverManager.getConnection(url, user, password)): the URL has no escape for ";" or "=".',
    ),
    ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
  ];
  const lines = (port: number, isHttp: boolean) => [
    // l10n-ignore: snippet content: the tool reads it as written
    `# Spark Thrift server, ${isHttp ? 'HTTP' : 'binary'} transport`,
    'driver=org.apache.hive.jdbc.HiveDriver',
    `url=${propertiesValue(hiveJdbcUrl(c.host, port, c.database, isHttp))}`,
    `user=${c.user ? propertiesValue(c.user) : USER_PLACEHOLDER}`,
    `password=${PASSWORD_PLACEHOLDER}`,
  ];
  if (thrift)
    out.push(
      snippet(c, 'jdbc', 'binary', 'binary', l10n.t('JDBC (Hive driver, binary transport)'), 'properties', lines(thrift, false), [
        binaryNote(thrift),
        ...common,
      ]),
    );
  if (http)
    out.push(
      snippet(c, 'jdbc', 'http', 'http', l10n.t('JDBC (Hive driver, HTTP transport)'), 'properties', lines(http, true), [
        httpNote(http, thrift),
        ...common,
      ]),
    );
  return out;
}

export const jdbc: SnippetTool = {
  type: 'jdbc',
  label: 'JDBC', // l10n-ignore: the API's name, the same in every language
  get detail() {
    return l10n.t('Hive JDBC driver, binary and HTTP transport');
  },
  ports: ['thrift', 'thrift-http'],
  generate,
};
