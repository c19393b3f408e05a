/**
 * The output channels of tasks: per task, "Flink task {name}: logs" (the JobManager's log and
 * each TaskManager's, lines prefixed by their pod) and "Flink task {name}: output" (what the job
 * prints, picked out of the TaskManagers' logs). One channel of each kind per task, reused when
 * asked again; lines are appended in batches, as the driver log channels do.
 *
 * No vscode import: the channel itself comes in through `createChannel`, so tests use a fake.
 */
import * as l10n from '@vscode/l10n';
import { FlinkPodLogFollower, OutputFilter, type Pod } from '../clusters/session/tasks/taskLogs';
import type { FlinkTask } from '../clusters/session/tasks/taskTypes';
import { Disposable, IDisposable } from '../common/disposable';
import { LineBatcher } from '../common/lineBatcher';
import type { KubeTransport } from '../kube/kubeTransport';

const KEEP_LINES = 100_000;
const FLUSH_MS = 100;

/** What the channels need of an output channel (vscode.OutputChannel is one). */
export interface TaskOutputChannel extends IDisposable {
  append(text: string): void;
  show(preserveFocus?: boolean): void;
}

/** The port the task commands call ("Show Task Logs", "Show Task Output"). */
export interface TaskLogPort {
  showLogs(task: FlinkTask): void;
  showOutput(task: FlinkTask): void;
}

export type TaskChannelKind = 'logs' | 'output';

export const taskChannelTitle = (task: Pick<FlinkTask, 'name'>, kind: TaskChannelKind): string =>
  kind === 'logs' ? l10n.t('Flink task {0}: logs', task.name) : l10n.t('Flink task {0}: output', task.name);

class TaskChannel extends Disposable {
  readonly batcher: LineBatcher;
  private follower?: FlinkPodLogFollower;
  /** The transport the follower reads through: a new connection means a new follower. */
  transport?: KubeTransport;

  constructor(
    readonly title: string,
    readonly channel: TaskOutputChannel,
  ) {
    super();
    this._register(channel);
    this.batcher = new LineBatcher((text) => this.channel.append(text), FLUSH_MS, KEEP_LINES);
    this._register({ dispose: () => (this.follower?.dispose(), this.batcher.flush(), this.batcher.dispose()) });
  }

  follow(transport: KubeTransport, make: () => FlinkPodLogFollower): void {
    if (this.follower && this.transport === transport) return;
    this.follower?.dispose();
    this.transport = transport;
    const f = make();
    f.onDidAppend((lines) => this.batcher.push(lines));
    this.follower = f.start();
  }
}

export class TaskLogChannels extends Disposable implements TaskLogPort {
  private readonly channels = new Map<string, TaskChannel>();

  constructor(
    /** The current connection's transport, undefined while there is none. */
    private readonly transport: () => KubeTransport | undefined,
    private readonly createChannel: (title: string) => TaskOutputChannel,
    private readonly tailLines: () => number,
    /**
     * The TaskManager pods a job's subtasks run on (through the JobManager's REST API), so a
     * task's output is only what its own job printed; without it every TaskManager is read.
     */
    private readonly jobPods?: (task: FlinkTask) => Promise<(pod: Pod) => boolean>,
  ) {
    super();
    this._register({ dispose: () => this.closeAll() });
  }

  showLogs(task: FlinkTask): void {
    this.show(task, 'logs');
  }

  showOutput(task: FlinkTask): void {
    this.show(task, 'output');
  }

  /** The lines a channel holds (tests and Download read them). */
  linesOf(title: string): readonly string[] | undefined {
    return [...this.channels.values()].find((c) => c.title === title)?.batcher.lines();
  }

  titles(): string[] {
    return [...this.channels.values()].map((c) => c.title);
  }

  close(task: FlinkTask, kind: TaskChannelKind): void {
    const key = `${kind}/${task.key}`;
    this.channels.get(key)?.dispose();
    this.channels.delete(key);
  }

  closeAll(): void {
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
  }

  private show(task: FlinkTask, kind: TaskChannelKind): void {
    const transport = this.transport();
    if (!transport) throw new Error(l10n.t('Not connected to a Kubernetes cluster.'));
    const key = `${kind}/${task.key}`;
    let ch = this.channels.get(key);
    if (!ch) {
      const title = taskChannelTitle(task, kind);
      ch = new TaskChannel(title, this.createChannel(title));
      this.channels.set(key, ch);
    }
    const tailLines = this.tailLines();
    ch.follow(transport, () =>
      kind === 'logs'
        ? new FlinkPodLogFollower(transport, task.namespace, task.cluster, { components: ['jobmanager', 'taskmanager'], tailLines })
        : new FlinkPodLogFollower(transport, task.namespace, task.cluster, {
            components: ['taskmanager'],
            ...(this.jobPods && task.jobId ? { only: this.jobPods(task) } : {}),
            // The output is read whole: what the job printed since it started is in the TaskManagers' logs.
            select: () => {
              const filter = new OutputFilter();
              return (lines) => filter.push(lines);
            },
          }),
    );
    ch.channel.show(true);
  }
}
