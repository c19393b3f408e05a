import * as http from 'node:http';
import { ApiCore } from '../api/apiCore';
import { countedUsage } from '../api/objectCountQuota';
import { Change } from '../api/store';
import { Controller, keyOf, splitKey } from './controller';
import { EventRecorder } from './events';
import { ContainerLogs } from './logs';
import { formatCpu, formatMemory, parseQuantity } from './quantity';

/** Emulated durations, in emulated milliseconds. */
export interface KubeletTimings {
  schedule: number;
  pull: number;
  start: number;
  ready: number;
  /** How long a `crashloop` container runs before it exits. */
  crash: number;
  /** First back-off after a crash or failed pull; doubles up to 5 minutes. */
  backoff: number;
  kill: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = {
  schedule: 300,
  pull: 2500,
  start: 600,
  ready: 2000,
  crash: 3000,
  backoff: 10_000,
  kill: 1500,
};

type Behaviour = 'normal' | 'crashloop' | 'missing' | 'configerror' | 'unready' | 'fail';

/** The image tag picks a failure mode: app:crashloop, app:missing, app:configerror, app:unready, app:fail. */
export function behaviourOf(image: string): Behaviour {
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
  for (const b of ['crashloop', 'missing', 'configerror', 'unready', 'fail'] as const) if (tag.includes(b)) return b;
  return 'normal';
}

interface PodRuntime {
  uid: string;
  timers: { cancel(): void }[];
  restarts: number;
  killing: boolean;
  started: boolean;
}

const NODE = 'emulator-node-1';

/**
 * The scheduler and the kubelet of the emulator's one node: binds pods when the namespace's
 * ResourceQuota and the node's capacity allow (FailedScheduling otherwise), pulls, starts,
 * readies, crashes and backs off containers as their image tags say, writes container logs,
 * records events, and finishes graceful deletions. Also keeps ResourceQuota status.used current.
 */
export class Kubelet extends Controller {
  private readonly pods = new Map<string, PodRuntime>();
  private ipCounter = 10;

  constructor(
    api: ApiCore,
    private readonly events: EventRecorder,
    readonly logs: ContainerLogs,
    private readonly timings: KubeletTimings = DEFAULT_TIMINGS,
  ) {
    super(api);
  }

  protected initialKeys(): string[] {
    return [
      ...this.api.store.list('/pods').map((p) => `pod:${keyOf(p)}`),
      ...this.api.store.list('/resourcequotas').map((q) => `quota:${keyOf(q)}`),
    ];
  }

  protected keysFor(c: Change): string[] {
    if (c.typeKey === '/pods') {
      const keys = [`pod:${keyOf(c.obj)}`, `quota-ns:${c.obj.metadata.namespace}/`];
      // A pod leaving frees capacity: pending pods get another chance.
      if (c.type === 'DELETED') for (const p of this.api.store.list('/pods')) if (!p.spec?.nodeName) keys.push(`pod:${keyOf(p)}`);
      return keys;
    }
    // Object counts (count/<resource>.<group>) change with any object of a counted resource.
    const ns = c.obj.metadata?.namespace;
    const counted = (q: any) => Object.keys(q.spec?.hard ?? {}).some((k) => k.startsWith('count/'));
    if (ns && c.type !== 'MODIFIED' && c.typeKey !== '/resourcequotas' && this.api.store.list('/resourcequotas', ns).some(counted))
      return [`quota-ns:${ns}/`];
    if (c.typeKey === '/resourcequotas') {
      const keys = [`quota:${keyOf(c.obj)}`];
      if (c.type !== 'MODIFIED' || JSON.stringify(c.prev?.spec) !== JSON.stringify(c.obj.spec)) {
        for (const p of this.api.store.list('/pods', c.obj.metadata.namespace)) if (!p.spec?.nodeName) keys.push(`pod:${keyOf(p)}`);
      }
      return keys;
    }
    return [];
  }

  protected reconcile(key: string): void {
    const kind = key.slice(0, key.indexOf(':'));
    const rest = key.slice(kind.length + 1);
    if (kind === 'quota') return this.updateQuota(...splitKey(rest));
    if (kind === 'quota-ns') {
      const ns = splitKey(rest)[0];
      for (const q of this.api.store.list('/resourcequotas', ns)) this.updateQuota(ns, q.metadata.name);
      return;
    }
    const [ns, name] = splitKey(rest);
    const pod = this.api.tryGet(this.t('', 'pods'), ns, name);
    if (!pod) return;
    let rt = this.pods.get(pod.metadata.uid);
    if (!rt) {
      rt = { uid: pod.metadata.uid, timers: [], restarts: 0, killing: false, started: false };
      this.pods.set(pod.metadata.uid, rt);
    }
    // A pod bound to a node no kubelet here runs is left as a lost node leaves it: deleting, never gone.
    if (pod.spec.nodeName && pod.spec.nodeName !== NODE) return;
    if (pod.metadata.deletionTimestamp) return this.kill(pod, rt);
    if (!pod.spec.nodeName) {
      // kube-scheduler only places pods that name it; others wait for their own scheduler.
      if ((pod.spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return;
      return this.schedule(pod, rt);
    }
    if (!rt.started) {
      rt.started = true;
      this.startContainers(pod, rt);
    }
  }

  override stop(): void {
    super.stop();
    for (const rt of this.pods.values()) for (const t of rt.timers) t.cancel();
  }

  /* ---------- scheduling ---------- */

  private requests(pod: any): { cpu: number; memory: number; limitsCpu: number; limitsMemory: number } {
    let cpu = 0;
    let memory = 0;
    let limitsCpu = 0;
    let limitsMemory = 0;
    for (const c of pod.spec?.containers ?? []) {
      const r = c.resources?.requests ?? {};
      const l = c.resources?.limits ?? {};
      cpu += parseQuantity(r.cpu ?? l.cpu ?? 0) || 0;
      memory += parseQuantity(r.memory ?? l.memory ?? 0) || 0;
      limitsCpu += parseQuantity(l.cpu ?? r.cpu ?? 0) || 0;
      limitsMemory += parseQuantity(l.memory ?? r.memory ?? 0) || 0;
    }
    return { cpu, memory, limitsCpu, limitsMemory };
  }

  private usage(pods: any[]) {
    const live = pods.filter((p) => p.spec?.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const total = { cpu: 0, memory: 0, limitsCpu: 0, limitsMemory: 0, pods: live.length };
    for (const p of live) {
      const r = this.requests(p);
      total.cpu += r.cpu;
      total.memory += r.memory;
      total.limitsCpu += r.limitsCpu;
      total.limitsMemory += r.limitsMemory;
    }
    return total;
  }

  /** Why the pod cannot be placed, or undefined when it fits. */
  private unschedulable(pod: any): string | undefined {
    const need = this.requests(pod);
    const node = this.api.store.get('/nodes', undefined, NODE);
    const alloc = node?.status?.allocatable ?? {};
    const used = this.usage(this.api.store.list('/pods'));
    const short: string[] = [];
    if (used.cpu + need.cpu > parseQuantity(alloc.cpu ?? '64')) short.push('Insufficient cpu');
    if (used.memory + need.memory > parseQuantity(alloc.memory ?? '256Gi')) short.push('Insufficient memory');
    if (short.length)
      return `0/1 nodes are available: ${short.map((s) => `1 ${s}`).join(', ')}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.`;
    return undefined;
  }

  /** Quota is admission in a real cluster; here it keeps the pod Pending with the same message. */
  private quotaExceeded(pod: any): string | undefined {
    const ns = pod.metadata.namespace;
    const used = this.usage(this.api.store.list('/pods', ns));
    const need = this.requests(pod);
    for (const q of this.api.store.list('/resourcequotas', ns)) {
      const hard = q.spec?.hard ?? {};
      const checks: [string, number, number, (n: number) => string][] = [
        ['requests.cpu', used.cpu, need.cpu, formatCpu],
        ['cpu', used.cpu, need.cpu, formatCpu],
        ['requests.memory', used.memory, need.memory, formatMemory],
        ['memory', used.memory, need.memory, formatMemory],
        ['limits.cpu', used.limitsCpu, need.limitsCpu, formatCpu],
        ['limits.memory', used.limitsMemory, need.limitsMemory, formatMemory],
        ['pods', used.pods, 1, String],
      ];
      for (const [res, u, n, fmt] of checks) {
        if (hard[res] === undefined) continue;
        const limit = parseQuantity(hard[res]);
        if (u + n > limit)
          return `exceeded quota: ${q.metadata.name}, requested: ${res}=${fmt(n)}, used: ${res}=${fmt(u)}, limited: ${res}=${hard[res]}`;
      }
    }
    return undefined;
  }

  private schedule(pod: any, rt: PodRuntime): void {
    if (rt.timers.length) return;
    rt.timers.push(
      this.api.clock.after(this.timings.schedule, () => {
        rt.timers = [];
        const live = this.api.tryGet(this.t('', 'pods'), pod.metadata.namespace, pod.metadata.name);
        if (!live || live.metadata.uid !== rt.uid || live.spec.nodeName || live.metadata.deletionTimestamp) return;
        const why = this.quotaExceeded(live) ?? this.unschedulable(live);
        if (why) {
          const cond = {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: why,
            lastProbeTime: null,
            lastTransitionTime: this.api.clock.iso(),
          };
          const had = (live.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
          if (!had || had.message !== why) this.writePod(live, { ...live.status, phase: 'Pending', conditions: [cond] });
          this.events.record(live, 'Warning', 'FailedScheduling', why, 'default-scheduler');
          return;
        }
        const bound = this.api.writeInternal(this.t('', 'pods'), {
          ...live,
          spec: { ...live.spec, nodeName: NODE },
          status: {
            ...live.status,
            phase: 'Pending',
            hostIP: '10.0.0.10',
            conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.api.clock.iso() }],
          },
        });
        this.events.record(
          bound,
          'Normal',
          'Scheduled',
          `Successfully assigned ${live.metadata.namespace}/${live.metadata.name} to ${NODE}`,
          'default-scheduler',
        );
      }),
    );
  }

  /* ---------- containers ---------- */

  private writePod(pod: any, status: any): any {
    const live = this.api.tryGet(this.t('', 'pods'), pod.metadata.namespace, pod.metadata.name);
    if (!live || live.metadata.uid !== pod.metadata.uid) return undefined;
    return this.api.writeInternal(this.t('', 'pods'), { ...live, status }, 'kubelet');
  }

  private livePod(pod: any): any {
    const live = this.api.tryGet(this.t('', 'pods'), pod.metadata.namespace, pod.metadata.name);
    return live && live.metadata.uid === pod.metadata.uid && !live.metadata.deletionTimestamp ? live : undefined;
  }

  private later(rt: PodRuntime, ms: number, fn: () => void): void {
    rt.timers.push(this.api.clock.after(ms, fn));
  }

  private containerStatuses(pod: any, state: (c: any) => any, ready: boolean, restarts = 0): any[] {
    return (pod.spec.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      containerID: '',
      ready,
      started: !!state(c).running,
      restartCount: restarts,
      state: state(c),
    }));
  }

  private conditions(pod: any, ready: boolean, initialized = true): any[] {
    const now = this.api.clock.iso();
    const prev = new Map((pod.status?.conditions ?? []).map((c: any) => [c.type, c]));
    const make = (type: string, status: boolean, reason?: string) => {
      const p: any = prev.get(type);
      const s = status ? 'True' : 'False';
      return {
        type,
        status: s,
        lastProbeTime: null,
        lastTransitionTime: p && p.status === s ? p.lastTransitionTime : now,
        ...(reason && !status ? { reason } : {}),
      };
    };
    return [
      make('PodReadyToStartContainers', true),
      make('Initialized', initialized),
      make('Ready', ready, 'ContainersNotReady'),
      make('ContainersReady', ready, 'ContainersNotReady'),
      make('PodScheduled', true),
    ];
  }

  private startContainers(pod: any, rt: PodRuntime): void {
    const container = pod.spec.containers[0];
    const behaviour = behaviourOf(String(container.image ?? ''));
    const waiting = (reason: string, message?: string) => () => ({ waiting: { reason, ...(message ? { message } : {}) } });
    this.writePod(pod, {
      ...pod.status,
      phase: 'Pending',
      podIP: undefined,
      conditions: this.conditions(pod, false),
      containerStatuses: this.containerStatuses(pod, waiting('ContainerCreating'), false),
    });
    const image = String(container.image);

    if (behaviour === 'configerror') {
      this.later(rt, this.timings.start, () => {
        const live = this.livePod(pod);
        if (!live) return;
        const msg = `secret "${live.metadata.name.split('-')[0]}-credentials" not found`;
        this.writePod(live, {
          ...live.status,
          containerStatuses: this.containerStatuses(live, waiting('CreateContainerConfigError', msg), false),
        });
        this.events.record(live, 'Warning', 'Failed', `Error: ${msg}`);
      });
      return;
    }
    this.events.record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    this.later(rt, this.timings.pull, () => {
      const live = this.livePod(pod);
      if (!live) return;
      if (behaviour === 'missing') return this.failPull(live, rt, image, 0);
      this.events.record(
        live,
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${(this.timings.pull / 1000).toFixed(3)}s (${(this.timings.pull / 1000).toFixed(3)}s including waiting). Image size: 512345678 bytes.`,
      );
      this.later(rt, this.timings.start, () => this.run(pod, rt, behaviour));
    });
  }

  private failPull(pod: any, rt: PodRuntime, image: string, attempt: number): void {
    const msg = `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`;
    this.events.record(pod, 'Warning', 'Failed', msg);
    this.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    this.writePod(pod, {
      ...pod.status,
      containerStatuses: this.containerStatuses(pod, () => ({ waiting: { reason: 'ErrImagePull', message: msg } }), false),
    });
    const backoff = Math.min(300_000, this.timings.backoff * 2 ** attempt);
    this.later(rt, this.timings.start, () => {
      const live = this.livePod(pod);
      if (!live) return;
      this.events.record(live, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.events.record(live, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.writePod(live, {
        ...live.status,
        containerStatuses: this.containerStatuses(
          live,
          () => ({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } }),
          false,
        ),
      });
      this.later(rt, backoff, () => {
        const again = this.livePod(pod);
        if (!again) return;
        this.events.record(again, 'Normal', 'Pulling', `Pulling image "${image}"`);
        this.later(rt, this.timings.pull, () => {
          const p = this.livePod(pod);
          if (p) this.failPull(p, rt, image, attempt + 1);
        });
      });
    });
  }

  private run(pod: any, rt: PodRuntime, behaviour: Behaviour): void {
    const live = this.livePod(pod);
    if (!live) return;
    const startedAt = this.api.clock.iso();
    for (const c of live.spec.containers) this.events.record(live, 'Normal', 'Created', `Created container: ${c.name}`);
    for (const c of live.spec.containers) this.events.record(live, 'Normal', 'Started', `Started container ${c.name}`);
    const podIP = live.status?.podIP ?? `10.244.0.${this.ipCounter++ % 250}`;
    const running = this.writePod(live, {
      ...live.status,
      phase: 'Running',
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: live.status?.startTime ?? startedAt,
      conditions: this.conditions(live, false),
      containerStatuses: this.containerStatuses(live, () => ({ running: { startedAt } }), false, rt.restarts),
    });
    if (!running) return;
    this.logs.containerStarted(running, rt.restarts);

    if (behaviour === 'crashloop' || behaviour === 'fail') {
      this.later(rt, this.timings.crash, () => this.crash(pod, rt, behaviour, startedAt));
      return;
    }
    if (behaviour === 'unready') {
      this.later(rt, this.timings.ready, () => {
        const p = this.livePod(pod);
        if (p) this.events.record(p, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503');
      });
      return;
    }
    this.later(rt, this.timings.ready, () => {
      const p = this.livePod(pod);
      if (!p) return;
      this.writePod(p, {
        ...p.status,
        conditions: this.conditions(p, true),
        containerStatuses: this.containerStatuses(p, () => ({ running: { startedAt } }), true, rt.restarts),
      });
    });
  }

  private crash(pod: any, rt: PodRuntime, behaviour: Behaviour, startedAt: string): void {
    const live = this.livePod(pod);
    if (!live) return;
    this.logs.containerExited(live, 1);
    const finishedAt = this.api.clock.iso();
    const terminated = { exitCode: 1, reason: 'Error', startedAt, finishedAt, containerID: '' };
    if (behaviour === 'fail' || live.spec.restartPolicy === 'Never') {
      this.writePod(live, {
        ...live.status,
        phase: 'Failed',
        conditions: this.conditions(live, false),
        containerStatuses: this.containerStatuses(live, () => ({ terminated }), false, rt.restarts),
      });
      return;
    }
    const backoff = Math.min(300_000, this.timings.backoff * 2 ** rt.restarts);
    rt.restarts++;
    this.events.record(
      live,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${live.spec.containers[0].name} in pod ${live.metadata.name}_${live.metadata.namespace}(${live.metadata.uid})`,
    );
    const statuses = this.containerStatuses(
      live,
      () => ({
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${live.spec.containers[0].name} pod=${live.metadata.name}_${live.metadata.namespace}(${live.metadata.uid})`,
        },
      }),
      false,
      rt.restarts,
    ).map((s) => ({ ...s, lastState: { terminated } }));
    this.writePod(live, { ...live.status, phase: 'Running', conditions: this.conditions(live, false), containerStatuses: statuses });
    this.later(rt, backoff, () => this.run(pod, rt, behaviour));
  }

  private kill(pod: any, rt: PodRuntime): void {
    if (rt.killing) return;
    rt.killing = true;
    for (const t of rt.timers) t.cancel();
    rt.timers = [];
    if (pod.spec.nodeName && pod.status?.phase === 'Running') {
      for (const c of pod.spec.containers) this.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
    }
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    this.later(rt, Math.min(grace, this.timings.kill), () => {
      this.logs.containerExited(pod, 143);
      this.api.finalizeDeletion(this.t('', 'pods'), pod);
      this.pods.delete(rt.uid);
      this.logs.forget(pod.metadata.uid);
    });
  }

  /* ---------- ResourceQuota status ---------- */

  private updateQuota(ns: string, name: string): void {
    const qType = this.t('', 'resourcequotas');
    const q = this.api.tryGet(qType, ns, name);
    if (!q) return;
    const used = this.usage(this.api.store.list('/pods', ns));
    const hard = q.spec?.hard ?? {};
    const usedOut: Record<string, string> = {};
    for (const res of Object.keys(hard)) {
      if (res === 'requests.cpu' || res === 'cpu') usedOut[res] = formatCpu(used.cpu);
      else if (res === 'requests.memory' || res === 'memory') usedOut[res] = formatMemory(used.memory);
      else if (res === 'limits.cpu') usedOut[res] = formatCpu(used.limitsCpu);
      else if (res === 'limits.memory') usedOut[res] = formatMemory(used.limitsMemory);
      else if (res === 'pods') usedOut[res] = String(used.pods);
      else if (res.startsWith('count/') || ['services', 'configmaps', 'secrets', 'resourcequotas'].includes(res)) {
        // Object counts, as the quota controller counts them: count/<resource>[.<group>].
        const [plural, ...group] = res.replace(/^count\//, '').split('.');
        usedOut[res] = String(this.api.store.list(`${group.join('.')}/${plural}`, ns).length);
      }
    }
    Object.assign(usedOut, countedUsage(this.api.store, this.api.allTypes(), ns, hard));
    const status = { hard, used: usedOut };
    if (JSON.stringify(status) !== JSON.stringify(q.status ?? {}))
      this.api.writeInternal(qType, { ...q, status }, 'resourcequota-controller');
  }

  /** Serves pods/log. */
  readonly logHandler = (pod: any, query: URLSearchParams, res: http.ServerResponse): void => this.logs.serve(pod, query, res);
}
