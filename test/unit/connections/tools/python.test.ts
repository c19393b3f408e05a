import * as assert from 'node:assert/strict';
import { base, tricky, lines, byId } from '../snippetFixtures';

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
});
