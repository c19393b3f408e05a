/**
 * Entry of the task panel bundle (dist/webview/task.js): "Task: {name}", a header above one tab
 * per part (task/tabs.ts names them). Everything shown comes from structured notifications and is
 * rendered as text by lit; the page decides only presentation.
 */
// First: the translations must be in place before any module below looks a string up.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import { TASK_TABS, type TaskTab } from '../../shared/protocol/taskPage';
import { errorNote, html, loading, mount, nothing, tabs } from '../components';
import { reportCspViolations } from '../common/cspReport';
import { refreshLine, taskHeader } from './task/header';
import { call, client, onUpdate, page } from './task/page';
import { adoptTaskStyles } from './task/styles';
import { PAGE_TABS } from './task/tabs';

// Counted before anything renders: the e2e run reads the attribute and the extension the reports (expected: 0).
reportCspViolations((v) => void client.request('panel.cspViolation', v));
adoptTaskStyles(document);

function selectTab(id: string): void {
  const tab = TASK_TABS.find((t: TaskTab) => t === id);
  if (!tab) return;
  page.tab = tab;
  client.saveState({ tab });
  void call(client.request('panel.showTab', { tab }));
  view.update();
}

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
      selectTab,
    )}`;
  return html`<h1>${page.title}</h1>
    ${page.requestError ? errorNote(page.requestError) : nothing}${loading(l10n.t('Loading the task'))}`;
});
onUpdate(() => view.update());

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
  // Tell the extension which tab shows: only it is read.
  void call(client.request('panel.showTab', { tab: page.tab }));
  view.update();
});
client.on('task.update', (body) => {
  page.task = body;
  view.update();
  markPainted();
});
client.on('panel.selectTab', ({ tab }) => selectTab(tab));
client.on('refresh.status', (body) => {
  page.status = body;
  view.update();
});
for (const t of Object.values(PAGE_TABS)) t.listen?.(client);

// The data embedded in the page (a data block, never executed): handled like messages, validated the same way.
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
