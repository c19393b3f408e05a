import { ApiCore } from '../api/apiCore';
import { Clock, Random } from '../clock';
import { ContainerLogs } from '../controllers/logs';
import { FlinkJob, JobHost, Program, Savepoint, Slot } from './jobs';

export interface Jar {
  id: string;
  name: string;
  uploaded: number;
  /** The Main-Class (or program-class) its manifest names, when the manifest is readable. */
  entryClass?: string;
  /** The jar's bytes, which a job run from it reads its own classes from. */
  data?: Buffer;
}

const CONTAINER = 'flink-main-container';
const FLINK_TIME = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');

/**
 * The JobManager of one session cluster (one FlinkDeployment): the jars uploaded to it, the jobs
 * it runs on the TaskManagers' slots, and the savepoints they wrote. Slots come from the
 * TaskManager pods that are running, `taskmanager.numberOfTaskSlots` each; jobs the operator runs
 * for FlinkSessionJobs are here too, under the job ids their status carries.
 */
export class JobManager implements JobHost {
  readonly jars = new Map<string, Jar>();
  readonly jobs = new Map<string, FlinkJob>();
  readonly uploadDir: string;
  private readonly slotOwners = new Map<string, string>();
  private readonly savepoints = new Map<string, Savepoint>();
  private readonly resourceIds = new Map<string, string>();
  private readonly fromSessionJobs = new Set<string>();

  constructor(
    private readonly api: ApiCore,
    private readonly logs: ContainerLogs,
    readonly namespace: string,
    readonly cluster: string,
    readonly deploymentUid: string,
  ) {
    this.uploadDir = `/tmp/flink-web-${this.random.uuid()}/flink-web-upload`;
  }

  get clock(): Clock {
    return this.api.clock;
  }

  get random(): Random {
    return this.api.random;
  }

  deployment(): any {
    return this.api.store.get('flink.apache.org/flinkdeployments', this.namespace, this.cluster);
  }

  config(key: string): string | undefined {
    const v = this.deployment()?.spec?.flinkConfiguration?.[key];
    return v === undefined ? undefined : String(v);
  }

  slotsPerTaskManager(): number {
    return Math.max(1, Number(this.config('taskmanager.numberOfTaskSlots') ?? 1));
  }

  /** The TaskManagers registered with the cluster: its running TaskManager pods. */
  taskManagers(): { pod: any; id: string; slots: number; free: number }[] {
    const perTm = this.slotsPerTaskManager();
    return this.api.store
      .list('/pods', this.namespace)
      .filter(
        (p) => p.metadata.labels?.app === this.cluster && p.metadata.labels?.component === 'taskmanager' && p.status?.phase === 'Running',
      )
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((pod) => {
        const id = this.resourceId(pod);
        let used = 0;
        for (let i = 0; i < perTm; i++) if (this.slotOwners.has(`${id}#${i}`)) used++;
        return { pod, id, slots: perTm, free: perTm - used };
      });
  }

  slotsFor(jid: string): number {
    return [...this.slotOwners.values()].filter((j) => j === jid).length;
  }

  allocate(jid: string, n: number): Slot[] | undefined {
    const free: { key: string; slot: Slot }[] = [];
    for (const tm of this.taskManagers())
      for (let i = 0; i < tm.slots; i++) {
        const key = `${tm.id}#${i}`;
        if (!this.slotOwners.has(key))
          free.push({ key, slot: { tmId: tm.id, podUid: tm.pod.metadata.uid, host: tm.pod.status?.podIP ?? tm.pod.metadata.name } });
      }
    if (free.length < n) return undefined;
    return free.slice(0, n).map(({ key, slot }) => {
      this.slotOwners.set(key, jid);
      return slot;
    });
  }

  release(jid: string): void {
    for (const [key, owner] of this.slotOwners) if (owner === jid) this.slotOwners.delete(key);
  }

  log(line: string, slot?: Slot, level: 'INFO' | 'WARN' = 'INFO'): void {
    const at = FLINK_TIME(this.clock.now());
    if (slot) {
      this.logs.append(slot.podUid, CONTAINER, `${at} ${level}  org.apache.flink.runtime.taskmanager.Task                    [] - ${line}`);
      return;
    }
    const source = line.startsWith('Completed checkpoint')
      ? 'org.apache.flink.runtime.checkpoint.CheckpointCoordinator   '
      : 'org.apache.flink.runtime.executiongraph.ExecutionGraph       ';
    for (const pod of this.jobManagerPods()) this.logs.append(pod.metadata.uid, CONTAINER, `${at} ${level}  ${source} [] - ${line}`);
  }

  print(text: string, slot: Slot): void {
    this.logs.append(slot.podUid, CONTAINER, text);
  }

  savepointWritten(sp: Savepoint): void {
    this.savepoints.set(sp.location, sp);
  }

  savepointAt(location: string): Savepoint | undefined {
    return this.savepoints.get(location.replace(/\/$/, ''));
  }

  run(program: Program, jid?: string): FlinkJob {
    const job = new FlinkJob(this, program, jid);
    this.jobs.set(job.jid, job);
    return job;
  }

  /**
   * Brings in what the operator did meanwhile: a running FlinkSessionJob of this cluster is a job
   * here; one that is gone (or going) is cancelled, as the operator cancels it.
   */
  sync(): void {
    const crs = this.api.store
      .list('flink.apache.org/flinksessionjobs', this.namespace)
      .filter((j) => j.spec?.deploymentName === this.cluster);
    const live = new Set<string>();
    for (const cr of crs) {
      const jid = cr.status?.jobStatus?.jobId;
      if (!jid || cr.metadata.deletionTimestamp || cr.status?.jobStatus?.state !== 'RUNNING') continue;
      live.add(jid);
      if (this.jobs.has(jid)) continue;
      this.fromSessionJobs.add(jid);
      this.run(
        {
          jarId: String(cr.spec?.job?.jarURI ?? ''),
          entryClass: String(cr.spec?.job?.entryClass ?? 'org.apache.flink.streaming.examples.SessionJob'),
          args: (cr.spec?.job?.args ?? []).map(String),
          parallelism: Math.max(1, Number(cr.spec?.job?.parallelism ?? 1)),
        },
        jid,
      );
    }
    for (const jid of this.fromSessionJobs) if (!live.has(jid)) this.jobs.get(jid)?.cancel();
  }

  dispose(): void {
    for (const job of this.jobs.values()) job.dispose();
    this.jobs.clear();
  }

  private jobManagerPods(): any[] {
    return this.api.store
      .list('/pods', this.namespace)
      .filter((p) => p.metadata.labels?.app === this.cluster && p.metadata.labels?.component === 'jobmanager');
  }

  /** A standalone TaskManager's resource id: its address and a random suffix, fixed per pod. */
  private resourceId(pod: any): string {
    let id = this.resourceIds.get(pod.metadata.uid);
    if (!id) this.resourceIds.set(pod.metadata.uid, (id = `${pod.status?.podIP ?? pod.metadata.name}:6122-${this.random.hex(6)}`));
    return id;
  }
}

/** One JobManager per session cluster, made when its REST API is first reached. */
export class JobManagers {
  private readonly byCluster = new Map<string, JobManager>();

  constructor(
    private readonly api: ApiCore,
    private readonly logs: ContainerLogs,
  ) {}

  /** The cluster's JobManager; a FlinkDeployment made anew (new uid) starts with a fresh one. */
  of(namespace: string, cluster: string): JobManager {
    const key = `${namespace}/${cluster}`;
    const uid = this.api.store.get('flink.apache.org/flinkdeployments', namespace, cluster)?.metadata?.uid ?? '';
    let jm = this.byCluster.get(key);
    if (jm && jm.deploymentUid !== uid) {
      jm.dispose();
      jm = undefined;
    }
    if (!jm) this.byCluster.set(key, (jm = new JobManager(this.api, this.logs, namespace, cluster, uid)));
    jm.sync();
    return jm;
  }

  close(): void {
    for (const jm of this.byCluster.values()) jm.dispose();
    this.byCluster.clear();
  }
}
