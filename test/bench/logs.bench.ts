/**
 * Driver log throughput (issue 5): lines streamed from the API (pods/log with follow, over HTTPS
 * from an emulator in its own process) through podLogBatches and the LineBatcher the output
 * channel uses, into a sink standing in for OutputChannel.append. Prints sustained lines per
 * second and heap growth per million lines. VS Code's own rendering is not part of the figure.
 */
import { LineBatcher } from '../../src/common/lineBatcher';
import { podLogBatches } from '../../src/kube/podLogs';
import { KubeTransport } from '../../src/kube/kubeTransport';
import { startBenchEmulator } from './benchEmulator';
import { bench, runBench } from './report';

const LINES = 1_000_000;
const CHUNK = 20_000;
const LINE = '25/11/22 18:00:01 INFO DAGScheduler: Job 4711 finished: collect at <console>:1, took 0.123456 s [stage 42]';

async function main(): Promise<void> {
  const emulator = await startBenchEmulator('empty', 50);
  try {
    const kc = emulator.kc;
    const t = new KubeTransport(kc);
    await t.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'logs' } } });
    await t.request('POST', '/api/v1/namespaces/logs/pods', {
      body: {
        metadata: { name: 'driver', labels: { 'spark-role': 'driver' } },
        spec: { containers: [{ name: 'spark-driver', image: 'apache/spark:3.5.3' }] },
      },
    });
    for (let i = 0; (await t.request('GET', '/api/v1/namespaces/logs/pods/driver')).status?.phase !== 'Running'; i++) {
      if (i > 200) throw new Error('driver pod never ran');
      await new Promise((r) => setTimeout(r, 50));
    }
    const append = (text: string, repeat: number) =>
      t.request('POST', '/emulator/logs/append', { body: { namespace: 'logs', pod: 'driver', text, repeat } });

    let appends = 0;
    let received = 0;
    const batcher = new LineBatcher(() => void appends++, 100, 100_000);
    const abort = new AbortController();
    const reader = (async () => {
      for await (const batch of podLogBatches(t, 'logs', 'driver', { follow: true, tailLines: 0 }, abort.signal)) {
        received += batch.length;
        batcher.push(batch);
        if (received >= LINES) break;
      }
    })();
    while (received === 0) {
      await append('marker', 1);
      await new Promise((r) => setTimeout(r, 50));
    }
    received = 0;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const guard = setTimeout(() => {
      console.error(`logs bench: only ${received} of ${LINES} lines after 120 s`);
      process.exit(1);
    }, 120_000);
    // Keep a few requests' worth of lines in flight so the producer is never the one waiting.
    for (let sent = 0; sent < LINES; sent += CHUNK) {
      await append(LINE, CHUNK);
      while (sent - received > 4 * CHUNK) await new Promise((r) => setTimeout(r, 5));
    }
    await reader;
    clearTimeout(guard);
    batcher.flush();
    const secs = (performance.now() - started) / 1000;
    global.gc?.();
    bench('driver_log_lines_per_second', Math.round(received / secs), 'lines/s');
    bench('driver_log_appends_per_second', appends / secs, 'appends/s');
    bench(
      'driver_log_heap_growth_per_million_lines',
      ((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) * (1_000_000 / received),
      'MiB',
    );
    abort.abort();
    batcher.dispose();
  } finally {
    emulator.stop();
  }
}

runBench(main);
