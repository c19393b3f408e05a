/**
 * A bounded ring buffer of log lines with search over all of it. No vscode and no DOM: the extension
 * holds the authoritative copy (it replays it to a page that was recreated, saves and opens it), and
 * the log viewer page keeps a mirror of the same class so scrolling and search never wait for a
 * round trip.
 *
 * Lines are numbered by a sequence that only grows (`firstSeq` .. `endSeq - 1`): a match or a scroll
 * anchor stays valid while old lines are evicted at the front.
 */

/** Longest line kept whole; longer ones are cut with a note so one runaway line cannot freeze the viewer. */
export const MAX_VIEW_LINE_CHARS = 16 * 1024;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_CLEANING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// SGR colour sequences survive (the viewer renders them as classes); every other control character,
// and the bidirectional overrides that could make a line read differently from what it holds, become
// visible escapes.
// eslint-disable-next-line no-control-regex -- as above
const CLEAN = /(\u001b\[[0-9;]{0,64}m)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Makes a raw log line fit for the viewer: SGR colour codes kept, other control and bidi characters
 * shown as `\xNN`/`\u{NNNN}`, a trailing CR dropped, and lines over MAX_VIEW_LINE_CHARS cut with a note.
 */
export function sanitizeForViewer(line: string): string {
  let out = line.endsWith('\r') ? line.slice(0, -1) : line;
  // Cut first: cleaning 1 MB of binary would cost more than showing its first 16 KiB.
  let cut = 0;
  if (out.length > MAX_VIEW_LINE_CHARS) {
    cut = out.length - MAX_VIEW_LINE_CHARS;
    out = out.slice(0, MAX_VIEW_LINE_CHARS);
  }
  if (NEEDS_CLEANING.test(out)) {
    out = out.replace(CLEAN, (m, sgr: string | undefined) => {
      if (sgr) return sgr;
      const c = m.charCodeAt(0);
      return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u{${c.toString(16)}}`;
    });
  }
  if (cut > 0) out += ` … [line cut: ${cut} more characters]`;
  return out;
}

/** The text a reader sees: the line without its SGR codes (what search matches). */
export function stripSgr(line: string): string {
  return line.includes('\u001b') ? line.replace(SGR, '') : line;
}

export interface SearchOptions {
  readonly caseSensitive?: boolean;
  /** Only lines from this sequence on (to search what was appended since the last search). */
  readonly fromSeq?: number;
  /** Stop after this many matches; `truncated` says so. */
  readonly limit?: number;
}

export interface SearchResult {
  /** Sequence numbers of matching lines, ascending. */
  readonly matches: number[];
  readonly truncated: boolean;
}

export interface LogBufferLimits {
  readonly maxLines: number;
  /** Total characters kept (UTF-16 code units), so a stream of long lines is bounded too. */
  readonly maxChars: number;
}

export const DEFAULT_LOG_LIMITS: LogBufferLimits = { maxLines: 200_000, maxChars: 64 * 1024 * 1024 };

export class LogBuffer {
  private readonly lines: (string | undefined)[];
  /** The same lines without SGR codes, only where they differ (most lines have none). */
  private readonly plain = new Map<number, string>();
  private head = 0; // slot of firstSeq
  private count = 0;
  private chars = 0;
  private first = 0;

  constructor(readonly limits: LogBufferLimits = DEFAULT_LOG_LIMITS) {
    // l10n-ignore: programmer error, the limits are constants of the extension
    if (!(limits.maxLines >= 1) || !(limits.maxChars >= 1)) throw new RangeError('LogBuffer limits must be positive');
    this.lines = new Array<string | undefined>(limits.maxLines);
  }

  /** Sequence number of the oldest line kept. */
  get firstSeq(): number {
    return this.first;
  }

  /** One past the newest line's sequence number. */
  get endSeq(): number {
    return this.first + this.count;
  }

  get size(): number {
    return this.count;
  }

  get totalChars(): number {
    return this.chars;
  }

  /** Appends lines (already sanitized); returns how many old lines were evicted to make room. */
  push(lines: readonly string[]): number {
    let evicted = 0;
    for (const line of lines) {
      if (this.count === this.limits.maxLines) evicted += this.evict();
      const seq = this.first + this.count;
      this.lines[(this.head + this.count) % this.limits.maxLines] = line;
      this.count++;
      this.chars += line.length;
      if (line.includes('\u001b')) this.plain.set(seq, stripSgr(line));
      // Keep at least the newest line, however long.
      while (this.chars > this.limits.maxChars && this.count > 1) evicted += this.evict();
    }
    return evicted;
  }

  /** Empties the buffer; numbering continues from `nextSeq` (default: where it was), so old matches stay invalid. */
  clear(nextSeq = this.endSeq): void {
    this.lines.fill(undefined);
    this.plain.clear();
    this.head = 0;
    this.count = 0;
    this.chars = 0;
    this.first = nextSeq;
  }

  get(seq: number): string | undefined {
    if (seq < this.first || seq >= this.endSeq) return undefined;
    return this.lines[(this.head + (seq - this.first)) % this.limits.maxLines];
  }

  /** Lines [from, to) clamped to what is kept. */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    for (let s = Math.max(from, this.first), end = Math.min(to, this.endSeq); s < end; s++) out.push(this.get(s) as string);
    return out;
  }

  /** The visible text of a line (no SGR codes). */
  text(seq: number): string | undefined {
    return this.plain.get(seq) ?? this.get(seq);
  }

  /** Everything kept, one line each, without colour codes (Download, Open in Editor). */
  toText(): string {
    const parts: string[] = [];
    for (let s = this.first; s < this.endSeq; s++) parts.push(this.text(s) as string);
    return parts.length ? parts.join('\n') + '\n' : '';
  }

  /**
   * Every line (from `fromSeq`) whose visible text contains `query`: the whole buffer, not what is
   * on screen. Plain substring search, so a user's `(` or `*` means itself.
   */
  search(query: string, opts: SearchOptions = {}): SearchResult {
    const matches: number[] = [];
    if (!query) return { matches, truncated: false };
    const limit = opts.limit ?? Infinity;
    const from = Math.max(opts.fromSeq ?? this.first, this.first);
    const end = this.endSeq;
    const n = this.limits.maxLines;
    const caseSensitive = opts.caseSensitive ?? false;
    // Case-insensitive via one regular expression: lowercasing every line would allocate a copy per line.
    const re = caseSensitive ? undefined : new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    for (let s = from; s < end; s++) {
      const line = this.plain.get(s) ?? (this.lines[(this.head + (s - this.first)) % n] as string);
      if (re ? re.test(line) : line.includes(query)) {
        if (matches.length >= limit) return { matches, truncated: true };
        matches.push(s);
      }
    }
    return { matches, truncated: false };
  }

  private evict(): number {
    const line = this.lines[this.head] as string;
    this.lines[this.head] = undefined;
    this.plain.delete(this.first);
    this.chars -= line.length;
    this.head = (this.head + 1) % this.limits.maxLines;
    this.count--;
    this.first++;
    return 1;
  }
}
