/**
 * The compute form's tab list, as the WAI-ARIA tabs pattern has it: one Tab stop (the selected tab,
 * roving tabindex), the arrow keys move between tabs and select them at once, Home and End go to
 * the first and last. Tab from the list goes on into the selected tab's panel.
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, TemplateResult } from 'lit';
import { COMPUTE_TABS, ComputeTab, tabForKey } from '../../../shared/forms/computeForm';

export interface TabStripProps {
  readonly selected: ComputeTab;
  readonly counts: Readonly<Record<ComputeTab, number>>;
  label(tab: ComputeTab): string;
  select(tab: ComputeTab): void;
}

export function tabStrip(p: TabStripProps): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    const to = tabForKey(p.selected, e.key);
    if (!to) return;
    e.preventDefault();
    p.select(to);
    // The strip repaints on the next frame; focus follows the selection there.
    requestAnimationFrame(() => document.getElementById(`tab-${to}`)?.focus());
  };
  return html`<div class="tabstrip" role="tablist" aria-label=${l10n.t('Form sections')} @keydown=${onKey}>
    ${COMPUTE_TABS.map((t) => {
      const n = p.counts[t];
      const selected = t === p.selected;
      return html`<button
        type="button"
        role="tab"
        id=${`tab-${t}`}
        data-tab=${t}
        aria-selected=${selected ? 'true' : 'false'}
        aria-controls="tabpanel"
        tabindex=${selected ? '0' : '-1'}
        title=${n ? (n === 1 ? l10n.t('1 field to fix') : l10n.t('{0} fields to fix', n)) : nothing}
        @click=${() => p.select(t)}
      >
        ${p.label(t)}${n ? html`<span class="mark" aria-label=${l10n.t('{0} invalid', n)}>${n}</span>` : nothing}
      </button>`;
    })}
  </div>`;
}
