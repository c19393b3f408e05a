/**
 * Tasks: the Flink jobs on the session cluster (run from the editor or by the operator for a
 * FlinkSessionJob), live while the tab shows. A row opens the task's panel; Run Task… opens the
 * run wizard. Until the task list is known, the FlinkSessionJobs of the session update show.
 */
import * as l10n from '@vscode/l10n';
import type { TaskRowData } from '../../../shared/protocol/clusterPage';
import { TASK_STATES, type TaskState } from '../../../shared/clusters/taskStates';
import { durationText, taskOriginText } from '../../../shared/text/taskText';
import { timeText } from '../../../shared/text/format';
import { badge, button, html, nothing, TemplateResult } from '../../components';
import { call, client, type PageTab, type SessionUpdate, update } from './page';

const state = {
  tasks: [] as readonly TaskRowData[],
  known: false,
};

/** The badge's tone from the state table's colour. */
function tone(s: TaskState): 'default' | 'warning' | 'error' | 'success' {
  const color = TASK_STATES[s].color;
  if (s === 'FAILED') return 'error';
  if (color === 'testing.iconPassed') return 'success';
  if (color === 'charts.orange' || color === 'charts.yellow') return 'warning';
  return 'default';
}

function stateBadge(s: string): TemplateResult {
  const known = (Object.keys(TASK_STATES) as TaskState[]).find((k) => k === s);
  return known ? html`<span title=${TASK_STATES[known].description}>${badge(TASK_STATES[known].label, tone(known))}</span>` : badge(s);
}

const open = (key: string) => void call(client.request('tasks.open', { key }));
const runTask = () => void call(client.request('tasks.run', {}));

function taskTable(tasks: readonly TaskRowData[]): TemplateResult {
  return html`<div class="table-scroll">
    <table class="grid tasks">
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
              <td>${t.name}</td>
              <td title=${t.startTime ?? ''}>${timeText(t.startTime)}</td>
              <td>${durationText(t.durationMs)}</td>
              <td>${t.parallelism ?? ''}</td>
              <td>${taskOriginText(t.managed)}</td>
              <td class="failure">${t.failure ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Before the task list is known: the FlinkSessionJobs the cache holds. */
function sessionJobTable(u: SessionUpdate): TemplateResult {
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
        ${u.jobs.map(
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
  const running = u.cluster.status === 'Running' && !u.deleted;
  const toolbar = html`<div class="toolbar">
    ${button(l10n.t('Run Task…'), runTask, {
      disabled: !running,
      title: running ? l10n.t('Run a jar on this session cluster') : l10n.t('Start the cluster to run a task on it'),
    })}
  </div>`;
  const rows = state.known ? state.tasks.length : u.jobs.length;
  if (!rows)
    return html`${toolbar}
      <p class="note empty-tasks">
        ${l10n.t('No tasks run on this cluster.')}
        ${
          running
            ? l10n.t('Run Task… runs a jar from the workspace or a jar URI on it.')
            : l10n.t('Start the cluster, then Run Task… runs a jar from the workspace or a jar URI on it.')
        }
      </p>`;
  return html`${toolbar}${state.known ? taskTable(state.tasks) : sessionJobTable(u)}${nothing}`;
}

export const tasksTab: PageTab<SessionUpdate> = {
  label: () => l10n.t('Tasks'),
  badge: (u) => String(state.known ? state.tasks.length : u.jobs.length),
  content,
  listen(c) {
    c.on('tasks.update', ({ tasks, known }) => {
      state.tasks = tasks;
      state.known = known;
      update();
    });
  },
};
