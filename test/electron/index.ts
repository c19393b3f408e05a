import * as path from 'node:path';
import Mocha from 'mocha';

/** extensionTestsPath entry for @vscode/test-electron: runs the same suites as the code-server layer. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'integration-suites', mocha);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the suites bundle sits beside this one
  require(path.join(__dirname, 'suites.js'));
  return new Promise((resolve, reject) =>
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed`)) : resolve())),
  );
}
