import * as https from 'node:https';
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { URL } from 'node:url';
import type { TLSSocket } from 'node:tls';
import * as yaml from 'js-yaml';
import { ApiCore, DeleteOptions } from './apiCore';
import { RbacAuthorizer, RequestAttributes, TokenAuthenticator, UserInfo } from './auth';
import { TlsMaterial } from './certs';
import { coreVersions, groupDoc, groupList, openApiV3Doc, openApiV3Root, resourceList, toTable } from './discovery';
import { ApiError, errors } from './errors';
import { apiVersionOf, ResourceType, storeKeyOf, typeKey } from './resourceTypes';
import { matchesFields, matchesLabels } from './selectors';
import { parseFieldValidation, warningHeader } from './fieldValidation';
import { futureRevision, ReadOptions, readOptions, tooLargeResourceVersion } from './listOptions';
import { checkRendering, listItem, partialObjectMetadata, renderingOf } from './negotiation';
import { decodeProtobuf } from './protobuf';
import { resourcePathOf } from './requestInfo';
import { Reviews } from './reviews';
import { Change } from './store';

export interface Faults {
  /** Added before every response, in real milliseconds. */
  latencyMs: number;
  /** The next N resource requests fail with this code (429 carries Retry-After). */
  failNext?: { count: number; code: number; retryAfterSeconds?: number };
  /** The next watch request gets a 410 Expired ERROR event. */
  goneOnNextWatch: boolean;
  /** Extra latency for some requests only (e.g. custom resources served slowly), in ms. */
  delay?: (method: string, path: string) => number;
}

/** Streams a pod's log: handed the pod, the query, and the response. Provided by the kubelet. */
export type LogHandler = (pod: any, query: URLSearchParams, res: http.ServerResponse) => void;
/** Answers a pods/portforward upgrade. Provided by the port-forward module. */
export type PortForwardHandler = (pod: any, query: URLSearchParams, req: http.IncomingMessage, socket: Socket, head: Buffer) => void;

interface ResourceRequest {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const JSON_TYPE = 'application/json';

/** The emulated kube-apiserver over HTTPS. */
export class EmulatorServer {
  readonly faults: Faults = { latencyMs: 0, goneOnNextWatch: false };
  logHandler?: LogHandler;
  portForwardHandler?: PortForwardHandler;
  /** Admin-only control routes under /emulator/, added by the emulator. */
  readonly controlRoutes = new Map<string, (body: any, query: URLSearchParams) => unknown>();
  bookmarkIntervalMs = 5_000;
  private server?: https.Server;
  private readonly watches = new Set<{ end(): void }>();
  private readonly sockets = new Set<Socket>();
  /** TLS connections clients opened, and how many of them resumed an earlier TLS session. */
  readonly connections = { opened: 0, resumed: 0 };
  private _port = 0;
  requestCount = 0;
  private readonly reviews: Reviews;

  constructor(
    readonly api: ApiCore,
    readonly tokens: TokenAuthenticator,
    readonly rbac: RbacAuthorizer,
    private readonly tls: TlsMaterial,
  ) {
    this.reviews = new Reviews(rbac, tokens, () => api.clock.now());
  }

  get port(): number {
    return this._port;
  }

  get url(): string {
    return `https://127.0.0.1:${this._port}`;
  }

  get openWatches(): number {
    return this.watches.size;
  }

  async start(port = this._port): Promise<void> {
    const server = https.createServer(
      { cert: this.tls.serverCert, key: this.tls.serverKey, ca: this.tls.caCert },
      (req, res) => void this.handle(req, res),
    );
    server.keepAliveTimeout = 60_000;
    server.on('secureConnection', (s: TLSSocket) => {
      this.connections.opened++;
      if (s.isSessionReused()) this.connections.resumed++;
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req, socket: Socket, head) => void this.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this._port = (server.address() as AddressInfo).port;
  }

  /** Stops serving (state is kept in the ApiCore); start() again resumes on the same port. */
  async stop(): Promise<void> {
    this.dropWatches();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout does. */
  dropWatches(): void {
    for (const w of [...this.watches]) w.end();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requestCount++;
    try {
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      const url = new URL(req.url ?? '/', 'https://emulator');
      const extra = this.faults.delay?.(req.method ?? 'GET', url.pathname) ?? 0;
      if (extra > 0) await new Promise((r) => setTimeout(r, extra));
      if (url.pathname === '/healthz' || url.pathname === '/livez' || url.pathname === '/readyz') return text(res, 200, 'ok');
      const user = this.impersonate(this.authenticate(req), req);
      if (url.pathname.startsWith('/emulator/')) return await this.control(req, res, url, user);
      if (!resourcePathOf(url.pathname)) {
        this.authorizePath(user, req.method ?? 'GET', url.pathname);
        const nonResource = this.nonResource(url);
        // Under /api and a built-in group, the group's own handler answers a version it lacks with a Status;
        // paths nothing serves (unknown groups, a custom resource group's unknown version) get the mux's plain-text 404.
        if ((nonResource === undefined || nonResource === null) && this.builtinGroupPath(url.pathname))
          return json(res, 404, new ApiError(404, 'NotFound', 'the server could not find the requested resource', {}).toStatus());
        if (nonResource === undefined || nonResource === null) return text(res, 404, '404 page not found\n');
        return json(res, 200, nonResource);
      }
      const failing = this.faults.failNext;
      if (failing && failing.count > 0) {
        failing.count--;
        const e = new ApiError(
          failing.code,
          failing.code === 429 ? 'TooManyRequests' : failing.code === 503 ? 'ServiceUnavailable' : 'InternalError',
          failing.code === 429 ? 'Too many requests, please try again later.' : 'the server is currently unable to handle the request',
          failing.retryAfterSeconds !== undefined ? { retryAfterSeconds: failing.retryAfterSeconds } : undefined,
        );
        if (failing.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failing.retryAfterSeconds));
        return json(res, e.code, e.toStatus());
      }
      await this.resource(req, res, url, user);
    } catch (e) {
      const err = e instanceof ApiError ? e : errors.internal((e as Error)?.message ?? String(e));
      if (!(e instanceof ApiError)) console.error('[emulator]', e);
      if (!res.headersSent) {
        if (err.plainText) text(res, err.code, err.message);
        else json(res, err.code, err.toStatus());
      } else res.end();
    }
  }

  /** A bearer token names a user; no Authorization header at all is system:anonymous; a bad token is 401. */
  private authenticate(req: http.IncomingMessage): UserInfo {
    if (!req.headers.authorization) return { username: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] };
    const user = this.tokens.authenticate(req.headers.authorization, this.api.clock.now());
    if (!user) throw errors.unauthorized();
    return user;
  }

  /** Non-resource URLs are authorized too: discovery for authenticated users, /version and health for everyone. */
  private authorizePath(user: UserInfo, method: string, pathname: string): void {
    const verb = method.toLowerCase();
    if (!this.rbac.allowsPath(user, verb, pathname))
      throw new ApiError(403, 'Forbidden', `forbidden: User "${user.username}" cannot ${verb} path "${pathname}"`, {});
  }

  /** Impersonate-User / Impersonate-Group, as the API server allows users with the impersonate verb. */
  private impersonate(user: UserInfo, req: http.IncomingMessage): UserInfo {
    const as = req.headers['impersonate-user'];
    if (!as) return user;
    const name = Array.isArray(as) ? as[0] : as;
    if (!this.rbac.allows(user, { verb: 'impersonate', group: '', resource: 'users', name })) {
      throw new ApiError(
        403,
        'Forbidden',
        `users "${name}" is forbidden: User "${user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      );
    }
    const raw = req.headersDistinct?.['impersonate-group'] ?? [];
    const groups = raw
      .flatMap((g) => g.split(','))
      .map((g) => g.trim())
      .filter(Boolean);
    return { username: name, uid: '', groups: [...groups, 'system:authenticated'] };
  }

  /** Discovery, version, OpenAPI. Undefined: not a non-resource path. Null: a known prefix with nothing there. */
  private nonResource(url: URL): unknown {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/version')
      return {
        // The API semantics the emulator follows (see README), with build metadata naming it.
        major: '1',
        minor: '26',
        gitVersion: 'v1.26.9+data-clusters-emulator',
        gitCommit: 'emulator',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.19.8',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    if (p === '/api') return coreVersions();
    if (p === '/api/v1') return resourceList(this.api, '', 'v1');
    if (p === '/apis') return groupList(this.api);
    if (p === '/openapi/v3') return openApiV3Root(this.api);
    if (p.startsWith('/openapi/v3/')) return openApiV3Doc(this.api, p.slice('/openapi/v3/'.length)) ?? null;
    if (p === '/openapi/v2') return null;
    let m = /^\/apis\/([^/]+)$/.exec(p);
    if (m) return groupDoc(this.api, m[1]) ?? null;
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) return resourceList(this.api, m[1], m[2]) ?? null;
    if (p === '/' || p === '') return { paths: ['/api', '/api/v1', '/apis', '/healthz', '/version', '/openapi/v3'] };
    return undefined;
  }

  /** /api/… or /apis/GROUP/VERSION… of a group kube-apiserver serves itself (not one a CRD defines). */
  private builtinGroupPath(pathname: string): boolean {
    const parts = pathname.split('/').filter(Boolean);
    if (parts[0] === 'api') return parts.length >= 2;
    return parts[0] === 'apis' && parts.length >= 3 && this.api.allTypes().some((t) => t.group === parts[1] && t.strategicMerge);
  }

  parseResourcePath(pathname: string): ResourceRequest {
    const p = resourcePathOf(pathname);
    const notFound = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
    const served = p && this.api.allTypes().some((t) => t.group === p.group && t.version === p.version);
    if (p && !served && this.builtinGroupPath(pathname)) throw notFound();
    if (!p || !served) throw errors.pageNotFound();
    const { resource, name, subresource } = p;
    // /api/v1/namespaces/{name}[/status|/finalize] is the namespace itself, not something in it.
    const namespace = resource === 'namespaces' && p.group === '' ? undefined : p.namespace;
    const t = this.api.type(p.group, resource, p.version);
    if (!t) throw notFound();
    if (!t.namespaced && namespace !== undefined) throw notFound();
    if (subresource && !t.subresources.includes(subresource)) throw notFound();
    return { t, namespace, name, subresource };
  }

  private verbOf(method: string, r: { name?: string }, url: URL): string {
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1' || url.pathname.includes('/watch/');
    switch (method) {
      case 'GET':
        return watch ? 'watch' : r.name ? 'get' : 'list';
      case 'POST':
        return 'create';
      case 'PUT':
        return 'update';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return r.name ? 'delete' : 'deletecollection';
      default:
        throw errors.methodNotAllowed(`method ${method} is not supported`);
    }
  }

  private authorize(user: UserInfo, attrs: RequestAttributes): void {
    if (!this.rbac.allows(user, attrs)) {
      throw new ApiError(403, 'Forbidden', this.rbac.forbiddenMessage(user, attrs), {
        name: attrs.name,
        group: attrs.group,
        kind: attrs.resource,
      });
    }
  }

  private async resource(req: http.IncomingMessage, res: http.ServerResponse, url: URL, user: UserInfo): Promise<void> {
    const method = req.method ?? 'GET';
    const info = resourcePathOf(url.pathname)!;
    const verb = this.verbOf(method, info, url);
    // Authorization before routing: the attributes come from the path alone.
    this.authorize(user, {
      verb,
      group: info.group,
      resource: info.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
    });
    const r = this.parseResourcePath(url.pathname);
    const q = url.searchParams;
    const { t } = r;
    const collectionOnly = method === 'POST' && r.name && !r.subresource;
    const namedOnly = (method === 'PUT' || method === 'PATCH') && !r.name;
    if ((!t.verbs.includes(verb) && !r.subresource) || collectionOnly || namedOnly)
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);

    if (t.virtual) {
      const body = (await readBody(req)) ?? {};
      const managedFields = this.api.managedFieldsOfRequest(t, body, q.get('fieldManager') ?? defaultManager(req));
      return json(res, 201, this.reviews.answer(t, body, user, managedFields, r.namespace));
    }
    // Apply patches must name their manager; other writes default it from the User-Agent.
    const isApply = String(req.headers['content-type'] ?? '').startsWith('application/apply-patch');
    const fieldManager = q.get('fieldManager') ?? (isApply ? undefined : defaultManager(req));
    const dryRun = parseDryRun(q.getAll('dryRun'), verb);
    const warnings: string[] = [];
    const fieldValidation =
      verb === 'create' || verb === 'update' || verb === 'patch' ? parseFieldValidation(q.get('fieldValidation'), verb) : undefined;
    const opts = { fieldManager, dryRun, force: q.get('force') === 'true', subresource: r.subresource, fieldValidation, warnings };
    // Warnings go out with whatever answer the write gets.
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
      if (warnings.length && !res.headersSent) res.setHeader('Warning', warningHeader(warnings));
      return writeHead(...args);
    }) as typeof res.writeHead;

    switch (verb) {
      case 'get': {
        const obj = this.api.get(t, r.namespace, r.name!);
        if (r.subresource === 'log') return this.logs(obj, q, res);
        if (r.subresource === 'scale') return json(res, 200, this.api.scaleOf(t, obj));
        return this.respondObject(req, res, t, 200, obj);
      }
      case 'list': {
        const rendering = renderingOf(req);
        checkRendering(rendering, t, true);
        const read = readOptions(q, false);
        const limit = Number(q.get('limit') ?? 0);
        await this.waitForResourceVersion(read);
        const list = this.api.list(t, r.namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
          // resourceVersion=0 reads from the watch cache, which does not page.
          limit: read.resourceVersion === 0 && read.match !== 'Exact' ? 0 : limit,
          continue: q.get('continue') || undefined,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          // Exact, or a legacy paged read at a given resourceVersion, is served from that revision.
          exactResourceVersion:
            read.match === 'Exact' || (read.match === '' && limit > 0 && (read.resourceVersion ?? 0) > 0)
              ? read.resourceVersion
              : undefined,
        });
        const meta = {
          resourceVersion: list.resourceVersion,
          ...(list.continue ? { continue: list.continue } : {}),
          ...(list.remainingItemCount !== undefined ? { remainingItemCount: list.remainingItemCount } : {}),
        };
        if (rendering === 'Table') return json(res, 200, toTable(this.api, t, list.items, meta, q.get('includeObject') ?? undefined));
        if (rendering === 'PartialObjectMetadataList')
          return sendList(res, 'meta.k8s.io/v1', 'PartialObjectMetadataList', meta, list.items.map(partialObjectMetadata));
        return sendList(
          res,
          apiVersionOf(t),
          `${t.kind}List`,
          meta,
          list.items.map((o) => listItem(t, t.view ? t.view.toView(o) : o)),
        );
      }
      case 'watch':
        return this.watch(req, res, r, q);
      case 'create': {
        const body = await readBody(req);
        if (r.name && r.subresource === 'portforward') throw errors.badRequest('port-forward needs an upgrade to WebSocket');
        if (r.subresource === 'binding') return json(res, 201, this.api.bind(t, r.namespace, r.name!, body, opts));
        if (r.subresource === 'eviction') return json(res, 201, this.api.evict(t, r.namespace, r.name!, opts));
        const created = this.api.create(t, r.namespace, body, opts);
        return this.respondObject(req, res, t, 201, created);
      }
      case 'update': {
        const body = await readBody(req);
        if (r.subresource === 'scale') return json(res, 200, this.api.updateScale(t, r.namespace, r.name!, body, opts));
        if (r.subresource === 'finalize') return json(res, 200, this.api.finalizeNamespace(t, r.name!, body, opts));
        return this.respondObject(req, res, t, 200, this.api.update(t, r.namespace, r.name!, body, opts));
      }
      case 'patch': {
        const contentType = req.headers['content-type'] ?? '';
        const body = await readBody(req);
        const existed = !!this.api.tryGet(t, r.namespace, r.name!);
        const out = this.api.patch(t, r.namespace, r.name!, contentType, body, opts);
        if (r.subresource === 'scale') return json(res, 200, out);
        return this.respondObject(req, res, t, existed ? 200 : 201, out);
      }
      case 'delete': {
        const body = (await readBody(req)) ?? {};
        const dopts: DeleteOptions = {
          propagationPolicy:
            q.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents === true ? 'Orphan' : undefined),
          gracePeriodSeconds: q.has('gracePeriodSeconds') ? Number(q.get('gracePeriodSeconds')) : body.gracePeriodSeconds,
          preconditions: body.preconditions,
          dryRun,
        };
        const out = this.api.delete(t, r.namespace, r.name!, dopts);
        const remaining = this.api.tryGet(t, r.namespace, r.name!);
        if (remaining && remaining.metadata.uid === out.metadata.uid) {
          // Still there (finalizers, graceful deletion): the object, 202 only when the (deprecated)
          // orphanDependents=false asked for cascading, as the real handler keeps it for old clients.
          return json(res, body.orphanDependents === false ? 202 : 200, t.view ? t.view.toView(out) : out);
        }
        return json(res, 200, RETURNS_DELETED_OBJECT.has(typeKey(t.group, t.plural)) ? out : deletedStatus(t, out));
      }
      case 'deletecollection': {
        const body = (await readBody(req)) ?? {};
        const out = this.api.deleteCollection(
          t,
          r.namespace,
          { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined },
          {
            propagationPolicy: q.get('propagationPolicy') ?? body.propagationPolicy,
            gracePeriodSeconds: q.has('gracePeriodSeconds') ? Number(q.get('gracePeriodSeconds')) : body.gracePeriodSeconds,
            dryRun,
          },
        );
        return json(res, 200, t.view ? { ...out, items: out.items.map((o: any) => t.view!.toView(o)) } : out);
      }
    }
  }

  private respondObject(req: http.IncomingMessage, res: http.ServerResponse, t: ResourceType, code: number, obj: any): void {
    const rendering = renderingOf(req);
    checkRendering(rendering, t, false);
    if (rendering === 'Table')
      return json(res, code, toTable(this.api, t, [obj], { resourceVersion: obj.metadata?.resourceVersion }, undefined));
    if (rendering === 'PartialObjectMetadata') return json(res, code, partialObjectMetadata(obj));
    json(res, code, t.view ? t.view.toView(obj) : obj);
  }

  /**
   * A read at a resourceVersion the store has not reached waits for it, as the watch cache does,
   * and answers 504 after 3 seconds; an exact read of a future revision fails at once, as etcd does.
   */
  private async waitForResourceVersion(read: ReadOptions): Promise<void> {
    const wanted = read.resourceVersion;
    if (wanted === undefined || wanted <= this.api.store.resourceVersion) return;
    if (read.match === 'Exact') throw futureRevision();
    const store = this.api.store;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 3000);
      const unsubscribe = store.onChange(() => {
        if (store.resourceVersion >= wanted) done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    if (wanted > store.resourceVersion) throw tooLargeResourceVersion(wanted, store.resourceVersion);
  }

  private logs(pod: any, q: URLSearchParams, res: http.ServerResponse): void {
    const container = q.get('container');
    const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: any) => c.name);
    if (container && !names.includes(container))
      throw errors.badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
    // A pod no node runs has no log yet: the real server answers 204 with no body.
    if (!pod.spec?.nodeName) {
      res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
      return void res.end();
    }
    if (!this.logHandler) throw errors.badRequest('pod logs are not available: no kubelet is running in this emulator');
    this.logHandler(pod, q, res);
  }

  private watch(req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams): void {
    const { t } = r;
    // Everything a real server rejects is rejected before the stream starts, as a plain Status.
    const read = readOptions(q, true);
    const labels = this.api.parseLabels(q.get('labelSelector') ?? undefined);
    const fields = this.api.parseFields(q.get('fieldSelector') ?? undefined, t);
    if (r.name) fields.push({ path: 'metadata.name', op: '=', value: r.name });
    const tKey = storeKeyOf(t);
    const ns = t.namespaced ? r.namespace : undefined;
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const rendering = renderingOf(req);
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
    const matches = (o: any) =>
      o && (ns === undefined || o.metadata.namespace === ns) && matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);

    res.writeHead(200, {
      'Content-Type': JSON_TYPE,
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    const render = (object: any) =>
      rendering === 'Table'
        ? toTable(this.api, t, [object], { resourceVersion: object.metadata?.resourceVersion }, 'Object')
        : rendering === 'PartialObjectMetadata' || rendering === 'PartialObjectMetadataList'
          ? partialObjectMetadata(object)
          : t.view
            ? t.view.toView(object)
            : object;
    const send = (type: string, object: any) =>
      res.write(`${JSON.stringify({ type, object: type === 'ERROR' || type === 'BOOKMARK' ? object : render(object) })}\n`);
    const gone = () => {
      send(
        'ERROR',
        errors.gone(`too old resource version: ${read.resourceVersion ?? 0} (${this.api.store.watchWindowStart(tKey)})`).toStatus(),
      );
      res.end();
    };
    if (this.faults.goneOnNextWatch) {
      this.faults.goneOnNextWatch = false;
      this.api.store.compact();
      return gone();
    }

    // The watch cache bookmarks at the last change of the type it has seen, and only once that is
    // past where the watch started (it never sends a client anything at or before its start).
    const startRv = read.resourceVersion || this.api.store.resourceVersion;
    let lastRv = 0;
    const deliver = (c: Change) => {
      if (c.typeKey !== tKey) return;
      const now = matches(c.obj);
      const before = c.type === 'MODIFIED' && matches(c.prev);
      lastRv = c.rv;
      if (c.type === 'MODIFIED') {
        if (now && before) send('MODIFIED', c.obj);
        else if (now) send('ADDED', c.obj);
        // Leaving the selector: the previous object, at the resourceVersion of the change.
        else if (before) send('DELETED', { ...c.prev, metadata: { ...c.prev.metadata, resourceVersion: String(c.rv) } });
      } else if (now) send(c.type, c.obj);
    };

    if (read.resourceVersion === undefined || read.resourceVersion === 0) {
      for (const o of this.api.store.list(tKey, ns)) if (matches(o)) send('ADDED', o);
    } else {
      const changes = this.api.store.changesSince(read.resourceVersion, tKey);
      if (changes === 'expired') return gone();
      for (const c of changes) deliver(c);
    }

    const unsubscribe = this.api.store.onChange(deliver);
    // A bookmark is the type's kind and apiVersion around a bare resourceVersion.
    const sendBookmark = () => {
      if (lastRv > startRv)
        send('BOOKMARK', {
          kind: t.kind,
          apiVersion: apiVersionOf(t),
          metadata: { resourceVersion: String(lastRv), creationTimestamp: null },
        });
    };
    const bookmark = bookmarks ? setInterval(sendBookmark, this.bookmarkIntervalMs) : undefined;
    // The watch cache also bookmarks shortly before the watch times out, so the client resumes from there.
    const lastBookmark =
      bookmarks && timeoutSeconds > 0
        ? setTimeout(sendBookmark, Math.max(0, timeoutSeconds * 1000 - 2000, timeoutSeconds * 500))
        : undefined;
    const timer = timeoutSeconds > 0 ? setTimeout(() => handle.end(), timeoutSeconds * 1000) : undefined;
    const handle = {
      end: () => {
        cleanup();
        res.end();
      },
    };
    const cleanup = () => {
      unsubscribe();
      if (bookmark) clearInterval(bookmark);
      if (lastBookmark) clearTimeout(lastBookmark);
      if (timer) clearTimeout(timer);
      this.watches.delete(handle);
    };
    this.watches.add(handle);
    res.on('close', cleanup);
  }

  private async handleUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'https://emulator');
      const user = this.tokens.authenticate(req.headers.authorization, this.api.clock.now());
      if (!user) throw errors.unauthorized();
      const r = this.parseResourcePath(url.pathname);
      if (r.subresource !== 'portforward') throw errors.badRequest('only pods/portforward upgrades are supported');
      this.authorize(user, {
        verb: 'create',
        group: '',
        resource: 'pods',
        subresource: 'portforward',
        namespace: r.namespace,
        name: r.name,
      });
      const pod = this.api.get(r.t, r.namespace, r.name!);
      if (!this.portForwardHandler) throw errors.badRequest('port-forward is not available in this emulator');
      this.portForwardHandler(pod, url.searchParams, req, socket, head);
    } catch (e) {
      const err = e instanceof ApiError ? e : errors.internal(String(e));
      const body = JSON.stringify(err.toStatus());
      socket.end(
        `HTTP/1.1 ${err.code} ${http.STATUS_CODES[err.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
  }

  private async control(req: http.IncomingMessage, res: http.ServerResponse, url: URL, user: UserInfo): Promise<void> {
    if (!user.groups.includes('system:masters')) throw new ApiError(403, 'Forbidden', 'emulator control is for admins');
    const route = this.controlRoutes.get(url.pathname.slice('/emulator/'.length));
    if (!route) throw new ApiError(404, 'NotFound', `no emulator control route ${url.pathname}`);
    const result = await route(req.method === 'GET' ? undefined : await readBody(req), url.searchParams);
    json(res, 200, result ?? { ok: true });
  }
}

/** Types whose registry returns the deleted object rather than a Status (ReturnDeletedObject). */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/services']);

/** What an immediate delete answers for most types: Success, naming the object. */
function deletedStatus(t: ResourceType, obj: any): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata.name, ...(t.group ? { group: t.group } : {}), kind: t.plural, uid: obj.metadata.uid },
  };
}

/** dryRun accepts only "All"; anything else is a 422 on the verb's options, as the real server answers. */
function parseDryRun(values: string[], verb: string): boolean {
  const bad = values.filter((v) => v !== 'All');
  if (bad.length) {
    const options =
      {
        create: 'CreateOptions',
        update: 'UpdateOptions',
        patch: 'PatchOptions',
        delete: 'DeleteOptions',
        deletecollection: 'DeleteOptions',
      }[verb] ?? 'CreateOptions';
    const message = `Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`;
    throw new ApiError(422, 'Invalid', `${options}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
      group: 'meta.k8s.io',
      kind: options,
      causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
    });
  }
  return values.includes('All');
}

function defaultManager(req: http.IncomingMessage): string {
  const ua = String(req.headers['user-agent'] ?? 'unknown');
  return ua.split('/')[0] || 'unknown';
}

async function readBody(req: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 3 * 1024 * 1024) throw new ApiError(413, 'RequestEntityTooLarge', 'the request is too large');
    chunks.push(c as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/vnd.kubernetes.protobuf')) {
    try {
      return decodeProtobuf(bytes);
    } catch (e) {
      throw new ApiError(415, 'UnsupportedMediaType', (e as Error).message);
    }
  }
  const raw = bytes.toString('utf8');
  if (!raw.trim()) return undefined;
  try {
    return type.includes('yaml') ? yaml.load(raw) : JSON.parse(raw);
  } catch (e) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(data), 'Cache-Control': 'no-cache, private' });
  res.end(data);
}

/** Lists are written item by item so a 10,000-object list never needs one huge string. */
function sendList(res: http.ServerResponse, apiVersion: string, kind: string, metadata: unknown, items: any[]): void {
  res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, private' });
  let buf = `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metadata)},"items":[`;
  for (let i = 0; i < items.length; i++) {
    buf += (i ? ',' : '') + JSON.stringify(items[i]);
    if (buf.length > 256 * 1024) {
      res.write(buf);
      buf = '';
    }
  }
  res.end(`${buf}]}`);
}

function text(res: http.ServerResponse, code: number, body: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
