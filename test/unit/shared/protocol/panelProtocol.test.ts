import * as assert from 'node:assert/strict';
import { CLUSTER_PAGE as P } from '../../../../shared/protocol/clusterPage';
import { envelope, parseHostMessage, parsePageMessage } from '../../../../shared/protocol/envelope';

const computeBody = {
  cluster: {
    id: 'u',
    name: 'sales-etl',
    namespace: 'analytics',
    state: 'ACTIVE',
    singleNode: false,
    executorCount: 4,
    executorCounts: { running: 2, pending: 1, max: 4 },
    tags: [{ key: 'team', value: '<img src=x onerror=alert(1)>' }],
    description: '<img src=x onerror=alert(1)>',
    restartRequired: false,
    arrowFlight: false,
    problems: [],
  },
  deleted: false,
  actions: { allowed: ['terminate'], denied: [], running: [] },
  commands: { sparkUi: false, sparkMetricsUi: false, flinkUi: false, configure: false, edit: false },
};

describe('panel protocol additions', () => {
  it('accepts a compute update with markup in its strings (they are data, shown as text)', () => {
    const p = parseHostMessage(P, envelope.notification(P, 'compute.update', computeBody as never), () => undefined);
    assert.ok(p.message, p.problem);
  });
  for (const [why, patch] of [
    ['an unknown state', { cluster: { ...computeBody.cluster, state: 'RUNNING' } }],
    ['a negative executor count', { cluster: { ...computeBody.cluster, executorCount: -1 } }],
    ['an extra field', { cluster: { ...computeBody.cluster, html: '<b>' } }],
    ['an action name with spaces', { actions: { allowed: ['rm -rf'], denied: [], running: [] } }],
  ] as const) {
    it(`refuses a compute update with ${why}`, () => {
      const p = parseHostMessage(P, { kind: 'notification', name: 'compute.update', body: { ...computeBody, ...patch } }, () => undefined);
      assert.ok(p.problem);
    });
  }
  it('accepts the new requests and refuses their malformed forms', () => {
    assert.ok(parsePageMessage(P, envelope.request(P, 1, 'connections.copy', { id: 'python' })).message);
    assert.ok(parsePageMessage(P, envelope.request(P, 2, 'config.reveal', { key: 'spark.ssl.keyPassword' })).message);
    assert.ok(parsePageMessage(P, envelope.request(P, 3, 'diagnose.run', {})).message);
    assert.ok(parsePageMessage(P, envelope.request(P, 4, 'panel.painted', {})).message);
    assert.ok(parsePageMessage(P, { kind: 'request', id: 5, name: 'connections.copy', args: { text: 'anything' } }).problem);
    assert.ok(parsePageMessage(P, { kind: 'request', id: 6, name: 'config.reveal', args: {} }).problem);
    assert.ok(parsePageMessage(P, { kind: 'request', id: 7, name: 'panel.cspViolation', args: { directive: 1, blocked: '' } }).problem);
  });
  it('checks a diagnose result against its request', () => {
    const ok = parseHostMessage(P, envelope.ok(P, 9, 'diagnose.run', { summary: 's', details: ['d'] }), () => 'diagnose.run');
    assert.ok(ok.message);
    const bad = parseHostMessage(P, { kind: 'response', id: 9, ok: true, result: { summary: 1 } }, () => 'diagnose.run');
    assert.ok(bad.problem);
  });
  it('accepts session updates and activity rows with log lines', () => {
    const body = {
      cluster: {
        id: 'u',
        name: 'orders',
        namespace: 'streaming',
        status: 'Failed',
        reason: 'x',
        cpu: 3,
        memory: '6 GiB',
        description: '',
        restartRequired: false,
      },
      deleted: true,
      actions: { allowed: [], denied: [], running: [] },
      commands: { sparkUi: false, sparkMetricsUi: false, flinkUi: true, configure: false, edit: false },
      jobs: [{ name: 'j', state: 'RUNNING', started: '2026-11-29T10:00:00Z' }],
      resources: { cpu: { used: '3', total: '16' } },
    };
    assert.ok(parseHostMessage(P, envelope.notification(P, 'session.update', body as never), () => undefined).message);
    const rows = { rows: [{ action: 'start', user: 'u', time: 't', details: 'd', outcome: 'failed', logLines: ['a'] }] };
    assert.ok(parseHostMessage(P, envelope.notification(P, 'activity.update', rows as never), () => undefined).message);
    const badOutcome = { rows: [{ action: 'start', user: 'u', time: 't', details: 'd', outcome: 'maybe' }] };
    assert.ok(parseHostMessage(P, { kind: 'notification', name: 'activity.update', body: badOutcome }, () => undefined).problem);
  });
});
