import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as yaml from 'js-yaml';
import { Emulator } from '../emulator';

/**
 * What the conformance suite runs against: a fresh emulator, or, when KUBECONFIG is set, the
 * cluster it names (then everything happens in a namespace of its own, removed afterwards).
 */
export interface Target {
  readonly kind: 'emulator' | 'cluster';
  readonly kc: k8s.KubeConfig;
  readonly kubeconfigFile: string;
  readonly namespace: string;
  readonly emulator?: Emulator;
  /** Raw HTTPS request with the admin credentials, optionally impersonating a user. */
  request(
    method: string,
    urlPath: string,
    opts?: {
      body?: unknown;
      contentType?: string;
      impersonate?: { user: string; groups?: string[] };
      accept?: string;
      /** Send no credentials at all: the request is system:anonymous. */
      anonymous?: boolean;
    },
  ): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }>;
  /** Opens a raw watch and collects its events until stopped. */
  watch(urlPath: string): { events: any[]; stop(): void; ended: Promise<void> };
}

let target: Target | undefined;

export function conformanceTarget(): Target {
  if (!target) throw new Error('conformance target not started (root hook missing)');
  return target;
}

export const onRealCluster = (): boolean => conformanceTarget().kind === 'cluster';

/** Which target this run checks, known before the test files load: the cluster KUBECONFIG names, else a fresh emulator. */
export const targetKind: Target['kind'] = process.env.KUBECONFIG ? 'cluster' : 'emulator';

/**
 * A suite of behaviour only the emulator has, which a bare kube-apiserver lacks (`lacks` says what:
 * the controller-manager, a kubelet, a JobManager, a newer API version). It is part of the run
 * against the emulator and absent from a run against a real server, which neither runs nor skips it.
 */
export function describeOnEmulator(title: string, lacks: string, fn: (this: Mocha.Suite) => void): void {
  if (targetKind === 'emulator') describe(title, fn);
  else console.log(`  emulator only, not in this run: ${title} (a bare kube-apiserver lacks ${lacks})`);
}

function requester(kc: k8s.KubeConfig) {
  const cluster = kc.getCurrentCluster()!;
  const opts: https.RequestOptions = {};
  return async (
    method: string,
    urlPath: string,
    o: {
      body?: unknown;
      contentType?: string;
      impersonate?: { user: string; groups?: string[] };
      accept?: string;
      anonymous?: boolean;
    } = {},
  ) => {
    await kc.applyToHTTPSOptions(opts);
    const url = new URL(urlPath, cluster.server);
    const data = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string | string[]> = {
      ...(opts.headers as Record<string, string>),
      Accept: o.accept ?? 'application/json',
    };
    if (o.anonymous) delete headers.Authorization;
    if (data !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(data));
    }
    if (o.impersonate) {
      headers['Impersonate-User'] = o.impersonate.user;
      if (o.impersonate.groups?.length) headers['Impersonate-Group'] = o.impersonate.groups;
    }
    return new Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const req = https.request(url, { ...opts, method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* plain text */
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  };
}

function watcher(kc: k8s.KubeConfig) {
  const cluster = kc.getCurrentCluster()!;
  return (urlPath: string) => {
    const events: any[] = [];
    let req: ReturnType<typeof https.request> | undefined;
    const ended = new Promise<void>((resolve) => {
      const opts: https.RequestOptions = {};
      void kc.applyToHTTPSOptions(opts).then(() => {
        req = https.request(new URL(urlPath, cluster.server), { ...opts, method: 'GET' }, (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i).trim();
              buf = buf.slice(i + 1);
              if (!line) continue;
              try {
                events.push(JSON.parse(line));
              } catch {
                events.push({ raw: line });
              }
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
        });
        req.on('error', () => resolve());
        req.end();
      });
    });
    return { events, stop: () => req?.destroy(), ended };
  };
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    const kc = new k8s.KubeConfig();
    let emulator: Emulator | undefined;
    let kubeconfigFile: string;
    if (targetKind === 'cluster') {
      kubeconfigFile = process.env.KUBECONFIG!.split(path.delimiter)[0];
      kc.loadFromDefault();
    } else {
      emulator = await Emulator.start({
        speed: 20,
        bookmarkIntervalMs: 300,
        timings: { schedule: 100, pull: 400, start: 100, ready: 300, crash: 500, backoff: 1000, kill: 200 },
      });
      kubeconfigFile = emulator.writeKubeconfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-conf-')), 'kubeconfig.yaml'));
      kc.loadFromFile(kubeconfigFile);
    }
    const namespace = `dc-conformance-${Date.now().toString(36)}`;
    const t: Target = {
      kind: emulator ? 'emulator' : 'cluster',
      kc,
      kubeconfigFile,
      namespace,
      emulator,
      request: requester(kc),
      watch: watcher(kc),
    };
    const ns = await t.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    });
    if (ns.status !== 201) throw new Error(`cannot create namespace ${namespace}: ${JSON.stringify(ns.body)}`);
    if (!emulator) {
      // On a real cluster, install the Flink CRDs if the operator is not there.
      const crds = await t.request('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/flinkdeployments.flink.apache.org');
      if (crds.status === 404) {
        const dir = path.join(__dirname, '..', 'crds');
        for (const f of fs.readdirSync(dir))
          for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')))
            await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: doc });
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
    target = t;
  },
  async afterAll(): Promise<void> {
    if (!target) return;
    await target.request('DELETE', `/api/v1/namespaces/${target.namespace}`);
    await target.emulator?.stop();
  },
};
