import * as assert from 'node:assert/strict';
import { base, tricky, lines, byId } from '../snippetFixtures';

describe('connection snippets', () => {
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
});
