import * as assert from 'node:assert/strict';
import { base, tricky, lines, byId } from '../snippetFixtures';

describe('connection snippets', () => {
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

    it('brackets an IPv6 host for Hive (HTTP), whose URL Redash formats from the host, and not for the socket of Hive', () => {
      const s = byId('redash', tricky);
      const http = JSON.parse(s['redash-http'].text).options;
      assert.equal(http.host, '[fd00::1]');
      // hive_ds.py HiveHttp._get_connection: "{}://{}{}{}".format(scheme, host, ":" + port, "/" + path)
      const url = new URL(`${http.http_scheme}://${http.host}:${http.port}/${http.http_path}`);
      assert.equal(url.hostname, '[fd00::1]');
      assert.equal(url.port, '10001');
      assert.equal(JSON.parse(s['redash-binary'].text).options.host, 'fd00::1');
    });
  });
});
