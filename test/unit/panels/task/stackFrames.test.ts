import * as assert from 'node:assert/strict';
import {
  isLibraryClass,
  locate,
  parseFrame,
  parseStackTrace,
  resolveFrames,
  sourceClassOf,
  sourceGlob,
  type SourceLocation,
  type SourceLocator,
} from '../../../../src/panels/task/stackFrames';

const TRACE = [
  'org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy',
  '\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:176)',
  '\tat java.base/java.lang.Thread.run(Thread.java:829)',
  'Caused by: java.lang.IllegalStateException: order 17 has no customer',
  '\tat com.example.orders.OrderEnricher.map(OrderEnricher.java:42)',
  '\tat com.example.orders.OrderEnricher$CustomerLookup.apply(OrderEnricher.java:88)',
  '\tat com.example.orders.OrderJob$$Lambda$1234/0x0000000800c4b440.apply(Unknown Source)',
  '\tat app//com.example.orders.OrderSource.run(OrderSource.java:61)',
  '\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  '\t... 12 more',
  'Caused by: java.io.IOException: connection reset',
  '\tat com.example.orders.CustomerClient.get(CustomerClient.kt:7) ~[orders.jar:?]',
  '\tSuppressed: java.lang.RuntimeException: close failed',
  '\t\tat com.example.orders.CustomerClient.close(CustomerClient.kt:19)',
  '\t\t... 3 more',
].join('\n');

describe('stack frames', () => {
  it('parses frames with a module prefix, inner classes, lambdas, native and unknown sources, and keeps the other lines as text', () => {
    const lines = parseStackTrace(TRACE);
    assert.equal(lines.length, 15);
    assert.deepEqual(lines[0], { text: TRACE.split('\n')[0], inWorkspace: false });
    assert.deepEqual(
      { className: lines[2].className, method: lines[2].method, file: lines[2].file, line: lines[2].line },
      { className: 'java.lang.Thread', method: 'run', file: 'Thread.java', line: 829 },
    );
    assert.equal(lines[3].className, undefined);
    assert.match(lines[3].text, /^Caused by: java.lang.IllegalStateException/);
    assert.deepEqual(lines[4], {
      text: 'at com.example.orders.OrderEnricher.map(OrderEnricher.java:42)',
      className: 'com.example.orders.OrderEnricher',
      method: 'map',
      file: 'OrderEnricher.java',
      line: 42,
      inWorkspace: false,
    });
    assert.equal(lines[5].className, 'com.example.orders.OrderEnricher$CustomerLookup');
    assert.equal(lines[5].line, 88);
    // A lambda's hidden class belongs to the class that wrote it; its source is unknown, so it has no file.
    assert.equal(lines[6].className, 'com.example.orders.OrderJob');
    assert.equal(lines[6].method, 'apply');
    assert.equal(lines[6].file, undefined);
    assert.equal(lines[7].className, 'com.example.orders.OrderSource');
    assert.equal(lines[7].file, 'OrderSource.java');
    assert.equal(lines[8].file, undefined);
    assert.equal(lines[8].line, undefined);
    assert.equal(lines[9].className, undefined);
    assert.match(lines[9].text, /\.\.\. 12 more/);
    assert.equal(lines[11].file, 'CustomerClient.kt');
    assert.equal(lines[11].line, 7);
    assert.match(lines[12].text, /Suppressed: java.lang.RuntimeException/);
    assert.equal(lines[13].method, 'close');
  });

  it('refuses what is not a frame, and cuts a huge trace with a line saying how much is left', () => {
    assert.equal(parseFrame('at nothing'), undefined);
    assert.equal(parseFrame('<script>alert(1)</script>'), undefined);
    assert.equal(parseFrame('\tat com.example.X.<init>(X.java:3)')?.method, '<init>');
    const big = ['java.lang.StackOverflowError', ...Array.from({ length: 1000 }, (_, i) => `\tat a.B.c(B.java:${i + 1})`)].join('\n');
    const lines = parseStackTrace(big);
    assert.equal(lines.length, 400);
    assert.match(lines[399].text, /^\.\.\. 602 more lines$/);
  });

  it('finds the source of a class by its package folders and file name', () => {
    assert.equal(
      sourceGlob('com.example.orders.OrderEnricher$CustomerLookup', 'OrderEnricher.java'),
      '**/com/example/orders/OrderEnricher.java',
    );
    assert.equal(sourceGlob('Main', 'Main.java'), '**/Main.java');
    assert.equal(sourceClassOf('com.example.Job$$Lambda$12/0x00000008'), 'com.example.Job');
    assert.equal(isLibraryClass('org.apache.flink.streaming.api.operators.StreamMap'), true);
    assert.equal(isLibraryClass('com.example.orders.OrderEnricher'), false);
  });

  it('marks the frames the locator finds in the workspace, asking once per class and file, never for library classes', async () => {
    const asked: string[] = [];
    const locator: SourceLocator = {
      async find(className, fileName) {
        asked.push(`${className}|${fileName}`);
        if (fileName === 'CustomerClient.kt') throw new Error('the file system failed');
        return className.startsWith('com.example.orders.Order') ? { uri: `file:///ws/src/${fileName}`, line: 1 } : undefined;
      },
    };
    const cache = new Map<string, Promise<SourceLocation | undefined>>();
    const lines = await resolveFrames(parseStackTrace(TRACE), locator, cache);
    const linked = lines.filter((l) => l.inWorkspace).map((l) => l.text);
    assert.deepEqual(linked, [
      'at com.example.orders.OrderEnricher.map(OrderEnricher.java:42)',
      'at com.example.orders.OrderEnricher$CustomerLookup.apply(OrderEnricher.java:88)',
      'at app//com.example.orders.OrderSource.run(OrderSource.java:61)',
    ]);
    assert.ok(!asked.some((a) => a.startsWith('java.') || a.startsWith('org.apache.flink') || a.startsWith('sun.')));
    const again = asked.length;
    await resolveFrames(parseStackTrace(TRACE), locator, cache);
    assert.equal(asked.length, again, 'the second trace is answered from the cache');
    assert.deepEqual(await locate('com.example.orders.OrderSource', 'OrderSource.java', locator, cache), {
      uri: 'file:///ws/src/OrderSource.java',
      line: 1,
    });
  });
});
