/** The results panel's ports on the real workbench: the save dialog, the file, the clipboard, commands. */
import * as vscode from 'vscode';
import type { SqlResultsUi } from './sqlResultsUi';

export function vscodeSqlResultsUi(): SqlResultsUi {
  return {
    async saveAs(defaultName, format) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
        filters: format === 'csv' ? { [vscode.l10n.t('CSV')]: ['csv'] } : { [vscode.l10n.t('JSON')]: ['json'] },
        saveLabel: vscode.l10n.t('Export'),
      });
      return uri?.toString();
    },
    async writeFile(uri, chunks) {
      const encoder = new TextEncoder();
      const parts: Uint8Array[] = [];
      for (const c of chunks) parts.push(encoder.encode(c));
      await vscode.workspace.fs.writeFile(vscode.Uri.parse(uri, true), Buffer.concat(parts));
    },
    copy: (text) => vscode.env.clipboard.writeText(text),
    executeCommand: (command, arg) => vscode.commands.executeCommand(command, arg),
  };
}
