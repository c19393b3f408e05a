/**
 * Renders the extension's 128×128 icon (`media/icon.png`, shown in the Extensions view and on the
 * extension's page) from the activity-bar glyph `media/data-clusters.svg`: the same three clusters,
 * white on a blue rounded square. Run with `npx tsx test/harness/renderIcon.ts` after changing the glyph.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { ROOT } from './paths';

async function main(): Promise<void> {
  const glyph = fs.readFileSync(path.join(ROOT, 'media', 'data-clusters.svg'), 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">
        <div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#2b6cb0,#1a365d);display:flex;align-items:center;justify-content:center">
          ${glyph.replace('width="24" height="24"', 'width="96" height="96"')}
        </div></body></html>`,
    );
    await page.screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void main();
