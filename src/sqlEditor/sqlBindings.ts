import type { SqlTarget } from '../sql/sqlEngine';
import type { SqlBindingStore } from './sqlEditorPorts';

/** The part of VS Code's Memento the bindings use (workspaceState in the extension). */
export interface BindingMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const BINDINGS_KEY = 'dataClusters.sql.bindings';
/** Files remembered at most; the least recently bound are forgotten first. */
export const MAX_BINDINGS = 500;

const isTarget = (v: unknown): v is SqlTarget => {
  const t = v as Partial<SqlTarget> | undefined;
  return !!t && (t.kind === 'compute' || t.kind === 'session') && typeof t.namespace === 'string' && typeof t.name === 'string';
};

/**
 * Which cluster each SQL file runs on, remembered in the workspace's state. Untitled editors are
 * bound only while they are open: their names are reused for other documents.
 */
export class MementoSqlBindings implements SqlBindingStore {
  private readonly untitled = new Map<string, SqlTarget>();

  constructor(private readonly memento: BindingMemento) {}

  get(uri: string): SqlTarget | undefined {
    if (uri.startsWith('untitled:')) return this.untitled.get(uri);
    const stored = this.all()[uri];
    return isTarget(stored) ? { kind: stored.kind, namespace: stored.namespace, name: stored.name } : undefined;
  }

  set(uri: string, target: SqlTarget | undefined): void {
    if (uri.startsWith('untitled:')) {
      if (target) this.untitled.set(uri, target);
      else this.untitled.delete(uri);
      return;
    }
    const all = { ...this.all() };
    delete all[uri];
    if (target) all[uri] = { kind: target.kind, namespace: target.namespace, name: target.name };
    // Insertion order is binding order: the oldest go first.
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_BINDINGS))) delete all[k];
    void this.memento.update(BINDINGS_KEY, all);
  }

  private all(): Record<string, unknown> {
    const v = this.memento.get<unknown>(BINDINGS_KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  }
}
