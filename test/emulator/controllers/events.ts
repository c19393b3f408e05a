import { ApiCore } from '../api/apiCore';

const HOUR_MS = 3600_000;

/** Records core/v1 Events as kubelets and controllers do: repeated ones count up, all expire after an hour. */
export class EventRecorder {
  private sweeper?: { cancel(): void };

  constructor(private readonly api: ApiCore) {}

  start(): void {
    const sweep = () => {
      this.expire();
      this.sweeper = this.api.clock.after(60_000, sweep);
    };
    this.sweeper = this.api.clock.after(60_000, sweep);
  }

  stop(): void {
    this.sweeper?.cancel();
  }

  record(involved: any, type: 'Normal' | 'Warning', reason: string, message: string, component = 'kubelet'): void {
    const t = this.api.mustType('', 'events');
    const ns = involved.metadata.namespace ?? 'default';
    if (!this.api.tryGet(this.api.mustType('', 'namespaces'), undefined, ns)) return;
    const now = this.api.clock.iso();
    const existing = this.api.store
      .list('/events', ns)
      .find(
        (e) =>
          e.involvedObject?.uid === involved.metadata.uid &&
          e.reason === reason &&
          e.message === message &&
          e.source?.component === component,
      );
    if (existing) {
      this.api.writeInternal(t, { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    this.api.writeInternal(t, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${involved.metadata.name}.${this.api.random.hex(16)}`, namespace: ns },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component, ...(component === 'kubelet' ? { host: 'emulator-node-1' } : {}) },
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? 'emulator-node-1' : '',
    });
  }

  expire(): void {
    const t = this.api.mustType('', 'events');
    const cutoff = this.api.clock.now() - HOUR_MS;
    for (const e of this.api.store.list('/events')) {
      if (Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp) < cutoff) {
        try {
          this.api.delete(t, e.metadata.namespace, e.metadata.name);
        } catch {
          /* already gone */
        }
      }
    }
  }
}
