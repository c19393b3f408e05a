import * as assert from 'node:assert/strict';
import type { ClusterModel, ComputeCluster } from '../../../src/clusters/clusterModel';
import { activityRows, computeView, logInstanceChoices, parseInstance, resourceUsage } from '../../../src/panels/clusterViews';

describe('panel views of the cache', () => {
  it('parses Logs instance ids and refuses anything else', () => {
    assert.deepEqual(parseInstance('driver'), { kind: 'driver' });
    assert.deepEqual(parseInstance('pod:sales-etl-exec-1'), { kind: 'pod', pod: 'sales-etl-exec-1', previous: false });
    assert.deepEqual(parseInstance('previous:sales-etl-driver-x'), { kind: 'pod', pod: 'sales-etl-driver-x', previous: true });
    for (const bad of ['', 'pod:', 'pod:../x', 'pod:A', 'exec:x', 'previous:x y']) assert.equal(parseInstance(bad), undefined, bad);
  });

  it('offers the driver, every pod, and the previous container of pods that restarted', () => {
    const choices = logInstanceChoices(
      [
        { pod: 'etl-driver-1', role: 'driver', phase: 'Running', container: 'spark-driver' },
        { pod: 'etl-exec-1', role: 'executor', phase: 'Running', container: 'spark-executor' },
      ],
      (pod) => (pod === 'etl-driver-1' ? 2 : 0),
    );
    assert.deepEqual(
      choices.map((c) => c.id),
      ['driver', 'pod:etl-driver-1', 'previous:etl-driver-1', 'pod:etl-exec-1'],
    );
    assert.equal(choices[2].previous, true);
  });

  it('bounds and checks activity rows from a hand-editable ConfigMap', () => {
    const rows = activityRows([
      { action: 'start', user: 'u', time: 't', details: 'x'.repeat(10_000), outcome: 'maybe' as never, logLines: ['a', 'b'] },
      { action: 7 as never, user: undefined as never, time: 't', details: 'd' },
    ]);
    assert.equal(rows[0].details.length, 8192);
    assert.equal(rows[0].outcome, undefined);
    assert.deepEqual(rows[0].logLines, ['a', 'b']);
    assert.equal(rows[1].action, '7');
    assert.equal(rows[1].user, '');
    assert.ok(!('logLines' in rows[1]));
  });

  it("sends the volume written as every size is (50 GiB), and the quota read in the tree's key order", () => {
    const c = {
      kind: 'compute',
      id: 'u1',
      name: 'etl',
      namespace: 'ns',
      state: 'STOPPED',
      singleNode: true,
      executorCount: 0,
      volume: '50Gi',
      description: '',
      problems: [],
      restartRequired: false,
    } as unknown as ComputeCluster;
    assert.equal(computeView(c).volume, '50 GiB');
    const model = {
      resourceGroup: (namespace: string) => ({
        namespace,
        quotas: [
          { name: 'a', hard: { 'limits.cpu': '32' }, used: {} },
          { name: 'b', hard: { cpu: '16', 'requests.memory': '64Gi' }, used: { cpu: '3' } },
        ],
      }),
    } as unknown as ClusterModel;
    assert.deepEqual(resourceUsage(model, 'ns'), { cpu: { used: '3', total: '16' }, memory: { used: '0', total: '64Gi' } });
  });
});
