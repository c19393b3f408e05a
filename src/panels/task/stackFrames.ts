/**
 * Java stack traces as the JobManager reports them, read line by line: the exception lines
 * (`Caused by:`, `Suppressed:`), the frames (`at com.example.Job$Inner.map(Job.java:42)`, with a
 * Java 9+ module prefix, a hidden lambda class, `Native Method`, `Unknown Source`) and the
 * `... 12 more` lines. A frame whose source file is in the workspace becomes a link: the port
 * `SourceLocator` finds it (the VS Code one globs the workspace), so this file needs no VS Code.
 */
import { CLASS_NAME_PATTERN, MAX_TRACE_LINES, SOURCE_FILE_PATTERN, type TraceLine } from '../../../shared/protocol/taskPage';

export interface SourceLocation {
  /** The file's URI, as text (the VS Code side parses it). */
  readonly uri: string;
  /** 1-based. */
  readonly line: number;
}

/** Finds the workspace file of a class's source file (`com.example.Job`, `Job.java`), or undefined. */
export interface SourceLocator {
  find(className: string, fileName: string): Promise<{ readonly uri: string; readonly line?: number } | undefined>;
}

export interface StackFrame {
  readonly text: string;
  /** The class the source belongs to: a lambda's or a hidden class's suffix is cut off (`Job$$Lambda$12/0x…` → `Job`). */
  readonly className: string;
  readonly method: string;
  readonly file?: string;
  readonly line?: number;
}

// at [module[@version]/ | loader//]class.method(location) [~[jar:version]]
const FRAME = /^\s*at\s+(?:[\w.@+-]*\/\/?)?([\w$.]+?(?:\/(?:0x)?[0-9a-fA-F]+)?)\.([\w$<>-]+)\(([^()]*)\)/;
const LOCATION = /^([\w$-]+\.[A-Za-z]{1,10})(?::(\d+))?$/;
const MAX_LINE_CHARS = 2000;

/** The class a frame's source is written in: lambdas, hidden classes and `$1` suffixes belong to their outer class's file. */
export function sourceClassOf(className: string): string {
  return className
    .replace(/\/.*$/, '')
    .replace(/\$\$Lambda.*$/, '')
    .replace(/\$\$.*$/, '');
}

/** One frame line, or undefined for any other line of a trace. */
export function parseFrame(line: string): StackFrame | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const className = sourceClassOf(m[1]);
  if (!CLASS_NAME_PATTERN.test(className)) return undefined;
  const loc = LOCATION.exec(m[3].trim());
  const lineNo = loc?.[2] !== undefined ? Number(loc[2]) : undefined;
  return {
    text: line.trim(),
    className,
    method: m[2],
    ...(loc && SOURCE_FILE_PATTERN.test(loc[1]) ? { file: loc[1] } : {}),
    ...(lineNo !== undefined && lineNo >= 1 && Number.isSafeInteger(lineNo) ? { line: lineNo } : {}),
  };
}

/** The lines of a trace, frames parsed; at most MAX_TRACE_LINES (the rest is summed up in one line). */
export function parseStackTrace(trace: string): TraceLine[] {
  const lines = trace.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: TraceLine[] = [];
  for (const raw of lines.slice(0, MAX_TRACE_LINES - 1)) {
    const f = parseFrame(raw);
    const text = raw.replace(/\t/g, '    ').trimEnd().slice(0, MAX_LINE_CHARS);
    if (!f) {
      out.push({ text, inWorkspace: false });
      continue;
    }
    out.push({
      text: text.trim(),
      className: f.className,
      method: f.method.slice(0, 300),
      ...(f.file ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
      inWorkspace: false,
    });
  }
  // l10n-ignore: trace text, like the lines it stands for
  if (lines.length > MAX_TRACE_LINES - 1) out.push({ text: `... ${lines.length - (MAX_TRACE_LINES - 1)} more lines`, inWorkspace: false });
  return out;
}

/** The first line of a trace: the exception and its message. */
export const exceptionName = (trace: string): string => (trace.split(/\r?\n/, 1)[0] ?? '').trim();

/** Classes that are never the user's code: not looked up in the workspace. */
const LIBRARY_PREFIXES = [
  'java.',
  'javax.',
  'jdk.',
  'sun.',
  'com.sun.',
  'scala.',
  'kotlin.',
  'akka.',
  'org.apache.flink.',
  'org.apache.pekko.',
  'org.apache.kafka.',
  'org.apache.hadoop.',
  'org.slf4j.',
  'org.apache.logging.',
  'io.netty.',
];

export const isLibraryClass = (className: string): boolean => LIBRARY_PREFIXES.some((p) => className.startsWith(p));

/**
 * Marks the frames whose source is in the workspace, asking the locator once per class and file
 * (answers are remembered in `cache` across refreshes: a trace has the same frames again and again).
 */
export async function resolveFrames(
  lines: readonly TraceLine[],
  locator: SourceLocator,
  cache: Map<string, Promise<SourceLocation | undefined>>,
): Promise<TraceLine[]> {
  return Promise.all(
    lines.map(async (l) => {
      if (!l.className || !l.file || isLibraryClass(l.className)) return l;
      const found = await locate(l.className, l.file, locator, cache);
      return found ? { ...l, inWorkspace: true } : l;
    }),
  );
}

/** Where a frame's file is, or undefined (a locator failure counts as not found). */
export function locate(
  className: string,
  file: string,
  locator: SourceLocator,
  cache: Map<string, Promise<SourceLocation | undefined>>,
): Promise<SourceLocation | undefined> {
  const key = `${sourceClassOf(className)}|${file}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = locator.find(sourceClassOf(className), file).then(
      (r) => (r ? { uri: r.uri, line: r.line ?? 1 } : undefined),
      () => undefined,
    );
    cache.set(key, hit);
  }
  return hit;
}

/** The glob that finds a class's source file: `**\/com/example/Job.java` (the package as folders). */
export function sourceGlob(className: string, fileName: string): string {
  const cls = sourceClassOf(className);
  const pkg = cls.includes('.') ? cls.slice(0, cls.lastIndexOf('.')).replace(/\./g, '/') : '';
  return pkg ? `**/${pkg}/${fileName}` : `**/${fileName}`;
}

/** Folders whose files are build output or dependencies, never the source to open. */
export const SOURCE_EXCLUDE_GLOB = '**/{node_modules,target,build}/**';
