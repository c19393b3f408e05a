/**
 * What the results page's parts share: the one client, the runs as the host last said them, the
 * view and query the user chose per run (kept while the page is hidden), the window of rows held,
 * and the request helper that shows a refusal.
 */
import type { ErrorData } from '../../../shared/protocol/envelope';
import { type ResultView, type RowQuery, type RunSummary, SQL_RESULTS_PAGE } from '../../../shared/protocol/sqlResultsPage';
import { connectPage } from '../../common/page';
import { viewsOf, WindowCache } from './model';

export const client = connectPage(SQL_RESULTS_PAGE);

type Saved = {
  key?: string;
  views?: Record<string, ResultView>;
};
const saved = client.getState<Saved>();

/** The detail pane: one cell whole. */
export interface Detail {
  readonly column: string;
  readonly type: string;
  readonly position: number;
  readonly value: unknown;
  readonly cut: boolean;
}

export const page = {
  key: saved.key ?? '',
  title: '',
  runs: [] as RunSummary[],
  shown: undefined as number | undefined,
  /** Per run: the view shown, its sort and filters. */
  queries: new Map<number, RowQuery>(),
  search: '',
  matchLabel: '',
  matchAt: -1,
  detail: undefined as Detail | undefined,
  requestError: undefined as ErrorData | undefined,
  /** Host time of the shown run's summary and the page's clock when it came (elapsed ticks locally). */
  receivedAt: 0,
  historyOpen: false,
  cache: new WindowCache(),
  notice: '',
};

export function shownRun(): RunSummary | undefined {
  return page.runs.find((r) => r.runId === page.shown);
}

export function queryOf(run: RunSummary): RowQuery {
  let q = page.queries.get(run.runId);
  const views = viewsOf(run);
  if (!q || !views.includes(q.view)) {
    const remembered = saved.views?.[String(run.runId)];
    q = { view: remembered && views.includes(remembered) ? remembered : views[0], filters: [] };
    page.queries.set(run.runId, q);
  }
  return q;
}

export function setQuery(run: RunSummary, q: RowQuery): void {
  page.queries.set(run.runId, q);
  client.saveState({ views: { ...(client.getState<Saved>().views ?? {}), [String(run.runId)]: q.view } });
}

let redraw: () => void = () => {};
export function update(): void {
  redraw();
}
export function onUpdate(fn: () => void): void {
  redraw = fn;
}

/** A request's value, or undefined when refused (the refusal shows under the header). */
export async function call<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: ErrorData }>): Promise<T | undefined> {
  const r = await p;
  page.requestError = r.ok ? undefined : r.error;
  update();
  return r.ok ? r.value : undefined;
}
