import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { conformanceTarget, describeOnEmulator } from '../conformance/target';

const t = () => conformanceTarget();
const ns = () => t().namespace;
const emu = () => t().emulator!;
const pods = () => emu().api.store.list('/pods', ns());

function deployment(name: string, image: string, replicas = 1, extra: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      ...extra,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image, resources: { requests: { cpu: '500m', memory: '256Mi' } } }] },
      },
    },
  };
}
const create = (kind: 'deployments' | 'pods', body: any) =>
  t().request('POST', kind === 'deployments' ? `/apis/apps/v1/namespaces/${ns()}/deployments` : `/api/v1/namespaces/${ns()}/pods`, {
    body,
  });
const appPods = (app: string) => pods().filter((p) => p.metadata.labels?.app === app);
const waitingReason = (p: any) => p?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const eventsFor = (name: string) =>
  emu()
    .api.store.list('/events', ns())
    .filter((e) => e.involvedObject.name === name);

describeOnEmulator('Emulator behaviour', 'the controllers, the kubelet and the Flink operator', function () {
  this.timeout(30_000);

  describe('workloads and the kubelet', () => {
    it('rolls a Deployment out through a ReplicaSet to Ready pods, with Available and Progressing conditions', async () => {
      await create('deployments', deployment('b-web', 'nginx:1.27', 2));
      const d = await emu().waitFor(() => {
        const x = emu().api.store.get('apps/deployments', ns(), 'b-web');
        return x?.status?.availableReplicas === 2 && x;
      });
      const conds = Object.fromEntries(d.status.conditions.map((c: any) => [c.type, c]));
      assert.equal(conds.Available.status, 'True');
      assert.equal(conds.Progressing.reason, 'NewReplicaSetAvailable');
      const rs = emu()
        .api.store.list('apps/replicasets', ns())
        .filter((r) => r.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
      assert.equal(rs.length, 1);
      assert.match(rs[0].metadata.name, /^b-web-[a-z0-9]{10}$/);
      assert.ok(appPods('b-web').every((p) => p.metadata.labels['pod-template-hash'] === rs[0].metadata.labels['pod-template-hash']));
      const reasons = eventsFor(appPods('b-web')[0].metadata.name).map((e) => e.reason);
      for (const r of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) assert.ok(reasons.includes(r), reasons.join(','));
    });

    it('crash-loops a `crashloop` image with rising restarts and BackOff events', async () => {
      await create('deployments', deployment('b-crash', 'app:crashloop'));
      const pod = await emu().waitFor(
        () => appPods('b-crash').find((p) => waitingReason(p) === 'CrashLoopBackOff' && p.status.containerStatuses[0].restartCount >= 2),
        20_000,
      );
      assert.equal(pod.status.containerStatuses[0].lastState.terminated.reason, 'Error');
      assert.ok(eventsFor(pod.metadata.name).some((e) => e.reason === 'BackOff' && e.type === 'Warning'));
    });

    it('fails a `missing` image with ErrImagePull, then ImagePullBackOff', async () => {
      await create('deployments', deployment('b-pull', 'app:missing'));
      const seen = new Set<string>();
      await emu().waitFor(() => {
        for (const p of appPods('b-pull')) if (waitingReason(p)) seen.add(waitingReason(p));
        return seen.has('ErrImagePull') && seen.has('ImagePullBackOff');
      }, 15_000);
    });

    it('keeps a pod Pending with FailedScheduling when the ResourceQuota is exhausted, and reports quota usage', async () => {
      await t().request('POST', `/api/v1/namespaces/${ns()}/resourcequotas`, {
        body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '10' } } },
      });
      const big = deployment('b-big', 'nginx:1.27', 1);
      big.spec.template.spec.containers[0].resources.requests.cpu = '64';
      await create('deployments', big);
      const pod = await emu().waitFor(() =>
        appPods('b-big').find((p) => p.status?.conditions?.some((c: any) => c.reason === 'Unschedulable')),
      );
      assert.equal(pod.status.phase, 'Pending');
      const ev = await emu().waitFor(() => eventsFor(pod.metadata.name).find((e) => e.reason === 'FailedScheduling'));
      assert.match(ev.message, /exceeded quota: q, requested: requests.cpu=64/);
      const q = await emu().waitFor(() => emu().api.store.get('/resourcequotas', ns(), 'q')?.status?.used);
      assert.ok(q['requests.cpu']);
      await t().request('DELETE', `/api/v1/namespaces/${ns()}/resourcequotas/q`);
    });

    it('marks a Deployment ProgressDeadlineExceeded when it cannot progress in time', async () => {
      await create('deployments', deployment('b-stuck', 'app:unready', 1, { progressDeadlineSeconds: 3 }));
      const d = await emu().waitFor(() => {
        const x = emu().api.store.get('apps/deployments', ns(), 'b-stuck');
        return x?.status?.conditions?.find((c: any) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') && x;
      }, 15_000);
      assert.equal(d.status.conditions.find((c: any) => c.type === 'Progressing').status, 'False');
      assert.ok(eventsFor(appPods('b-stuck')[0].metadata.name).some((e) => e.reason === 'Unhealthy'));
    });

    it('counts repeated events instead of duplicating them, and expires them after an hour', async () => {
      await create('deployments', deployment('e-crash', 'app:crashloop'));
      const warnings = (p: any) => (p ? eventsFor(p.metadata.name).filter((e) => e.reason === 'BackOff' && e.type === 'Warning') : []);
      const pod = await emu().waitFor(() => appPods('e-crash').find((p) => warnings(p)[0]?.count >= 2), 20_000);
      const backoff = warnings(pod);
      assert.equal(backoff.length, 1);
      assert.ok(backoff[0].count >= 2);
      const old = new Date(emu().clock.now() - 2 * 3600_000).toISOString();
      emu().api.writeInternal(emu().api.mustType('', 'events'), { ...backoff[0], lastTimestamp: old });
      emu().events.expire();
      assert.equal(emu().api.store.get('/events', ns(), backoff[0].metadata.name), undefined);
    });
  });

  describe('pod logs', () => {
    let pod: any;
    const logs = async (query: string) =>
      (await t().request('GET', `/api/v1/namespaces/${ns()}/pods/${pod.metadata.name}/log?${query}`, { accept: '*/*' })).body;
    // Pods of its own, so these tests run alone: one running, one that crashed and restarted, one whose image is not there.
    before(async () => {
      await create('deployments', deployment('l-web', 'nginx:1.27'));
      await create('deployments', deployment('l-crash', 'app:crashloop'));
      await create('deployments', deployment('l-pull', 'app:missing'));
      pod = await emu().waitFor(() => appPods('l-web').find((p) => p.status?.containerStatuses?.[0]?.state?.running), 20_000);
      await emu().waitFor(() => appPods('l-crash').find((p) => p.status?.containerStatuses?.[0]?.restartCount >= 1), 20_000);
      await emu().waitFor(() => appPods('l-pull').find((p) => waitingReason(p)), 20_000);
      // The container's own periodic lines would land between the lines below and the reads.
      emu().logs.setQuiet(pod.metadata.uid, 'main', true);
      for (let i = 0; i < 5; i++) emu().logs.append(pod.metadata.uid, 'main', `line ${i}`);
    });
    after(() => emu().logs.setQuiet(pod.metadata.uid, 'main', false));

    it('serves tailLines, timestamps and limitBytes', async () => {
      assert.equal(String(await logs('tailLines=2')).trim(), 'line 3\nline 4');
      assert.match(String(await logs('tailLines=1&timestamps=true')), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line 4\n$/);
      const full = String(await logs(''));
      assert.equal(String(await logs('limitBytes=7')), full.slice(0, 7));
    });

    it('follows with new lines as they are written', async () => {
      const w = t().watch(`/api/v1/namespaces/${ns()}/pods/${pod.metadata.name}/log?follow=true&tailLines=0`);
      await new Promise((r) => setTimeout(r, 200));
      void w;
      emu().logs.append(pod.metadata.uid, 'main', '{"followed":true}');
      const deadline = Date.now() + 5000;
      while (!w.events.some((e) => e.followed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      w.stop();
      assert.ok(w.events.some((e) => e.followed));
    });

    it('keeps the previous container log after a restart, and says when there is none', async () => {
      const crashed = appPods('l-crash')[0];
      const prev = await t().request('GET', `/api/v1/namespaces/${ns()}/pods/${crashed.metadata.name}/log?previous=true`, {
        accept: '*/*',
      });
      assert.equal(prev.status, 200);
      assert.match(String(prev.body), /ERROR/);
      const none = await t().request('GET', `/api/v1/namespaces/${ns()}/pods/${pod.metadata.name}/log?previous=true`);
      assert.equal(none.status, 400);
      assert.match(none.body.message, /previous terminated container "main" in pod/);
    });

    it('refuses logs of a container still waiting to start', async () => {
      const pulling = appPods('l-pull')[0];
      const r = await t().request('GET', `/api/v1/namespaces/${ns()}/pods/${pulling.metadata.name}/log`);
      assert.equal(r.status, 400);
      assert.match(r.body.message, /is waiting to start: (ErrImagePull|ImagePullBackOff|ContainerCreating)/);
    });
  });

  describe('Spark dynamic allocation', () => {
    const sparkDriver = (name: string, cluster: string): any => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { 'spark-role': 'driver', 'dataclusters.io/cluster': cluster, 'dataclusters.io/kind': 'compute' },
      },
      spec: {
        containers: [
          {
            name: 'spark-driver',
            image: 'apache/spark:3.5.3',
            args: [
              '--conf',
              'spark.dynamicAllocation.maxExecutors=3',
              '--conf',
              'spark.dynamicAllocation.executorIdleTimeout=20s',
              '--conf',
              'spark.executor.memory=512m',
              '--conf',
              'spark.executor.cores=1',
              '--conf',
              'spark.kubernetes.executor.label.team=data',
            ],
          },
        ],
      },
    });
    const driverReady = (name: string) =>
      emu().waitFor(() =>
        emu()
          .api.store.get('/pods', ns(), name)
          ?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'),
      );

    it('creates executors under load up to maxExecutors and releases them after the idle timeout', async () => {
      const driver = sparkDriver('spark-drv', 'etl');
      await create('pods', driver);
      await driverReady('spark-drv');
      const result = emu().spark.load(ns(), 'etl', 10, 1);
      assert.deepEqual({ requested: result.requested, max: result.max }, { requested: 3, max: 3 });
      const execs = () =>
        pods().filter((p) => p.metadata.labels?.['spark-role'] === 'executor' && p.metadata.labels['dataclusters.io/cluster'] === 'etl');
      await emu().waitFor(() => execs().length === 3 && execs().every((p) => p.status?.phase === 'Running'));
      assert.ok(execs().every((p) => p.metadata.labels.team === 'data' && p.metadata.ownerReferences[0].name === 'spark-drv'));
      // Load lasts 1 s; 20 s idle timeout at 20x speed is 1 s of real time.
      await emu().waitFor(() => execs().length === 0, 15_000);
    });

    it('deletes executors with their driver', async () => {
      await create('pods', sparkDriver('spark-drv-gone', 'etl-gone'));
      await driverReady('spark-drv-gone');
      emu().spark.load(ns(), 'etl-gone', 1, 60);
      const ofCluster = (p: any) => p.metadata.labels?.['dataclusters.io/cluster'] === 'etl-gone';
      await emu().waitFor(() => pods().some((p) => ofCluster(p) && p.metadata.labels?.['spark-role'] === 'executor'));
      await t().request('DELETE', `/api/v1/namespaces/${ns()}/pods/spark-drv-gone`);
      await emu().waitFor(() => !pods().some(ofCluster), 15_000);
    });
  });

  describe('Flink operator', () => {
    const fdPath = (name = '') => `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments${name ? `/${name}` : ''}`;
    const session = (name: string, image = 'flink:1.20') => ({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name },
      spec: {
        image,
        flinkVersion: 'v1_20',
        serviceAccount: 'flink',
        jobManager: { resource: { cpu: 1, memory: '1024m' } },
        taskManager: { replicas: 1, resource: { cpu: 1, memory: '1024m' } },
      },
    });
    const fd = (name: string) => emu().api.store.get('flink.apache.org/flinkdeployments', ns(), name);

    it('walks a session cluster to READY with its finalizer, pods and REST service', async () => {
      await t().request('POST', fdPath(), { body: session('b-flink') });
      const seen = new Set<string>();
      const ready = await emu().waitFor(() => {
        const s = fd('b-flink')?.status?.jobManagerDeploymentStatus;
        if (s) seen.add(s);
        return s === 'READY' && fd('b-flink');
      }, 20_000);
      assert.ok(seen.has('DEPLOYING') || seen.has('DEPLOYED_NOT_READY'), [...seen].join(','));
      assert.equal(ready.status.lifecycleState, 'STABLE');
      assert.deepEqual(ready.metadata.finalizers, ['flinkdeployments.flink.apache.org/finalizer']);
      assert.ok(emu().api.store.get('/services', ns(), 'b-flink-rest'));
      assert.ok(pods().some((p) => p.metadata.labels?.app === 'b-flink' && p.metadata.labels?.component === 'taskmanager'));
    });

    it('reports ERROR with status.error when the JobManager image cannot be pulled', async () => {
      await t().request('POST', fdPath(), { body: session('b-flink-bad', 'flink:1.20-missing') });
      const failed = await emu().waitFor(
        () => fd('b-flink-bad')?.status?.jobManagerDeploymentStatus === 'ERROR' && fd('b-flink-bad'),
        20_000,
      );
      assert.match(JSON.parse(failed.status.error).message, /ErrImagePull|ImagePullBackOff/);
    });

    it('holds the deletion while a FlinkSessionJob references the cluster, then cleans up', async () => {
      await t().request('POST', fdPath(), { body: session('b-flink-held') });
      await emu().waitFor(() => fd('b-flink-held')?.status?.jobManagerDeploymentStatus === 'READY', 20_000);
      await t().request('POST', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinksessionjobs`, {
        body: {
          apiVersion: 'flink.apache.org/v1beta1',
          kind: 'FlinkSessionJob',
          metadata: { name: 'b-job' },
          spec: {
            deploymentName: 'b-flink-held',
            job: { jarURI: 'https://artifacts.example.com/flink/orders-job-1.0.jar', parallelism: 1, upgradeMode: 'stateless' },
          },
        },
      });
      await emu().waitFor(
        () => emu().api.store.get('flink.apache.org/flinksessionjobs', ns(), 'b-job')?.status?.jobStatus?.state === 'RUNNING',
      );
      await t().request('DELETE', fdPath('b-flink-held'));
      // The operator says why it holds the deletion: the session job that references the cluster.
      const held = await emu().waitFor(
        () => /deletion is blocked .*b-job/.test(fd('b-flink-held')?.status?.error ?? '') && fd('b-flink-held'),
      );
      assert.equal(held.status.lifecycleState, 'DELETING');
      assert.deepEqual(held.metadata.finalizers, ['flinkdeployments.flink.apache.org/finalizer']);
      await t().request('DELETE', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinksessionjobs/b-job`);
      await emu().waitFor(() => !fd('b-flink-held'), 15_000);
      await emu().waitFor(() => !pods().some((p) => p.metadata.labels?.app === 'b-flink-held'), 15_000);
    });
  });

  describe('fault injection', () => {
    const core = () => t().kc.makeApiClient(k8s.CoreV1Api);

    it('answers 429 with Retry-After, then 503, then recovers', async () => {
      emu().server.faults.failNext = { count: 1, code: 429, retryAfterSeconds: 2 };
      const r = await t().request('GET', `/api/v1/namespaces/${ns()}/configmaps`);
      assert.equal(r.status, 429);
      assert.equal(r.headers['retry-after'], '2');
      assert.equal(r.body.details.retryAfterSeconds, 2);
      emu().server.faults.failNext = { count: 1, code: 503 };
      assert.equal((await t().request('GET', `/api/v1/namespaces/${ns()}/configmaps`)).status, 503);
      assert.equal((await t().request('GET', `/api/v1/namespaces/${ns()}/configmaps`)).status, 200);
    });

    it('adds latency', async () => {
      emu().server.faults.latencyMs = 300;
      const started = Date.now();
      await t().request('GET', `/api/v1/namespaces/${ns()}/configmaps`);
      emu().server.faults.latencyMs = 0;
      assert.ok(Date.now() - started >= 280);
    });

    it('drops every watch, and a restart keeps all state', async () => {
      const w = t().watch(`/api/v1/namespaces/${ns()}/configmaps?watch=true`);
      await new Promise((r) => setTimeout(r, 100));
      const before = emu().api.store.count();
      emu().server.dropWatches();
      await w.ended;
      await emu().restart(100);
      assert.equal(emu().api.store.count(), before);
      const list = await core().listNamespacedConfigMap({ namespace: ns() });
      assert.ok(Array.isArray(list.items));
    });

    it('rejects an expired token with 401', async () => {
      const token = `temp-${Date.now()}`;
      emu().addToken(token, { username: 'temp', uid: 'temp', groups: ['system:masters'] });
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: t().kc.clusters,
        users: [{ name: 'temp', token }],
        contexts: [{ name: 'temp', cluster: t().kc.clusters[0].name, user: 'temp' }],
        currentContext: 'temp',
      });
      const api = kc.makeApiClient(k8s.CoreV1Api);
      await api.listNamespacedConfigMap({ namespace: ns() });
      emu().tokens.expire(token);
      await assert.rejects(api.listNamespacedConfigMap({ namespace: ns() }), (e: any) => e.code === 401);
    });
  });
});

describeOnEmulator('Emulator port-forward', 'a kubelet and the pods behind a port-forward', function () {
  this.timeout(30_000);

  /** Forwards a local port to the pod through client-node's PortForward, as the extension will. */
  async function forward(pod: string, port: number): Promise<{ port: number; close(): void }> {
    const net = await import('node:net');
    const pf = new k8s.PortForward(t().kc);
    const server = net.createServer((socket) => void pf.portForward(ns(), pod, [port], socket, null, socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { port: (server.address() as import('node:net').AddressInfo).port, close: () => server.close() };
  }

  it('reaches the Flink REST API of a session cluster JobManager', async () => {
    await t().request('POST', `/apis/flink.apache.org/v1beta1/namespaces/${ns()}/flinkdeployments`, {
      body: {
        apiVersion: 'flink.apache.org/v1beta1',
        kind: 'FlinkDeployment',
        metadata: { name: 'pf-flink' },
        spec: {
          image: 'flink:1.20',
          flinkVersion: 'v1_20',
          serviceAccount: 'flink',
          flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '2' },
          jobManager: { resource: { cpu: 1, memory: '1024m' } },
          taskManager: { replicas: 2, resource: { cpu: 1, memory: '1024m' } },
        },
      },
    });
    const jm = await emu().waitFor(
      () =>
        pods().find(
          (p) => p.metadata.labels?.app === 'pf-flink' && p.metadata.labels?.component === 'jobmanager' && p.status?.phase === 'Running',
        ),
      15_000,
    );
    const local = await forward(jm.metadata.name, 8081);
    try {
      const overview = (await (await fetch(`http://127.0.0.1:${local.port}/overview`)).json()) as any;
      assert.equal(overview.taskmanagers, 2);
      assert.equal(overview['slots-total'], 4);
      const jobs = (await (await fetch(`http://127.0.0.1:${local.port}/jobs`)).json()) as any;
      assert.deepEqual(jobs.jobs, []);
    } finally {
      local.close();
    }
  });

  it('reaches the Spark UI of a compute cluster driver', async () => {
    await create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pf-driver', labels: { 'spark-role': 'driver', 'dataclusters.io/cluster': 'pf-etl' } },
      spec: { containers: [{ name: 'spark-driver', image: 'apache/spark:3.5.3' }] },
    });
    await emu().waitFor(() => emu().api.store.get('/pods', ns(), 'pf-driver')?.status?.phase === 'Running');
    const local = await forward('pf-driver', 4040);
    try {
      const page = await (await fetch(`http://127.0.0.1:${local.port}/jobs/`)).text();
      assert.match(page, /<title>pf-etl - Spark Jobs<\/title>/);
    } finally {
      local.close();
    }
  });

  it('reports an error on the error channel when nothing listens on the port', async () => {
    const { PassThrough, Writable } = await import('node:stream');
    const errors: string[] = [];
    const errStream = new Writable({ write: (b: Buffer, _e, cb) => (errors.push(b.toString()), cb()) });
    await new k8s.PortForward(t().kc).portForward(ns(), 'pf-driver', [9999], new PassThrough(), errStream, new PassThrough());
    const deadline = Date.now() + 5000;
    while (!errors.some((e) => /connection refused/.test(e)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      errors.some((e) => /connection refused/.test(e)),
      errors.join('|'),
    );
  });
});
