/** The forms as a newcomer meets them: keyboard tabs, the quota on Configure and Review, notices, defaults. */
import * as assert from 'node:assert/strict';
import { describeConflict } from '../../../../src/clusters/forms/conflict';
import { BUILTIN_NODE_TYPES } from '../../../../shared/clusters/nodeTypes';
import {
  checkComputeForm,
  configuredNotice,
  ComputeFormValues,
  defaultComputeForm,
  roomBesides,
  startingNamespace,
  tabForKey,
} from '../../../../shared/forms/computeForm';
import { submitBlock, unusedName } from '../../../../shared/forms/formModel';
import { computeFormValues, cut, FORM_LIMITS, sessionFormValues } from '../../../../shared/forms/formValues';
import { defaultSessionForm } from '../../../../shared/forms/sessionForm';
import { computeSummary, summaryChanges } from '../../../../shared/forms/review';
import { FORM_PAGE } from '../../../../shared/protocol/formPage';
import { problem } from '../../../../shared/protocol/schema';
import { quotaRoom } from '../../../../shared/text/quantity';

const values = (patch: Partial<ComputeFormValues> = {}): ComputeFormValues => ({
  ...defaultComputeForm('analytics', BUILTIN_NODE_TYPES),
  name: 'etl',
  ...patch,
});
/** A quota with `cpu` and `mem` left of 8 CPU / 32 GiB. */
const roomLeft = (usedCpu: string, usedMem: string) =>
  quotaRoom([
    { name: 'q', hard: { 'requests.cpu': '8', 'requests.memory': '32Gi' }, used: { 'requests.cpu': usedCpu, 'requests.memory': usedMem } },
  ]);

describe('forms as a newcomer meets them', () => {
  describe('values described once', () => {
    it('the default forms pass the schemas the protocol checks them with', () => {
      assert.equal(problem(computeFormValues, defaultComputeForm('analytics', BUILTIN_NODE_TYPES)), undefined);
      assert.equal(problem(sessionFormValues, defaultSessionForm('streaming', ['1.20'])), undefined);
      assert.equal(FORM_PAGE.requests['form.submit'].args.check({ compute: values() }, '$'), undefined);
    });

    it('text cut to a named limit passes the schema that the same limit bounds, and longer text does not', () => {
      const long = 'x'.repeat(FORM_LIMITS.message + 10);
      const result = FORM_PAGE.requests['form.submit'].result;
      assert.match(result.check({ done: false, message: long, fieldErrors: [] }, '$') ?? '', /longer than 4000/);
      assert.equal(result.check({ done: false, message: cut(long, FORM_LIMITS.message), fieldErrors: [] }, '$'), undefined);
      assert.equal(cut('short', FORM_LIMITS.message), 'short');
    });
  });

  describe('the tab list is one Tab stop; arrows move between tabs', () => {
    it('ArrowRight and ArrowLeft move and wrap, Home and End go to the ends, other keys do nothing', () => {
      assert.equal(tabForKey('general', 'ArrowRight'), 'configurations');
      assert.equal(tabForKey('review', 'ArrowRight'), 'general');
      assert.equal(tabForKey('general', 'ArrowLeft'), 'review');
      assert.equal(tabForKey('docker', 'Home'), 'general');
      assert.equal(tabForKey('docker', 'End'), 'review');
      assert.equal(tabForKey('docker', 'Tab'), undefined);
      assert.equal(tabForKey('docker', 'Enter'), undefined);
    });
  });

  describe('Configure does not count the cluster against itself', () => {
    it('an unchanged driver whose own (FAILED) pod fills the quota is not flagged once its own use is given back', () => {
      // 7.5 of 8 CPU used, 1 CPU of it by this cluster's own driver (driver-small: 1 CPU, 4 GiB).
      const room = roomLeft('7500m', '30Gi');
      const v = values({ deploymentType: 'single-node' });
      const flagged = checkComputeForm(v, { nodeTypes: BUILTIN_NODE_TYPES, mode: 'configure', room });
      assert.equal(flagged.warnings.filter((w) => w.field === 'driverNodeType').length, 1, 'counted against itself, it seems not to fit');
      const own = roomBesides(room, { cpuMillicores: 1000, memoryMiB: 4096 });
      assert.equal(own.cpuMillicores, 1500);
      const fair = checkComputeForm(v, { nodeTypes: BUILTIN_NODE_TYPES, mode: 'configure', room: own });
      assert.deepEqual(fair.warnings, []);
      assert.deepEqual(fair.errors, []);
    });

    it('never gives back beyond the hard limit, and leaves an unlimited resource unlimited', () => {
      const room = roomBesides(roomLeft('0', '0'), { cpuMillicores: 4000, memoryMiB: 8192 });
      assert.equal(room.cpuMillicores, 8000);
      assert.equal(room.memoryMiB, 32768);
      assert.deepEqual(roomBesides({}, { cpuMillicores: 1000, memoryMiB: 1 }), {});
    });
  });

  describe('Review & Save shows what changes', () => {
    it('marks each changed row with its old value and leaves the others alone', () => {
      const before = values({ executorCount: '2' });
      const after = values({ executorCount: '4', image: 'apache/spark:3.5.4' });
      const rows = summaryChanges(computeSummary(before, BUILTIN_NODE_TYPES), computeSummary(after, BUILTIN_NODE_TYPES));
      const changed = rows.filter((r) => r.before !== undefined).map((r) => [r.label, r.before, r.value]);
      assert.deepEqual(changed, [
        ['Max executors', '2', '4'],
        ['Docker image', 'apache/spark:3.5.3', 'apache/spark:3.5.4'],
      ]);
    });
  });

  describe('the notice after Configure names the action the state offers', () => {
    it('STOPPED: Start applies it; FAILED: Restart does', () => {
      assert.equal(configuredNotice('etl', 'Saved generation 3', 'STOPPED'), 'etl: Saved generation 3. Start the cluster to apply it.');
      assert.equal(configuredNotice('etl', 'Saved generation 3', 'FAILED'), 'etl: Saved generation 3. Restart the cluster to apply it.');
    });
  });

  describe('Create says why it is disabled', () => {
    it('a driver the quota cannot hold disables Create with the quota message as the reason', () => {
      const room = roomLeft('7500m', '30Gi');
      const c = checkComputeForm(values(), { nodeTypes: BUILTIN_NODE_TYPES, mode: 'create', room });
      const why = submitBlock(c.errors, [], false);
      assert.match(why ?? '', /^Fix this first: Exceeds the namespace's quota: the driver needs 1 CPU/);
      assert.equal(submitBlock([], [], false), undefined);
      assert.match(submitBlock([], [], true) ?? '', /^Reload first/);
      const two = [
        { field: 'name', message: 'a' },
        { field: 'image', message: 'b' },
      ];
      assert.equal(submitBlock(two, [], false), '2 fields to fix first');
    });
  });

  describe('New Compute starts where it can', () => {
    it('opens on the first namespace whose quota holds the default driver, else the first', () => {
      const full = { namespace: 'analytics', nodeTypes: BUILTIN_NODE_TYPES, room: roomLeft('8', '32Gi') };
      const roomy = { namespace: 'research', nodeTypes: BUILTIN_NODE_TYPES, room: roomLeft('1', '1Gi') };
      assert.equal(startingNamespace([full, roomy])?.namespace, 'research');
      assert.equal(startingNamespace([full])?.namespace, 'analytics');
      assert.equal(startingNamespace([]), undefined);
    });

    it('suggests a name no cluster in the namespace has', () => {
      assert.equal(unusedName('sales-etl', []), 'sales-etl');
      assert.equal(unusedName('sales-etl', ['sales-etl']), 'sales-etl-2');
      assert.equal(unusedName('sales-etl', ['sales-etl', 'sales-etl-2']), 'sales-etl-3');
    });
  });

  describe('a refused save (409) names the generations the user saw', () => {
    const opened = Date.parse('2030-01-01T10:00:00Z');
    it('a change outside Data Clusters: still the generation the form opened, and the one a save then writes (what the review showed)', () => {
      const text = describeConflict('Compute cluster etl', { image: 'a' }, { image: 'b' }, [], opened, 1, 1);
      assert.match(text, /changed Docker image, without counting a new generation \(it is still generation 1\)\./);
      assert.match(text, /saving then writes generation 2\.$/);
    });
    it('a save by someone else: the generation the form opened, the one it is now, and the next', () => {
      const row = { action: 'configure', user: 'dev@example.com', time: '2030-01-01T10:00:05.000Z', details: '' };
      const text = describeConflict('Compute cluster etl', { image: 'a' }, { image: 'b' }, [row], opened, 3, 2);
      assert.match(text, /opened this form at generation 2: dev@example.com .* it is now generation 3\..* writes generation 4\.$/);
    });
  });
});
