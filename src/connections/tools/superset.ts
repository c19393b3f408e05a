import { isPlainIdentifier, percentEncode, uriHost } from '../escape';
import { sessionUserNote, ThriftParts, thriftTool, USER_PLACEHOLDER } from '../snippet';
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

const parts: ThriftParts = (c, port, http) => {
  const driverNote = l10n.t(
    'Superset: + Database > Apache Spark SQL, then paste into SQLAlchemy URI; its image needs pip install "pyhive[hive]".',
  );
  return {
    title: http ? l10n.t('Superset (SQLAlchemy URI, HTTP transport)') : l10n.t('Superset (SQLAlchemy URI, binary transport)'),
    lines: [supersetUri(c.host, port, c.user, c.database, http)],
    notes: http
      ? [driverNote, l10n.t('hive+http needs PyHive 0.7 or later; it reads the database from ?database=, not from the path.')]
      : [driverNote, sessionUserNote()],
  };
};

export const superset = thriftTool({
  type: 'superset',
  label: 'Superset', // l10n-ignore: product name
  detail: () => 'SQLAlchemy URI', // l10n-ignore: product name
  language: 'plaintext',
  parts,
});
