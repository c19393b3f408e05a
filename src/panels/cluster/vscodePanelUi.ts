/** The cluster panel's PanelUi on the real workbench: the only file of src/panels/cluster that imports vscode. */
import * as vscode from 'vscode';
import type { PanelSettings, PanelUi } from './panelUi';

export function vscodePanelUi(settings: PanelSettings, memento: vscode.Memento): PanelUi {
  return {
    settings,
    memento: { get: (key) => memento.get(key), update: (key, value) => memento.update(key, value) },
    commands: () => vscode.commands.getCommands(true),
    executeCommand: (command, arg) => vscode.commands.executeCommand(command, arg),
    writeClipboard: (text) => vscode.env.clipboard.writeText(text),
    info: (message) => void vscode.window.showInformationMessage(message),
    async insertText(text, language) {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
      if (!editor) return this.openDocument(text, language);
      await editor.edit((b) => b.replace(editor.selection, text));
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    },
    async openDocument(content, language) {
      const doc = await vscode.workspace.openTextDocument({ content, language });
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    },
    async saveText(o, text) {
      const target = await vscode.window.showSaveDialog({
        title: o.title,
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), o.defaultName),
        filters: { [o.filterName]: [...o.extensions] },
      });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      return target.fsPath;
    },
  };
}
