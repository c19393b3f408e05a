import * as assert from 'node:assert/strict';
import {
  actionText,
  autoScalingText,
  clusterStateText,
  coresText,
  executorsAtScale,
  executorsText,
  kindLabel,
  nodeTypeText,
  quotaEntryText,
  quotaLeftText,
  quotaSummaryText,
  quotaText,
  resourcesText,
  stateLabel,
  volumeText,
} from '../../../../shared/text/clusterText';
import * as format from '../../../../shared/text/format';
import { QuotaQuantities, quotaUsage } from '../../../../shared/text/quantity';
import { BUILTIN_NODE_TYPES } from '../../../../shared/clusters/nodeTypes';
import { COMPUTE_STATES, SESSION_STATES } from '../../../../shared/clusters/stateTable';

describe('cluster text: one style for the tree, the panels, the pickers and the forms', () => {
  it('writes sizes in one unit style: 1.5 CPU (never 1500m), 50 GiB (never 50Gi)', () => {
    assert.equal(volumeText('50Gi'), '50 GiB');
    assert.equal(volumeText('1536Mi'), '1.5 GiB');
    assert.equal(volumeText(undefined), '');
    // Not a quantity: shown as written.
    assert.equal(volumeText('big'), 'big');
    assert.equal(coresText(1.5), '1.5 CPU');
    assert.equal(coresText(0.1 + 0.2), '0.3 CPU');
    assert.equal(coresText(4), '4 CPU');
    assert.equal(resourcesText('2 CPU', '8 GiB'), '2 CPU · 8 GiB');
  });

  it('writes a node type as name · CPU · memory, with fractional CPUs as cores', () => {
    const medium = BUILTIN_NODE_TYPES.find((t) => t.name === 'exec-medium');
    assert.equal(nodeTypeText(medium), 'exec-medium · 2 CPU · 8 GiB');
    assert.equal(nodeTypeText({ name: 'half', cpuMillicores: 1500, memoryMiB: 1536 }), 'half · 1.5 CPU · 1.5 GiB');
    assert.equal(nodeTypeText({ name: 'tiny', cpuMillicores: 250, memoryMiB: 512 }), 'tiny · 0.25 CPU · 512 MiB');
    assert.equal(nodeTypeText({ name: 'big-box' }), 'big-box (unknown type)');
    assert.equal(nodeTypeText(undefined), '');
    assert.equal(nodeTypeText({ name: '' }), '');
  });

  it('writes the executor column in its four forms', () => {
    assert.equal(executorsText(undefined), 'No running executors');
    assert.equal(executorsText({ running: 0, pending: 0, max: 4 }), 'No running executors');
    assert.equal(executorsText({ running: 2, pending: 0, max: 4 }), 'Running 2/4');
    assert.equal(executorsText({ running: 0, pending: 1, max: 4 }), 'Scaling 1/4');
    assert.equal(executorsText({ running: 2, pending: 1, max: 4 }), 'Running 2/4 + Scaling 1/4');
  });

  it('words one executor in the singular and several in the plural', () => {
    assert.equal(executorsAtScale('1'), '(driver + 1 executor)');
    assert.equal(executorsAtScale(' 1 '), '(driver + 1 executor)');
    assert.equal(executorsAtScale('4'), '(driver + 4 executors)');
    assert.equal(executorsAtScale('0'), '(driver + 0 executors)');
    assert.equal(executorsAtScale(''), '(driver + ? executors)');
  });

  it('writes the auto-scaling timeout', () => {
    assert.equal(autoScalingText(30), '30 min');
    assert.equal(autoScalingText(undefined), 'Disabled');
  });

  it('reads quota keys in one order (requests, plain, limits) and writes used / total, CPU then memory', () => {
    const quotas: QuotaQuantities[] = [
      { name: 'limits', hard: { 'limits.cpu': '32', 'limits.memory': '128Gi' }, used: { 'limits.cpu': '8' } },
      { name: 'requests', hard: { 'requests.cpu': '16', memory: '64Gi' }, used: { 'requests.cpu': '1500m', memory: '6Gi' } },
    ];
    const usage = quotaUsage(quotas);
    assert.deepEqual(usage, { cpu: { used: '1500m', total: '16' }, memory: { used: '6Gi', total: '64Gi' } });
    assert.equal(quotaText(usage.cpu!, 'cpu'), '1.5 CPU / 16 CPU');
    assert.equal(quotaText(usage.memory!, 'memory'), '6 GiB / 64 GiB');
    assert.equal(quotaSummaryText(usage), '1.5 CPU / 16 CPU · 6 GiB / 64 GiB');
    assert.equal(quotaSummaryText(quotaUsage([quotas[0]])), '8 CPU / 32 CPU · 0 MiB / 128 GiB');
    assert.equal(quotaSummaryText(quotaUsage([{ name: 'pods', hard: { pods: '10' }, used: {} }])), '');
    assert.equal(quotaEntryText('requests.memory', '6Gi', '64Gi'), 'requests.memory: 6 GiB / 64 GiB');
    assert.equal(quotaEntryText('cpu', undefined, '2'), 'cpu: 0 CPU / 2 CPU');
    assert.equal(quotaEntryText('requests.storage', '50Gi', '1Ti'), 'requests.storage: 50 GiB / 1024 GiB');
    assert.equal(quotaEntryText('pods', '3', '10'), 'pods: 3 / 10');
    assert.deepEqual(quotaLeftText({ cpuMillicores: 500 }), { cpu: '0.5 CPU', memory: 'unlimited memory' });
  });

  it('labels states from the state table, and actions by their labels', () => {
    assert.equal(stateLabel('compute', 'ACTIVE'), COMPUTE_STATES.ACTIVE.label);
    assert.equal(stateLabel('session', 'Disabled'), SESSION_STATES.Disabled.label);
    assert.equal(kindLabel('compute'), 'Compute');
    assert.equal(actionText('restart'), 'Restart');
    assert.equal(actionText('scale'), 'scale');
    const op = { action: 'restart', user: 'alice', startedAt: '2026-11-22T08:30:00Z' };
    assert.equal(clusterStateText({ kind: 'compute', state: 'ACTIVE', operation: op }), 'ACTIVE (Restart…)');
    assert.equal(
      clusterStateText({ kind: 'compute', state: 'STOPPED', interrupted: op }),
      'STOPPED (interrupted: Restart by alice at 2026-11-22T08:30:00Z)',
    );
    // Disabling already says what runs.
    assert.equal(clusterStateText({ kind: 'session', status: 'Disabling', operation: { ...op, action: 'disable' } }), 'Disabling');
    assert.equal(clusterStateText({ kind: 'session', status: 'Running' }), 'Running');
  });

  it('is what the panels format with: format.ts hands out these same functions', () => {
    assert.equal(format.nodeTypeText, nodeTypeText);
    assert.equal(format.executorsText, executorsText);
    assert.equal(format.executorsAtScale, executorsAtScale);
    assert.equal(format.actionText, actionText);
    assert.equal(format.quotaText, quotaText);
  });
});
