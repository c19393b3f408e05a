import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock, Random } from '../clock';
import { ACC_PUBLIC, ACC_STATIC, parseClass } from '../flink/classFile';
import { DEMO_ENTRY_CLASS, DEMO_JAR_PATH, DEMO_JOB_DIR } from '../flink/demoJar';
import { mapFailure } from '../flink/failure';
import { jarEntryClass, readJar } from '../flink/jarFile';
import { FlinkJob, JobHost, Slot } from '../flink/jobs';

const SOURCES = path.join(DEMO_JOB_DIR, 'src', 'main', 'java');
const jar = () => fs.readFileSync(DEMO_JAR_PATH);

/** `file:line` of the first line of the demo source `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(SOURCES, 'com', 'example', 'orders', file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${file} has no line with ${text}`);
  return i + 1;
}

/** The `\tat` lines of a stack trace that name the demo's own classes, parsed. */
function userFrames(stacktrace: string): { cls: string; method: string; file: string; line: number }[] {
  return stacktrace
    .split('\n')
    .filter((l) => l.startsWith('\tat com.example.'))
    .map((l) => {
      const m = /^\tat ([\w.$]+)\.([\w$<>]+)\(([\w$]+\.java):(\d+)\)$/.exec(l);
      assert.ok(m, `not a frame with a file and line: ${l}`);
      return { cls: m[1], method: m[2], file: m[3], line: Number(m[4]) };
    });
}

/** Runs the demo jar's entry class as the JobManager does, on a fast clock, until its first failure. */
async function failOnce(entryClass: string, failAfter: number): Promise<string> {
  const clock = new Clock(1000);
  const slot: Slot = { tmId: 'tm-1', podUid: 'pod-1', host: '10.0.0.7' };
  const printed: string[] = [];
  let failed!: () => void;
  const done = new Promise<void>((resolve) => (failed = resolve));
  const host: JobHost = {
    clock,
    random: new Random(7),
    allocate: () => [slot],
    release: () => undefined,
    log: (line) => line.includes('to FAILED.') && failed(),
    print: (text) => printed.push(text),
    config: (key) => ({ 'restart-strategy.fixed-delay.attempts': '0' })[key],
    savepointWritten: () => undefined,
  };
  const job = new FlinkJob(host, {
    jarId: 'x_orders-job-1.0.jar',
    entryClass,
    args: ['--fail-after', String(failAfter)],
    parallelism: 1,
    jar: jar(),
  });
  try {
    await done;
  } finally {
    job.dispose();
    clock.cancelAll();
  }
  assert.equal(job.failures.length, 1);
  // The TaskManager's output carries the same trace the REST API reports.
  assert.equal(printed.filter((l) => l.startsWith('\tat ')).join('\n'), job.failures[0].stacktrace.split('\n').slice(1).join('\n'));
  return job.failures[0].stacktrace;
}

/**
 * The demo workspace's Flink job (demo/workspace/orders-job) and the emulator's failures of it: a
 * job run from that jar fails with frames that name the demo's real files and lines, read from the
 * jar's classes, so a stack frame opened from the task panel lands on the line that threw.
 */
describe('Demo Flink job: the jar and the stack traces the emulator reports for it', function () {
  this.timeout(30_000);

  it('the jar names OrdersJob in its manifest, has two public mains and keeps Flink out (provided)', () => {
    const entries = readJar(jar())!;
    assert.equal(jarEntryClass(entries), DEMO_ENTRY_CLASS);
    assert.deepEqual(
      [...entries.keys()].filter((n) => !n.startsWith('com/example/orders/') && n !== 'META-INF/MANIFEST.MF'),
      [],
    );
    const mains = [...entries]
      .filter(([n]) => n.endsWith('.class'))
      .map(([, bytes]) => parseClass(bytes))
      .flatMap((c) => c.methods.filter((m) => m.name === 'main' && m.descriptor === '([Ljava/lang/String;)V').map((m) => ({ c, m })));
    const runnable = (m: { access: number }) => (m.access & (ACC_PUBLIC | ACC_STATIC)) === (ACC_PUBLIC | ACC_STATIC);
    assert.deepEqual(
      mains
        .filter(({ m }) => runnable(m))
        .map(({ c }) => c.name)
        .sort(),
      ['com.example.orders.OrdersJob', 'com.example.orders.ReplayJob'],
    );
    assert.deepEqual(
      mains.filter(({ m }) => !runnable(m)).map(({ c }) => c.name),
      ['com.example.orders.OrderFixtures'],
    );
  });

  it('a --fail-after failure of OrdersJob names the map’s throw, its bridge and the source’s collect, as the sources have them', async () => {
    const trace = await failOnce(DEMO_ENTRY_CLASS, 3);
    assert.match(trace, /^java\.lang\.IllegalStateException: Order 3 has no customer\n\tat /);
    const frames = userFrames(trace);
    assert.deepEqual(frames, [
      {
        cls: 'com.example.orders.OrderEnricher',
        method: 'map',
        file: 'OrderEnricher.java',
        line: lineOf('OrderEnricher.java', 'throw new IllegalStateException'),
      },
      {
        cls: 'com.example.orders.OrderEnricher',
        method: 'map',
        file: 'OrderEnricher.java',
        line: lineOf('OrderEnricher.java', 'public class OrderEnricher'),
      },
      { cls: 'com.example.orders.OrderSource', method: 'run', file: 'OrderSource.java', line: lineOf('OrderSource.java', 'ctx.collect(') },
    ]);
    for (const f of frames)
      assert.ok(fs.existsSync(path.join(SOURCES, ...f.cls.split('.').slice(0, -1), f.file)), `${f.file} is in the demo sources`);
    // Flink's own frames sit between the map and the source, as a chained map's failure has them.
    const lines = trace.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    assert.ok(at('OrderEnricher.map') < at('StreamMap.processElement'));
    assert.ok(at('StreamMap.processElement') < at('OrderSource.run'));
    assert.ok(at('OrderSource.run') < at('SourceStreamTask$LegacySourceFunctionThread.run'));
  });

  it('ReplayJob (a sequence source of Flink’s) fails in the same map, with no frame of a source of its own', async () => {
    const trace = await failOnce('com.example.orders.ReplayJob', 2);
    assert.deepEqual(
      userFrames(trace).map((f) => `${f.cls}.${f.method}:${f.line}`),
      [
        `com.example.orders.OrderEnricher.map:${lineOf('OrderEnricher.java', 'throw new IllegalStateException')}`,
        `com.example.orders.OrderEnricher.map:${lineOf('OrderEnricher.java', 'public class OrderEnricher')}`,
      ],
    );
    assert.match(trace, /\n\tat org\.apache\.flink\.streaming\.api\.operators\.SourceOperator\.emitNext\(/);
  });

  it('without a readable jar, frames named after the entry class stand in', () => {
    const failure = mapFailure({ entryClass: 'com.acme.Clicks', jar: Buffer.from('not a zip') }, 7, 7);
    assert.equal(failure.message, 'Clicks failed on record 7: --fail-after 7 reached');
    assert.deepEqual(failure.frames.slice(0, 2), ['\tat com.acme.Clicks.map(Clicks.java:42)', '\tat com.acme.Clicks.map(Clicks.java:18)']);
    assert.ok(failure.frames.includes('\tat com.acme.ClicksSource.run(ClicksSource.java:61)'));
  });

  it('the committed jar is what build.sh builds from the sources (byte for byte)', function () {
    this.timeout(120_000);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-job-'));
    try {
      for (const part of ['build.sh', 'src', 'build-stubs'])
        fs.cpSync(path.join(DEMO_JOB_DIR, part), path.join(copy, part), { recursive: true });
      execFileSync('bash', [path.join(copy, 'build.sh')], { stdio: 'pipe' });
      assert.ok(
        fs.readFileSync(path.join(copy, 'target', 'orders-job-1.0.jar')).equals(jar()),
        'rebuild the jar: demo/workspace/orders-job/build.sh',
      );
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
