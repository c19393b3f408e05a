import * as assert from 'node:assert/strict';
import { base, tricky, lines, byId } from '../snippetFixtures';

describe('connection snippets', () => {
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
});
