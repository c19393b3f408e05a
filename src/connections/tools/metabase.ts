import { percentEncode, uriHost } from '../escape';
import {
  PASSWORD_PLACEHOLDER,
  semicolonDbNote,
  sessionUserNote,
  THRIFT_HTTP_PATH,
  ThriftParts,
  thriftTool,
  USER_PLACEHOLDER,
} from '../snippet';
import * as l10n from '@vscode/l10n';

/**
 * Metabase's Spark SQL driver: metabase/metabase modules/drivers/sparksql/resources/metabase-plugin.yaml
 * (host, port, dbname, user, password, additional-options as jdbc-flags with placeholder
 * ";transportMode=http") and sparksql.clj, which builds jdbc:hive2://{host}:{port}/{dbname}{jdbc-flags}
 * verbatim, so the database name is written URL-encoded and the flags start with ";".
 */
const parts: ThriftParts = (c, port, http) => {
  const db = c.database.includes(';') ? 'default' : percentEncode(c.database);
  const flags = http ? `;transportMode=http;httpPath=${THRIFT_HTTP_PATH}` : '';
  const dbNotes = [
    ...(db !== c.database && !c.database.includes(';')
      ? [l10n.t('Metabase puts the database name into the JDBC URL as typed, so it is shown URL-encoded.')]
      : []),
    ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
  ];
  return {
    title: http ? l10n.t('Metabase (Spark SQL, HTTP transport)') : l10n.t('Metabase (Spark SQL, binary transport)'),
    lines: [
      // l10n-ignore: snippet content: the path through Metabase's own menus
      'Metabase: Admin > Databases > Add database > Spark SQL',
      // l10n-ignore: snippet content: names the fields of Metabase's form
      `Display name: ${c.t.name}`,
      // sparksql.clj formats the host straight into the URL: an IPv6 literal needs its brackets.
      `Host: ${uriHost(c.host)}`,
      `Port: ${port}`,
      // l10n-ignore: snippet content: names the fields of Metabase's form
      `Database name: ${db}`,
      `Username: ${c.user ?? USER_PLACEHOLDER}`,
      `Password: ${PASSWORD_PLACEHOLDER}`,
      // l10n-ignore: snippet content: names the fields of Metabase's form
      `Additional JDBC connection string options: ${flags || '(leave empty)'}`,
    ],
    notes: http ? dbNotes : [sessionUserNote(), ...dbNotes],
  };
};

export const metabase = thriftTool({
  type: 'metabase',
  label: 'Metabase', // l10n-ignore: product name
  detail: () => l10n.t('Spark SQL fields'),
  language: 'plaintext',
  parts,
});
