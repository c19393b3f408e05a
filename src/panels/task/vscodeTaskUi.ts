/** The task panel's ports on the real workbench: commands, opening a source file, finding one. */
import * as vscode from 'vscode';
import { SOURCE_EXCLUDE_GLOB, sourceGlob, type SourceLocator } from './stackFrames';
import type { TaskPanelUi } from './taskPanelUi';

export function vscodeTaskPanelUi(): TaskPanelUi {
  return {
    commands: () => vscode.commands.getCommands(true),
    executeCommand: (command, arg) => vscode.commands.executeCommand(command, arg),
    async openSource({ uri, line }) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
      const at = new vscode.Position(Math.max(0, Math.min(line - 1, doc.lineCount - 1)), 0);
      await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preview: true,
        selection: new vscode.Range(at, at),
      });
    },
  };
}

/** Finds a class's source in the workspace by its package folders and file name, skipping build output. */
export function vscodeSourceLocator(): SourceLocator {
  return {
    async find(className, fileName) {
      if (!vscode.workspace.workspaceFolders?.length) return undefined;
      const found = await vscode.workspace.findFiles(sourceGlob(className, fileName), SOURCE_EXCLUDE_GLOB, 2);
      // Two files of the same package and name (two modules): the first, as Java's class path would.
      const first = [...found].sort((a, b) => a.path.localeCompare(b.path))[0];
      return first ? { uri: first.toString() } : undefined;
    },
  };
}
