import { PASSWORD_PLACEHOLDER, THRIFT_HTTP_PATH, ThriftParts, thriftTool, USER_PLACEHOLDER } from '../snippet';
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
const parts: ThriftParts = (c, port, http) => {
  const user = c.user ?? USER_PLACEHOLDER;
  // l10n-ignore: snippet content: the path through Tableau's own menus
  const head = ['Tableau: Connect > To a Server > Spark SQL', `Server: ${c.host}`, `Port: ${port}`, 'Type: SparkThriftServer'];
  const driverNote = l10n.t('Tableau needs the Spark ODBC driver (Databricks/Simba) installed; leave Require SSL off.');
  if (!http)
    return {
      title: l10n.t('Tableau (Spark SQL, binary transport)'),
      // l10n-ignore: snippet content: names the fields of Tableau's dialog
      lines: [...head, 'Authentication: Username', `Username: ${user}`, 'Transport: SASL'],
      notes: [driverNote, l10n.t('"No Authentication" with Binary transport only suits a Thrift server set to NOSASL.')],
    };
  return {
    title: l10n.t('Tableau (Spark SQL, HTTP transport)'),
    lines: [
      ...head,
      // l10n-ignore: snippet content: names the fields of Tableau's dialog
      'Authentication: Username and Password',
      `Username: ${user}`,
      `Password: ${PASSWORD_PLACEHOLDER}`,
      // l10n-ignore: snippet content: names the fields of Tableau's dialog
      'Transport: HTTP',
      // l10n-ignore: snippet content: names the fields of Tableau's dialog
      `HTTP Path: ${THRIFT_HTTP_PATH}`,
    ],
    notes: [
      driverNote,
      l10n.t(
        'Over HTTP the Thrift server refuses a request without a password: enter any non-empty password (its default authentication, NONE, does not check it).',
      ),
    ],
  };
};

export const tableau = thriftTool({
  type: 'tableau',
  label: 'Tableau', // l10n-ignore: product name
  detail: () => l10n.t('Spark SQL connector fields'),
  language: 'plaintext',
  parts,
});
