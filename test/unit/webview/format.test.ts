import * as assert from 'node:assert/strict';
import { actionText } from '../../../webview/model/format';

describe('activity action labels', () => {
  it('reads a stored action id as a label, and shows an action it does not know as stored', () => {
    assert.equal(actionText('restart'), 'Restart');
    assert.equal(actionText('disable'), 'Disable');
    assert.equal(actionText('scale'), 'scale');
  });
});
