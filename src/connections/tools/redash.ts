import { uriHost } from '../escape';
import { PASSWORD_PLACEHOLDER, sessionUserNote, THRIFT_HTTP_PATH, ThriftParts, thriftTool, USER_PLACEHOLDER } from '../snippet';
import * as l10n from '@vscode/l10n';

/**
 * Redash data sources, per getredash/redash redash/query_runner/hive_ds.py: type "hive" (host, port,
 * database, username), whose host goes to PyHive's socket as is, and type "hive_http" (host, port,
 * http_path, username, http_password, database, http_scheme defaulting to https), whose
 * _get_connection formats "{scheme}://{host}:{port}/{path}" for THttpClient, so an IPv6 host needs
 * its brackets there. The JSON is the body of POST /api/data_sources and lists the form's fields.
 * hive_http sends Basic auth only when a user or password is set, and never passes `database` on,
 * so queries start in default.
 */
const parts: ThriftParts = (c, port, http) => {
  const user = c.user ?? USER_PLACEHOLDER;
  const json = (v: unknown) => JSON.stringify(v, null, 2).split('\n');
  if (!http)
    return {
      title: l10n.t('Redash (Hive data source, binary transport)'),
      lines: json({ name: c.t.name, type: 'hive', options: { host: c.host, port, database: c.database, username: user } }),
      notes: [l10n.t('Redash: Settings > Data Sources > New > Hive, or POST this to /api/data_sources.'), sessionUserNote()],
    };
  return {
    title: l10n.t('Redash (Hive (HTTP) data source)'),
    lines: json({
      name: `${c.t.name} (HTTP)`,
      type: 'hive_http',
      options: {
        host: uriHost(c.host),
        port,
        http_path: THRIFT_HTTP_PATH,
        username: user,
        http_password: PASSWORD_PLACEHOLDER,
        database: c.database,
        http_scheme: 'http',
      },
    }),
    notes: [
      l10n.t(
        'Redash: Settings > Data Sources > New > Hive (HTTP). HTTP Scheme must be http (Redash defaults to https); keep Username set, the server needs the Basic header.',
      ),
      l10n.t('Redash does not pass Database on for Hive (HTTP): queries start in default, so qualify tables with their database.'),
    ],
  };
};

export const redash = thriftTool({
  type: 'redash',
  label: 'Redash', // l10n-ignore: product name
  detail: () => l10n.t('Hive data source fields'),
  language: 'json',
  parts,
});
