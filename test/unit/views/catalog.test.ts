import * as assert from 'node:assert/strict';
import type { ComputeCluster, SessionCluster } from '../../../src/clusters/clusterModel';
import { SqlError, type SqlCatalogNode, type SqlEngine, type SqlSession, type SqlTarget } from '../../../src/sql/sqlEngine';
import { CatalogActions } from '../../../src/views/catalog/catalogActions';
import {
  CATALOG_ICONS,
  catalogRow,
  NEW_SQL_EDITOR_COMMAND,
  quoteIdentifier,
  REFRESH_CATALOG_COMMAND,
  selectTopRequest,
} from '../../../src/views/catalog/catalogRows';
import {
  type CatalogDeps,
  type CatalogEntryNode,
  type CatalogNode,
  type CatalogParentNode,
  ClusterCatalogs,
} from '../../../src/views/catalog/catalogTree';

/** One `catalog` call the fake engine was asked, answered when the test says. */
interface Ask {
  readonly target: SqlTarget;
  readonly path: readonly string[];
  readonly signal: AbortSignal;
  answer(nodes: readonly SqlCatalogNode[]): void;
  fail(error: unknown): void;
}

/** A SqlEngine whose catalog calls wait for the test to answer them. */
class FakeEngine implements SqlEngine {
  readonly asks: Ask[] = [];
  constructor(readonly kind: 'spark' | 'flink') {}
  open(): Promise<SqlSession> {
    return Promise.reject(new Error('not in these tests'));
  }
  catalog(target: SqlTarget, path: readonly string[], signal: AbortSignal): Promise<readonly SqlCatalogNode[]> {
    return new Promise((resolve, reject) => this.asks.push({ target, path, signal, answer: resolve, fail: reject }));
  }
  asksAt(path: readonly string[]): Ask[] {
    return this.asks.filter((a) => JSON.stringify(a.path) === JSON.stringify(path));
  }
}

const compute = (name: string, state: ComputeCluster['state'] = 'ACTIVE') =>
  ({ kind: 'compute', namespace: 'analytics', name, state }) as ComputeCluster;
const session = (name: string) => ({ kind: 'session', namespace: 'streaming', name, status: 'Running' }) as SessionCluster;

/** The catalogs with a fake engine per kind, and every node whose children changed, as the tree hears them. */
function setup(deps: Partial<CatalogDeps> = {}) {
  const spark = new FakeEngine('spark');
  const flink = new FakeEngine('flink');
  const changes: CatalogParentNode[] = [];
  const waiters: (() => void)[] = [];
  const catalogs = new ClusterCatalogs({ engines: (k) => (k === 'spark' ? spark : flink), sqlEnabled: () => true, ...deps }, (n) => {
    changes.push(n);
    waiters.splice(0).forEach((w) => w());
  });
  /** Resolves at the next change the catalogs announce. */
  const nextChange = () => new Promise<void>((resolve) => waiters.push(resolve));
  return { spark, flink, catalogs, changes, nextChange };
}

/** What Markdown shows of an escaped string: every backslash escape undone. */
const shown = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
const labels = (nodes: readonly CatalogNode[]) => nodes.map((n) => catalogRow(n).label);
const entry = (kind: SqlCatalogNode['kind'], name: string, path?: string[], detail?: string): SqlCatalogNode => ({
  kind,
  name,
  ...(path ? { path } : {}),
  ...(detail ? { detail } : {}),
});

describe('the Catalog node of a cluster', () => {
  it('shows under ACTIVE compute clusters and under session clusters the predicate says run SQL', () => {
    const enabled = new Set(['orders-stream']);
    const { catalogs } = setup({ sqlEnabled: (c) => enabled.has(c.name) });
    assert.equal(catalogs.offers(compute('sales-etl')), true);
    for (const state of ['STARTING', 'STOPPED', 'FAILED', 'UNKNOWN'] as const)
      assert.equal(catalogs.offers(compute('sales-etl', state)), false, state);
    assert.equal(catalogs.offers(session('orders-stream')), true);
    assert.equal(catalogs.offers(session('clicks')), false);
    // Without the catalog's dependencies (not wired), no cluster offers one.
    assert.equal(new ClusterCatalogs(undefined, () => undefined).offers(compute('sales-etl')), false);
  });

  it('reads nothing until expanded, then each level lazily, once', async () => {
    const { spark, catalogs, changes, nextChange } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    assert.equal(catalogs.rootOf(compute('sales-etl')), root, 'the same node object every time');
    assert.equal(spark.asks.length, 0);

    const first = catalogs.children(root);
    assert.deepEqual(labels(first), ['Loading…']);
    assert.equal(catalogRow(first[0]!).icon.id, 'loading~spin');
    assert.deepEqual(
      spark.asks.map((a) => [a.target, a.path]),
      [[{ kind: 'compute', namespace: 'analytics', name: 'sales-etl' }, []]],
    );
    catalogs.children(root);
    assert.equal(spark.asks.length, 1, 'a level being read is not asked again');

    const changed = nextChange();
    spark.asks[0]!.answer([entry('catalog', 'spark_catalog', ['spark_catalog'])]);
    await changed;
    assert.deepEqual(changes, [root]);
    const [cat] = catalogs.children(root) as CatalogEntryNode[];
    assert.deepEqual(labels([cat!]), ['spark_catalog']);
    assert.equal(catalogs.children(root)[0], cat, 'read levels keep their node objects');

    catalogs.children(cat!);
    const dbs = nextChange();
    spark.asksAt(['spark_catalog'])[0]!.answer([entry('database', 'sales', ['spark_catalog', 'sales'])]);
    await dbs;
    const [db] = catalogs.children(cat!) as CatalogEntryNode[];
    catalogs.children(db!);
    const tables = nextChange();
    spark
      .asksAt(['spark_catalog', 'sales'])[0]!
      .answer([
        entry('table', 'orders', ['spark_catalog', 'sales', 'orders'], 'MANAGED'),
        entry('view', 'big_orders', ['spark_catalog', 'sales', 'big_orders']),
      ]);
    await tables;
    const [orders] = catalogs.children(db!) as CatalogEntryNode[];
    catalogs.children(orders!);
    const columns = nextChange();
    spark.asksAt(['spark_catalog', 'sales', 'orders'])[0]!.answer([entry('column', 'amount', undefined, 'decimal(10,2)')]);
    await columns;
    const [amount] = catalogs.children(orders!);
    assert.deepEqual(labels(catalogs.children(db!)), ['orders', 'big_orders']);
    assert.deepEqual(catalogs.children(amount!), [], 'a column is a leaf');
    assert.equal(catalogRow(amount!).collapsible, false);
    assert.equal(spark.asks.length, 4);
    assert.equal(catalogs.parentOf(amount as CatalogEntryNode), orders);
  });

  it('gives each level its codicon and its type in the description and tooltip', () => {
    const { spark, catalogs } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    assert.equal(catalogRow(root).icon.id, CATALOG_ICONS.root);
    assert.equal(catalogRow(root).label, 'Catalog');
    catalogs.children(root);
    void spark;
    const table: CatalogEntryNode = {
      type: 'catalogEntry',
      namespace: 'analytics',
      cluster: 'sales-etl',
      target: root.target,
      parent: root,
      parentPath: ['spark_catalog', 'sales'],
      entry: entry('table', 'orders', ['spark_catalog', 'sales', 'orders'], 'MANAGED'),
    };
    const column: CatalogEntryNode = {
      ...table,
      parent: table,
      parentPath: table.entry.path!,
      entry: entry('column', 'amount', undefined, 'decimal(10,2)'),
    };
    const ids = new Set<string>();
    for (const kind of ['catalog', 'database', 'table', 'view', 'column'] as const) {
      const r = catalogRow({ ...table, entry: { ...table.entry, kind } });
      assert.equal(r.icon.id, CATALOG_ICONS[kind]);
      ids.add(r.id);
    }
    assert.equal(ids.size, 5, 'a kind change makes another row');
    assert.equal(new Set(Object.values(CATALOG_ICONS)).size, 6, 'one codicon per level');
    const c = catalogRow(column);
    assert.equal(c.description, 'decimal(10,2)');
    assert.match(c.tooltip, /\*\*amount\*\* — Column/);
    assert.match(shown(c.tooltip), /\*\*Type:\*\* decimal\(10,2\)/);
    const t = catalogRow(table);
    assert.equal(t.description, 'MANAGED');
    assert.match(t.tooltip, /— Table/);
    assert.match(t.contextValue, /^dataClusters\.catalogEntry kind-table can-refresh can-selectTop$/);
    assert.match(catalogRow(column).contextValue, /^dataClusters\.catalogEntry kind-column$/);
    assert.notEqual(catalogRow(table).id, catalogRow(column).id);
  });

  it("escapes the engine's names in tooltips (text, never markup)", () => {
    const { catalogs } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    const evil: CatalogEntryNode = {
      type: 'catalogEntry',
      namespace: 'analytics',
      cluster: 'sales-etl',
      target: root.target,
      parent: root,
      parentPath: [],
      entry: entry('table', '<img src=x>[a](http://x)', ['db', '<img src=x>[a](http://x)']),
    };
    const tip = catalogRow(evil).tooltip;
    // Every markup character comes escaped; undone, the name is there as it was.
    assert.doesNotMatch(tip.replace(/^\$\(table\)/, ''), /(?<!\\)[<>[\]()`]/);
    assert.match(shown(tip), /\*\*<img src=x>\[a\]\(http:\/\/x\)\*\* — Table/);
  });

  it('says why a level cannot be read, as a row that reads it again on click', async () => {
    const { spark, catalogs, nextChange } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    catalogs.children(root);
    const failed = nextChange();
    spark.asks[0]!.fail(new SqlError('Permission denied: cannot list catalogs\n\tat org.apache.spark...', { reason: 'denied' }));
    await failed;
    const [row] = catalogs.children(root);
    const r = catalogRow(row!);
    assert.equal(r.label, 'Not allowed to read the catalog: Permission denied: cannot list catalogs');
    assert.equal(r.icon.id, 'error');
    assert.match(r.contextValue, /^dataClusters\.catalogMessage kind-error can-refresh$/);
    assert.match(r.tooltip, /org\\\.apache\\\.spark/, 'the full message in the tooltip');
    assert.deepEqual(r.command, { command: REFRESH_CATALOG_COMMAND, title: 'Refresh Catalog', arguments: [row] });
    assert.equal(spark.asks.length, 1, 'a refused level is not asked again by itself');

    // The click: the level is read again.
    catalogs.refresh(row);
    assert.deepEqual(labels(catalogs.children(root)), ['Loading…']);
    assert.equal(spark.asks.length, 2);
    const read = nextChange();
    spark.asks[1]!.fail(new SqlError('connect ECONNREFUSED 127.0.0.1:15002', { reason: 'unreachable' }));
    await read;
    assert.deepEqual(labels(catalogs.children(root)), ['Cannot reach the cluster: connect ECONNREFUSED 127.0.0.1:15002']);
    catalogs.refresh(root);
    catalogs.children(root);
    const plain = nextChange();
    spark.asks[2]!.fail(new Error('boom'));
    await plain;
    assert.deepEqual(labels(catalogs.children(root)), ['Cannot read the catalog: boom']);
  });

  it('says a level is empty, in the words of what it lists', async () => {
    const { flink, catalogs, nextChange } = setup();
    const root = catalogs.rootOf(session('orders-stream'));
    catalogs.children(root);
    assert.equal(flink.asks[0]!.target.kind, 'session', 'session clusters read through the Flink engine');
    let changed = nextChange();
    flink.asks[0]!.answer([]);
    await changed;
    assert.deepEqual(labels(catalogs.children(root)), ['No catalogs']);
    catalogs.refresh(root);
    catalogs.children(root);
    changed = nextChange();
    flink.asks[1]!.answer([entry('catalog', 'default_catalog', ['default_catalog'])]);
    await changed;
    const expectations: [SqlCatalogNode['kind'], string][] = [
      ['catalog', 'No databases'],
      ['database', 'No tables or views'],
      ['table', 'No columns'],
      ['view', 'No columns'],
    ];
    const [cat] = catalogs.children(root) as CatalogEntryNode[];
    for (const [kind, text] of expectations) {
      const node: CatalogEntryNode = { ...cat!, entry: { kind, name: 'x', path: ['x', kind] } };
      catalogs.children(node);
      changed = nextChange();
      flink.asks.at(-1)!.answer([]);
      await changed;
      const [msg] = catalogs.children(node);
      assert.equal(catalogRow(msg!).label, text);
      assert.equal(catalogRow(msg!).icon.id, 'info');
    }
  });

  it('says so when no engine of the kind is available, and reads once one is', async () => {
    const window: { engine?: FakeEngine } = {};
    const { catalogs, nextChange } = setup({ engines: () => window.engine });
    const sparkRoot = catalogs.rootOf(compute('sales-etl'));
    const flinkRoot = catalogs.rootOf(session('orders-stream'));
    assert.deepEqual(labels(catalogs.children(sparkRoot)), ['Spark SQL is not available in this window']);
    assert.deepEqual(labels(catalogs.children(flinkRoot)), ['Flink SQL is not available in this window']);
    assert.equal(catalogRow(catalogs.children(sparkRoot)[0]!).icon.id, 'warning');
    const engine = (window.engine = new FakeEngine('spark'));
    assert.deepEqual(labels(catalogs.children(sparkRoot)), ['Loading…']);
    const changed = nextChange();
    engine.asks[0]!.answer([entry('catalog', 'spark_catalog', ['spark_catalog'])]);
    await changed;
    assert.deepEqual(labels(catalogs.children(sparkRoot)), ['spark_catalog']);
  });

  it('refreshes on demand: stops what is being read below, forgets it and reads again', async () => {
    const { spark, catalogs, changes, nextChange } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    catalogs.children(root);
    let changed = nextChange();
    spark.asks[0]!.answer([entry('catalog', 'spark_catalog', ['spark_catalog'])]);
    await changed;
    const [cat] = catalogs.children(root);
    catalogs.children(cat!);
    const pending = spark.asks[1]!;
    assert.equal(pending.signal.aborted, false);

    changes.length = 0;
    catalogs.refresh(root);
    assert.equal(pending.signal.aborted, true, 'the read below the refreshed node is stopped');
    assert.deepEqual(changes, [root]);
    // Its late answer is nobody's: it changes nothing.
    pending.answer([entry('database', 'stale', ['spark_catalog', 'stale'])]);
    assert.deepEqual(labels(catalogs.children(root)), ['Loading…']);
    assert.equal(spark.asks.length, 3);
    changed = nextChange();
    spark.asks[2]!.answer([entry('catalog', 'spark_catalog', ['spark_catalog']), entry('catalog', 'iceberg', ['iceberg'])]);
    await changed;
    assert.deepEqual(labels(catalogs.children(root)), ['spark_catalog', 'iceberg']);
    assert.deepEqual(changes, [root, root], 'the stale answer announced nothing');

    // Refresh everything (Command Palette): each Catalog node reads again.
    const other = catalogs.rootOf(compute('adhoc'));
    catalogs.children(other);
    changes.length = 0;
    catalogs.refresh();
    assert.deepEqual(new Set(changes), new Set([root, other]));
    assert.equal(spark.asks[3]!.signal.aborted, true);
  });

  it('forgets a cluster gone or no longer ACTIVE, stopping its reads', () => {
    const { spark, catalogs, changes } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    catalogs.children(root);
    catalogs.forget(compute('sales-etl'));
    assert.equal(spark.asks[0]!.signal.aborted, true);
    assert.deepEqual(catalogs.known(), []);
    spark.asks[0]!.answer([]);
    assert.notEqual(catalogs.rootOf(compute('sales-etl')), root);
    catalogs.children(catalogs.rootOf(compute('sales-etl')));
    catalogs.dispose();
    assert.equal(spark.asks[1]!.signal.aborted, true, 'disposed: every read stops');
    assert.deepEqual(catalogs.children(root), []);
    assert.deepEqual(changes, []);
  });
});

describe('Select Top 100 on a catalog table', () => {
  const root = new ClusterCatalogs(undefined, () => undefined).rootOf(compute('sales-etl'));
  const tableAt = (kind: SqlCatalogNode['kind'], names: string[], path: string[] | undefined): CatalogEntryNode => {
    let parent: CatalogParentNode = root;
    for (const [i, name] of names.slice(0, -1).entries())
      parent = {
        type: 'catalogEntry',
        namespace: 'analytics',
        cluster: 'sales-etl',
        target: root.target,
        parent,
        parentPath: names.slice(0, i),
        entry: entry(i === 0 ? 'catalog' : 'database', name, names.slice(0, i + 1)),
      };
    return {
      type: 'catalogEntry',
      namespace: 'analytics',
      cluster: 'sales-etl',
      target: root.target,
      parent,
      parentPath: names.slice(0, -1),
      entry: entry(kind, names.at(-1)!, path),
    };
  };

  it("opens SELECT * over the quoted path, bound to the table's cluster", () => {
    const node = tableAt('table', ['spark_catalog', 'sales', 'orders'], ['spark_catalog', 'sales', 'orders']);
    assert.deepEqual(selectTopRequest(node), {
      target: { kind: 'compute', namespace: 'analytics', name: 'sales-etl' },
      text: 'SELECT * FROM `spark_catalog`.`sales`.`orders` LIMIT 100',
    });
    assert.equal(NEW_SQL_EDITOR_COMMAND, 'dataClusters.sql.newEditor');
  });

  it("works on views and on session clusters' tables, and on nothing else", () => {
    assert.equal(selectTopRequest(tableAt('view', ['c', 'd', 'v'], ['c', 'd', 'v']))?.text, 'SELECT * FROM `c`.`d`.`v` LIMIT 100');
    const flinkRoot = new ClusterCatalogs(undefined, () => undefined).rootOf(session('orders-stream'));
    const flinkTable: CatalogEntryNode = {
      type: 'catalogEntry',
      namespace: 'streaming',
      cluster: 'orders-stream',
      target: flinkRoot.target,
      parent: flinkRoot,
      parentPath: ['default_catalog', 'default_database'],
      entry: entry('table', 'orders', ['default_catalog', 'default_database', 'orders']),
    };
    assert.deepEqual(selectTopRequest(flinkTable), {
      target: { kind: 'session', namespace: 'streaming', name: 'orders-stream' },
      text: 'SELECT * FROM `default_catalog`.`default_database`.`orders` LIMIT 100',
    });
    for (const kind of ['catalog', 'database', 'column'] as const) {
      const node = tableAt(kind, ['c', 'd', 'x'], kind === 'column' ? undefined : ['c', 'd', 'x']);
      assert.equal(selectTopRequest(node), undefined, kind);
      assert.doesNotMatch(catalogRow(node).contextValue, /can-selectTop/);
    }
    assert.equal(selectTopRequest(root), undefined);
  });

  it('quotes with backticks, doubling a backtick inside a name, and falls back to the names shown', () => {
    assert.equal(quoteIdentifier('we`ird.name'), '`we``ird.name`');
    assert.equal(quoteIdentifier('``'), '``````');
    const node = tableAt('table', ['my cat', 'sa`les', 'or.ders'], undefined);
    assert.equal(selectTopRequest(node)?.text, 'SELECT * FROM `my cat`.`sa``les`.`or.ders` LIMIT 100');
  });
});

describe('the Catalog commands', () => {
  it("Select Top 100 opens the SQL editor with the table's cluster and statement", async () => {
    const { spark, catalogs, nextChange } = setup();
    const root = catalogs.rootOf(compute('sales-etl'));
    catalogs.children(root);
    const changed = nextChange();
    spark.asks[0]!.answer([
      entry('table', 'orders', ['spark_catalog', 'sales', 'orders']),
      entry('catalog', 'spark_catalog', ['spark_catalog']),
    ]);
    await changed;
    const [orders, cat] = catalogs.children(root);
    const ran: unknown[][] = [];
    const actions = new CatalogActions(
      () => catalogs,
      async (...args) => {
        ran.push(args);
      },
    );
    await actions.selectTop(orders);
    assert.deepEqual(ran, [
      [
        'dataClusters.sql.newEditor',
        { kind: 'compute', namespace: 'analytics', name: 'sales-etl' },
        'SELECT * FROM `spark_catalog`.`sales`.`orders` LIMIT 100',
      ],
    ]);
    await assert.rejects(actions.selectTop(cat), /Select Top 100 runs on a table or view/);
    await assert.rejects(actions.selectTop(undefined), /Select Top 100 runs on a table or view/);
    await assert.rejects(
      actions.selectTop({ type: 'cluster', kind: 'compute', namespace: 'analytics', name: 'sales-etl' }),
      /table or view/,
    );
    assert.equal(ran.length, 1);
  });

  it('Refresh Catalog refreshes the row in its own view, or every Catalog node from the Command Palette', async () => {
    const compute_ = setup();
    const session_ = setup();
    const actions = new CatalogActions(
      (kind) => (kind === 'compute' ? compute_.catalogs : session_.catalogs),
      () => Promise.resolve(),
    );
    const sparkRoot = compute_.catalogs.rootOf(compute('sales-etl'));
    const flinkRoot = session_.catalogs.rootOf(session('orders-stream'));
    compute_.catalogs.children(sparkRoot);
    session_.catalogs.children(flinkRoot);
    actions.refresh(flinkRoot);
    assert.deepEqual(session_.changes, [flinkRoot]);
    assert.deepEqual(compute_.changes, []);
    assert.equal(session_.flink.asks[0]!.signal.aborted, true);
    assert.equal(compute_.spark.asks[0]!.signal.aborted, false);
    actions.refresh();
    assert.deepEqual(compute_.changes, [sparkRoot]);
    assert.deepEqual(session_.changes, [flinkRoot, flinkRoot]);
  });
});
