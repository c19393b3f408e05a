/**
 * Collects lines and hands them on as one string per interval, keeping the last `keep` lines for
 * Download. One append per interval, however many lines arrive, keeps a flood from stalling the
 * editor; the kept buffer is bounded, so memory stays flat however long a log runs.
 */
export class LineBatcher {
  private pending: string[] = [];
  private kept: string[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private appended = 0;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly intervalMs = 100,
    private readonly keep = 100_000,
  ) {}

  push(lines: readonly string[]): void {
    for (const l of lines) this.pending.push(l);
    for (const l of lines) this.kept.push(l);
    // Trim in chunks rather than per line: splice on every push would be quadratic.
    if (this.kept.length > this.keep * 1.25) this.kept = this.kept.slice(-this.keep);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const text = `${this.pending.join('\n')}\n`;
    this.appended += this.pending.length;
    this.pending = [];
    this.sink(text);
  }

  lines(): readonly string[] {
    return this.kept.length > this.keep ? this.kept.slice(-this.keep) : this.kept;
  }

  get linesAppended(): number {
    return this.appended;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
