import * as assert from 'node:assert/strict';
import { availableSnippetTypes, generateSnippets, servesArrowFlight, SnippetUnavailableError } from '../../../../src/connections';
import { base, lines } from '../snippetFixtures';

describe('connection snippets', () => {
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

    it('is served only with both the cluster flag and a Flight SQL server', () => {
      assert.equal(servesArrowFlight(true, 'registry.example.com/flight-sql-spark:1.0'), true);
      assert.equal(servesArrowFlight(true, ''), false);
      assert.equal(servesArrowFlight(true, '   '), false);
      assert.equal(servesArrowFlight(true, undefined), false);
      assert.equal(servesArrowFlight(false, 'registry.example.com/flight-sql-spark:1.0'), false);
      assert.equal(servesArrowFlight(undefined, 'registry.example.com/flight-sql-spark:1.0'), false);
    });

    it('is refused, and not offered, when the cluster does not serve Arrow Flight', () => {
      assert.throws(
        () => generateSnippets('arrow-flight', { ...base, arrowFlight: servesArrowFlight(true, '') }),
        (e: unknown) =>
          e instanceof SnippetUnavailableError &&
          /Arrow Flight is not served by sales-etl/.test(e.message) &&
          e.message.includes('dataClusters.arrowFlight.serverImage'),
      );
      assert.ok(!availableSnippetTypes({ ...base, arrowFlight: false }).includes('arrow-flight'));
      assert.ok(availableSnippetTypes(base).includes('arrow-flight'));
    });
  });
});
