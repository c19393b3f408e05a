import * as assert from 'node:assert/strict';
import { ClusterForwards } from '../../../src/clusters/clusterForwards';
import type { SessionCluster } from '../../../src/clusters/clusterModel';
import { availableActions } from '../../../src/clusters/permissions';
import { SessionLifecycle } from '../../../src/clusters/session/sessionLifecycle';
import { renderSqlGateway } from '../../../src/clusters/session/sqlGatewayRenderer';
import { PortForwardManager } from '../../../src/kube/portForward';
import { FlinkSqlEngine } from '../../../src/sql/flinkSqlEngine';
import type { SqlCell } from '../../../shared/sql/sqlResult';
import { defaultSessionSpec } from '../../../shared/clusters/sessionSpec';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';
import { operationContext, TestContext } from '../support/lifecycleFixture';

describe('Enable SQL: the SQL Gateway beside a session cluster', () => {
  it('renders a Deployment and Service owned by the definition, running sql-gateway.sh against <name>-rest:8081', () => {
    const [deployment, service] = renderSqlGateway(defaultSessionSpec('flow'), 'analytics', {
      name: 'session.flow',
      uid: 'u-1',
      generation: 2,
    });
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(deployment.metadata.name, 'flow-sql-gateway');
    assert.equal(service.metadata.name, 'flow-sql-gateway');
    for (const o of [deployment, service])
      assert.deepEqual(
        o.metadata.ownerReferences.map((r: any) => [r.kind, r.name, r.uid]),
        [['ConfigMap', 'session.flow', 'u-1']],
      );
    const c = deployment.spec.template.spec.containers[0];
    assert.equal(c.image, defaultSessionSpec('flow').image);
    assert.deepEqual(c.command, ['/opt/flink/bin/sql-gateway.sh']);
    assert.equal(c.args[0], 'start-foreground');
    assert.ok(c.args.includes('-Dsql-gateway.endpoint.rest.address=0.0.0.0'));
    assert.ok(c.args.includes('-Drest.address=flow-rest') && c.args.includes('-Drest.port=8081'));
    assert.deepEqual(service.spec.selector, deployment.spec.template.metadata.labels);
    assert.equal(service.spec.ports[0].port, 8083);
  });
});

describe('Enable SQL (against the emulator)', function () {
  this.timeout(40_000);
  let fx: EmulatorFixture;
  let admin: TestContext;
  let life: SessionLifecycle;
  const cluster = (ns: string, name: string) => admin.model.get('session', ns, name) as SessionCluster | undefined;

  before(async () => {
    fx = await startEmulator();
    admin = operationContext(fx, 'all');
    life = new SessionLifecycle(admin, { disableTimeoutMs: 3000 });
    await admin.model.whenReady('session');
  });
  after(async () => {
    admin?.dispose();
    await fx?.emulator.stop();
  });

  const running = async (ns: string, name: string) => {
    await life.create(defaultSessionSpec(name), ns);
    await until(() => cluster(ns, name)?.status === 'Running' && !cluster(ns, name)?.operation, 15_000, `${name} Running`);
  };

  it('deploys the gateway, the model says when it is ready, and Flink SQL runs through the forward to its 8083', async () => {
    const ns = fx.namespace('sql-enable');
    await running(ns, 'flow');
    assert.deepEqual(
      availableActions(cluster(ns, 'flow')!).actions.filter((a) => a.endsWith('Sql')),
      ['enableSql'],
    );
    await life.enableSql(ns, 'flow');
    await until(() => cluster(ns, 'flow')?.sql?.ready === true && !cluster(ns, 'flow')?.operation, 15_000, 'gateway ready');
    assert.deepEqual(
      availableActions(cluster(ns, 'flow')!).actions.filter((a) => a.endsWith('Sql')),
      ['disableSql'],
    );

    const forwards = new ClusterForwards(admin.model, admin.writer, new PortForwardManager(fx.kc('admin')));
    try {
      const engine = new FlinkSqlEngine({
        endpoint: async (t) => ({ baseUrl: `http://127.0.0.1:${(await forwards.forwardSqlGateway(t.namespace, t.name)).ports[0].local}` }),
        pollMs: [5, 50],
      });
      const session = await engine.open({ kind: 'session', namespace: ns, name: 'flow' }, AbortSignal.timeout(10_000));
      await session.execute(
        "CREATE TABLE n (x INT) WITH ('connector'='datagen','number-of-rows'='25','rows-per-second'='1000')",
        { progress: () => undefined, shape: () => undefined, rows: () => undefined },
        AbortSignal.timeout(10_000),
      );
      const rows: (readonly SqlCell[])[] = [];
      const outcome = await session.execute(
        'SELECT COUNT(*) AS c FROM n',
        { progress: () => undefined, shape: () => undefined, rows: (r) => void rows.push(...r) },
        AbortSignal.timeout(10_000),
      );
      assert.equal(outcome.kind, 'rows');
      assert.deepEqual(rows.at(-1), [25]);
      // The statement ran as a job on the session cluster's JobManager, where the task panel finds it.
      const jobs: string[] = [];
      const r2 = await session.execute(
        "CREATE TABLE endless (x INT) WITH ('connector'='datagen','rows-per-second'='50')",
        { progress: () => undefined, shape: () => undefined, rows: () => undefined },
        AbortSignal.timeout(10_000),
      );
      assert.equal(r2.kind, 'ok');
      const ac = new AbortController();
      await assert.rejects(
        session.execute(
          'SELECT x FROM endless',
          { progress: () => undefined, shape: () => undefined, rows: () => ac.abort(), job: (id) => void jobs.push(id) },
          ac.signal,
        ),
        (e: Error) => e.name === 'AbortError',
      );
      const jm = fx.emulator.jobManagers.of(ns, 'flow');
      assert.equal(jm.jobs.get(jobs[0])?.name, 'collect');
      await until(() => ['CANCELLING', 'CANCELED'].includes(jm.jobs.get(jobs[0])!.state), 5000, 'the job cancelled with the statement');
      await session.close();
    } finally {
      forwards.dispose();
    }

    await life.disableSql(ns, 'flow');
    await until(() => cluster(ns, 'flow')?.sql === undefined && !cluster(ns, 'flow')?.operation, 10_000, 'gateway gone');
    assert.equal(fx.emulator.api.store.get('/services', ns, 'flow-sql-gateway'), undefined);
  });

  it('refuses a user without the rights before writing anything, and a cluster that is not Running', async () => {
    const ns = fx.namespace('sql-refuse');
    await running(ns, 'flow');
    // A developer who may only look at the namespace: neither the owner nor an administrator.
    fx.emulator.applyInternal({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev-view', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'dev@example.com' }],
    });
    const viewer = operationContext(fx, [ns], 'developer');
    try {
      await viewer.model.whenReady('session');
      await until(() => !!viewer.model.get('session', ns, 'flow'), 5000, 'the developer sees the cluster');
      await assert.rejects(new SessionLifecycle(viewer).enableSql(ns, 'flow'), (e: any) => e.code === 'forbidden');
      assert.equal(fx.emulator.api.store.get('apps/deployments', ns, 'flow-sql-gateway'), undefined);
    } finally {
      viewer.dispose();
    }
    await assert.rejects(life.disableSql(ns, 'flow'), (e: any) => e.code === 'not-allowed' && /SQL is not enabled/.test(e.message));
    await life.disable(ns, 'flow');
    await until(() => cluster(ns, 'flow')?.status === 'Disabled' && !cluster(ns, 'flow')?.operation, 15_000, 'Disabled');
    await assert.rejects(life.enableSql(ns, 'flow'), (e: any) => e.code === 'not-allowed' && /not Running/.test(e.message));
  });
});
