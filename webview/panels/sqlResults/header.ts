/**
 * Above the grid: the statement, the phase with the engine's progress, elapsed time and row count,
 * the run's buttons (Cancel, Fetch more, Pause, Open Task, Stop with Savepoint, Run Again from Savepoint), the views of a changelog, copy and
 * export, the search; and the history of the editor's runs. Everything is text rendered by lit.
 */
import * as l10n from '@vscode/l10n';
import type { RunSummary } from '../../../shared/protocol/sqlResultsPage';
import { badge, button, html, nothing, type TemplateResult } from '../../components';
import { countText, elapsedText, phaseText, statementLine } from './model';
import { page, queryOf } from './page';

export interface HeaderActions {
  cancel(run: RunSummary): void;
  fetchMore(run: RunSummary): void;
  pause(run: RunSummary, paused: boolean): void;
  openTask(run: RunSummary): void;
  stopWithSavepoint(run: RunSummary): void;
  runAgainFromSavepoint(run: RunSummary): void;
  view(run: RunSummary, view: 'table' | 'changes'): void;
  copy(run: RunSummary, all: boolean): void;
  exportAs(run: RunSummary, format: 'csv' | 'json'): void;
  search(text: string, backwards: boolean): void;
  show(runId: number): void;
  toggleHistory(): void;
}

const tone = (run: RunSummary) =>
  run.phase === 'failed' ? 'error' : run.phase === 'done' ? 'success' : run.phase === 'paused' ? 'warning' : 'default';

export function elapsedOf(run: RunSummary): number {
  return run.running ? run.elapsedMs + Math.max(0, performance.now() - page.receivedAt) : run.elapsedMs;
}

export function runHeader(run: RunSummary, a: HeaderActions, selected: boolean): TemplateResult {
  const q = queryOf(run);
  const progress =
    run.running && run.fraction !== undefined
      ? html`<progress class="sql-progress" max="1" value=${run.fraction} aria-label=${l10n.t('Progress')}></progress>`
      : nothing;
  // l10n-ignore: the engines' names
  const engine = run.engine === 'spark' ? 'Spark SQL' : 'Flink SQL';
  const where = `${engine} · ${run.cluster} · ${run.namespace}`;
  const onSearch = (e: KeyboardEvent) => {
    if (e.key === 'Enter') a.search((e.target as HTMLInputElement).value, e.shiftKey);
  };
  return html`<header class="sql-header">
    <div class="sql-status" role="status" aria-live="polite">
      ${badge(phaseText(run), tone(run))}
      <span class="sql-elapsed">${elapsedText(elapsedOf(run))}</span>
      ${run.columns.length ? html`<span>${countText(run, q.view, q.filters.some((f) => f.text) && page.cache.matches(run.runId, q) ? page.cache.total : undefined)}</span>` : nothing}
      ${run.detail ? html`<span class="note">${run.detail}</span>` : nothing} ${progress}
      <span class="note">${where}</span>
    </div>
    <pre class="sql-statement" title=${run.statement}>${statementLine(run.statement, 400)}</pre>
    ${run.phase === 'failed' && run.message ? html`<div class="banner banner-error" role="alert">${run.message}</div>` : nothing}
    ${run.phase === 'done' && run.outcome === 'ok' ? html`<div class="banner banner-info" role="status">${run.message || l10n.t('Done.')}</div>` : nothing}
    ${
      run.limitReached
        ? html`<div class="banner banner-warning" role="status">
            ${l10n.t('Fetching paused at the row limit ({0} rows, setting dataClusters.sql.rowLimit).', run.rowLimit.toLocaleString())}
          </div>`
        : nothing
    }
    ${run.savepoint ? html`<div class="banner banner-info" role="status">${l10n.t('Stopped with a savepoint at {0}', run.savepoint)}</div>` : nothing}
    ${run.released ? html`<div class="banner banner-info">${l10n.t('The rows of this older run are no longer kept. Run the statement again.')}</div>` : nothing}
    <div class="sql-toolbar">
      ${run.running ? button(l10n.t('Cancel'), () => a.cancel(run), { secondary: true }) : nothing}
      ${run.limitReached ? button(l10n.t('Fetch more'), () => a.fetchMore(run)) : nothing}
      ${
        run.running && run.changelog
          ? button(run.paused ? l10n.t('Resume') : l10n.t('Pause'), () => a.pause(run, !run.paused), { secondary: true })
          : nothing
      }
      ${run.jobId ? button(l10n.t('Open Task'), () => a.openTask(run), { secondary: true, title: l10n.t('Job {0} on {1}', run.jobId, run.cluster) }) : nothing}
      ${
        run.running && run.jobId
          ? button(l10n.t('Stop with Savepoint'), () => a.stopWithSavepoint(run), {
              secondary: true,
              title: l10n.t('Stops job {0} with a savepoint, to run the statement again from it', run.jobId),
            })
          : nothing
      }
      ${run.savepoint && !run.running ? button(l10n.t('Run Again from Savepoint'), () => a.runAgainFromSavepoint(run)) : nothing}
      ${
        run.changelog
          ? html`<span class="sql-views" role="group" aria-label=${l10n.t('View')}>
              ${button(l10n.t('Current table'), () => a.view(run, 'table'), { secondary: q.view !== 'table' })}
              ${button(l10n.t('Changelog'), () => a.view(run, 'changes'), { secondary: q.view !== 'changes' })}
            </span>`
          : nothing
      }
      ${
        run.columns.length && !run.released
          ? html`${button(selected ? l10n.t('Copy selection') : l10n.t('Copy all'), () => a.copy(run, !selected), { secondary: true })}
              ${button(l10n.t('Export CSV'), () => a.exportAs(run, 'csv'), { secondary: true })}
              ${button(l10n.t('Export JSON'), () => a.exportAs(run, 'json'), { secondary: true })}
              <input
                class="sql-search"
                type="search"
                placeholder=${l10n.t('Search (Enter: next, Shift+Enter: previous)')}
                aria-label=${l10n.t('Search the rows')}
                .value=${page.search}
                @keydown=${onSearch}
              />
              <span class="note">${page.matchLabel}</span>`
          : nothing
      }
      <span class="sql-spacer"></span>
      ${button(l10n.t('History ({0})', page.runs.length), () => a.toggleHistory(), { secondary: !page.historyOpen })}
    </div>
  </header>`;
}

export function history(a: HeaderActions): TemplateResult {
  if (!page.historyOpen) return html``;
  return html`<nav class="sql-history" aria-label=${l10n.t('Runs of this editor, newest first')}>
    <ol>
      ${page.runs.map(
        (r) =>
          html`<li class=${r.runId === page.shown ? 'current' : ''}>
            <button class="link" @click=${() => a.show(r.runId)} title=${r.statement}>
              <span class="sql-history-time">${new Date(r.startedAt).toLocaleTimeString()}</span>
              ${badge(phaseText(r), tone(r))}
              <span class="mono">${statementLine(r.statement)}</span>
              <span class="note"
                >${r.columns.length ? l10n.t('{0} rows', r.received.toLocaleString()) : ''} · ${elapsedText(elapsedOf(r))}</span
              >
            </button>
          </li>`,
      )}
    </ol>
  </nav>`;
}
