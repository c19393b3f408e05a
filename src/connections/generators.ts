import { isPlainIdentifier, mString, percentEncode, propertiesValue, pyString, uriHost, yamlString } from './escape';
import { ConnectionTarget, PortName, Snippet, SnippetTransport, SnippetType, SnippetUnavailableError } from './types';
import * as l10n from '@vscode/l10n';

/**
 * One generator per tool. Each writes exactly what that tool parses; the comment beside each
 * names the source it follows. The Thrift server is Spark's HiveServer2: it serves one transport
 * at a time (hive.server2.transport.mode), binary on 10000 by default, HTTP on 10001 (path
 * `cliservice`) only when the cluster's Spark config switches it to HTTP.
 */

export const USER_PLACEHOLDER = '<user>';
export const PASSWORD_PLACEHOLDER = '<password>';
/** Default HTTP path of HiveServer2 (hive.server2.thrift.http.path), which Spark's Thrift server keeps. */
export const THRIFT_HTTP_PATH = 'cliservice';

interface Context {
  readonly t: ConnectionTarget;
  readonly host: string;
  /** The user name, escaped by the caller per format; undefined: use the placeholder. */
  readonly user: string | undefined;
  readonly database: string;
  port(name: PortName): number | undefined;
  /** Notes every snippet of this target carries (state, endpoint). */
  readonly common: readonly string[];
}

function context(t: ConnectionTarget): Context {
  const common: string[] = [];
  if (t.state && t.state !== 'ACTIVE') common.push(l10n.t('Works once the cluster is ACTIVE; it is {0} now.', t.state));
  if (t.endpoint.kind === 'port-forward')
    common.push(l10n.t('Uses the local port-forward on {0}: it works while that forward runs (see Port Forwards).', t.endpoint.host));
  if (t.endpoint.kind === 'in-cluster')
    common.push(l10n.t('The host resolves only inside the Kubernetes cluster, for tools running in its pods.'));
  return {
    t,
    host: t.endpoint.host,
    user: t.user?.length ? t.user : undefined,
    database: t.database?.length ? t.database : 'default',
    port: (name) => t.endpoint.ports[name],
    common,
  };
}

function snippet(
  c: Context,
  type: SnippetType,
  variant: string | undefined,
  transport: SnippetTransport,
  title: string,
  language: Snippet['language'],
  lines: readonly string[],
  notes: readonly string[],
): Snippet {
  return {
    type,
    id: variant ? `${type}-${variant}` : type,
    transport,
    title,
    language,
    text: lines.join('\n') + '\n',
    notes: [...notes, ...c.common],
    sharedNotes: c.common.length,
  };
}

const binaryNote = (port: number) => l10n.t("Binary transport on port {0}: the Thrift server's default mode.", port);
const httpNote = (port: number, binaryPort: number | undefined) =>
  binaryPort
    ? l10n.t(
        "HTTP transport on port {0}, path {1}: the Thrift server serves one transport at a time, so this needs {2} in the cluster's Spark config (port {3} then stops answering).",
        port,
        THRIFT_HTTP_PATH,
        'spark.hadoop.hive.server2.transport.mode=http',
        binaryPort,
      )
    : l10n.t(
        "HTTP transport on port {0}, path {1}: the Thrift server serves one transport at a time, so this needs {2} in the cluster's Spark config.",
        port,
        THRIFT_HTTP_PATH,
        'spark.hadoop.hive.server2.transport.mode=http',
      );
const sessionUserNote = () =>
  l10n.t(
    'The user name is only passed to the Thrift server (SASL PLAIN or HTTP Basic); its default authentication (NONE) accepts any password.',
  );

// ---- Spark Connect -------------------------------------------------------------------------------

/**
 * `sc://host:port/;param=value`, per apache/spark connector/connect/docs/client-connection-string.md.
 * PySpark's ChannelBuilder (python/pyspark/sql/connect/client/core.py) splits the parameters on `;`
 * and `=` and URL-unquotes each value, so values are percent-encoded. No token: a token switches
 * the client to TLS, which the driver's plain gRPC port does not speak.
 */
export function sparkConnectUrl(host: string, port: number, user?: string): string {
  return `sc://${uriHost(host)}:${port}/${user ? `;user_id=${percentEncode(user)}` : ''}`;
}

function sparkConnect(c: Context): Snippet[] {
  const port = c.port('spark-connect');
  if (!port) return [];
  return [
    snippet(
      c,
      'spark-connect',
      undefined,
      'grpc',
      l10n.t('Spark Connect connection string'),
      'plaintext',
      [sparkConnectUrl(c.host, port, c.user)],
      [
        l10n.t(
          'Spark Connect (gRPC) on port {0}. Use it with {1}, spark-connect clients, or {2}.',
          port,
          'SparkSession.builder.remote(...)',
          'SPARK_REMOTE',
        ),
        l10n.t('Plain gRPC: adding token=… or use_ssl=true makes the client use TLS, which this port does not serve.'),
        ...(c.user ? [] : [l10n.t('Without user_id the client sends $USER as the user.')]),
      ],
    ),
  ];
}

// ---- Python --------------------------------------------------------------------------------------

/**
 * PySpark over Spark Connect (SparkSession.builder.remote, apache/spark python/pyspark/sql/connect)
 * and PyHive for the Thrift server: dropbox/PyHive pyhive/hive.py, Connection(host, port, scheme,
 * username, database, ...). With scheme="http" PyHive builds http://{host}:{port}/cliservice/ and
 * always sends a Basic Authorization header from the user name.
 */
function python(c: Context): Snippet[] {
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

// ---- JDBC ----------------------------------------------------------------------------------------

/**
 * `jdbc:hive2://host:port/db;sessvars?hiveconfs#hivevars`, per apache/hive
 * jdbc/src/java/org/apache/hive/jdbc/Utils.java (extractURLComponents) and JdbcConnectionParams
 * (transportMode, httpPath). The path is decoded by java.net.URI before it is split on `;` and
 * `=`, so percent-encoding protects every character but `;`, which no encoding can carry: such a
 * database name is left out of the URL. Credentials go as connection properties for the same reason.
 */
export function hiveJdbcUrl(host: string, port: number, database: string, http: boolean): string {
  const db = database.includes(';') ? 'default' : percentEncode(database);
  return `jdbc:hive2://${uriHost(host)}:${port}/${db}${http ? `;transportMode=http;httpPath=${THRIFT_HTTP_PATH}` : ''}`;
}

const semicolonDbNote = (db: string) =>
  l10n.t(
    "The database name {0} contains ';', which a Hive JDBC URL cannot carry: the URL opens default; run USE {1} after connecting.",
    JSON.stringify(db),
    `\`${db.replace(/`/g, '``')}\``,
  );

function jdbc(c: Context): Snippet[] {
  const out: Snippet[] = [];
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const common = [
    l10n.t('Hive JDBC driver (org.apache.hive:hive-jdbc, standalone jar), class org.apache.hive.jdbc.HiveDriver.'),
    l10n.t(
      'Pass user and password as connection properties (DriverManager.getConnection(url, user, password)): the URL has no escape for ";" or "=".',
    ),
    ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
  ];
  const lines = (port: number, isHttp: boolean) => [
    // l10n-ignore: snippet content: the tool reads it as written
    `# Spark Thrift server, ${isHttp ? 'HTTP' : 'binary'} transport`,
    'driver=org.apache.hive.jdbc.HiveDriver',
    `url=${propertiesValue(hiveJdbcUrl(c.host, port, c.database, isHttp))}`,
    `user=${c.user ? propertiesValue(c.user) : USER_PLACEHOLDER}`,
    `password=${PASSWORD_PLACEHOLDER}`,
  ];
  if (thrift)
    out.push(
      snippet(c, 'jdbc', 'binary', 'binary', l10n.t('JDBC (Hive driver, binary transport)'), 'properties', lines(thrift, false), [
        binaryNote(thrift),
        ...common,
      ]),
    );
  if (http)
    out.push(
      snippet(c, 'jdbc', 'http', 'http', l10n.t('JDBC (Hive driver, HTTP transport)'), 'properties', lines(http, true), [
        httpNote(http, thrift),
        ...common,
      ]),
    );
  return out;
}

// ---- dbt -----------------------------------------------------------------------------------------

/**
 * profiles.yml for dbt-spark, per dbt-labs/dbt-spark dbt/adapters/spark/connections.py
 * (SparkCredentials, SparkConnectionManager.open). `thrift` calls PyHive's hive.connect(host, port,
 * username=user, ...) and requires host, port, user and schema; `port` defaults to 443, so it is
 * always written. Only `thrift` fits this cluster: `http` builds the Databricks URL
 * https://{host}:{port}/sql/protocolv1/o/{organization}/{cluster} and needs a token, `odbc` needs
 * the Databricks ODBC driver, `session` runs Spark inside the dbt process.
 */
function dbt(c: Context): Snippet[] {
  const thrift = c.port('thrift');
  if (!thrift) return [];
  return [
    snippet(
      c,
      'dbt',
      undefined,
      'binary',
      l10n.t('dbt profiles.yml (dbt-spark, thrift)'),
      'yaml',
      [
        '# ~/.dbt/profiles.yml  (pip install "dbt-spark[PyHive]")',
        `${yamlString(c.t.name)}:`,
        '  target: dev',
        '  outputs:',
        '    dev:',
        '      type: spark',
        '      method: thrift',
        `      host: ${yamlString(c.host)}`,
        `      port: ${thrift}`,
        `      user: ${c.user ? yamlString(c.user) : USER_PLACEHOLDER}`,
        `      schema: ${yamlString(c.database)}`,
        '      connect_retries: 3',
        '      connect_timeout: 10',
      ],
      [
        binaryNote(thrift),
        l10n.t('Use this profile name as `profile:` in dbt_project.yml; schema is the database dbt builds models in.'),
        l10n.t(
          "dbt-spark's http method only speaks the Databricks path /sql/protocolv1/o/{organization}/{cluster} over HTTPS, so it cannot use this cluster's HTTP transport; thrift is the method that fits.",
        ),
      ],
    ),
  ];
}

// ---- Tableau -------------------------------------------------------------------------------------

/**
 * Tableau's Spark SQL connector dialog (help.tableau.com, "Spark SQL" connector page): Server, Port,
 * Type, Authentication, Transport (Binary, SASL, HTTP) and HTTP Path. It runs on the Spark ODBC
 * driver, where "Username" authentication goes over SASL, matching the Thrift server's NONE/PLAIN.
 */
function tableau(c: Context): Snippet[] {
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
          'Authentication: Username',
          `Username: ${user}`,
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          'Transport: HTTP',
          // l10n-ignore: snippet content: names the fields of Tableau's dialog
          `HTTP Path: ${THRIFT_HTTP_PATH}`,
        ],
        [httpNote(http, thrift), driverNote],
      ),
    );
  return out;
}

// ---- Power BI ------------------------------------------------------------------------------------

/**
 * Power BI's Spark connector (learn.microsoft.com/power-query/connectors/spark): Server, Protocol
 * (SparkProtocol.Standard = 0, SparkProtocol.HTTP = 2), Data Connectivity mode, and the M entry
 * point Spark.Tables(server, protocol) (ApacheSpark.Tables takes the same two arguments plus
 * options). For HTTP the server is the endpoint URL, e.g. http://example.com:10000/cliservice;
 * for Standard it is host:port.
 */
function powerbi(c: Context): Snippet[] {
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

// ---- Superset ------------------------------------------------------------------------------------

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

function superset(c: Context): Snippet[] {
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

// ---- Metabase ------------------------------------------------------------------------------------

/**
 * Metabase's Spark SQL driver: metabase/metabase modules/drivers/sparksql/resources/metabase-plugin.yaml
 * (host, port, dbname, user, password, additional-options as jdbc-flags with placeholder
 * ";transportMode=http") and sparksql.clj, which builds jdbc:hive2://{host}:{port}/{dbname}{jdbc-flags}
 * verbatim, so the database name is written URL-encoded and the flags start with ";".
 */
function metabase(c: Context): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const db = c.database.includes(';') ? 'default' : percentEncode(c.database);
  const lines = (port: number, flags: string) => [
    // l10n-ignore: snippet content: the path through Metabase's own menus
    'Metabase: Admin > Databases > Add database > Spark SQL',
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Display name: ${c.t.name}`,
    // sparksql.clj formats the host straight into the URL: an IPv6 literal needs its brackets.
    `Host: ${uriHost(c.host)}`,
    `Port: ${port}`,
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Database name: ${db}`,
    `Username: ${user}`,
    `Password: ${PASSWORD_PLACEHOLDER}`,
    // l10n-ignore: snippet content: names the fields of Metabase's form
    `Additional JDBC connection string options: ${flags || '(leave empty)'}`,
  ];
  const dbNotes = [
    ...(db !== c.database && !c.database.includes(';')
      ? [l10n.t('Metabase puts the database name into the JDBC URL as typed, so it is shown URL-encoded.')]
      : []),
    ...(c.database.includes(';') ? [semicolonDbNote(c.database)] : []),
  ];
  if (thrift)
    out.push(
      snippet(c, 'metabase', 'binary', 'binary', l10n.t('Metabase (Spark SQL, binary transport)'), 'plaintext', lines(thrift, ''), [
        binaryNote(thrift),
        sessionUserNote(),
        ...dbNotes,
      ]),
    );
  if (http)
    out.push(
      snippet(
        c,
        'metabase',
        'http',
        'http',
        l10n.t('Metabase (Spark SQL, HTTP transport)'),
        'plaintext',
        lines(http, `;transportMode=http;httpPath=${THRIFT_HTTP_PATH}`),
        [httpNote(http, thrift), ...dbNotes],
      ),
    );
  return out;
}

// ---- Redash --------------------------------------------------------------------------------------

/**
 * Redash data sources, per getredash/redash redash/query_runner/hive_ds.py: type "hive" (host, port,
 * database, username) and type "hive_http" (host, port, http_path, username, http_password,
 * database, http_scheme defaulting to https). The JSON is the body of POST /api/data_sources and
 * lists the form's fields. hive_http sends Basic auth only when a user or password is set, and
 * never passes `database` on, so queries start in default.
 */
function redash(c: Context): Snippet[] {
  const out: Snippet[] = [];
  const user = c.user ?? USER_PLACEHOLDER;
  const thrift = c.port('thrift');
  const http = c.port('thrift-http');
  const json = (v: unknown) => JSON.stringify(v, null, 2).split('\n');
  if (thrift)
    out.push(
      snippet(
        c,
        'redash',
        'binary',
        'binary',
        l10n.t('Redash (Hive data source, binary transport)'),
        'json',
        json({ name: c.t.name, type: 'hive', options: { host: c.host, port: thrift, database: c.database, username: user } }),
        [binaryNote(thrift), l10n.t('Redash: Settings > Data Sources > New > Hive, or POST this to /api/data_sources.'), sessionUserNote()],
      ),
    );
  if (http)
    out.push(
      snippet(
        c,
        'redash',
        'http',
        'http',
        l10n.t('Redash (Hive (HTTP) data source)'),
        'json',
        json({
          name: `${c.t.name} (HTTP)`,
          type: 'hive_http',
          options: {
            host: c.host,
            port: http,
            http_path: THRIFT_HTTP_PATH,
            username: user,
            http_password: PASSWORD_PLACEHOLDER,
            database: c.database,
            http_scheme: 'http',
          },
        }),
        [
          httpNote(http, thrift),
          l10n.t(
            'Redash: Settings > Data Sources > New > Hive (HTTP). HTTP Scheme must be http (Redash defaults to https); keep Username set, the server needs the Basic header.',
          ),
          l10n.t('Redash does not pass Database on for Hive (HTTP): queries start in default, so qualify tables with their database.'),
        ],
      ),
    );
  return out;
}

// ---- Arrow Flight --------------------------------------------------------------------------------

/**
 * Flight SQL JDBC URL jdbc:arrow-flight-sql://HOST:PORT/?param=value&…, per apache/arrow
 * docs/source/java/flight_sql_jdbc_driver.rst and ArrowFlightConnectionConfigImpl: useEncryption
 * defaults to true, so the plain port needs useEncryption=false; values are URI-encoded.
 */
export function flightSqlJdbcUrl(host: string, port: number): string {
  return `jdbc:arrow-flight-sql://${uriHost(host)}:${port}/?useEncryption=false`;
}

function arrowFlight(c: Context): Snippet[] {
  if (!c.t.arrowFlight)
    throw new SnippetUnavailableError(
      l10n.t("Arrow Flight is not enabled on {0}: enable it in the cluster's configuration and restart it.", c.t.name),
      'arrow-flight',
    );
  const port = c.port('arrow-flight');
  if (!port) return [];
  return [
    snippet(
      c,
      'arrow-flight',
      undefined,
      'grpc',
      l10n.t('Arrow Flight SQL (JDBC URL and endpoint)'),
      'properties',
      [
        // l10n-ignore: snippet content: the tool reads it as written
        '# Arrow Flight SQL JDBC driver (org.apache.arrow:flight-sql-jdbc-driver)',
        'driver=org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver',
        `url=${propertiesValue(flightSqlJdbcUrl(c.host, port))}`,
        // l10n-ignore: snippet content: the tool reads it as written
        '# Flight endpoint for pyarrow.flight or the ADBC Flight SQL driver',
        `endpoint=${propertiesValue(`grpc://${uriHost(c.host)}:${port}`)}`,
      ],
      [
        l10n.t('Arrow Flight (gRPC, no TLS) on port {0}.', port),
        l10n.t('When the Flight server asks for credentials, append &user=…&password=… or &token=… (URL-encoded) to the JDBC URL.'),
        l10n.t('On Java 9 and later the driver needs --add-opens=java.base/java.nio=ALL-UNNAMED.'),
      ],
    ),
  ];
}

// ---- Registry ------------------------------------------------------------------------------------

const GENERATORS: Record<SnippetType, (c: Context) => Snippet[]> = {
  python,
  jdbc,
  dbt,
  tableau,
  powerbi,
  superset,
  metabase,
  redash,
  'spark-connect': sparkConnect,
  'arrow-flight': arrowFlight,
};

/** Ports each type can use; a type is offered when the endpoint has at least one of them. */
export const SNIPPET_PORTS: Readonly<Record<SnippetType, readonly PortName[]>> = {
  python: ['spark-connect', 'thrift', 'thrift-http'],
  jdbc: ['thrift', 'thrift-http'],
  dbt: ['thrift'],
  tableau: ['thrift', 'thrift-http'],
  powerbi: ['thrift', 'thrift-http'],
  superset: ['thrift', 'thrift-http'],
  metabase: ['thrift', 'thrift-http'],
  redash: ['thrift', 'thrift-http'],
  'spark-connect': ['spark-connect'],
  'arrow-flight': ['arrow-flight'],
};

/**
 * Every snippet of one type for a target: one per transport the tool supports and the endpoint
 * reaches (binary first). Throws SnippetUnavailableError when there is none (Arrow Flight not
 * enabled, or the endpoint lacks every port the type needs).
 */
export function generateSnippets(type: SnippetType, target: ConnectionTarget): Snippet[] {
  const generate = GENERATORS[type];
  if (!generate) throw new SnippetUnavailableError(l10n.t('Unknown snippet type {0}.', String(type)), type);
  const out = generate(context(target));
  if (out.length === 0) {
    const ports = SNIPPET_PORTS[type].join(', ');
    throw new SnippetUnavailableError(
      l10n.t('The {0} endpoint of {1} does not reach the port this needs ({2}).', target.endpoint.kind, target.name, ports),
      type,
    );
  }
  return out;
}
