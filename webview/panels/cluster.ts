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
import { startPanel } from '../common/panelPage';

const kind = (): 'compute' | 'session' => (page.key.startsWith('session/') ? 'session' : 'compute');

const panel = startPanel<ClusterTab>({
  client,
  page,
  tabs: () => (kind() === 'compute' ? COMPUTE_TABS : SESSION_TABS),
  // It streams logs only once they are seen.
  showTab: (tab) => void call(client.request('panel.showTab', { tab })),
  update: () => view.update(),
});

function tabsOf<T extends ClusterTab, U>(ids: readonly T[], table: Readonly<Record<T, PageTab<U>>>, u: U): TemplateResult {
  return tabs(
    ids.map((id) => ({ id, label: table[id].label(), badge: table[id].badge?.(u), content: () => table[id].content(u) })),
    page.tab,
    panel.selectTab,
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

client.on('compute.update', (body) => {
  page.compute = body;
  view.update();
  panel.markPainted();
});
client.on('session.update', (body) => {
  page.session = body;
  view.update();
  panel.markPainted();
});
for (const t of [...Object.values(PAGE_TABS.compute), ...Object.values(PAGE_TABS.session)] as PageTab<unknown>[]) t.listen?.(client);

panel.receiveEmbedded(view);
// Diagnose appears once STARTING has lasted a minute, without any message to say so.
setInterval(() => page.compute?.cluster.state === 'STARTING' && view.update(), 10_000);
