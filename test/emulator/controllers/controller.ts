import { ApiCore } from '../api/apiCore';
import { ResourceType } from '../api/resourceTypes';
import { Change } from '../api/store';

/**
 * Base of the emulated controllers: a deduplicating work queue fed by store changes, drained on
 * the next tick, so a burst of changes to one object costs one reconcile.
 */
export abstract class Controller {
  private readonly queue = new Set<string>();
  private scheduled = false;
  private unsubscribe?: () => void;
  protected stopped = false;

  constructor(protected readonly api: ApiCore) {}

  start(): void {
    this.unsubscribe = this.api.store.onChange((c) => {
      for (const key of this.keysFor(c)) this.enqueue(key);
    });
    for (const key of this.initialKeys()) this.enqueue(key);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** Keys (usually namespace/name of the object to reconcile) a change concerns. */
  protected abstract keysFor(change: Change): string[];
  protected abstract initialKeys(): string[];
  protected abstract reconcile(key: string): void;

  enqueue(key: string): void {
    if (this.stopped) return;
    this.queue.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.queue];
    this.queue.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
      } catch (e) {
        // A controller error is logged and retried later, never fatal, as in a real cluster.
        const status = (e as { code?: number }).code;
        if (status !== 404 && status !== 409) console.error(`[emulator] ${this.constructor.name} ${key}:`, (e as Error).message);
        if (status === 409) this.enqueue(key);
      }
    }
  }

  protected t(group: string, plural: string): ResourceType {
    return this.api.mustType(group, plural);
  }
}

export const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

export const keyOf = (o: any): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function controllerOwner(o: any): any | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
}

export function ownerRef(owner: any, controller = true): any {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller,
    blockOwnerDeletion: true,
  };
}

/** A stable short hash (FNV-1a), rendered like Kubernetes' pod-template-hash. */
export function shortHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 10; i++) {
    s += alphabet[h % alphabet.length];
    // Keep mixing so all ten characters depend on the whole input; >>> 0 keeps h unsigned.
    h = (Math.imul(h ^ (h >>> 13), 0x5bd1e995) + i) >>> 0;
  }
  return s;
}
