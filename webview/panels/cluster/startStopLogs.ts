/** Start/stop logs (session clusters): the starts, disables and edits of the past week with their log entries. */
import * as l10n from '@vscode/l10n';
import { html, loading, TemplateResult } from '../../components';
import { newestFirstByTime, withinDays } from '../../model/pagination';
import { activity, activityTable, listenActivity } from './activityTable';
import type { PageTab, SessionUpdate } from './page';

function content(): TemplateResult {
  if (!activity.rows) return loading(l10n.t('Loading start/stop logs'));
  const week = withinDays(activity.rows, Date.now(), 7);
  return html`<p class="note">${l10n.t('Starts, disables, edits and their log entries of the past week.')}</p>
    ${activityTable(newestFirstByTime(week), true)}`;
}

export const startStopLogsTab: PageTab<SessionUpdate> = { label: () => l10n.t('Start/stop logs'), content, listen: listenActivity };
