/**
 * Kubernetes Events: the cluster's events, warnings marked; the tab's badge (`warnings / total`)
 * is live while the panel is open, whichever tab shows (the extension watches for every open panel).
 */
import * as l10n from '@vscode/l10n';
import type { EventRow } from '../../../shared/protocol/clusterPage';
import type { ErrorData } from '../../../shared/protocol/envelope';
import { html, loadEventsTable, loading, TemplateResult } from '../../components';
import { badgeText, countEvents } from '../../components/eventsModel';
import { type ComputeUpdate, type PageTab, update } from './page';

const state = {
  events: undefined as readonly EventRow[] | undefined,
  error: undefined as ErrorData | undefined,
  /** The table's code, loaded when the tab first shows. */
  loaded: false,
};

function content(): TemplateResult {
  if (!state.loaded) {
    void loadEventsTable().then(() => {
      state.loaded = true;
      update();
    });
    return loading(l10n.t('Loading events'));
  }
  if (!state.events && !state.error) return loading(l10n.t('Loading events'));
  return html`<dc-events-table .events=${state.events ?? []} .error=${state.error}></dc-events-table>`;
}

export const eventsTab: PageTab<ComputeUpdate> = {
  label: () => l10n.t('Kubernetes Events'),
  badge: () => (state.events ? badgeText(countEvents(state.events)) : undefined),
  content,
  listen(c) {
    c.on('events.update', ({ events, error }) => {
      state.events = events;
      state.error = error;
      update();
    });
  },
};
