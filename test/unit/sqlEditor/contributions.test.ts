import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SQL_COMMANDS } from '../../../src/sqlEditor/sqlEditorController';

interface Contributes {
  commands: { command: string; title: string }[];
  keybindings?: { command: string; key: string; mac?: string; when?: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
  configuration: { properties: Record<string, { type: string; default: unknown }> };
}

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: Contributes;
  activationEvents: string[];
};
const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;

describe('SQL editor contributions', () => {
  it('contributes every SQL command with a localized title', () => {
    for (const id of Object.values(SQL_COMMANDS)) {
      const c = pkg.contributes.commands.find((x) => x.command === id);
      assert.ok(c, `${id} is contributed`);
      const key = /^%(.+)%$/.exec(c.title)?.[1];
      assert.ok(key && nls[key], `${id} has a title in package.nls.json`);
    }
  });

  it('binds Ctrl+Enter (Cmd+Enter on macOS) to Run in SQL editors only', () => {
    const k = pkg.contributes.keybindings?.find((x) => x.command === SQL_COMMANDS.run);
    assert.ok(k);
    assert.equal(k.key, 'ctrl+enter');
    assert.equal(k.mac, 'cmd+enter');
    assert.match(k.when ?? '', /editorLangId == sql/);
  });

  it('offers Run, Run All and Cancel in the SQL editor, Cancel only while running, and keeps the CodeLens command out of the palette', () => {
    const title = pkg.contributes.menus['editor/title'];
    assert.deepEqual(title.map((m) => m.command).sort(), [SQL_COMMANDS.cancel, SQL_COMMANDS.run, SQL_COMMANDS.runAll].sort());
    assert.match(title.find((m) => m.command === SQL_COMMANDS.cancel)?.when ?? '', /&& dataClusters\.sqlRunning$/);
    assert.match(title.find((m) => m.command === SQL_COMMANDS.run)?.when ?? '', /!dataClusters\.sqlRunning/);
    const palette = pkg.contributes.menus.commandPalette;
    assert.equal(palette.find((m) => m.command === SQL_COMMANDS.runStatement)?.when, 'false');
  });

  it('activates on SQL files (their CodeLens and status bar) and has the CodeLens setting', () => {
    assert.ok(pkg.activationEvents.includes('onLanguage:sql'));
    assert.deepEqual(
      {
        type: pkg.contributes.configuration.properties['dataClusters.sql.codeLens'].type,
        default: pkg.contributes.configuration.properties['dataClusters.sql.codeLens'].default,
      },
      { type: 'boolean', default: true },
    );
  });
});
