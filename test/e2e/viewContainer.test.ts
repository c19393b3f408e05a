import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { newWorkbenchPage, screenshot } from './workbench';

/** Opens the Data Clusters container from the activity bar and returns the sidebar. */
async function openDataClusters(page: Page) {
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="Data Clusters"]') });
  await item.first().click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  await sidebar.locator('.pane-header', { hasText: 'Compute' }).waitFor({ timeout: 30_000 });
  return sidebar;
}

describe('Data Clusters view container', () => {
  for (const theme of (process.env.E2E_THEMES?.split(',') ?? ['dark', 'light']) as ('dark' | 'light')[]) {
    it(`shows the Compute and Session Clusters views from the activity bar (${theme} theme)`, async () => {
      const page = await newWorkbenchPage(theme);
      try {
        if (theme === 'light') {
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+T');
          const quickInput = page.locator('.quick-input-widget');
          await quickInput.waitFor();
          await page.keyboard.type('Light Modern');
          await page.keyboard.press('Enter');
          await page.locator('.monaco-workbench.vs:not(.vs-dark)').waitFor({ timeout: 15_000 });
        }
        const sidebar = await openDataClusters(page);
        const headers = await sidebar.locator('.pane-header h3.title').allInnerTexts();
        assert.ok(
          headers.some((h) => /^Compute$/i.test(h.trim())),
          `headers: ${headers.join(', ')}`,
        );
        assert.ok(
          headers.some((h) => /^Session Clusters$/i.test(h.trim())),
          `headers: ${headers.join(', ')}`,
        );
        const title = await sidebar.locator('.composite.title h2').innerText();
        assert.match(title, /DATA CLUSTERS/i);
        // The kubeconfig loads but its server is not there: both views say so and offer a retry.
        const welcome = sidebar.locator('.welcome-view-content', { hasText: 'Cannot connect to the Kubernetes API server' });
        await welcome.first().waitFor({ timeout: 60_000 });
        assert.equal(await welcome.count(), 2, 'both views explain');
        assert.doesNotMatch(await welcome.first().innerText(), /\$\{/, 'no unexpanded placeholders');
        assert.ok(await welcome.first().locator('a, .monaco-button', { hasText: 'Retry' }).count());
        // Its link shows the actual error.
        const toast = page.locator('.notifications-toasts', { hasText: 'nothing is listening at https://127.0.0.1:9' });
        // The first click can land while the theme picker is still closing: try a few times.
        for (let attempt = 0; attempt < 3 && !(await toast.isVisible()); attempt++) {
          await welcome.first().locator('a, .monaco-button', { hasText: 'Show the error' }).first().click();
          await toast.waitFor({ timeout: 5_000 }).catch(() => undefined);
        }
        await toast.waitFor({ timeout: 5_000 });
        const file = await screenshot(page, `view-container-${theme}`);
        assert.ok(fs.statSync(file).size > 10_000, 'the screenshot is not empty');
      } catch (err) {
        await screenshot(page, `FAILED-view-container-${theme}`);
        throw err;
      } finally {
        await page.context().close();
      }
    });
  }
});
