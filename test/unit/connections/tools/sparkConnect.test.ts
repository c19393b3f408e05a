import * as assert from 'node:assert/strict';
import { generateSnippets } from '../../../../src/connections';
import { base, tricky } from '../snippetFixtures';

describe('connection snippets', () => {
  describe('Spark Connect', () => {
    it('sc://host:port/;user_id=…', () => {
      const [s] = generateSnippets('spark-connect', base);
      assert.equal(s.text, 'sc://127.0.0.1:41002/;user_id=alice\n');
      assert.equal(s.language, 'plaintext');
    });

    it('percent-encodes parameter values and brackets IPv6; no user_id without a user', () => {
      assert.equal(generateSnippets('spark-connect', tricky)[0].text, 'sc://[fd00::1]:15002/;user_id=a%3Bb%3Dc%40d%2Fe%25f%20%27x%22\n');
      assert.equal(generateSnippets('spark-connect', { ...base, user: undefined })[0].text, 'sc://127.0.0.1:41002/\n');
    });
  });
});
