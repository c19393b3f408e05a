/**
 * ANSI SGR colour codes to CSS classes. Log lines carry colour as escape sequences; the viewer shows
 * them with classes of the page stylesheet (mapped to the theme's terminal colours), never as inline
 * style (the CSP forbids it) and never as markup (the text stays text).
 *
 * Each line is parsed on its own: the viewer shows any window of lines, so colour cannot flow from
 * one line into the next, and Spark's log4j colours reset at each line anyway.
 */

export interface AnsiSegment {
  readonly text: string;
  /** Space-separated classes, '' for default text. */
  readonly classes: string;
}

interface Style {
  fg?: number; // 0..15
  bg?: number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

// eslint-disable-next-line no-control-regex -- escape sequences are what we parse
const CSI = /\u001b\[([0-9;]*)([A-Za-z])/g;

function classesOf(s: Style): string {
  const out: string[] = [];
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) {
    // Without a known colour, inverse means "default background as text colour": its own classes.
    [fg, bg] = [bg, fg];
    if (fg === undefined) out.push('ansi-inverse-fg');
    if (bg === undefined) out.push('ansi-inverse-bg');
  }
  if (fg !== undefined) out.push(`ansi-fg-${fg}`);
  if (bg !== undefined) out.push(`ansi-bg-${bg}`);
  if (s.bold) out.push('ansi-bold');
  if (s.dim) out.push('ansi-dim');
  if (s.italic) out.push('ansi-italic');
  if (s.underline) out.push('ansi-underline');
  if (s.strike) out.push('ansi-strike');
  return out.join(' ');
}

/** Applies one SGR parameter list to `s`. Colours outside the 16 of the theme are ignored, not guessed. */
function applySgr(s: Style, params: string): void {
  const p = params === '' ? [0] : params.split(';').map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0) {
      for (const k of Object.keys(s) as (keyof Style)[]) delete s[k];
    } else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 9) s.strike = true;
    else if (c === 22) s.bold = s.dim = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c === 27) s.inverse = false;
    else if (c === 29) s.strike = false;
    else if (c >= 30 && c <= 37) s.fg = c - 30;
    else if (c === 39) delete s.fg;
    else if (c >= 40 && c <= 47) s.bg = c - 40;
    else if (c === 49) delete s.bg;
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8;
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8;
    else if (c === 38 || c === 48) {
      // 38;5;n (256 colours) keeps n < 16; 38;2;r;g;b (true colour) is skipped: either way consume its arguments.
      const mode = p[i + 1];
      if (mode === 5) {
        const n = p[i + 2];
        if (n !== undefined && n < 16) {
          if (c === 38) s.fg = n;
          else s.bg = n;
        }
        i += 2;
      } else if (mode === 2) {
        i += 4;
      } else {
        i += 1;
      }
    }
  }
}

/** Splits a line into text segments with their classes. Other escape sequences (cursor moves...) are dropped. */
export function parseAnsi(line: string): AnsiSegment[] {
  if (!line.includes('\u001b')) return [{ text: line, classes: '' }];
  const out: AnsiSegment[] = [];
  const style: Style = {};
  let classes = '';
  let last = 0;
  CSI.lastIndex = 0;
  for (let m = CSI.exec(line); m; m = CSI.exec(line)) {
    if (m.index > last) push(out, line.slice(last, m.index), classes);
    last = CSI.lastIndex;
    if (m[2] === 'm' && m[1].length <= 64) {
      applySgr(style, m[1]);
      classes = classesOf(style);
    }
  }
  if (last < line.length) push(out, line.slice(last), classes);
  return out.length ? out : [{ text: '', classes: '' }];
}

function push(out: AnsiSegment[], text: string, classes: string): void {
  const prev = out[out.length - 1];
  if (prev && prev.classes === classes) out[out.length - 1] = { text: prev.text + text, classes };
  else out.push({ text, classes });
}
