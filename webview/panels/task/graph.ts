/**
 * Graph: the job's vertices left to right, one column per depth (a chain reads as a row, a fan-in
 * as a column of inputs), each box with its parallelism, status, records and bytes in and out, and
 * the share of time busy and backpressured since the last read. Only DOM made by lit templates.
 */
import * as l10n from '@vscode/l10n';
import type { GraphData, GraphVertex } from '../../../shared/protocol/taskPage';
import { badge, html, nothing, TemplateResult } from '../../components';
import { bytesText, countText, type GraphColumn, graphColumns, isChain, loadTone, percentText } from './model';
import { type PageTab, update } from './page';
import { type TabBody, tabFrame } from './tabBody';

const state = { body: undefined as TabBody<GraphData> | undefined };

const statusTone = (s: string) => (s === 'RUNNING' || s === 'FINISHED' ? 'success' : s === 'FAILED' ? 'error' : 'default');

function meter(label: string, value: number | undefined, high: number): TemplateResult {
  return html`<div class="meter-row">
    <span class="meter-label">${label}</span>
    ${
      value === undefined
        ? html`<span class="note">—</span>`
        : html`<meter min="0" max="100" low=${high / 2} high=${high} optimum="0" value=${value} aria-label=${label}></meter>
            <span class="meter-value">${percentText(value)}</span>`
    }
  </div>`;
}

function vertex(v: GraphColumn['vertices'][number], chain: boolean): TemplateResult {
  const tone = loadTone(v);
  return html`<article class=${`vertex load-${tone}`} aria-label=${v.name}>
    <h3 class="vertex-name" title=${v.name}>${v.name}</h3>
    <div class="vertex-meta">
      ${badge(v.status, statusTone(v.status))}
      <span title=${l10n.t('Parallelism')}>${l10n.t('× {0}', v.parallelism)}</span>
    </div>
    <dl class="vertex-io">
      <dt>${l10n.t('Records in / out')}</dt>
      <dd>${countText(v.recordsIn)} / ${countText(v.recordsOut)}</dd>
      <dt>${l10n.t('Bytes in / out')}</dt>
      <dd>${bytesText(v.bytesIn)} / ${bytesText(v.bytesOut)}</dd>
    </dl>
    ${meter(l10n.t('Busy'), v.busyPercent, 80)} ${meter(l10n.t('Backpressure'), v.backpressurePercent, 50)}
    ${
      !chain && v.inputs.length
        ? html`<p class="vertex-inputs note">
            ${l10n.t('From:')} ${v.inputs.map((i, n) => html`${n ? ', ' : ''}<span title=${i.ship ?? ''}>${i.name}</span>`)}
          </p>`
        : nothing
    }
  </article>`;
}

function render(g: GraphData): TemplateResult {
  if (!g.vertices.length) return html`<p class="note">${l10n.t('The job has no vertices yet.')}</p>`;
  const cols = graphColumns(g);
  const chain = isChain(cols);
  return html`<div class="graph" role="list" aria-label=${l10n.t('Job graph')}>
      ${cols.map(
        (c, i) =>
          html`${i ? html`<span class="graph-arrow" aria-hidden="true">→</span>` : nothing}
            <div class="graph-column" role="listitem">${c.vertices.map((v) => vertex(v, chain))}</div>`,
      )}
    </div>
    <p class="note">${l10n.t('Busy and backpressure are the share of time since the previous refresh.')}</p>`;
}

export const graphTab: PageTab = {
  label: () => l10n.t('Graph'),
  badge: () => (state.body?.data ? String(state.body.data.vertices.length) : undefined),
  content: () => tabFrame(state.body, l10n.t('Loading the job graph'), render),
  listen(c) {
    c.on('graph.update', (body) => {
      state.body = body;
      update();
    });
  },
};

export type { GraphVertex };
