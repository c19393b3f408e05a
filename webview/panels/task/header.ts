/** Above the tabs: breadcrumb, name, state badge, the failure sentence, the actions and the refresh line. */
import * as l10n from '@vscode/l10n';
import { TASK_STATES } from '../../../shared/clusters/taskStates';
import { badge, banner, button, errorNote, html, nothing, TemplateResult } from '../../components';
import { stateTone, taskButtons } from './model';
import { call, client, page, refresh, type TaskUpdate } from './page';

function buttons(u: TaskUpdate): TemplateResult | typeof nothing {
  const list = taskButtons(u.actions);
  if (!list.length) return nothing;
  return html`<div class="actions" role="toolbar" aria-label=${l10n.t('Task actions')}>
    ${list.map((b) =>
      button(b.label, () => void call(client.request('action.run', { action: b.action })), {
        secondary: b.secondary,
        disabled: !b.enabled,
        busy: b.busy,
        ...(b.title ? { title: b.title } : {}),
      }),
    )}
  </div>`;
}

/** Refresh, and whether the shown tab refreshes by itself. */
export function refreshLine(): TemplateResult {
  const s = page.status;
  const what = s.live
    ? l10n.t('Refreshes every {0} s while the task runs.', Math.round(s.intervalMs / 1000))
    : l10n.t('Not refreshing: the task is not running.');
  return html`<div class="task-refresh note">
    <span>${what}</span>
    ${button(l10n.t('Refresh'), refresh, { secondary: true, busy: s.loading, title: l10n.t('Read the job again now') })}
  </div>`;
}

export function taskHeader(u: TaskUpdate): TemplateResult {
  const t = u.task;
  const name = t?.name ?? page.title;
  const style = t ? TASK_STATES[t.state] : undefined;
  return html`
    <nav class="breadcrumb" aria-label=${l10n.t('Breadcrumb')}>
      <span>${l10n.t('Session clusters')}</span><span aria-hidden="true"> › </span><span>${t?.cluster ?? ''}</span
      ><span aria-hidden="true"> › </span><span>${l10n.t('Tasks')}</span>
    </nav>
    <header class="title">
      <h1>${name}</h1>
      ${
        u.gone
          ? html`<span class="state">${badge(l10n.t('Gone'), 'default')}</span>`
          : t && style
            ? html`<span class="state" title=${style.description}>${badge(style.label, stateTone(t.state))}</span>`
            : nothing
      }
      ${t?.managed ? html`<span class="note">${l10n.t('FlinkSessionJob')}</span>` : nothing}
    </header>
    ${u.gone ? banner('warning', l10n.t('This task no longer exists on the session cluster; what it showed last stays here.')) : nothing}
    ${t?.failure && !u.gone ? html`<div class="banner banner-error task-failure" role="alert">${t.failure}</div>` : nothing} ${buttons(u)}
    ${page.requestError ? errorNote(page.requestError) : nothing}
  `;
}
