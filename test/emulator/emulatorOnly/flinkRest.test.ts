import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { conformanceTarget, describeOnEmulator } from '../conformance/target';
import { DEMO_ENTRY_CLASS, DEMO_JAR_PATH } from '../flink/demoJar';
import { OpenApiSpec } from './openApi';

const t = () => conformanceTarget();
const ns = () => t().namespace;
const emu = () => t().emulator!;
const pods = () => emu().api.store.list('/pods', ns());

/**
 * The emulator's JobManager, driven as the product drives it (through a port-forward to the
 * JobManager pod), with every body checked against the vendored Flink REST spec. A real API
 * server has no JobManager behind it, so this runs against the emulator only.
 */
const spec = new OpenApiSpec(undefined, {
  patternExemptions: {
    // Flink's TaskManager ids are `<address>:<port>-<suffix>` (standalone) or pod names
    // (native Kubernetes); the generated spec gives every ResourceID the 32-hex pattern of JobID.
    ResourceID: 'TaskManager ids are not 32-character hex on Kubernetes',
  },
});
const ERRORS = { type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { type: 'string' } } } };

interface Reply {
  status: number;
  body: any;
}

describeOnEmulator(
  'Emulator JobManager: the Flink REST API against its published spec',
  'the Flink operator and a JobManager',
  function () {
    this.timeout(30_000);
    const cluster = 'rest-flink';
    const savepoints = 's3://flink-data/savepoints';
    let server: net.Server | undefined;
    let port = 0;
    let tmPods: any[] = [];

    /** One request, its body checked against the spec's schema for that operation and status. */
    async function call(
      method: string,
      urlPath: string,
      opts: { json?: unknown; multipart?: Buffer; boundary?: string } = {},
    ): Promise<Reply> {
      const payload = opts.multipart ?? (opts.json === undefined ? undefined : Buffer.from(JSON.stringify(opts.json)));
      const headers: Record<string, string> = {};
      if (opts.multipart) headers['Content-Type'] = `multipart/form-data; boundary=${opts.boundary}`;
      else if (payload) headers['Content-Type'] = 'application/json';
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
            } catch {
              reject(new Error(`${method} ${urlPath}: not JSON: ${text.slice(0, 200)}`));
            }
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
      assert.equal(
        typeof reply.body,
        'object',
        `${method} ${urlPath} answered ${reply.status} with no JSON body (Flink always writes one, {} at least)`,
      );
      const schema = reply.status < 300 ? spec.responseSchema(method, urlPath, reply.status) : ERRORS;
      const problems = schema ? spec.validate(schema, reply.body) : [];
      assert.deepEqual(problems, [], `${method} ${urlPath} (${reply.status}) departs from the spec:\n${problems.join('\n')}`);
      return reply;
    }

    /** Polls the REST API (emulated time runs 20x) until `pick` finds what it waits for. */
    async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await probe();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    const jobState = async (jid: string) => (await call('GET', `/jobs/${jid}`)).body.state as string;
    const tmLog = async () =>
      (
        await Promise.all(
          tmPods.map(
            async (p) =>
              (await t().request('GET', `/api/v1/namespaces/${ns()}/pods/${p.metadata.name}/log`, { accept: '*/*' })).body as string,
          ),
        )
      ).join('\n');

    before(async () => {
      await t().request('POST', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments`, {
        body: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkDeployment',
          metadata: { name: cluster },
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
              'restart-strategy.fixed-delay.attempts': '2',
              'restart-strategy.fixed-delay.delay': '1 s',
            },
            jobManager: { resource: { cpu: 1, memory: '1024m' } },
            taskManager: { replicas: 2, resource: { cpu: 1, memory: '1024m' } },
          },
        },
      });
      const running = (component: string) =>
        pods().filter(
          (p) => p.metadata.labels?.app === cluster && p.metadata.labels?.component === component && p.status?.phase === 'Running',
        );
      const jm = await emu().waitFor(() => running('jobmanager')[0], 20_000, 'the JobManager pod');
      tmPods = await emu().waitFor(() => running('taskmanager').length === 2 && running('taskmanager'), 20_000, 'two TaskManager pods');
      const pf = new k8s.PortForward(t().kc);
      server = net.createServer((socket) => void pf.portForward(ns(), jm.metadata.name, [8081], socket, null, socket));
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as net.AddressInfo).port;
    });

    after(() => server?.close());

    it('the validator rejects what departs from the spec (so a pass means something)', () => {
      const overview = spec.schema('ClusterOverviewWithVersion');
      assert.deepEqual(spec.validate(overview, { taskmanagers: 2, 'flink-version': '1.20.0' }), []);
      assert.match(spec.validate(overview, { taskmanagers: '2' }).join(), /taskmanagers: expected an integer/);
      assert.match(spec.validate(spec.schema('JarRunResponseBody'), { jobid: 'not-hex' }).join(), /does not match/);
      assert.match(
        spec.validate(spec.schema('CheckpointStatistics'), { className: 'completed', id: 'one' }).join(),
        /\$\.id: expected an integer/,
      );
      assert.match(spec.validate(spec.schema('JobDetailsInfo'), { state: 'DANCING' }).join(), /not one of/);
    });

    let jarId = '';
    let enricherJob = '';
    let savepointLocation = '';

    it('answers /config, /overview and /taskmanagers for the session cluster', async () => {
      const config = await call('GET', '/config');
      assert.equal(config.body['flink-version'], '1.20.0');
      const overview = await call('GET', '/overview');
      assert.equal(overview.body.taskmanagers, 2);
      assert.equal(overview.body['slots-total'], 4);
      assert.equal(overview.body['slots-available'], 4);
      const tms = await call('GET', '/taskmanagers');
      assert.equal(tms.body.taskmanagers.length, 2);
      assert.ok(tms.body.taskmanagers.every((tm: any) => tm.slotsNumber === 2 && tm.freeSlots === 2));
    });

    it('takes a jar as multipart/form-data and lists it with the entry class its manifest names', async () => {
      const boundary = '----dataclusters' + Date.now();
      const jar = Buffer.from(
        'PK\u0003\u0004META-INF/MANIFEST.MF\r\nManifest-Version: 1.0\r\nMain-Class: com.example.orders.OrderEnricher\r\n\r\n',
        'latin1',
      );
      const multipart = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="orders-enricher.jar"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
        ),
        jar,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const up = await call('POST', '/jars/upload', { multipart, boundary });
      assert.equal(up.status, 200);
      assert.equal(up.body.status, 'success');
      jarId = up.body.filename.split('/').pop();
      assert.match(jarId, /_orders-enricher\.jar$/);
      const jars = await call('GET', '/jars');
      const listed = jars.body.files.find((f: any) => f.id === jarId);
      assert.equal(listed.name, 'orders-enricher.jar');
      assert.deepEqual(
        listed.entry.map((e: any) => e.name),
        ['com.example.orders.OrderEnricher'],
      );
    });

    it('runs the jar: records flow, the print sink writes to the TaskManager log, checkpoints complete', async () => {
      const run = await call('POST', `/jars/${jarId}/run`, { json: { programArgsList: ['--rate', '20'], parallelism: 2 } });
      enricherJob = run.body.jobid;
      const listed = await call('GET', '/jobs/overview');
      assert.equal(listed.body.jobs.find((j: any) => j.jid === enricherJob)?.name, 'OrderEnricher');
      const written = async () => (await call('GET', `/jobs/${enricherJob}`)).body.vertices[0].metrics['write-records'] as number;
      const first = await until('records to flow', async () => (await written()) > 0 && written());
      await until('the counters to grow', async () => (await written()) > first);
      const detail = (await call('GET', `/jobs/${enricherJob}`)).body;
      assert.equal(detail.state, 'RUNNING');
      assert.deepEqual(
        detail.vertices.map((v: any) => v.name),
        ['Source: OrderEnricher Source -> Map', 'Sink: Print to Std. Out'],
      );
      assert.ok(detail.vertices[1].metrics['read-records'] > 0);
      assert.equal(typeof detail.vertices[0].metrics['accumulated-busy-time'], 'number');
      assert.equal((await call('GET', '/overview')).body['slots-available'], 2);
      await until('print lines from both subtasks', async () => {
        const log = await tmLog();
        return /^1> OrderEnricherEvent\{seq=\d+, subtask=0\}$/m.test(log) && /^2> OrderEnricherEvent\{seq=\d+, subtask=1\}$/m.test(log);
      });
      const cps = await until('two completed checkpoints', async () => {
        const c = (await call('GET', `/jobs/${enricherJob}/checkpoints`)).body;
        return c.counts.completed >= 2 && c;
      });
      assert.match(cps.latest.completed.external_path, new RegExp(`^s3://flink-data/checkpoints/${enricherJob}/chk-\\d+$`));
      const config = (await call('GET', `/jobs/${enricherJob}/config`)).body;
      assert.equal(config.jid, enricherJob);
      assert.equal(config['execution-config']['job-parallelism'], 2);
    });

    it('names the TaskManagers each vertex runs on: their resource ids and pod addresses', async () => {
      const detail = (await call('GET', `/jobs/${enricherJob}`)).body;
      const pods = emu()
        .jobManagers.of(ns(), cluster)
        .taskManagers()
        .map((tm) => ({ id: tm.id, ip: tm.pod.status?.podIP }));
      for (const v of detail.vertices) {
        const info = (await call('GET', `/jobs/${enricherJob}/vertices/${v.id}/taskmanagers`)).body;
        assert.equal(info.id, v.id);
        assert.ok(info.taskmanagers.length >= 1, JSON.stringify(info));
        for (const tm of info.taskmanagers) {
          const pod = pods.find((p) => p.id === tm['taskmanager-id']);
          assert.ok(pod, `${tm['taskmanager-id']} is a registered TaskManager`);
          assert.equal(tm.host, `${pod.ip}:6121`);
        }
      }
      const unknown = await call('GET', `/jobs/${enricherJob}/vertices/${'0'.repeat(32)}/taskmanagers`);
      assert.equal(unknown.status, 404);
    });

    it('stops the job with a savepoint, and a new run restores from it', async () => {
      const stop = await call('POST', `/jobs/${enricherJob}/stop`, { json: { drain: false } });
      assert.equal(stop.status, 202);
      const trigger = stop.body['request-id'];
      const done = await until('the savepoint', async () => {
        const s = (await call('GET', `/jobs/${enricherJob}/savepoints/${trigger}`)).body;
        return s.status.id === 'COMPLETED' && s;
      });
      savepointLocation = done.operation.location;
      assert.ok(savepointLocation.startsWith(`${savepoints}/savepoint-${enricherJob.slice(0, 6)}-`), savepointLocation);
      await until('FINISHED', async () => (await jobState(enricherJob)) === 'FINISHED');
      const cps = (await call('GET', `/jobs/${enricherJob}/checkpoints`)).body;
      assert.equal(cps.latest.savepoint.external_path, savepointLocation);
      assert.equal(cps.latest.savepoint.checkpoint_type, 'SYNC_SAVEPOINT');

      const again = await call('POST', `/jars/${jarId}/run`, {
        json: { programArgsList: ['--rate', '5'], parallelism: 1, savepointPath: savepointLocation, allowNonRestoredState: false },
      });
      const restored = (await call('GET', `/jobs/${again.body.jobid}/checkpoints`)).body;
      assert.equal(restored.counts.restored, 1);
      assert.equal(restored.latest.restored.external_path, savepointLocation);

      const cancel = await call('PATCH', `/jobs/${again.body.jobid}?mode=cancel`);
      assert.equal(cancel.status, 202);
      await until('CANCELED', async () => (await jobState(again.body.jobid)) === 'CANCELED');
      const twice = await call('PATCH', `/jobs/${again.body.jobid}?mode=cancel`);
      assert.equal(twice.status, 409);
      assert.match(twice.body.errors[0], /already reached another terminal state \(CANCELED\)/);
    });

    it('a job given --fail-after throws, restarts with fixed delay, and ends FAILED with its exceptions', async () => {
      const run = await call('POST', `/jars/${jarId}/run`, {
        json: { entryClass: 'com.example.orders.OrderEnricher', programArgsList: ['--rate', '10', '--fail-after', '15'], parallelism: 1 },
      });
      const jid = run.body.jobid;
      await until('RESTARTING', async () => (await jobState(jid)) === 'RESTARTING');
      await until('FAILED', async () => (await jobState(jid)) === 'FAILED');
      const detail = (await call('GET', `/jobs/${jid}`)).body;
      assert.ok(detail['end-time'] >= detail['start-time']);
      assert.ok(detail.timestamps.RESTARTING > 0);
      const ex = (await call('GET', `/jobs/${jid}/exceptions`)).body;
      // Two restarts allowed, so three attempts failed.
      assert.equal(ex.exceptionHistory.entries.length, 3);
      const root = ex.exceptionHistory.entries[0];
      assert.equal(root.exceptionName, 'java.lang.IllegalStateException');
      assert.match(root.stacktrace, /\n\tat com\.example\.orders\.OrderEnricher\.map\(OrderEnricher\.java:42\)\n/);
      assert.match(root.taskName, /^Source: OrderEnricher Source -> Map \(1\/1\)$/);
      assert.match(await tmLog(), /^\tat com\.example\.orders\.OrderEnricher\.map\(OrderEnricher\.java:42\)$/m);
      assert.equal((await call('GET', '/overview')).body['jobs-failed'], 1);
    });

    it('deletes the jar; unknown jars, jobs, triggers and paths answer as Flink does', async () => {
      assert.equal((await call('DELETE', `/jars/${jarId}`)).status, 200);
      assert.equal(
        (await call('GET', '/jars')).body.files.find((f: any) => f.id === jarId),
        undefined,
      );
      const gone = await call('DELETE', `/jars/${jarId}`);
      assert.equal(gone.status, 400);
      assert.match(gone.body.errors[0], /does not exist/);
      const noJar = await call('POST', `/jars/${jarId}/run`, { json: {} });
      assert.equal(noJar.status, 400);
      const missing = '0'.repeat(32);
      const noJob = await call('GET', `/jobs/${missing}`);
      assert.equal(noJob.status, 404);
      assert.match(noJob.body.errors[0], new RegExp(`Job ${missing} not found`));
      assert.equal((await call('GET', `/jobs/${missing}/checkpoints`)).status, 404);
      assert.equal((await call('PATCH', `/jobs/${missing}?mode=cancel`)).status, 404);
      assert.equal((await call('GET', `/jobs/${enricherJob}/savepoints/${'f'.repeat(32)}`)).status, 404);
      assert.equal((await call('GET', '/jobs/not-a-job-id')).status, 400);
      const unknown = await call('GET', '/no/such/thing');
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body.errors, ['Not found: /no/such/thing']);
      const badRestore = await call('POST', `/jars/missing.jar/run`, { json: { savepointPath: 's3://nowhere' } });
      assert.equal(badRestore.status, 400);
    });

    it('a real jar: its deflated manifest names the entry class, and a failure names the jar’s own lines', async () => {
      const boundary = '----dataclusters' + Date.now();
      const multipart = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="orders-job-1.0.jar"\r\nContent-Type: application/x-java-archive\r\n\r\n`,
        ),
        fs.readFileSync(DEMO_JAR_PATH),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const demoJar = (await call('POST', '/jars/upload', { multipart, boundary })).body.filename.split('/').pop();
      const listed = (await call('GET', '/jars')).body.files.find((f: any) => f.id === demoJar);
      assert.deepEqual(
        listed.entry.map((e: any) => e.name),
        [DEMO_ENTRY_CLASS],
      );
      const jid = (
        await call('POST', `/jars/${demoJar}/run`, { json: { programArgsList: ['--rate', '10', '--fail-after', '4'], parallelism: 1 } })
      ).body.jobid;
      await until('FAILED', async () => (await jobState(jid)) === 'FAILED');
      const root = (await call('GET', `/jobs/${jid}/exceptions`)).body.exceptionHistory.entries[0];
      assert.match(
        root.stacktrace,
        /^java\.lang\.IllegalStateException: Order \d+ has no customer\n\tat com\.example\.orders\.OrderEnricher\.map\(OrderEnricher\.java:\d+\)\n/,
      );
      assert.match(root.stacktrace, /\n\tat com\.example\.orders\.OrderSource\.run\(OrderSource\.java:\d+\)\n/);
    });
  },
);
