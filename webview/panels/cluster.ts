/**
 * Entry of the cluster panel bundle (dist/webview/cluster.js). The foundation: the handshake, the
 * saved tab, and the Logs and Events tabs on the shared components. The compute and session tabs
 * (Details, Connections, Activity, Configuration) are added here on the same pattern.
 */
import { LogBuffer } from '../../src/panels/logBuffer';
import { applyAppend, applyReset } from '../common/logMirror';
import { connectPage } from '../common/page';
import type { ErrorData, EventRow, TimeRange } from '../common/protocol';
import { errorNote, html, loading, mount, nothing, tabs } from '../components';
import { badgeText, countEvents } from '../components/eventsModel';
import type { LogStatus, LogViewer } from '../components/logViewer';

const client = connectPage();
const saved = client.getState<{ key?: string; tab?: string; range?: TimeRange }>();

const model = {
  title: '',
  tab: saved.tab ?? 'logs',
  range: saved.range ?? ('all' as TimeRange),
  events: undefined as readonly EventRow[] | undefined,
  eventsError: undefined as ErrorData | undefined,
  logStatus: undefined as LogStatus | undefined,
  requestError: undefined as ErrorData | undefined,
};

// The page's mirror of the extension's log buffer: scrolling and search never wait for a message.
const logs = new LogBuffer();
let viewer: LogViewer | undefined;

async function call<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: ErrorData }>): Promise<T | undefined> {
  const r = await p;
  model.requestError = r.ok ? undefined : r.error;
  view.update();
  return r.ok ? r.value : undefined;
}

function selectTab(id: string): void {
  model.tab = id;
  client.saveState({ tab: id });
  void call(client.request('panel.showTab', { tab: id }));
  view.update();
}

function logsTab() {
  return html`<dc-log-viewer
    .range=${model.range}
    .status=${model.logStatus}
    @dc-range-change=${(e: CustomEvent<{ range: TimeRange }>) => {
      model.range = e.detail.range;
      client.saveState({ range: model.range });
      void call(client.request('logs.setRange', { range: model.range }));
    }}
    @dc-download=${() => void call(client.request('logs.download', {}))}
    @dc-open-in-editor=${() => void call(client.request('logs.openInEditor', {}))}
  ></dc-log-viewer>`;
}

function eventsTab() {
  if (!model.events && !model.eventsError) return loading('Loading events');
  return html`<dc-events-table .events=${model.events ?? []} .error=${model.eventsError}></dc-events-table>`;
}

const root = document.getElementById('root') ?? document.body;
const view = mount(root, () => {
  const counts = model.events ? countEvents(model.events) : undefined;
  return html`
    <h1>${model.title}</h1>
    ${model.requestError ? errorNote(model.requestError) : nothing}
    ${tabs(
      [
        { id: 'logs', label: 'Logs', content: logsTab },
        { id: 'events', label: 'Kubernetes Events', badge: counts ? badgeText(counts) : undefined, content: eventsTab },
      ],
      model.tab,
      selectTab,
    )}
  `;
});

function currentViewer(): LogViewer | undefined {
  const v = root.querySelector('dc-log-viewer') ?? undefined;
  if (v && v !== viewer) {
    viewer = v;
    v.setSource(logs);
  }
  return v;
}

client.on('panel.init', ({ title }) => {
  model.title = title;
  document.title = title;
  // Tell the extension which tab shows, so it watches events only when they are seen.
  void call(client.request('panel.showTab', { tab: model.tab }));
  view.update();
});
client.on('logs.reset', (body) => {
  applyReset(logs, body);
  model.range = body.range;
  view.update();
  currentViewer()?.setSource(logs);
});
client.on('logs.append', (body) => {
  if (applyAppend(logs, body)) currentViewer()?.linesChanged();
});
client.on('logs.status', (body) => {
  model.logStatus = body;
  view.update();
});
client.on('events.update', ({ events, error }) => {
  model.events = events;
  model.eventsError = error;
  view.update();
});
// The viewer element is created by a render; hand it the buffer once it exists.
new MutationObserver(() => currentViewer()).observe(root, { childList: true, subtree: true });
