import { Emitter } from '../../../src/common/event';
import type { FlinkRest } from '../../../src/clusters/session/tasks/flinkRest';
import type { FlinkTask, SessionRef, TaskService } from '../../../src/clusters/session/tasks/taskTypes';
import { taskActionRefusal, type TaskAction } from '../../../shared/clusters/taskStates';

const refKey = (r: SessionRef) => `${r.namespace}/${r.cluster}`;

/** A task with the fields a test does not care about filled in. */
export function fakeTask(o: Partial<FlinkTask> & { namespace: string; cluster: string; name: string }): FlinkTask {
  return { key: `${o.namespace}/${o.cluster}/${o.name}`, state: 'RUNNING', managed: false, ...o };
}

/** A TaskService holding tasks the test sets, counting who watches what. */
export class FakeTaskService implements TaskService {
  private readonly changed = new Emitter<SessionRef>();
  readonly onDidChange = this.changed.event;
  private readonly lists = new Map<string, readonly FlinkTask[]>();
  /** Open watches per cluster. */
  readonly watches = new Map<string, number>();
  /** Every watch ever started, by cluster. */
  readonly watchLog: string[] = [];

  set(ref: SessionRef, tasks: readonly FlinkTask[] | undefined): void {
    if (tasks) this.lists.set(refKey(ref), tasks);
    else this.lists.delete(refKey(ref));
    this.changed.fire(ref);
  }
  watching(ref: SessionRef): number {
    return this.watches.get(refKey(ref)) ?? 0;
  }
  tasksOf(ref: SessionRef): readonly FlinkTask[] | undefined {
    return this.lists.get(refKey(ref));
  }
  task(key: string): FlinkTask | undefined {
    for (const l of this.lists.values()) for (const t of l) if (t.key === key) return t;
    return undefined;
  }
  watch(ref: SessionRef): { dispose(): void } {
    const k = refKey(ref);
    this.watchLog.push(k);
    this.watches.set(k, (this.watches.get(k) ?? 0) + 1);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        this.watches.set(k, (this.watches.get(k) ?? 1) - 1);
      },
    };
  }
  rest(): Promise<FlinkRest> {
    return Promise.reject(new Error('no JobManager in this test'));
  }
  async slots() {
    return { total: 4, free: 4 };
  }
  refusal(task: FlinkTask, action: TaskAction): string | undefined {
    return taskActionRefusal({ state: task.state, managed: task.managed, rerunnable: !!task.runName }, action);
  }
  run(): Promise<FlinkTask> {
    return Promise.reject(new Error('not in this test'));
  }
  async stop(): Promise<string | undefined> {
    return undefined;
  }
  async suspend(): Promise<void> {}
  async resume(): Promise<void> {}
  async delete(): Promise<void> {}
}
