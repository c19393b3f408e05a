/**
 * <dc-events-table>: a cluster's Kubernetes events, newest first, warnings standing out (a warning
 * sign, the warning colour and a border beside the word, so not by colour alone), with the
 * warnings / total counts for the tab badge.
 * Rows are keyed, so a live update changes rows in place and keeps the reader's scroll position.
 */
import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ErrorData } from '../../shared/protocol/envelope';
import type { EventRow } from '../../shared/protocol/clusterPage';
import { age, countEvents, EventCounts, isWarning, newestFirst } from './eventsModel';
import { baseStyles } from './theme';

export class EventsTable extends LitElement {
  static override properties = {
    events: { attribute: false },
    error: { attribute: false },
    now: { type: Number },
  };

  static override styles = [
    baseStyles,
    css`
      /* Wider than a narrow page (long object names): the table scrolls sideways here, not the page. */
      :host {
        display: block;
        max-width: 100%;
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        table-layout: auto;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 3px 6px;
        border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
        /* Lines break between words only: a column is never narrower than its longest word. */
        overflow-wrap: normal;
        word-break: normal;
      }
      th {
        font-weight: 600;
        color: var(--vscode-descriptionForeground);
      }
      td.message {
        overflow-wrap: break-word;
        white-space: pre-wrap;
      }
      td.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      tr.warning td {
        background: var(--vscode-inputValidation-warningBackground, transparent);
      }
      tr.warning td:first-child {
        border-left: 3px solid var(--vscode-editorWarning-foreground, var(--vscode-problemsWarningIcon-foreground));
        color: var(--vscode-editorWarning-foreground);
        font-weight: 600;
        white-space: nowrap;
      }
      /* The sign is decoration: the row's Type cell says Warning in words. */
      tr.warning td:first-child::before {
        content: '\\26A0\\FE0E' / '';
        margin-right: 4px;
        color: var(--vscode-problemsWarningIcon-foreground, var(--vscode-editorWarning-foreground));
      }
      @media (max-width: 640px) {
        th.object,
        td.object,
        th.count,
        td.num {
          display: none;
        }
      }
      @media (forced-colors: active) {
        tr.warning td:first-child {
          border-left-color: Mark;
        }
      }
    `,
  ];

  declare events: readonly EventRow[];
  declare error: ErrorData | undefined;
  declare now: number | undefined;
  private lastCounts: EventCounts = { warnings: 0, total: 0 };

  constructor() {
    super();
    this.events = [];
    this.error = undefined;
    this.now = undefined;
  }

  get counts(): EventCounts {
    return countEvents(this.events);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('events')) return;
    const c = this.counts;
    if (c.warnings !== this.lastCounts.warnings || c.total !== this.lastCounts.total) {
      this.lastCounts = c;
      // The panel puts these on its tab badge.
      this.dispatchEvent(new CustomEvent('dc-counts-change', { detail: c, bubbles: true, composed: true }));
    }
  }

  protected override render() {
    if (this.error) return html`<div class="error" role="alert">${this.error.message}</div>`;
    const now = this.now ?? Date.now();
    const rows = newestFirst(this.events);
    return html`
      <p class="note">${l10n.t('Kubernetes keeps events for one hour by default; older ones are gone from the API.')}</p>
      ${
        rows.length === 0
          ? html`<p class="note">${l10n.t('No events for this cluster in the last hour.')}</p>`
          : html`<table>
              <caption class="visually-hidden">
                ${l10n.t('Kubernetes events, newest first')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${l10n.t('Type')}</th>
                  <th scope="col">${l10n.t('Reason')}</th>
                  <th scope="col" class="object">${l10n.t('Object')}</th>
                  <th scope="col">${l10n.t('Message')}</th>
                  <th scope="col" class="count">${l10n.t('Count')}</th>
                  <th scope="col">${l10n.t('Last seen')}</th>
                </tr>
              </thead>
              <tbody>
                ${repeat(
                  rows,
                  (e) => `${e.object}\u0000${e.reason}\u0000${e.firstTime ?? ''}\u0000${e.message}`,
                  (e) =>
                    html`<tr class=${isWarning(e) ? 'warning' : ''}>
                      <td class="type">${e.type}</td>
                      <td>${e.reason}</td>
                      <td class="object">${e.object}</td>
                      <td class="message">${e.message}</td>
                      <td class="num">${e.count}</td>
                      <td title=${e.lastTime ?? ''}>${age(e.lastTime ?? e.firstTime, now) || nothing}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    `;
  }
}

if (!customElements.get('dc-events-table')) customElements.define('dc-events-table', EventsTable);

declare global {
  interface HTMLElementTagNameMap {
    'dc-events-table': EventsTable;
  }
}
