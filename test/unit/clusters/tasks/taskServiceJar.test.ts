import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { TaskRunParams } from '../../../../src/clusters/session/tasks/taskTypes';
import { EmulatorFixture, startEmulator } from '../../support/emulatorFixture';
import { operationContext, TestContext } from '../../support/lifecycleFixture';
import { runningSession, taskWindow, TaskWindow, whenTasks } from './taskFixture';

const getJson = (url: string): Promise<any> =>
  new Promise((resolve, reject) =>
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject),
  );

describe('FlinkTaskService: runs from a workspace jar (against the emulator)', function () {
  this.timeout(40_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  const ns = 'jar-runs';
  const windows: TaskWindow[] = [];
  const open = async (deps: Parameters<typeof taskWindow>[3] = {}) => {
    const w = await taskWindow(fx, [ns], 'admin', deps);
    windows.push(w);
    return w;
  };
  const params = (patch: Partial<TaskRunParams> = {}): TaskRunParams => ({
    namespace: ns,
    cluster: 'orders',
    name: 'fraud-detector',
    source: { kind: 'jar', path: '/workspace/fraud/target/fraud-1.0.jar' },
    entryClass: 'com.example.fraud.FraudDetectionJob',
    args: ['--window', '5m'],
    parallelism: 2,
    ...patch,
  });

  before(async () => {
    fx = await startEmulator();
    fx.namespace(ns);
    admin = operationContext(fx, 'all');
    await admin.model.whenReady('session');
    await runningSession(admin, ns, 'orders');
  });
  afterEach(() => windows.splice(0).forEach((w) => w.dispose()));
  after(async () => {
    admin?.dispose();
    await fx?.emulator.stop();
  });

  it('uploads the jar through the JobManager forward with progress, runs it, deletes the jar and remembers the run and its job', async () => {
    let rememberedBeforeRead = false;
    const w = await open({
      readJar: async () => {
        rememberedBeforeRead = w.store.get('fraud-detector') !== undefined;
        return new Uint8Array(10_000);
      },
    });
    const progress: [string, number | undefined][] = [];
    const task = await w.service.run(params(), { progress: (m, f) => progress.push([m, f]) });
    assert.ok(rememberedBeforeRead, 'the run is remembered before the jar is read');
    // The REST client talks to the JobManager through a real forward of this connection.
    assert.match(w.baseUrls[0], /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await getJson(`${w.baseUrls[0]}/config`))['flink-version'] !== undefined, true);
    assert.deepEqual(w.rest.calls, ['upload fraud-1.0.jar', 'run 1_fraud-1.0.jar', 'delete 1_fraud-1.0.jar']);
    assert.deepEqual(w.rest.runs[0].request, {
      entryClass: 'com.example.fraud.FraudDetectionJob',
      programArgsList: ['--window', '5m'],
      parallelism: 2,
      savepointPath: undefined,
      allowNonRestoredState: undefined,
    });
    assert.equal(w.rest.jars.size, 0);
    const fractions = progress.map(([, f]) => f).filter((f): f is number => f !== undefined);
    assert.deepEqual(
      [...fractions].sort((a, b) => a - b),
      fractions,
      'progress only grows',
    );
    assert.ok(progress.some(([m, f]) => /Uploading fraud-1.0.jar/.test(m) && f! > 0.4 && f! < 0.85));
    assert.equal(fractions.at(-1), 1);
    assert.equal(w.store.lastJob('fraud-detector'), task.jobId);
    assert.equal(task.state, 'RUNNING');
    assert.equal(task.managed, false);
    assert.equal(task.runName, 'fraud-detector');
    assert.equal(task.key, `${ns}/orders/${task.jobId}`);
    assert.deepEqual(await w.service.slots({ namespace: ns, cluster: 'orders' }), { total: 8, free: 7 });
    assert.equal(w.forwardCalls(), 1, 'later calls reuse the running forward');
  });

  it('keeps the uploaded jar when the setting says so', async () => {
    const w = await open({ keepJars: true });
    await w.service.run(params());
    assert.equal(w.rest.jars.size, 1);
    assert.equal(
      w.rest.calls.some((c) => c.startsWith('delete')),
      false,
    );
  });

  it('stops with a savepoint, remembers it, and runs again from it (or clean, from nothing)', async () => {
    const w = await open();
    const first = await w.service.run(params({ savepointPath: undefined }));
    const location = await w.service.stop(first, 'savepoint');
    assert.match(location!, /^s3:\/\/savepoints\/orders\/savepoint-/);
    assert.equal(w.store.get('fraud-detector')!.savepointPath, location);
    const stopped = w.service.task(first.key)!;
    assert.equal(stopped.state, 'FINISHED');
    assert.equal(w.service.refusal(stopped, 'runAgain'), undefined);
    const again = await w.service.run(w.store.get('fraud-detector')!);
    assert.equal(w.rest.runs[1].request.savepointPath, location);
    assert.notEqual(again.jobId, first.jobId);
    await w.service.run(w.store.get('fraud-detector')!, { clean: true });
    assert.equal(w.rest.runs[2].request.savepointPath, undefined, 'a clean run restores nothing');
  });

  it('runs again while the previous job is live: a stateful job stops with a savepoint first, a clean run cancels it', async () => {
    const w = await open();
    const first = await w.service.run(params());
    const second = await w.service.run(params());
    const sp = w.rest.runs[1].request.savepointPath;
    assert.match(sp!, /savepoint-/);
    assert.ok(w.rest.calls.includes(`stop ${first.jobId}`));
    assert.equal(w.rest.jobs.get(first.jobId!)!.overview.state, 'FINISHED');
    assert.equal(w.store.get('fraud-detector')!.savepointPath, sp);
    await w.service.run(params(), { clean: true });
    assert.ok(w.rest.calls.includes(`cancel ${second.jobId}`));
    assert.equal(w.rest.runs[2].request.savepointPath, undefined);
    // A job that never completed a checkpoint has no state to keep: it is cancelled.
    w.rest.checkpointsOfNewJobs = 0;
    const third = await w.service.run(params({ name: 'stateless' }));
    await w.service.run(params({ name: 'stateless' }));
    assert.ok(w.rest.calls.includes(`cancel ${third.jobId}`));
    assert.equal(w.rest.runs.at(-1)!.request.savepointPath, undefined);
  });

  it('keeps the old job running when its savepoint fails, and says why', async () => {
    const w = await open();
    const first = await w.service.run(params());
    w.rest.savepointFailure = 'java.util.concurrent.TimeoutException: Checkpoint expired before completing.\n\tat x';
    await assert.rejects(
      w.service.stop(first, 'savepoint'),
      /savepoint of job .* failed.*TimeoutException: Checkpoint expired before completing\.$/,
    );
    assert.equal(w.rest.jobs.get(first.jobId!)!.overview.state, 'RUNNING');
  });

  it('watches the job list: merges it, fetches a failed job root exception once, and stops polling without watchers', async () => {
    const w = await open();
    const ref = { namespace: ns, cluster: 'orders' };
    const jid = w.rest.addJob('RUNNING', { name: 'Someone else' });
    const sub = w.service.watch(ref);
    const listed = await whenTasks(w.service, () => w.service.tasksOf(ref)?.find((t) => t.jobId === jid), 'the unmanaged job');
    assert.equal(listed.managed, false);
    assert.equal(listed.name, 'Someone else');
    assert.equal(
      w.service.refusal(listed, 'runAgain'),
      'This task was not started from this workspace, so its jar and arguments are not known here.',
    );
    w.rest.setState(jid, 'FAILED');
    const failed = await whenTasks(
      w.service,
      () => {
        const t = w.service.task(listed.key);
        return t?.failure ? t : undefined;
      },
      'the failure',
    );
    assert.equal(failed.failure, 'java.lang.IllegalStateException: Invalid transaction 17');
    // Later polls do not ask again.
    w.rest.addJob('RUNNING');
    await whenTasks(w.service, () => w.service.tasksOf(ref)!.length === 2, 'the next poll');
    assert.equal(w.rest.calls.filter((c) => c === `exceptions ${jid}`).length, 1);
    assert.equal(w.service.isWatched(ref), true);
    sub.dispose();
    sub.dispose();
    assert.equal(w.service.isWatched(ref), false, 'no watcher: the poll stops');
  });

  it('says what went wrong: a JobManager error, a forward that fails, a cluster that is not there; the run stays remembered', async () => {
    const w = await open();
    w.rest.runError = Object.assign(
      new Error('org.apache.flink.client.program.ProgramInvocationException: The main method caused an error'),
      {
        status: 500,
      },
    );
    await assert.rejects(
      w.service.run(params({ name: 'broken' })),
      /The JobManager of orders could not run fraud-1\.0\.jar: .*main method caused an error/,
    );
    assert.ok(w.store.get('broken'), 'remembered although it failed');
    assert.equal(w.rest.jars.size, 0, 'the jar is deleted after a failed run too');
    const noForward = await open({
      forwards: { forwardFlinkRest: () => Promise.reject(new Error('pods "orders-jm" is forbidden')) },
    });
    await assert.rejects(
      noForward.service.run(params()),
      /Could not open a port-forward to the JobManager of orders: pods "orders-jm" is forbidden/,
    );
    await assert.rejects(w.service.run(params({ cluster: 'nowhere' })), /Session cluster nowhere does not exist in jar-runs/);
    await assert.rejects(w.service.run(params({ parallelism: 0 })), /parallelism/);
  });
});
