import * as assert from 'node:assert/strict';
import { base, tricky, lines, byId } from '../snippetFixtures';

describe('connection snippets', () => {
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
});
