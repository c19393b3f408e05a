/** Configuration: how the job executes and the user configuration it was given, read-only. */
import * as l10n from '@vscode/l10n';
import type { ConfigData } from '../../../shared/protocol/taskPage';
import { fields, html, identifier, section, TemplateResult } from '../../components';
import { type PageTab, update } from './page';
import { type TabBody, tabFrame } from './tabBody';

const state = { body: undefined as TabBody<ConfigData> | undefined };

function render(c: ConfigData): TemplateResult {
  return html`
    ${section(
      l10n.t('Execution'),
      fields([
        [l10n.t('Execution mode'), c.executionMode ?? ''],
        [l10n.t('Restart strategy'), c.restartStrategy ?? ''],
        [l10n.t('Job parallelism'), c.parallelism !== undefined ? String(c.parallelism) : ''],
      ]),
    )}
    ${section(
      l10n.t('User configuration'),
      c.user.length
        ? html`<div class="table-scroll">
            <table class="grid config stack">
              <thead>
                <tr>
                  <th scope="col">${l10n.t('Key')}</th>
                  <th scope="col">${l10n.t('Value')}</th>
                </tr>
              </thead>
              <tbody>
                ${c.user.map(
                  (e) =>
                    html`<tr>
                      <td class="mono wrap key">${identifier(e.key)}</td>
                      <td class="mono wrap value">${identifier(e.value)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="note">${l10n.t('The job was given no user configuration.')}</p>`,
    )}
  `;
}

export const configurationTab: PageTab = {
  label: () => l10n.t('Configuration'),
  content: () => tabFrame(state.body, l10n.t('Loading the configuration'), render),
  listen(c) {
    c.on('configuration.update', (body) => {
      state.body = body;
      update();
    });
  },
};
