import { mString, uriHost } from '../escape';
import { PASSWORD_PLACEHOLDER, THRIFT_HTTP_PATH, ThriftParts, thriftTool, USER_PLACEHOLDER } from '../snippet';
import * as l10n from '@vscode/l10n';

/**
 * Power BI's Spark connector (learn.microsoft.com/power-query/connectors/spark): Server, Protocol
 * (SparkProtocol.Standard = 0, SparkProtocol.HTTP = 2), Data Connectivity mode, and the M entry
 * point Spark.Tables(server, protocol) (ApacheSpark.Tables takes the same two arguments plus
 * options). For HTTP the server is the endpoint URL, e.g. http://example.com:10000/cliservice;
 * for Standard it is host:port.
 */
const parts: ThriftParts = (c, port, http) => {
  const user = c.user ?? USER_PLACEHOLDER;
  const server = http ? `http://${uriHost(c.host)}:${port}/${THRIFT_HTTP_PATH}` : `${uriHost(c.host)}:${port}`;
  return {
    title: http ? l10n.t('Power BI (Spark connector, HTTP protocol)') : l10n.t('Power BI (Spark connector, Standard protocol)'),
    lines: [
      // l10n-ignore: snippet content: the path through Power BI's own menus
      'Power BI Desktop: Get data > Spark',
      `Server: ${server}`,
      `Protocol: ${http ? 'HTTP' : 'Standard'}`,
      // l10n-ignore: snippet content: names the fields of Power BI's dialog
      'Data Connectivity mode: DirectQuery (or Import)',
      // l10n-ignore: snippet content: names the fields of Power BI's dialog
      `Authentication: Username/Password (User name: ${user}, Password: ${PASSWORD_PLACEHOLDER})`,
      '',
      // l10n-ignore: snippet content: names Power BI's editor
      'Power Query M (Advanced Editor):',
      'let',
      `    Source = Spark.Tables(${mString(server)}, ${http ? 2 : 0})`,
      'in',
      '    Source',
    ],
    notes: [
      http ? l10n.t('2 is SparkProtocol.HTTP.') : l10n.t('0 is SparkProtocol.Standard.'),
      l10n.t(
        'Power BI Desktop connects from your machine; the Power BI service refreshes through a gateway that must reach the same host.',
      ),
    ],
  };
};

export const powerbi = thriftTool({
  type: 'powerbi',
  label: 'Power BI', // l10n-ignore: product name
  detail: () => l10n.t('Spark connector fields and M expression'),
  language: 'plaintext',
  parts,
});
