import * as assert from 'node:assert/strict';
import type { ClusterForwards } from '../../../../src/clusters/clusterForwards';
import type { ClusterConnection } from '../../../../src/clusters/connection';
import { FlinkTaskService } from '../../../../src/clusters/session/tasks/taskService';
import { TaskServicesHolder } from '../../../../src/clusters/session/tasks/taskServices';
import type { TaskService } from '../../../../src/clusters/session/tasks/taskTypes';
import { Emitter } from '../../../../src/common/event';
import { FakeFlinkRest, MemoryRunStore } from './taskFixture';

/** A connection as far as the holder looks: its model (cache and cluster events), writer and permissions. */
function fakeConnection(withModel = true): ClusterConnection {
  const model = {
    cache: { onDidChange: new Emitter<any>().event },
    onDidChangeCluster: new Emitter<any>().event,
    get: () => undefined,
  };
  return { model: withModel ? model : undefined, writer: {}, permissions: undefined } as unknown as ClusterConnection;
}

describe('TaskServicesHolder', () => {
  it('gives one task service per connection, and a new one after the connection changes', () => {
    const changed = new Emitter<ClusterConnection | undefined>();
    const source = { connection: undefined as ClusterConnection | undefined, onDidChangeConnection: changed.event };
    let forwardsAsked = 0;
    const holder = new TaskServicesHolder(
      source,
      () => {
        forwardsAsked++;
        return undefined as ClusterForwards | undefined;
      },
      { store: new MemoryRunStore(), restFactory: () => new FakeFlinkRest(), readJar: async () => new Uint8Array() },
    );
    const seen: (TaskService | undefined)[] = [];
    holder.onDidChange((s) => seen.push(s));
    assert.equal(holder.current(), undefined, 'no connection');
    source.connection = fakeConnection(false);
    assert.equal(holder.current(), undefined, 'a connection without its model yet');
    source.connection = fakeConnection();
    const first = holder.current() as FlinkTaskService;
    assert.ok(first instanceof FlinkTaskService);
    assert.equal(holder.current(), first);
    source.connection = fakeConnection();
    changed.fire(source.connection);
    assert.deepEqual(seen, [undefined]);
    assert.equal(first.isDisposed, true, 'the old connection service stops polling');
    const second = holder.current();
    assert.ok(second && second !== first);
    assert.equal(forwardsAsked, 0, 'forwards are asked for only when a task needs the JobManager');
    holder.dispose();
    assert.equal((second as FlinkTaskService).isDisposed, true);
    assert.equal(holder.current(), undefined);
  });
});
