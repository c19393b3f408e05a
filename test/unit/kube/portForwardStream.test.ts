import * as assert from 'node:assert/strict';
import { frameReader } from '../../../src/kube/portForwardStream';

const frame = (...bytes: number[]) => Buffer.from(bytes);

describe('pods/portforward frames', () => {
  it('drops the port number the first frame of each channel carries, and only that one', () => {
    const read = frameReader();
    // Port 4040 = 0x0fc0, little endian.
    assert.deepEqual(read(frame(0, 0xc0, 0x0f)), { channel: 0, payload: Buffer.alloc(0) });
    assert.equal(read.announced(), false);
    assert.deepEqual(read(frame(1, 0xc0, 0x0f)), { channel: 1, payload: Buffer.alloc(0) });
    assert.equal(read.announced(), true);
    assert.deepEqual(read(frame(0, 0xc0, 0x0f, 0x41)), { channel: 0, payload: frame(0xc0, 0x0f, 0x41) });
    assert.deepEqual(read(frame(1, 0x21)), { channel: 1, payload: frame(0x21) });
  });

  it('keeps data that arrives in the same frame as the port number', () => {
    const read = frameReader();
    assert.deepEqual(read(frame(0, 0xc0, 0x0f, 0x48, 0x49)), { channel: 0, payload: Buffer.from('HI') });
  });

  it('ignores empty frames and channels other than data and errors', () => {
    const read = frameReader();
    assert.equal(read(Buffer.alloc(0)), undefined);
    assert.equal(read(frame(2, 0xc0, 0x0f)), undefined);
    assert.equal(read.announced(), false);
  });
});
