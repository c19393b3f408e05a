/** The activity rows both kinds show (Activity, Start/stop logs): newest first, paged, with their log lines. */
import * as l10n from '@vscode/l10n';
import type { ActivityRowData } from '../../../shared/protocol/clusterPage';
import { actionText, timeText } from '../../../shared/text/format';
import { badge, button, html, nothing, TemplateResult } from '../../components';
import { pageOf } from '../../model/pagination';
import { type PageClient, page, update } from './page';

/** The rows of the activity ConfigMap, oldest first, as the extension sent them (undefined until they arrive). */
export const activity = { rows: undefined as readonly ActivityRowData[] | undefined, page: 0 };

let listening = false;

/** Subscribes once, whichever tab asks. */
export function listenActivity(c: PageClient): void {
  if (listening) return;
  listening = true;
  c.on('activity.update', ({ rows, error }) => {
    activity.rows = rows;
    if (error) page.requestError = error;
    update();
  });
}

function pager(p: { page: number; pages: number; from: number; to: number; total: number }): TemplateResult {
  const go = (n: number) => {
    activity.page = n;
    update();
  };
  const position = p.total
    ? l10n.t('{from}–{to} of {total} · page {page} of {pages}', {
        from: p.from,
        to: p.to,
        total: p.total,
        page: p.page + 1,
        pages: p.pages,
      })
    : l10n.t('No rows · page {page} of {pages}', { page: p.page + 1, pages: p.pages });
  return html`<div class="pager" role="navigation" aria-label=${l10n.t('Pages')}>
    ${button(l10n.t('Previous'), () => go(p.page - 1), { secondary: true, disabled: p.page === 0 })}
    <span class="note">${position}</span>
    ${button(l10n.t('Next'), () => go(p.page + 1), { secondary: true, disabled: p.page >= p.pages - 1 })}
  </div>`;
}

type Outcome = NonNullable<ActivityRowData['outcome']>;

/** The outcome badge's word; the protocol's value is an identifier. */
function outcomeText(o: Outcome): string {
  if (o === 'failed') return l10n.t('failed');
  if (o === 'cancelled') return l10n.t('cancelled');
  return l10n.t('succeeded');
}

const outcomeTone = (o: Outcome) => (o === 'failed' ? 'error' : o === 'cancelled' ? 'warning' : 'success');

/** The time as its date and hour, each kept whole: a narrow page puts the hour below the date, never "2026-12-" above "05". */
function whenText(iso: string): TemplateResult | string {
  const [date, time] = (timeText(iso) || iso).split(' ');
  return time ? html`<span class="nowrap">${date}</span> <span class="nowrap">${time}</span>` : date;
}

export function activityTable(rows: readonly ActivityRowData[], withLogs: boolean): TemplateResult {
  const p = pageOf(rows, activity.page);
  return html`
    <div class="table-scroll">
      <table class="grid activity">
        <thead>
          <tr>
            <th scope="col">${l10n.t('Action')}</th>
            <th scope="col">${l10n.t('Time')}</th>
            <th scope="col">${l10n.t('User')}</th>
            <th scope="col">${l10n.t('Details')}</th>
            <th scope="col">${l10n.t('Outcome')}</th>
          </tr>
        </thead>
        <tbody>
          ${p.rows.map(
            (r) =>
              html`<tr>
                <td>${actionText(r.action)}</td>
                <td class="nowrap" title=${r.time}>${whenText(r.time)}</td>
                <td>${r.user}</td>
                <td class="wrap">
                  ${r.details}
                  ${
                    withLogs && r.logLines?.length
                      ? html`<details>
                          <summary>
                            ${r.logLines.length === 1 ? l10n.t('1 log entry') : l10n.t('{0} log entries', r.logLines.length)}
                          </summary>
                          <pre class="log-entries" tabindex="0">${r.logLines.join('\n')}</pre>
                        </details>`
                      : nothing
                  }
                </td>
                <td>${r.outcome ? badge(outcomeText(r.outcome), outcomeTone(r.outcome)) : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${pager(p)}
  `;
}
