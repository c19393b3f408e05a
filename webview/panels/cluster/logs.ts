/**
 * Logs: the page's mirror of the extension's log buffer (scrolling and search never wait for a
 * message) in <dc-log-viewer>, with the Instance dropdown.
 */
import * as l10n from '@vscode/l10n';
import type { LogInstanceData, TimeRange } from '../../../shared/protocol/clusterPage';
import { LogBuffer } from '../../../shared/logs/logBuffer';
import { applyAppend, applyReset } from '../../common/logMirror';
import { html, loading, loadLogViewer, nothing, TemplateResult } from '../../components';
import type { LogStatus, LogViewer } from '../../components/logViewer';
import { call, client, type ComputeUpdate, page, type PageTab, update } from './page';

const logs = new LogBuffer();
let viewer: LogViewer | undefined;
const state = {
  status: undefined as LogStatus | undefined,
  instances: [] as readonly LogInstanceData[],
  instance: 'driver',
  /** The viewer's code, loaded when the tab first shows. */
  loaded: false,
};

/** The viewer element is made by a render: hand it the buffer once it exists. */
export function currentViewer(root: ParentNode): LogViewer | undefined {
  const v = root.querySelector('dc-log-viewer') ?? undefined;
  if (v && v !== viewer) {
    viewer = v;
    v.setSource(logs);
  }
  return v;
}

function onInstance(e: Event): void {
  const value = (e.target as HTMLInputElement).value;
  if (!state.instances.some((i) => i.id === value) || value === state.instance) return;
  state.instance = value;
  void call(client.request('logs.setInstance', { instance: value }));
}

function content(): TemplateResult {
  if (!state.loaded) {
    void loadLogViewer().then(() => {
      state.loaded = true;
      update();
    });
    return loading(l10n.t('Loading the log viewer'));
  }
  return html`
    ${
      state.instances.length > 1
        ? html`<div class="instance">
            <label for="instance">${l10n.t('Instance')}</label>
            <vscode-single-select id="instance" aria-label=${l10n.t('Instance')} .value=${state.instance} @change=${onInstance}>
              ${state.instances.map(
                (i) => html`<vscode-option value=${i.id} ?selected=${i.id === state.instance}>${i.label}</vscode-option>`,
              )}
            </vscode-single-select>
          </div>`
        : nothing
    }
    <dc-log-viewer
      fill
      .range=${page.range}
      .status=${state.status}
      @dc-range-change=${(e: CustomEvent<{ range: TimeRange }>) => {
        page.range = e.detail.range;
        client.saveState({ range: page.range });
        void call(client.request('logs.setRange', { range: page.range }));
      }}
      @dc-download=${() => void call(client.request('logs.download', {}))}
      @dc-open-in-editor=${() => void call(client.request('logs.openInEditor', {}))}
    ></dc-log-viewer>
  `;
}

export const logsTab: PageTab<ComputeUpdate> = {
  label: () => l10n.t('Logs'),
  content,
  listen(c) {
    const root = document.getElementById('root') ?? document.body;
    c.on('logs.instances', ({ instances, selected }) => {
      state.instances = instances;
      state.instance = selected;
      update();
    });
    c.on('logs.reset', (body) => {
      applyReset(logs, body);
      page.range = body.range;
      update();
      currentViewer(root)?.setSource(logs);
    });
    c.on('logs.append', (body) => {
      if (applyAppend(logs, body)) currentViewer(root)?.linesChanged();
    });
    c.on('logs.status', (body) => {
      state.status = body;
      update();
    });
    new MutationObserver(() => currentViewer(root)).observe(root, { childList: true, subtree: true });
  },
};
