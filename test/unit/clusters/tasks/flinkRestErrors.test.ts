import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { FlinkRestClient, FlinkRestError, FlinkRestErrorReason } from '../../../../src/clusters/session/tasks/flinkRestClient';

/**
 * FlinkRestClient against a tiny local server that answers as a JobManager in trouble does (or as
 * something that is not a JobManager): the errors it gives, the requests it sends.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

const JOB = 'a'.repeat(32);

describe('FlinkRestClient: errors and requests against a local server', function () {
  this.timeout(10_000);
  let server: http.Server;
  let handler: Handler;
  let client: FlinkRestClient;
  let base = '';
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];

  /** Handlers that read the body before answering get it; a handler given `raw` deals with the request itself. */
  const serve = (h: Handler) => (handler = h);
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const rejectsWith = async (p: Promise<unknown>, reason: FlinkRestErrorReason, check?: (e: FlinkRestError) => void) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof FlinkRestError, `expected a FlinkRestError, got ${String(e)}`);
      assert.equal(e.reason, reason, e.message);
      check?.(e);
      return true;
    });
  };

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  beforeEach(() => {
    seen.length = 0;
    client = new FlinkRestClient(base, { timeoutMs: 2000, pollIntervalMs: 5, maxPollIntervalMs: 20 });
  });
  afterEach(() => client.dispose());
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends run, stop, cancel and delete as Flink expects them', async () => {
    serve((req, res) => {
      if (req.url === '/jars/x_app.jar/run') return json(res, 200, { jobid: JOB });
      if (req.url === `/jobs/${JOB}/stop`) return json(res, 202, { 'request-id': 'b'.repeat(32) });
      if (req.method === 'PATCH') return json(res, 202, {});
      return json(res, 200, {});
    });
    const run = await client.runJar('x_app.jar', {
      entryClass: 'com.example.Job',
      programArgsList: ['--rate', '10 20'],
      parallelism: 3,
      savepointPath: 's3://b/sp-1',
      allowNonRestoredState: true,
    });
    assert.equal(run.jobid, JOB);
    assert.equal(seen[0].method, 'POST');
    assert.match(seen[0].headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(seen[0].body.toString()), {
      entryClass: 'com.example.Job',
      programArgsList: ['--rate', '10 20'],
      parallelism: 3,
      savepointPath: 's3://b/sp-1',
      allowNonRestoredState: true,
    });
    assert.equal(await client.stopWithSavepoint(JOB, 's3://b/savepoints', true), 'b'.repeat(32));
    assert.deepEqual(JSON.parse(seen[1].body.toString()), { targetDirectory: 's3://b/savepoints', drain: true });
    await client.cancel(JOB);
    assert.equal(seen[2].method, 'PATCH');
    assert.equal(seen[2].url, `/jobs/${JOB}?mode=cancel`);
    await client.deleteJar('x_app.jar');
    assert.deepEqual([seen[3].method, seen[3].url], ['DELETE', '/jars/x_app.jar']);
    await client.exceptions(JOB, 5).catch(() => undefined);
    assert.equal(seen[4].url, `/jobs/${JOB}/exceptions?maxExceptions=5`);
  });

  it('uploads one multipart part `jarfile` with the file name and the jar type, the bytes intact', async () => {
    serve((_req, res) => json(res, 200, { filename: '/tmp/flink-web-1/flink-web-upload/0f1e_my app.jar', status: 'success' }));
    const content = Buffer.alloc(700_000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31) & 0xff;
    const progress: [number, number][] = [];
    const id = await client.uploadJar('/home/me/target/my app.jar', content, (sent, total) => progress.push([sent, total]));
    assert.equal(id, '0f1e_my app.jar');
    const boundary = /boundary=(\S+)$/.exec(seen[0].headers['content-type'] ?? '')?.[1];
    assert.ok(boundary, String(seen[0].headers['content-type']));
    assert.equal(Number(seen[0].headers['content-length']), seen[0].body.length);
    const body = seen[0].body;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="my app.jar"\r\nContent-Type: application/x-java-archive\r\n\r\n`;
    assert.equal(body.subarray(0, head.length).toString(), head);
    assert.ok(body.subarray(head.length, head.length + content.length).equals(content));
    assert.equal(body.subarray(head.length + content.length).toString(), `\r\n--${boundary}--\r\n`);
    // Progress rises to the whole size, in more than one step.
    assert.deepEqual(progress[0], [0, content.length]);
    assert.deepEqual(progress.at(-1), [content.length, content.length]);
    assert.ok(progress.length > 2, `${progress.length} progress calls`);
    assert.ok(progress.every(([s], i) => i === 0 || s >= progress[i - 1][0]));
  });

  it('404 of a job and 400 of a jar that does not exist: NotFound, naming it, with Flink’s words', async () => {
    serve((req, res) =>
      req.url!.startsWith('/jobs')
        ? json(res, 404, { errors: [`Job ${JOB} not found`] })
        : json(res, 400, { errors: ['File x.jar does not exist in /tmp/flink-web/flink-web-upload.'] }),
    );
    await rejectsWith(client.job(JOB), 'NotFound', (e) => {
      assert.equal(e.status, 404);
      assert.deepEqual(e.errors, [`Job ${JOB} not found`]);
      assert.match(e.message, new RegExp(`does not know job ${JOB} \\(HTTP 404\\).*Flink said: Job ${JOB} not found`));
    });
    await rejectsWith(client.deleteJar('x.jar'), 'NotFound', (e) => {
      assert.equal(e.status, 400);
      assert.match(e.message, /does not have jar x\.jar/);
    });
  });

  it('409: Conflict with Flink’s reason', async () => {
    const said = 'Job cancellation failed because the job has already reached another terminal state (FINISHED).';
    serve((_req, res) => json(res, 409, { errors: [said] }));
    await rejectsWith(client.cancel(JOB), 'Conflict', (e) => {
      assert.equal(e.status, 409);
      assert.equal(e.request, `PATCH /jobs/${JOB}?mode=cancel`);
      assert.ok(e.message.endsWith(said), e.message);
    });
  });

  it('429: TooManyRequests with the Retry-After the server gave', async () => {
    serve((_req, res) => json(res, 429, { errors: ['Too many requests.'] }, { 'Retry-After': '7' }));
    await rejectsWith(client.overview(), 'TooManyRequests', (e) => {
      assert.equal(e.retryAfterSeconds, 7);
      assert.match(e.message, /HTTP 429.*try again in 7 s/);
    });
  });

  it('500 with a Java stack trace: its first line is the message, the rest is detail', async () => {
    const trace = [
      'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.',
      '\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)',
      '\tat java.base/java.util.concurrent.CompletableFuture.uniHandle(CompletableFuture.java:930)',
      'Caused by: java.util.concurrent.CompletionException: org.apache.flink.util.FlinkRuntimeException: Could not execute program.',
    ].join('\n');
    serve((_req, res) => json(res, 500, { errors: [trace] }));
    await rejectsWith(client.runJar('x.jar', {}), 'ServerError', (e) => {
      assert.equal(e.status, 500);
      assert.match(
        e.message,
        /\(HTTP 500\): org\.apache\.flink\.runtime\.rest\.handler\.RestHandlerException: Could not execute application\.$/,
      );
      assert.doesNotMatch(e.message, /\tat /);
      assert.match(e.detail!, /^\tat org\.apache\.flink\.runtime\.webmonitor\.handlers\.JarRunHandler/);
      assert.match(e.detail!, /Caused by: .*Could not execute program\.$/);
    });
    // Flink's generic handler failure: the exception that follows says what happened.
    serve((_req, res) =>
      json(res, 500, {
        errors: [
          'Internal server error.',
          '<Exception on server side:\njava.lang.NullPointerException: jar\n\tat a.B.c(B.java:1)\n\nEnd of exception on server side>',
        ],
      }),
    );
    await rejectsWith(client.overview(), 'ServerError', (e) =>
      assert.match(e.message, /: Internal server error\. java\.lang\.NullPointerException: jar$/),
    );
  });

  it('a 502 page that is not Flink’s: ServerError from the status, no HTML in the message', async () => {
    serve((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    await rejectsWith(client.jobsOverview(), 'ServerError', (e) => {
      assert.equal(e.status, 502);
      assert.doesNotMatch(e.message, /<html>/);
      assert.match(e.message, /GET \/jobs\/overview \(HTTP 502\)/);
    });
  });

  it('a 200 that is not JSON, or not the shape Flink sends: BadResponse, never a crash', async () => {
    serve((_req, res) => json(res, 200, 'hello, I am not Flink'));
    await rejectsWith(client.overview(), 'BadResponse', (e) => assert.match(e.message, /GET \/overview .*not JSON: hello, I am not Flink/));
    serve((_req, res) => json(res, 200, { jobs: 'none' }));
    await rejectsWith(client.jobsOverview(), 'BadResponse', (e) => assert.match(e.message, /"jobs" is string, not array/));
    serve((_req, res) => json(res, 200, { jobs: [{ jid: JOB, name: 'x', state: 3 }] }));
    await rejectsWith(client.jobsOverview(), 'BadResponse', (e) => assert.match(e.message, /jobs\[0\].*"state" is number, not string/));
    serve((_req, res) => json(res, 200, [1, 2]));
    await rejectsWith(client.job(JOB), 'BadResponse');
    serve((_req, res) => json(res, 200, { status: 'success' }));
    await rejectsWith(client.uploadJar('a.jar', Buffer.from('PK')), 'BadResponse', (e) =>
      assert.match(e.message, /"filename" is undefined/),
    );
  });

  it('an answer larger than the cap is refused, not buffered', async () => {
    client = new FlinkRestClient(base, { maxBodyBytes: 64 * 1024 });
    serve((_req, res) => json(res, 200, { jobs: [], padding: 'x'.repeat(1024 * 1024) }));
    await rejectsWith(client.jobsOverview(), 'BadResponse', (e) => assert.match(e.message, /larger than 65536 bytes/));
  });

  it('a JobManager that does not answer: Timeout naming the request and how long it waited', async () => {
    client = new FlinkRestClient(base, { timeoutMs: 300 });
    serve(() => undefined);
    const t0 = Date.now();
    await rejectsWith(client.job(JOB), 'Timeout', (e) =>
      assert.match(e.message, new RegExp(`did not answer GET /jobs/${JOB} within 0\\.3 s`)),
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  it('a connection closed without an answer: Reset, saying the forward or JobManager is gone', async () => {
    serve((req) => req.socket.destroy());
    await rejectsWith(client.checkpoints(JOB), 'Reset', (e) => assert.match(e.message, /the port-forward or the JobManager is gone/));
  });

  it('nothing listening: Refused, saying the port-forward has stopped', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const gone = new FlinkRestClient(`http://127.0.0.1:${port}`);
    await rejectsWith(gone.overview(), 'Refused', (e) =>
      assert.match(e.message, /connection refused.*port-forward to the JobManager has stopped/),
    );
    gone.dispose();
  });

  it('a kept-alive connection closed while idle: a GET is sent again, a POST is not', async () => {
    const requestsOn = new WeakMap<net.Socket, number>();
    serve((req, res) => {
      const n = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, n);
      // The second request on a connection finds it closed, as after an idle timeout on the far side.
      if (n > 1) return void req.socket.destroy();
      json(res, 200, req.method === 'GET' ? { jobs: [] } : { jobid: JOB });
    });
    await client.jobsOverview();
    assert.deepEqual(await client.jobsOverview(), []);
    assert.equal(seen.length, 3, 'the second GET was sent twice');
    await rejectsWith(client.runJar('x.jar', {}), 'Reset');
    assert.equal(seen.length, 4, 'the POST was sent once');
  });

  it('savepointResult polls with backoff until COMPLETED, and answers the failure’s first line', async () => {
    let polls = 0;
    serve((_req, res) => {
      polls++;
      if (polls < 4) return json(res, 200, { status: { id: 'IN_PROGRESS' }, operation: null });
      json(res, 200, {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: 'java.util.concurrent.CompletionException',
            'stack-trace':
              'java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Task has failed.\n\tat a.B(B.java:1)',
          },
        },
      });
    });
    assert.deepEqual(await client.savepointResult(JOB, 'c'.repeat(32)), {
      failure: 'java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Task has failed.',
    });
    assert.equal(polls, 4);
    serve((_req, res) => json(res, 200, { status: { id: 'COMPLETED' }, operation: { location: 's3://b/savepoint-aaaaaa-1' } }));
    assert.deepEqual(await client.savepointResult(JOB, 'c'.repeat(32)), { location: 's3://b/savepoint-aaaaaa-1' });
  });

  it('savepointResult stops polling when the signal aborts', async () => {
    serve((_req, res) => json(res, 200, { status: { id: 'IN_PROGRESS' }, operation: null }));
    const ac = new AbortController();
    const polling = client.savepointResult(JOB, 'c'.repeat(32), ac.signal);
    while (seen.length < 2) await new Promise((r) => setImmediate(r));
    ac.abort();
    await assert.rejects(polling, { name: 'AbortError' });
  });

  it('an abort during a request or an upload rejects with AbortError', async () => {
    serve(() => undefined);
    const ac = new AbortController();
    const pending = client.overview(ac.signal);
    while (!seen.length) await new Promise((r) => setImmediate(r));
    ac.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('an upload aborted midway stops sending', async () => {
    const raw = net.createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
    const slow = new FlinkRestClient(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`);
    const ac = new AbortController();
    let last = 0;
    const upload = slow.uploadJar(
      'big.jar',
      Buffer.alloc(8 * 1024 * 1024),
      (sent) => {
        last = sent;
        if (sent >= 1024 * 1024) ac.abort();
      },
      ac.signal,
    );
    await assert.rejects(upload, { name: 'AbortError' });
    assert.ok(last < 8 * 1024 * 1024, `progress reached ${last}`);
    slow.dispose();
    raw.close();
  });

  it('an upload that stops moving times out, saying how much was sent', async () => {
    // A server that accepts the connection and never reads: the socket's buffers fill, then nothing moves.
    const stuck = net.createServer((s) => s.pause());
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', () => r()));
    const c = new FlinkRestClient(`http://127.0.0.1:${(stuck.address() as net.AddressInfo).port}`, { timeoutMs: 400 });
    await rejectsWith(c.uploadJar('big.jar', Buffer.alloc(64 * 1024 * 1024)), 'Timeout', (e) =>
      assert.match(e.message, /made no progress for 0\.4 s \(\d+ of 67108864 bytes sent\)/),
    );
    c.dispose();
    stuck.close();
  });
});
