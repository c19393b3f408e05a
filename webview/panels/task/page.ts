/**
 * What the task page's parts share: the one client, the state the page keeps while hidden, the
 * request helper that shows a refusal, and the redraw every part asks for.
 */
import { isTaskTab, TASK_PAGE, type TaskPage, type TaskTab } from '../../../shared/protocol/taskPage';
import type { ErrorData, NotificationBody } from '../../../shared/protocol/envelope';
import { connectPage } from '../../common/page';
import { pageRedraw } from '../../common/panelPage';
import type { TemplateResult } from '../../components';

export const client = connectPage(TASK_PAGE);
export type PageClient = typeof client;

export type TaskUpdate = NotificationBody<TaskPage, 'task.update'>;
export type RefreshStatus = NotificationBody<TaskPage, 'refresh.status'>;

const saved = client.getState<{ key?: string; tab?: string }>();

/** The page half of one tab: tabs.ts lists them, the host half reads them (src/panels/task/taskTabs.ts). */
export interface PageTab {
  /** The tab header's words (looked up when drawn, after the translations are in place). */
  label(): string;
  /** A counter beside the label. */
  badge?(u: TaskUpdate): string | undefined;
  content(u: TaskUpdate): TemplateResult;
  /** Subscribes to the notifications the tab shows; called once, as the page starts. */
  listen?(client: PageClient): void;
}

/** The state the whole page reads. */
export const page = {
  key: saved.key ?? '',
  title: '',
  tab: (saved.tab !== undefined && isTaskTab(saved.tab) ? saved.tab : 'overview') as TaskTab,
  task: undefined as TaskUpdate | undefined,
  status: { live: false, loading: false, intervalMs: 0 } as RefreshStatus,
  requestError: undefined as ErrorData | undefined,
};

/** The redraw every part asks for, and `call`: a request's value, or undefined when refused (the refusal shows under the header). */
export const { update, onUpdate, call } = pageRedraw(page);

/** Reads the shown tab again (Refresh, Retry). */
export function refresh(): void {
  void call(client.request('panel.refresh', {}));
}
