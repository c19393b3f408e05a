import * as assert from 'node:assert/strict';
import {
  availableSnippetTypes,
  generateSnippets,
  inClusterEndpoint,
  portForwardEndpoint,
  SnippetUnavailableError,
} from '../../../src/connections';
import { base } from './snippetFixtures';

describe('connection snippets', () => {
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

    it('brackets an IPv6 host in every URL any snippet builds', () => {
      const v6 = { ...base, endpoint: { ...base.endpoint, kind: 'external' as const, host: 'fd00::1' } };
      let urls = 0;
      for (const type of availableSnippetTypes(v6))
        for (const s of generateSnippets(type, v6))
          for (const [url, authority] of s.text.matchAll(/[a-z][a-z0-9+.:-]*:\/\/(?:[^@\s/"]*@)?([^/\s"?;]*)/g)) {
            urls++;
            assert.match(authority, /^\[fd00::1\]:\d+$/, `${s.id}: ${url}`);
          }
      assert.ok(urls >= 10, String(urls));
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
