/**
 * The arithmetic of the virtualized log view, apart from the DOM so it is tested directly: which
 * rows to render for a scroll position, where to scroll to show a row, and when "follow" pauses
 * and resumes.
 */

/** Chromium refuses elements taller than about 33.5 million pixels; stay well under it. */
export const MAX_SCROLL_HEIGHT_PX = 15_000_000;

export interface WindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Extra rows rendered above and below, so a fast wheel does not show blank space. */
  readonly overscan?: number;
}

export interface RowWindow {
  /** First row index to render (0 = oldest kept line). */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Pixels from the top of the scroll content to the first rendered row. */
  readonly offsetY: number;
  /** Height of the whole scroll content. */
  readonly contentHeight: number;
}

/**
 * Rows are all `rowHeight` tall (no wrapping: long lines scroll sideways), so the window is a
 * division. Past MAX_SCROLL_HEIGHT_PX the scroll position maps proportionally onto the rows.
 */
export function rowWindow(i: WindowInput): RowWindow {
  const overscan = i.overscan ?? 10;
  const rowHeight = Math.max(1, i.rowHeight);
  const rowCount = Math.max(0, Math.floor(i.rowCount));
  const natural = rowCount * rowHeight;
  const contentHeight = Math.min(natural, MAX_SCROLL_HEIGHT_PX);
  const visibleRows = Math.ceil(Math.max(0, i.viewportHeight) / rowHeight) + 1;
  const maxScroll = Math.max(0, contentHeight - i.viewportHeight);
  const scrollTop = Math.min(Math.max(0, i.scrollTop), maxScroll);
  // With scaling, the scroll fraction picks the first row; at the bottom the last rows are in view.
  const firstVisible =
    natural === contentHeight
      ? Math.floor(scrollTop / rowHeight)
      : Math.floor((maxScroll === 0 ? 0 : scrollTop / maxScroll) * Math.max(0, rowCount - visibleRows + 1));
  const start = Math.max(0, Math.min(firstVisible, rowCount) - overscan);
  const end = Math.min(rowCount, firstVisible + visibleRows + overscan);
  // Where the first rendered row sits: exact without scaling, pinned to the viewport with it.
  const offsetY = natural === contentHeight ? start * rowHeight : scrollTop - (firstVisible - start) * rowHeight;
  return { start, end, offsetY, contentHeight };
}

/** The scrollTop that puts `row` in the middle of the viewport (for jumping to a search match). */
export function scrollTopFor(row: number, i: Omit<WindowInput, 'scrollTop' | 'overscan'>): number {
  const rowHeight = Math.max(1, i.rowHeight);
  const natural = i.rowCount * rowHeight;
  const contentHeight = Math.min(natural, MAX_SCROLL_HEIGHT_PX);
  const maxScroll = Math.max(0, contentHeight - i.viewportHeight);
  let top: number;
  if (natural === contentHeight) {
    top = row * rowHeight - (i.viewportHeight - rowHeight) / 2;
  } else {
    const visibleRows = Math.ceil(i.viewportHeight / rowHeight) + 1;
    const first = Math.max(0, row - Math.floor(visibleRows / 2));
    top = (first / Math.max(1, i.rowCount - visibleRows + 1)) * maxScroll;
  }
  return Math.round(Math.min(Math.max(0, top), maxScroll));
}

/** Within this many pixels of the bottom counts as "at the bottom" (fractional zoom leaves a pixel or two). */
export const BOTTOM_TOLERANCE_PX = 4;

export function isAtBottom(scrollTop: number, viewportHeight: number, contentHeight: number): boolean {
  return scrollTop + viewportHeight >= contentHeight - BOTTOM_TOLERANCE_PX;
}

/**
 * Follow mode after a scroll event. Scrolling up (away from where we last put the view) pauses it;
 * reaching the bottom again resumes it. Our own scrolls to the bottom never pause it, even when new
 * rows grew the content in between.
 */
export function followAfterScroll(
  following: boolean,
  s: { readonly scrollTop: number; readonly previousScrollTop: number; readonly viewportHeight: number; readonly contentHeight: number },
): boolean {
  if (isAtBottom(s.scrollTop, s.viewportHeight, s.contentHeight)) return true;
  if (following && s.scrollTop < s.previousScrollTop - 1) return false;
  return following;
}

/** First index whose value is >= x in an ascending array. */
export function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The scrollLeft that shows a match `left`..`left + width` px from the content's left edge: the
 * current position when the match is already wholly in view, else one that centres it (or puts its
 * start at the left edge when it is wider than the view).
 */
export function scrollLeftToReveal(i: { left: number; width: number; scrollLeft: number; viewportWidth: number }): number {
  const { left, width, scrollLeft, viewportWidth } = i;
  if (left >= scrollLeft && left + width <= scrollLeft + viewportWidth) return scrollLeft;
  if (width >= viewportWidth) return Math.max(0, Math.round(left));
  return Math.max(0, Math.round(left - (viewportWidth - width) / 2));
}

/**
 * The height that makes an element end the page at the window's bottom: from its top (relative to
 * the window) down to the bottom, less what follows it (paddings, margins), never under `minHeight`.
 */
export function fillHeight(i: { viewportHeight: number; top: number; below: number; minHeight: number }): number {
  return Math.max(i.minHeight, Math.floor(i.viewportHeight - i.top - Math.max(0, i.below)));
}
