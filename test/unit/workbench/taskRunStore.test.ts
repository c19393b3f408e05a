import * as assert from 'node:assert/strict';
import type { TaskRunParams } from '../../../src/clusters/session/tasks/taskTypes';
import { MAX_RUNS, MementoLike, readRunParams, WorkspaceTaskRunStore } from '../../../src/workbench/taskRunStore';

class FakeMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    // What VS Code stores is JSON: write it through JSON as it does.
    this.values.set(key, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  }
}

const run = (name: string, over: Partial<TaskRunParams> = {}): TaskRunParams => ({
  namespace: 'research',
  cluster: 'clickstream',
  name,
  source: { kind: 'jar', path: `/ws/${name}.jar` },
  args: ['--window', '5 minutes'],
  ...over,
});

describe('WorkspaceTaskRunStore', () => {
  it('remembers runs most recent first, replacing a run of the same name', async () => {
    const store = new WorkspaceTaskRunStore(new FakeMemento());
    await store.set(run('a'));
    await store.set(run('b', { parallelism: 2, savepointPath: 's3://sp/1', allowNonRestoredState: true }));
    await store.set(run('a', { entryClass: 'com.example.A' }));
    assert.deepEqual(
      store.list().map((r) => r.name),
      ['a', 'b'],
    );
    assert.equal(store.get('a')?.entryClass, 'com.example.A');
    assert.deepEqual(store.get('b'), run('b', { parallelism: 2, savepointPath: 's3://sp/1', allowNonRestoredState: true }));
    await store.forget('a');
    assert.equal(store.get('a'), undefined);
  });

  it(`keeps at most ${MAX_RUNS} runs, forgetting the oldest`, async () => {
    const store = new WorkspaceTaskRunStore(new FakeMemento());
    for (let i = 0; i <= MAX_RUNS; i++) await store.set(run(`r${i}`));
    assert.equal(store.list().length, MAX_RUNS);
    assert.equal(store.get('r0'), undefined);
    assert.ok(store.get(`r${MAX_RUNS}`));
  });

  it('remembers the last job and savepoint of a run, and which run a job came from', async () => {
    const store = new WorkspaceTaskRunStore(new FakeMemento());
    await store.setLastJob('a', 'job-1');
    await store.setLastJob('b', 'job-2');
    await store.setLastJob('a', 'job-3');
    assert.equal(store.lastJob('a'), 'job-3');
    assert.equal(store.runOfJob('job-2'), 'b');
    assert.equal(store.runOfJob('job-1'), undefined);
    await store.setLastSavepoint('a', 's3://sp/savepoint-9');
    assert.equal(store.lastSavepoint('a'), 's3://sp/savepoint-9');
  });

  it('ignores stored data it did not write, entry by entry, instead of failing', async () => {
    const memento = new FakeMemento();
    const store = new WorkspaceTaskRunStore(memento);
    for (const junk of [null, 42, 'text', { a: 1 }]) {
      memento.values.set('dataClusters.tasks.runs', junk);
      assert.deepEqual(store.list(), []);
    }
    memento.values.set('dataClusters.tasks.runs', [
      run('good'),
      { ...run('bad-args'), args: [1, 2] },
      { ...run('bad-source'), source: { kind: 'ftp', path: 'x' } },
      { ...run('Bad_Name') },
      { ...run('bad-parallelism'), parallelism: 0 },
      { ...run('bad-mode'), upgradeMode: 'hot' },
      { ...run('bad-flag'), allowNonRestoredState: 'yes' },
      { ...run('no-cluster'), cluster: '' },
      null,
      run('good', { parallelism: 9 }),
    ]);
    assert.deepEqual(store.list(), [run('good')], 'the first of a duplicated name wins');
    memento.values.set('dataClusters.tasks.lastJobs', { a: 'job-1', b: 7, c: null });
    assert.equal(store.lastJob('a'), 'job-1');
    assert.equal(store.lastJob('b'), undefined);
    memento.values.set('dataClusters.tasks.lastSavepoints', ['s3://x']);
    assert.equal(store.lastSavepoint('0'), undefined);
    // And writing over bad data works.
    await store.set(run('fresh'));
    assert.deepEqual(
      store.list().map((r) => r.name),
      ['fresh', 'good'],
    );
  });

  it('reads a URI run with its upgrade mode, dropping fields a run does not have', () => {
    const stored = { ...run('u', { source: { kind: 'uri', jarURI: 'https://repo/x.jar' }, upgradeMode: 'savepoint' }), extra: 'ignored' };
    assert.deepEqual(readRunParams(stored), run('u', { source: { kind: 'uri', jarURI: 'https://repo/x.jar' }, upgradeMode: 'savepoint' }));
  });
});
