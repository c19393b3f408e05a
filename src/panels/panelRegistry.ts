/**
 * One panel per resource: opening a cluster that already has a panel reveals it instead of making a
 * second one. A closed panel leaves the registry by itself.
 */
import { Disposable, IDisposable } from '../common/disposable';
import { Event } from '../common/event';

export interface RegisteredPanel extends IDisposable {
  readonly key: string;
  reveal(): void;
  readonly onDidDispose: Event<void>;
}

export class PanelRegistry<P extends RegisteredPanel> extends Disposable {
  private readonly panels = new Map<string, { panel: P; sub: IDisposable }>();

  /** The panel of `key`, revealed; made with `create` if there is none. */
  openOrReveal(key: string, create: () => P): P {
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    return this.add(create());
  }

  /** Takes in a panel made elsewhere (the serializer's, after a window reload). A duplicate key replaces the old panel. */
  add(panel: P): P {
    if (this.isDisposed) {
      panel.dispose();
      return panel;
    }
    const old = this.panels.get(panel.key);
    if (old && old.panel !== panel) old.panel.dispose();
    const sub = panel.onDidDispose(() => {
      if (this.panels.get(panel.key)?.panel === panel) this.panels.delete(panel.key);
      sub.dispose();
    });
    this.panels.set(panel.key, { panel, sub });
    return panel;
  }

  get(key: string): P | undefined {
    return this.panels.get(key)?.panel;
  }

  get size(): number {
    return this.panels.size;
  }

  all(): P[] {
    return [...this.panels.values()].map((e) => e.panel);
  }

  override dispose(): void {
    const entries = [...this.panels.values()];
    this.panels.clear();
    for (const { panel, sub } of entries) {
      sub.dispose();
      panel.dispose();
    }
    super.dispose();
  }
}
