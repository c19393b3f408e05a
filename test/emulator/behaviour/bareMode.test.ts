import * as assert from 'node:assert/strict';
import { Emulator } from '../emulator';

/** --no-controllers: the emulator as a bare kube-apiserver, which only stores and serves. */
describe('Emulator without controllers (bare API server)', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const settle = () => new Promise((r) => setTimeout(r, 500));

  before(async () => {
    emu = await Emulator.start({ controllers: false, speed: 20 });
  });
  after(async () => {
    await emu?.stop();
  });

  const core = () => emu.api;
  const type = (group: string, plural: string) => core().mustType(group, plural);

  it('creates no default ServiceAccount, so pods are refused until one is created', async () => {
    core().create(type('', 'namespaces'), undefined, { metadata: { name: 'fresh' } });
    await settle();
    assert.equal(core().store.list('/serviceaccounts', 'fresh').length, 0);
    const pod = { metadata: { name: 'early' }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } };
    assert.throws(() => core().create(type('', 'pods'), 'fresh', pod), /error looking up service account fresh\/default/);
    core().create(type('', 'serviceaccounts'), 'fresh', { metadata: { name: 'default' } });
    assert.match(core().create(type('', 'pods'), 'fresh', pod).spec.volumes[0].name, /^kube-api-access-/);
  });

  it('creates no ReplicaSets or pods for a Deployment and schedules no pod', async () => {
    // A bare API server has no default ServiceAccount anywhere (see above).
    core().create(type('', 'serviceaccounts'), 'default', { metadata: { name: 'default' } });
    core().create(type('apps', 'deployments'), 'default', {
      metadata: { name: 'idle' },
      spec: {
        selector: { matchLabels: { app: 'idle' } },
        template: { metadata: { labels: { app: 'idle' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } },
      },
    });
    core().create(type('', 'pods'), 'default', {
      metadata: { name: 'waiting' },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    });
    await settle();
    assert.equal(core().store.list('apps/replicasets', 'default').length, 0);
    const pod = core().get(type('', 'pods'), 'default', 'waiting');
    assert.equal(pod.spec.nodeName, undefined);
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
    assert.equal(core().get(type('apps', 'deployments'), 'default', 'idle').status.replicas, undefined);
  });

  it('leaves Foreground and Orphan finalizers and dependents alone: nobody collects garbage', async () => {
    const cms = type('', 'configmaps');
    const owner = core().create(cms, 'default', { metadata: { name: 'owner' } });
    core().create(cms, 'default', {
      metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }] },
    });
    core().delete(cms, 'default', 'owner', { propagationPolicy: 'Foreground' });
    await settle();
    assert.deepEqual(core().get(cms, 'default', 'owner').metadata.finalizers, ['foregroundDeletion']);
    assert.ok(core().tryGet(cms, 'default', 'dependent'));
  });

  it('keeps a deleted namespace Terminating with its content', async () => {
    const namespaces = type('', 'namespaces');
    core().create(namespaces, undefined, { metadata: { name: 'stays' } });
    core().create(type('', 'configmaps'), 'stays', { metadata: { name: 'content' } });
    core().delete(namespaces, undefined, 'stays');
    await settle();
    const ns = core().get(namespaces, undefined, 'stays');
    assert.equal(ns.status.phase, 'Terminating');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    assert.ok(core().tryGet(type('', 'configmaps'), 'stays', 'content'));
  });
});
