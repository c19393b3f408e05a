/** The forms' page styles, adopted as a constructable stylesheet (allowed by the strict CSP, unlike inline styles). */
import { css } from 'lit';

export const formStyles = css`
  .form {
    max-width: 920px;
  }
  .tabstrip {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    margin: 8px 0 12px;
  }
  .tabstrip button {
    background: transparent;
    color: var(--vscode-foreground);
    border: none;
    border-bottom: 2px solid transparent;
    padding: 6px 12px;
    font: inherit;
    cursor: pointer;
    opacity: 0.8;
  }
  /* Selection is the underline and full contrast, never a bolder font: a wider label would push the others sideways. */
  .tabstrip button[aria-selected='true'] {
    border-bottom-color: var(--vscode-focusBorder);
    opacity: 1;
  }
  .tabstrip .mark {
    display: inline-block;
    min-width: 1.4em;
    margin-left: 6px;
    padding: 0 4px;
    border-radius: 8px;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--vscode-badge-foreground, #fff);
    background: var(--vscode-errorForeground);
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(10em, 14em) minmax(0, 1fr);
    gap: 10px 16px;
    align-items: start;
  }
  .grid > label,
  .grid > .label {
    padding-top: 5px;
    color: var(--vscode-foreground);
  }
  .control {
    display: flex;
    flex-direction: column;
    gap: 3px;
    min-width: 0;
  }
  input[type='text'],
  input[type='number'],
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    max-width: 520px;
    padding: 4px 6px;
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, transparent));
    border-radius: 2px;
  }
  /* One height for text fields and dropdowns (a native select's own padding made it taller), so a row of both lines up. */
  input[type='text'],
  input[type='number'],
  select {
    height: 26px;
  }
  select {
    color: var(--vscode-dropdown-foreground);
    background: var(--vscode-dropdown-background);
    border-color: var(--vscode-dropdown-border, transparent);
  }
  input:focus,
  select:focus,
  textarea:focus {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  input[readonly] {
    opacity: 0.75;
  }
  /* As specific as the input rules above (an attribute selector alone lost to them: no red border showed). */
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  .msg {
    font-size: 0.92em;
    overflow-wrap: anywhere;
  }
  .msg.error {
    color: var(--vscode-errorForeground);
  }
  .msg.warning {
    color: var(--vscode-editorWarning-foreground);
  }
  /* Light themes' warning colour (#bf8803) is about 3:1 on white: too faint for small text. */
  body.vscode-light .msg.warning {
    color: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-foreground));
  }
  label.checkbox {
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  label.checkbox input {
    margin: 0;
  }
  .hint {
    color: var(--vscode-descriptionForeground);
    font-size: 0.92em;
  }
  .inline {
    display: flex;
    gap: 16px;
    align-items: center;
    flex-wrap: wrap;
  }
  .inline label {
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  table.rows {
    border-collapse: collapse;
    width: 100%;
    max-width: 880px;
  }
  table.rows th {
    text-align: left;
    font-weight: 600;
    padding: 2px 6px 4px 0;
    color: var(--vscode-descriptionForeground);
  }
  table.rows td {
    padding: 2px 6px 2px 0;
    vertical-align: top;
  }
  /* Not "actions": the panels' stylesheet makes that class a flex toolbar with a margin, which put Remove below the row. */
  table.rows td.row-actions {
    width: 1%;
    white-space: nowrap;
  }
  /* As tall as the fields beside it, its text centred: Remove sits on the row's line, not below it. */
  table.rows td.row-actions .linkbutton {
    display: inline-flex;
    align-items: center;
    height: 26px;
    padding: 0 2px;
    vertical-align: top;
  }
  .linkbutton {
    background: none;
    border: none;
    padding: 4px 2px;
    color: var(--vscode-textLink-foreground);
    font: inherit;
    cursor: pointer;
  }
  .linkbutton:hover {
    text-decoration: underline;
  }
  .totals {
    padding: 8px 10px;
    margin: 4px 0 0;
    border-left: 3px solid var(--vscode-textLink-foreground);
    background: var(--vscode-textBlockQuote-background);
  }
  .totals.over {
    border-left-color: var(--vscode-editorWarning-foreground);
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    justify-content: flex-end;
    margin-top: 20px;
    padding-top: 12px;
    border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  }
  .footer .spacer {
    flex: 1;
  }
  pre.yaml {
    max-height: 420px;
    overflow: auto;
    padding: 8px 10px;
    margin: 0;
    background: var(--vscode-textCodeBlock-background, var(--vscode-editor-background));
    border: 1px solid var(--vscode-panel-border, transparent);
    font-family: var(--vscode-editor-font-family, monospace);
    font-size: var(--vscode-editor-font-size, 12px);
    white-space: pre;
  }
  h3 {
    font-size: 1em;
    margin: 18px 0 8px;
  }
  .summary dd.pre {
    white-space: pre-line;
  }
  .summary dt {
    color: var(--vscode-descriptionForeground);
  }
  .banner button {
    margin-left: 8px;
  }
  /* Narrow editor groups: each label above its field, the field as wide as the page. */
  @media (max-width: 560px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
      gap: 2px 0;
    }
    .grid > label,
    .grid > .label {
      padding-top: 8px;
    }
  }
`;
