import * as assert from 'node:assert/strict';
import { newWorkbenchPage, screenshot } from './workbench';

/**
 * The getting-started walkthrough as a newcomer opens it: from the Command Palette, its four steps
 * in order, and each step's page (markdown from media/walkthrough, named through package.nls.json so
 * a translation can point at its own page) with its picture.
 */
describe('Getting started walkthrough', function () {
  this.timeout(5 * 60_000);

  it('opens from the Command Palette with its four steps, each showing its page and picture', async () => {
    const page = await newWorkbenchPage('dark');
    try {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Welcome: Open Walkthrough');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Welcome: Open Walkthrough' }).first().click();
      await page.locator('.quick-input-widget input').fill('Data Clusters');
      // Chosen with Enter once it is the focused row: a pointer over the row opens its description's
      // hover, which can sit over the row and take the click.
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Get Started with Data Clusters' }).first().waitFor();
      await page.keyboard.press('Enter');

      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.locator('h2', { hasText: 'Get Started with Data Clusters' }).first().waitFor({ timeout: 60_000 });
      const steps = walkthrough.locator('.getting-started-step .step-title');
      await steps.first().waitFor();
      assert.deepEqual(
        (await steps.allInnerTexts()).map((t) => t.trim()),
        ['Connect to your cluster', 'Pick the namespaces to watch', 'Open a cluster', 'Insert a connection snippet'],
      );

      // Each step's page is a markdown document VS Code renders in a webview, with its picture loaded.
      const pages: Record<string, RegExp> = {
        'Connect to your cluster': /Connect to your Kubernetes cluster/,
        'Insert a connection snippet': /snippet/i,
      };
      for (const [step, heading] of Object.entries(pages)) {
        await steps.filter({ hasText: step }).first().click();
        const doc = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
        await doc.locator('h1', { hasText: heading }).first().waitFor({ timeout: 30_000 });
        const img = doc.locator('img').first();
        await img.waitFor();
        // Loaded, not a broken image: the picture has its pixels.
        const width = await img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth);
        assert.ok(width > 100, `${step}: picture loaded (${width} px wide)`);
      }
      await screenshot(page, 'walkthrough-snippet-step');
    } finally {
      await page.context().close();
    }
  });
});
