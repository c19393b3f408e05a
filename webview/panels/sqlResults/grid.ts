/**
 * <dc-sql-grid>: a virtualized grid over rows the host keeps. Only the rows in view (and a few
 * more) exist in the DOM: one row element per visible slot, kept, updated in place at most once a
 * frame (gridRow.ts paints them). Sizes come from ResizeObserver, so a paint reads the scroll
 * position first and then only writes. The header names each column with its type; a click sorts,
 * the row under it filters. A nested value opens whole in the detail pane below the grid. Heights,
 * widths and offsets are set through the CSSOM, which the strict CSP allows (no style attribute).
 */
import * as l10n from '@vscode/l10n';
import type { ResultView, RowQuery, WindowRow } from '../../../shared/protocol/sqlResultsPage';
import type { SqlColumn } from '../../../shared/sql/sqlResult';
import { isAtBottom, rowWindow, scrollTopFor } from '../../components/virtual';
import { type GridSelection, newRowSlot, paintRowSlot, type RowSlot, showTooltip } from './gridRow';
import { columnWidthCh } from './model';

export type { GridSelection } from './gridRow';

export const ROW_HEIGHT_PX = 22;
/** Rows kept painted above and below the view, so a small scroll shows rows at once. */
const OVERSCAN = 5;

export interface GridSource {
  /** Rows of the view under the query (what the host last said). */
  total(): number;
  row(position: number): WindowRow | undefined;
  /** The grid shows `start`..`end`: ask the host if the page does not hold them. */
  need(start: number, end: number): void;
}

export interface GridEvents {
  sort(column: number): void;
  filter(column: number, text: string): void;
  openCell(row: WindowRow, position: number, column: number): void;
  copy(selection: GridSelection): void;
  selected(selection: GridSelection | undefined): void;
}

export class SqlGrid extends HTMLElement {
  private source?: GridSource;
  private events?: GridEvents;
  private columns: readonly SqlColumn[] = [];
  private view: ResultView = 'rows';
  private query?: RowQuery;
  private readonly head = document.createElement('div');
  private readonly scroller = document.createElement('div');
  private readonly spacer = document.createElement('div');
  private readonly body = document.createElement('div');
  private frame = 0;
  private widths?: number[];
  private follow = false;
  private highlight = '';
  private headSignature = '';
  /** Bumped when the rows held may differ; the rows in the DOM are kept while nothing they show changed. */
  private stamp = 0;
  private painted = '';
  private spacerTemplate = '';
  /** The scroll position the rows were last painted at. */
  private paintedTop = 0;
  /** The row elements kept, one per visible slot, for the shape in `poolShape`. */
  private pool: RowSlot[] = [];
  private poolShape = '';
  private contentHeight = 0;
  private rowCount = -1;
  /** The scroller's inner height and the header's, as ResizeObserver last said (-1: not yet). */
  private viewportHeight = -1;
  private headHeight = -1;
  selection?: GridSelection;

  constructor() {
    super();
    this.scroller.className = 'grid-scroll';
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'grid');
    this.head.className = 'grid-head';
    this.spacer.className = 'grid-spacer';
    this.body.className = 'grid-body';
    this.spacer.append(this.body);
    this.scroller.append(this.head, this.spacer);
    this.scroller.addEventListener('scroll', () => {
      this.follow = this.view === 'changes' && isAtBottom(this.scroller.scrollTop, this.rowsHeight(), this.contentHeight);
      this.paint();
    });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    // One listener for every cell (rows are painted again as they scroll): the cell says where it is.
    this.body.addEventListener('click', (e) => this.onCellEvent(e, false));
    this.body.addEventListener('dblclick', (e) => this.onCellEvent(e, true));
    this.body.addEventListener('mouseover', (e) => {
      const cell = e.target instanceof Element ? e.target.closest<HTMLElement>('.gc') : null;
      const slot = this.slotOf(cell);
      const column = Number(cell?.dataset.c ?? NaN);
      if (slot?.cells[column]) showTooltip(slot.cells[column]);
    });
    const sizes = new ResizeObserver((entries) => {
      for (const e of entries) {
        if (e.target === this.scroller) this.viewportHeight = e.contentRect.height;
        else this.headHeight = e.borderBoxSize?.[0]?.blockSize ?? this.head.offsetHeight;
      }
      this.paint();
    });
    sizes.observe(this.scroller);
    sizes.observe(this.head);
  }

  connectedCallback(): void {
    if (!this.scroller.isConnected) this.append(this.scroller);
  }

  /** A run's rows in a view; a new shape or view redraws the header (filters typed stay). */
  show(o: {
    source: GridSource;
    events: GridEvents;
    columns: readonly SqlColumn[];
    view: ResultView;
    query: RowQuery;
    highlight: string;
    resetScroll: boolean;
  }): void {
    const reshape = o.view !== this.view || JSON.stringify(o.columns) !== JSON.stringify(this.columns);
    const headSignature = JSON.stringify([o.columns, o.view, o.query.sort ?? null]);
    this.source = o.source;
    this.events = o.events;
    this.query = o.query;
    this.highlight = o.highlight.toLowerCase();
    if (reshape) {
      this.columns = o.columns;
      this.view = o.view;
      this.widths = undefined;
      this.follow = o.view === 'changes';
    }
    if (reshape || o.resetScroll) {
      this.scroller.scrollTop = 0;
      this.selection = undefined;
    }
    this.stamp++;
    // The header is drawn again only when it changes: a filter being typed keeps its input.
    if (headSignature !== this.headSignature) {
      this.headSignature = headSignature;
      this.drawHead();
    }
    this.paint();
  }

  /** Scrolls so `position` is in view and selects it (a search match). */
  reveal(position: number): void {
    const total = this.source?.total() ?? 0;
    const shown = rowWindow({
      scrollTop: this.scroller.scrollTop,
      viewportHeight: this.rowsHeight(),
      rowHeight: ROW_HEIGHT_PX,
      rowCount: total,
      overscan: 0,
    });
    if (position < shown.start || position >= shown.end - 1)
      this.scroller.scrollTop = scrollTopFor(position, { viewportHeight: this.rowsHeight(), rowHeight: ROW_HEIGHT_PX, rowCount: total });
    this.select({ anchor: position, focus: position });
  }

  /** New rows or a new total: paint again (a changes view at its bottom follows the newest). */
  refresh(): void {
    this.stamp++;
    if (this.follow) this.frameAfter(() => (this.scroller.scrollTop = this.scroller.scrollHeight));
    this.paint();
  }

  focusGrid(): void {
    this.scroller.focus();
  }

  private frameAfter(fn: () => void): void {
    requestAnimationFrame(fn);
  }

  private rowsHeight(): number {
    // Sizes as last observed (reading them would lay the page out again in the middle of a frame).
    const viewport = this.viewportHeight >= 0 ? this.viewportHeight : this.scroller.clientHeight;
    const head = this.headHeight >= 0 ? this.headHeight : this.head.offsetHeight;
    return Math.max(0, viewport - head);
  }

  private template(): string {
    // The row numbers' column fits the largest number shown (at least 4 digits' room).
    const digits = Math.max(4, String(this.source?.total() ?? 0).length);
    const gutter = `${digits + 2}ch`;
    const lead = this.view === 'changes' ? `${gutter} 3.2em` : gutter;
    const widths = this.widths ?? this.columns.map((c) => columnWidthCh(c.name, c.type, []));
    return `${lead} ${widths.map((w) => `${w}ch`).join(' ')}`;
  }

  private drawHead(): void {
    const q = this.query;
    const cells: HTMLElement[] = [];
    const gutter = document.createElement('div');
    gutter.className = 'gh gutter';
    gutter.textContent = '#';
    cells.push(gutter);
    if (this.view === 'changes') {
      const op = document.createElement('div');
      op.className = 'gh';
      op.textContent = 'op';
      op.title = l10n.t('The change: +I insert, -U before an update, +U after it, -D delete');
      cells.push(op);
    }
    this.columns.forEach((c, i) => {
      const cell = document.createElement('div');
      cell.className = 'gh';
      cell.setAttribute('role', 'columnheader');
      const sort = q?.sort?.column === i ? (q.sort.descending ? 'descending' : 'ascending') : 'none';
      cell.setAttribute('aria-sort', sort);
      const name = document.createElement('button');
      name.className = 'gh-name';
      name.textContent = c.name + (sort === 'ascending' ? ' ▲' : sort === 'descending' ? ' ▼' : '');
      name.title = l10n.t('Sort by {0}', c.name);
      name.addEventListener('click', () => this.events?.sort(i));
      const type = document.createElement('div');
      type.className = 'gh-type';
      type.textContent = c.type;
      type.title = c.type;
      const filter = document.createElement('input');
      filter.className = 'gh-filter';
      filter.type = 'search';
      filter.placeholder = l10n.t('Filter');
      filter.setAttribute('aria-label', l10n.t('Filter {0}', c.name));
      filter.value = q?.filters.find((f) => f.column === i)?.text ?? '';
      filter.addEventListener('input', () => this.events?.filter(i, filter.value));
      cell.append(name, type, filter);
      cells.push(cell);
    });
    // Keep the focused filter (typing in it redraws the header).
    const active = document.activeElement;
    const focusedIndex = active instanceof HTMLInputElement ? [...this.head.querySelectorAll('input')].indexOf(active) : -1;
    this.head.replaceChildren(...cells);
    this.head.style.setProperty('grid-template-columns', this.template());
    if (focusedIndex >= 0) {
      const input = this.head.querySelectorAll('input')[focusedIndex];
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
    }
  }

  private paint(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paintNow();
    });
  }

  private paintNow(): void {
    const source = this.source;
    if (!source) return;
    const total = source.total();
    const scrollTop = this.scroller.scrollTop;
    const at = { scrollTop, viewportHeight: this.rowsHeight(), rowHeight: ROW_HEIGHT_PX, rowCount: total };
    const w = rowWindow({ ...at, overscan: OVERSCAN });
    // Moved by more than a screen since the last frame (the scrollbar dragged, a fling): the rows
    // beyond the view stay blank this frame, and fill in the next one if the view stays put.
    const jumped = Math.abs(scrollTop - this.paintedTop) > at.viewportHeight;
    this.paintedTop = scrollTop;
    const shown = jumped ? rowWindow({ ...at, overscan: 0 }) : w;
    if (jumped) this.paint();
    if (w.contentHeight !== this.contentHeight || !this.spacer.style.height) {
      this.contentHeight = w.contentHeight;
      this.spacer.style.height = `${w.contentHeight}px`;
    }
    const transform = `translateY(${w.offsetY}px)`;
    if (this.body.style.transform !== transform) this.body.style.transform = transform;
    source.need(w.start, w.end);
    if (!this.widths && total > 0 && source.row(w.start)) {
      const sample: WindowRow[] = [];
      for (let p = w.start; p < w.end; p++) {
        const r = source.row(p);
        if (r) sample.push(r);
      }
      this.widths = this.columns.map((c, i) =>
        columnWidthCh(
          c.name,
          c.type,
          sample.map((r) => r.cells[i] ?? null),
        ),
      );
      this.head.style.setProperty('grid-template-columns', this.template());
    }
    const template = this.template();
    if (template !== this.head.style.getPropertyValue('grid-template-columns'))
      this.head.style.setProperty('grid-template-columns', template);
    if (template !== this.spacerTemplate) {
      // The rows' width is the sum of their tracks, said outright: a row is laid out alone
      // (CSS containment), so new text in a cell never makes the browser measure every row again.
      this.spacerTemplate = template;
      this.spacer.style.width = `calc(${template.split(' ').join(' + ')})`;
    }
    const key = `${w.start}:${w.end}:${shown.start}:${shown.end}:${this.stamp}:${JSON.stringify(this.selection ?? null)}:${template}`;
    if (key === this.painted) return;
    this.painted = key;
    this.fitPool(w.end - w.start);
    const paint = { template, columns: this.columns, selection: this.selection, highlight: this.highlight };
    for (let i = 0, p = w.start; i < this.pool.length; i++, p++)
      paintRowSlot(this.pool[i], p, p >= shown.start && p < shown.end ? source.row(p) : undefined, paint);
    if (total !== this.rowCount) {
      this.rowCount = total;
      this.setAttribute('aria-rowcount', String(total));
    }
  }

  /** Keeps exactly `count` row elements (all made again when the columns or the view changed). */
  private fitPool(count: number): void {
    const shape = `${this.view}:${this.columns.length}`;
    if (shape !== this.poolShape) {
      this.poolShape = shape;
      this.pool = [];
      this.body.replaceChildren();
    }
    if (this.pool.length < count) {
      const added: HTMLElement[] = [];
      while (this.pool.length < count) {
        const slot = newRowSlot(this.view === 'changes', this.columns.length);
        this.pool.push(slot);
        added.push(slot.el);
      }
      this.body.append(...added);
    }
    while (this.pool.length > count) this.pool.pop()?.el.remove();
  }

  private onCellEvent(e: MouseEvent, open: boolean): void {
    const target = e.target instanceof Element ? e.target : undefined;
    const cell = target?.closest<HTMLElement>('.gc');
    const slot = this.slotOf(cell);
    if (!cell || !slot) return;
    const position = slot.position;
    const column = cell.dataset.c === undefined ? undefined : Number(cell.dataset.c);
    const row = this.source?.row(position);
    if (column !== undefined && row && (open || target?.closest('.nested'))) {
      this.events?.openCell(row, position, column);
      return;
    }
    const sel = this.selection;
    if (e.shiftKey && sel) this.select({ anchor: sel.anchor, focus: position });
    else this.select({ anchor: position, focus: position, ...(column !== undefined ? { column } : {}) });
  }

  /** The kept row element a cell is in. */
  private slotOf(cell: Element | null | undefined): RowSlot | undefined {
    return cell ? this.pool.find((s) => s.el === cell.parentElement) : undefined;
  }

  private select(s: GridSelection | undefined): void {
    this.selection = s;
    this.events?.selected(s);
    this.paint();
  }

  private onKey(e: KeyboardEvent): void {
    const sel = this.selection;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && sel) {
      e.preventDefault();
      this.events?.copy(sel);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      this.select({ anchor: 0, focus: Math.max(0, (this.source?.total() ?? 1) - 1) });
      return;
    }
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    if (!step || !sel) return;
    e.preventDefault();
    const last = Math.max(0, (this.source?.total() ?? 1) - 1);
    const to = Math.max(0, Math.min(last, sel.focus + step));
    this.reveal(to);
    if (e.shiftKey) this.select({ anchor: sel.anchor, focus: to });
    else this.select({ anchor: to, focus: to, ...(sel.column !== undefined && sel.anchor === sel.focus ? { column: sel.column } : {}) });
  }
}

if (!customElements.get('dc-sql-grid')) customElements.define('dc-sql-grid', SqlGrid);
