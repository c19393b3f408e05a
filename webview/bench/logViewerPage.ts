/**
 * The log viewer as the benchmark loads it: the real component, the real page client with its
 * validators and the real log mirror, fed by a stand-in for the extension that posts `logs.append`
 * batches at a fixed rate. Built by test/bench/logViewer.bench.ts; never shipped (esbuild.mjs bundles only webview/panels).
 */
import { CLUSTER_PAGE } from '../../shared/protocol/clusterPage';
import { LogBuffer, sanitizeForViewer } from '../../shared/logs/logBuffer';
import { PageClient } from '../common/client';
import { applyAppend } from '../common/logMirror';
import { envelope } from '../../shared/protocol/envelope';
import '../components';
import '../components/logViewer';
import type { LogViewer } from '../components/logViewer';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
);

const client = new PageClient(CLUSTER_PAGE, { postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
const buffer = new LogBuffer();
const viewer = document.createElement('dc-log-viewer') as LogViewer;
(document.getElementById('root') ?? document.body).appendChild(viewer);
viewer.setSource(buffer);
client.on('logs.append', (body) => {
  if (applyAppend(buffer, body)) viewer.linesChanged();
});

const ESC = '\u001b';
function line(i: number): string {
  if (i === 50_000) return 'x'.repeat(1024 * 1024); // a 1 MB line
  if (i === 50_001) return String.fromCharCode(...Array.from({ length: 4096 }, (_, k) => k % 256)); // binary
  if (i % 10_000 === 3) return `<img src=x onerror=alert(1)> line ${i}`;
  if (i % 1000 === 7) return `${ESC}[31m25/11/22 18:00:01 ERROR${ESC}[0m Executor: needle lost task ${i}`;
  return `25/11/22 18:00:01 ${ESC}[32mINFO${ESC}[0m DAGScheduler: Job ${i} finished: collect at <console>:1, took 0.123456 s [stage 42]`;
}

interface Frames {
  /** Between frames (vsync-bound: 16.7 ms at 60 Hz when none is dropped). */
  readonly intervals: number[];
  /** Each frame's main-thread time: from its animation callback to the end of its rendering (style, layout, paint, commit). */
  readonly work: number[];
}

/** Measures frames until the returned stop is called. */
function measureFrames(): { frames: Frames; stop(): void } {
  const frames: Frames = { intervals: [], work: [] };
  const channel = new MessageChannel();
  let frameStart = 0;
  // A message posted in the callback runs once the frame's rendering is done.
  channel.port1.onmessage = () => frames.work.push(performance.now() - frameStart);
  let last = performance.now();
  let measuring = true;
  const tick = (t: number) => {
    frames.intervals.push(t - last);
    last = t;
    frameStart = performance.now();
    channel.port2.postMessage(0);
    if (measuring) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return { frames, stop: () => (measuring = false) };
}

/** The same page's frames while nothing happens, for `ms`: the reference. */
async function idle(ms: number): Promise<Frames> {
  const m = measureFrames();
  await new Promise((r) => setTimeout(r, ms));
  m.stop();
  return { intervals: m.frames.intervals.slice(1), work: m.frames.work.slice(1) };
}

/** Streams `total` lines at `perSecond`, in batches every 50 ms; resolves when all were delivered and painted. */
async function stream(total: number, perSecond: number): Promise<{ frames: Frames; seconds: number }> {
  const m = measureFrames();
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * perSecond));
      if (due > sent) {
        const lines: string[] = [];
        for (let i = sent; i < due; i++) lines.push(sanitizeForViewer(line(i)));
        // Through the page client, as a message from the extension would arrive (validated).
        client.receive(JSON.parse(JSON.stringify(envelope.notification(CLUSTER_PAGE, 'logs.append', { firstSeq: sent, lines }))));
        sent = due;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  m.stop();
  return {
    frames: { intervals: m.frames.intervals.slice(1), work: m.frames.work.slice(1) },
    seconds: (performance.now() - started) / 1000,
  };
}

function search(query: string): { ms: number; matches: number } {
  const t = performance.now();
  const matches = viewer.search(query);
  return { ms: performance.now() - t, matches };
}

function inspect() {
  const shadow = viewer.shadowRoot;
  const rows = shadow?.querySelectorAll('.row') ?? [];
  return {
    lines: buffer.size,
    firstSeq: buffer.firstSeq,
    renderedRows: rows.length,
    images: (shadow?.querySelectorAll('img').length ?? 0) + document.querySelectorAll('img').length,
    following: viewer.isFollowing,
    lastRowText: rows.length ? (rows[rows.length - 1].textContent ?? '') : '',
    styledSpans: shadow?.querySelectorAll('.row span[class^="ansi-"]').length ?? 0,
    violations: [...violations],
  };
}

Object.assign(window, { bench: { idle, stream, search, inspect, viewer } });
document.body.dataset.ready = 'true';
