import { percentEncode, uriHost } from '../escape';
import {
  binaryNote,
  httpNote,
  PASSWORD_PLACEHOLDER,
  semicolonDbNote,
  sessionUserNote,
  snippet,
  SnippetContext,
  SnippetTool,
  THRIFT_HTTP_PATH,
  USER_PLACEHOLDER,
} from '../snippet';
import { Snippet } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * Metabase's Spark SQL driver: metabase/metabase modules/drivers/sparksql/resources/metabase-plugin.yaml
 * (host, port, dbname, user, password, additional-options as jdbc-flags with placeholder
 * ";transportMode=http") and sparksql.clj, which builds jdbc:hive2://{host}:{port}/{dbname}{jdbc-flags}
 * verbatim, so the database name is written URL-encoded and the flags start with ";".
 */
function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const db = c.database.includes(';') ? 'default' : percentEncode(c.database);
  const lines = (port: number, flags: string) => [
    // l10n-ignore: snippet content: the path through Metabase's own menus
    'Metabase: Admin > Databases > Add database > Spark SQL',
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Display name: ${c.t.name}`,
    // sparksql.clj formats the host straight into the URL: an IPv6 literal needs its brackets.
    `Host: ${uriHost(c.host)}`,
    `Port: ${port}`,
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Database name: ${db}`,
    `Username: ${user}`,
    `Password: ${PASSWORD_PLACEHOLDER}`,
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Additional JDBC connection string options: ${flags || '(leave empty)'}`,
  ];
  const dbNotes = [
    ...(db !== c.database && !c.database.includes(';')
      ? [l10n.t('Metabase puts the database name into the JDBC URL as typed, so it is shown URL-encoded.')]
      : []),
    ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
  ];
  if (thrift)
    out.push(
      snippet(c, 'metabase', 'binary', 'binary', l10n.t('Metabase (Spark SQL, binary transport)'), 'plaintext', lines(thrift, ''), [
        binaryNote(thrift),
        sessionUserNote(),
        ...dbNotes,
      ]),
    );
  if (http)
    out.push(
      snippet(
        c,
        'metabase',
        'http',
        'http',
        l10n.t('Metabase (Spark SQL, HTTP transport)'),
        'plaintext',
        lines(http, `;transportMode=http;httpPath=${THRIFT_HTTP_PATH}`),
        [httpNote(http, thrift), ...dbNotes],
      ),
    );
  return out;
}

export const metabase: SnippetTool = {
  type: 'metabase',
  label: 'Metabase', // l10n-ignore: product name
  get detail() {
    return l10n.t('Spark SQL fields');
  },
  ports: ['thrift', 'thrift-http'],
  generate,
};
