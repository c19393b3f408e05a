/**
 * Tasks: the Flink jobs on the session cluster (run from the editor or by the operator for a
 * FlinkSessionJob), live while the tab shows. A row opens the task's panel; Run Task… opens the
 * run wizard. Until the task list is known, the FlinkSessionJobs of the session update show.
 */
import * as l10n from '@vscode/l10n';
import type { SessionJobRow, TaskRowData } from '../../../shared/protocol/clusterPage';
import { TASK_STATES, type TaskState } from '../../../shared/clusters/taskStates';
import { durationText, taskOriginText } from '../../../shared/text/taskText';
import { timeText } from '../../../shared/text/format';
import { badge, button, html, TemplateResult } from '../../components';
import { tasksTabView, taskTone } from '../../model/tasks';
import { call, client, type PageTab, type SessionUpdate, update } from './page';

const state = {
  tasks: [] as readonly TaskRowData[],
  known: false,
};

function stateBadge(s: string): TemplateResult {
  const known = (Object.keys(TASK_STATES) as TaskState[]).find((k) => k === s);
  return known ? html`<span title=${TASK_STATES[known].description}>${badge(TASK_STATES[known].label, taskTone(known))}</span>` : badge(s);
}

const open = (key: string) => void call(client.request('tasks.open', { key }));
const runTask = () => void call(client.request('tasks.run', {}));

function taskTable(tasks: readonly TaskRowData[]): TemplateResult {
  return html`<div class="table-scroll">
    <table class="grid tasks stack">
      <thead>
        <tr>
          <th scope="col">${l10n.t('State')}</th>
          <th scope="col">${l10n.t('Name')}</th>
          <th scope="col">${l10n.t('Started')}</th>
          <th scope="col">${l10n.t('Duration')}</th>
          <th scope="col">${l10n.t('Parallelism')}</th>
          <th scope="col">${l10n.t('Run by')}</th>
          <th scope="col">${l10n.t('Failure')}</th>
        </tr>
      </thead>
      <tbody>
        ${tasks.map(
          (t) =>
            html`<tr
              class="clickable"
              tabindex="0"
              title=${l10n.t('Open the task')}
              @click=${() => open(t.key)}
              @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open(t.key))}
            >
              <td>${stateBadge(t.state)}</td>
              <td class="nowrap">${t.name}</td>
              <td title=${t.startTime ?? ''} data-label=${l10n.t('Started')}>${timeText(t.startTime)}</td>
              <td class="nowrap" data-label=${l10n.t('Duration')}>${durationText(t.durationMs)}</td>
              <td data-label=${l10n.t('Parallelism')}>${t.parallelism ?? ''}</td>
              <td data-label=${l10n.t('Run by')}>${taskOriginText(t.managed)}</td>
              <td class="failure">${t.failure ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Before the task list is known: the FlinkSessionJobs the cache holds. */
function sessionJobTable(jobs: readonly SessionJobRow[]): TemplateResult {
  return html`<div class="table-scroll">
    <table class="grid">
      <thead>
        <tr>
          <th scope="col">${l10n.t('Name')}</th>
          <th scope="col">${l10n.t('State')}</th>
          <th scope="col">${l10n.t('Started')}</th>
        </tr>
      </thead>
      <tbody>
        ${jobs.map(
          (j) =>
            html`<tr>
              <td>${j.name}</td>
              <td>${stateBadge(j.state)}</td>
              <td title=${j.started ?? ''}>${timeText(j.started)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function content(u: SessionUpdate): TemplateResult {
  const v = tasksTabView(u, state);
  const toolbar = html`<div class="toolbar">
    ${button(l10n.t('Run Task…'), runTask, { disabled: !v.run.enabled, title: v.run.title })}
  </div>`;
  switch (v.body.kind) {
    case 'empty':
      return html`${toolbar}
        <p class="note empty-tasks">${v.body.text}</p>`;
    case 'tasks':
      return html`${toolbar}${taskTable(v.body.tasks)}`;
    case 'sessionJobs':
      return html`${toolbar}${sessionJobTable(v.body.jobs)}`;
  }
}

export const tasksTab: PageTab<SessionUpdate> = {
  label: () => l10n.t('Tasks'),
  badge: (u) => tasksTabView(u, state).badge,
  content,
  listen(c) {
    c.on('tasks.update', ({ tasks, known }) => {
      state.tasks = tasks;
      state.known = known;
      update();
    });
  },
};
