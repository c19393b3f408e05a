/**
 * Entry of the SQL results bundle (dist/webview/sqlResults.js): "Results: {file}", the shown run's
 * header above a virtualized grid, the history of the editor's runs, and a detail pane for one
 * whole cell. The host keeps the rows; the grid asks for the window it shows. Everything shown
 * comes from structured notifications and answers, rendered as text.
 */
// First: the translations must be in place before any module below looks a string up.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import type { ResultView, RowQuery, RunSummary } from '../../shared/protocol/sqlResultsPage';
import { NULL_TEXT } from '../../shared/sql/cellText';
import { reportCspViolations } from '../common/cspReport';
import { receiveEmbeddedMessages } from '../common/panelPage';
import { button, errorNote, html, mount, nothing } from '../components';
import { type GridSelection, SqlGrid } from './sqlResults/grid';
import { history, type HeaderActions, runHeader } from './sqlResults/header';
import { nextSort } from './sqlResults/model';
import { call, client, page, queryOf, setQuery, shownRun, update, onUpdate } from './sqlResults/page';
import { adoptSqlResultsStyles } from './sqlResults/styles';

reportCspViolations((v) => void client.request('panel.cspViolation', v));
adoptSqlResultsStyles(document);

const grid = document.createElement('dc-sql-grid') as SqlGrid;

function askWindow(run: RunSummary, q: RowQuery, start: number, end: number): void {
  const plan = page.cache.plan(start, end, run.version);
  if (!plan) return;
  void client.request('rows.window', { runId: run.runId, query: q, start: plan.start, count: plan.count }).then((r) => {
    if (!r.ok) {
      page.cache.failed();
      page.requestError = r.error;
      update();
      return;
    }
    if (page.cache.accept(r.value, q)) {
      grid.refresh();
      update();
    }
  });
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
let lastShown: { runId: number; signature: string } | undefined;

/** Puts the shown run into the grid (again): a new run or query forgets the window held. */
function showGrid(): void {
  const run = shownRun();
  if (!run || !run.columns.length || run.released) return;
  const q = queryOf(run);
  const signature = JSON.stringify(q);
  const changed = !lastShown || lastShown.runId !== run.runId || lastShown.signature !== signature;
  if (!page.cache.matches(run.runId, q)) page.cache.reset(run.runId, q, q.view === 'table' ? run.tableRows : run.kept);
  grid.show({
    source: {
      total: () => page.cache.total,
      row: (p) => page.cache.row(p),
      need: (s, e) => askWindow(run, q, s, e),
    },
    events: {
      sort: (column) => {
        setQuery(run, { ...q, sort: nextSort(q.sort, column) });
        showGrid();
        update();
      },
      filter: (column, text) => {
        clearTimeout(filterTimer);
        filterTimer = setTimeout(() => {
          setQuery(run, {
            ...q,
            filters: [...q.filters.filter((f) => f.column !== column), ...(text ? [{ column, text: text.slice(0, 1000) }] : [])],
          });
          showGrid();
          update();
        }, 200);
      },
      openCell: (row, position, column) => {
        void call(client.request('cell.get', { runId: run.runId, view: q.view, id: row.id, column })).then((c) => {
          if (!c) return;
          const col = run.columns[column];
          page.detail = { column: col?.name ?? '', type: col?.type ?? '', position, value: c.value, cut: c.cut };
          update();
        });
      },
      copy: (s) => copySelection(run, q, s),
      selected: () => update(),
    },
    columns: run.columns,
    view: q.view,
    query: q,
    highlight: page.search,
    resetScroll: changed,
  });
  lastShown = { runId: run.runId, signature };
}

function copySelection(run: RunSummary, q: RowQuery, s: GridSelection): void {
  const one = s.column !== undefined && s.anchor === s.focus;
  void call(
    client.request('rows.copy', {
      runId: run.runId,
      query: q,
      what: one ? 'cell' : 'rows',
      from: s.anchor,
      to: s.focus,
      ...(one ? { column: s.column } : {}),
      headers: !one,
    }),
  ).then((r) => {
    if (r)
      flash(r.rows === 1 && one ? l10n.t('Copied the cell.') : l10n.t('Copied {0} rows with their column names.', r.rows.toLocaleString()));
  });
}

let flashTimer: ReturnType<typeof setTimeout> | undefined;
function flash(text: string): void {
  page.notice = text;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => {
    page.notice = '';
    update();
  }, 3000);
  update();
}

const actions: HeaderActions = {
  cancel: (run) => void call(client.request('run.cancel', { runId: run.runId })),
  fetchMore: (run) => void call(client.request('run.fetchMore', { runId: run.runId })),
  pause: (run, paused) => void call(client.request('run.pause', { runId: run.runId, paused })),
  openTask: (run) => void call(client.request('run.openTask', { runId: run.runId })),
  stopWithSavepoint: (run) => void call(client.request('run.stopWithSavepoint', { runId: run.runId })),
  runAgainFromSavepoint: (run) => void call(client.request('run.againFromSavepoint', { runId: run.runId })),
  view: (run, view: ResultView) => {
    setQuery(run, { view, filters: [] });
    showGrid();
    update();
  },
  copy: (run, all) => {
    const q = queryOf(run);
    if (!all && grid.selection) return copySelection(run, q, grid.selection);
    void call(client.request('rows.copy', { runId: run.runId, query: q, what: 'all', from: 0, to: 0, headers: true })).then(
      (r) => r && flash(l10n.t('Copied {0} rows with their column names.', r.rows.toLocaleString())),
    );
  },
  exportAs: (run, format) =>
    void call(client.request('rows.export', { runId: run.runId, query: queryOf(run), format })).then(
      (r) => r?.saved && flash(l10n.t('Exported {0} rows.', r.rows.toLocaleString())),
    ),
  search: (text, backwards) => {
    const run = shownRun();
    page.search = text;
    if (!run || !text) {
      page.matchLabel = '';
      showGrid();
      update();
      return;
    }
    void call(
      client.request('rows.find', { runId: run.runId, query: queryOf(run), text: text.slice(0, 1000), from: page.matchAt, backwards }),
    ).then((r) => {
      if (!r) return;
      page.matchLabel = r.matches ? l10n.t('{0} rows match', r.matches.toLocaleString()) : l10n.t('No match');
      showGrid();
      if (r.position !== undefined) {
        page.matchAt = r.position;
        grid.reveal(r.position);
      }
      update();
    });
  },
  show: (runId) => void call(client.request('run.show', { runId })),
  toggleHistory: () => {
    page.historyOpen = !page.historyOpen;
    update();
  },
};

function detailPane() {
  const d = page.detail;
  if (!d) return nothing;
  return html`<section class="sql-detail" aria-label=${l10n.t('Cell value')}>
    <div class="sql-detail-head">
      <strong>${d.column}</strong> <span class="note">${d.type} · ${l10n.t('row {0}', d.position + 1)}</span>
      ${button(l10n.t('Close'), () => ((page.detail = undefined), update()), { secondary: true })}
    </div>
    <pre class="mono">${d.value === null ? NULL_TEXT : typeof d.value === 'string' ? d.value : JSON.stringify(d.value, null, 2)}</pre>
    ${d.cut ? html`<p class="note">${l10n.t('The value is cut here; copy the cell or export the rows for all of it.')}</p>` : nothing}
  </section>`;
}

const root = document.getElementById('root') ?? document.body;
const view = mount(root, () => {
  const run = shownRun();
  return html`${page.requestError ? errorNote(page.requestError) : nothing}
    ${
      run
        ? runHeader(run, actions, !!grid.selection)
        : html`<h1>${page.title}</h1>
            <p class="note">${l10n.t('Run a statement in the SQL editor (Ctrl+Enter): its results show here.')}</p>`
    }
    ${history(actions)} ${page.notice ? html`<div class="note" role="status">${page.notice}</div>` : nothing}
    <div class=${run && run.columns.length && !run.released ? 'sql-grid-host' : 'sql-grid-host hidden'}>${grid}</div>
    ${detailPane()}`;
});
onUpdate(() => view.update());

let ticker: ReturnType<typeof setInterval> | undefined;
/** Elapsed time ticks on the page's clock while the shown run runs. */
function tick(): void {
  const running = shownRun()?.running ?? false;
  if (running && !ticker) ticker = setInterval(() => view.update(), 250);
  if (!running && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

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
  view.update();
});
client.on('runs.update', ({ runs, shown }) => {
  page.runs = runs;
  if (shown !== page.shown) {
    page.detail = undefined;
    page.matchAt = -1;
    page.matchLabel = '';
  }
  page.shown = shown;
  page.receivedAt = performance.now();
  showGrid();
  tick();
  view.update();
  markPainted();
});
client.on('run.update', (run) => {
  const i = page.runs.findIndex((r) => r.runId === run.runId);
  if (i < 0) return;
  const before = page.runs[i];
  page.runs[i] = run;
  if (run.runId !== page.shown) return view.update();
  page.receivedAt = performance.now();
  // A new shape (the columns arrived) redraws the grid; more rows ask the window again.
  if (before.columns.length !== run.columns.length || before.changelog !== run.changelog) lastShown = undefined;
  showGrid();
  if (run.version !== page.cache.version) grid.refresh();
  tick();
  view.update();
});

// The data embedded in the page (a data block, never executed): handled like messages, validated the same way.
receiveEmbeddedMessages(client, view);
