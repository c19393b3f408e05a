import { Disposable } from '../../../common/disposable';
import { Emitter, Event } from '../../../common/event';
import { Logger } from '../../../common/logger';
import type { ClusterConnection } from '../../connection';
import type { ClusterForwards, ConnectionSource } from '../../clusterForwards';
import type { FlinkRest } from './flinkRest';
import { FlinkTaskService, TaskSettings } from './taskService';
import type { TaskRunStore, TaskService } from './taskTypes';
import * as l10n from '@vscode/l10n';

/** What every connection's task service shares: the workspace's runs, how to talk REST, read jars, settings. */
export interface TaskServicesOptions {
  readonly store: TaskRunStore;
  readonly restFactory: (baseUrl: string) => FlinkRest;
  readonly readJar: (path: string) => Promise<Uint8Array>;
  readonly settings?: Partial<TaskSettings>;
  readonly logger?: Logger;
}

/**
 * The task service of the current connection: made when first asked for once the connection has
 * its model, replaced (polls stopped) when the connection changes, disposed with the holder. Its
 * forwards are the ones `forwards()` gives at the time of each call, so the Flink UI and the tasks
 * share one port-forward per cluster.
 */
export class TaskServicesHolder extends Disposable {
  private readonly _onDidChange = this._register(new Emitter<TaskService | undefined>());
  /** Fires when the connection's service is dropped (another connection): ask `current()` again. */
  readonly onDidChange: Event<TaskService | undefined> = this._onDidChange.event;
  private held?: { connection: ClusterConnection; service: FlinkTaskService };

  constructor(
    private readonly connections: ConnectionSource,
    private readonly forwards: () => ClusterForwards | undefined,
    private readonly options: TaskServicesOptions,
  ) {
    super();
    this._register(
      connections.onDidChangeConnection(() => {
        this.drop();
        this._onDidChange.fire(undefined);
      }),
    );
    this._register({ dispose: () => this.drop() });
  }

  current(): TaskService | undefined {
    const conn = this.connections.connection;
    if (this.isDisposed || !conn?.model) return undefined;
    if (this.held?.connection === conn) return this.held.service;
    this.drop();
    const service = new FlinkTaskService({
      model: conn.model,
      writer: conn.writer,
      permissions: conn.permissions,
      forwards: {
        forwardFlinkRest: async (namespace, name) => {
          const f = this.forwards();
          if (!f) throw new Error(l10n.t('Not connected to a cluster.'));
          return f.forwardFlinkRest(namespace, name);
        },
        list: () => this.forwards()?.list() ?? [],
      },
      ...this.options,
    });
    this.held = { connection: conn, service };
    return service;
  }

  private drop(): void {
    const h = this.held;
    this.held = undefined;
    h?.service.dispose();
  }
}
