/**
 * Exceptions: the root exception, then the history newest first; each trace line by line, a frame
 * a link only when its file is in the workspace (it opens there, at the line).
 */
import * as l10n from '@vscode/l10n';
import type { ExceptionEntry, ExceptionsData, TraceLine } from '../../../shared/protocol/taskPage';
import { html, nothing, section, TemplateResult } from '../../components';
import { epochText } from './model';
import { call, client, type PageTab, update } from './page';
import { type TabBody, tabFrame } from './tabBody';

const state = { body: undefined as TabBody<ExceptionsData> | undefined };

function openFrame(l: TraceLine, e: Event): void {
  e.preventDefault();
  if (!l.className || !l.file) return;
  void call(client.request('frame.open', { className: l.className, file: l.file, ...(l.line !== undefined ? { line: l.line } : {}) }));
}

function traceLine(l: TraceLine): TemplateResult {
  const frame = l.className !== undefined;
  if (frame && l.inWorkspace)
    return html`<div class="frame in-workspace">
      <a href="#" title=${l10n.t('Open {0} at line {1}', l.file ?? '', l.line ?? 1)} @click=${(e: Event) => openFrame(l, e)} class="t"
        >${l.text}</a
      >
    </div>`;
  const kind = frame ? 'frame' : /^(Caused by|Suppressed):/.test(l.text.trim()) ? 'cause' : 'trace-text';
  return html`<div class=${kind}><span class="t">${l.text}</span></div>`;
}

function entry(e: ExceptionEntry, expanded: boolean): TemplateResult {
  const meta = [epochText(e.timestamp), e.taskName, e.location].filter(Boolean).join(' · ');
  return html`<details class="exception" ?open=${expanded}>
    <summary><span class="exception-name">${e.name}</span>${meta ? html` <span class="note">${meta}</span>` : nothing}</summary>
    <div class="trace mono" role="list">${e.trace.map(traceLine)}</div>
  </details>`;
}

function render(x: ExceptionsData): TemplateResult {
  if (!x.root && !x.history.length) return html`<p class="note">${l10n.t('The job has reported no exceptions.')}</p>`;
  return html`
    ${x.root ? section(l10n.t('Root exception'), entry(x.root, true)) : nothing}
    ${
      x.history.length
        ? section(
            l10n.t('History, newest first'),
            html`${x.history.map((e, i) => entry(e, !x.root && i === 0))}
            ${x.truncated ? html`<p class="note">${l10n.t('Older exceptions are not shown.')}</p>` : nothing}`,
          )
        : nothing
    }
  `;
}

export const exceptionsTab: PageTab = {
  label: () => l10n.t('Exceptions'),
  badge: () => {
    const d = state.body?.data;
    return d ? String(d.history.length || (d.root ? 1 : 0)) : undefined;
  },
  content: () => tabFrame(state.body, l10n.t('Loading the exceptions'), render),
  listen(c) {
    c.on('exceptions.update', (body) => {
      state.body = body;
      update();
    });
  },
};
