import {
  binaryNote,
  httpNote,
  PASSWORD_PLACEHOLDER,
  snippet,
  SnippetContext,
  SnippetTool,
  THRIFT_HTTP_PATH,
  USER_PLACEHOLDER,
} from '../snippet';
import { Snippet } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * Tableau's Spark SQL connector dialog (help.tableau.com, "Spark SQL" connector page): Server, Port,
 * Type, Authentication, Transport (Binary, SASL, HTTP) and HTTP Path. It runs on the Spark ODBC
 * driver. Binary: "Username" authentication goes over SASL PLAIN, matching the Thrift server's
 * NONE/PLAIN. HTTP: Spark's Thrift HTTP transport (apache/spark sql/hive-thriftserver
 * ThriftHttpServlet, getPassword: "Password must be present") refuses a Basic header without a
 * non-empty password, so HTTP needs "Username and Password"; its default authentication (NONE)
 * accepts any password.
 */
function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  // l10n-ignore: snippet content: the path through Tableau's own menus
  const head = ['Tableau: Connect > To a Server > Spark SQL', `Server: ${c.host}`];
  const driverNote = l10n.t('Tableau needs the Spark ODBC driver (Databricks/Simba) installed; leave Require SSL off.');
  if (thrift)
    out.push(
      snippet(
        c,
        'tableau',
        'binary',
        'binary',
        l10n.t('Tableau (Spark SQL, binary transport)'),
        'plaintext',
        // l10n-ignore: snippet content: names the fields of Tableau's dialog
        [...head, `Port: ${thrift}`, 'Type: SparkThriftServer', 'Authentication: Username', `Username: ${user}`, 'Transport: SASL'],
        [binaryNote(thrift), driverNote, l10n.t('"No Authentication" with Binary transport only suits a Thrift server set to NOSASL.')],
      ),
    );
  if (http)
    out.push(
      snippet(
        c,
        'tableau',
        'http',
        'http',
        l10n.t('Tableau (Spark SQL, HTTP transport)'),
        'plaintext',
        [
          ...head,
          `Port: ${http}`,
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          'Type: SparkThriftServer',
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          'Authentication: Username and Password',
          `Username: ${user}`,
          `Password: ${PASSWORD_PLACEHOLDER}`,
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          'Transport: HTTP',
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          `HTTP Path: ${THRIFT_HTTP_PATH}`,
        ],
        [
          httpNote(http, thrift),
          driverNote,
          l10n.t(
            'Over HTTP the Thrift server refuses a request without a password: enter any non-empty password (its default authentication, NONE, does not check it).',
          ),
        ],
      ),
    );
  return out;
}

export const tableau: SnippetTool = {
  type: 'tableau',
  label: 'Tableau', // l10n-ignore: product name
  get detail() {
    return l10n.t('Spark SQL connector fields');
  },
  ports: ['thrift', 'thrift-http'],
  generate,
};
