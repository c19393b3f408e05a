import { percentEncode, uriHost } from '../escape';
import { SnippetContext, SnippetParts, snippetTool } from '../snippet';
import * as l10n from '@vscode/l10n';

/**
 * `sc://host:port/;param=value`, per apache/spark connector/connect/docs/client-connection-string.md.
 * PySpark's ChannelBuilder (python/pyspark/sql/connect/client/core.py) splits the parameters on `;`
 * and `=` and URL-unquotes each value, so values are percent-encoded. No token: a token switches
 * the client to TLS, which the driver's plain gRPC port does not speak.
 */
export function sparkConnectUrl(host: string, port: number, user?: string): string {
  return `sc://${uriHost(host)}:${port}/${user ? `;user_id=${percentEncode(user)}` : ''}`;
}

function parts(c: SnippetContext, port: number): SnippetParts {
  return {
    title: l10n.t('Spark Connect connection string'),
    lines: [sparkConnectUrl(c.host, port, c.user)],
    notes: [
      l10n.t(
        'Spark Connect (gRPC) on port {0}. Use it with {1}, spark-connect clients, or {2}.',
        port,
        'SparkSession.builder.remote(...)',
        'SPARK_REMOTE',
      ),
      l10n.t('Plain gRPC: adding token=… or use_ssl=true makes the client use TLS, which this port does not serve.'),
      ...(c.user ? [] : [l10n.t('Without user_id the client sends $USER as the user.')]),
    ],
  };
}

export const sparkConnect = snippetTool({
  type: 'spark-connect',
  label: 'Spark Connect', // l10n-ignore: product name
  detail: () => l10n.t('sc:// connection string'),
  language: 'plaintext',
  variants: [{ port: 'spark-connect', variant: undefined, transport: 'grpc', parts }],
});
