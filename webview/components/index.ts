/**
 * Our thin component layer over @vscode-elements/elements (lit). Panels build their pages from these
 * helpers and our own elements, never from the library's tags directly, so a library change lands
 * in this folder. Every helper takes structured values and renders them as text: lit puts
 * interpolations into text nodes and attributes, never into markup.
 *
 * Importing this module registers the custom elements it uses.
 */
import * as l10n from '@vscode/l10n';
import { css, html, nothing, render, TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { ErrorData } from '../../shared/protocol/envelope';
// The log viewer and the events table are defined when their tab first shows (loadLogViewer,
// loadEventsTable): the first paint does not wait for their definitions. They stay in the page's
// one bundle: in code-server each extra file a webview loads costs a round trip.

export { html, nothing };
export type { TemplateResult };
export type Content = TemplateResult | string | number | typeof nothing;

export interface ButtonOptions {
  readonly secondary?: boolean;
  readonly disabled?: boolean;
  /** Tooltip; also why a button is disabled ("Terminate the cluster to configure it"). */
  readonly title?: string;
  /** An action in flight: the button says so and cannot be pressed again. */
  readonly busy?: boolean;
}

export function button(label: string, onClick: () => void, o: ButtonOptions = {}): TemplateResult {
  return html`<vscode-button
    ?secondary=${o.secondary ?? false}
    ?disabled=${(o.disabled ?? false) || (o.busy ?? false)}
    title=${o.title ?? nothing}
    aria-busy=${o.busy ? 'true' : nothing}
    @click=${onClick}
    >${o.busy ? `${label}…` : label}</vscode-button
  >`;
}

/** A small count or state label. `tone` adds a class the stylesheet colours from the theme. */
export function badge(text: string, tone: 'default' | 'warning' | 'error' | 'success' = 'default'): TemplateResult {
  return html`<vscode-badge class=${`tone-${tone}`}>${text}</vscode-badge>`;
}

export interface Tab {
  readonly id: string;
  readonly label: string;
  /** Shown after the label, e.g. the events' `2 / 15`. */
  readonly badge?: string;
  readonly content: () => Content;
}

/**
 * The library's tabs with a tab row that wraps: its own row is one flex line that never wraps, so in
 * a narrow editor group (the editor split beside an inserted snippet) the headers ran past the
 * page's edge and the whole page scrolled sideways. Here the headers wrap onto a second line.
 */
export class DcTabs extends VscodeTabs {
  static override styles = [
    VscodeTabs.styles,
    css`
      .header {
        box-sizing: border-box;
        max-width: 100%;
      }
      .tablist {
        flex: 1 1 auto;
        flex-wrap: wrap;
        min-width: 0;
      }
    `,
  ];
}
if (!customElements.get('dc-tabs')) customElements.define('dc-tabs', DcTabs);

/**
 * Tabs; only the selected tab's content is rendered (the others' watches stay off). `onSelect`
 * receives the tab id; keep it in the page state so a reload reopens the same tab.
 */
export function tabs(items: readonly Tab[], selected: string, onSelect: (id: string) => void): TemplateResult {
  const index = Math.max(
    0,
    items.findIndex((t) => t.id === selected),
  );
  const onTabs = (e: CustomEvent<{ selectedIndex: number }>) => {
    const t = items[e.detail.selectedIndex];
    if (t && t.id !== selected) onSelect(t.id);
  };
  return html`<dc-tabs selected-index=${index} @vsc-tabs-select=${onTabs}>
    ${items.map((t) => {
      const count = t.badge !== undefined ? html` <vscode-badge variant="counter">${t.badge}</vscode-badge>` : nothing;
      return html`<vscode-tab-header slot="header" id=${`tab-${t.id}`}>${t.label}${count}</vscode-tab-header>`;
    })}
    ${items.map((t, i) => html`<vscode-tab-panel>${i === index ? t.content() : nothing}</vscode-tab-panel>`)}
  </dc-tabs>`;
}

/**
 * A long identifier (`spark.kubernetes.executor.volumes…`, a path) as text that may wrap after its
 * dots and slashes when the line is too narrow for it, and nowhere else: a narrow page shows it on
 * two lines cut where it reads, never in the middle of a word. The text copied is unchanged.
 */
export function identifier(text: string): TemplateResult {
  const parts = text.split(/(?<=[./])/);
  return html`${parts.map((p, i) => (i ? html`<wbr />${p}` : p))}`;
}

/** A titled group of label/value rows. */
export function section(title: string, body: Content): TemplateResult {
  return html`<section class="section">
    <h2>${title}</h2>
    ${body}
  </section>`;
}

export function fields(rows: readonly (readonly [label: string, value: Content])[]): TemplateResult {
  return html`<dl class="fields">
    ${rows.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value === '' ? '—' : value}</dd>`,
    )}
  </dl>`;
}

/** A message across the page: `warning` for "This compute has been deleted". */
export function banner(kind: 'info' | 'warning' | 'error', text: string): TemplateResult {
  return html`<div class=${`banner banner-${kind}`} role=${kind === 'info' ? 'status' : 'alert'}>${text}</div>`;
}

/** A failed request or a refused read, as the page shows it. */
export function errorNote(error: ErrorData): TemplateResult {
  return html`<div class="banner banner-error" role="alert">${error.message}</div>`;
}

export function loading(label = l10n.t('Loading')): TemplateResult {
  return html`<vscode-progress-ring aria-label=${label}></vscode-progress-ring>`;
}

/**
 * A translated sentence whose placeholders are markup (a figure in <strong>): `template` is the result of
 * `l10n.t('At full scale: {0}, {1}.')` called without arguments, so its `{n}` survive translation and
 * reordering; each is replaced by `parts[n]`, rendered as lit renders any value (text stays text).
 */
export function fill(template: string, ...parts: readonly Content[]): TemplateResult {
  const pieces = template.split(/\{(\d+)\}/);
  // split with a capture group alternates text and placeholder indices: text, index, text, index, ..., text.
  const out = pieces.map((p, i) => (i % 2 === 0 ? p : (parts[Number(p)] ?? `{${p}}`)));
  return html`${out}`;
}

/**
 * Renders `view()` into `root` now and again at most once a frame after each `update()`. lit
 * patches the DOM in place, so focus, scroll position and typed text survive updates.
 */
export function mount(root: HTMLElement, view: () => TemplateResult): { update(): void; paintNow(): void } {
  let frame = 0;
  const paint = () => {
    frame = 0;
    render(view(), root);
    root.removeAttribute('aria-busy');
  };
  paint();
  return {
    update() {
      if (!frame) frame = requestAnimationFrame(paint);
    },
    /** Paints at once (the first paint with the data embedded in the page), dropping a pending frame. */
    paintNow() {
      if (frame) cancelAnimationFrame(frame);
      paint();
    },
  };
}

let logViewerLoad: Promise<unknown> | undefined;
let eventsTableLoad: Promise<unknown> | undefined;
/** Defines `dc-log-viewer`; resolves once defined. */
export function loadLogViewer(): Promise<unknown> {
  return (logViewerLoad ??= import('./logViewer'));
}
/** Defines `dc-events-table`; resolves once defined. */
export function loadEventsTable(): Promise<unknown> {
  return (eventsTableLoad ??= import('./eventsTable'));
}

let selectLoad: Promise<unknown> | undefined;
/** Defines `vscode-single-select` and `vscode-option` (the Connections tab's endpoint choice). */
export function loadSelect(): Promise<unknown> {
  return (selectLoad ??= Promise.all([
    import('@vscode-elements/elements/dist/vscode-option/index.js'),
    import('@vscode-elements/elements/dist/vscode-single-select/index.js'),
  ]));
}
