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
  /** The classes the jar holds, when it could be read as a zip. */
  classes?: string[];
}

const CONTAINER = 'flink-main-container';
const FLINK_TIME = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');

/**
 * The JobManager of one session cluster (one FlinkDeployment): the jars uploaded to it, the jobs
 * it runs on the TaskManagers' slots, and the savepoints they wrote. Slots come from the
 * TaskManager pods that are running, `taskmanager.numberOfTaskSlots` each. The emulated operator
 * runs FlinkSessionJobs here through the same REST calls (upload, run, stop, cancel) and learns of
 * their state changes through `onJobChange`.
 */
export class JobManager implements JobHost {
  readonly jars = new Map<string, Jar>();
  readonly jobs = new Map<string, FlinkJob>();
  readonly uploadDir: string;
  private readonly slotOwners = new Map<string, string>();
  private readonly savepoints = new Map<string, Savepoint>();
  private readonly resourceIds = new Map<string, string>();
  private readonly listeners = new Set<(job: FlinkJob) => void>();

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

  stateChanged(job: FlinkJob): void {
    for (const l of this.listeners) l(job);
  }

  /** Calls `listener` whenever a job of this cluster changes state; answers the unsubscribe. */
  onJobChange(listener: (job: FlinkJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const job of this.jobs.values()) job.dispose();
    this.jobs.clear();
    this.listeners.clear();
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

/** One JobManager per session cluster, made when its REST API or the operator first reaches it. */
export class JobManagers {
  private readonly byCluster = new Map<string, JobManager>();
  private readonly listeners = new Set<(jm: JobManager, job: FlinkJob) => void>();

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
    if (!jm) {
      const made = new JobManager(this.api, this.logs, namespace, cluster, uid);
      made.onJobChange((job) => {
        for (const l of this.listeners) l(made, job);
      });
      this.byCluster.set(key, (jm = made));
    }
    return jm;
  }

  /** The cluster's JobManager if one was made for its current FlinkDeployment. */
  existing(namespace: string, cluster: string): JobManager | undefined {
    const jm = this.byCluster.get(`${namespace}/${cluster}`);
    const uid = this.api.store.get('flink.apache.org/flinkdeployments', namespace, cluster)?.metadata?.uid ?? '';
    return jm?.deploymentUid === uid ? jm : undefined;
  }

  /** Calls `listener` whenever a job of any cluster changes state. */
  onJobChange(listener: (jm: JobManager, job: FlinkJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const jm of this.byCluster.values()) jm.dispose();
    this.byCluster.clear();
  }
}
