import { ApiCore } from '../api/apiCore';
import { Change } from '../api/store';

/**
 * The controller-manager's service account controller: every active namespace has a `default`
 * ServiceAccount, created as soon as the namespace is and again whenever it is deleted. Writes
 * happen in a microtask, so a pod created right after its namespace finds the account, as it
 * almost always does in a real cluster.
 */
export class ServiceAccountController {
  private unsubscribe?: () => void;

  constructor(private readonly api: ApiCore) {}

  start(): void {
    this.unsubscribe = this.api.store.onChange((c: Change) => {
      if (c.typeKey === '/namespaces' && c.type !== 'DELETED') this.later(c.obj.metadata.name);
      if (c.typeKey === '/serviceaccounts' && c.type === 'DELETED' && c.obj.metadata.name === 'default')
        this.later(c.obj.metadata.namespace);
    });
    for (const ns of this.api.store.list('/namespaces')) this.ensure(ns.metadata.name);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private later(namespace: string): void {
    queueMicrotask(() => {
      if (this.unsubscribe) this.ensure(namespace);
    });
  }

  private ensure(namespace: string): void {
    const ns = this.api.store.get('/namespaces', undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (this.api.store.get('/serviceaccounts', namespace, 'default')) return;
    this.api.create(
      this.api.mustType('', 'serviceaccounts'),
      namespace,
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
      { internal: true, fieldManager: 'kube-controller-manager' },
    );
  }
}
