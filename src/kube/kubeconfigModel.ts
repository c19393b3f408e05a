import { Disposable } from '../common/disposable';
import { Emitter, Event } from '../common/event';
import { Logger } from '../common/logger';
import { KubeconfigLoader, KubeconfigSources, KubeconfigState } from './kubeconfigLoader';

/** Holds the current kubeconfig state and tells listeners when a reload changes it. */
export class KubeconfigModel extends Disposable {
  private readonly _onDidChangeKubeconfig = this._register(new Emitter<KubeconfigState>());
  readonly onDidChangeKubeconfig: Event<KubeconfigState> = this._onDidChangeKubeconfig.event;
  private _state: KubeconfigState;

  constructor(
    private readonly loader: KubeconfigLoader,
    private readonly sources: () => KubeconfigSources,
    private readonly logger: Logger,
  ) {
    super();
    this._state = this.read();
  }

  get state(): KubeconfigState {
    return this._state;
  }

  reload(): KubeconfigState {
    this._state = this.read();
    this._onDidChangeKubeconfig.fire(this._state);
    return this._state;
  }

  private read(): KubeconfigState {
    const state = this.loader.load(this.sources());
    switch (state.kind) {
      case 'missing':
        this.logger.warn(`No kubeconfig found (looked for ${state.searched.join(', ')})`);
        break;
      case 'broken':
        this.logger.error(`Kubeconfig ${state.file}: ${state.message}`);
        break;
      case 'loaded':
        this.logger.info(
          `Kubeconfig ${state.files.join(', ')}: context ${state.currentContext}, ` +
            `namespace ${state.namespace}, server ${state.cluster.server}`,
        );
        break;
    }
    return state;
  }
}
