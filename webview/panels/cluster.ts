/**
 * Entry of the cluster panel bundle (dist/webview/cluster.js): "Compute: {name}" and "Session
 * cluster: {name}", a header above one tab per part (cluster/tabs.ts names them). Everything shown
 * comes from structured notifications and is rendered as text by lit; the page decides only
 * presentation.
 */
// First: the translations must be in place before any module below looks a string up.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import { COMPUTE_TABS, SESSION_TABS, type ClusterTab } from '../../shared/protocol/clusterPage';
import { errorNote, html, loading, mount, nothing, tabs, TemplateResult } from '../components';
import { computeHeader, sessionHeader } from './cluster/header';
import { call, client, type PageTab, onUpdate, page } from './cluster/page';
import { PAGE_TABS } from './cluster/tabs';
import { reportCspViolations } from '../common/cspReport';

// Counted before anything renders: the e2e run reads the attribute and the extension the reports (expected: 0).
reportCspViolations((v) => void client.request('panel.cspViolation', v));

const kind = (): 'compute' | 'session' => (page.key.startsWith('session/') ? 'session' : 'compute');

function selectTab(id: string): void {
  const tab = (kind() === 'compute' ? COMPUTE_TABS : SESSION_TABS).find((t: ClusterTab) => t === id);
  if (!tab) return;
  page.tab = tab;
  client.saveState({ tab });
  void call(client.request('panel.showTab', { tab }));
  view.update();
}

function tabsOf<T extends ClusterTab, U>(ids: readonly T[], table: Readonly<Record<T, PageTab<U>>>, u: U): TemplateResult {
  return tabs(
    ids.map((id) => ({ id, label: table[id].label(), badge: table[id].badge?.(u), content: () => table[id].content(u) })),
    page.tab,
    selectTab,
  );
}

const root = document.getElementById('root') ?? document.body;
const view = mount(root, () => {
  if (kind() === 'compute' && page.compute)
    return html`${computeHeader(page.compute)}${tabsOf(COMPUTE_TABS, PAGE_TABS.compute, page.compute)}`;
  if (kind() === 'session' && page.session)
    return html`${sessionHeader(page.session)}${tabsOf(SESSION_TABS, PAGE_TABS.session, page.session)}`;
  return html`<h1>${page.title}</h1>
    ${page.requestError ? errorNote(page.requestError) : nothing}${loading(l10n.t('Loading the cluster'))}`;
});
onUpdate(() => view.update());

/** After the first data: two frames later it is on screen (the panel-open benchmark's end mark). */
let painted = false;
function markPainted(): void {
  if (painted) return;
  painted = true;
  requestAnimationFrame(() => requestAnimationFrame(() => void client.request('panel.painted', {})));
}

client.on('panel.init', ({ title, key }) => {
  page.title = title;
  page.key = key;
  document.title = title;
  // Tell the extension which tab shows, so it streams logs only once they are seen.
  void call(client.request('panel.showTab', { tab: page.tab }));
  view.update();
});
client.on('compute.update', (body) => {
  page.compute = body;
  view.update();
  markPainted();
});
client.on('session.update', (body) => {
  page.session = body;
  view.update();
  markPainted();
});
for (const t of [...Object.values(PAGE_TABS.compute), ...Object.values(PAGE_TABS.session)] as PageTab<unknown>[]) t.listen?.(client);

// The data embedded in the page (a data block, never executed): handled like messages, validated
// the same way, and painted at once, before any round trip to the extension.
const embedded = document.getElementById('initial-messages');
if (embedded) {
  let list: unknown;
  try {
    list = JSON.parse(embedded.textContent ?? '');
  } catch {
    list = undefined;
  }
  embedded.remove();
  if (Array.isArray(list)) {
    for (const m of list.slice(0, 20)) client.receive(m);
    view.paintNow();
  }
}
// Diagnose appears once STARTING has lasted a minute, without any message to say so.
setInterval(() => page.compute?.cluster.state === 'STARTING' && view.update(), 10_000);
