import * as l10n from '@vscode/l10n';

/**
 * The run wizard's text fields, read and checked without VS Code: program arguments split as a
 * shell splits them, task names, entry classes and savepoint paths.
 */

/** Splits a command line like a POSIX shell: whitespace separates, quotes group, backslash escapes. */
export function parseArgs(text: string): { args: string[] } | { error: string } {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return { error: l10n.t('The arguments end with a lone backslash.') };
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return { error: l10n.t('A quote ({0}) is not closed.', quote) };
  if (inWord) args.push(current);
  return { args };
}

/** The arguments written back as one line that `parseArgs` reads as the same list. */
export function formatArgs(args: readonly string[]): string {
  return args.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME = 45;

/** Why a task name is not a valid DNS-1123 label (it names a FlinkSessionJob), or undefined. */
export function taskNameProblem(name: string): string | undefined {
  if (!name) return l10n.t('Enter a name for the task.');
  if (name.length > MAX_NAME) return l10n.t('The name is {0} characters long; at most {1} are allowed.', name.length, MAX_NAME);
  if (!DNS_1123.test(name))
    return l10n.t('Use lowercase letters, digits and hyphens, starting and ending with a letter or digit (a DNS-1123 name).');
  return undefined;
}

/** A task name from a jar's file name: "fraud-detection-1.2-SNAPSHOT.jar" → "fraud-detection". */
export function nameFromJar(pathOrUri: string): string {
  const file = pathOrUri.split(/[/\\]/).pop() ?? '';
  const base = file.replace(/\.jar$/i, '').replace(/[-_.]v?\d+([._-].*)?$/i, '');
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
  return name || 'task';
}

/** `base`, else `base-2`, `base-3`… : the first that `taken` does not hold. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${base.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

const JAVA_CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Why text is not a fully qualified Java class name, or undefined. */
export function entryClassProblem(text: string): string | undefined {
  return JAVA_CLASS.test(text) ? undefined : l10n.t('{0} is not a Java class name such as com.example.MyJob.', text);
}

/** Why text is not a savepoint location (a URI such as s3://… or file:///…, or an absolute path), or undefined. */
export function savepointProblem(text: string): string | undefined {
  if (/\s/.test(text)) return l10n.t('A savepoint path has no spaces.');
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) || text.startsWith('/')) return undefined;
  return l10n.t('Enter the savepoint as a URI (s3://bucket/savepoints/savepoint-…) or an absolute path.');
}

/** Why text is not a jar the operator can fetch for a FlinkSessionJob, or undefined. */
export function jarUriProblem(text: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):(\/\/)?\S+$/i.exec(text.trim());
  if (!m) return l10n.t('Enter the jar as a URI, such as https://repo.example.com/jobs/my-job.jar.');
  if (!/\.jar$/i.test(text.trim())) return l10n.t('The URI does not name a .jar file.');
  return undefined;
}
