/** Overview: what the task is and how it was run, from the task update the header shows too. */
import * as l10n from '@vscode/l10n';
import { TASK_STATES } from '../../../shared/clusters/taskStates';
import { fields, html, identifier, loading, nothing, section, TemplateResult } from '../../components';
import { durationText } from '../../../shared/text/taskText';
import { epochText } from './model';
import type { PageTab, TaskUpdate } from './page';

function content(u: TaskUpdate): TemplateResult {
  const t = u.task;
  if (!t) return loading(l10n.t('Loading the task'));
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  // The state's description after its name, unless it only says the name again ("RUNNING Running").
  const style = TASK_STATES[t.state];
  const stateNote =
    style.description.toLowerCase() === style.label.toLowerCase() ? nothing : html` <span class="note">${style.description}</span>`;
  const subtasks = t.subtasks.length
    ? html`<span class="tags">${t.subtasks.map((s) => html`<span class="tag">${s.state}: ${s.count}</span>`)}</span>`
    : '';
  const args = t.args.length
    ? html`<ol class="task-args mono">
        ${t.args.map((a) => html`<li>${a}</li>`)}
      </ol>`
    : l10n.t('None');
  return html`
    ${section(
      l10n.t('Task'),
      fields([
        [l10n.t('Name'), t.name],
        [l10n.t('State'), html`${style.label}${stateNote}`],
        [l10n.t('Job ID'), t.jobId ? html`<span class="mono">${t.jobId}</span>` : ''],
        [l10n.t('Job name'), t.jobName ?? ''],
        [
          l10n.t('Run by'),
          t.managed ? l10n.t('The Flink operator, for a FlinkSessionJob') : l10n.t('The JobManager, from this workspace or its REST API'),
        ],
        [l10n.t('Started'), epochText(t.startTime)],
        [l10n.t('Ended'), epochText(t.endTime)],
        // Written as the tree and the Tasks tab write it.
        [l10n.t('Duration'), durationText(t.durationMs)],
        [l10n.t('Parallelism'), num(t.parallelism)],
        [l10n.t('Restarts'), num(t.restarts)],
        [l10n.t('Subtasks'), subtasks],
        ...(t.failure ? [[l10n.t('Failure'), html`<span class="reason">${t.failure}</span>`] as const] : []),
      ]),
    )}
    ${section(
      l10n.t('Program'),
      fields([
        [l10n.t('Jar'), t.jarURI ? html`<span class="mono wrap">${identifier(t.jarURI)}</span>` : ''],
        [l10n.t('Entry class'), t.entryClass ? html`<span class="mono wrap">${identifier(t.entryClass)}</span>` : ''],
        [l10n.t('Arguments'), args],
        ...(t.upgradeMode ? [[l10n.t('Upgrade mode'), t.upgradeMode] as const] : []),
        ...(t.desiredState ? [[l10n.t('Desired state'), t.desiredState] as const] : []),
        ...(t.lastSavepoint
          ? [[l10n.t('Last savepoint'), html`<span class="mono wrap">${identifier(t.lastSavepoint)}</span>`] as const]
          : []),
        ...(t.runName ? [[l10n.t('Run'), t.runName] as const] : []),
      ]),
    )}
    ${section(
      l10n.t('Session cluster'),
      fields([
        [l10n.t('Cluster'), t.cluster],
        [l10n.t('Namespace'), t.namespace],
      ]),
    )}
    ${nothing}
  `;
}

export const overviewTab: PageTab = { label: () => l10n.t('Overview'), content };
