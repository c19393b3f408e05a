import * as assert from 'node:assert/strict';
import {
  availableSnippetTypes,
  ConnectionTarget,
  generateSnippets,
  inClusterEndpoint,
  portForwardEndpoint,
  Snippet,
  SnippetType,
  SnippetUnavailableError,
} from '../../../src/connections';

/** A laptop-side target: a port-forward on 127.0.0.1 with distinct local ports, so each snippet shows which port it uses. */
const base: ConnectionTarget = {
  name: 'sales-etl',
  namespace: 'analytics',
  arrowFlight: true,
  endpoint: portForwardEndpoint({ thrift: 41000, 'thrift-http': 41001, 'spark-connect': 41002, 'arrow-flight': 41003 }),
  state: 'ACTIVE',
  user: 'alice',
  database: 'sales',
};

/** Values every format has to escape: a user with ; = @ / % space and quotes, a database with a space and /, an IPv6 host. */
const tricky: ConnectionTarget = {
  ...base,
  arrowFlight: false,
  endpoint: { kind: 'external', host: 'fd00::1', ports: { thrift: 10000, 'thrift-http': 10001, 'spark-connect': 15002 } },
  user: `a;b=c@d/e%f 'x"`,
  database: 'sales db/2024',
};

const lines = (...l: string[]) => l.join('\n') + '\n';
const byId = (type: SnippetType, t: ConnectionTarget): Record<string, Snippet> =>
  Object.fromEntries(generateSnippets(type, t).map((s) => [s.id, s]));

describe('connection snippets', () => {
  describe('Python', () => {
    it('PySpark over Spark Connect, PyHive binary and PyHive HTTP', () => {
      const s = byId('python', base);
      assert.deepEqual(Object.keys(s), ['python-spark-connect', 'python-pyhive', 'python-pyhive-http']);
      assert.equal(s['python-spark-connect'].language, 'python');
      assert.equal(
        s['python-spark-connect'].text,
        lines(
          '# pip install "pyspark[connect]"  (use the Spark version the cluster runs)',
          'from pyspark.sql import SparkSession',
          '',
          'spark = SparkSession.builder.remote("sc://127.0.0.1:41002/;user_id=alice").getOrCreate()',
          'spark.catalog.setCurrentDatabase("sales")',
          'spark.sql("SELECT current_database()").show()',
        ),
      );
      assert.equal(
        s['python-pyhive'].text,
        lines(
          '# pip install "pyhive[hive]"',
          'from pyhive import hive',
          '',
          'conn = hive.connect(host="127.0.0.1", port=41000, username="alice", database="sales")',
          'cursor = conn.cursor()',
          'cursor.execute("SELECT current_database()")',
          'print(cursor.fetchall())',
        ),
      );
      assert.equal(s['python-pyhive'].transport, 'binary');
      assert.equal(
        s['python-pyhive-http'].text,
        lines(
          '# pip install "pyhive[hive]"  (HTTP needs PyHive 0.7 or later)',
          'from pyhive import hive',
          '',
          'conn = hive.connect(host="127.0.0.1", port=41001, scheme="http", username="alice", database="sales")',
          'cursor = conn.cursor()',
          'cursor.execute("SELECT current_database()")',
          'print(cursor.fetchall())',
        ),
      );
      assert.ok(s['python-pyhive-http'].notes.some((n) => n.startsWith('HTTP transport on port 41001, path cliservice')));
    });

    it('escapes Python strings, percent-encodes the sc:// user and brackets IPv6 where a URL is built', () => {
      const s = byId('python', tricky);
      assert.match(
        s['python-spark-connect'].text,
        /^spark = SparkSession\.builder\.remote\("sc:\/\/\[fd00::1\]:15002\/;user_id=a%3Bb%3Dc%40d%2Fe%25f%20%27x%22"\)\.getOrCreate\(\)$/m,
      );
      assert.match(s['python-spark-connect'].text, /^spark\.catalog\.setCurrentDatabase\("sales db\/2024"\)$/m);
      assert.match(
        s['python-pyhive'].text,
        /^conn = hive\.connect\(host="fd00::1", port=10000, username="a;b=c@d\/e%f 'x\\"", database="sales db\/2024"\)$/m,
      );
      assert.match(s['python-pyhive-http'].text, /^conn = hive\.connect\(host="\[fd00::1\]", port=10001, scheme="http", /m);
    });

    it('uses placeholders for a missing user and skips setCurrentDatabase for default', () => {
      const s = byId('python', { ...base, user: undefined, database: undefined });
      assert.match(s['python-spark-connect'].text, /remote\("sc:\/\/127\.0\.0\.1:41002\/"\)/);
      assert.doesNotMatch(s['python-spark-connect'].text, /setCurrentDatabase/);
      assert.match(s['python-pyhive'].text, /username="<user>", database="default"/);
    });
  });

  describe('JDBC', () => {
    it('binary and HTTP transport with the Hive driver class', () => {
      const s = byId('jdbc', base);
      assert.equal(s['jdbc-binary'].language, 'properties');
      assert.equal(
        s['jdbc-binary'].text,
        lines(
          '# Spark Thrift server, binary transport',
          'driver=org.apache.hive.jdbc.HiveDriver',
          'url=jdbc:hive2://127.0.0.1:41000/sales',
          'user=alice',
          'password=<password>',
        ),
      );
      assert.equal(
        s['jdbc-http'].text,
        lines(
          '# Spark Thrift server, HTTP transport',
          'driver=org.apache.hive.jdbc.HiveDriver',
          'url=jdbc:hive2://127.0.0.1:41001/sales;transportMode=http;httpPath=cliservice',
          'user=alice',
          'password=<password>',
        ),
      );
      assert.ok(s['jdbc-http'].notes.some((n) => n.includes('spark.hadoop.hive.server2.transport.mode=http')));
    });

    it('percent-encodes the database in the path and keeps the user out of the URL', () => {
      const s = byId('jdbc', tricky);
      assert.match(s['jdbc-binary'].text, /^url=jdbc:hive2:\/\/\[fd00::1\]:10000\/sales%20db%2F2024$/m);
      assert.match(
        s['jdbc-http'].text,
        /^url=jdbc:hive2:\/\/\[fd00::1\]:10001\/sales%20db%2F2024;transportMode=http;httpPath=cliservice$/m,
      );
      assert.match(s['jdbc-binary'].text, /^user=a;b=c@d\/e%f 'x"$/m);
    });

    it('falls back to default for a database with ";" and says so; escapes properties', () => {
      const s = byId('jdbc', { ...base, database: 'a;b', user: ' lead\\ü' });
      assert.match(s['jdbc-binary'].text, /^url=jdbc:hive2:\/\/127\.0\.0\.1:41000\/default$/m);
      assert.match(s['jdbc-binary'].text, /^user=\\ lead\\\\\\u00fc$/m);
      assert.ok(s['jdbc-binary'].notes.some((n) => n.includes('run USE `a;b` after connecting')));
    });
  });

  describe('dbt', () => {
    it('a thrift profile with the port written out', () => {
      const [s] = generateSnippets('dbt', base);
      assert.equal(s.language, 'yaml');
      assert.equal(
        s.text,
        lines(
          '# ~/.dbt/profiles.yml  (pip install "dbt-spark[PyHive]")',
          'sales-etl:',
          '  target: dev',
          '  outputs:',
          '    dev:',
          '      type: spark',
          '      method: thrift',
          "      host: '127.0.0.1'",
          '      port: 41000',
          '      user: alice',
          '      schema: sales',
          '      connect_retries: 3',
          '      connect_timeout: 10',
        ),
      );
      assert.ok(s.notes.some((n) => n.includes('/sql/protocolv1/o/{organization}/{cluster}')));
    });

    it('single-quotes YAML values that need it', () => {
      const [s] = generateSnippets('dbt', { ...tricky, name: 'yes' });
      assert.match(s.text, /^'yes':$/m);
      assert.match(s.text, /^ {6}host: 'fd00::1'$/m);
      assert.match(s.text, /^ {6}user: 'a;b=c@d\/e%f ''x"'$/m);
      assert.match(s.text, /^ {6}schema: 'sales db\/2024'$/m);
    });
  });

  describe('Tableau', () => {
    it('Spark SQL fields for binary (SASL) and HTTP', () => {
      const s = byId('tableau', base);
      assert.equal(
        s['tableau-binary'].text,
        lines(
          'Tableau: Connect > To a Server > Spark SQL',
          'Server: 127.0.0.1',
          'Port: 41000',
          'Type: SparkThriftServer',
          'Authentication: Username',
          'Username: alice',
          'Transport: SASL',
        ),
      );
      assert.equal(
        s['tableau-http'].text,
        lines(
          'Tableau: Connect > To a Server > Spark SQL',
          'Server: 127.0.0.1',
          'Port: 41001',
          'Type: SparkThriftServer',
          'Authentication: Username',
          'Username: alice',
          'Transport: HTTP',
          'HTTP Path: cliservice',
        ),
      );
    });
  });

  describe('Power BI', () => {
    it('Spark connector fields and the Spark.Tables M expression for Standard and HTTP', () => {
      const s = byId('powerbi', base);
      assert.equal(
        s['powerbi-binary'].text,
        lines(
          'Power BI Desktop: Get data > Spark',
          'Server: 127.0.0.1:41000',
          'Protocol: Standard',
          'Data Connectivity mode: DirectQuery (or Import)',
          'Authentication: Username/Password (User name: alice, Password: <password>)',
          '',
          'Power Query M (Advanced Editor):',
          'let',
          '    Source = Spark.Tables("127.0.0.1:41000", 0)',
          'in',
          '    Source',
        ),
      );
      assert.equal(
        s['powerbi-http'].text,
        lines(
          'Power BI Desktop: Get data > Spark',
          'Server: http://127.0.0.1:41001/cliservice',
          'Protocol: HTTP',
          'Data Connectivity mode: DirectQuery (or Import)',
          'Authentication: Username/Password (User name: alice, Password: <password>)',
          '',
          'Power Query M (Advanced Editor):',
          'let',
          '    Source = Spark.Tables("http://127.0.0.1:41001/cliservice", 2)',
          'in',
          '    Source',
        ),
      );
    });

    it('brackets IPv6 and doubles quotes in M text', () => {
      const s = byId('powerbi', { ...tricky, endpoint: { ...tricky.endpoint, host: 'fd00::1' } });
      assert.match(s['powerbi-http'].text, /^ {4}Source = Spark\.Tables\("http:\/\/\[fd00::1\]:10001\/cliservice", 2\)$/m);
      const q = byId('powerbi', { ...base, endpoint: { ...base.endpoint, host: 'we"ird' } });
      assert.match(q['powerbi-binary'].text, /^ {4}Source = Spark\.Tables\("we""ird:41000", 0\)$/m);
    });
  });

  describe('Superset', () => {
    it('PyHive SQLAlchemy URIs: hive:// and hive+http://', () => {
      const s = byId('superset', base);
      assert.equal(s['superset-binary'].text, 'hive://alice@127.0.0.1:41000/sales\n');
      assert.equal(s['superset-http'].text, 'hive+http://alice@127.0.0.1:41001/sales?database=sales\n');
    });

    it('percent-encodes the user and moves an unusual database name to ?database=', () => {
      const s = byId('superset', tricky);
      assert.equal(s['superset-binary'].text, 'hive://a%3Bb%3Dc%40d%2Fe%25f%20%27x%22@[fd00::1]:10000/?database=sales%20db%2F2024\n');
      assert.equal(s['superset-http'].text, 'hive+http://a%3Bb%3Dc%40d%2Fe%25f%20%27x%22@[fd00::1]:10001/?database=sales%20db%2F2024\n');
    });
  });

  describe('Metabase', () => {
    it('Spark SQL fields, with the HTTP flags in the additional options', () => {
      const s = byId('metabase', base);
      assert.equal(
        s['metabase-binary'].text,
        lines(
          'Metabase: Admin > Databases > Add database > Spark SQL',
          'Display name: sales-etl',
          'Host: 127.0.0.1',
          'Port: 41000',
          'Database name: sales',
          'Username: alice',
          'Password: <password>',
          'Additional JDBC connection string options: (leave empty)',
        ),
      );
      assert.equal(
        s['metabase-http'].text,
        lines(
          'Metabase: Admin > Databases > Add database > Spark SQL',
          'Display name: sales-etl',
          'Host: 127.0.0.1',
          'Port: 41001',
          'Database name: sales',
          'Username: alice',
          'Password: <password>',
          'Additional JDBC connection string options: ;transportMode=http;httpPath=cliservice',
        ),
      );
    });

    it('URL-encodes the database name Metabase puts into the JDBC URL, brackets IPv6', () => {
      const s = byId('metabase', tricky);
      assert.match(s['metabase-binary'].text, /^Host: \[fd00::1\]$/m);
      assert.match(s['metabase-binary'].text, /^Database name: sales%20db%2F2024$/m);
      assert.ok(s['metabase-binary'].notes.some((n) => n.includes('URL-encoded')));
    });
  });

  describe('Redash', () => {
    it('Hive and Hive (HTTP) data source JSON', () => {
      const s = byId('redash', base);
      assert.equal(s['redash-binary'].language, 'json');
      assert.equal(
        s['redash-binary'].text,
        lines(
          '{',
          '  "name": "sales-etl",',
          '  "type": "hive",',
          '  "options": {',
          '    "host": "127.0.0.1",',
          '    "port": 41000,',
          '    "database": "sales",',
          '    "username": "alice"',
          '  }',
          '}',
        ),
      );
      assert.equal(
        s['redash-http'].text,
        lines(
          '{',
          '  "name": "sales-etl (HTTP)",',
          '  "type": "hive_http",',
          '  "options": {',
          '    "host": "127.0.0.1",',
          '    "port": 41001,',
          '    "http_path": "cliservice",',
          '    "username": "alice",',
          '    "http_password": "<password>",',
          '    "database": "sales",',
          '    "http_scheme": "http"',
          '  }',
          '}',
        ),
      );
    });

    it('escapes JSON strings', () => {
      const s = byId('redash', tricky);
      assert.deepEqual(JSON.parse(s['redash-binary'].text).options, {
        host: 'fd00::1',
        port: 10000,
        database: 'sales db/2024',
        username: `a;b=c@d/e%f 'x"`,
      });
      assert.match(s['redash-binary'].text, /"username": "a;b=c@d\/e%f 'x\\""/);
    });
  });

  describe('Spark Connect', () => {
    it('sc://host:port/;user_id=…', () => {
      const [s] = generateSnippets('spark-connect', base);
      assert.equal(s.text, 'sc://127.0.0.1:41002/;user_id=alice\n');
      assert.equal(s.language, 'plaintext');
    });

    it('percent-encodes parameter values and brackets IPv6; no user_id without a user', () => {
      assert.equal(generateSnippets('spark-connect', tricky)[0].text, 'sc://[fd00::1]:15002/;user_id=a%3Bb%3Dc%40d%2Fe%25f%20%27x%22\n');
      assert.equal(generateSnippets('spark-connect', { ...base, user: undefined })[0].text, 'sc://127.0.0.1:41002/\n');
    });
  });

  describe('Arrow Flight', () => {
    it('Flight SQL JDBC URL with useEncryption=false and the gRPC endpoint', () => {
      const [s] = generateSnippets('arrow-flight', base);
      assert.equal(
        s.text,
        lines(
          '# Arrow Flight SQL JDBC driver (org.apache.arrow:flight-sql-jdbc-driver)',
          'driver=org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver',
          'url=jdbc:arrow-flight-sql://127.0.0.1:41003/?useEncryption=false',
          '# Flight endpoint for pyarrow.flight or the ADBC Flight SQL driver',
          'endpoint=grpc://127.0.0.1:41003',
        ),
      );
    });

    it('is refused when the cluster does not enable Arrow Flight', () => {
      assert.throws(
        () => generateSnippets('arrow-flight', { ...base, arrowFlight: false }),
        (e: unknown) => e instanceof SnippetUnavailableError && /Arrow Flight is not enabled on sales-etl/.test(e.message),
      );
      assert.ok(!availableSnippetTypes({ ...base, arrowFlight: false }).includes('arrow-flight'));
      assert.ok(availableSnippetTypes(base).includes('arrow-flight'));
    });
  });

  describe('common behaviour', () => {
    it('notes a cluster that is not ACTIVE and the endpoint kind', () => {
      const [s] = generateSnippets('spark-connect', { ...base, state: 'STOPPED' });
      assert.ok(s.notes.includes('Works once the cluster is ACTIVE; it is STOPPED now.'));
      assert.ok(s.notes.some((n) => n.startsWith('Uses the local port-forward on 127.0.0.1')));
      const [active] = generateSnippets('spark-connect', base);
      assert.ok(!active.notes.some((n) => n.startsWith('Works once')));
    });

    it('counts the notes every snippet of a target shares, so a transport choice shows only what tells them apart', () => {
      const variants = generateSnippets('jdbc', { ...base, state: 'STOPPED' });
      assert.ok(variants.length > 1);
      for (const v of variants) {
        const shared = v.notes.slice(v.notes.length - v.sharedNotes);
        assert.equal(shared.length, 2);
        assert.ok(shared[0].startsWith('Works once the cluster is ACTIVE'));
        assert.ok(shared[1].startsWith('Uses the local port-forward'));
        assert.ok(v.notes.slice(0, v.notes.length - v.sharedNotes).length > 0, v.id);
      }
    });

    it('uses the in-cluster DNS name for an in-cluster endpoint', () => {
      const t = { ...base, endpoint: inClusterEndpoint('sales-etl', 'analytics') };
      assert.equal(
        generateSnippets('spark-connect', t)[0].text,
        'sc://sales-etl-driver.analytics.svc.cluster.local:15002/;user_id=alice\n',
      );
      assert.match(
        generateSnippets('jdbc', t)[0].text,
        /^url=jdbc:hive2:\/\/sales-etl-driver\.analytics\.svc\.cluster\.local:10000\/sales$/m,
      );
    });

    it('offers only the transports the endpoint reaches, and refuses a type with none', () => {
      const onlyThrift = { ...base, endpoint: portForwardEndpoint({ thrift: 41000 }) };
      assert.deepEqual(
        generateSnippets('jdbc', onlyThrift).map((s) => s.id),
        ['jdbc-binary'],
      );
      assert.deepEqual(availableSnippetTypes(onlyThrift), [
        'python',
        'jdbc',
        'dbt',
        'tableau',
        'powerbi',
        'superset',
        'metabase',
        'redash',
      ]);
      assert.throws(() => generateSnippets('spark-connect', onlyThrift), SnippetUnavailableError);
    });

    it('every snippet ends with a newline and never carries anything but placeholders for secrets', () => {
      for (const type of availableSnippetTypes(base))
        for (const s of generateSnippets(type, base)) {
          assert.ok(s.text.endsWith('\n'), s.id);
          assert.doesNotMatch(s.text, /token=(?!<)/, s.id);
        }
    });
  });
});
