import * as assert from 'node:assert/strict';
import { generateSnippets } from '../../../../src/connections';
import { base, tricky, lines } from '../snippetFixtures';

describe('connection snippets', () => {
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
});
