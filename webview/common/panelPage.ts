/**
 * What every tabbed panel page (cluster, task) does the same way: the redraw its parts ask for, the
 * request helper that shows a refusal, and the page's start: Content-Security-Policy violations
 * reported before anything renders, the panel's identity from `panel.init`, the shown tab told to the
 * extension, the first paint marked, and the messages embedded in the page handled at once.
 */
import type { ErrorData, Outcome } from '../../shared/protocol/envelope';
import { reportCspViolations } from './cspReport';

/** The part of a page's client the start uses: what every page's protocol has (shared/protocol/common.ts). */
export interface PanelClient {
  request(name: 'panel.painted', args: Record<string, never>): Promise<unknown>;
  request(name: 'panel.cspViolation', args: { directive: string; blocked: string }): Promise<unknown>;
  on(name: 'panel.init', handler: (body: { key: string; title: string }) => void): () => void;
  saveState(patch: Record<string, unknown>): void;
  receive(data: unknown): void;
}

/** The redraw every part of a page asks for, and the request helper that shows a refusal. */
export function pageRedraw(page: { requestError?: ErrorData }) {
  let redraw: () => void = () => {};
  const update = (): void => redraw();
  return {
    /** Draws the page again (the entry sets how, once it is mounted). */
    update,
    onUpdate(fn: () => void): void {
      redraw = fn;
    },
    /** A request's value, or undefined when refused (the page shows the refusal). */
    async call<T>(p: Promise<Outcome<T>>): Promise<T | undefined> {
      const r = await p;
      page.requestError = r.ok ? undefined : r.error;
      update();
      return r.ok ? r.value : undefined;
    },
  };
}

/** What the start reads and writes of the page's state. */
export interface TabbedPage<T extends string> {
  key: string;
  title: string;
  tab: T;
}

export interface PanelStart<T extends string> {
  readonly client: PanelClient;
  readonly page: TabbedPage<T>;
  /** The tabs the page has now (a cluster page's depend on its kind). */
  tabs(): readonly T[];
  /** Tells the extension which tab shows: it reads and streams only that one. */
  showTab(tab: T): void;
  /** Draws the page again. */
  update(): void;
}

/** Starts a tabbed panel page; call it before the page first renders. */
export function startPanel<T extends string>(o: PanelStart<T>) {
  // Counted before anything renders: the e2e run reads the attribute and the extension the reports (expected: 0).
  reportCspViolations((v) => void o.client.request('panel.cspViolation', v));
  o.client.on('panel.init', ({ title, key }) => {
    o.page.title = title;
    o.page.key = key;
    document.title = title;
    o.showTab(o.page.tab);
    o.update();
  });
  let painted = false;
  return {
    /** Shows the tab `id` names, if the page has it, and remembers it while the panel is hidden. */
    selectTab(id: string): void {
      const tab = o.tabs().find((t) => t === id);
      if (!tab) return;
      o.page.tab = tab;
      o.client.saveState({ tab });
      o.showTab(tab);
      o.update();
    },
    /** After the first data: two frames later it is on screen (the panel-open benchmark's end mark). */
    markPainted(): void {
      if (painted) return;
      painted = true;
      requestAnimationFrame(() => requestAnimationFrame(() => void o.client.request('panel.painted', {})));
    },
    /**
     * The data embedded in the page (a data block, never executed): handled like messages, validated
     * the same way, and painted at once, before any round trip to the extension. Call it once every
     * handler listens.
     */
    receiveEmbedded(view: { paintNow(): void }): void {
      receiveEmbeddedMessages(o.client, view);
    },
  };
}

/**
 * The data embedded in the page (a data block, never executed): handled like messages, validated
 * the same way, and painted at once, before any round trip to the extension.
 */
export function receiveEmbeddedMessages(client: { receive(message: unknown): void }, view: { paintNow(): void }): void {
  const embedded = document.getElementById('initial-messages');
  if (!embedded) return;
  let list: unknown;
  try {
    list = JSON.parse(embedded.textContent ?? '');
  } catch {
    list = undefined;
  }
  embedded.remove();
  if (Array.isArray(list)) {
    for (const m of list.slice(0, 20)) client.receive(m);
    view.paintNow();
  }
}
