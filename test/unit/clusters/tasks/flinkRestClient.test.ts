import * as assert from 'node:assert/strict';
import { FlinkRestClient, FlinkRestError } from '../../../../src/clusters/session/tasks/flinkRestClient';
import { PortForwardManager } from '../../../../src/kube/portForward';
import { EmulatorFixture, startEmulator, until } from '../../support/emulatorFixture';
import { jarWith, zip } from './jarFixtures';

/**
 * FlinkRestClient against the emulator's JobManager, reached as the product reaches it: a
 * PortForwardManager forward from 127.0.0.1 to the JobManager pod's 8081.
 */
describe('FlinkRestClient against the emulator’s JobManager, through a port-forward', function () {
  this.timeout(40_000);
  const ns = 'flink-rest-client';
  const cluster = 'orders';
  const savepoints = 's3://flink-data/savepoints';
  const ENTRY = 'com.example.orders.OrderEnricher';
  let fx: EmulatorFixture;
  let forwards: PortForwardManager;
  let forwardId = '';
  let client: FlinkRestClient;

  const jobManagerPod = () =>
    fx.emulator.api.store
      .list('/pods', ns)
      .find(
        (p) =>
          p.metadata.labels?.app === cluster &&
          p.metadata.labels?.component === 'jobmanager' &&
          p.status?.phase === 'Running' &&
          !p.metadata.deletionTimestamp,
      )?.metadata.name as string | undefined;

  /** Polls the JobManager (emulated time runs 20x) until `probe` answers. */
  async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const state = async (jid: string) => (await client.job(jid)).state;

  before(async () => {
    fx = await startEmulator();
    fx.namespace(ns);
    fx.emulator.applyInternal({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink', namespace: ns } });
    fx.emulator.applyInternal({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: cluster, namespace: ns },
      spec: {
        image: 'flink:1.20',
        flinkVersion: 'v1_20',
        serviceAccount: 'flink',
        flinkConfiguration: {
          'taskmanager.numberOfTaskSlots': '2',
          'state.savepoints.dir': savepoints,
          'state.checkpoints.dir': 's3://flink-data/checkpoints',
          'execution.checkpointing.interval': '2 s',
          'restart-strategy.type': 'fixed-delay',
          'restart-strategy.fixed-delay.attempts': '1',
          'restart-strategy.fixed-delay.delay': '1 s',
        },
        jobManager: { resource: { cpu: 1, memory: '1024m' } },
        taskManager: { replicas: 1, resource: { cpu: 1, memory: '1024m' } },
      },
    });
    await until(jobManagerPod, 20_000, 'the JobManager pod');
    forwards = new PortForwardManager(fx.kc(), { resolveIntervalMs: 50 });
    const info = await forwards.start({ namespace: ns, resolvePod: async () => jobManagerPod(), ports: [{ name: 'rest', remote: 8081 }] });
    forwardId = info.id;
    client = new FlinkRestClient(`http://127.0.0.1:${info.ports[0].local}`, { pollIntervalMs: 50 });
    await eventually('a TaskManager to register', async () => (await client.overview()).taskmanagers === 1);
  });

  after(async () => {
    client?.dispose();
    await forwards?.stopAll();
    await fx?.emulator.stop();
  });

  let jarId = '';
  let jobId = '';

  it('reads the cluster: overview and TaskManagers', async () => {
    const overview = await client.overview();
    assert.equal(overview['flink-version'], '1.20.0');
    assert.equal(overview['slots-total'], 2);
    const tms = await client.taskManagers();
    assert.equal(tms.length, 1);
    assert.equal(tms[0].slotsNumber, 2);
  });

  it('uploads a jar with progress and answers the id the JobManager gave it', async () => {
    // A jar of about 3 MiB (random bytes do not compress), so the upload goes in many pieces.
    const filler = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < filler.length; i += 4) filler.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i);
    const jar = jarWith(ENTRY, [], [{ name: 'data/blob.bin', data: filler, method: 'store' }]);
    const progress: [number, number][] = [];
    jarId = await client.uploadJar('orders-enricher.jar', jar, (sent, total) => progress.push([sent, total]));
    assert.match(jarId, /^[0-9a-f-]+_orders-enricher\.jar$/);
    assert.deepEqual(progress.at(-1), [jar.length, jar.length]);
    assert.ok(progress.length >= 10, `${progress.length} progress calls`);
    assert.ok(progress.every(([s, t], i) => t === jar.length && (i === 0 || s >= progress[i - 1][0])));
  });

  it('runs it, and reads the job: overview, details, config, checkpoints', async () => {
    jobId = (await client.runJar(jarId, { programArgsList: ['--rate', '20'], parallelism: 2 })).jobid;
    assert.match(jobId, /^[0-9a-f]{32}$/);
    const listed = await client.jobsOverview();
    assert.equal(listed.find((j) => j.jid === jobId)?.name, 'OrderEnricher');
    await eventually('RUNNING', async () => (await state(jobId)) === 'RUNNING');
    const detail = await client.job(jobId);
    assert.equal(detail.jid, jobId);
    assert.deepEqual(
      detail.vertices.map((v) => v.name),
      ['Source: OrderEnricher Source -> Map', 'Sink: Print to Std. Out'],
    );
    assert.equal((await client.jobConfig(jobId))['execution-config']?.['job-parallelism'], 2);
    const cps = await eventually('a completed checkpoint', async () => {
      const c = await client.checkpoints(jobId);
      return c.counts.completed >= 1 && c;
    });
    assert.match(cps.latest.completed?.external_path ?? '', new RegExp(`^s3://flink-data/checkpoints/${jobId}/chk-\\d+$`));
  });

  let savepoint = '';

  it('stops it with a savepoint and answers where the savepoint is', async () => {
    const trigger = await client.stopWithSavepoint(jobId);
    const result = await client.savepointResult(jobId, trigger);
    assert.ok('location' in result, JSON.stringify(result));
    savepoint = result.location;
    assert.ok(savepoint.startsWith(`${savepoints}/savepoint-${jobId.slice(0, 6)}-`), savepoint);
    await eventually('FINISHED', async () => (await state(jobId)) === 'FINISHED');
  });

  it('runs again from the savepoint; cancels; a second cancel is a 409 Conflict', async () => {
    const again = (
      await client.runJar(jarId, { entryClass: ENTRY, parallelism: 1, savepointPath: savepoint, allowNonRestoredState: false })
    ).jobid;
    const restored = await client.checkpoints(again);
    assert.equal(restored.latest.restored?.external_path, savepoint);
    await client.cancel(again);
    await eventually('CANCELED', async () => (await state(again)) === 'CANCELED');
    await assert.rejects(client.cancel(again), (e: unknown) => {
      assert.ok(e instanceof FlinkRestError);
      assert.equal(e.reason, 'Conflict');
      assert.equal(e.status, 409);
      assert.match(e.message, /already reached another terminal state \(CANCELED\)/);
      return true;
    });
  });

  it('a failing job: its exceptions, newest first, as many as asked', async () => {
    const jid = (await client.runJar(jarId, { programArgsList: ['--rate', '10', '--fail-after', '10'], parallelism: 1 })).jobid;
    await eventually('FAILED', async () => (await state(jid)) === 'FAILED');
    const all = await client.exceptions(jid);
    assert.equal(all.exceptionHistory.entries.length, 2);
    assert.equal(all.exceptionHistory.entries[0].exceptionName, 'java.lang.IllegalStateException');
    assert.match(all.exceptionHistory.entries[0].stacktrace, /\n\tat com\.example\.orders\.OrderEnricher\./);
    assert.equal((await client.exceptions(jid, 1)).exceptionHistory.entries.length, 1);
  });

  it('unknown job: NotFound (404) naming it', async () => {
    const missing = '0'.repeat(32);
    await assert.rejects(client.job(missing), (e: unknown) => {
      assert.ok(e instanceof FlinkRestError);
      assert.equal(e.reason, 'NotFound');
      assert.equal(e.status, 404);
      assert.ok(e.message.includes(missing));
      assert.deepEqual(e.errors, [`Job ${missing} not found`]);
      return true;
    });
  });

  it('deletes the jar; deleting it again is NotFound, and so is running it', async () => {
    await client.deleteJar(jarId);
    await assert.rejects(client.deleteJar(jarId), { name: 'FlinkRestError', reason: 'NotFound' });
    await assert.rejects(client.runJar(jarId, {}), { name: 'FlinkRestError', reason: 'NotFound' });
  });

  it('a jar that is not one is refused by the JobManager with its reason (400)', async () => {
    await assert.rejects(client.uploadJar('notes.txt', zip([{ name: 'a.txt', data: 'x' }])), (e: unknown) => {
      assert.ok(e instanceof FlinkRestError);
      assert.equal(e.reason, 'BadRequest');
      assert.match(e.message, /Only Jar files are allowed/);
      return true;
    });
  });

  it('once the forward stops: Refused, saying the port-forward has stopped', async () => {
    await forwards.stop(forwardId);
    await assert.rejects(client.overview(), (e: unknown) => {
      assert.ok(e instanceof FlinkRestError);
      assert.ok(e.reason === 'Refused' || e.reason === 'Reset', e.reason);
      assert.match(e.message, /port-forward/);
      return true;
    });
  });
});
