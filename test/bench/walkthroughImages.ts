import { runBench } from './report';
/**
 * Makes the getting-started walkthrough's pictures (media/walkthrough/*.png) from the real thing:
 * our production build in code-server against the demo emulator, driven with Playwright, each
 * picture clipped to the part a step talks about. Run: `npx tsx test/bench/walkthroughImages.ts`.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../harness/paths';
import { screenshotOnFailure, startBenchWorkbench } from './benchWorkbench';

const OUT = path.join(ROOT, 'media', 'walkthrough');

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function main(): Promise<void> {
  const wb = await startBenchWorkbench('walkthrough-images');
  const { page, sidebar } = wb;
  try {
    await page.setViewportSize({ width: 1100, height: 640 });
    await page.locator('.activitybar .action-item [aria-label^="Data Clusters"]').first().click();
    await sidebar
      .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^adhoc-sql$/ }) })
      .waitFor({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
    const side = (await sidebar.boundingBox())!;
    const clipSide = { x: 0, y: 0, width: side.x + side.width, height: 640 };

    // 1. Connected: the views, with Switch Context and Select Namespaces in the title bar.
    await sidebar.locator('.pane-header', { hasText: 'Compute' }).hover();
    await page.screenshot({ path: path.join(OUT, 'connect.png'), clip: clipSide });

    // 2. Namespaces: the picker.
    await command(page, 'Data Clusters: Select Namespaces…');
    await page.locator('.quick-input-widget .quick-input-list').waitFor();
    await new Promise((r) => setTimeout(r, 500));
    const qi = (await page.locator('.quick-input-widget').boundingBox())!;
    await page.screenshot({
      path: path.join(OUT, 'namespaces.png'),
      clip: { x: qi.x - 8, y: 0, width: qi.width + 16, height: qi.y + qi.height + 8 },
    });
    await page.keyboard.press('Escape');

    // 3. A cluster: its row and tooltip (state, executors, ID, node types, billing).
    const row = sidebar.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^sales-etl$/ }) });
    await row.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').first();
    await hover.waitFor({ timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 500));
    const hb = (await hover.boundingBox())!;
    await page.screenshot({
      path: path.join(OUT, 'open-cluster.png'),
      clip: { x: 0, y: 0, width: Math.max(side.x + side.width, hb.x + hb.width + 8), height: Math.max(hb.y + hb.height + 8, 400) },
    });
    await page.mouse.move(700, 600);

    // 4. A connection snippet: the choice of snippet for a cluster.
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Insert Connection Snippet…$/ }).first();
    await item.click();
    // A menu that stays open did not take the click (as in the e2e suite): choose the item with the keyboard.
    await page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'detached', timeout: 3000 })
      .catch(async () => {
        await item.hover();
        await page.keyboard.press('Enter');
      });
    // The namespace picker's rows stay in the DOM, hidden: wait for a visible one.
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row >> visible=true').first().waitFor();
    await new Promise((r) => setTimeout(r, 500));
    const q2 = (await page.locator('.quick-input-widget').boundingBox())!;
    await page.screenshot({
      path: path.join(OUT, 'snippet.png'),
      clip: { x: q2.x - 8, y: 0, width: q2.width + 16, height: q2.y + q2.height + 8 },
    });
    await page.keyboard.press('Escape');
  } catch (err) {
    await screenshotOnFailure(page, 'walkthrough-images');
    throw err;
  } finally {
    await wb.stop();
  }
}

runBench(main);
