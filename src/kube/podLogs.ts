import { KubeTransport } from './kubeTransport';
import * as l10n from '@vscode/l10n';
import { objectPath, RESOURCES } from './resources';

export interface PodLogOptions {
  readonly container?: string;
  readonly follow?: boolean;
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly sinceTime?: string;
  readonly limitBytes?: number;
  readonly previous?: boolean;
  /**
   * Lines as the container wrote them (colour codes kept) instead of sanitized: for the panels' log
   * viewer, which cleans them itself and renders colours. A line without a newline is still cut at
   * 4 × MAX_LINE_CHARS, so memory stays bounded either way.
   */
  readonly raw?: boolean;
}

/** Longest line shown whole; longer ones are cut with a note, so one runaway line cannot flood the editor. */
export const MAX_LINE_CHARS = 16 * 1024;

/** Makes a log line safe to show: control characters become visible escapes, huge lines are cut. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export function sanitizeLogLine(line: string): string {
  // Most lines are clean: check once, and only rewrite the ones that need it.
  if (line.length <= MAX_LINE_CHARS && !CONTROL.test(line)) return line;
  let out = line
    .replace(/\r$/, '')
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (out.length > MAX_LINE_CHARS)
    out = `${out.slice(0, MAX_LINE_CHARS)} … ${l10n.t('[line cut: {0} more characters]', out.length - MAX_LINE_CHARS)}`;
  return out;
}

/**
 * Streams a container's log as batches of sanitized lines. The caller's loop sets the pace: while it
 * handles a batch, reading stops and TCP pushes back on the server, so a fast producer cannot fill
 * memory. Ends when the log ends (or the container stops, when following) or `signal` aborts.
 */
export async function* podLogBatches(
  transport: KubeTransport,
  namespace: string,
  pod: string,
  opts: PodLogOptions = {},
  signal?: AbortSignal,
  maxBatch = 2000,
): AsyncGenerator<string[]> {
  const res = await transport.open(
    objectPath(RESOURCES.pods, namespace, pod, 'log'),
    {
      container: opts.container,
      follow: opts.follow ? 'true' : undefined,
      timestamps: opts.timestamps ? 'true' : undefined,
      tailLines: opts.tailLines,
      sinceSeconds: opts.sinceSeconds,
      sinceTime: opts.sinceTime,
      limitBytes: opts.limitBytes,
      previous: opts.previous ? 'true' : undefined,
    },
    signal,
  );
  const clean = opts.raw ? (l: string) => l : sanitizeLogLine;
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      // A line with no newline in sight is cut now rather than buffered without bound.
      if (rest.length > MAX_LINE_CHARS * 4) {
        parts.push(rest);
        rest = '';
      }
      for (let i = 0; i < parts.length; i += maxBatch) yield parts.slice(i, i + maxBatch).map(clean);
    }
  } catch (e) {
    if (!signal?.aborted) throw e;
  } finally {
    res.destroy();
  }
  const last = rest + decoder.decode();
  if (last) yield [clean(last)];
}
