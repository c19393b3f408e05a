/** Checkpoints: the counts, the latest completed, savepoint, failed and restored, and the history (failed ones marked). */
import * as l10n from '@vscode/l10n';
import type { CheckpointRow, CheckpointsData } from '../../../shared/protocol/taskPage';
import { badge, fields, html, identifier, nothing, section, TemplateResult } from '../../components';
import { bytesText, checkpointKind, durationText, epochText, isFailedCheckpoint } from './model';
import { type PageTab, update } from './page';
import { type TabBody, tabFrame } from './tabBody';

const state = { body: undefined as TabBody<CheckpointsData> | undefined };

const statusBadge = (s: string) => badge(s, s === 'COMPLETED' ? 'success' : s === 'FAILED' ? 'error' : 'warning');

function latest(label: string, c: CheckpointRow | undefined): readonly [string, TemplateResult | string] {
  if (!c) return [label, l10n.t('None')];
  const path = c.path ? html`<br /><span class="mono wrap">${identifier(c.path)}</span>` : nothing;
  const failure = c.failure ? html`<br /><span class="reason">${c.failure}</span>` : nothing;
  return [
    label,
    html`#${c.id} · ${epochText(c.triggered)} · ${bytesText(c.checkpointedSize ?? c.stateSize)} ·
    ${durationText(c.durationMs)}${path}${failure}`,
  ];
}

function row(c: CheckpointRow): TemplateResult {
  return html`<tr class=${isFailedCheckpoint(c) ? 'failed' : ''}>
      <td>${c.id}</td>
      <td>${statusBadge(c.status)}</td>
      <td>${checkpointKind(c)}</td>
      <td class="nowrap">${epochText(c.triggered)}</td>
      <td>${durationText(c.durationMs)}</td>
      <td>${bytesText(c.checkpointedSize)}</td>
      <td>${bytesText(c.stateSize)}</td>
      <td>${c.acks.done}/${c.acks.of}</td>
    </tr>
    ${
      c.failure
        ? html`<tr class="failed">
            <td></td>
            <td colspan="7" class="reason">${c.failure}</td>
          </tr>`
        : nothing
    }`;
}

function render(d: CheckpointsData): TemplateResult {
  const n = d.counts;
  return html`
    <div class="billing checkpoint-counts">
      ${(
        [
          [l10n.t('Completed'), n.completed],
          [l10n.t('In progress'), n.inProgress],
          [l10n.t('Failed'), n.failed],
          [l10n.t('Restored'), n.restored],
          [l10n.t('Total'), n.total],
        ] as const
      ).map(([label, v]) => html`<div class="figure"><span class="note">${label}</span><span class="value">${v}</span></div>`)}
    </div>
    ${section(
      l10n.t('Latest'),
      fields([
        latest(l10n.t('Completed checkpoint'), d.completed),
        latest(l10n.t('Savepoint'), d.savepoint),
        latest(l10n.t('Failed checkpoint'), d.failed),
        [
          l10n.t('Restored from'),
          d.restored
            ? html`#${d.restored.id} ·
              ${epochText(d.restored.time)}${
                d.restored.path ? html`<br /><span class="mono wrap">${identifier(d.restored.path)}</span>` : nothing
              }`
            : l10n.t('None'),
        ],
      ]),
    )}
    ${section(
      l10n.t('History'),
      d.history.length
        ? html`<div class="table-scroll">
            <table class="grid checkpoints">
              <thead>
                <tr>
                  <th scope="col">${l10n.t('ID')}</th>
                  <th scope="col">${l10n.t('Status')}</th>
                  <th scope="col">${l10n.t('Kind')}</th>
                  <th scope="col">${l10n.t('Triggered')}</th>
                  <th scope="col">${l10n.t('Duration')}</th>
                  <th scope="col">${l10n.t('Checkpointed')}</th>
                  <th scope="col">${l10n.t('Full size')}</th>
                  <th scope="col">${l10n.t('Acks')}</th>
                </tr>
              </thead>
              <tbody>
                ${d.history.map(row)}
              </tbody>
            </table>
          </div>`
        : html`<p class="note">${l10n.t('No checkpoint has been taken. Checkpointing may be off for this job.')}</p>`,
    )}
  `;
}

export const checkpointsTab: PageTab = {
  label: () => l10n.t('Checkpoints'),
  badge: () => {
    const f = state.body?.data?.counts.failed;
    return f ? l10n.t('{0} failed', f) : undefined;
  },
  content: () => tabFrame(state.body, l10n.t('Loading the checkpoints'), render),
  listen(c) {
    c.on('checkpoints.update', (body) => {
      state.body = body;
      update();
    });
  },
};
