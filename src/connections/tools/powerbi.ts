import { mString, uriHost } from '../escape';
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
 * Power BI's Spark connector (learn.microsoft.com/power-query/connectors/spark): Server, Protocol
 * (SparkProtocol.Standard = 0, SparkProtocol.HTTP = 2), Data Connectivity mode, and the M entry
 * point Spark.Tables(server, protocol) (ApacheSpark.Tables takes the same two arguments plus
 * options). For HTTP the server is the endpoint URL, e.g. http://example.com:10000/cliservice;
 * for Standard it is host:port.
 */
function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const lines = (server: string, protocol: 'Standard' | 'HTTP', code: 0 | 2) => [
    // l10n-ignore: snippet content: the path through Power BI's own menus
    'Power BI Desktop: Get data > Spark',
    `Server: ${server}`,
    `Protocol: ${protocol}`,
    // l10n-ignore: snippet content: names the fields of Power BI's dialog
    'Data Connectivity mode: DirectQuery (or Import)',
    // l10n-ignore: snippet content: names the fields of Power BI's dialog
    `Authentication: Username/Password (User name: ${user}, Password: ${PASSWORD_PLACEHOLDER})`,
    '',
    // l10n-ignore: snippet content: names Power BI's editor
    'Power Query M (Advanced Editor):',
    'let',
    `    Source = Spark.Tables(${mString(server)}, ${code})`,
    'in',
    '    Source',
  ];
  const gatewayNote = l10n.t(
    'Power BI Desktop connects from your machine; the Power BI service refreshes through a gateway that must reach the same host.',
  );
  if (thrift)
    out.push(
      snippet(
        c,
        'powerbi',
        'binary',
        'binary',
        l10n.t('Power BI (Spark connector, Standard protocol)'),
        'plaintext',
        lines(`${uriHost(c.host)}:${thrift}`, 'Standard', 0),
        [binaryNote(thrift), l10n.t('0 is SparkProtocol.Standard.'), gatewayNote],
      ),
    );
  if (http)
    out.push(
      snippet(
        c,
        'powerbi',
        'http',
        'http',
        l10n.t('Power BI (Spark connector, HTTP protocol)'),
        'plaintext',
        lines(`http://${uriHost(c.host)}:${http}/${THRIFT_HTTP_PATH}`, 'HTTP', 2),
        [httpNote(http, thrift), l10n.t('2 is SparkProtocol.HTTP.'), gatewayNote],
      ),
    );
  return out;
}

export const powerbi: SnippetTool = {
  type: 'powerbi',
  label: 'Power BI', // l10n-ignore: product name
  get detail() {
    return l10n.t('Spark connector fields and M expression');
  },
  ports: ['thrift', 'thrift-http'],
  generate,
};
