/**
 * The task page's own styles, adopted by the document as a constructable stylesheet (a strict CSP
 * allows it; no style attribute, no inline <style>). Colours are the theme's variables, so light,
 * dark and high contrast themes need no rule of their own; media/webview.css styles the rest.
 */
import { css } from 'lit';

export const taskStyles = css`
  .task-refresh {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
    margin: 4px 0 8px;
  }
  .task-failure {
    white-space: pre-wrap;
  }
  .task-read-error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .task-args {
    margin: 0;
    padding-left: 1.6em;
    overflow-wrap: anywhere;
  }

  /* Graph: columns left to right; a narrow page wraps them, top to bottom. */
  .graph {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 8px 0;
  }
  .graph-column {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
    flex: 1 1 15em;
    max-width: 24em;
  }
  .graph-arrow {
    color: var(--vscode-descriptionForeground);
    font-size: 1.3em;
  }
  .vertex {
    box-sizing: border-box;
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, var(--vscode-descriptionForeground)));
    border-left-width: 4px;
    border-radius: 3px;
    padding: 6px 8px;
    background: var(--vscode-editorWidget-background, transparent);
    min-width: 0;
  }
  .vertex.load-warning {
    border-left-color: var(--vscode-editorWarning-foreground);
  }
  .vertex.load-error {
    border-left-color: var(--vscode-errorForeground);
  }
  .vertex-name {
    font-size: 1em;
    font-weight: 600;
    margin: 0 0 4px;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .vertex-meta {
    display: flex;
    gap: 8px;
    align-items: center;
    margin-bottom: 4px;
  }
  .vertex-io {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 0 8px;
    margin: 0 0 4px;
  }
  .vertex-io dt {
    color: var(--vscode-descriptionForeground);
  }
  .vertex-io dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-variant-numeric: tabular-nums;
  }
  .meter-row {
    display: grid;
    grid-template-columns: 7em minmax(3em, 1fr) 3.5em;
    align-items: center;
    gap: 6px;
  }
  .meter-row meter {
    width: 100%;
  }
  .meter-label {
    color: var(--vscode-descriptionForeground);
  }
  .meter-value {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .vertex-inputs {
    margin: 4px 0 0;
    overflow-wrap: anywhere;
  }

  /* Exceptions: one trace line a row; long lines scroll in the trace's own box. */
  .exception {
    margin: 6px 0;
  }
  .exception summary {
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .exception-name {
    font-weight: 600;
  }
  .trace {
    box-sizing: border-box;
    max-width: 100%;
    overflow-x: auto;
    max-height: 60vh;
    padding: 6px 8px;
    margin: 4px 0;
    background: var(--vscode-textCodeBlock-background, var(--vscode-editor-background));
    border-radius: 3px;
  }
  /* Each line keeps its spaces; the template's own line breaks between tags do not show. */
  .trace > div {
    white-space: nowrap;
  }
  .trace .t {
    white-space: pre;
  }
  .trace .frame {
    padding-left: 2em;
    color: var(--vscode-descriptionForeground);
  }
  .trace .frame.in-workspace,
  .trace .frame.in-workspace a {
    color: var(--vscode-textLink-foreground);
  }
  .trace .cause {
    font-weight: 600;
  }

  /* Checkpoints: a failed one stands out. */
  table.checkpoints tr.failed td {
    background: var(--vscode-inputValidation-errorBackground, transparent);
  }

  @media (max-width: 520px) {
    .graph {
      flex-direction: column;
      align-items: stretch;
    }
    .graph-column {
      flex: 1 1 auto;
      max-width: none;
    }
    .graph-arrow {
      align-self: center;
      transform: rotate(90deg);
    }
  }
`;

/** Adds the task page's styles to the document (once). */
export function adoptTaskStyles(doc: Document): void {
  const sheet = taskStyles.styleSheet;
  if (sheet && !doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
