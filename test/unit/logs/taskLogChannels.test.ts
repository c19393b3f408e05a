import * as assert from 'node:assert/strict';
import type { FlinkRest } from '../../../src/clusters/session/tasks/flinkRest';
import { OutputFilter, isLog4jLine, jobTaskManagerPods } from '../../../src/clusters/session/tasks/taskLogs';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { TaskLogChannels, TaskOutputChannel } from '../../../src/logs/taskLogChannels';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { fakeTask } from '../support/fakeTaskService';

describe('the job output filter', () => {
  it('keeps print-sink and System.out lines, drops log4j lines and the stack traces after them', () => {
    const f = new OutputFilter();
    const out = f.push([
      '2026-12-01 10:00:00,123 INFO  org.apache.flink.runtime.taskmanager.Task                    [] - Source: orders (1/2)#0 switched from DEPLOYING to RUNNING.',
      '1> Order{id=1, amount=12.50}',
      '2> Order{id=2, amount=3.10}',
      'hello from System.out',
      '2026-12-01 10:00:01,000 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Map (1/2)#0 failed.',
      'java.lang.IllegalStateException: Order 3 has no customer',
      '\tat com.example.orders.Enrich.map(Enrich.java:42)',
      '\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)',
      'Caused by: java.lang.NullPointerException: customer',
      '\t... 12 more',
      '1> Order{id=4, amount=1.00}',
    ]);
    assert.deepEqual(out, [
      '1> Order{id=1, amount=12.50}',
      '2> Order{id=2, amount=3.10}',
      'hello from System.out',
      '1> Order{id=4, amount=1.00}',
    ]);
  });

  it('remembers a log line across batches: its stack trace in the next batch is still the log', () => {
    const f = new OutputFilter();
    assert.deepEqual(f.push(['2026-12-01 10:00:01,000 ERROR org.apache.flink.runtime.taskmanager.Task [] - failed']), []);
    assert.deepEqual(f.push(['java.lang.RuntimeException: boom', '\tat a.B.c(B.java:1)', 'printed']), ['printed']);
  });

  it('tells log4j lines by their timestamp and level', () => {
    assert.equal(isLog4jLine('2026-12-01 10:00:00,123 INFO  org.apache.flink.X [] - m'), true);
    assert.equal(isLog4jLine('2026-12-01 10:00:00,123 ERROR org.apache.flink.X [] - m'), true);
    assert.equal(isLog4jLine('1> 2026-12-01 10:00:00,123 INFO  looks like a log'), false);
    assert.equal(isLog4jLine('2026-12-01 is a date a job printed'), false);
  });
});

/** An output channel that records what it was given. */
class FakeChannel implements TaskOutputChannel {
  text = '';
  shown = 0;
  disposed = false;
  constructor(readonly title: string) {}
  append(t: string): void {
    this.text += t;
  }
  show(): void {
    this.shown++;
  }
  dispose(): void {
    this.disposed = true;
  }
}

describe('task log and output channels (against the emulator)', function () {
  this.timeout(60_000);
  let fx: EmulatorFixture;
  let transport: KubeTransport;
  let channels: TaskLogChannels;
  const made: FakeChannel[] = [];
  const ns = 'streaming';
  const cluster = 'orders-stream';
  const flinkPods = (component: string) =>
    fx.emulator.api.store
      .list('/pods', ns)
      .filter(
        (p: any) => p.metadata.labels?.app === cluster && p.metadata.labels?.component === component && p.status?.phase === 'Running',
      );

  before(async () => {
    fx = await startEmulator({ load: 'demo' });
    transport = new KubeTransport(fx.kc());
    await until(() => flinkPods('jobmanager').length && flinkPods('taskmanager').length, 30_000, 'the Flink pods');
    channels = new TaskLogChannels(
      () => transport,
      (title) => {
        const c = new FakeChannel(title);
        made.push(c);
        return c;
      },
      () => 50,
    );
  });
  after(async () => {
    channels.dispose();
    transport.dispose();
    await fx.emulator.stop();
  });

  const task = fakeTask({ namespace: ns, cluster, name: 'orders-enrich', jobId: 'a1' });

  it('logs: one channel per task, reused, with the JobManager and TaskManager lines prefixed by their pod', async () => {
    channels.showLogs(task);
    const jm = flinkPods('jobmanager')[0];
    const tm = flinkPods('taskmanager')[0];
    const ch = made.find((c) => c.title === 'Flink task orders-enrich: logs')!;
    assert.ok(ch);
    await until(() => ch.text.includes(`Following TaskManager pod ${tm.metadata.name}`), 10_000, 'the TaskManager followed');
    await until(() => ch.text.includes(`Following JobManager pod ${jm.metadata.name}`), 10_000, 'the JobManager followed');
    fx.emulator.logs.append(jm.metadata.uid, 'flink-main-container', 'jm marker line');
    fx.emulator.logs.append(tm.metadata.uid, 'flink-main-container', 'tm marker line');
    await until(() => ch.text.includes(`[${jm.metadata.name}] jm marker line`), 10_000, 'the JobManager line');
    await until(() => ch.text.includes(`[${tm.metadata.name}] tm marker line`), 10_000, 'the TaskManager line');

    channels.showLogs(task);
    assert.equal(made.filter((c) => c.title === ch.title).length, 1, 'the channel is reused');
    assert.equal(ch.shown, 2);
    assert.equal(ch.text.split('jm marker line').length, 2, 'a second show does not read the log again');
  });

  it('output: only what the job prints, from the TaskManagers, and a replaced TaskManager pod is followed', async () => {
    const tm = flinkPods('taskmanager')[0];
    fx.emulator.logs.append(tm.metadata.uid, 'flink-main-container', '2026-12-01 10:00:01,000 WARN  org.apache.flink.X [] - failed');
    fx.emulator.logs.append(tm.metadata.uid, 'flink-main-container', 'java.lang.IllegalStateException: nope');
    fx.emulator.logs.append(tm.metadata.uid, 'flink-main-container', '\tat com.example.A.b(A.java:1)');
    fx.emulator.logs.append(tm.metadata.uid, 'flink-main-container', '1> Order{id=7}');
    channels.showOutput(task);
    const ch = made.find((c) => c.title === 'Flink task orders-enrich: output')!;
    await until(() => ch.text.includes(`[${tm.metadata.name}] 1> Order{id=7}`), 10_000, 'the printed line');
    assert.doesNotMatch(ch.text, /nope|A\.java|INFO|WARN/);
    assert.doesNotMatch(ch.text, /jm marker line/, 'nothing of the JobManager');

    // The TaskManager pod is replaced (deleted; its Deployment makes a new one).
    await transport.request('DELETE', `/api/v1/namespaces/${ns}/pods/${tm.metadata.name}`, {});
    await until(() => ch.text.includes(`Pod ${tm.metadata.name} is gone`), 20_000, 'the old pod gone');
    const next = await until(
      () =>
        flinkPods('taskmanager').find(
          (p: any) => p.metadata.name !== tm.metadata.name && ch.text.includes(`Following TaskManager pod ${p.metadata.name}`),
        ),
      30_000,
      'the new TaskManager followed',
    );
    fx.emulator.logs.append(next.metadata.uid, 'flink-main-container', '2> Order{id=8}');
    await until(() => ch.text.includes(`[${next.metadata.name}] 2> Order{id=8}`), 10_000, 'the new pod printed line');
  });

  it('output of a job: only the TaskManagers the JobManager says its subtasks run on', async () => {
    const tms = await until(() => flinkPods('taskmanager').length >= 2 && flinkPods('taskmanager'), 30_000, 'two TaskManagers');
    const [mine, other] = tms;
    // The JobManager's answer: one vertex, running on `mine` (named by its address, as in standalone mode).
    const rest = {
      job: async () => ({ vertices: [{ id: 'v1' }] }),
      vertexTaskManagers: async () => [{ 'taskmanager-id': 'not-a-pod-name', host: `${mine.status.podIP}:6121` }],
    } as unknown as FlinkRest;
    const own = new TaskLogChannels(
      () => transport,
      (title) => {
        const c = new FakeChannel(title);
        made.push(c);
        return c;
      },
      () => 50,
      (t) => jobTaskManagerPods(rest, t.jobId!),
    );
    try {
      fx.emulator.logs.append(other.metadata.uid, 'flink-main-container', '1> printed by another job');
      fx.emulator.logs.append(mine.metadata.uid, 'flink-main-container', '1> printed by this job');
      own.showOutput(fakeTask({ namespace: ns, cluster, name: 'only-mine', jobId: 'b2' }));
      const ch = made.find((c) => c.title === 'Flink task only-mine: output')!;
      await until(() => ch.text.includes(`[${mine.metadata.name}] 1> printed by this job`), 10_000, 'the line of this job');
      // Every pod to read is announced at once, before any line: the other TaskManager is not among them.
      assert.doesNotMatch(ch.text, new RegExp(`Following TaskManager pod ${other.metadata.name}`));
      assert.doesNotMatch(ch.text, /printed by another job/);
    } finally {
      own.dispose();
    }
  });

  it('closing a channel disposes it; showing again makes a new one', () => {
    const before = made.length;
    const old = made.find((c) => c.title === 'Flink task orders-enrich: logs')!;
    channels.close(task, 'logs');
    assert.equal(old.disposed, true);
    channels.showLogs(task);
    assert.equal(made.length, before + 1);
  });
});
