import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { freePort } from '../harness/codeServer';
import { ROOT } from '../harness/paths';
import { startProcess, stopProcess } from '../harness/processes';
import { newBrowserPage, readmeScreenshot, screenshot } from './workbench';

/**
 * The README's first command: `npm start` starts the emulator with the demo seed and a real VS Code
 * pointed at it. This runs it as a user would and looks at what it serves.
 */
describe('npm start', function () {
  this.timeout(5 * 60_000);

  it('serves VS Code with the extension connected to the demo emulator', async () => {
    const port = await freePort();
    const child = startProcess('npx', ['tsx', 'test/harness/start.ts', '--port', String(port)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /running in VS Code at: (\S+)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]);
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`npm start exited (${child.exitCode}):\n${out}`));
          }
        }, 200);
      });
      assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?folder=`));
      const kubeconfig = /kubeconfig: (\S+)/.exec(out)![1];
      assert.match(fs.readFileSync(kubeconfig, 'utf8'), /current-context: emulator-admin/);

      const page = await newBrowserPage(url, 'dark');
      try {
        await page.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
        const sidebar = page.locator('#workbench\\.parts\\.sidebar');
        await sidebar.getByText('Context emulator-admin · 6 namespaces', { exact: true }).first().waitFor({ timeout: 60_000 });
        // The demo clusters, grouped by namespace, with their states.
        await sidebar.locator('.monaco-list-row', { hasText: 'sales-etl' }).waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row', { hasText: 'orders-stream' }).waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row', { hasText: 'Running 2/4 + Scaling 1/4' }).waitFor({ timeout: 60_000 });
        await screenshot(page, 'npm-start-demo-dark');
        // The README's picture of the tree: the demo as `npm start` shows it, every state of both
        // kinds. A window tall enough for all six namespaces, and a side bar wide enough for the
        // rows' descriptions (its sash dragged 140 px to the right).
        await page.setViewportSize({ width: 1500, height: 1240 });
        const side = (await sidebar.boundingBox())!;
        await page.mouse.move(side.x + side.width + 1, side.y + side.height / 2);
        await page.mouse.down();
        await page.mouse.move(side.x + side.width + 141, side.y + side.height / 2, { steps: 5 });
        await page.mouse.up();
        for (const name of ['attribution', 'alerts', 'fraud-rules', 'clickstream', 'campaigns', 'reporting'])
          await sidebar.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 60_000 });
        await readmeScreenshot(page, 'tree-dark', 'tree');
        // The same tree in a light theme.
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+T');
        await page.locator('.quick-input-widget').waitFor();
        await page.keyboard.type('Light Modern');
        await page.keyboard.press('Enter');
        await page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor({ timeout: 15_000 });
        await sidebar.locator('.monaco-list-row', { hasText: 'sales-etl' }).waitFor();
        await screenshot(page, 'npm-start-demo-light');
        await readmeScreenshot(page, 'tree-light', 'tree');
      } finally {
        await page.context().close();
      }
    } finally {
      await stopProcess(child);
    }
  });
});
