/** What every job tab draws around its data: loading, no job, the last failure with Retry, the time of the read. */
import * as l10n from '@vscode/l10n';
import type { ErrorData } from '../../../shared/protocol/envelope';
import { button, html, loading, nothing, TemplateResult } from '../../components';
import { epochText } from './model';
import { refresh } from './page';

export interface TabBody<T> {
  readonly data?: T;
  readonly error?: ErrorData;
  readonly noJob: boolean;
  readonly updatedAt?: number;
}

function failure(error: ErrorData, hasData: boolean): TemplateResult {
  return html`<div class="banner banner-error task-read-error" role="alert">
    <span>${hasData ? l10n.t('The last refresh failed; this is what was read before.') : l10n.t('The JobManager could not be read.')}</span>
    <span class="reason">${error.message}</span>
    ${button(l10n.t('Retry'), refresh, { secondary: true })}
  </div>`;
}

export function tabFrame<T>(body: TabBody<T> | undefined, what: string, render: (data: T) => TemplateResult): TemplateResult {
  if (!body) return loading(what);
  if (body.noJob) return html`<p class="note">${l10n.t('The task has no job on the JobManager yet.')}</p>`;
  const hasData = body.data !== undefined;
  return html`
    ${body.error ? failure(body.error, hasData) : nothing} ${hasData ? render(body.data as T) : body.error ? nothing : loading(what)}
    ${body.updatedAt !== undefined ? html`<p class="note task-updated">${l10n.t('Read at {0}', epochText(body.updatedAt))}</p>` : nothing}
  `;
}
