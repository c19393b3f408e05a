import { KubeApiError } from './kubeApiError';
import { KubeTransport } from './kubeTransport';
import { apiVersion, collectionPath, KubeObject, objectPath, RESOURCES, ResourceDescriptor } from './resources';

const BY_KIND = new Map<string, ResourceDescriptor>(Object.values(RESOURCES).map((r) => [`${apiVersion(r)}/${r.kind}`, r]));

export function resourceOf(obj: { apiVersion?: string; kind?: string }): ResourceDescriptor {
  const r = BY_KIND.get(`${obj.apiVersion}/${obj.kind}`);
  // l10n-ignore: programmer error: every kind the extension writes is in RESOURCES
  if (!r) throw new Error(`no resource known for ${obj.apiVersion} ${obj.kind}`);
  return r;
}

/** Writes to the API: server-side apply under one field manager, preconditioned patches, deletes. */
export class KubeWriter {
  constructor(
    readonly transport: KubeTransport,
    readonly fieldManager: string,
  ) {}

  get<T = KubeObject>(r: ResourceDescriptor, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<T> {
    return this.transport.request<T>('GET', objectPath(r, namespace, name), { signal });
  }

  /** GET that answers undefined for 404. */
  async tryGet<T = KubeObject>(
    r: ResourceDescriptor,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(r, namespace, name, signal);
    } catch (e) {
      if (e instanceof KubeApiError && e.isNotFound) return undefined;
      throw e;
    }
  }

  list<T = KubeObject>(
    r: ResourceDescriptor,
    namespace: string | undefined,
    query: { labelSelector?: string; fieldSelector?: string } = {},
    signal?: AbortSignal,
  ): Promise<{ items: T[]; metadata: { resourceVersion: string } }> {
    return this.transport.request('GET', collectionPath(r, namespace), { query, signal });
  }

  create<T = KubeObject>(obj: KubeObject | Record<string, any>, signal?: AbortSignal): Promise<T> {
    const r = resourceOf(obj);
    return this.transport.request<T>('POST', collectionPath(r, obj.metadata.namespace), {
      body: obj,
      query: { fieldManager: this.fieldManager },
      signal,
    });
  }

  /** Replaces an object; its metadata.resourceVersion makes a concurrent change a 409, never an overwrite. */
  update<T = KubeObject>(obj: KubeObject, signal?: AbortSignal): Promise<T> {
    const r = resourceOf(obj);
    return this.transport.request<T>('PUT', objectPath(r, obj.metadata.namespace, obj.metadata.name), {
      body: obj,
      query: { fieldManager: this.fieldManager },
      signal,
    });
  }

  /** Server-side apply: we own the fields we set and take them back from anyone who changed them. */
  apply<T = KubeObject>(obj: Record<string, any>, signal?: AbortSignal): Promise<T> {
    return this.serverSideApply<T>(obj, {}, signal);
  }

  /**
   * Server-side apply with `dryRun=All`: the API server runs defaulting, schema validation and
   * admission (quota, webhooks) and answers the object as it would store it, writing nothing.
   */
  dryRunApply<T = KubeObject>(obj: Record<string, any>, signal?: AbortSignal): Promise<T> {
    return this.serverSideApply<T>(obj, { dryRun: 'All' }, signal);
  }

  private serverSideApply<T>(obj: Record<string, any>, query: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const r = resourceOf(obj);
    return this.transport.request<T>('PATCH', objectPath(r, obj.metadata.namespace, obj.metadata.name), {
      body: JSON.stringify(obj),
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: this.fieldManager, force: 'true', ...query },
      signal,
    });
  }

  /** JSON merge patch; with `resourceVersion` set in the patch, a concurrent change is a 409. */
  mergePatch<T = KubeObject>(
    r: ResourceDescriptor,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    signal?: AbortSignal,
    subresource?: string,
  ): Promise<T> {
    return this.transport.request<T>('PATCH', objectPath(r, namespace, name, subresource), {
      body: patch,
      contentType: 'application/merge-patch+json',
      query: { fieldManager: this.fieldManager },
      signal,
    });
  }

  /** Deletes; a missing object counts as deleted. */
  async delete(
    r: ResourceDescriptor,
    namespace: string | undefined,
    name: string,
    opts: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; uid?: string; gracePeriodSeconds?: number } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      await this.transport.request('DELETE', objectPath(r, namespace, name), {
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: opts.propagationPolicy ?? 'Background',
          ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}),
          ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
        },
        signal,
      });
    } catch (e) {
      if (!(e instanceof KubeApiError && e.isNotFound)) throw e;
    }
  }

  deleteCollection(r: ResourceDescriptor, namespace: string, labelSelector: string, signal?: AbortSignal): Promise<unknown> {
    return this.transport.request('DELETE', collectionPath(r, namespace), {
      query: { labelSelector },
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
      signal,
    });
  }
}
