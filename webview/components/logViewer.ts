/**
 * <dc-log-viewer>: a virtualized view over a LogBuffer mirror. Only the rows in view (plus a few)
 * exist in the DOM; each is rebuilt from text nodes and classed spans (colours from ANSI SGR codes),
 * never from markup, so a log line is always shown literally.
 *
 * Follow mode keeps the newest line in view; scrolling up pauses it and reaching the bottom again
 * (or End, or the Follow button) resumes it. Search runs over the whole buffer, not the rendered
 * rows, with next/previous; new lines are searched as they arrive.
 *
 * Long lines are never wrapped: the whole view scrolls sideways (its width is the widest line painted
 * so far), and going to a match scrolls it into view both ways. With `fill` the viewer takes the
 * page's remaining height, and takes it again when the window or the content above it changes.
 *
 * The toolbar is rendered by lit; the rows are painted by hand at most once a frame, because at
 * 20,000 lines a second a template diff per batch would cost more than the rows themselves.
 */
import * as l10n from '@vscode/l10n';
import { html, LitElement, nothing, PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { ErrorData } from '../../shared/protocol/envelope';
import { TIME_RANGES, TimeRange } from '../../shared/protocol/clusterPage';
import { RowPainter, ROW_HEIGHT_PX } from './logViewer/rows';
import { LogSearch, LogSource } from './logViewer/search';
import { logViewerStyles } from './logViewer/styles';
import { logToolbar, logToolbarStyles } from './logViewer/toolbar';
import { baseStyles } from './theme';
import { fillHeight, followAfterScroll, rowWindow, scrollLeftToReveal, scrollTopFor } from './virtual';

export { ROW_HEIGHT_PX } from './logViewer/rows';
export type { LogSource } from './logViewer/search';
export { timeRangeLabel } from './logViewer/toolbar';

/** The least height `fill` gives the viewer in a short window: the toolbar and a few lines. */
const MIN_FILL_HEIGHT_PX = 200;

export interface LogStatus {
  readonly streaming: boolean;
  readonly error?: ErrorData;
}

export class LogViewer extends LitElement {
  static override properties = {
    range: { type: String },
    fill: { type: Boolean, reflect: true },
    status: { attribute: false },
    following: { state: true },
    matchLabel: { state: true },
  };

  static override styles = [baseStyles, logToolbarStyles, logViewerStyles];

  declare range: TimeRange;
  /** Take the page's remaining height: from the viewer's top to the window's bottom, less what follows it. */
  declare fill: boolean;
  declare status: LogStatus | undefined;
  declare following: boolean;
  declare matchLabel: string;

  private source: LogSource | undefined;
  private scroller?: HTMLDivElement;
  private spacer?: HTMLDivElement;
  private rowsEl?: HTMLDivElement;
  private frame = 0;
  private lastScrollTop = 0;
  /** Set when a match was selected: the next paint scrolls sideways to it if it is out of view. */
  private revealMatch = false;
  private fitFrame = 0;
  private resizeObserver: ResizeObserver | undefined;
  private readonly painter = new RowPainter();
  private readonly find = new LogSearch();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.range = 'all';
    this.fill = false;
    this.status = undefined;
    this.following = true;
    this.matchLabel = '';
  }

  /** Points the viewer at a buffer (or the same buffer after a reset): repaints from scratch. */
  setSource(source: LogSource): void {
    this.source = source;
    this.painter.reset();
    this.find.reset(source.firstSeq);
    if (this.find.query) this.runSearch(false);
    this.linesChanged();
  }

  /** Call after lines were appended to (or evicted from) the source. */
  linesChanged(): void {
    if (!this.source) return;
    if (this.find.query) this.extendSearch();
    this.schedulePaint();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Runs a search now (no debounce) and returns how many lines match; for the keyboard path and benchmarks. */
  search(query: string): number {
    this.find.query = query;
    const field = this.renderRoot.querySelector<HTMLInputElement>('vscode-textfield');
    if (field && field.value !== query) field.value = query;
    this.runSearch(true);
    return this.find.hits.length;
  }

  next(): void {
    this.step(1);
  }

  previous(): void {
    this.step(-1);
  }

  resumeFollow(): void {
    this.following = true;
    this.schedulePaint();
  }

  protected override render() {
    const error = this.status?.error;
    return html`
      ${logToolbar({
        range: this.range,
        matchLabel: this.matchLabel,
        onRange: this.onRange,
        onSearchInput: this.onSearchInput,
        onSearchKey: this.onSearchKey,
        onPrevious: () => this.previous(),
        onNext: () => this.next(),
        onDownload: () => this.emit('dc-download'),
        onOpenInEditor: () => this.emit('dc-open-in-editor'),
      })}
      ${error ? html`<div class="error" role="alert">${error.message}</div>` : nothing}
      ${
        this.following
          ? nothing
          : html`<div class="paused" role="status">
              ${l10n.t('Following paused.')}
              <vscode-button secondary @click=${this.resumeFollow} title=${l10n.t('Resume following (End)')}
                >${l10n.t('Follow')}</vscode-button
              >
            </div>`
      }
      <div
        class="scroller"
        tabindex="0"
        role="log"
        aria-label=${l10n.t('Log lines')}
        @scroll=${this.onScroll}
        @keydown=${this.onScrollerKey}
      >
        <div class="spacer"></div>
        <div class="rows"></div>
      </div>
    `;
  }

  protected override firstUpdated(): void {
    this.scroller = this.renderRoot.querySelector<HTMLDivElement>('.scroller') ?? undefined;
    this.spacer = this.renderRoot.querySelector<HTMLDivElement>('.spacer') ?? undefined;
    this.rowsEl = this.renderRoot.querySelector<HTMLDivElement>('.rows') ?? undefined;
    this.addEventListener('keydown', this.onHostKey);
    this.schedulePaint();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Whatever moves the viewer or changes what follows it (a banner above, the window's size)
    // resizes the body or the window: fit again then.
    window.addEventListener('resize', this.scheduleFit);
    this.resizeObserver = new ResizeObserver(this.scheduleFit);
    this.resizeObserver.observe(document.body);
    this.scheduleFit();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The paused bar appearing or going changes the viewport height.
    if (changed.has('following')) this.schedulePaint();
    if (changed.has('fill')) this.scheduleFit();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = 0;
    window.removeEventListener('resize', this.scheduleFit);
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    clearTimeout(this.searchTimer);
  }

  private scheduleFit = (): void => {
    if (!this.fill || this.fitFrame || !this.isConnected) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      this.fit();
    });
  };

  /** With `fill`: the height that makes the page end exactly at the window's bottom edge. */
  private fit(): void {
    if (!this.fill || !this.isConnected) return;
    const box = this.getBoundingClientRect();
    // A hidden tab (display: none) has no box: nothing to fit until it shows.
    if (!box.width && !box.height) return;
    const body = document.body.getBoundingClientRect();
    const bodyMargin = parseFloat(getComputedStyle(document.body).marginBottom) || 0;
    const height = fillHeight({
      viewportHeight: window.innerHeight,
      // In page coordinates: a page scrolled down still ends at the window's bottom once scrolled back.
      top: box.top + window.scrollY,
      below: body.bottom + bodyMargin - box.bottom,
      minHeight: MIN_FILL_HEIGHT_PX,
    });
    // CSSOM, not a style attribute: the CSP allows it. Sub-pixel changes would only feed the observer.
    if (Math.abs(height - box.height) >= 0.5) this.style.height = `${height}px`;
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private onRange = (e: Event): void => {
    const value = (e.target as HTMLInputElement).value;
    if (!(TIME_RANGES as readonly string[]).includes(value) || value === this.range) return;
    this.range = value as TimeRange;
    this.emit('dc-range-change', { range: this.range });
  };

  private onSearchInput = (e: Event): void => {
    this.find.query = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    // Typing fast should not search 200,000 lines per key.
    this.searchTimer = setTimeout(() => this.runSearch(true), 120);
  };

  private onSearchKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(this.searchTimer);
      const q = (e.target as HTMLInputElement).value;
      // Enter right after typing must search the new text, not step through the previous query's matches.
      if (q !== this.find.hitsQuery || this.find.current < 0) this.search(q);
      else this.step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      (e.target as HTMLInputElement).value = '';
      this.search('');
    }
  };

  private onHostKey = (e: KeyboardEvent): void => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      this.renderRoot.querySelector<HTMLElement>('vscode-textfield')?.focus();
    } else if (e.key === 'F3') {
      e.preventDefault();
      this.step(e.shiftKey ? -1 : 1);
    }
  };

  private onScrollerKey = (e: KeyboardEvent): void => {
    if (e.key === 'End' && !e.shiftKey) {
      e.preventDefault();
      this.resumeFollow();
    } else if (e.key === 'Home' && !e.shiftKey && this.scroller) {
      e.preventDefault();
      this.scroller.scrollTop = 0;
    }
  };

  private onScroll = (): void => {
    const s = this.scroller;
    if (!s) return;
    const following = followAfterScroll(this.following, {
      scrollTop: s.scrollTop,
      previousScrollTop: this.lastScrollTop,
      viewportHeight: s.clientHeight,
      contentHeight: s.scrollHeight,
    });
    this.lastScrollTop = s.scrollTop;
    if (following !== this.following) {
      this.following = following;
      this.emit('dc-follow-change', { following });
    }
    this.schedulePaint();
  };

  private runSearch(jump: boolean): void {
    this.painter.invalidate();
    this.find.run(this.source);
    if (jump && this.find.hits.length) {
      // Start from the first match at or below the top of the view, as an editor's find does.
      this.select(this.find.firstFrom(this.firstVisibleSeq()));
    } else {
      this.updateMatchLabel();
      this.schedulePaint();
    }
  }

  /** Drops evicted matches and searches what arrived since the last search. */
  private extendSearch(): void {
    const src = this.source;
    if (!src) return;
    this.find.extend(src);
    this.updateMatchLabel();
  }

  private step(delta: number): void {
    const i = this.find.stepFrom(delta, () => this.firstVisibleSeq());
    if (i !== undefined) this.select(i);
  }

  private select(i: number): void {
    const src = this.source;
    const s = this.scroller;
    this.find.current = i;
    this.painter.invalidate();
    this.updateMatchLabel();
    if (src && s) {
      const row = this.find.hits[i] - src.firstSeq;
      const top = scrollTopFor(row, { viewportHeight: s.clientHeight, rowHeight: ROW_HEIGHT_PX, rowCount: src.endSeq - src.firstSeq });
      // Going to a match is looking back: stop following, or the next batch would scroll it away.
      if (this.following && row < src.endSeq - src.firstSeq - 1) {
        this.following = false;
        this.emit('dc-follow-change', { following: false });
      }
      this.lastScrollTop = top;
      s.scrollTop = top;
      this.revealMatch = true;
    }
    this.schedulePaint();
  }

  private updateMatchLabel(): void {
    this.matchLabel = this.find.label();
  }

  private firstVisibleSeq(): number {
    const src = this.source;
    if (!src || !this.scroller) return 0;
    const w = this.window();
    return src.firstSeq + Math.min(w.start + 10, w.end);
  }

  private window() {
    const src = this.source;
    const s = this.scroller;
    return rowWindow({
      scrollTop: s?.scrollTop ?? 0,
      viewportHeight: s?.clientHeight ?? 0,
      rowHeight: ROW_HEIGHT_PX,
      rowCount: src ? src.endSeq - src.firstSeq : 0,
      overscan: 10,
    });
  }

  private schedulePaint(): void {
    if (this.frame || !this.isConnected) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const src = this.source;
    const s = this.scroller;
    if (!src || !s || !this.spacer || !this.rowsEl) return;
    const rowCount = src.endSeq - src.firstSeq;
    // Height first, so a follow scroll can reach the new bottom.
    const contentHeight = rowWindow({ scrollTop: 0, viewportHeight: s.clientHeight, rowHeight: ROW_HEIGHT_PX, rowCount }).contentHeight;
    // CSSOM properties, not style attributes: the CSP allows these.
    this.spacer.style.height = `${contentHeight}px`;
    if (this.following) {
      const bottom = Math.max(0, contentHeight - s.clientHeight);
      if (s.scrollTop !== bottom) s.scrollTop = bottom;
      this.lastScrollTop = s.scrollTop;
    }
    const w = this.window();
    const currentSeq = this.find.currentSeq;
    this.painter.paint(src, w, { spacer: this.spacer, rowsEl: this.rowsEl }, currentSeq, this.find.query);
    if (this.revealMatch) {
      this.revealMatch = false;
      const mark = this.painter.row(currentSeq)?.querySelector('mark');
      if (mark) {
        // Offsets are relative to .rows, the marks' nearest positioned ancestor, which starts at the content's left edge.
        s.scrollLeft = scrollLeftToReveal({
          left: mark.offsetLeft,
          width: mark.offsetWidth,
          scrollLeft: s.scrollLeft,
          viewportWidth: s.clientWidth,
        });
      }
    }
  }
}

if (!customElements.get('dc-log-viewer')) customElements.define('dc-log-viewer', LogViewer);

declare global {
  interface HTMLElementTagNameMap {
    'dc-log-viewer': LogViewer;
  }
}
