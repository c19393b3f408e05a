/**
 * Entry of the task panel bundle (dist/webview/task.js): "Task: {name}", a header above one tab
 * per part (task/tabs.ts names them). Everything shown comes from structured notifications and is
 * rendered as text by lit; the page decides only presentation.
 */
// First: the translations must be in place before any module below looks a string up.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import { TASK_TABS } from '../../shared/protocol/taskPage';
import { errorNote, html, loading, mount, nothing, tabs } from '../components';
import { startPanel } from '../common/panelPage';
import { refreshLine, taskHeader } from './task/header';
import { call, client, onUpdate, page } from './task/page';
import { adoptTaskStyles } from './task/styles';
import { PAGE_TABS } from './task/tabs';

const panel = startPanel({
  client,
  page,
  tabs: () => TASK_TABS,
  // Only the tab that shows is read.
  showTab: (tab) => void call(client.request('panel.showTab', { tab })),
  update: () => view.update(),
});
adoptTaskStyles(document);

const root = document.getElementById('root') ?? document.body;
const view = mount(root, () => {
  const u = page.task;
  if (u && (u.task || u.gone))
    return html`${taskHeader(u)}${page.tab === 'overview' ? nothing : refreshLine()}${tabs(
      TASK_TABS.map((id) => ({
        id,
        label: PAGE_TABS[id].label(),
        badge: PAGE_TABS[id].badge?.(u),
        content: () => PAGE_TABS[id].content(u),
      })),
      page.tab,
      panel.selectTab,
    )}`;
  return html`<h1>${page.title}</h1>
    ${page.requestError ? errorNote(page.requestError) : nothing}${loading(l10n.t('Loading the task'))}`;
});
onUpdate(() => view.update());

client.on('task.update', (body) => {
  page.task = body;
  view.update();
  panel.markPainted();
});
client.on('panel.selectTab', ({ tab }) => panel.selectTab(tab));
client.on('refresh.status', (body) => {
  page.status = body;
  view.update();
});
for (const t of Object.values(PAGE_TABS)) t.listen?.(client);

panel.receiveEmbedded(view);
