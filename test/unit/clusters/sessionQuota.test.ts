import * as assert from 'node:assert/strict';
import {
  parseQuotaRefusal,
  quotaRefusalMessage,
  SESSION_QUOTA_KEY,
  sessionLimitMessage,
  sessionRoom,
  sessionRoomText,
} from '../../../src/clusters/session/sessionQuota';

const quota = (
  name: string,
  hard?: string,
  used?: string,
  extra: Record<string, string> = {},
): { name: string; hard: Record<string, string>; used: Record<string, string> } => ({
  name,
  hard: { ...extra, ...(hard !== undefined ? { [SESSION_QUOTA_KEY]: hard } : {}) },
  used: used !== undefined ? { [SESSION_QUOTA_KEY]: used } : {},
});

describe('the tenant quota on session clusters', () => {
  it('sets no limit without a quota on FlinkDeployments (a CPU quota does not count)', () => {
    const room = sessionRoom('analytics', ['a', 'b'], [quota('cpu', undefined, undefined, { 'requests.cpu': '16' })]);
    assert.equal(room.full, false);
    assert.equal(room.quota, undefined);
    assert.equal(sessionRoomText(room), undefined);
  });

  it('is full when the namespace has as many session clusters as the strictest quota allows', () => {
    const room = sessionRoom('analytics', ['orders'], [quota('big', '5', '1'), quota('tenant', '1', '1')]);
    assert.deepEqual(room.quota, { name: 'tenant', hard: 1, used: 1 });
    assert.equal(room.full, true);
    assert.equal(sessionRoomText(room), '1 of 1 session clusters');
    assert.equal(
      sessionLimitMessage(room),
      'analytics already has its session cluster orders; a namespace (tenant) may have 1 (ResourceQuota tenant, count/flinkdeployments.flink.apache.org).',
    );
    assert.equal(sessionRoomText(sessionRoom('analytics', [], [quota('tenant', '1', '0')])), '0 of 1 session clusters');
  });

  it('counts FlinkDeployments the server counted that are no session cluster of ours', () => {
    const room = sessionRoom('analytics', [], [quota('tenant', '1', '1')]);
    assert.equal(room.full, true);
    assert.match(
      sessionLimitMessage(room),
      /^analytics has no room for another session cluster: ResourceQuota tenant allows 1 FlinkDeployments/,
    );
    assert.equal(sessionRoom('analytics', ['a'], [quota('tenant', '2', '1')]).full, false);
  });

  it("reads the server's exceeded-quota refusal and says it as the create command does", () => {
    const message =
      'flinkdeployments.flink.apache.org "b" is forbidden: exceeded quota: tenant, requested: count/flinkdeployments.flink.apache.org=1, used: count/flinkdeployments.flink.apache.org=1, limited: count/flinkdeployments.flink.apache.org=1';
    const refusal = parseQuotaRefusal(message)!;
    assert.deepEqual(refusal, { name: 'tenant', used: 1, hard: 1 });
    assert.match(
      quotaRefusalMessage('analytics', ['a'], refusal),
      /refused the FlinkDeployment: analytics already has its session cluster a; a namespace \(tenant\) may have 1/,
    );
    assert.equal(
      parseQuotaRefusal('exceeded quota: q, requested: requests.cpu=64, used: requests.cpu=7, limited: requests.cpu=16'),
      undefined,
    );
  });
});
