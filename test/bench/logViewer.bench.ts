/**
 * Log viewer in Chromium: the built viewer on a page served over loopback with the panels' strict
 * CSP, 200,000 lines streamed at 20,000 lines/s. Prints, while streaming, each frame's main-thread
 * time p95 and the interval between frames p95, each beside the idle page's; the time to search all
 * 200,000 lines; and the page's JS heap after a GC. Fails on any `securitypolicyviolation`, on
 * markup from a log line becoming an element, or on a dialog.
 */
import { chromium } from 'playwright-core';
import { serveBenchPage } from './benchPage';
import { bench, pct } from './report';

const LINES = 200_000;
const RATE = 20_000;

async function main(): Promise<void> {
  const served = await serveBenchPage({ entry: 'webview/bench/logViewerPage.ts', title: 'Log viewer bench', pagePath: '/' });
  const origin = served.origin;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(origin + '/');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });

    const idle = await page.evaluate(() => (globalThis as any).bench.idle(2000));
    const streamed = await page.evaluate(([n, r]) => (globalThis as any).bench.stream(n, r), [LINES, RATE] as const);
    const after = await page.evaluate(() => (globalThis as any).bench.inspect());
    const searches: number[] = [];
    let matches = 0;
    for (let i = 0; i < 5; i++) {
      const r = await page.evaluate((q) => (globalThis as any).bench.search(q), i % 2 ? 'NEEDLE' : 'needle');
      searches.push(r.ms);
      matches = r.matches;
    }
    // The 1 MB line and the binary one: found by search, shown cut, and the page still answers.
    const cut = await page.evaluate(() => {
      const b = (globalThis as any).bench;
      const found = b.search('line cut');
      const current = b.viewer.shadowRoot.querySelector('.row.current');
      return { found, length: current?.textContent?.length ?? -1 };
    });
    if (cut.found < 1 || cut.length < 0 || cut.length > 20_000) problems.push(`the 1 MB line was not shown cut: ${JSON.stringify(cut)}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    console.log(
      `streamed ${LINES} lines in ${streamed.seconds.toFixed(1)} s; ${after.lines} kept, ${after.renderedRows} rows in the DOM, ` +
        `${after.styledSpans} coloured spans, following=${after.following}, ${matches} matches; last row: ${after.lastRowText.slice(0, 80)}`,
    );
    bench('log_viewer_frame_p95_ms', pct(streamed.frames.work, 95), 'ms');
    bench('log_viewer_idle_frame_p95_ms', pct(idle.work, 95), 'ms');
    bench('log_viewer_frame_interval_p95_ms', pct(streamed.frames.intervals, 95), 'ms');
    bench('log_viewer_idle_frame_interval_p95_ms', pct(idle.intervals, 95), 'ms');
    bench('log_viewer_frames_over_50ms', streamed.frames.intervals.filter((f: number) => f > 50).length, 'count');
    bench('log_viewer_search_200k_ms', pct(searches, 50), 'ms');
    bench('log_viewer_heap_mib', heap.usedSize / 1024 / 1024, 'MiB');
    bench('log_viewer_csp_violations', after.violations.length, 'count');

    if (after.violations.length) problems.push(...after.violations.map((v: string) => `CSP violation: ${v}`));
    if (after.images) problems.push(`${after.images} <img> elements: a log line became markup`);
    if (after.lines !== LINES) problems.push(`expected ${LINES} lines kept, found ${after.lines}`);
    if (matches !== LINES / 1000) problems.push(`expected ${LINES / 1000} matches, found ${matches}`);
    if (after.renderedRows > 200) problems.push(`${after.renderedRows} rows in the DOM: not virtualized`);
  } finally {
    await browser.close();
    served.close();
  }
  if (problems.length) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
