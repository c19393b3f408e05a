import * as assert from 'node:assert/strict';
import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterModel, ComputeCluster } from '../../../src/clusters/clusterModel';
import { DriverLogFollower, LogCursor, timestampKey } from '../../../src/clusters/driverLogs';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { podLogBatches } from '../../../src/kube/podLogs';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

/** The demo's ACTIVE compute cluster prints a line every few (emulated) seconds. */
const NS = 'analytics';
const CLUSTER = 'sales-etl';

describe('driver logs paused and resumed', function () {
  this.timeout(40_000);
  let fx: EmulatorFixture;
  let cache: ClusterCache;
  let model: ClusterModel;
  let transport: KubeTransport;

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
    transport = new KubeTransport(fx.kc());
    cache = new ClusterCache(transport, { namespaces: [NS] }).start();
    model = new ClusterModel(cache);
    await model.whenReady('compute');
  });
  after(async () => {
    model?.dispose();
    cache?.dispose();
    await fx?.emulator.stop();
  });

  /** The whole log as the API has it now, without timestamps. */
  async function fullLog(pod: string): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of podLogBatches(transport, NS, pod, {})) out.push(...batch);
    return out;
  }

  /** Waits, without a fixed sleep, for the log to have grown past `line` by more than `n` lines. */
  async function logGrows(pod: string, line: string, n: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const whole = await fullLog(pod);
      if (whole.length - 1 - whole.lastIndexOf(line) >= n) return;
      if (Date.now() > deadline) throw new Error('timed out waiting for new log lines');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function follow(opts: { tailLines?: number; resumeFrom?: LogCursor }) {
    const lines: string[] = [];
    const f = new DriverLogFollower(model, transport, NS, CLUSTER, opts);
    f.onDidAppend((b) => lines.push(...b.filter((l) => !l.startsWith('──'))));
    f.start();
    return { f, lines };
  }

  it('shows the logTailLines last lines first, then follows', async () => {
    const pod = await until(() => (model.get('compute', NS, CLUSTER) as ComputeCluster | undefined)?.driverPod, 10_000, 'driver pod');
    const { f, lines } = follow({ tailLines: 3 });
    await until(() => lines.length >= 3, 10_000, 'the tail');
    const whole = await fullLog(pod);
    assert.ok(whole.length > 3, 'the log has more than the tail');
    const at = whole.indexOf(lines[0]);
    assert.ok(at >= whole.length - 4, `the first line shown is one of the last three of the log (${at} of ${whole.length})`);
    await until(() => lines.length >= 5, 20_000, 'a followed line');
    f.dispose();
  });

  it('goes on after a pause with the lines printed meanwhile, none twice and none missed', async () => {
    const pod = await until(() => (model.get('compute', NS, CLUSTER) as ComputeCluster | undefined)?.driverPod, 10_000, 'driver pod');
    const first = follow({ tailLines: 2 });
    await until(() => first.lines.length >= 2, 10_000, 'the tail');
    const cursor = first.f.cursor!;
    first.f.dispose();
    const seenBefore = first.lines.length;
    // Wait until the driver printed at least two lines nobody followed.
    const lastSeen = first.lines[first.lines.length - 1];
    await logGrows(pod, lastSeen, 2);
    const second = follow({ resumeFrom: cursor });
    await until(() => second.lines.length >= 2, 10_000, 'the missed lines');
    const whole = await fullLog(pod);
    const start = whole.indexOf(first.lines[0]);
    const shown = [...first.lines, ...second.lines];
    assert.deepEqual(shown, whole.slice(start, start + shown.length), 'the lines shown are the log, in order, without gaps or repeats');
    assert.ok(second.lines.length >= 2 && seenBefore >= 2);
    second.f.dispose();
  });

  it('orders timestamps as time, whatever their fraction digits', () => {
    assert.ok(timestampKey('2026-11-29T10:00:05.1Z') > timestampKey('2026-11-29T10:00:05.09Z'));
    assert.ok(timestampKey('2026-11-29T10:00:05Z') < timestampKey('2026-11-29T10:00:05.000000001Z'));
  });
});
