import * as l10n from '@vscode/l10n';
import { css, html, TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { TIME_RANGES, TimeRange } from '../../../shared/protocol/clusterPage';

/** What the time range choice shows; a function, so each label is looked up when the toolbar renders. */
export function timeRangeLabel(r: TimeRange): string {
  switch (r) {
    case '5m':
      return l10n.t('Last 5 minutes');
    case '15m':
      return l10n.t('Last 15 minutes');
    case '1h':
      return l10n.t('Last hour');
    case '6h':
      return l10n.t('Last 6 hours');
    case '24h':
      return l10n.t('Last 24 hours');
    case 'all':
      return l10n.t('All');
  }
}

/** What the toolbar shows and where its controls report. */
export interface LogToolbar {
  readonly range: TimeRange;
  /** "3 of 12", "No results", or empty without a query. */
  readonly matchLabel: string;
  readonly onRange: (e: Event) => void;
  readonly onSearchInput: (e: Event) => void;
  readonly onSearchKey: (e: KeyboardEvent) => void;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
  readonly onDownload: () => void;
  readonly onOpenInEditor: () => void;
}

/** The time range, the search field with its count and next/previous, download and open in editor. */
export function logToolbar(t: LogToolbar): TemplateResult {
  return html`
    <div class="toolbar" role="toolbar" aria-label=${l10n.t('Log tools')}>
      <vscode-single-select aria-label=${l10n.t('Time range')} .value=${t.range} @change=${t.onRange}>
        ${TIME_RANGES.map((r) => html`<vscode-option value=${r} ?selected=${r === t.range}>${timeRangeLabel(r)}</vscode-option>`)}
      </vscode-single-select>
      <vscode-textfield
        placeholder=${l10n.t('Search all lines')}
        aria-label=${l10n.t('Search all lines')}
        @input=${t.onSearchInput}
        @keydown=${t.onSearchKey}
      ></vscode-textfield>
      <span class="count" aria-live="polite">${t.matchLabel}</span>
      <vscode-button secondary title=${l10n.t('Previous match (Shift+Enter)')} @click=${t.onPrevious}>${l10n.t('Previous')}</vscode-button>
      <vscode-button secondary title=${l10n.t('Next match (Enter)')} @click=${t.onNext}>${l10n.t('Next')}</vscode-button>
      <vscode-button secondary @click=${t.onDownload}>${l10n.t('Download')}</vscode-button>
      <vscode-button secondary @click=${t.onOpenInEditor}>${l10n.t('Open in Editor')}</vscode-button>
    </div>
  `;
}

export const logToolbarStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 6px;
    align-items: center;
    padding: 4px 0;
  }
  .toolbar vscode-textfield {
    flex: 1 1 12em;
    min-width: 8em;
  }
  .toolbar vscode-single-select {
    width: 11em;
  }
  .count {
    min-width: 6em;
    color: var(--vscode-descriptionForeground);
    font-variant-numeric: tabular-nums;
  }
`;
