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
import { css, html, LitElement, nothing, PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { SearchOptions, SearchResult } from '../../shared/logs/logBuffer';
import { ErrorData } from '../../shared/protocol/envelope';
import { TIME_RANGES, TimeRange } from '../../shared/protocol/clusterPage';
import { parseAnsi } from './ansi';
import { baseStyles } from './theme';
import { fillHeight, followAfterScroll, lowerBound, rowWindow, scrollLeftToReveal, scrollTopFor } from './virtual';

/** What the viewer reads; a LogBuffer is one. */
export interface LogSource {
  readonly firstSeq: number;
  readonly endSeq: number;
  get(seq: number): string | undefined;
  search(query: string, opts?: SearchOptions): SearchResult;
}

/** Must match `.row` height in the styles below. */
export const ROW_HEIGHT_PX = 18;
/** Most matches kept for next/previous; the count says when there are more. */
const MAX_MATCHES = 100_000;
/** Characters of a line rendered; the buffer cuts at 16 KiB already, this guards a foreign source. */
const MAX_RENDERED_CHARS = 20_000;
/** The least height `fill` gives the viewer in a short window: the toolbar and a few lines. */
const MIN_FILL_HEIGHT_PX = 200;

/** What the time range choice shows; a function, so each label is looked up when the toolbar renders. */
export function timeRangeLabel(r: TimeRange): string {
  switch (r) {
    case '5m':
      return l10n.t('Last 5 minutes');
    case '15m':
      return l10n.t('Last 15 minutes');
    case '1h':
      return l10n.t('Last hour');
    case '6h':
      return l10n.t('Last 6 hours');
    case '24h':
      return l10n.t('Last 24 hours');
    case 'all':
      return l10n.t('All');
  }
}

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

  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 6px;
        align-items: center;
        padding: 4px 0;
      }
      .toolbar vscode-textfield {
        flex: 1 1 12em;
        min-width: 8em;
      }
      .toolbar vscode-single-select {
        width: 11em;
      }
      .count {
        min-width: 6em;
        color: var(--vscode-descriptionForeground);
        font-variant-numeric: tabular-nums;
      }
      .paused {
        display: flex;
        gap: 6px;
        align-items: center;
        color: var(--vscode-descriptionForeground);
        padding: 2px 0;
      }
      .scroller {
        position: relative;
        flex: 1 1 auto;
        min-height: 120px;
        overflow: auto;
        border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
        background: var(--vscode-terminal-background, var(--vscode-editor-background));
        color: var(--vscode-terminal-foreground, var(--vscode-editor-foreground));
        font-family: var(--vscode-editor-font-family, monospace);
        font-size: var(--vscode-editor-font-size, 13px);
        contain: strict;
      }
      .spacer {
        width: 1px;
      }
      /* As wide as the widest line seen: long lines scroll sideways with the whole view. */
      .rows {
        position: absolute;
        top: 0;
        left: 0;
        min-width: 100%;
        will-change: transform;
      }
      .row {
        height: 18px;
        line-height: 18px;
        white-space: pre;
        padding: 0 6px;
      }
      .row.current {
        background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33));
        outline: 1px solid var(--vscode-editor-findMatchBorder, transparent);
      }
      mark {
        background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33));
        color: inherit;
      }
      .row.current mark {
        background: var(--vscode-editor-findMatchBackground, rgba(81, 92, 106, 0.8));
      }
      .ansi-bold {
        font-weight: bold;
      }
      .ansi-dim {
        opacity: 0.7;
      }
      .ansi-italic {
        font-style: italic;
      }
      .ansi-underline {
        text-decoration: underline;
      }
      .ansi-strike {
        text-decoration: line-through;
      }
      .ansi-inverse-fg {
        color: var(--vscode-terminal-background, var(--vscode-editor-background));
      }
      .ansi-inverse-bg {
        background: var(--vscode-terminal-foreground, var(--vscode-editor-foreground));
      }
      .ansi-fg-0 {
        color: var(--vscode-terminal-ansiBlack);
      }
      .ansi-fg-1 {
        color: var(--vscode-terminal-ansiRed);
      }
      .ansi-fg-2 {
        color: var(--vscode-terminal-ansiGreen);
      }
      .ansi-fg-3 {
        color: var(--vscode-terminal-ansiYellow);
      }
      .ansi-fg-4 {
        color: var(--vscode-terminal-ansiBlue);
      }
      .ansi-fg-5 {
        color: var(--vscode-terminal-ansiMagenta);
      }
      .ansi-fg-6 {
        color: var(--vscode-terminal-ansiCyan);
      }
      .ansi-fg-7 {
        color: var(--vscode-terminal-ansiWhite);
      }
      .ansi-fg-8 {
        color: var(--vscode-terminal-ansiBrightBlack);
      }
      .ansi-fg-9 {
        color: var(--vscode-terminal-ansiBrightRed);
      }
      .ansi-fg-10 {
        color: var(--vscode-terminal-ansiBrightGreen);
      }
      .ansi-fg-11 {
        color: var(--vscode-terminal-ansiBrightYellow);
      }
      .ansi-fg-12 {
        color: var(--vscode-terminal-ansiBrightBlue);
      }
      .ansi-fg-13 {
        color: var(--vscode-terminal-ansiBrightMagenta);
      }
      .ansi-fg-14 {
        color: var(--vscode-terminal-ansiBrightCyan);
      }
      .ansi-fg-15 {
        color: var(--vscode-terminal-ansiBrightWhite);
      }
      .ansi-bg-0 {
        background: var(--vscode-terminal-ansiBlack);
      }
      .ansi-bg-1 {
        background: var(--vscode-terminal-ansiRed);
      }
      .ansi-bg-2 {
        background: var(--vscode-terminal-ansiGreen);
      }
      .ansi-bg-3 {
        background: var(--vscode-terminal-ansiYellow);
      }
      .ansi-bg-4 {
        background: var(--vscode-terminal-ansiBlue);
      }
      .ansi-bg-5 {
        background: var(--vscode-terminal-ansiMagenta);
      }
      .ansi-bg-6 {
        background: var(--vscode-terminal-ansiCyan);
      }
      .ansi-bg-7 {
        background: var(--vscode-terminal-ansiWhite);
      }
      .ansi-bg-8 {
        background: var(--vscode-terminal-ansiBrightBlack);
      }
      .ansi-bg-9 {
        background: var(--vscode-terminal-ansiBrightRed);
      }
      .ansi-bg-10 {
        background: var(--vscode-terminal-ansiBrightGreen);
      }
      .ansi-bg-11 {
        background: var(--vscode-terminal-ansiBrightYellow);
      }
      .ansi-bg-12 {
        background: var(--vscode-terminal-ansiBrightBlue);
      }
      .ansi-bg-13 {
        background: var(--vscode-terminal-ansiBrightMagenta);
      }
      .ansi-bg-14 {
        background: var(--vscode-terminal-ansiBrightCyan);
      }
      .ansi-bg-15 {
        background: var(--vscode-terminal-ansiBrightWhite);
      }
      @media (forced-colors: active) {
        .row.current {
          outline: 1px solid Highlight;
        }
      }
    `,
  ];

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
  /** The widest row painted since the last reset, in pixels; the content never narrows while scrolling. */
  private contentWidth = 0;
  /** Set when a match was selected: the next paint scrolls sideways to it if it is out of view. */
  private revealMatch = false;
  private fitFrame = 0;
  private resizeObserver: ResizeObserver | undefined;
  /** Rows on screen by sequence, reused while they stay in view. */
  private rendered = new Map<number, HTMLDivElement>();
  /** Bumped when what a row shows changes for reasons other than its line (query, current match). */
  private renderVersion = 0;
  private readonly rowVersion = new WeakMap<HTMLDivElement, number>();

  private query = '';
  /** The query `hits` belong to: typing updates `query` at once, the search runs after a pause. */
  private hitsQuery = '';
  private hits: number[] = [];
  private hitsTruncated = false;
  private current = -1;
  private searchedTo = 0;
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
    this.rendered.clear();
    this.contentWidth = 0;
    this.renderVersion++;
    this.searchedTo = source.firstSeq;
    this.hits = [];
    this.current = -1;
    if (this.query) this.runSearch(false);
    this.linesChanged();
  }

  /** Call after lines were appended to (or evicted from) the source. */
  linesChanged(): void {
    if (!this.source) return;
    if (this.query) this.extendSearch();
    this.schedulePaint();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Runs a search now (no debounce) and returns how many lines match; for the keyboard path and benchmarks. */
  search(query: string): number {
    this.query = query;
    const field = this.renderRoot.querySelector<HTMLInputElement>('vscode-textfield');
    if (field && field.value !== query) field.value = query;
    this.runSearch(true);
    return this.hits.length;
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
      <div class="toolbar" role="toolbar" aria-label=${l10n.t('Log tools')}>
        <vscode-single-select aria-label=${l10n.t('Time range')} .value=${this.range} @change=${this.onRange}>
          ${TIME_RANGES.map((r) => html`<vscode-option value=${r} ?selected=${r === this.range}>${timeRangeLabel(r)}</vscode-option>`)}
        </vscode-single-select>
        <vscode-textfield
          placeholder=${l10n.t('Search all lines')}
          aria-label=${l10n.t('Search all lines')}
          @input=${this.onSearchInput}
          @keydown=${this.onSearchKey}
        ></vscode-textfield>
        <span class="count" aria-live="polite">${this.matchLabel}</span>
        <vscode-button secondary title=${l10n.t('Previous match (Shift+Enter)')} @click=${this.previous}
          >${l10n.t('Previous')}</vscode-button
        >
        <vscode-button secondary title=${l10n.t('Next match (Enter)')} @click=${this.next}>${l10n.t('Next')}</vscode-button>
        <vscode-button secondary @click=${() => this.emit('dc-download')}>${l10n.t('Download')}</vscode-button>
        <vscode-button secondary @click=${() => this.emit('dc-open-in-editor')}>${l10n.t('Open in Editor')}</vscode-button>
      </div>
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
    this.query = (e.target as HTMLInputElement).value;
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
      if (q !== this.hitsQuery || this.current < 0) this.search(q);
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
    const src = this.source;
    this.renderVersion++;
    this.hitsQuery = this.query;
    if (!src || !this.query) {
      this.hits = [];
      this.current = -1;
      this.hitsTruncated = false;
      this.searchedTo = src?.endSeq ?? 0;
      this.updateMatchLabel();
      this.schedulePaint();
      return;
    }
    const r = src.search(this.query, { limit: MAX_MATCHES });
    this.hits = r.matches;
    this.hitsTruncated = r.truncated;
    this.searchedTo = r.truncated ? this.hits[this.hits.length - 1] + 1 : src.endSeq;
    this.current = -1;
    if (jump && this.hits.length) {
      // Start from the first match at or below the top of the view, as an editor's find does.
      const top = this.firstVisibleSeq();
      const i = lowerBound(this.hits, top);
      this.select(i < this.hits.length ? i : 0);
    } else {
      this.updateMatchLabel();
      this.schedulePaint();
    }
  }

  /** Drops evicted matches and searches what arrived since the last search. */
  private extendSearch(): void {
    const src = this.source;
    if (!src) return;
    const cut = lowerBound(this.hits, src.firstSeq);
    if (cut > 0) {
      this.hits = this.hits.slice(cut);
      this.current = this.current >= cut ? this.current - cut : -1;
    }
    if (!this.hitsTruncated && this.searchedTo < src.endSeq) {
      const room = MAX_MATCHES - this.hits.length;
      const r = src.search(this.query, { fromSeq: Math.max(this.searchedTo, src.firstSeq), limit: room });
      for (const m of r.matches) this.hits.push(m);
      this.hitsTruncated = r.truncated;
      this.searchedTo = r.truncated ? this.hits[this.hits.length - 1] + 1 : src.endSeq;
    }
    this.updateMatchLabel();
  }

  private step(delta: number): void {
    if (!this.hits.length) return;
    const n = this.hits.length;
    const i = this.current < 0 ? (delta > 0 ? lowerBound(this.hits, this.firstVisibleSeq()) % n : n - 1) : (this.current + delta + n) % n;
    this.select(i);
  }

  private select(i: number): void {
    const src = this.source;
    const s = this.scroller;
    this.current = i;
    this.renderVersion++;
    this.updateMatchLabel();
    if (src && s) {
      const row = this.hits[i] - src.firstSeq;
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
    const n = this.hits.length;
    // '?' until a match is selected; "+" when the search stopped at MAX_MATCHES.
    const at = this.current >= 0 ? this.current + 1 : '?';
    this.matchLabel = !this.query
      ? ''
      : n === 0
        ? l10n.t('No results')
        : this.hitsTruncated
          ? l10n.t('{0} of {1}+', at, n)
          : l10n.t('{0} of {1}', at, n);
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
    this.rowsEl.style.transform = `translateY(${w.offsetY}px)`;
    const currentSeq = this.current >= 0 ? this.hits[this.current] : -1;
    const next = new Map<number, HTMLDivElement>();
    const children: HTMLDivElement[] = [];
    for (let i = w.start; i < w.end; i++) {
      const seq = src.firstSeq + i;
      let row = this.rendered.get(seq);
      if (!row || this.rowVersion.get(row) !== this.renderVersion) {
        row = this.buildRow(src.get(seq) ?? '', seq === currentSeq);
        this.rowVersion.set(row, this.renderVersion);
      }
      next.set(seq, row);
      children.push(row);
    }
    this.rendered = next;
    this.rowsEl.replaceChildren(...children);
    // The content is as wide as the widest row painted so far, so the sideways scroll range does not
    // shrink and jump while scrolling down past shorter lines.
    const width = this.rowsEl.scrollWidth;
    if (width > this.contentWidth) {
      this.contentWidth = width;
      this.spacer.style.width = `${width}px`;
      this.rowsEl.style.width = `${width}px`;
    }
    if (this.revealMatch) {
      this.revealMatch = false;
      const mark = this.rendered.get(currentSeq)?.querySelector('mark');
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

  private buildRow(line: string, current: boolean): HTMLDivElement {
    const row = document.createElement('div');
    row.className = current ? 'row current' : 'row';
    const text = line.length > MAX_RENDERED_CHARS ? line.slice(0, MAX_RENDERED_CHARS) : line;
    const q = this.query.toLowerCase();
    for (const seg of parseAnsi(text)) {
      const parent: HTMLElement = seg.classes ? row.appendChild(document.createElement('span')) : row;
      if (seg.classes) parent.className = seg.classes;
      appendHighlighted(parent, seg.text, q);
    }
    return row;
  }
}

/** Appends `text` as text nodes, with each case-insensitive occurrence of `q` in a <mark>. */
function appendHighlighted(parent: HTMLElement, text: string, q: string): void {
  if (!q) {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  const lower = text.toLowerCase();
  // toLowerCase can change lengths for a few characters; then highlight nothing rather than the wrong range.
  if (lower.length !== text.length) {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    if (at > from) parent.appendChild(document.createTextNode(text.slice(from, at)));
    const mark = parent.appendChild(document.createElement('mark'));
    mark.textContent = text.slice(at, at + q.length);
    from = at + q.length;
  }
  if (from < text.length) parent.appendChild(document.createTextNode(text.slice(from)));
}

if (!customElements.get('dc-log-viewer')) customElements.define('dc-log-viewer', LogViewer);

declare global {
  interface HTMLElementTagNameMap {
    'dc-log-viewer': LogViewer;
  }
}
