/**
 * The results page's own styles, adopted by the document as a constructable stylesheet (a strict
 * CSP allows it; no style attribute, no inline <style>). Colours are the theme's variables, so
 * light, dark and high contrast themes need no rule of their own; media/webview.css styles the rest.
 */
import { css } from 'lit';
import { ROW_HEIGHT_PX } from './grid';

const row = ROW_HEIGHT_PX;

export const sqlResultsStyles = css`
  html,
  body {
    height: 100%;
  }
  #root {
    display: flex;
    flex-direction: column;
    height: 100vh;
    box-sizing: border-box;
    min-height: 0;
  }
  .sql-header {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-bottom: 6px;
  }
  .sql-status,
  .sql-toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .sql-spacer {
    flex: 1 1 auto;
  }
  .sql-statement {
    margin: 0;
    font-family: var(--vscode-editor-font-family);
    white-space: pre-wrap;
    overflow: hidden;
    max-height: 3.2em;
    color: var(--vscode-descriptionForeground);
  }
  .sql-search {
    min-width: 14em;
    background: var(--vscode-input-background);
    color: var(--vscode-input-foreground);
    border: 1px solid var(--vscode-input-border, transparent);
    padding: 2px 4px;
  }
  .sql-progress {
    width: 8em;
  }
  .sql-views {
    display: inline-flex;
    gap: 2px;
  }
  .sql-history ol {
    list-style: none;
    margin: 0 0 6px;
    padding: 0;
    max-height: 12em;
    overflow: auto;
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
  }
  .sql-history li.current {
    background: var(--vscode-list-inactiveSelectionBackground);
  }
  .sql-history button.link {
    display: flex;
    gap: 8px;
    align-items: center;
    width: 100%;
    text-align: left;
    background: none;
    border: 0;
    color: inherit;
    padding: 2px 6px;
    cursor: pointer;
    font: inherit;
  }
  .sql-history button.link:hover {
    background: var(--vscode-list-hoverBackground);
  }
  .sql-grid-host {
    flex: 1 1 auto;
    min-height: 120px;
    display: flex;
  }
  .sql-grid-host.hidden {
    display: none;
  }
  dc-sql-grid {
    display: flex;
    flex: 1 1 auto;
    min-width: 0;
    min-height: 0;
  }
  .grid-scroll {
    flex: 1 1 auto;
    overflow: auto;
    position: relative;
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size);
  }
  .grid-head {
    position: sticky;
    top: 0;
    z-index: 1;
    display: grid;
    width: max-content;
    min-width: 100%;
    background: var(--vscode-editorWidget-background, var(--vscode-editor-background, Canvas));
    border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
  }
  .gh {
    padding: 2px 6px;
    overflow: hidden;
    border-right: 1px solid var(--vscode-widget-border, transparent);
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .gh-name {
    background: none;
    border: 0;
    color: inherit;
    font: inherit;
    font-weight: 600;
    text-align: left;
    padding: 0;
    cursor: pointer;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .gh-type {
    color: var(--vscode-descriptionForeground);
    font-size: 0.9em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .gh-filter {
    width: 100%;
    box-sizing: border-box;
    background: var(--vscode-input-background);
    color: var(--vscode-input-foreground);
    border: 1px solid var(--vscode-input-border, transparent);
    font: inherit;
    padding: 0 3px;
  }
  .grid-spacer {
    position: relative;
    min-width: 100%;
  }
  .grid-body {
    position: absolute;
    top: 0;
    left: 0;
    width: 100%;
  }
  /* Each row and cell is laid out and painted on its own: its size never depends on its text. */
  .gr {
    display: grid;
    height: ${row}px;
    line-height: ${row}px;
    contain: strict;
  }
  .gc {
    contain: strict;
  }
  .gr:hover {
    background: var(--vscode-list-hoverBackground);
  }
  .gr.selected,
  .gc.selected {
    background: var(--vscode-list-activeSelectionBackground);
    color: var(--vscode-list-activeSelectionForeground);
  }
  .gc {
    padding: 0 6px;
    white-space: pre;
    overflow: hidden;
    text-overflow: ellipsis;
    border-right: 1px solid var(--vscode-editorGroup-border, transparent);
  }
  .gc.num {
    text-align: right;
  }
  .gc.null {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  .gc.match {
    background: var(--vscode-editor-findMatchHighlightBackground);
  }
  .gutter {
    color: var(--vscode-editorLineNumber-foreground);
    text-align: right;
    cursor: pointer;
  }
  .op-insert,
  .op-after {
    color: var(--vscode-testing-iconPassed, var(--vscode-charts-green));
  }
  .op-delete,
  .op-before {
    color: var(--vscode-errorForeground);
  }
  .nested {
    background: none;
    border: 0;
    padding: 0;
    font: inherit;
    color: var(--vscode-textLink-foreground);
    cursor: pointer;
  }
  .preview {
    color: var(--vscode-descriptionForeground);
  }
  .sql-detail {
    flex: 0 0 auto;
    max-height: 40vh;
    overflow: auto;
    border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
    margin-top: 6px;
  }
  .sql-detail-head {
    display: flex;
    gap: 8px;
    align-items: center;
    margin: 4px 0;
  }
  .sql-detail pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0;
  }
`;

/** Adds the page's styles to the document (once). */
export function adoptSqlResultsStyles(doc: Document): void {
  const sheet = sqlResultsStyles.styleSheet;
  if (sheet && !doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
