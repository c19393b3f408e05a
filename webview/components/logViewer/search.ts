import * as l10n from '@vscode/l10n';
import type { SearchOptions, SearchResult } from '../../../shared/logs/logBuffer';
import { lowerBound } from '../virtual';

/** What the viewer reads; a LogBuffer is one. */
export interface LogSource {
  readonly firstSeq: number;
  readonly endSeq: number;
  get(seq: number): string | undefined;
  search(query: string, opts?: SearchOptions): SearchResult;
}

/** Most matches kept for next/previous; the count says when there are more. */
export const MAX_MATCHES = 100_000;

/**
 * The matches of the viewer's query over the whole source, not the rendered rows: found at once,
 * extended as lines arrive, dropped as they are evicted, and the one selected for next/previous.
 * No DOM: the viewer scrolls to and paints what this says.
 */
export class LogSearch {
  /** What the search field holds: typing updates it at once, the search runs after a pause. */
  query = '';
  /** The query `hits` belong to. */
  hitsQuery = '';
  /** Sequence numbers of the matching lines, oldest first. */
  hits: number[] = [];
  /** The search stopped at MAX_MATCHES. */
  truncated = false;
  /** The selected match, as an index into `hits`; -1 for none. */
  current = -1;
  /** Lines before this sequence have been searched. */
  private searchedTo = 0;

  /** A new source (or the same after a reset): no match is known or selected. */
  reset(firstSeq: number): void {
    this.searchedTo = firstSeq;
    this.hits = [];
    this.current = -1;
  }

  /** Searches the whole source for the query anew, selecting nothing. */
  run(src: LogSource | undefined): void {
    this.hitsQuery = this.query;
    if (!src || !this.query) {
      this.hits = [];
      this.current = -1;
      this.truncated = false;
      this.searchedTo = src?.endSeq ?? 0;
      return;
    }
    const r = src.search(this.query, { limit: MAX_MATCHES });
    this.hits = r.matches;
    this.truncated = r.truncated;
    this.searchedTo = r.truncated ? this.hits[this.hits.length - 1] + 1 : src.endSeq;
    this.current = -1;
  }

  /** Drops evicted matches and searches what arrived since the last search. */
  extend(src: LogSource): void {
    const cut = lowerBound(this.hits, src.firstSeq);
    if (cut > 0) {
      this.hits = this.hits.slice(cut);
      this.current = this.current >= cut ? this.current - cut : -1;
    }
    if (!this.truncated && this.searchedTo < src.endSeq) {
      const room = MAX_MATCHES - this.hits.length;
      const r = src.search(this.query, { fromSeq: Math.max(this.searchedTo, src.firstSeq), limit: room });
      for (const m of r.matches) this.hits.push(m);
      this.truncated = r.truncated;
      this.searchedTo = r.truncated ? this.hits[this.hits.length - 1] + 1 : src.endSeq;
    }
  }

  /** The first match at or below `seq` (the top of the view, as an editor's find starts), else the first. */
  firstFrom(seq: number): number {
    const i = lowerBound(this.hits, seq);
    return i < this.hits.length ? i : 0;
  }

  /**
   * The match `delta` steps from the selected one, wrapping; with none selected, forward starts at
   * the first match from the top of the view (`top()`), backward at the last. Undefined without matches.
   */
  stepFrom(delta: number, top: () => number): number | undefined {
    if (!this.hits.length) return undefined;
    const n = this.hits.length;
    return this.current < 0 ? (delta > 0 ? lowerBound(this.hits, top()) % n : n - 1) : (this.current + delta + n) % n;
  }

  /** The selected match's sequence, or -1. */
  get currentSeq(): number {
    return this.current >= 0 ? this.hits[this.current] : -1;
  }

  /** The count beside the search field: "3 of 12", "? of 12" before one is selected, "+" when truncated. */
  label(): string {
    const n = this.hits.length;
    const at = this.current >= 0 ? this.current + 1 : '?';
    return !this.query ? '' : n === 0 ? l10n.t('No results') : this.truncated ? l10n.t('{0} of {1}+', at, n) : l10n.t('{0} of {1}', at, n);
  }
}
