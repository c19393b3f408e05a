/**
 * The grid's kept row elements and how a row is painted into one: only text changes while rows
 * scroll by (a cell's DOM is written only when what it shows changed, never from markup, so a cell
 * is always shown literally); NULL shows as NULL (dimmed), a nested value folded with its preview,
 * a number right-aligned, a long value whole in its tooltip.
 */
import * as l10n from '@vscode/l10n';
import type { WindowRow } from '../../../shared/protocol/sqlResultsPage';
import { cellText, isNested, nestedSummary, NULL_TEXT } from '../../../shared/sql/cellText';
import type { SqlCell, SqlColumn } from '../../../shared/sql/sqlResult';
import { isNumericType } from './model';

export interface GridSelection {
  anchor: number;
  focus: number;
  /** A single cell is selected (else whole rows). */
  column?: number;
}

/** One cell of a kept row element, with what it shows (so an unchanged cell is not written). */
export interface CellSlot {
  readonly el: HTMLElement;
  kind: 'text' | 'null' | 'nested' | '';
  text: string;
  cls: string;
  /** The tooltip a long value gets when the pointer reaches it ('' for none). */
  title: string;
  open?: HTMLButtonElement;
  preview?: HTMLSpanElement;
}

/** One kept row element (a visible slot): the gutter, the changelog's op, the cells. */
export interface RowSlot {
  readonly el: HTMLElement;
  readonly gutter: HTMLElement;
  readonly op?: HTMLElement;
  readonly cells: CellSlot[];
  cls: string;
  template: string;
  position: number;
  opKind: string;
  /** Shown before the host's answer came (its cells blank). */
  busy: boolean;
}

/** A kept row element for a shape: the gutter, the changelog's op (the changes view), one cell per column. */
export function newRowSlot(changes: boolean, columnCount: number): RowSlot {
  const el = document.createElement('div');
  el.className = 'gr';
  el.setAttribute('role', 'row');
  const gutter = document.createElement('div');
  gutter.className = 'gc gutter';
  el.append(gutter);
  let op: HTMLElement | undefined;
  if (changes) {
    op = document.createElement('div');
    op.className = 'gc op';
  }
  const cells = Array.from({ length: columnCount }, (_, i): CellSlot => {
    const cell = document.createElement('div');
    cell.className = 'gc';
    cell.setAttribute('role', 'gridcell');
    cell.dataset.c = String(i);
    return { el: cell, kind: '', text: '', cls: 'gc', title: '' };
  });
  el.append(...(op ? [op] : []), ...cells.map((c) => c.el));
  return { el, gutter, op, cells, cls: 'gr', template: '', position: -1, opKind: '', busy: false };
}

/** What a row is painted with besides its own data. */
export interface RowPaint {
  readonly template: string;
  readonly columns: readonly SqlColumn[];
  readonly selection?: GridSelection;
  /** The search text, lower case ('' for none). */
  readonly highlight: string;
}

/** Shows `position` in a kept row element, writing only what changed. */
export function paintRowSlot(slot: RowSlot, position: number, row: WindowRow | undefined, o: RowPaint): void {
  const template = o.template;
  const el = slot.el;
  if (slot.template !== template) {
    slot.template = template;
    el.style.setProperty('grid-template-columns', template);
  }
  const sel = o.selection;
  const inRange = !!sel && position >= Math.min(sel.anchor, sel.focus) && position <= Math.max(sel.anchor, sel.focus);
  const cls = `gr${inRange && sel?.column === undefined ? ' selected' : ''}`;
  if (cls !== slot.cls) {
    slot.cls = cls;
    el.className = cls;
  }
  slot.position = position;
  // Only text changes while rows scroll by (no class, attribute or element): a row not held yet
  // shows its number and "…", its cells blank, until the host's answer comes.
  setText(slot.gutter, row ? String(position + 1) : `${position + 1} …`);
  if (slot.busy !== !row) {
    slot.busy = !row;
    el.setAttribute('aria-busy', String(!row));
  }
  if (!row) {
    if (slot.op) slot.opKind = setText(slot.op, '');
    for (const c of slot.cells) blankCell(c);
    return;
  }
  if (slot.op) {
    const kind = row.kind ?? '+I';
    if (kind !== slot.opKind) {
      slot.opKind = kind;
      slot.op.className = `gc op op-${kind === '+I' ? 'insert' : kind === '-D' ? 'delete' : kind === '-U' ? 'before' : 'after'}`;
      setText(slot.op, kind);
    }
  }
  for (let i = 0; i < slot.cells.length; i++)
    paintCell(slot.cells[i], row.cells[i] ?? null, isNumericType(o.columns[i].type), inRange && sel?.column === i, o.highlight);
}

function blankCell(slot: CellSlot): void {
  if (slot.kind === 'nested') slot.el.textContent = '';
  else setText(slot.el, '');
  slot.kind = 'text';
  slot.text = '';
  slot.title = '';
  dropTooltip(slot.el);
}

/** A cell as text: NULL dimmed, a nested value folded with its preview, a number right-aligned. */
function paintCell(slot: CellSlot, cell: SqlCell, numeric: boolean, selected: boolean, highlight: string): void {
  const el = slot.el;
  const kind = cell === null ? 'null' : isNested(cell) ? 'nested' : 'text';
  const text = cell === null ? '' : cellText(cell);
  if (kind !== slot.kind || text !== slot.text) {
    if (kind === 'null') setText(el, NULL_TEXT);
    else if (cell !== null && isNested(cell)) {
      if (!slot.open || !slot.preview) {
        slot.open = document.createElement('button');
        slot.open.className = 'nested';
        slot.open.title = l10n.t('Show the whole value');
        slot.preview = document.createElement('span');
        slot.preview.className = 'preview';
      }
      if (slot.kind !== 'nested') el.replaceChildren(slot.open, slot.preview);
      slot.open.textContent = `▸ ${nestedSummary(cell)}`;
      slot.preview.textContent = ` ${text}`;
    } else setText(el, text);
    slot.kind = kind;
    slot.text = text;
  }
  const match = !!highlight && (cell === null ? NULL_TEXT : text).toLowerCase().includes(highlight);
  const cls = `gc${selected ? ' selected' : ''}${kind === 'null' ? ' null' : kind === 'text' && numeric ? ' num' : ''}${match ? ' match' : ''}`;
  if (cls !== slot.cls) {
    slot.cls = cls;
    el.className = cls;
  }
  // A long value shows whole in its tooltip (written when the pointer comes: showTooltip); a short one needs none.
  const title = kind === 'text' && text.length > 12 ? text.slice(0, 1000) : '';
  if (title !== slot.title) {
    slot.title = title;
    dropTooltip(el);
  }
}

/** A cell's tooltip as the pointer reaches it (not one attribute per cell as rows go by). */
export function showTooltip(slot: CellSlot): void {
  if (slot.title && slot.el.getAttribute('title') !== slot.title) slot.el.title = slot.title;
}

function dropTooltip(el: HTMLElement): void {
  if (el.hasAttribute('title')) el.removeAttribute('title');
}

/** An element's text, written into its one text node (no node replaced, so no new layout object); returns it. */
function setText(el: HTMLElement, text: string): string {
  const node = el.firstChild;
  if (node instanceof Text && !node.nextSibling) {
    if (node.data !== text) node.data = text;
  } else el.textContent = text;
  return text;
}
