/** Connections: where the snippets point (remembered per cluster) and one card per tool with Copy and Insert. */
import * as l10n from '@vscode/l10n';
import type { DriverState } from '../../../shared/clusters/stateTable';
import type { EndpointKindData, SnippetCard } from '../../../shared/protocol/clusterPage';
import type { ErrorData } from '../../../shared/protocol/envelope';
import { banner, button, errorNote, html, loading, loadSelect, nothing, TemplateResult } from '../../components';
import { call, client, type ComputeUpdate, page, type PageTab, update } from './page';

const state = {
  cards: undefined as readonly SnippetCard[] | undefined,
  endpoint: '',
  endpointKind: 'in-cluster' as EndpointKindData,
  /** The cluster's state as the cards were made for it. */
  clusterState: undefined as DriverState | undefined,
  error: undefined as ErrorData | undefined,
  selectLoaded: false,
};

// A function, not a constant: the labels are looked up when the tab renders, after the translations are in place.
const endpointChoices = (): readonly { id: EndpointKindData; label: string; detail: string }[] => [
  { id: 'in-cluster', label: l10n.t('In-cluster DNS'), detail: l10n.t('For tools running inside the Kubernetes cluster.') },
  {
    id: 'port-forward',
    label: l10n.t('Local port-forward'),
    detail: l10n.t(
      'Copy and Insert forward free local ports to the driver while VS Code runs (see Port Forwards); the snippet gets those ports.',
    ),
  },
  {
    id: 'external',
    label: l10n.t('External'),
    // The setting's id stays out of the message: it is never translated.
    detail: l10n.t("The driver Service's LoadBalancer or NodePort, or {0}.", 'dataClusters.externalHostTemplate'),
  },
];

function onEndpoint(e: Event): void {
  const value = (e.target as HTMLInputElement).value;
  const choice = endpointChoices().find((c) => c.id === value);
  if (!choice || choice.id === state.endpointKind) return;
  state.endpointKind = choice.id;
  state.cards = undefined;
  update();
  void call(client.request('connections.setEndpoint', { endpoint: choice.id }));
}

const clusterState = (): DriverState | undefined => state.clusterState ?? page.compute?.cluster.state;

function notActiveNote(s: string): string {
  if (state.endpointKind !== 'port-forward')
    return l10n.t('The cluster is {0}: these snippets can be copied now and work once it is ACTIVE.', s);
  return l10n.t(
    'A port-forward needs a running driver, and the cluster is {0}: start it first, or choose the in-cluster or external endpoint.',
    s,
  );
}

function endpointSelector(): TemplateResult {
  if (!state.selectLoaded) {
    void loadSelect().then(() => {
      state.selectLoaded = true;
      update();
    });
  }
  const choices = endpointChoices();
  const chosen = choices.find((c) => c.id === state.endpointKind) ?? choices[0];
  const s = clusterState();
  return html`<div class="endpoint">
      <label for="endpoint">${l10n.t('Endpoint')}</label>
      <vscode-single-select id="endpoint" aria-label=${l10n.t('Endpoint')} .value=${state.endpointKind} @change=${onEndpoint}>
        ${choices.map((c) => html`<vscode-option value=${c.id} ?selected=${c.id === state.endpointKind}>${c.label}</vscode-option>`)}
      </vscode-single-select>
      <span class="note">${state.endpoint || chosen.label}</span>
    </div>
    <p class="note">${chosen.detail}</p>
    ${s && s !== 'ACTIVE' ? banner('info', notActiveNote(s)) : nothing}`;
}

function content(): TemplateResult {
  const forwardBlocked = state.endpointKind === 'port-forward' && clusterState() !== 'ACTIVE';
  if (state.error && !state.cards?.length) return html`${endpointSelector()}${errorNote(state.error)}`;
  if (!state.cards) return html`${endpointSelector()}${loading(l10n.t('Loading connection snippets'))}`;
  const blockedTitle = forwardBlocked ? l10n.t('A port-forward needs a running driver') : undefined;
  const action = (label: string, request: 'connections.copy' | 'connections.insert', id: string) =>
    button(label, () => void call(client.request(request, { id })), {
      secondary: true,
      disabled: forwardBlocked,
      ...(blockedTitle ? { title: blockedTitle } : {}),
    });
  return html`
    ${endpointSelector()} ${state.error ? errorNote(state.error) : nothing}
    <div class="cards">
      ${state.cards.map(
        (card) =>
          html`<article class="card" aria-label=${card.title}>
            <h3>${card.label}<span class="card-title">${card.title}</span></h3>
            <pre class="snippet" tabindex="0" role="region" aria-label=${card.title}><code>${card.text}</code></pre>
            ${
              card.notes.length
                ? html`<ul class="notes">
                    ${card.notes.map((n) => html`<li>${n}</li>`)}
                  </ul>`
                : nothing
            }
            <div class="card-actions">
              ${action(l10n.t('Copy'), 'connections.copy', card.id)} ${action(l10n.t('Insert into editor'), 'connections.insert', card.id)}
            </div>
          </article>`,
      )}
    </div>
  `;
}

export const connectionsTab: PageTab<ComputeUpdate> = {
  label: () => l10n.t('Connections'),
  content,
  listen(c) {
    c.on('connections.update', ({ cards, endpoint, error, endpointKind, state: s }) => {
      state.cards = cards;
      state.endpoint = endpoint;
      state.endpointKind = endpointKind ?? 'in-cluster';
      state.clusterState = s;
      state.error = error;
      update();
    });
  },
};
