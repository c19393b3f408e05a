import { ClusterCache } from '../../../src/clusters/clusterCache';
import { ClusterModel, ClusterModelOptions } from '../../../src/clusters/clusterModel';
import { FIELD_MANAGER } from '../../../src/clusters/definition';
import { OperationContext } from '../../../src/clusters/operations';
import { AccessReviewer } from '../../../src/kube/access';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import { KubeWriter } from '../../../src/kube/kubeWriter';
import { EmulatorUser } from '../../emulator/emulator';
import { EmulatorFixture } from './emulatorFixture';

export interface ContextOptions {
  /** Marker timing for the actions and the model (small values keep the tests fast). */
  readonly staleOperationMs?: number;
  readonly heartbeatMs?: number;
  readonly clearMarkerForMs?: number;
  readonly model?: Omit<ClusterModelOptions, 'staleOperationMs'>;
  /** Informer backoff, small in tests that break the connection. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export type TestContext = OperationContext & { cache: ClusterCache; transport: KubeTransport; dispose(): void };

/**
 * The object graph the extension builds, for one user against the emulator: one "window".
 * `namespaces` 'all' watches cluster-wide (admin), so a test can make a namespace of its own.
 */
export function operationContext(
  fx: EmulatorFixture,
  namespaces: string[] | 'all',
  user: EmulatorUser = 'admin',
  opts: ContextOptions = {},
): TestContext {
  const kc = fx.kc(user);
  const transport = new KubeTransport(kc);
  const cache = new ClusterCache(transport, namespaces === 'all' ? { allNamespaces: true } : { namespaces }, undefined, {
    initialBackoffMs: opts.initialBackoffMs,
    maxBackoffMs: opts.maxBackoffMs,
  }).start();
  const model = new ClusterModel(cache, { ...opts.model, staleOperationMs: opts.staleOperationMs });
  return {
    writer: new KubeWriter(transport, FIELD_MANAGER),
    model,
    access: new AccessReviewer(transport, kc),
    cache,
    transport,
    staleOperationMs: opts.staleOperationMs,
    heartbeatMs: opts.heartbeatMs,
    clearMarkerForMs: opts.clearMarkerForMs,
    dispose() {
      model.dispose();
      cache.dispose();
    },
  };
}
