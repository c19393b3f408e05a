import { Browser, chromium, Page } from 'playwright-core';
import { CHROMIUM } from './systemPackages';

/** Flags that keep Debian's Chromium from reaching for the network this machine does not have. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  // Playwright hides scrollbars in headless mode; VS Code shows them, and so must the pages we test and picture.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, ignoreDefaultArgs: ['--hide-scrollbars'] });
}

/** Opens the workbench and waits until it is drawn (the extension host starts only once a page is connected). */
export async function openWorkbench(
  browser: Browser,
  url: string,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'dark',
    // VS Code's clipboard in a browser is navigator.clipboard: without these, reading it waits on a permission prompt nobody answers.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // Let the activity bar and views finish their first layout.
  await page.locator('.activitybar').waitFor({ timeout: 30_000 });
  return page;
}
