/**
 * The Catalog node under a cluster's row and its levels (catalogs, databases, tables and views,
 * columns), read lazily through the cluster's SQL engine: a level is asked for the first time its
 * parent is expanded, kept until the user refreshes it, and says why when it cannot be read. No
 * vscode import: the tree provider hands these nodes to VS Code and catalogRows.ts says what each
 * row shows.
 */
import { Disposable, toDisposable } from '../../common/disposable';
import type { Cluster, SessionCluster } from '../../clusters/clusterModel';
import type { SqlEngineKind } from '../../../shared/sql/sqlResult';
import type { SqlCatalogNode, SqlEngine, SqlTarget } from '../../sql/sqlEngine';

/** What the catalog rows need: the engines, and which session clusters run SQL. */
export interface CatalogDeps {
  /** The engine of a kind, or undefined when this window has none (the Catalog node says so). */
  readonly engines: (kind: SqlEngineKind) => SqlEngine | undefined;
  /** Whether a session cluster has SQL enabled (its SQL Gateway): only then it shows a Catalog node. */
  readonly sqlEnabled: (cluster: SessionCluster) => boolean;
}

/** A level's children as last read: being read (with the means to stop), read, or refused. */
type Level =
  | { readonly state: 'loading'; readonly controller: AbortController }
  | { readonly state: 'loaded'; readonly entries: readonly CatalogEntryNode[] }
  | { readonly state: 'failed'; readonly error: unknown };

interface CatalogNodeBase {
  readonly namespace: string;
  readonly cluster: string;
  readonly target: SqlTarget;
}

/** The "Catalog" row under a cluster; its children are the engine's top level (`catalog(target, [])`). */
export interface CatalogRootNode extends CatalogNodeBase {
  readonly type: 'catalog';
  /** Its children as read; undefined until first expanded or after a refresh. */
  level?: Level;
  /** The one row saying the level loads, is empty, failed or has no engine (same object each time). */
  message?: CatalogMessageNode;
}

/** A catalog, database, table, view or column, as the engine listed it under its parent. */
export interface CatalogEntryNode extends CatalogNodeBase {
  readonly type: 'catalogEntry';
  readonly parent: CatalogParentNode;
  /** The path the parent's level was read at (what the engine was asked). */
  readonly parentPath: readonly string[];
  readonly entry: SqlCatalogNode;
  level?: Level;
  message?: CatalogMessageNode;
}

export type CatalogParentNode = CatalogRootNode | CatalogEntryNode;

/** Why a level shows no entries. */
export type CatalogMessage =
  | { readonly kind: 'loading' }
  /** `of`: the kind of the parent whose level is empty (`catalog` for the Catalog row's own level). */
  | { readonly kind: 'empty'; readonly of: 'root' | SqlCatalogNode['kind'] }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'noEngine'; readonly engine: SqlEngineKind };

/** The one row under a level that has no entries to show. */
export interface CatalogMessageNode extends CatalogNodeBase {
  readonly type: 'catalogMessage';
  readonly parent: CatalogParentNode;
  /** Replaced as the level's state changes (the node object stays, so VS Code finds its row). */
  message: CatalogMessage;
}

export type CatalogNode = CatalogRootNode | CatalogEntryNode | CatalogMessageNode;

const CATALOG_TYPES: ReadonlySet<string> = new Set(['catalog', 'catalogEntry', 'catalogMessage']);

export function isCatalogNode(node: { readonly type: string }): node is CatalogNode {
  return CATALOG_TYPES.has(node.type);
}

/** The engine that answers for a cluster kind: Spark on compute clusters, Flink on session clusters. */
export const engineKindOf = (target: SqlTarget): SqlEngineKind => (target.kind === 'compute' ? 'spark' : 'flink');

const targetKey = (t: SqlTarget): string => `${t.kind}/${t.namespace}/${t.name}`;

/** The path a node's children are read at; undefined for a leaf (a column, a message). */
export function childPath(node: CatalogNode): readonly string[] | undefined {
  if (node.type === 'catalog') return [];
  if (node.type === 'catalogEntry') return node.entry.path;
  return undefined;
}

/**
 * A key unique in the view for each node: the cluster, then the names from the Catalog row down
 * (JSON, so no name can forge a separator), and the entry's kind.
 */
export function catalogNodeKey(node: CatalogNode): string {
  const names: string[] = [];
  let at: CatalogNode = node;
  while (at.type !== 'catalog') {
    names.unshift(at.type === 'catalogEntry' ? `${at.entry.kind}:${at.entry.name}` : '#message');
    at = at.parent;
  }
  return `sql/${targetKey(node.target)}/${JSON.stringify(names)}`;
}

/** The names from the Catalog row down to `node`, each as the engine listed it. */
export function ancestorNames(node: CatalogEntryNode): string[] {
  const names: string[] = [];
  for (let at: CatalogNode = node; at.type === 'catalogEntry'; at = at.parent) names.unshift(at.entry.name);
  return names;
}

/**
 * The Catalog nodes of one view's clusters. `changed` hears of every node whose children changed
 * (a level read, refused or dropped by a refresh), for the tree to redraw that row.
 */
export class ClusterCatalogs extends Disposable {
  private readonly roots = new Map<string, CatalogRootNode>();

  constructor(
    private readonly deps: CatalogDeps | undefined,
    private readonly changed: (node: CatalogParentNode) => void,
  ) {
    super();
    this._register(toDisposable(() => this.forgetAll()));
  }

  /** Whether a cluster shows a Catalog node: an ACTIVE compute cluster, or a session cluster with SQL enabled. */
  offers(cluster: Cluster): boolean {
    if (!this.deps || this.isDisposed) return false;
    return cluster.kind === 'compute' ? cluster.state === 'ACTIVE' : this.deps.sqlEnabled(cluster);
  }

  /** The Catalog node of a cluster, the same object every time. */
  rootOf(cluster: { readonly kind: 'compute' | 'session'; readonly namespace: string; readonly name: string }): CatalogRootNode {
    const target: SqlTarget = { kind: cluster.kind, namespace: cluster.namespace, name: cluster.name };
    const key = targetKey(target);
    let root = this.roots.get(key);
    if (!root) this.roots.set(key, (root = { type: 'catalog', namespace: cluster.namespace, cluster: cluster.name, target }));
    return root;
  }

  /** The Catalog nodes known now (tests read it). */
  known(): CatalogRootNode[] {
    return [...this.roots.values()];
  }

  /**
   * A node's children as known now. The first ask of a level starts reading it and answers a
   * "Loading…" row; `changed` fires for the node once the answer (or the refusal) is in.
   */
  children(node: CatalogNode): CatalogNode[] {
    if (node.type === 'catalogMessage' || this.isDisposed) return [];
    const path = childPath(node);
    if (!path) return [];
    const kind = engineKindOf(node.target);
    const engine = this.deps?.engines(kind);
    if (!engine) return [this.message(node, { kind: 'noEngine', engine: kind })];
    node.level ??= this.read(node, engine, path);
    switch (node.level.state) {
      case 'loading':
        return [this.message(node, { kind: 'loading' })];
      case 'failed':
        return [this.message(node, { kind: 'error', error: node.level.error })];
      case 'loaded':
        if (node.level.entries.length) return [...node.level.entries];
        return [this.message(node, { kind: 'empty', of: node.type === 'catalog' ? 'root' : node.entry.kind })];
    }
  }

  /** The row above a node: the Catalog row's is its cluster's (the tree knows that one). */
  parentOf(node: CatalogEntryNode | CatalogMessageNode): CatalogParentNode {
    return node.parent;
  }

  /**
   * Reads a node's children again (the node's own level and every level below it): what is being
   * read is stopped, what was read is forgotten, and the row redraws (reading again as it shows).
   * A message row refreshes the level it stands in; without a node, every Catalog node.
   */
  refresh(node?: CatalogNode): void {
    if (!node) {
      for (const root of this.roots.values()) this.refresh(root);
      return;
    }
    const parent = node.type === 'catalogMessage' ? node.parent : node;
    if (!childPath(parent)) return;
    drop(parent);
    this.changed(parent);
  }

  /** A cluster gone, or no longer showing its Catalog node: stop its reads and forget what they read. */
  forget(cluster: { readonly kind: 'compute' | 'session'; readonly namespace: string; readonly name: string }): void {
    const key = targetKey({ kind: cluster.kind, namespace: cluster.namespace, name: cluster.name });
    const root = this.roots.get(key);
    if (!root) return;
    drop(root);
    this.roots.delete(key);
  }

  /** A new connection (or none): every Catalog node is forgotten. */
  forgetAll(): void {
    for (const root of this.roots.values()) drop(root);
    this.roots.clear();
  }

  private read(node: CatalogParentNode, engine: SqlEngine, path: readonly string[]): Level {
    const controller = new AbortController();
    const level: Level = { state: 'loading', controller };
    const settle = (next: Level): void => {
      // A refresh or a forget replaced this read: its answer is nobody's.
      if (node.level !== level || this.isDisposed) return;
      node.level = next;
      this.changed(node);
    };
    const asked = async () => engine.catalog(node.target, path, controller.signal);
    asked().then(
      (found) => settle({ state: 'loaded', entries: found.map((entry) => this.entry(node, path, entry)) }),
      (error: unknown) => settle({ state: 'failed', error }),
    );
    return level;
  }

  private entry(parent: CatalogParentNode, parentPath: readonly string[], entry: SqlCatalogNode): CatalogEntryNode {
    return { type: 'catalogEntry', namespace: parent.namespace, cluster: parent.cluster, target: parent.target, parent, parentPath, entry };
  }

  private message(parent: CatalogParentNode, message: CatalogMessage): CatalogMessageNode {
    if (parent.message) parent.message.message = message;
    else
      parent.message = {
        type: 'catalogMessage',
        namespace: parent.namespace,
        cluster: parent.cluster,
        target: parent.target,
        parent,
        message,
      };
    return parent.message;
  }
}

/** Stops the reads of a node's level and of every level below it, and forgets them. */
function drop(node: CatalogParentNode): void {
  const level = node.level;
  node.level = undefined;
  if (level?.state === 'loading') level.controller.abort();
  if (level?.state === 'loaded') for (const e of level.entries) drop(e);
}
