import * as assert from 'node:assert/strict';
import { MAX_LINE_CHARS, podLogBatches, sanitizeLogLine } from '../../../src/kube/podLogs';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

describe('pod logs', function () {
  this.timeout(20_000);
  let fx: EmulatorFixture;
  let transport: KubeTransport;
  let uid: string;
  before(async () => {
    fx = await startEmulator();
    transport = new KubeTransport(fx.kc());
    fx.namespace('logs');
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'logs' },
      spec: { containers: [{ name: 'main', image: 'app:1' }] },
    });
    const pod = await until(() => {
      const p = fx.emulator.api.store.get('/pods', 'logs', 'p');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    uid = pod.metadata.uid;
  });
  after(() => fx.emulator.stop());

  it('makes binary and control characters visible and cuts huge lines', () => {
    assert.equal(sanitizeLogLine('a\u0000b\u001b[31mc\td\r'), 'a\\x00b\\x1b[31mc\td');
    const huge = sanitizeLogLine('x'.repeat(MAX_LINE_CHARS + 10));
    assert.ok(huge.startsWith('x'.repeat(MAX_LINE_CHARS)));
    assert.match(huge, /\[line cut: 10 more characters\]$/);
  });

  it('streams every line in order, in batches, with a tail', async () => {
    for (let i = 0; i < 5000; i++) fx.emulator.logs.append(uid, 'main', `line ${i}`);
    const lines: string[] = [];
    let batches = 0;
    for await (const batch of podLogBatches(transport, 'logs', 'p', { tailLines: 5000 }, undefined, 1000)) {
      batches++;
      lines.push(...batch);
    }
    assert.equal(lines.length, 5000);
    assert.equal(lines[0], 'line 0');
    assert.equal(lines[4999], 'line 4999');
    assert.ok(batches >= 5);
  });

  it('decodes invalid UTF-8 and binary bytes without breaking the stream', async () => {
    fx.emulator.logs.append(uid, 'main', `bin\u0001\u0002 ${'é'.repeat(3)} end`);
    const lines: string[] = [];
    for await (const batch of podLogBatches(transport, 'logs', 'p', { tailLines: 1 })) lines.push(...batch);
    assert.deepEqual(lines, ['bin\\x01\\x02 ééé end']);
  });

  it('follows until aborted', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const batch of podLogBatches(transport, 'logs', 'p', { follow: true, tailLines: 0 }, abort.signal)) seen.push(...batch);
    })();
    // Lines written before the stream is open are not followed (tailLines 0): write until one arrives.
    for (let i = 0; !seen.some((l) => l.startsWith('followed line')); i++) {
      fx.emulator.logs.append(uid, 'main', `followed line ${i}`);
      await until(() => seen.some((l) => l.startsWith('followed line')), 200).catch(() => undefined);
    }
    abort.abort();
    await done;
  });

  it('reads the log of a pod no node runs yet as empty (the API answers 204)', async () => {
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unscheduled', namespace: 'logs' },
      spec: { schedulerName: 'someone-else', containers: [{ name: 'main', image: 'app:1' }] },
    });
    const lines: string[] = [];
    for await (const batch of podLogBatches(transport, 'logs', 'unscheduled')) lines.push(...batch);
    assert.deepEqual(lines, []);
  });

  it('reports a container waiting to start as a 400 once its pod is on a node', async () => {
    fx.emulator.applyInternal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pulling', namespace: 'logs' },
      spec: { containers: [{ name: 'main', image: 'app:missing' }] },
    });
    await until(() => fx.emulator.api.store.get('/pods', 'logs', 'pulling')?.spec?.nodeName, 10_000, 'the pod bound to a node');
    await assert.rejects(
      (async () => {
        for await (const _ of podLogBatches(transport, 'logs', 'pulling')) void _;
      })(),
      (e: any) => e.code === 400 && /waiting to start/.test(e.message),
    );
  });
});
