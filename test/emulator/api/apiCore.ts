import { Clock, Random } from '../clock';
import { ApiError, errors } from './errors';
import {
  allPaths,
  applyMerge,
  createdContainers,
  FieldSet,
  fieldSetOf,
  jsonMergePatch,
  jsonPatch,
  leafPaths,
  PatchError,
  removeAt,
  setFromPaths,
  sortedSetFromPaths,
  strategicMergePatch,
  valueAt,
} from './merge';
import { apiVersionOf, BUILTIN_TYPES, ResourceType, storeKeyOf, typeKey, typesFromCrd } from './resourceTypes';
import { typedPatchError } from './typedPatch';
import { coreEventShape, eventErrors } from './eventsView';
import { dropUnknownFields, FieldValidation, OBJECT_META_FIELDS } from './fieldValidation';
import { labelValueErrors, qualifiedNameErrors } from './labelSyntax';
import { listTooOld } from './listOptions';
import { chargedStatus, quotaRefusal } from './quotaAdmission';
import { admitObjectCount } from './objectCountQuota';
import { defaultPod, defaultPodSpec, POD_UPDATE_FORBIDDEN, podSpecChangesFixedFields } from './podDefaults';
import { validateAgainstSchema } from './schemaValidator';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';
import { Change, ObjectStore } from './store';

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  force?: boolean;
  subresource?: string;
  /** Controllers and seeds write status on create and bypass validation of immutable fields. */
  internal?: boolean;
  /** What to do with fields the type does not have (requests only; internal writes keep everything). */
  fieldValidation?: FieldValidation;
  /** Collects the 299 warnings of the write. */
  warnings?: string[];
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** The raw resourceVersion parameter, checked against `continue`. */
  resourceVersion?: string;
  /** Serve the list as it was at this resourceVersion (resourceVersionMatch=Exact, or a legacy paged read). */
  exactResourceVersion?: number;
}

/** Continue tokens shaped as the real server's: base64url of {"v","rv","start"} (start ends in NUL). */
function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  let parsed: any;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.badRequest('continue key is not valid: illegal base64 data');
  }
  if (parsed?.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  return { rv: parsed.rv, start: parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start };
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const clone = <T>(v: T): T => structuredClone(v);
/** Deep equality that ignores the order of object keys (JSON objects are unordered). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a, sortedKeys) === JSON.stringify(b, sortedKeys);

function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The API server's semantics, independent of HTTP: what the REST layer and the emulated
 * controllers both call. Objects in the store are never mutated; every write stores a new one.
 */
export class ApiCore {
  readonly store: ObjectStore;
  /** The controller-manager's garbage collector and namespace controller; off for a bare API server. */
  garbageCollection = true;
  private readonly types = new Map<string, ResourceType>();
  private gcQueued = false;

  constructor(
    readonly clock: Clock,
    readonly random: Random,
  ) {
    this.store = new ObjectStore(undefined, { size: 100, freshMs: 75_000, now: () => clock.now() });
    // A second version of the same resource (autoscaling/v1 beside v2) is kept under its version.
    for (const t of BUILTIN_TYPES) {
      const key = typeKey(t.group, t.plural);
      this.types.set(this.types.has(key) ? `${key}@${t.version}` : key, t);
    }
    this.store.onChange((c) => this.afterChange(c));
  }

  /* ---------- types ---------- */

  allTypes(): ResourceType[] {
    return [...this.types.values()];
  }

  type(group: string, plural: string, version?: string): ResourceType | undefined {
    const t = this.types.get(typeKey(group, plural));
    if (t && version !== undefined && t.version !== version) return this.types.get(`${typeKey(group, plural)}@${version}`);
    return t && (version === undefined || t.version === version) ? t : undefined;
  }

  typeForKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const t of this.types.values()) if (apiVersionOf(t) === apiVersion && t.kind === kind) return t;
    return undefined;
  }

  mustType(group: string, plural: string): ResourceType {
    const t = this.type(group, plural);
    if (!t) throw errors.notFound(group, plural, '');
    return t;
  }

  /* ---------- reads ---------- */

  get(t: ResourceType, namespace: string | undefined, name: string): any {
    const obj = this.store.get(storeKeyOf(t), t.namespaced ? namespace : undefined, name);
    if (!obj) throw errors.notFound(t.group, t.plural, name);
    return obj;
  }

  tryGet(t: ResourceType, namespace: string | undefined, name: string): any {
    return this.store.get(storeKeyOf(t), t.namespaced ? namespace : undefined, name);
  }

  list(
    t: ResourceType,
    namespace: string | undefined,
    opts: ListOptions = {},
  ): { items: any[]; resourceVersion: string; continue?: string; remainingItemCount?: number } {
    const labels = this.parseLabels(opts.labelSelector);
    const fields = this.parseFields(opts.fieldSelector, t);
    const ns = t.namespaced ? namespace : undefined;
    // Keys relative to the listed scope, as etcd keys are relative to the list's prefix.
    const relKey = (o: any) => (t.namespaced && ns === undefined ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);
    let start: string | undefined;
    let at = opts.exactResourceVersion;
    if (opts.continue) {
      if (opts.resourceVersion !== undefined && opts.resourceVersion !== '0')
        throw errors.badRequest('specifying resource version is not allowed when using continue');
      const token = decodeContinue(opts.continue);
      if (token.rv < this.store.oldestResourceVersion - 1) {
        throw new ApiError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      start = token.start;
      at = token.rv;
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const snapshot = at === undefined ? this.store.list(storeKeyOf(t), ns) : this.store.listAt(storeKeyOf(t), ns, at);
    if (snapshot === 'expired') throw listTooOld();
    const matched: any[] = [];
    for (const o of snapshot) {
      if (start !== undefined && relKey(o) <= start) continue;
      if (matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o)) matched.push(o);
    }
    const listRv = at ?? this.store.resourceVersion;
    const rv = String(listRv);
    if (limit && matched.length > limit) {
      const page = matched.slice(0, limit);
      const token = encodeContinue(listRv, relKey(page[page.length - 1]));
      // Only an unfiltered list knows how many items remain (etcd counts keys, not matches).
      const filtered = labels.length > 0 || fields.length > 0;
      return { items: page, resourceVersion: rv, continue: token, ...(filtered ? {} : { remainingItemCount: matched.length - limit }) };
    }
    return { items: matched, resourceVersion: rv };
  }

  parseLabels(selector?: string) {
    try {
      return parseLabelSelector(selector);
    } catch (e) {
      throw errors.badRequest(`unable to parse requirement: ${(e as Error).message}`);
    }
  }

  parseFields(selector: string | undefined, t: ResourceType) {
    try {
      return parseFieldSelector(selector, t.plural, t.kind, t.group);
    } catch (e) {
      if (e instanceof SelectorError) throw errors.badRequest(e.message);
      throw e;
    }
  }

  /* ---------- writes ---------- */

  create(t: ResourceType, namespace: string | undefined, body: any, opts: WriteOptions = {}): any {
    if (t.virtual) throw errors.methodNotAllowed(`${t.plural} are answered by the server, not stored`);
    let obj = clone(body ?? {});
    if (typeof obj !== 'object' || Array.isArray(obj)) throw errors.badRequest('the body of the request must be a JSON object');
    obj.apiVersion ??= apiVersionOf(t);
    obj.kind ??= t.kind;
    if (obj.kind !== t.kind || obj.apiVersion !== apiVersionOf(t)) {
      throw errors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(t)}) or kind (${obj.kind} vs ${t.kind})`,
      );
    }
    obj.metadata ??= {};
    if (opts.fieldValidation) opts.warnings?.push(...dropUnknownFields(t, obj, opts.fieldValidation));
    // A view's object is stored as its stored type's; its managed fields are what the request set.
    const requested = obj;
    if (t.view) obj = t.view.fromView(obj);
    const meta = obj.metadata;
    if (t.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace)
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = namespace ?? meta.namespace;
      if (!meta.namespace) throw errors.badRequest('the server could not find the requested resource: a namespace is required');
      const ns = this.store.get('/namespaces', undefined, meta.namespace);
      if (!ns)
        throw new ApiError(404, 'NotFound', `namespaces "${meta.namespace}" not found`, { name: meta.namespace, kind: 'namespaces' });
      if (ns.metadata.deletionTimestamp && !opts.internal) {
        const name = meta.name ?? meta.generateName ?? '';
        throw new ApiError(
          403,
          'Forbidden',
          `${t.group ? `${t.plural}.${t.group}` : t.plural} "${name}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`,
          {
            name,
            group: t.group,
            kind: t.plural,
            causes: [
              { reason: 'NamespaceTerminating', message: `namespace ${meta.namespace} is being terminated`, field: 'metadata.namespace' },
            ],
          },
        );
      }
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.random.suffix()}`;
    this.validateName(t, meta.name);
    const key = storeKeyOf(t);
    if (this.store.get(key, meta.namespace, meta.name)) throw errors.alreadyExists(t.group, t.plural, meta.name);

    if (t.subresources.includes('status') && !opts.internal) delete obj.status;
    this.defaults(t, obj, opts);
    // Admission looks the service account up before validation; what it adds is nobody's managed field.
    const serviceAccount = t.group === '' && t.plural === 'pods' ? this.serviceAccountOf(obj, opts) : undefined;
    this.validate(t, obj, undefined, opts.internal);
    if (!opts.internal) admitObjectCount(this.store, t, meta.namespace, meta.name);
    meta.uid = this.random.uuid();
    meta.creationTimestamp = this.clock.iso();
    if (t.generation) meta.generation = 1;
    for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']) delete meta[k];
    meta.managedFields = this.recordUpdate([], undefined, requested, opts.fieldManager, 'Update', t);
    if (serviceAccount) mountServiceAccountToken(obj.spec, serviceAccount, this.random.suffix());
    // Quota admission runs on the requests of clients, dry runs included (the emulator's controllers create past it).
    const quotas = t.namespaced && !opts.internal ? this.store.list('/resourcequotas', meta.namespace) : [];
    const refusal = quotas.length ? quotaRefusal(t, obj, quotas) : undefined;
    if (refusal) throw refusal;
    // A dry-run create has a uid and a creationTimestamp but no resourceVersion: nothing was stored.
    if (opts.dryRun) return canonicalOrder(serialForm(t, obj));
    meta.resourceVersion = String(this.store.nextResourceVersion());
    const stored = canonicalOrder(serialForm(t, obj));
    this.store.put(key, stored);
    for (const q of quotas) {
      const status = chargedStatus(t, stored, q);
      if (status) this.writeInternal(this.mustType('', 'resourcequotas'), { ...q, status }, 'resourcequota-admission');
    }
    if (t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions') this.registerCrd(stored);
    return stored;
  }

  update(t: ResourceType, namespace: string | undefined, name: string, body: any, opts: WriteOptions = {}): any {
    const live = this.get(t, namespace, name);
    const obj = clone(body ?? {});
    if (obj?.metadata?.name && obj.metadata.name !== name)
      throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    const rv = obj?.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== live.metadata.resourceVersion) throw errors.conflict(t.group, t.plural, name);
    return this.commit(t, live, obj, opts, 'Update');
  }

  patch(t: ResourceType, namespace: string | undefined, name: string, contentType: string, body: any, opts: WriteOptions = {}): any {
    const mediaType = contentType.split(';')[0].trim();
    if (mediaType === 'application/apply-patch+yaml' || mediaType === 'application/apply-patch+cbor')
      return this.apply(t, namespace, name, body, opts);
    const live = this.get(t, namespace, name);
    const base = opts.subresource === 'scale' ? this.scaleOf(t, live, true) : t.view ? t.view.toView(live) : live;
    let next: any;
    try {
      if (mediaType === 'application/merge-patch+json') next = jsonMergePatch(base, body);
      else if (mediaType === 'application/json-patch+json') next = jsonPatch(base, body);
      else if (mediaType === 'application/strategic-merge-patch+json') {
        if (!t.strategicMerge) throw errors.unsupportedMedia(`${mediaType} (strategic merge patch is not supported for custom resources)`);
        next = strategicMergePatch(base, body);
      } else throw errors.unsupportedMedia(mediaType);
    } catch (e) {
      if (e instanceof PatchError) throw new ApiError(e.code, e.code === 400 ? 'BadRequest' : 'Invalid', e.message);
      throw e;
    }
    const rv = next?.metadata?.resourceVersion;
    if (rv && rv !== base.metadata.resourceVersion) throw errors.conflict(t.group, t.plural, name);
    if (opts.subresource === 'scale') {
      // A custom resource without replicas is patched from a Scale whose replicas are the smallest int32: a patch must set them.
      if (t.scale && next?.spec?.replicas === UNSET_SCALE_REPLICAS)
        throw errors.badRequest(`the spec replicas field ${JSON.stringify(t.scale.specReplicasPath)} cannot be empty`);
      return this.scaleOf(t, this.setReplicas(t, live, next?.spec?.replicas, opts));
    }
    return this.commit(t, live, next, opts, 'Update');
  }

  /** Server-side apply: merges the configuration, tracks field ownership, reports conflicts. */
  apply(t: ResourceType, namespace: string | undefined, name: string, body: any, opts: WriteOptions = {}): any {
    if (t.view) throw errors.unsupportedMedia('application/apply-patch+yaml (server-side apply is not emulated for converted views)');
    const manager = opts.fieldManager;
    if (!manager)
      throw errors.invalid(
        'PatchOptions',
        '',
        [{ field: 'fieldManager', message: 'Required value: is required for apply patch' }],
        'meta.k8s.io',
      );
    const applied = clone(body ?? {});
    if (!applied.apiVersion || !applied.kind) throw errors.badRequest('apiVersion and kind must be set in an applied configuration');
    if (applied.metadata?.name && applied.metadata.name !== name)
      throw errors.badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    const typed = typedPatchError(t, namespace, name, applied);
    if (typed) throw typed;
    const live = this.tryGet(t, namespace, name);
    const isStatus = opts.subresource === 'status';
    if (isStatus) {
      applied.metadata = { name };
    } else if (t.subresources.includes('status')) delete applied.status;
    const appliedSet = sortedSetFromPaths(allPaths(fieldSetOf(isStatus ? { status: applied.status } : applied)));
    if (!live) {
      const created = this.create(
        t,
        namespace,
        { ...applied, metadata: { ...applied.metadata, name } },
        { ...opts, fieldManager: undefined },
      );
      const entry = {
        manager,
        operation: 'Apply',
        apiVersion: apiVersionOf(t),
        time: this.clock.iso(),
        fieldsType: 'FieldsV1',
        fieldsV1: appliedSet,
      };
      // What a dry run answers is what the apply would store: the fields belong to the applier.
      if (opts.dryRun) return { ...created, metadata: { ...created.metadata, managedFields: [entry] } };
      return this.commit(
        t,
        created,
        { ...created, metadata: { ...created.metadata, managedFields: [entry] } },
        { internal: true },
        'Internal',
      );
    }
    const appliedPaths = leafPaths(appliedSet).map((p) => p.join('\u0000'));
    const managed: any[] = clone(live.metadata.managedFields ?? []);
    const conflicts: Conflict[] = [];
    for (const e of managed) {
      if (e.manager === manager && e.operation === 'Apply') continue;
      if ((e.subresource ?? '') !== (opts.subresource ?? '')) continue;
      for (const p of leafPaths(e.fieldsV1 ?? {})) {
        if (!appliedPaths.includes(p.join('\u0000'))) continue;
        if (!same(valueAt(live, p), valueAt(applied, p)))
          conflicts.push({ manager: e.manager, path: p, apiVersion: e.apiVersion, operation: e.operation });
      }
    }
    if (conflicts.length && !opts.force) throw applyConflict(conflicts);
    // With force, the applier takes the conflicting fields from their owners.
    const taken = new Set(conflicts.map((c) => c.path.join('\u0000')));
    const others = managed
      .filter((e) => !(e.manager === manager && e.operation === 'Apply'))
      .map((e) => ({ ...e, fieldsV1: setFromPaths(leafPaths(e.fieldsV1 ?? {}).filter((p) => !taken.has(p.join('\u0000')))) }))
      .filter((e) => Object.keys(e.fieldsV1).length > 0);
    const ownedByOthers = new Set(others.flatMap((e) => leafPaths(e.fieldsV1).map((p) => p.join('\u0000'))));
    const previous = managed.find((e) => e.manager === manager && e.operation === 'Apply');
    const next = clone(live);
    for (const p of leafPaths(previous?.fieldsV1 ?? {})) {
      const k = p.join('\u0000');
      if (!appliedPaths.includes(k) && !ownedByOthers.has(k)) removeAt(next, p);
    }
    const merged = applyMerge(next, isStatus ? { status: applied.status } : { ...applied, metadata: { ...applied.metadata } });
    merged.metadata.managedFields = [
      ...others,
      {
        manager,
        operation: 'Apply',
        apiVersion: apiVersionOf(t),
        time: this.clock.iso(),
        fieldsType: 'FieldsV1',
        fieldsV1: appliedSet,
        ...(opts.subresource ? { subresource: opts.subresource } : {}),
      },
    ];
    return this.commit(t, live, merged, { ...opts, fieldManager: undefined }, 'Internal');
  }

  /**
   * The ServiceAccount admission plugin's lookup: a pod's service account must exist (403
   * otherwise). Controllers' pods are not refused (their controllers would retry until the service
   * account exists), only left without the token volume.
   */
  private serviceAccountOf(pod: any, opts: WriteOptions): any {
    const spec = pod.spec;
    const ns = pod.metadata.namespace;
    const sa = this.store.get('/serviceaccounts', ns, spec.serviceAccountName);
    if (!sa && !opts.internal) {
      throw new ApiError(
        403,
        'Forbidden',
        `pods "${pod.metadata.name}" is forbidden: error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
        { name: pod.metadata.name, kind: 'pods' },
      );
    }
    return sa;
  }

  /** The managedFields a create of `body` records (review objects are answered with them, never stored). */
  managedFieldsOfRequest(t: ResourceType, body: any, manager: string | undefined): any[] {
    return this.recordUpdate([], undefined, { ...body, apiVersion: apiVersionOf(t), kind: t.kind }, manager, 'Update', t);
  }

  /** pods/binding: what the scheduler writes. A bound pod cannot be bound again. */
  bind(t: ResourceType, namespace: string | undefined, name: string, binding: any, opts: WriteOptions = {}): any {
    const pod = this.get(t, namespace, name);
    if (pod.spec?.nodeName)
      throw errors.conflict('', 'pods/binding', name, `pod ${name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`);
    const node = binding?.target?.name;
    if (!node) throw errors.invalid('Binding', name, [{ field: 'target.name', message: 'Required value' }]);
    if (!opts.dryRun) {
      const conditions = [
        ...(pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled'),
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.iso() },
      ];
      this.commit(
        t,
        pod,
        { ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...pod.status, conditions } },
        { internal: true },
        'Internal',
      );
    }
    return successStatus(201);
  }

  /** pods/eviction: a delete of the pod (no PodDisruptionBudgets are served, so none refuses it). */
  evict(t: ResourceType, namespace: string | undefined, name: string, opts: WriteOptions = {}): any {
    this.delete(t, namespace, name, { dryRun: opts.dryRun });
    return successStatus(201);
  }

  /** namespaces/finalize: the namespace controller's way to clear spec.finalizers. */
  finalizeNamespace(t: ResourceType, name: string, body: any, opts: WriteOptions = {}): any {
    const live = this.get(t, undefined, name);
    const finalizers = body?.spec?.finalizers ?? [];
    return this.commit(
      t,
      live,
      { ...clone(live), spec: { ...live.spec, finalizers } },
      { ...opts, internal: true, dryRun: opts.dryRun },
      'Update',
    );
  }

  /** GET/PUT of the scale subresource: an autoscaling/v1 Scale, built from the CRD's paths for custom resources. */
  scaleOf(t: ResourceType, obj: any, forPatch = false): any {
    if (!t.subresources.includes('scale')) throw errors.notFound(t.group, `${t.plural}/scale`, obj.metadata.name);
    let replicas: unknown;
    let statusReplicas: unknown;
    let selector: unknown;
    if (t.scale) {
      replicas = valueAtJsonPath(obj, t.scale.specReplicasPath);
      // The real server cannot read a scale whose replicas path is unset: an internal error, not a 404.
      if (replicas === undefined && forPatch) replicas = UNSET_SCALE_REPLICAS;
      else if (replicas === undefined) {
        const message = `the spec replicas field ${JSON.stringify(t.scale.specReplicasPath)} does not exist`;
        throw new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
      }
      statusReplicas = valueAtJsonPath(obj, t.scale.statusReplicasPath) ?? 0;
      selector = t.scale.labelSelectorPath ? valueAtJsonPath(obj, t.scale.labelSelectorPath) : undefined;
    } else {
      replicas = obj.spec?.replicas ?? 0;
      statusReplicas = obj.status?.replicas ?? 0;
      selector = obj.spec?.selector?.matchLabels
        ? Object.entries(obj.spec.selector.matchLabels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : undefined;
    }
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas },
      status: { replicas: statusReplicas, ...(selector ? { selector } : {}) },
    };
  }

  updateScale(t: ResourceType, namespace: string | undefined, name: string, scale: any, opts: WriteOptions = {}): any {
    const live = this.get(t, namespace, name);
    const rv = scale?.metadata?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) throw errors.conflict(t.group, t.plural, name);
    return this.scaleOf(t, this.setReplicas(t, live, scale?.spec?.replicas, opts));
  }

  private setReplicas(t: ResourceType, live: any, replicas: unknown, opts: WriteOptions): any {
    if (!Number.isInteger(replicas) || (replicas as number) < 0) {
      throw errors.invalid('Scale', live.metadata.name, [
        { field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` },
      ]);
    }
    const next = clone(live);
    if (t.scale) setAtJsonPath(next, t.scale.specReplicasPath, replicas);
    else next.spec = { ...next.spec, replicas };
    return this.commit(t, live, next, { ...opts, subresource: undefined, fieldValidation: undefined }, 'Update');
  }

  /** Stores `next` as the new version of `live`: status rules, generation, managed fields, finalizers. */
  private commit(t: ResourceType, live: any, next: any, opts: WriteOptions, operation: 'Update' | 'Internal'): any {
    if (typeof next !== 'object' || next === null) throw errors.badRequest('the patched object is not a JSON object');
    let obj = clone(next);
    if (opts.fieldValidation && obj && typeof obj === 'object') opts.warnings?.push(...dropUnknownFields(t, obj, opts.fieldValidation));
    // `next` of a view is in the view's form; what is stored is the stored type's.
    if (t.view && !opts.internal) obj = t.view.fromView(obj);
    obj.apiVersion = live.apiVersion;
    obj.kind = live.kind;
    obj.metadata ??= {};
    const hasStatus = t.subresources.includes('status');
    if (opts.subresource === 'status') {
      // The status endpoint changes status only.
      const status = obj.status;
      Object.assign(obj, clone(live));
      obj.status = status;
      obj.metadata = clone(live.metadata);
    } else if (hasStatus && !opts.internal) {
      if (live.status === undefined) delete obj.status;
      else obj.status = clone(live.status);
    }
    for (const k of ['uid', 'creationTimestamp', 'namespace', 'name', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
      if (live.metadata[k] === undefined) delete obj.metadata[k];
      else if (!(opts.internal && k.startsWith('deletion'))) obj.metadata[k] = live.metadata[k];
    }
    if (!obj.metadata.managedFields) obj.metadata.managedFields = live.metadata.managedFields;
    if (t.group === '' && t.plural === 'services' && obj.spec && live.spec) {
      // An allocated cluster IP survives updates that do not mention it, as on a real server.
      obj.spec.clusterIP ??= live.spec.clusterIP;
      obj.spec.clusterIPs ??= live.spec.clusterIPs;
      obj.spec.type ??= live.spec.type;
      obj.spec.sessionAffinity ??= live.spec.sessionAffinity;
      for (const p of obj.spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
    }
    if (opts.subresource !== 'status') defaultWorkloadSpec(t, obj);
    if (opts.subresource !== 'status' && !opts.internal && t.group === '' && t.plural === 'pods' && obj.spec) defaultPodSpec(obj.spec);
    this.validate(t, obj, live, opts.internal);
    if (t.generation && !same(specOf(obj), specOf(live))) obj.metadata.generation = (live.metadata.generation ?? 0) + 1;
    if (operation === 'Update')
      obj.metadata.managedFields = this.recordUpdate(
        live.metadata.managedFields ?? [],
        t.view ? t.view.toView(live) : live,
        t.view ? t.view.toView(obj) : obj,
        opts.fieldManager,
        'Update',
        t,
        opts.subresource,
      );
    delete obj.metadata.resourceVersion;
    const liveComparable = { ...live, metadata: { ...live.metadata, resourceVersion: undefined } };
    if (same(withoutManagedTimes(serialForm(t, obj)), withoutManagedTimes(liveComparable))) return live;
    if (opts.dryRun) return canonicalOrder({ ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } });
    if (t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions') this.registerCrd(obj);
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length > 0)) {
      this.store.remove(storeKeyOf(t), live);
      return obj;
    }
    obj.metadata.resourceVersion = String(this.store.nextResourceVersion());
    const stored = canonicalOrder(serialForm(t, obj));
    this.store.put(storeKeyOf(t), stored);
    return stored;
  }

  /** Assigns the fields an update changed to its manager, taking them from other managers. */
  private recordUpdate(
    managed: any[],
    live: any,
    next: any,
    manager: string | undefined,
    operation: string,
    t: ResourceType,
    subresource?: string,
  ): any[] {
    const nextSet = fieldSetOf(next);
    const changed = leafPaths(nextSet).filter((p) => !live || !same(valueAt(live, p), valueAt(next, p)));
    if (changed.length === 0) return managed;
    const name = manager || 'unknown';
    const keyOfPath = (p: string[]) => p.join('\u0000');
    const changedKeys = new Set(changed.map(keyOfPath));
    const isMine = (e: any) => e.manager === name && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
    const out = managed
      .map((e) =>
        isMine(e) ? e : { ...e, fieldsV1: sortedSetFromPaths(allPaths(e.fieldsV1 ?? {}).filter((p) => !changedKeys.has(keyOfPath(p)))) },
      )
      .filter((e) => Object.keys(e.fieldsV1 ?? {}).length > 0);
    const mine = out.find(isMine);
    const created = createdContainers(live, next, setFromPaths(changed));
    const paths = [...allPaths(mine?.fieldsV1 ?? {}), ...changed, ...created];
    const entry = {
      manager: name,
      operation,
      apiVersion: apiVersionOf(t),
      time: this.clock.iso(),
      fieldsType: 'FieldsV1',
      fieldsV1: sortedSetFromPaths(paths) as FieldSet,
      ...(subresource ? { subresource } : {}),
    };
    return mine ? out.map((e) => (e === mine ? entry : e)) : [...out, entry];
  }

  delete(t: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): any {
    const live = this.get(t, namespace, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== live.metadata.uid) {
      throw errors.conflict(
        t.group,
        t.plural,
        name,
        `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${live.metadata.uid}`,
      );
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== live.metadata.resourceVersion) {
      throw errors.conflict(
        t.group,
        t.plural,
        name,
        `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`,
      );
    }
    if (opts.dryRun) return live;
    const key = storeKeyOf(t);
    const policy = opts.propagationPolicy ?? 'Background';
    const finalizers: string[] = [...(live.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    // Foreground and Orphan finalizers are set whether or not there are dependents: the garbage
    // collector removes them (and, without one, they stay, as on a bare API server).
    const effective = finalizers;

    // Pods bound to a node terminate gracefully: the kubelet finishes the deletion.
    const grace = opts.gracePeriodSeconds ?? live.spec?.terminationGracePeriodSeconds ?? 30;
    const graceful =
      t.plural === 'pods' &&
      t.group === '' &&
      !!live.spec?.nodeName &&
      grace > 0 &&
      live.status?.phase !== 'Succeeded' &&
      live.status?.phase !== 'Failed';

    if (effective.length > 0 || graceful || t.plural === 'namespaces') {
      if (live.metadata.deletionTimestamp && same(effective, live.metadata.finalizers ?? [])) return live;
      const obj = clone(live);
      obj.metadata.deletionTimestamp ??= this.clock.iso(this.clock.now() + (graceful ? grace * 1000 : 0));
      if (graceful) obj.metadata.deletionGracePeriodSeconds = grace;
      else if (t.plural !== 'namespaces') obj.metadata.deletionGracePeriodSeconds ??= 0;
      if (effective.length) obj.metadata.finalizers = effective;
      if (t.plural === 'namespaces') obj.status = { ...obj.status, phase: 'Terminating' };
      obj.metadata.resourceVersion = String(this.store.nextResourceVersion());
      if (obj.metadata.generation !== undefined) obj.metadata.generation += 1;
      this.store.put(key, obj);
      this.queueGc();
      return obj;
    }
    this.store.remove(key, live);
    if (t.group === 'apiextensions.k8s.io' && t.plural === 'customresourcedefinitions') this.unregisterCrd(live);
    return { ...live, metadata: { ...live.metadata } };
  }

  /** Removes an object whose graceful deletion finished (the kubelet's last step). */
  finalizeDeletion(t: ResourceType, obj: any): void {
    const live = this.tryGet(t, obj.metadata.namespace, obj.metadata.name);
    if (!live || live.metadata.uid !== obj.metadata.uid) return;
    // Finalizers still hold the object, as on a real server: it stays, terminated, until they are removed.
    if (live.metadata.finalizers?.length) {
      if (live.metadata.deletionGracePeriodSeconds !== 0)
        this.commit(t, live, { ...live, metadata: { ...live.metadata, deletionGracePeriodSeconds: 0 } }, { internal: true }, 'Internal');
      return;
    }
    this.store.remove(storeKeyOf(t), live);
  }

  deleteCollection(t: ResourceType, namespace: string | undefined, listOpts: ListOptions, opts: DeleteOptions = {}): any {
    const { items } = this.list(t, namespace, listOpts);
    const deleted = items.map((o) => this.delete(t, o.metadata.namespace, o.metadata.name, opts));
    return {
      apiVersion: apiVersionOf(t),
      kind: `${t.kind}List`,
      metadata: { resourceVersion: String(this.store.resourceVersion) },
      items: deleted,
    };
  }

  /* ---------- CRDs ---------- */

  private registerCrd(crd: any): void {
    for (const t of typesFromCrd(crd)) this.types.set(typeKey(t.group, t.plural), t);
    if (crd.status?.conditions?.some((c: any) => c.type === 'Established')) return;
    const obj = clone(crd);
    obj.status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: this.clock.iso(),
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: this.clock.iso(),
        },
      ],
      acceptedNames: crd.spec.names,
      storedVersions: (crd.spec.versions ?? []).filter((v: any) => v.storage).map((v: any) => v.name),
    };
    queueMicrotask(() => {
      const live = this.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name);
      if (live && live.metadata.uid === crd.metadata.uid && !live.status?.conditions) {
        this.commit(
          this.mustType('apiextensions.k8s.io', 'customresourcedefinitions'),
          live,
          { ...live, status: obj.status },
          { internal: true },
          'Internal',
        );
      }
    });
  }

  private unregisterCrd(crd: any): void {
    const group = crd.spec?.group;
    const plural = crd.spec?.names?.plural;
    const t = this.type(group, plural);
    if (!t) return;
    this.types.delete(typeKey(group, plural));
    for (const o of this.store.list(typeKey(group, plural))) this.store.remove(typeKey(group, plural), o);
  }

  /* ---------- defaults and validation ---------- */

  private validateName(t: ResourceType, name: unknown): void {
    if (typeof name !== 'string' || name.length === 0) {
      throw errors.invalid(t.kind, '', [
        { field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' },
      ]);
    }
    if (t.group === 'rbac.authorization.k8s.io') {
      // RBAC objects only need to be valid path segments (system:basic-user is fine).
      if (name === '.' || name === '..' || /[/%]/.test(name))
        throw errors.invalid(t.kind, name, [{ field: 'metadata.name', message: `Invalid value: "${name}": may not contain '/' or '%'` }]);
      return;
    }
    const label = t.plural === 'namespaces' || t.plural === 'services';
    const re = t.plural === 'services' ? DNS1035_LABEL : label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
    const max = label ? 63 : 253;
    if (!re.test(name) || name.length > max) {
      const what =
        t.plural === 'services'
          ? "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
          : label
            ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
      throw errors.invalid(t.kind, name, [
        {
          field: 'metadata.name',
          message: `Invalid value: "${name}": ${name.length > max ? `must be no more than ${max} characters` : what}`,
        },
      ]);
    }
  }

  private defaults(t: ResourceType, obj: any, opts: WriteOptions = {}): void {
    const core = t.group === '';
    if (core && t.plural === 'pods') defaultPod(obj);
    if (core && t.plural === 'services') {
      const spec = (obj.spec ??= {});
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.clusterIP === undefined)
        spec.clusterIP = `10.96.${Math.floor(this.random.next() * 250) + 1}.${Math.floor(this.random.next() * 250) + 1}`;
      spec.clusterIPs ??= [spec.clusterIP];
      for (const p of spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
    }
    if (core && t.plural === 'namespaces') {
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      obj.spec = { ...obj.spec, finalizers: obj.spec?.finalizers ?? ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (core && t.plural === 'secrets') {
      obj.type ??= 'Opaque';
      if (obj.stringData) {
        obj.data = { ...obj.data };
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
    }
    if (t.group === 'autoscaling' && t.plural === 'horizontalpodautoscalers') {
      // autoscaling/v2 defaults: one replica at least, and 80% CPU when no metric is given.
      const spec = (obj.spec ??= {});
      spec.minReplicas ??= 1;
      spec.metrics ??= [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      if (!opts.internal) obj.status = { desiredReplicas: 0, currentMetrics: null };
    }
    if (t.group === 'apps' && (t.plural === 'deployments' || t.plural === 'replicasets')) {
      defaultWorkloadSpec(t, obj);
      // A new workload has an empty status (a ReplicaSet reports replicas: 0, which is never omitted).
      if (!opts.internal) obj.status = t.plural === 'replicasets' ? { replicas: 0 } : {};
    }
  }

  private validate(t: ResourceType, obj: any, live?: any, internal = false): void {
    const causes: { field: string; message: string; reason?: string }[] = [];
    const name = obj.metadata?.name ?? '';
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      for (const message of [...qualifiedNameErrors(k), ...labelValueErrors(v)]) causes.push({ field: 'metadata.labels', message });
    }
    for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {})) {
      if (typeof v !== 'string')
        causes.push({ field: `metadata.annotations.${k}`, message: 'Invalid value: annotation values must be strings' });
    }
    // apimachinery's ValidateOwnerReferences: every reference names its owner completely.
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      const empty = (key: string, what: string) => {
        if (!ref?.[key]) causes.push({ field: `metadata.ownerReferences.${key}`, message: `Invalid value: "": ${what} must not be empty` });
      };
      empty('apiVersion', 'version');
      empty('kind', 'kind');
      empty('name', 'name');
      empty('uid', 'uid');
    }
    if (live?.metadata?.deletionTimestamp && !internal) {
      const added = (obj.metadata?.finalizers ?? []).filter((f: string) => !(live.metadata.finalizers ?? []).includes(f));
      if (added.length)
        causes.push({
          field: 'metadata.finalizers',
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
            .map((f: string) => JSON.stringify(f))
            .join(', ')}}`,
        });
    }
    if (t.group === '' && t.plural === 'configmaps') {
      for (const [k, v] of Object.entries(obj.data ?? {}))
        if (typeof v !== 'string') causes.push({ field: `data[${k}]`, message: 'Invalid value: must be a string' });
      if (live?.immutable) {
        // Once immutable, neither the data nor the flag may change.
        const message = 'Forbidden: field is immutable when `immutable` is set';
        if (!same(live.data, obj.data)) causes.push({ field: 'data', message });
        if (!same(live.binaryData, obj.binaryData)) causes.push({ field: 'binaryData', message });
        if (obj.immutable !== true) causes.push({ field: 'immutable', message });
      }
    }
    if (t.group === '' && t.plural === 'pods') {
      const containers = obj.spec?.containers;
      if (!Array.isArray(containers) || containers.length === 0)
        causes.push({ field: 'spec.containers', reason: 'FieldValueRequired', message: 'Required value' });
      for (const [i, c] of (containers ?? []).entries()) {
        if (!c?.name) causes.push({ field: `spec.containers[${i}].name`, reason: 'FieldValueRequired', message: 'Required value' });
        if (!c?.image) causes.push({ field: `spec.containers[${i}].image`, reason: 'FieldValueRequired', message: 'Required value' });
      }
      // A pod's spec is fixed once created, but for a few fields (controllers bind and evict internally).
      if (live && !internal && podSpecChangesFixedFields(live.spec, obj.spec, same))
        causes.push({ field: 'spec', reason: 'FieldValueForbidden', message: POD_UPDATE_FORBIDDEN });
    }
    if (t.group === 'apps' && t.plural === 'deployments') {
      const sel = obj.spec?.selector?.matchLabels;
      const labels = obj.spec?.template?.metadata?.labels ?? {};
      if (!sel) causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
      else if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) {
        causes.push({
          field: 'spec.template.metadata.labels',
          message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
        });
      }
      if (live && !same(live.spec?.selector, obj.spec?.selector))
        causes.push({ field: 'spec.selector', message: `Invalid value: ${JSON.stringify(obj.spec?.selector)}: field is immutable` });
      if (!Array.isArray(obj.spec?.template?.spec?.containers) || obj.spec.template.spec.containers.length === 0) {
        causes.push({ field: 'spec.template.spec.containers', reason: 'FieldValueRequired', message: 'Required value' });
      }
      if (obj.spec?.replicas !== undefined && (!Number.isInteger(obj.spec.replicas) || obj.spec.replicas < 0)) {
        causes.push({
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(obj.spec.replicas)}: must be greater than or equal to 0`,
        });
      }
    }
    if (storeKeyOf(t) === '/events') {
      // Strict for writes through events.k8s.io/v1; reported as the core kind "Event", without a group.
      const strict = t.group === 'events.k8s.io';
      if (!internal) causes.push(...eventErrors(obj, strict, strict ? live : undefined));
      if (causes.length) throw errors.invalid('Event', name, causes);
    }
    if (t.schema) {
      const errs = validateAgainstSchema(obj, t.schema, '');
      for (const e of errs) causes.push({ field: e.field.replace(/^\./, ''), message: e.message, reason: e.type });
    }
    // Kinds outside the core group are named with their group: Deployment.apps, FlinkDeployment.flink.apache.org.
    if (causes.length) throw errors.invalid(t.kind, name, causes, t.group || undefined);
  }

  /* ---------- garbage collection ---------- */

  private afterChange(c: Change): void {
    if (!this.garbageCollection) return;
    if (c.type === 'DELETED' || c.obj.metadata.deletionTimestamp) this.queueGc();
  }

  private queueGc(): void {
    if (this.gcQueued || !this.garbageCollection) return;
    this.gcQueued = true;
    setImmediate(() => {
      this.gcQueued = false;
      this.collectGarbage();
    });
  }

  /** Deletes dependents whose owners are gone, finishes foreground and orphan deletions, empties terminating namespaces. */
  collectGarbage(): void {
    for (const t of this.allTypes()) {
      if (t.virtual || t.view) continue;
      const key = storeKeyOf(t);
      for (const obj of this.store.list(key)) {
        const meta = obj.metadata;
        const refs: any[] = meta.ownerReferences ?? [];
        if (refs.length && !meta.deletionTimestamp) {
          const alive = refs.filter((r) => this.ownerExists(r, meta.namespace));
          if (alive.length === 0) this.safeDelete(t, obj, 'Background');
        }
        if (!meta.deletionTimestamp) continue;
        const fins: string[] = meta.finalizers ?? [];
        if (fins.includes('orphan')) {
          for (const d of this.store.dependentsOf(meta.uid)) {
            const dep = this.store.getByKey(d.typeKey, d.key);
            const dt = this.typeByKey(d.typeKey);
            if (dep && dt)
              this.commit(
                dt,
                dep,
                {
                  ...dep,
                  metadata: { ...dep.metadata, ownerReferences: dep.metadata.ownerReferences.filter((r: any) => r.uid !== meta.uid) },
                },
                { internal: true },
                'Internal',
              );
          }
          this.removeFinalizer(t, obj, 'orphan');
        } else if (fins.includes('foregroundDeletion')) {
          const deps = this.store.dependentsOf(meta.uid);
          for (const d of deps) {
            const dep = this.store.getByKey(d.typeKey, d.key);
            const dt = this.typeByKey(d.typeKey);
            if (dep && dt && !dep.metadata.deletionTimestamp) this.safeDelete(dt, dep, 'Foreground');
          }
          if (deps.length === 0) this.removeFinalizer(t, obj, 'foregroundDeletion');
        }
        if (t.group === '' && t.plural === 'namespaces') this.drainNamespace(obj);
      }
    }
  }

  private drainNamespace(ns: any): void {
    let remaining = 0;
    for (const t of this.allTypes()) {
      if (!t.namespaced || t.virtual || t.view) continue;
      for (const o of this.store.list(storeKeyOf(t), ns.metadata.name)) {
        remaining++;
        if (!o.metadata.deletionTimestamp) this.safeDelete(t, o, 'Background', 0);
      }
    }
    if (remaining === 0) this.store.remove('/namespaces', this.store.get('/namespaces', undefined, ns.metadata.name));
  }

  private safeDelete(t: ResourceType, obj: any, policy: DeleteOptions['propagationPolicy'], gracePeriodSeconds?: number): void {
    try {
      this.delete(t, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: policy, gracePeriodSeconds });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  removeFinalizer(t: ResourceType, obj: any, finalizer: string): void {
    const live = this.tryGet(t, obj.metadata.namespace, obj.metadata.name);
    if (!live) return;
    const finalizers = (live.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
    this.commit(t, live, { ...live, metadata: { ...live.metadata, finalizers } }, { internal: true }, 'Internal');
  }

  private ownerExists(ref: any, namespace: string | undefined): boolean {
    const [group, version] = String(ref.apiVersion).includes('/') ? String(ref.apiVersion).split('/') : ['', ref.apiVersion];
    void version;
    for (const t of this.types.values()) {
      if (t.group !== group || t.kind !== ref.kind) continue;
      const o = this.store.get(storeKeyOf(t), t.namespaced ? namespace : undefined, ref.name);
      return !!o && o.metadata.uid === ref.uid;
    }
    return false;
  }

  typeByKey(key: string): ResourceType | undefined {
    return this.types.get(key);
  }

  /** Writes as a controller: status and all, no field manager bookkeeping beyond the named one. */
  writeInternal(t: ResourceType, obj: any, fieldManager = 'emulator'): any {
    const live = this.tryGet(t, obj.metadata.namespace, obj.metadata.name);
    if (!live) return this.create(t, obj.metadata.namespace, obj, { internal: true, fieldManager });
    return this.commit(t, live, obj, { internal: true, fieldManager }, 'Update');
  }
}

/**
 * What the ServiceAccount admission plugin adds to a pod: unless automounting is off (on the pod,
 * or on the service account when the pod does not say), the projected API access volume, mounted
 * into every container that has nothing at its path yet.
 */
function mountServiceAccountToken(spec: any, sa: any, suffix: string): void {
  const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
  if (!automount) return;
  const mountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
  const containers: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (containers.some((c) => (c?.volumeMounts ?? []).some((m: any) => m?.mountPath === mountPath))) return;
  const name = `kube-api-access-${suffix}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    },
  ];
  for (const c of containers)
    if (c && typeof c === 'object') c.volumeMounts = [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath }];
}

/** The stored object as the real server's Go structs serialise it (nulls and empty strings they never omit). */
function serialForm(t: ResourceType, obj: any): any {
  return storeKeyOf(t) === '/events' ? coreEventShape(obj) : obj;
}

function specOf(obj: any): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** A write that changes nothing but managedFields timestamps is a no-op: no new resourceVersion. */
function withoutManagedTimes(obj: any): unknown {
  const managedFields = (obj.metadata?.managedFields ?? []).map(({ time: _t, ...e }: any) => e);
  return { ...obj, metadata: { ...obj.metadata, managedFields } };
}

function pathString(path: string[]): string {
  return path
    .map((t) =>
      t.startsWith('f:')
        ? `.${t.slice(2)}`
        : t.startsWith('k:')
          ? `[${Object.entries(JSON.parse(t.slice(2)))
              .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
              .join(',')}]`
          : `[${t.slice(2)}]`,
    )
    .join('');
}

/** Defaults of Deployment and ReplicaSet specs, applied on create and on every update. */
function defaultWorkloadSpec(t: ResourceType, obj: any): void {
  if (t.group !== 'apps' || (t.plural !== 'deployments' && t.plural !== 'replicasets') || !obj.spec) return;
  const spec = obj.spec;
  spec.replicas ??= 1;
  if (t.plural === 'deployments') {
    spec.strategy ??= { type: 'RollingUpdate' };
    if (spec.strategy.type === 'RollingUpdate')
      spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...spec.strategy.rollingUpdate };
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  }
  const template = (spec.template ??= {});
  // The typed template's ObjectMeta serialises an unset creationTimestamp as null.
  template.metadata = { creationTimestamp: null, ...template.metadata };
  if (template.spec) defaultPodSpec(template.spec);
}

/** What the API server patches when a custom resource's replicas are unset (apiextensions-apiserver's scale.go). */
const UNSET_SCALE_REPLICAS = -2147483648;

/** The value at a CRD scale path such as ".spec.taskManager.replicas". */
function valueAtJsonPath(obj: any, path: string): unknown {
  let v = obj;
  for (const k of path.replace(/^\./, '').split('.')) v = v && typeof v === 'object' ? v[k] : undefined;
  return v;
}

function setAtJsonPath(obj: any, path: string, value: unknown): void {
  const keys = path.replace(/^\./, '').split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] && typeof o[k] === 'object' ? o[k] : (o[k] = {});
  o[keys[keys.length - 1]] = value;
}

const META_ORDER = OBJECT_META_FIELDS;

/** Fields in the order the real server's Go structs serialise them: kind, apiVersion, metadata first. */
function canonicalOrder(obj: any): any {
  const { kind, apiVersion, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = {};
  for (const k of META_ORDER) if (metadata?.[k] !== undefined) meta[k] = metadata[k];
  for (const [k, v] of Object.entries(metadata ?? {})) if (!(k in meta) && v !== undefined) meta[k] = v;
  return { kind, apiVersion, metadata: meta, ...rest };
}

interface Conflict {
  manager: string;
  path: string[];
  apiVersion: string;
  operation: string;
}

/**
 * The 409 of a conflicting apply, worded as structured-merge-diff words it: an Update manager is
 * named with its API version, an Apply manager by name alone; several conflicts are grouped by manager.
 */
function applyConflict(conflicts: Conflict[]): ApiError {
  const who = (c: Conflict) => (c.operation === 'Update' ? `"${c.manager}" using ${c.apiVersion}` : `"${c.manager}"`);
  const sorted = [...conflicts].sort((a, b) => (who(a) < who(b) ? -1 : who(a) > who(b) ? 1 : 0));
  let message: string;
  if (sorted.length === 1) message = `Apply failed with 1 conflict: conflict with ${who(sorted[0])}: ${pathString(sorted[0].path)}`;
  else {
    const groups = new Map<string, string[]>();
    for (const c of sorted) groups.set(who(c), [...(groups.get(who(c)) ?? []), pathString(c.path)]);
    message = `Apply failed with ${sorted.length} conflicts: ${[...groups]
      .map(([m, paths]) => `conflicts with ${m}:\n${paths.map((p) => `- ${p}`).join('\n')}`)
      .join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, {
    causes: sorted.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c)}`, field: pathString(c.path) })),
  });
}

function successStatus(code: number): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}
