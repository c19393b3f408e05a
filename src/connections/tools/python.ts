import { pyString, uriHost } from '../escape';
import { binaryNote, httpNote, sessionUserNote, snippet, SnippetContext, SnippetTool, USER_PLACEHOLDER } from '../snippet';
import { Snippet } from '../types';
import { sparkConnectUrl } from './sparkConnect';
import * as l10n from '@vscode/l10n';

/**
 * PySpark over Spark Connect (SparkSession.builder.remote, apache/spark python/pyspark/sql/connect)
 * and PyHive for the Thrift server: dropbox/PyHive pyhive/hive.py, Connection(host, port, scheme,
 * username, database, ...). With scheme="http" PyHive builds http://{host}:{port}/cliservice/ and
 * always sends a Basic Authorization header from the user name.
 */
function generate(c: SnippetContext): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const sc = c.port('spark-connect');
  if (sc) {
    out.push(
      snippet(
        c,
        'python',
        'spark-connect',
        'grpc',
        l10n.t('Python: PySpark over Spark Connect'),
        'python',
        [
          // l10n-ignore: snippet content: the tool reads it as written
          '# pip install "pyspark[connect]"  (use the Spark version the cluster runs)',
          'from pyspark.sql import SparkSession',
          '',
          `spark = SparkSession.builder.remote(${pyString(sparkConnectUrl(c.host, sc, c.user))}).getOrCreate()`,
          ...(c.database !== 'default' ? [`spark.catalog.setCurrentDatabase(${pyString(c.database)})`] : []),
          'spark.sql("SELECT current_database()").show()',
        ],
        [l10n.t('Spark Connect (gRPC) on port {0}.', sc)],
      ),
    );
  }
  const thrift = c.port('thrift');
  if (thrift) {
    out.push(
      snippet(
        c,
        'python',
        'pyhive',
        'binary',
        l10n.t('Python: PyHive (Thrift server, binary transport)'),
        'python',
        [
          '# pip install "pyhive[hive]"',
          // l10n-ignore: snippet content: the tool reads it as written
          'from pyhive import hive',
          '',
          // A socket address, not a URL: no brackets around IPv6.
          `conn = hive.connect(host=${pyString(c.host)}, port=${thrift}, username=${pyString(user)}, database=${pyString(c.database)})`,
          'cursor = conn.cursor()',
          'cursor.execute("SELECT current_database()")',
          'print(cursor.fetchall())',
        ],
        [binaryNote(thrift), sessionUserNote()],
      ),
    );
  }
  const http = c.port('thrift-http');
  if (http) {
    out.push(
      snippet(
        c,
        'python',
        'pyhive-http',
        'http',
        l10n.t('Python: PyHive (Thrift server, HTTP transport)'),
        'python',
        [
          // l10n-ignore: snippet content: the tool reads it as written
          '# pip install "pyhive[hive]"  (HTTP needs PyHive 0.7 or later)',
          'from pyhive import hive',
          '',
          // PyHive formats the host into its http:// URL: an IPv6 literal needs its brackets.
          `conn = hive.connect(host=${pyString(uriHost(c.host))}, port=${http}, scheme="http", username=${pyString(user)}, database=${pyString(c.database)})`,
          'cursor = conn.cursor()',
          'cursor.execute("SELECT current_database()")',
          'print(cursor.fetchall())',
        ],
        [httpNote(http, thrift), l10n.t('PyHive always uses the path /cliservice/ and sends the user name as HTTP Basic authentication.')],
      ),
    );
  }
  return out;
}

export const python: SnippetTool = {
  type: 'python',
  label: 'Python', // l10n-ignore: product name
  get detail() {
    return l10n.t('PySpark over Spark Connect, PyHive for the Thrift server');
  },
  ports: ['spark-connect', 'thrift', 'thrift-http'],
  generate,
};
