import { pyString, uriHost } from '../escape';
import { sessionUserNote, SnippetContext, SnippetParts, snippetTool, thriftVariants, USER_PLACEHOLDER } from '../snippet';
import { sparkConnectUrl } from './sparkConnect';
import * as l10n from '@vscode/l10n';

/**
 * PySpark over Spark Connect (SparkSession.builder.remote, apache/spark python/pyspark/sql/connect)
 * and PyHive for the Thrift server: dropbox/PyHive pyhive/hive.py, Connection(host, port, scheme,
 * username, database, ...). With scheme="http" PyHive builds http://{host}:{port}/cliservice/ and
 * always sends a Basic Authorization header from the user name.
 */
function sparkConnectParts(c: SnippetContext, port: number): SnippetParts {
  return {
    title: l10n.t('Python: PySpark over Spark Connect'),
    lines: [
      // l10n-ignore: snippet content: the tool reads it as written
      '# pip install "pyspark[connect]"  (use the Spark version the cluster runs)',
      'from pyspark.sql import SparkSession',
      '',
      `spark = SparkSession.builder.remote(${pyString(sparkConnectUrl(c.host, port, c.user))}).getOrCreate()`,
      ...(c.database !== 'default' ? [`spark.catalog.setCurrentDatabase(${pyString(c.database)})`] : []),
      'spark.sql("SELECT current_database()").show()',
    ],
    notes: [l10n.t('Spark Connect (gRPC) on port {0}.', port)],
  };
}

function pyHiveParts(c: SnippetContext, port: number, http: boolean): SnippetParts {
  const user = pyString(c.user ?? USER_PLACEHOLDER);
  const db = pyString(c.database);
  return {
    title: http ? l10n.t('Python: PyHive (Thrift server, HTTP transport)') : l10n.t('Python: PyHive (Thrift server, binary transport)'),
    lines: [
      // l10n-ignore: snippet content: the tool reads it as written
      http ? '# pip install "pyhive[hive]"  (HTTP needs PyHive 0.7 or later)' : '# pip install "pyhive[hive]"',
      // l10n-ignore: snippet content: the tool reads it as written
      'from pyhive import hive',
      '',
      http
        ? // PyHive formats the host into its http:// URL: an IPv6 literal needs its brackets.
          `conn = hive.connect(host=${pyString(uriHost(c.host))}, port=${port}, scheme="http", username=${user}, database=${db})`
        : // A socket address, not a URL: no brackets around IPv6.
          `conn = hive.connect(host=${pyString(c.host)}, port=${port}, username=${user}, database=${db})`,
      'cursor = conn.cursor()',
      'cursor.execute("SELECT current_database()")',
      'print(cursor.fetchall())',
    ],
    notes: http
      ? [l10n.t('PyHive always uses the path /cliservice/ and sends the user name as HTTP Basic authentication.')]
      : [sessionUserNote()],
  };
}

export const python = snippetTool({
  type: 'python',
  label: 'Python', // l10n-ignore: product name
  detail: () => l10n.t('PySpark over Spark Connect, PyHive for the Thrift server'),
  language: 'python',
  variants: [
    { port: 'spark-connect', variant: 'spark-connect', transport: 'grpc', parts: sparkConnectParts },
    ...thriftVariants(pyHiveParts, { binary: 'pyhive', http: 'pyhive-http' }),
  ],
});
