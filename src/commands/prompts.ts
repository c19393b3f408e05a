import * as vscode from 'vscode';

/**
 * The questions and messages commands show: quick picks and notifications. Commands reach them
 * through `prompts()`, so integration tests can see exactly what a user was offered and told
 * (VS Code gives no API to read an open quick pick or notification) and answer for the user.
 */
export interface Prompts {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  save(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  /**
   * A notification that closes when `until` settles (a message notification cannot be closed by
   * code; a progress one can). Its actions are command links in the message, as a progress
   * notification has no buttons.
   */
  notice(message: string, actions: readonly NoticeAction[], until: Thenable<unknown>): void;
}

/** A link of a notice: a command run with these arguments. */
export interface NoticeAction {
  readonly label: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

const link = (a: NoticeAction): string => `[${a.label}](command:${a.command}?${encodeURIComponent(JSON.stringify(a.args))})`;

export const windowPrompts: Prompts = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  save: (options) => vscode.window.showSaveDialog(options),
  notice: (message, actions, until) =>
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: [message, ...actions.map(link)].join(' ') },
      () => Promise.resolve(until).then(undefined, () => undefined),
    ),
};

let current: Prompts = windowPrompts;

export const prompts = (): Prompts => current;

/** For tests: answers prompts instead of the user; undefined restores the real ones. */
export function setPrompts(p: Prompts | undefined): void {
  current = p ?? windowPrompts;
}
