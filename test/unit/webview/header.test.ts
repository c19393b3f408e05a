import * as assert from 'node:assert/strict';
import type { ActionsData, CommandsData, ComputeView, SessionView } from '../../../shared/protocol/clusterPage';
import type { ClusterAction } from '../../../shared/clusters/stateTable';
import { computeButtons, configureWhileRunning, offerDiagnose, sessionButtons } from '../../../webview/model/header';

const compute = (o: Partial<ComputeView> = {}): ComputeView => ({
  id: 'u',
  name: 'sales-etl',
  namespace: 'analytics',
  state: 'ACTIVE',
  singleNode: false,
  executorCount: 4,
  tags: [],
  description: '',
  restartRequired: false,
  arrowFlight: false,
  problems: [],
  ...o,
});
const session = (o: Partial<SessionView> = {}): SessionView => ({
  id: 'u',
  name: 'orders',
  namespace: 'streaming',
  status: 'Running',
  cpu: 3,
  memory: '6 GiB',
  description: '',
  restartRequired: false,
  ...o,
});
const acts = (
  allowed: ClusterAction[],
  denied: { action: ClusterAction; reason: string }[] = [],
  running: ClusterAction[] = [],
): ActionsData => ({
  allowed,
  denied,
  running,
});
const all: CommandsData = { sparkUi: true, sparkMetricsUi: true, flinkUi: true, configure: true, edit: true };
const none: CommandsData = { sparkUi: false, sparkMetricsUi: false, flinkUi: false, configure: false, edit: false };
const byAction = (bs: ReturnType<typeof computeButtons>) => Object.fromEntries(bs.map((b) => [b.action, b]));

describe('header buttons', () => {
  it('ACTIVE: Terminate, Restart, Delete from the state table; Configure disabled with the reason; Spark UI on', () => {
    const b = byAction(computeButtons(compute(), acts(['terminate', 'restart', 'delete']), all, false));
    assert.deepEqual(Object.keys(b), ['terminate', 'restart', 'configure', 'delete', 'openSparkUi', 'openSparkMetricsUi']);
    assert.equal(b.configure.enabled, false);
    assert.equal(b.configure.title, configureWhileRunning());
    assert.ok(b.terminate.enabled && b.openSparkUi.enabled && b.openSparkMetricsUi.enabled);
  });
  it('STOPPED: Start and Configure; Spark UI disabled, Metrics UI still offered', () => {
    const b = byAction(computeButtons(compute({ state: 'STOPPED' }), acts(['start', 'configure', 'delete']), all, false));
    assert.ok(b.start.enabled && b.configure.enabled && !b.terminate);
    assert.equal(b.openSparkUi.enabled, false);
    assert.equal(b.openSparkMetricsUi.enabled, true);
  });
  it('a denied action shows disabled with the permission reason', () => {
    const b = byAction(
      computeButtons(
        compute({ state: 'STOPPED' }),
        acts(['configure'], [{ action: 'start', reason: 'You may not create deployments in analytics.' }]),
        all,
        false,
      ),
    );
    assert.equal(b.start.enabled, false);
    assert.equal(b.start.title, 'You may not create deployments in analytics.');
  });
  it('an action in flight shows busy on its button, from the panel or from the operation marker', () => {
    const op = { action: 'restart', user: 'dev@example.com', startedAt: '2026-11-29T10:00:00Z' };
    const b = byAction(computeButtons(compute({ state: 'STARTING', operation: op }), acts([]), all, false));
    assert.equal(b.restart.busy, true);
    assert.equal(b.restart.enabled, false);
    assert.match(b.restart.title ?? '', /Restart by dev@example.com is in progress/);
    const local = byAction(computeButtons(compute(), acts(['terminate', 'restart', 'delete'], [], ['terminate']), all, false));
    assert.equal(local.terminate.busy, true);
    assert.equal(local.terminate.enabled, false);
  });
  it('deleted: no action is offered any more, whatever the last state allowed', () => {
    assert.deepEqual(computeButtons(compute({ state: 'FAILED' }), acts(['terminate', 'restart', 'configure', 'delete']), all, true), []);
    assert.deepEqual(sessionButtons(session({ status: 'Failed' }), acts(['disable']), all, true), []);
  });
  it("the lifecycle buttons are the state table's actions, in its order", () => {
    const b = computeButtons(compute({ state: 'STOPPED' }), acts(['start', 'configure', 'delete']), all, false).map((x) => x.action);
    assert.deepEqual(b, ['start', 'configure', 'delete', 'openSparkUi', 'openSparkMetricsUi']);
    const s = sessionButtons(session({ status: 'Disabled' }), acts(['start', 'edit', 'delete']), all, false).map((x) => x.action);
    assert.deepEqual(s, ['start', 'edit', 'delete', 'openFlinkUi']);
  });
  it('missing commands: the buttons say they are unavailable', () => {
    const b = byAction(computeButtons(compute(), acts(['terminate']), none, false));
    assert.equal(b.openSparkUi.enabled, false);
    assert.match(b.openSparkUi.title ?? '', /not available/);
  });
  it('session: Disable while Running, Start/Edit/Delete while Disabled, Flink UI only while Running', () => {
    const running = Object.fromEntries(sessionButtons(session(), acts(['disable']), all, false).map((b) => [b.action, b]));
    assert.deepEqual(Object.keys(running), ['disable', 'openFlinkUi']);
    assert.ok(running.openFlinkUi.enabled);
    const disabled = Object.fromEntries(
      sessionButtons(session({ status: 'Disabled' }), acts(['start', 'edit', 'delete']), none, false).map((b) => [b.action, b]),
    );
    assert.deepEqual(Object.keys(disabled), ['start', 'edit', 'delete', 'openFlinkUi']);
    assert.equal(disabled.edit.enabled, false);
    assert.equal(disabled.openFlinkUi.enabled, false);
  });
  it('Diagnose: FAILED, or STARTING for more than a minute', () => {
    const now = Date.parse('2026-11-29T10:02:00Z');
    assert.equal(offerDiagnose(compute({ state: 'FAILED' }), false, now), true);
    assert.equal(offerDiagnose(compute({ state: 'FAILED' }), true, now), false);
    assert.equal(offerDiagnose(compute({ state: 'STARTING', driverSince: '2026-11-29T10:00:30Z' }), false, now), true);
    assert.equal(offerDiagnose(compute({ state: 'STARTING', driverSince: '2026-11-29T10:01:30Z' }), false, now), false);
    assert.equal(offerDiagnose(compute({ state: 'STARTING' }), false, now), false);
    assert.equal(offerDiagnose(compute({ state: 'ACTIVE' }), false, now), false);
  });
});
