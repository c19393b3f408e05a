/** Activity (compute): billed driver time of the last 7 and 30 days, and every action with its outcome. */
import * as l10n from '@vscode/l10n';
import { billedTime, formatDuration } from '../../../shared/clusters/billing';
import { html, loading, TemplateResult } from '../../components';
import { newestFirstByTime } from '../../model/pagination';
import { activity, activityTable, listenActivity } from './activityTable';
import type { ComputeUpdate, PageTab } from './page';

function content(u: ComputeUpdate): TemplateResult {
  if (!activity.rows) return loading(l10n.t('Loading activity'));
  const billed = billedTime(activity.rows, Date.now(), u.cluster.state === 'ACTIVE' && !u.deleted);
  return html`
    <div class="billing" aria-label=${l10n.t('Billed driver time')}>
      <div class="figure">
        <span class="value">${formatDuration(billed.last7DaysMs)}</span
        ><span class="note">${l10n.t('billed driver time, last 7 days')}</span>
      </div>
      <div class="figure">
        <span class="value">${formatDuration(billed.last30DaysMs)}</span
        ><span class="note">${l10n.t('billed driver time, last 30 days')}</span>
      </div>
    </div>
    <p class="note">
      ${l10n.t('Computed from the activity below: the driver is billed while ACTIVE, from a start to the next terminate.')}
    </p>
    ${activityTable(newestFirstByTime(activity.rows), true)}
  `;
}

export const activityTab: PageTab<ComputeUpdate> = { label: () => l10n.t('Activity'), content, listen: listenActivity };
