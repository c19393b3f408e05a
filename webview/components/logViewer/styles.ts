import { css } from 'lit';

/** The viewer's frame, rows, search marks and ANSI colours (the toolbar has its own). */
export const logViewerStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
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
`;
