import * as assert from 'node:assert/strict';
import { flinkMemoryMiB, formatMemory } from '../../../../shared/text/quantity';

describe('Flink memory sizes', () => {
  it('reads every unit a session spec may write, in MiB', () => {
    assert.equal(flinkMemoryMiB('2048m'), 2048);
    assert.equal(flinkMemoryMiB('2048 MB'), 2048);
    assert.equal(flinkMemoryMiB('2g'), 2048);
    assert.equal(flinkMemoryMiB('1.5 gb'), 1536);
    assert.equal(flinkMemoryMiB('1t'), 1024 * 1024);
    assert.equal(flinkMemoryMiB('512k'), 0.5);
    assert.equal(flinkMemoryMiB('1048576'), 1);
    assert.equal(flinkMemoryMiB('1048576b'), 1);
  });

  it('reads what is not a Flink size as NaN, not as a number of some unit', () => {
    assert.ok(Number.isNaN(flinkMemoryMiB('lots')));
    assert.ok(Number.isNaN(flinkMemoryMiB('2x')));
    assert.ok(Number.isNaN(flinkMemoryMiB('-2g')));
  });

  it('writes a session total as the tree shows it', () => {
    // A JobManager of 2048m and two TaskManagers of 2g.
    assert.equal(formatMemory(flinkMemoryMiB('2048m') + flinkMemoryMiB('2g') * 2), '6 GiB');
    assert.equal(formatMemory(flinkMemoryMiB('1536m')), '1.5 GiB');
    assert.equal(formatMemory(flinkMemoryMiB('512m')), '512 MiB');
    assert.equal(formatMemory(NaN), '?');
  });
});
