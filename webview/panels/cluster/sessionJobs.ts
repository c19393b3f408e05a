/** Session jobs: the FlinkSessionJobs on the cluster, from the session update; the badge counts them. */
import * as l10n from '@vscode/l10n';
import { badge, html, TemplateResult } from '../../components';
import { timeText } from '../../../shared/text/format';
import type { PageTab, SessionUpdate } from './page';

function content(u: SessionUpdate): TemplateResult {
  if (!u.jobs.length) return html`<p class="note">${l10n.t('No session jobs run on this cluster.')}</p>`;
  return html`<div class="table-scroll">
    <table class="grid">
      <thead>
        <tr>
          <th scope="col">${l10n.t('Name')}</th>
          <th scope="col">${l10n.t('State')}</th>
          <th scope="col">${l10n.t('Started')}</th>
        </tr>
      </thead>
      <tbody>
        ${u.jobs.map(
          (j) =>
            html`<tr>
              <td>${j.name}</td>
              <td>${badge(j.state, j.state === 'RUNNING' ? 'success' : j.state === 'FAILED' ? 'error' : 'default')}</td>
              <td title=${j.started ?? ''}>${timeText(j.started)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export const sessionJobsTab: PageTab<SessionUpdate> = {
  label: () => l10n.t('Session jobs'),
  badge: (u) => String(u.jobs.length),
  content,
};
