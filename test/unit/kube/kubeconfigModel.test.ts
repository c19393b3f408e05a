import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { Logger } from '../../../src/common/logger';
import { KubeconfigLoader, KubeconfigState } from '../../../src/kube/kubeconfigLoader';
import { KubeconfigModel } from '../../../src/kube/kubeconfigModel';

function logger(): sinon.SinonStubbedInstance<Logger> {
  return { trace: sinon.stub(), debug: sinon.stub(), info: sinon.stub(), warn: sinon.stub(), error: sinon.stub() };
}

describe('KubeconfigModel', () => {
  afterEach(() => sinon.restore());

  it('reads through the loader with the current sources and logs what it found', () => {
    const loader = new KubeconfigLoader();
    const load = sinon.stub(loader, 'load').returns({ kind: 'missing', searched: ['/home/u/.kube/config'] });
    const log = logger();
    let setting = '';
    const model = new KubeconfigModel(loader, () => ({ settingPath: setting }), log);
    assert.equal(model.state.kind, 'missing');
    sinon.assert.calledOnceWithExactly(load, { settingPath: '' });
    sinon.assert.calledOnceWithMatch(log.warn, sinon.match(/No kubeconfig found \(looked for \/home\/u\/\.kube\/config\)/));

    setting = '/tmp/other.yaml';
    load.returns({ kind: 'broken', file: '/tmp/other.yaml', message: 'it is empty' });
    model.reload();
    sinon.assert.calledWith(load.secondCall, { settingPath: '/tmp/other.yaml' });
    sinon.assert.calledOnceWithExactly(log.error, 'Kubeconfig /tmp/other.yaml: it is empty');
  });

  it('fires onDidChangeKubeconfig with the new state on every reload, and stops after dispose', () => {
    const loader = new KubeconfigLoader();
    const states: KubeconfigState[] = [
      { kind: 'missing', searched: [] },
      { kind: 'broken', file: 'f', message: 'm' },
      { kind: 'missing', searched: ['x'] },
    ];
    sinon.stub(loader, 'load').callsFake(() => states.shift()!);
    const model = new KubeconfigModel(loader, () => ({}), logger());
    const listener = sinon.spy();
    model.onDidChangeKubeconfig(listener);
    model.reload();
    sinon.assert.calledOnceWithMatch(listener, { kind: 'broken', file: 'f' });
    model.dispose();
    model.reload();
    sinon.assert.calledOnce(listener);
  });
});
