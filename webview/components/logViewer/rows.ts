import { parseAnsi } from '../ansi';
import type { RowWindow } from '../virtual';
import type { LogSource } from './search';

/** Must match `.row` height in styles.ts. */
export const ROW_HEIGHT_PX = 18;
/** Characters of a line rendered; the buffer cuts at 16 KiB already, this guards a foreign source. */
const MAX_RENDERED_CHARS = 20_000;

/**
 * The rows in view, painted by hand: each built from text nodes and classed spans (colours from
 * ANSI SGR codes), never from markup, and reused while it stays in view and shows the same thing.
 */
export class RowPainter {
  /** Rows on screen by sequence, reused while they stay in view. */
  private rendered = new Map<number, HTMLDivElement>();
  /** The widest row painted since the last reset, in pixels; the content never narrows while scrolling. */
  private contentWidth = 0;
  /** Bumped when what a row shows changes for reasons other than its line (query, current match). */
  private version = 0;
  private readonly rowVersion = new WeakMap<HTMLDivElement, number>();

  /** A new source: every row is built again and the width starts over. */
  reset(): void {
    this.rendered.clear();
    this.contentWidth = 0;
    this.version++;
  }

  /** The query or the current match changed: rows in view are built again. */
  invalidate(): void {
    this.version++;
  }

  /** The row painted for a sequence, while it is in view. */
  row(seq: number): HTMLDivElement | undefined {
    return this.rendered.get(seq);
  }

  /**
   * Paints the window's rows into `rowsEl`, highlighting `query` and the current match's row, and
   * widens `spacer` and `rowsEl` to the widest row painted so far.
   */
  paint(
    src: LogSource,
    w: RowWindow,
    els: { readonly spacer: HTMLDivElement; readonly rowsEl: HTMLDivElement },
    currentSeq: number,
    query: string,
  ): void {
    const { spacer, rowsEl } = els;
    rowsEl.style.transform = `translateY(${w.offsetY}px)`;
    const next = new Map<number, HTMLDivElement>();
    const children: HTMLDivElement[] = [];
    for (let i = w.start; i < w.end; i++) {
      const seq = src.firstSeq + i;
      let row = this.rendered.get(seq);
      if (!row || this.rowVersion.get(row) !== this.version) {
        row = buildRow(src.get(seq) ?? '', seq === currentSeq, query);
        this.rowVersion.set(row, this.version);
      }
      next.set(seq, row);
      children.push(row);
    }
    this.rendered = next;
    rowsEl.replaceChildren(...children);
    // The content is as wide as the widest row painted so far, so the sideways scroll range does not
    // shrink and jump while scrolling down past shorter lines.
    const width = rowsEl.scrollWidth;
    if (width > this.contentWidth) {
      this.contentWidth = width;
      spacer.style.width = `${width}px`;
      rowsEl.style.width = `${width}px`;
    }
  }
}

function buildRow(line: string, current: boolean, query: string): HTMLDivElement {
  const row = document.createElement('div');
  row.className = current ? 'row current' : 'row';
  const text = line.length > MAX_RENDERED_CHARS ? line.slice(0, MAX_RENDERED_CHARS) : line;
  const q = query.toLowerCase();
  for (const seg of parseAnsi(text)) {
    const parent: HTMLElement = seg.classes ? row.appendChild(document.createElement('span')) : row;
    if (seg.classes) parent.className = seg.classes;
    appendHighlighted(parent, seg.text, q);
  }
  return row;
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
