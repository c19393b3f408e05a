import * as assert from 'node:assert/strict';
import { actionText, executorsAtScale, flinkVersionText, memoryText, quantityText } from '../../../../shared/text/format';

describe('panel formats', () => {
  it('writes quota quantities as the cluster sizes are written (6 GiB, not 6Gi)', () => {
    assert.equal(quantityText('64Gi', 'memory'), '64 GiB');
    assert.equal(quantityText('6Gi', 'memory'), memoryText(6 * 1024));
    assert.equal(quantityText('1536Mi', 'memory'), '1.5 GiB');
    assert.equal(quantityText('512Mi', 'memory'), '512 MiB');
    assert.equal(quantityText('0', 'memory'), '0 MiB');
    assert.equal(quantityText('16', 'cpu'), '16 CPU');
    assert.equal(quantityText('1500m', 'cpu'), '1.5 CPU');
    // Not a quantity: shown as it is.
    assert.equal(quantityText('lots', 'memory'), 'lots');
  });

  it("writes the operator's Flink version identifier as the form offers it", () => {
    assert.equal(flinkVersionText('v1_20'), '1.20');
    assert.equal(flinkVersionText('v2_0'), '2.0');
    assert.equal(flinkVersionText('1.19-custom'), '1.19-custom');
  });

  it('words one executor and several executors as separate messages', () => {
    assert.equal(executorsAtScale('1'), '(driver + 1 executor)');
    assert.equal(executorsAtScale('4'), '(driver + 4 executors)');
    assert.equal(executorsAtScale(''), '(driver + ? executors)');
  });

  it('reads a stored activity action id as a label, and shows an action it does not know as stored', () => {
    assert.equal(actionText('restart'), 'Restart');
    assert.equal(actionText('disable'), 'Disable');
    assert.equal(actionText('scale'), 'scale');
  });
});
