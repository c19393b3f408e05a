/**
 * What the cluster panel needs from the workbench, as a port: the controller and its tabs import
 * no vscode, so unit tests drive them with a fake; vscodePanelUi.ts is the real one.
 */

/** The settings the panel reads (ExtensionSettings is one). */
export interface PanelSettings {
  /** Host for the external endpoint, with `{name}` and `{namespace}`; empty when the platform has none. */
  externalHostTemplate(): string;
  /** Lines of a log read before following (0 = everything). */
  logTailLines(): number;
}

export interface PanelUi {
  readonly settings: PanelSettings;
  /** Choices kept per workspace (the endpoint per cluster, shared with the snippet commands). */
  readonly memento: { get(key: string): unknown; update(key: string, value: unknown): PromiseLike<void> };
  /** The ids of the commands registered now. */
  commands(): PromiseLike<readonly string[]>;
  executeCommand(command: string, arg?: unknown): PromiseLike<unknown>;
  writeClipboard(text: string): PromiseLike<void>;
  /** A non-modal information message. */
  info(message: string): void;
  /** Into the text editor the user worked in last, at its cursor; else a new document of the language beside the panel. */
  insertText(text: string, language: string): PromiseLike<void>;
  /** A new untitled document beside the panel. */
  openDocument(content: string, language: string): PromiseLike<void>;
  /** Asks where to save (a save dialog); writes the text there and answers where, or undefined when cancelled. */
  saveText(
    o: { title: string; defaultName: string; filterName: string; extensions: readonly string[] },
    text: string,
  ): PromiseLike<string | undefined>;
}
