import * as assert from 'node:assert/strict';
import { podsUse } from '../../../src/panels/forms/formNamespaces';
import type { KubeObject } from '../../../src/kube/resources';
import { roomBesides } from '../../../shared/forms/computeForm';
import { quotaRoom } from '../../../shared/text/quantity';

const pod = (name: string, phase: string, cpu: string, memory: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name, uid: name, resourceVersion: '1', ...extra },
  spec: { containers: [{ name: 'spark', resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] },
  status: { phase },
});

describe('the quota a cluster being configured holds itself', () => {
  it('counts the requests of its pods that have not ended, a terminating one included', () => {
    const use = podsUse([
      pod('etl-driver-1', 'Failed', '4', '16Gi'),
      pod('etl-driver-2', 'Running', '1', '4Gi'),
      pod('etl-exec-1', 'Running', '2', '8Gi', { deletionTimestamp: '2030-01-01T00:00:00Z' }),
      pod('etl-exec-2', 'Succeeded', '2', '8Gi'),
    ]);
    assert.deepEqual(use, { cpuMillicores: 3000, memoryMiB: 12288 });
  });

  it('gives what it holds back to the room, so its own driver no longer seems not to fit', () => {
    const room = quotaRoom([
      { name: 'q', hard: { 'requests.cpu': '4', 'requests.memory': '16Gi' }, used: { 'requests.cpu': '3500m', 'requests.memory': '14Gi' } },
    ]);
    const own = podsUse([pod('etl-driver', 'Running', '1', '4Gi')]);
    assert.deepEqual(roomBesides(room, own), { ...room, cpuMillicores: 1500, memoryMiB: 6144 });
    assert.deepEqual(podsUse([]), { cpuMillicores: 0, memoryMiB: 0 });
  });
});
