import * as assert from 'node:assert/strict';
import { base, byId, lines } from '../snippetFixtures';

describe('connection snippets', () => {
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
          'Authentication: Username and Password',
          'Username: alice',
          'Password: <password>',
          'Transport: HTTP',
          'HTTP Path: cliservice',
        ),
      );
    });

    it('asks for a password over HTTP, where the Thrift server refuses a Basic header without one', () => {
      const s = byId('tableau', { ...base, user: undefined });
      assert.match(s['tableau-http'].text, /^Authentication: Username and Password$/m);
      assert.match(s['tableau-http'].text, /^Password: <password>$/m);
      assert.ok(s['tableau-http'].notes.some((n) => n.includes('refuses a request without a password')));
      // Binary goes over SASL PLAIN with the user name alone.
      assert.match(s['tableau-binary'].text, /^Authentication: Username$/m);
      assert.doesNotMatch(s['tableau-binary'].text, /^Password:/m);
    });
  });
});
