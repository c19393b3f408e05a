import * as assert from 'node:assert/strict';
import { base, tricky, byId } from '../snippetFixtures';

describe('connection snippets', () => {
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
});
