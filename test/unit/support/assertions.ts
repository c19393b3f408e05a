import * as assert from 'node:assert/strict';
import { ClusterOperationError } from '../../../src/clusters/operations';

/** The action was refused or failed with this code, and told the user this. */
export const rejectsWith = (p: Promise<unknown>, code: string, message?: RegExp): Promise<void> =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ClusterOperationError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
