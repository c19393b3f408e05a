import { Operation, ClusterKind } from './definition';
import { clusterKey } from './clusterRef';
import { ComputeSpec } from '../../shared/clusters/computeSpec';
import { ExecutorCounts } from './compute/computeState';
import { NodeType } from '../../shared/clusters/nodeTypes';
import { FieldError } from '../../shared/clusters/validation';
import { SessionSpec } from '../../shared/clusters/sessionSpec';
import { DriverState, SessionStatus } from '../../shared/clusters/stateTable';

/** What the tree and panels show of a cluster, as the model derives it. */
interface ClusterBase {
  readonly kind: ClusterKind;
  /** The definition's uid. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly generation: number;
  /** The live workload's generation, when it exists. */
  readonly workloadGeneration?: number;
  /** The definition changed since the workload was rendered: a restart applies it. */
  readonly restartRequired: boolean;
  /** The action in flight, while its holder keeps renewing its marker. */
  readonly operation?: Operation;
  /** A marker whose holder stopped renewing it: the action died; the next action takes over. */
  readonly interrupted?: Operation;
  readonly createdBy?: string;
  /** When the definition was created (ISO time). */
  readonly createdAt?: string;
  readonly description: string;
  readonly problems: readonly FieldError[];
  readonly definitionResourceVersion: string;
}

export interface ComputeCluster extends ClusterBase {
  readonly kind: 'compute';
  readonly state: DriverState;
  /** Why it is FAILED (or still STARTING), in one sentence. */
  readonly reason?: string;
  /** What Kubernetes said about it, verbatim (pod names, uids and all): shown on expand. */
  readonly reasonRaw?: string;
  /** The executor column as shown; empty while the driver is not running. */
  readonly executors: string;
  /** The same as numbers; undefined for single-node clusters and while the driver is not running. */
  readonly executorCounts?: ExecutorCounts;
  readonly singleNode: boolean;
  readonly driverNodeType?: NodeType | { readonly name: string };
  readonly executorNodeType?: NodeType | { readonly name: string };
  readonly executorCount: number;
  readonly volume?: string;
  /** "30 min", "Disabled". */
  readonly autoScaling: string;
  /** The idle timeout in minutes; undefined when auto-scaling is disabled. */
  readonly autoScalingMinutes?: number;
  readonly billed: boolean;
  readonly driverPod?: string;
  readonly spec?: ComputeSpec;
}

export interface SessionCluster extends ClusterBase {
  readonly kind: 'session';
  readonly status: SessionStatus;
  readonly reason?: string;
  readonly owner?: string;
  /** Total CPU cores and memory of JobManager and TaskManagers, as the spec asks. */
  readonly cpu: number;
  readonly memory: string;
  readonly lastUpdate?: string;
  /** Session jobs on the cluster; undefined while they cannot be listed. */
  readonly sessionJobs?: number;
  readonly spec?: SessionSpec;
  /**
   * The SQL Gateway (Enable SQL): `enabled` once its Deployment exists, `ready` once a gateway pod
   * answers its readiness probe. Undefined when SQL is not enabled.
   */
  readonly sql?: { readonly enabled: true; readonly ready: boolean };
}

export type Cluster = ComputeCluster | SessionCluster;

export interface ResourceGroup {
  readonly namespace: string;
  readonly quotas: readonly { name: string; hard: Record<string, string>; used: Record<string, string> }[];
}

export { clusterKey };
export const keyOfCluster = (c: Cluster): string => clusterKey(c.kind, c.namespace, c.name);

export interface ClusterChange {
  readonly key: string;
  readonly kind: ClusterKind;
  readonly namespace: string;
  readonly name: string;
  /** The cluster now; undefined when it is gone. */
  readonly cluster: Cluster | undefined;
}
