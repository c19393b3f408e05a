import { isPlainIdentifier, percentEncode, uriHost } from '../escape';
import { binaryNote, httpNote, sessionUserNote, snippet, SnippetContext, SnippetTool, USER_PLACEHOLDER } from '../snippet';
import { Snippet } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * SQLAlchemy URIs of PyHive's dialects, which Superset's "Apache Spark SQL" engine uses
 * (superset.apache.org/docs/databases: hive://hive@{hostname}:{port}/{database}). Per
 * dropbox/PyHive pyhive/sqlalchemy_hive.py and setup.py: `hive://` (HiveDialect) passes host,
 * port, username, database and every query parameter to hive.connect; `hive+http://`
 * (HiveHTTPDialect) ignores the path's database, so it also goes as ?database=. SQLAlchemy
 * unquotes the user name and query values but not the path, so a database name that is not a
 * plain identifier goes only in the query. PyHive refuses a password unless auth=LDAP or CUSTOM,
 * so none is written.
 */
export function supersetUri(host: string, port: number, user: string | undefined, database: string, http: boolean): string {
  const auth = `${user ? percentEncode(user) : USER_PLACEHOLDER}@`;
  const plain = isPlainIdentifier(database);
  const path = plain ? database : '';
  const query = http || !plain ? `?database=${percentEncode(database)}` : '';
  return `${http ? 'hive+http' : 'hive'}://${auth}${uriHost(host)}:${port}/${path}${query}`;
}

function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const driverNote = l10n.t(
    'Superset: + Database > Apache Spark SQL, then paste into SQLAlchemy URI; its image needs pip install "pyhive[hive]".',
  );
  if (thrift)
    out.push(
      snippet(
        c,
        'superset',
        'binary',
        'binary',
        l10n.t('Superset (SQLAlchemy URI, binary transport)'),
        'plaintext',
        [supersetUri(c.host, thrift, c.user, c.database, false)],
        [binaryNote(thrift), driverNote, sessionUserNote()],
      ),
    );
  if (http)
    out.push(
      snippet(
        c,
        'superset',
        'http',
        'http',
        l10n.t('Superset (SQLAlchemy URI, HTTP transport)'),
        'plaintext',
        [supersetUri(c.host, http, c.user, c.database, true)],
        [
          httpNote(http, thrift),
          driverNote,
          l10n.t('hive+http needs PyHive 0.7 or later; it reads the database from ?database=, not from the path.'),
        ],
      ),
    );
  return out;
}

export const superset: SnippetTool = {
  type: 'superset',
  label: 'Superset', // l10n-ignore: product name
  detail: 'SQLAlchemy URI', // l10n-ignore: product name
  ports: ['thrift', 'thrift-http'],
  generate,
};
