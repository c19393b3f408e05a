/** Configuration: every Spark setting the driver runs with, read-only; secret-looking values masked until revealed. */
import * as l10n from '@vscode/l10n';
import type { ConfigEntry } from '../../../shared/protocol/clusterPage';
import type { ErrorData } from '../../../shared/protocol/envelope';
import { badge, button, errorNote, html, identifier, loading, nothing, TemplateResult } from '../../components';
import { call, client, type ComputeUpdate, type PageTab, update } from './page';

const state = {
  entries: undefined as readonly ConfigEntry[] | undefined,
  error: undefined as ErrorData | undefined,
  revealed: new Map<string, string>(),
};

function toggleReveal(key: string): void {
  if (state.revealed.has(key)) {
    state.revealed.delete(key);
    update();
    return;
  }
  void call(client.request('config.reveal', { key })).then((r) => {
    if (r) state.revealed.set(key, r.value);
    update();
  });
}

function content(): TemplateResult {
  if (state.error) return errorNote(state.error);
  if (!state.entries) return loading(l10n.t('Loading the Spark configuration'));
  return html`
    <p class="note">
      ${l10n.t('Read-only: every Spark setting the driver runs with.')}
      ${l10n.t("Custom values come from the cluster's Spark config; the rest are system defaults Data Clusters sets.")}
    </p>
    <div class="table-scroll">
      <table class="grid config stack">
        <thead>
          <tr>
            <th scope="col">${l10n.t('Key')}</th>
            <th scope="col">${l10n.t('Value')}</th>
            <th scope="col">${l10n.t('Source')}</th>
          </tr>
        </thead>
        <tbody>
          ${state.entries.map((e) => {
            const shown = e.secret ? state.revealed.get(e.key) : e.value;
            return html`<tr>
              <td class="mono wrap key">${identifier(e.key)}</td>
              <td class="mono wrap value">
                ${shown !== undefined ? identifier(shown) : html`<span aria-label=${l10n.t('hidden value')}>${e.value}</span>`}
                ${
                  e.secret
                    ? button(shown === undefined ? l10n.t('Reveal') : l10n.t('Hide'), () => toggleReveal(e.key), {
                        secondary: true,
                        title: l10n.t('This key looks secret'),
                      })
                    : nothing
                }
              </td>
              <td class="source">
                ${badge(e.source === 'custom' ? l10n.t('custom') : l10n.t('system default'), e.source === 'custom' ? 'warning' : 'default')}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
  `;
}

export const configurationTab: PageTab<ComputeUpdate> = {
  label: () => l10n.t('Configuration'),
  content,
  listen(c) {
    c.on('config.update', ({ entries, error }) => {
      state.entries = entries;
      state.error = error;
      update();
    });
  },
};
