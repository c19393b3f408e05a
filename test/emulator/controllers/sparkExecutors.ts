import { ApiCore } from '../api/apiCore';
import { Change } from '../api/store';
import { Controller, keyOf, ownerRef, splitKey } from './controller';
import { EventRecorder } from './events';

/** Spark's time strings: "60s", "30min", "1h", "500ms"; a bare number is seconds. */
export function parseSparkDuration(value: string | undefined, fallbackMs: number): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?$/i.exec(String(value ?? '').trim());
  if (!m) return fallbackMs;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  return n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[unit];
}

/** The Spark configuration a driver pod runs with: `--conf k=v` arguments and SPARK_CONF_* env. */
export function sparkConfOf(pod: any, configMaps: (name: string) => any): Record<string, string> {
  const conf: Record<string, string> = {};
  const container = pod.spec?.containers?.[0] ?? {};
  // spark-defaults.conf from a mounted ConfigMap, then --conf arguments, which take precedence.
  for (const v of pod.spec?.volumes ?? []) {
    const cm = v.configMap?.name ? configMaps(v.configMap.name) : undefined;
    const text = cm?.data?.['spark-defaults.conf'];
    if (!text) continue;
    for (const line of String(text).split('\n')) {
      const m = /^\s*([^#\s][^\s=]*)\s*[=\s]\s*(.*?)\s*$/.exec(line);
      if (m) conf[m[1]] = m[2];
    }
  }
  const args: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const pair = a === '--conf' ? args[++i] : a.startsWith('--conf=') ? a.slice(7) : undefined;
    if (pair?.includes('=')) conf[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  }
  return conf;
}

interface Demand {
  executors: number;
  until: number;
}

/**
 * Spark's dynamic allocation for compute clusters: while a driver has load (from the control
 * endpoint or the `emulator.dataclusters.io/load` annotation seeds use), it requests executor pods
 * up to spark.dynamicAllocation.maxExecutors; when the load ends, executors idle for
 * spark.dynamicAllocation.executorIdleTimeout are released. Executors are owned by the driver pod.
 */
export class SparkExecutors extends Controller {
  private readonly demand = new Map<string, Demand>();
  private readonly idle = new Map<string, { cancel(): void }>();
  private readonly loadEnd = new Map<string, { cancel(): void }>();

  constructor(
    api: ApiCore,
    private readonly events: EventRecorder,
  ) {
    super(api);
  }

  protected initialKeys(): string[] {
    return this.api.store
      .list('/pods')
      .filter((p) => p.metadata.labels?.['spark-role'] === 'driver')
      .map(keyOf);
  }

  protected keysFor(c: Change): string[] {
    if (c.typeKey !== '/pods') return [];
    const role = c.obj.metadata.labels?.['spark-role'];
    if (role === 'driver') return [keyOf(c.obj)];
    if (role === 'executor') {
      const owner = (c.obj.metadata.ownerReferences ?? []).find((r: any) => r.kind === 'Pod');
      if (owner) return [`${c.obj.metadata.namespace}/${owner.name}`];
    }
    return [];
  }

  /** Sends load to the cluster's driver: `executors` wanted (default: the maximum) for `seconds`. */
  load(namespace: string, cluster: string, executors?: number, seconds = 60): { driver: string; requested: number; max: number } {
    const driver = this.driverOf(namespace, cluster);
    if (!driver) throw new Error(`no running driver pod for compute cluster ${namespace}/${cluster}`);
    const max = this.maxExecutors(driver);
    const requested = Math.min(max, executors ?? max);
    const key = keyOf(driver);
    this.demand.set(key, { executors: requested, until: this.api.clock.now() + seconds * 1000 });
    this.loadEnd.get(key)?.cancel();
    this.loadEnd.set(
      key,
      this.api.clock.after(seconds * 1000 + 1, () => this.enqueue(key)),
    );
    this.enqueue(key);
    return { driver: driver.metadata.name, requested, max };
  }

  private driverOf(namespace: string, cluster: string): any {
    return this.api.store
      .list('/pods', namespace)
      .find(
        (p) =>
          p.metadata.labels?.['spark-role'] === 'driver' &&
          p.metadata.labels?.['dataclusters.io/cluster'] === cluster &&
          !p.metadata.deletionTimestamp &&
          p.status?.phase === 'Running',
      );
  }

  private conf(driver: any): Record<string, string> {
    const cmType = this.api.mustType('', 'configmaps');
    return sparkConfOf(driver, (n) => this.api.tryGet(cmType, driver.metadata.namespace, n));
  }

  private maxExecutors(driver: any): number {
    const n = Number(this.conf(driver)['spark.dynamicAllocation.maxExecutors']);
    return Number.isFinite(n) && n >= 0 ? n : 2;
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const podType = this.t('', 'pods');
    const driver = this.api.tryGet(podType, ns, name);
    if (!driver || driver.metadata.deletionTimestamp || driver.status?.phase !== 'Running') {
      this.demand.delete(key);
      return;
    }
    const ready = (driver.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    if (!ready) return;
    const annotated = Number(driver.metadata.annotations?.['emulator.dataclusters.io/load']);
    const d = this.demand.get(key);
    const now = this.api.clock.now();
    const max = this.maxExecutors(driver);
    const wanted = Number.isFinite(annotated) && annotated > 0 ? Math.min(max, annotated) : d && d.until > now ? d.executors : 0;
    const executors = this.api.store
      .list('/pods', ns)
      .filter(
        (p) =>
          p.metadata.labels?.['spark-role'] === 'executor' &&
          (p.metadata.ownerReferences ?? []).some((r: any) => r.uid === driver.metadata.uid) &&
          !p.metadata.deletionTimestamp,
      );

    if (executors.length < wanted) {
      this.idle.get(key)?.cancel();
      this.idle.delete(key);
      this.createExecutors(driver, executors, wanted - executors.length);
    } else if (executors.length > wanted && !this.idle.has(key)) {
      const timeout = parseSparkDuration(this.conf(driver)['spark.dynamicAllocation.executorIdleTimeout'], 60_000);
      this.idle.set(
        key,
        this.api.clock.after(timeout, () => {
          this.idle.delete(key);
          const live = this.api.tryGet(podType, ns, name);
          if (!live || live.metadata.uid !== driver.metadata.uid) return;
          const current = this.api.store
            .list('/pods', ns)
            .filter(
              (p) =>
                p.metadata.labels?.['spark-role'] === 'executor' &&
                (p.metadata.ownerReferences ?? []).some((r: any) => r.uid === driver.metadata.uid) &&
                !p.metadata.deletionTimestamp,
            );
          const stillWanted =
            this.demand.get(key) && this.demand.get(key)!.until > this.api.clock.now() ? this.demand.get(key)!.executors : 0;
          for (const p of current.slice(stillWanted)) {
            try {
              this.api.delete(podType, ns, p.metadata.name);
            } catch {
              /* gone */
            }
          }
        }),
      );
    }
  }

  private createExecutors(driver: any, existing: any[], count: number): void {
    const conf = this.conf(driver);
    const ns = driver.metadata.namespace;
    const cluster = driver.metadata.labels?.['dataclusters.io/cluster'] ?? driver.metadata.name;
    const appId = driver.metadata.labels?.['spark-app-selector'] ?? `spark-${driver.metadata.uid.replace(/-/g, '').slice(0, 32)}`;
    const prefix = conf['spark.kubernetes.executor.podNamePrefix'] ?? `${cluster}-${driver.metadata.uid.slice(0, 8)}`;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(conf))
      if (k.startsWith('spark.kubernetes.executor.label.')) labels[k.slice('spark.kubernetes.executor.label.'.length)] = v;
    const used = new Set(existing.map((p) => Number(p.metadata.labels?.['spark-exec-id'])));
    const memory = conf['spark.executor.memory'] ?? '1g';
    const cores = conf['spark.executor.cores'] ?? '1';
    const memMi = Math.round(Number(/^(\d+)/.exec(memory)?.[1] ?? 1) * (memory.toLowerCase().endsWith('m') ? 1 : 1024) * 1.1);
    let id = 1;
    for (let i = 0; i < count; i++) {
      while (used.has(id)) id++;
      used.add(id);
      this.api.create(
        this.t('', 'pods'),
        ns,
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${prefix}-exec-${id}`,
            namespace: ns,
            labels: {
              ...labels,
              'spark-role': 'executor',
              'spark-app-selector': appId,
              'spark-exec-id': String(id),
              'spark-exec-resourceprofile-id': '0',
              'app.kubernetes.io/managed-by': 'data-clusters',
              'dataclusters.io/kind': 'compute',
              'dataclusters.io/cluster': cluster,
            },
            ownerReferences: [{ ...ownerRef(driver), controller: true }],
          },
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'spark-kubernetes-executor',
                image:
                  conf['spark.kubernetes.executor.container.image'] ??
                  conf['spark.kubernetes.container.image'] ??
                  driver.spec.containers[0].image,
                args: ['executor'],
                resources: { requests: { cpu: cores, memory: `${memMi}Mi` }, limits: { memory: `${memMi}Mi` } },
              },
            ],
          },
        },
        { internal: true, fieldManager: 'spark' },
      );
    }
    this.events.record(driver, 'Normal', 'ExecutorsRequested', `Requested ${count} executor(s) from Kubernetes`, 'spark');
  }

  override stop(): void {
    super.stop();
    for (const t of [...this.idle.values(), ...this.loadEnd.values()]) t.cancel();
  }
}
