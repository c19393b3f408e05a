import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { renderComputeWorkload, renderSparkDefaults } from '../../../src/clusters/compute/computeRenderer';
import { DEFAULT_SPOT_PLACEMENT, spotPlacementOf } from '../../../src/clusters/compute/renderOptions';
import { ComputeSpec, defaultComputeSpec } from '../../../shared/clusters/computeSpec';
import { deriveDriverState, executorState } from '../../../src/clusters/compute/computeState';
import { BUILTIN_NODE_TYPES } from '../../../shared/clusters/nodeTypes';
import { renderFlinkDeployment } from '../../../src/clusters/session/sessionRenderer';
import { defaultSessionSpec, FLINK_VERSIONS } from '../../../shared/clusters/sessionSpec';
import { deriveSessionStatus } from '../../../src/clusters/session/sessionState';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { validateAgainstSchema } from '../../emulator/api/schemaValidator';
import { CRD_DIR } from '../../emulator/emulator';
import { EmulatorFixture, startEmulator, until } from '../support/emulatorFixture';

const def = { name: 'compute.etl', uid: '11111111-2222-3333-4444-555555555555', generation: 3 };
const spec = (patch: Partial<ComputeSpec> = {}): ComputeSpec => ({
  ...defaultComputeSpec('etl', 'analytics', BUILTIN_NODE_TYPES),
  executorCount: 4,
  ...patch,
});

describe('renderComputeWorkload', () => {
  it('renders the spark-defaults ConfigMap, the driver Deployment and its headless Service, owned by the definition', () => {
    const [cm, deploy, svc] = renderComputeWorkload(spec(), def, BUILTIN_NODE_TYPES);
    for (const o of [cm, deploy, svc]) {
      assert.equal(o.metadata.namespace, 'analytics');
      assert.deepEqual(o.metadata.labels, {
        'app.kubernetes.io/managed-by': 'data-clusters',
        'dataclusters.io/kind': 'compute',
        'dataclusters.io/cluster': 'etl',
      });
      assert.equal(o.metadata.annotations['dataclusters.io/generation'], '3');
      assert.deepEqual(o.metadata.ownerReferences, [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'compute.etl', uid: def.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    assert.deepEqual([cm.metadata.name, deploy.metadata.name, svc.metadata.name], ['etl-spark-defaults', 'etl-driver', 'etl-driver']);
    assert.equal(deploy.spec.replicas, 1);
    assert.equal(deploy.spec.strategy.type, 'Recreate');
    assert.equal(deploy.spec.template.metadata.labels['spark-role'], 'driver');
    const c = deploy.spec.template.spec.containers[0];
    assert.deepEqual(c.resources.requests, { cpu: '1000m', memory: '4096Mi' });
    assert.ok(c.args.includes('spark.kubernetes.driver.pod.name=$(POD_NAME)'));
    assert.equal(svc.spec.clusterIP, 'None');
    assert.deepEqual(
      svc.spec.ports.map((p: any) => `${p.name}:${p.port}`),
      ['thrift:10000', 'thrift-http:10001', 'spark-connect:15002', 'spark-ui:4040', 'driver-rpc:7078', 'blockmanager:7079'],
    );
    assert.equal(renderComputeWorkload(spec(), def, BUILTIN_NODE_TYPES, 0)[1].spec.replicas, 0);
  });

  it('runs the Flight SQL server the platform names beside the driver, and renders nothing for Arrow Flight without one', () => {
    const image = 'registry.example.com/flight-sql-spark:1.0';
    const [cm, deploy, svc] = renderComputeWorkload(spec({ arrowFlight: true }), def, BUILTIN_NODE_TYPES, 1, {
      arrowFlightServerImage: image,
    });
    const [driver, flight] = deploy.spec.template.spec.containers;
    assert.equal(driver.name, 'spark-driver');
    assert.ok(!driver.ports.some((p: any) => p.name === 'arrow-flight'));
    assert.equal(flight.name, 'arrow-flight-sql');
    assert.equal(flight.image, image);
    assert.deepEqual(flight.ports, [{ name: 'arrow-flight', containerPort: 8815 }]);
    assert.deepEqual(flight.env, [
      { name: 'SPARK_REMOTE', value: 'sc://localhost:15002' },
      { name: 'FLIGHT_SQL_PORT', value: '8815' },
    ]);
    assert.ok(svc.spec.ports.some((p: any) => p.name === 'arrow-flight' && p.port === 8815 && p.targetPort === 8815));
    assert.doesNotMatch(cm.data['spark-defaults.conf'], /arrowFlight/i);

    // Spark serves no Flight SQL itself: without a server the flag adds no port, no container and no Spark key.
    for (const opts of [undefined, {}, { arrowFlightServerImage: '  ' }]) {
      const [cm2, deploy2, svc2] = renderComputeWorkload(spec({ arrowFlight: true }), def, BUILTIN_NODE_TYPES, 1, opts);
      assert.equal(deploy2.spec.template.spec.containers.length, 1);
      assert.ok(!svc2.spec.ports.some((p: any) => p.name === 'arrow-flight'));
      assert.doesNotMatch(cm2.data['spark-defaults.conf'], /arrowFlight/i);
    }
    // Nor does a server image for a cluster that leaves Arrow Flight off.
    const [, deploy3, svc3] = renderComputeWorkload(spec(), def, BUILTIN_NODE_TYPES, 1, { arrowFlightServerImage: image });
    assert.equal(deploy3.spec.template.spec.containers.length, 1);
    assert.ok(!svc3.spec.ports.some((p: any) => p.name === 'arrow-flight'));
  });

  it("puts spot executors on the provider's spot nodes: Karpenter's label by default, the configured selector and tolerations otherwise", () => {
    const byDefault = renderSparkDefaults(spec({ spotInstances: true }), BUILTIN_NODE_TYPES);
    assert.equal(byDefault['spark.kubernetes.executor.node.selector.karpenter.sh/capacity-type'], 'spot');
    assert.deepEqual(
      Object.keys(byDefault).filter((k) => /node\.selector|capacity-type|podTemplate/.test(k)),
      ['spark.kubernetes.executor.node.selector.karpenter.sh/capacity-type'],
    );

    const aks = {
      nodeSelector: { 'kubernetes.azure.com/scalesetpriority': 'spot' },
      tolerations: [
        { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal' as const, value: 'spot', effect: 'NoSchedule' as const },
      ],
    };
    const [cm, deploy] = renderComputeWorkload(spec({ spotInstances: true }), def, BUILTIN_NODE_TYPES, 1, { spot: aks });
    const conf = cm.data['spark-defaults.conf'];
    assert.match(conf, /^spark\.kubernetes\.executor\.node\.selector\.kubernetes\.azure\.com\/scalesetpriority spot$/m);
    assert.doesNotMatch(conf, /karpenter|dataclusters\.io\/capacity-type/);
    assert.match(conf, /^spark\.kubernetes\.executor\.podTemplateFile \/opt\/spark\/conf\/executor-pod-template\.yaml$/m);
    assert.deepEqual(yaml.load(cm.data['executor-pod-template.yaml']), {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { tolerations: aks.tolerations },
    });
    assert.ok(
      deploy.spec.template.spec.containers[0].volumeMounts.some(
        (m: any) =>
          m.name === 'spark-defaults' &&
          m.mountPath === '/opt/spark/conf/executor-pod-template.yaml' &&
          m.subPath === 'executor-pod-template.yaml',
      ),
    );

    // GKE: a label, no taint, so no template.
    const gke = renderComputeWorkload(spec({ spotInstances: true }), def, BUILTIN_NODE_TYPES, 1, {
      spot: { nodeSelector: { 'cloud.google.com/gke-spot': 'true' }, tolerations: [] },
    });
    assert.match(gke[0].data['spark-defaults.conf'], /^spark\.kubernetes\.executor\.node\.selector\.cloud\.google\.com\/gke-spot true$/m);
    assert.equal(gke[0].data['executor-pod-template.yaml'], undefined);
    assert.equal(gke[1].spec.template.spec.containers[0].volumeMounts.length, 1);

    // On demand, or on a single node, the spot placement is not used at all.
    for (const s of [spec(), spec({ spotInstances: true, deploymentType: 'single-node' })]) {
      const [cm2, deploy2] = renderComputeWorkload(s, def, BUILTIN_NODE_TYPES, 1, { spot: aks });
      assert.doesNotMatch(cm2.data['spark-defaults.conf'], /node\.selector|podTemplateFile/);
      assert.equal(cm2.data['executor-pod-template.yaml'], undefined);
      assert.equal(deploy2.spec.template.spec.containers[0].volumeMounts.length, 1);
    }
  });

  it('reads the spot settings: valid selector labels and tolerations kept, the rest named; no object means the default', () => {
    assert.deepEqual(spotPlacementOf(undefined, undefined), { placement: DEFAULT_SPOT_PLACEMENT, problems: [] });
    assert.deepEqual(spotPlacementOf('spot', []).placement, DEFAULT_SPOT_PLACEMENT);
    assert.deepEqual(spotPlacementOf({}, []).placement, { nodeSelector: {}, tolerations: [] });
    const r = spotPlacementOf({ 'eks.amazonaws.com/capacityType': 'SPOT', 'bad key!': 'x', 'ok-key': 'no spaces allowed' }, [
      { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' },
      { operator: 'Exists' },
      { key: 'x', effect: 'Sometimes' },
      { key: 'y', operator: 'Exists', value: 'z' },
      'nonsense',
    ]);
    assert.deepEqual(r.placement, {
      nodeSelector: { 'eks.amazonaws.com/capacityType': 'SPOT' },
      tolerations: [
        { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' },
        { operator: 'Exists' },
      ],
    });
    assert.equal(r.problems.length, 5);
  });

  it('sets the Kubernetes master, client mode and dynamic allocation from the spec', () => {
    const conf = renderSparkDefaults(
      spec({
        autoScaling: { enabled: true, idleTimeoutMinutes: 45 },
        sparkConf: { 'spark.sql.shuffle.partitions': '64' },
        spotInstances: true,
        volume: { size: '100Gi' },
      }),
      BUILTIN_NODE_TYPES,
    );
    assert.equal(conf['spark.master'], 'k8s://https://kubernetes.default.svc');
    assert.equal(conf['spark.submit.deployMode'], 'client');
    assert.equal(conf['spark.dynamicAllocation.minExecutors'], '0');
    assert.equal(conf['spark.dynamicAllocation.maxExecutors'], '4');
    assert.equal(conf['spark.dynamicAllocation.executorIdleTimeout'], '2700s');
    assert.equal(conf['spark.kubernetes.executor.label.dataclusters.io/cluster'], 'etl');
    assert.equal(conf['spark.kubernetes.executor.node.selector.karpenter.sh/capacity-type'], 'spot');
    assert.equal(conf['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit'], '100Gi');
    assert.equal(conf['spark.sql.shuffle.partitions'], '64');
    assert.equal(conf['spark.plugins'], 'org.apache.spark.sql.connect.SparkConnectPlugin');
  });

  it('keeps executors when auto-scaling is disabled, and has none on a single node', () => {
    const fixed = renderSparkDefaults(spec({ autoScaling: { enabled: false } }), BUILTIN_NODE_TYPES);
    assert.equal(fixed['spark.dynamicAllocation.minExecutors'], '4');
    assert.equal(fixed['spark.dynamicAllocation.executorIdleTimeout'], undefined);
    const single = renderSparkDefaults(spec({ deploymentType: 'single-node' }), BUILTIN_NODE_TYPES);
    assert.equal(single['spark.dynamicAllocation.enabled'], 'false');
  });
});

describe('renderFlinkDeployment', () => {
  const crdSchema = () => {
    const crd = yaml.load(fs.readFileSync(path.join(CRD_DIR, 'flinkdeployments.flink.apache.org-v1.yml'), 'utf8')) as any;
    return crd.spec.versions.find((v: any) => v.name === 'v1beta1').schema.openAPIV3Schema;
  };

  it('renders a session-mode FlinkDeployment (no spec.job) that the real CRD schema accepts', () => {
    for (const flinkVersion of FLINK_VERSIONS) {
      const fd = renderFlinkDeployment(
        { ...defaultSessionSpec('orders'), flinkVersion, flinkConfiguration: { 'state.backend.type': 'rocksdb' } },
        'streaming',
        { name: 'session.orders', uid: 'u', generation: 2 },
      );
      assert.equal(fd.spec.job, undefined);
      const errors = validateAgainstSchema(structuredClone(fd), crdSchema(), '');
      assert.deepEqual(errors, [], `${flinkVersion}: ${JSON.stringify(errors)}`);
    }
  });

  it('carries slots into flinkConfiguration and the definition generation and owner', () => {
    const fd = renderFlinkDeployment(
      { ...defaultSessionSpec('orders'), taskManager: { cpu: 2, memory: '4g', replicas: 3, slots: 4 } },
      'streaming',
      { name: 'session.orders', uid: 'u', generation: 2 },
    );
    assert.equal(fd.spec.flinkConfiguration['taskmanager.numberOfTaskSlots'], '4');
    assert.equal(fd.spec.taskManager.replicas, 3);
    assert.equal(fd.metadata.annotations['dataclusters.io/generation'], '2');
    assert.equal(fd.metadata.ownerReferences[0].uid, 'u');
  });
});

describe('rendered workloads on the emulator', function () {
  this.timeout(30_000);
  let fx: EmulatorFixture;
  let transport: KubeTransport;
  const apply = (o: any, base: string) =>
    transport.request('PATCH', `${base}/${o.metadata.name}`, {
      query: { fieldManager: 'data-clusters', force: 'true' },
      body: JSON.stringify(o),
      contentType: 'application/apply-patch+yaml',
    });

  before(async () => {
    fx = await startEmulator();
    transport = new KubeTransport(fx.kc());
    fx.namespace('render');
  });
  after(() => fx.emulator.stop());

  it('starts a compute cluster whose executors follow the rendered spark-defaults.conf', async () => {
    const s = spec({ namespace: 'render', executorCount: 2 });
    const defCm = await transport.request('POST', '/api/v1/namespaces/render/configmaps', {
      body: { metadata: { name: 'compute.etl' }, data: {} },
    });
    const objs = renderComputeWorkload(s, { name: 'compute.etl', uid: defCm.metadata.uid, generation: 1 }, BUILTIN_NODE_TYPES);
    await apply(objs[0], '/api/v1/namespaces/render/configmaps');
    await apply(objs[1], '/apis/apps/v1/namespaces/render/deployments');
    await apply(objs[2], '/api/v1/namespaces/render/services');
    const pods = () => fx.emulator.api.store.list('/pods', 'render');
    const driverPods = () => pods().filter((p) => p.metadata.labels?.['spark-role'] === 'driver');
    await until(
      () =>
        deriveDriverState(fx.emulator.api.store.get('apps/deployments', 'render', 'etl-driver'), driverPods(), Date.now(), 600_000)
          .state === 'ACTIVE',
      10_000,
      'ACTIVE',
    );
    fx.emulator.spark.load('render', 'etl', 5, 30);
    const execs = () => pods().filter((p) => p.metadata.labels?.['spark-role'] === 'executor');
    await until(() => executorState(execs(), s.executorCount, false) === 'Running 2/2', 10_000, 'Running 2/2');
  });

  it('starts a session cluster that the operator walks to Running', async () => {
    const fd = renderFlinkDeployment(defaultSessionSpec('orders'), 'render', { name: 'session.orders', uid: 'u', generation: 1 });
    fd.metadata.ownerReferences = [];
    await apply(fd, '/apis/flink.apache.org/v1beta1/namespaces/render/flinkdeployments');
    await until(
      () => deriveSessionStatus(fx.emulator.api.store.get('flink.apache.org/flinkdeployments', 'render', 'orders')).status === 'Running',
      15_000,
      'Running',
    );
  });
});
